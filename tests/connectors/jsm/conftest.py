"""Fixtures: the stateful fake JSM, and Stoplight Prism serving JSM's OFFICIAL API definition.

Prism (``prism``, session-scoped; see ``tests/prism.py``) serves the JSM definition prepared by
``../shared/tools/prism_prep.py``; ``prism_checked`` fails a test whose requests broke it. The definition covers
``/rest/servicedeskapi`` only: Jira platform requests (``/rest/api/3/...``) are checked by the fake.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from connectors.jsm.connector import JsmHelpdesk
from tests.connectors.jsm import seeded_fake
from tests.connectors.jsm.fake_jsm import EMAIL, TOKEN, FakeJsm, settings_for
from tests.connectors.zendesk.fake_zendesk import serve
from tests.prism import PrismServer, checked, prepare_spec, run_prism

JSM_SPEC = "../shared/specs/jira-service-management.swagger.v3.2025-09-17.json"


def _probe(base_url: str) -> None:
    # Authenticated and valid: an unauthenticated probe would itself log a violation.
    requests.get(f"{base_url}/rest/servicedeskapi/servicedesk/10", auth=(EMAIL, TOKEN), timeout=2)


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    work = tmp_path_factory.mktemp("prism-jsm")
    args = [JSM_SPEC, "--allow-basic", "--fix-string-examples", "--min-examples"]
    spec = prepare_spec(work / "jsm.json", args)
    with run_prism(spec, work, _probe, vendor="JSM") as server:
        yield server


@pytest.fixture
def prism_checked(prism: PrismServer) -> Iterator[PrismServer]:
    """Prism, and after the test: fail if any request the test made broke the definition."""
    with checked(prism, vendor="JSM") as server:
        yield server


@pytest.fixture
def fake() -> FakeJsm:
    return seeded_fake()


@pytest.fixture
def fake_url(fake: FakeJsm) -> Iterator[str]:
    with serve(fake.app) as base_url:
        yield base_url


@pytest.fixture
def helpdesk(fake: FakeJsm, fake_url: str) -> Iterator[JsmHelpdesk]:
    with JsmHelpdesk(
        settings_for(fake_url), TOKEN, marker_tag="carelayer_processed", sleep=fake.clock.sleep
    ) as connector:
        yield connector
