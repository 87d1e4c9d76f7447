"""Fixtures: the stateful fake Freshdesk on a loopback port, and a connector against it sharing its clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.freshdesk.connector import FreshdeskHelpdesk
from tests.connectors.freshdesk.fake_freshdesk import API_KEY, FakeFreshdesk, settings_for
from tests.connectors.zendesk.fake_zendesk import serve


@pytest.fixture
def fake() -> FakeFreshdesk:
    fake = FakeFreshdesk()
    for name in ("Nurses", "Front desk", "Billing"):
        fake.add_group(name)
    return fake


@pytest.fixture
def fake_url(fake: FakeFreshdesk) -> Iterator[str]:
    with serve(fake.app) as base_url:
        yield base_url


@pytest.fixture
def helpdesk(fake: FakeFreshdesk, fake_url: str) -> Iterator[FreshdeskHelpdesk]:
    with FreshdeskHelpdesk(
        settings_for(fake_url), API_KEY, marker_tag="carelayer_processed", sleep=fake.clock.sleep, clock=fake.clock
    ) as connector:
        yield connector
