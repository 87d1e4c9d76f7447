"""Fixtures: the stateful fake Zendesk, and Stoplight Prism serving Zendesk's OFFICIAL API definition.

Prism (``prism``, session-scoped; see ``tests/prism.py``) serves the Support and Help Center definitions
merged by ``../shared/tools/prism_prep.py``; ``prism_checked`` fails a test whose requests broke them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from connectors.zendesk.connector import ZendeskHelpdesk
from tests.connectors.zendesk.fake_zendesk import TOKEN, FakeZendesk, serve, settings_for
from tests.prism import PrismServer, checked, prepare_spec, run_prism

SUPPORT_SPEC = "../shared/specs/zendesk-support-oas.2026-08-02.yaml"
HELP_CENTER_SPEC = "../shared/specs/zendesk-help-center-oas.2026-08-02.yaml"


def _probe(base_url: str) -> None:
    # Authenticated and valid: an unauthenticated probe would itself log a violation.
    requests.get(f"{base_url}/api/v2/groups.json", auth=("probe@example.org/token", "x"), timeout=2)


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    work = tmp_path_factory.mktemp("prism")
    args = [SUPPORT_SPEC, "--merge", HELP_CENTER_SPEC, "--json-suffix", "alias", "--tags-body"]
    spec = prepare_spec(work / "zd.json", args)
    with run_prism(spec, work, _probe, vendor="Zendesk") as server:
        yield server


@pytest.fixture
def prism_checked(prism: PrismServer) -> Iterator[PrismServer]:
    """Prism, and after the test: fail if any request the test made broke the definition."""
    with checked(prism, vendor="Zendesk") as server:
        yield server


@pytest.fixture
def fake() -> FakeZendesk:
    return FakeZendesk()


@pytest.fixture
def fake_url(fake: FakeZendesk) -> Iterator[str]:
    with serve(fake.app) as base_url:
        yield base_url


@pytest.fixture
def helpdesk(fake: FakeZendesk, fake_url: str) -> Iterator[ZendeskHelpdesk]:
    with ZendeskHelpdesk(
        settings_for(fake_url), TOKEN, marker_tag="carelayer_processed", sleep=fake.clock.sleep, clock=fake.clock
    ) as connector:
        yield connector
