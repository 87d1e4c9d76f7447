"""The outreach tests' world: the Medplum FHIR router holding the action tests' clinic plus a discharge
cohort (``cohort.py``), the sandbox helpdesk, the real worker running the real triage agent (safety screen
included) with outreach hooked in, and one injected clock shared by all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.language import LanguageDetector
from agent.pipeline import TriageAgent
from app.worker import Worker
from carelayer.queue import SqliteQueue
from carelayer.settings import FileSettings, Settings
from carelayer.store import StateStore
from connectors.base import Helpdesk
from connectors.sandbox.connector import SandboxHelpdesk, TicketSnapshot
from outreach.build import OutreachService, build_outreach
from outreach.runner import CampaignRun
from tests.actions import clinic
from tests.actions.conftest import KeywordClassifier, NoComposer, PolicyRetriever, fhir_server, file_settings
from tests.actions.fhir_server.harness import FhirServer
from tests.outreach import cohort

__all__ = ["fhir_server"]  # the session's FHIR server, shared with the action tests

CHECK_IN = "Hello {{ first_name }}, this is {{ clinic_name }}. How are you feeling since you went home?"


def campaign(**overrides: Any) -> dict[str, Any]:
    """The post-discharge campaign the tests run: day 2 and day 7 after discharge, Chicago time."""
    return {
        "name": "post-discharge",
        "audience": {"kind": "discharges", "encounter_class": "IMP"},
        "helpdesk": "sandbox",
        "clinic_name": "Main Street Clinic",
        "timezone": cohort.ZONE,
        "steps": [
            {"day": 2, "subject": "Checking in after your stay", "message": CHECK_IN},
            {
                "day": 7,
                "subject": "One week after your stay",
                "message": "Hi {{ first_name }}, one week on: how is it going?",
            },
        ],
        "frequency_cap": {"max_messages": 1, "per_days": 1},
        **overrides,
    }


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class OutreachWorld:
    folder: Path
    settings: Settings
    helpdesk: SandboxHelpdesk
    worker: Worker
    outreach: OutreachService
    clock: Clock

    def run(self) -> dict[str, CampaignRun]:
        return {r.campaign: r for r in self.outreach.run_now()}

    def tickets_for(self, email: str) -> list[str]:
        return [t.id for t in self.helpdesk.list_tickets() if t.requester and t.requester.email == email]

    def reply(self, ticket_id: str, text: str) -> TicketSnapshot:
        """The patient answers on the ticket; the worker processes that one event at once."""
        self.worker.handle(self.helpdesk.add_requester_comment(ticket_id, text))
        return self.helpdesk.snapshot(ticket_id)

    def rebuild(self, helpdesks: dict[str, Helpdesk] | None = None) -> OutreachService:
        """A second process on the same data folder (a restarted worker, or `carelayer campaigns run`)."""
        built = build_outreach(self.settings, helpdesks=helpdesks or {"sandbox": self.helpdesk}, clock=self.clock)
        assert built is not None
        return built


@pytest.fixture
def cohort_server(fhir_server: FhirServer) -> FhirServer:
    fhir_server.reset()
    fhir_server.load(clinic.transaction())
    fhir_server.load(cohort.transaction())
    return fhir_server


def make_world(server: FhirServer, folder: Path, campaigns: list[dict[str, Any]]) -> Iterator[OutreachWorld]:
    base = file_settings(server.base_url).model_dump(mode="json", exclude={"actions"})
    file = FileSettings.model_validate({**base, "data_dir": str(folder / "data"), "campaigns": campaigns})
    settings = Settings(config_path=folder / "config.yaml", file=file, secrets={})
    clock = Clock(cohort.OPEN)
    with SandboxHelpdesk(folder / "sandbox.sqlite3", marker_tag="carelayer", clock=clock) as helpdesk:
        outreach = build_outreach(settings, helpdesks={"sandbox": helpdesk}, clock=clock)
        assert outreach is not None
        agent = TriageAgent(
            settings=file,
            classifier=KeywordClassifier(),
            retriever=PolicyRetriever(),
            composer=NoComposer(),
            language=LanguageDetector(),
        )
        queue = SqliteQueue(
            folder / "queue.sqlite3", lease_seconds=60, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5
        )
        worker = Worker(
            queue=queue,
            helpdesks={"sandbox": helpdesk},
            agent=agent,
            store=StateStore(folder / "state.sqlite3"),
            worker_id="test-worker",
            clock=clock,
            outreach=outreach,
        )
        yield OutreachWorld(folder, settings, helpdesk, worker, outreach, clock)


@pytest.fixture
def make_outreach(cohort_server: FhirServer, tmp_path: Path) -> Iterator[Callable[..., OutreachWorld]]:
    """Build the world with the given campaigns (default: the post-discharge campaign alone)."""
    worlds: list[Iterator[OutreachWorld]] = []

    def make(*campaigns: dict[str, Any]) -> OutreachWorld:
        made = make_world(cohort_server, tmp_path, list(campaigns) or [campaign()])
        worlds.append(made)
        return next(made)

    yield make
    for made in worlds:
        next(made, None)


@pytest.fixture
def world(make_outreach: Callable[..., OutreachWorld]) -> OutreachWorld:
    return make_outreach()
