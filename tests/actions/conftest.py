"""The action tests' world: the Medplum FHIR router with the synthetic clinic, the sandbox helpdesk, and the
real worker running the real triage agent (safety screen included) with the action desk hooked in.

The classifier and retriever are small deterministic stand-ins (the pipeline's own tests cover the real
ones); the conversation, identity, FHIR reads and writes and write-back are the product's code.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from actions.approvals import ApprovalStore
from actions.desk import ActionDesk
from actions.fhir import FhirGateway, authorization
from actions.state import ActionStore
from agent.classifier import Classification
from agent.compose import Composition
from agent.language import LanguageDetector
from agent.pipeline import TriageAgent
from app.worker import ActionHook, Worker
from carelayer.queue import SqliteQueue
from carelayer.settings import FileSettings
from carelayer.store import StateStore
from carelayer.types import Chunk, Requester, SearchHit
from connectors.base import TicketEvent
from connectors.sandbox.connector import SandboxHelpdesk, TicketSnapshot
from tests.actions import clinic
from tests.actions.fhir_server.harness import FhirServer, run_fhir_server

REPO = Path(__file__).resolve().parents[2]
POLICY_ARTICLE = REPO / "examples" / "clinic" / "knowledge" / "cancellation-policy.md"
CONSOLE_URL = "http://console.test"
EMERGENCY_MESSAGE = "If this is a medical emergency, call 911 now. Our clinical team has been alerted."
_KEYWORDS = (
    ("prescriptions", ("refill", "prescription", "medication")),
    ("providers", ("find a", "speaks", "takes", "accepts", "recommend")),
    ("appointments", ("appointment", "book", "cancel", "reschedul", "visit")),
)


class KeywordClassifier:
    """A deterministic stand-in classifier: a category by keyword, confidence 0.9."""

    def classify(self, subject: str, body: str) -> Classification:
        text = f"{subject} {body}".lower()
        name = next((n for n, words in _KEYWORDS if any(w in text for w in words)), "general")
        return Classification(name, 0.9, {name: 0.9, "general": 0.1} if name != "general" else {name: 1.0})


class PolicyRetriever:
    """Returns the clinic's real cancellation-policy article as the one passage it knows."""

    def search(self, query: str, *, k: int | None = None) -> list[SearchHit]:
        text = POLICY_ARTICLE.read_text(encoding="utf-8").split("## How much notice we need", 1)[1]
        passage = text.split("##", 1)[0].strip()
        chunk = Chunk("policy#1", "clinic", "cancellation-policy.md", "Cancellation and no-show policy", passage, 0)
        return [SearchHit(chunk, 1.0)]

    def titles(self, article_ids: Sequence[str]) -> dict[str, str]:
        return {a: "Cancellation and no-show policy" for a in article_ids if a == "cancellation-policy.md"}


class NoComposer:
    def compose(self, question: str, hits: Sequence[SearchHit]) -> Composition | None:
        return None


class Clock:
    def __init__(self) -> None:
        self.now = clinic.NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def file_settings(fhir_url: str, **actions: Any) -> FileSettings:
    categories = [
        {"name": "appointments", "mode": "draft", "handoff_group": "Scheduling"},
        {"name": "providers", "mode": "draft", "handoff_group": "Front Desk"},
        {"name": "prescriptions", "mode": "draft", "handoff_group": "Pharmacy"},
        {"name": "general", "mode": "draft", "handoff_group": "Front Desk"},
        {"name": "clinical", "mode": "handoff", "handoff_group": "Nurse Triage"},
        {"name": "emergency", "mode": "handoff", "handoff_group": "Urgent Clinical"},
    ]
    enabled = {
        "appointments": ["appointments.book", "appointments.reschedule", "appointments.cancel", "appointments.list"],
        "providers": ["directory.search"],
        "prescriptions": ["refill.request"],
    }
    return FileSettings.model_validate(
        {
            "categories": categories,
            "safety": {"emergency_message": EMERGENCY_MESSAGE},
            "console": {"public_url": CONSOLE_URL},
            "fhir": {"base_url": fhir_url, "auth": "none"},
            "actions": {"enabled": enabled, **actions},
        }
    )


@dataclass
class World:
    """One clinic, one helpdesk, one worker; ``ask`` and ``reply`` play the patient."""

    fhir: FhirServer
    helpdesk: SandboxHelpdesk
    worker: Worker
    actions: ActionStore
    clock: Clock
    desk: ActionDesk
    events: list[TicketEvent] = field(default_factory=list)

    def ask(self, subject: str, body: str, *, email: str = clinic.JANE["email"], requester_id: str = "req-1") -> str:
        """A new ticket from ``email``, processed by the worker; its id."""
        who = Requester(requester_id, "A Patient", email)
        ticket = self.helpdesk.create_ticket(subject, body, requester=who)
        event, _ = self.helpdesk.events_since(0, limit=10_000)
        self._handle(event[-1])
        return ticket.id

    def reply(self, ticket_id: str, text: str) -> str:
        """The patient's reply on the ticket, processed; the newest public comment carelayer wrote after it."""
        self._handle(self.helpdesk.add_requester_comment(ticket_id, text))
        return self.last_public(ticket_id)

    def _handle(self, event: TicketEvent) -> None:
        self.events.append(event)
        self.worker.handle(event)

    def last_public(self, ticket_id: str) -> str:
        comments = self.snapshot(ticket_id).public_comments
        return comments[-1].body if comments and comments[-1].author_id == "carelayer" else ""

    def snapshot(self, ticket_id: str) -> TicketSnapshot:
        return self.helpdesk.snapshot(ticket_id)

    def search(self, path: str) -> list[Mapping[str, Any]]:
        bundle = self.fhir.read(path)
        return [e["resource"] for e in bundle.get("entry", [])]  # type: ignore[attr-defined]

    def steps(self, ticket_id: str) -> list[str]:
        return [row.step for row in self.actions.audit_trail("sandbox", ticket_id)]


@pytest.fixture(scope="session")
def fhir_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FhirServer]:
    with run_fhir_server(tmp_path_factory.mktemp("fhir")) as server:
        yield server


@pytest.fixture
def clinic_server(fhir_server: FhirServer) -> FhirServer:
    """The FHIR server holding exactly the synthetic clinic."""
    fhir_server.reset()
    fhir_server.load(clinic.transaction())
    return fhir_server


def make_world(
    server: FhirServer, folder: Path, *, dry_run: bool = False, hook: ActionHook | None = None, **actions: Any
) -> Generator[World]:
    """The world under ``folder``; ``hook`` replaces the plain desk in the worker (e.g. ``actions.live.LiveDesk``)."""
    settings = file_settings(server.base_url, **actions)
    assert settings.fhir is not None
    clock = Clock()
    store = ActionStore(folder / "actions.sqlite3")
    gateway = FhirGateway(settings.fhir, authorization(settings.fhir, lambda name: None))
    approvals = ApprovalStore(folder / "actions.sqlite3")
    desk = ActionDesk(
        settings=settings, gateway=gateway, store=store, retriever=PolicyRetriever(), clock=clock, approvals=approvals
    )
    agent = TriageAgent(
        settings=settings,
        classifier=KeywordClassifier(),
        retriever=PolicyRetriever(),
        composer=NoComposer(),
        language=LanguageDetector(),
    )
    queue = SqliteQueue(
        folder / "queue.sqlite3", lease_seconds=60, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5
    )
    with SandboxHelpdesk(folder / "sandbox.sqlite3", marker_tag="carelayer", clock=clock) as helpdesk:
        worker = Worker(
            queue=queue,
            helpdesks={"sandbox": helpdesk},
            agent=agent,
            store=StateStore(folder / "state.sqlite3"),
            worker_id="test-worker",
            dry_run=dry_run,
            actions=desk if hook is None else hook,
        )
        yield World(server, helpdesk, worker, store, clock, desk)


@pytest.fixture
def world(clinic_server: FhirServer, tmp_path: Path) -> Iterator[World]:
    yield from make_world(clinic_server, tmp_path)
