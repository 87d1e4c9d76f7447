"""The whole triage pipeline on the bundled example clinic: real index, classifier, screen, composer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.build import build_agent
from agent.pipeline import TriageAgent
from carelayer.settings import Settings, load_settings
from carelayer.types import Action, Requester, Ticket
from knowledge.embeddings import Embedder
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all
from tests.clinic_config import write_clinic_config

DECISION_KEYS = [
    "ticket_id",
    "category",
    "confidence",
    "emergency",
    "action",
    "draft",
    "citations",
    "tags",
    "group",
    "priority",
    "reasons",
]


def _settings(tmp_path: Path, **category_modes: str) -> Settings:
    return load_settings(write_clinic_config(tmp_path, **category_modes), environ={})


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[TriageAgent]:
    settings = _settings(tmp_path_factory.mktemp("pipeline"), billing="auto", general="off")
    index = open_index(settings, embedder=embedder)
    sync_all([build_source(s) for s in settings.knowledge.sources], index)
    yield build_agent(settings, retriever=index, embedder=embedder)
    index.close()


def _ticket(subject: str, body: str, **extra: object) -> Ticket:
    return Ticket(id="t-1", subject=subject, body=body, **extra)  # type: ignore[arg-type]


def test_emergency_is_escalated_with_the_fixed_message_only(agent: TriageAgent) -> None:
    decision = agent.triage(
        _ticket("bill question", "Can I pay online? Also my dad's face is drooping and he can't talk right")
    )
    assert (decision.action, decision.emergency, decision.category) == (Action.HANDOFF, True, "emergency")
    assert (decision.group, decision.priority) == ("Urgent Clinical", "urgent")
    assert decision.draft is not None and decision.draft.startswith("If this is a medical emergency, call 911")
    assert decision.citations == ()
    assert "carelayer_emergency" in decision.tags
    assert any("safety screen: emergency handoff" in r for r in decision.reasons)


def test_clinical_question_goes_to_the_nurse_and_nothing_is_drafted(agent: TriageAgent) -> None:
    decision = agent.triage(_ticket("metformin", "Should I stop taking my metformin? It upsets my stomach every day."))
    assert (decision.action, decision.emergency, decision.category) == (Action.HANDOFF, False, "clinical")
    assert (decision.group, decision.priority, decision.draft) == ("Nurse Triage", "high", None)


def test_administrative_mention_of_a_scary_word_is_answered(agent: TriageAgent) -> None:
    decision = agent.triage(
        _ticket("records", "Please send the records from my heart attack last year to my new cardiologist.")
    )
    assert not decision.emergency
    assert decision.category == "records"
    assert decision.action is Action.NOTE


def test_draft_mode_gives_a_cited_internal_note_built_from_the_knowledge(agent: TriageAgent) -> None:
    decision = agent.triage(_ticket("records", "How do I get a copy of my medical records, and is there a fee?"))
    assert decision.action is Action.NOTE and decision.category == "records"
    assert decision.citations and decision.citations[0].id == "requesting-medical-records.md"
    assert decision.draft is not None
    assert decision.draft.startswith("Hello,") and "Riverbend Family Health patient support" in decision.draft
    assert decision.citations[0].title in decision.draft
    assert decision.group is None and decision.priority is None
    assert any(r.startswith("grounded") for r in decision.reasons)


def test_auto_mode_replies_and_off_mode_skips(agent: TriageAgent) -> None:
    reply = agent.triage(
        _ticket("payment plan", "Can I pay my bill in monthly payments? What payment plans do you offer?")
    )
    assert reply.category == "billing" and reply.action is Action.REPLY
    skipped = agent.triage(_ticket("parking", "Where do I park at the Main Campus and is the garage free?"))
    assert skipped.category == "general" and skipped.action is Action.SKIP and skipped.draft is None


def test_bad_input_still_gets_a_decision(agent: TriageAgent) -> None:
    empty = agent.triage(_ticket("", "  "))
    assert empty.action is Action.HANDOFF and "empty ticket" in empty.reasons[-1]
    for subject, body in (
        ("???", "🙂🙂🙂 ✈︎ ☂"),
        ("Termin", "Ich möchte meinen Termin verschieben, bitte."),
        ("x", "a " * 20_000),
    ):
        decision = agent.triage(_ticket(subject, body))
        assert decision.action in set(Action)


def test_identifiers_never_reach_the_decision(agent: TriageAgent) -> None:
    ticket = _ticket(
        "records",
        "Hi, I'm Marta Quintero, DOB 04/12/1980, phone 555-201-7788. Please send my records to Dr. Lee.",
        requester=Requester(name="Marta Quintero", email="marta@example.com"),
    )
    text = str(agent.triage(ticket).to_dict())
    for identifier in ("Marta", "Quintero", "04/12/1980", "555-201-7788", "marta@example.com"):
        assert identifier not in text


def test_decision_json_has_the_documented_shape(agent: TriageAgent) -> None:
    as_json = agent.triage(_ticket("hours", "What time do you open on Saturday?")).to_dict()
    assert list(as_json) == DECISION_KEYS
    assert isinstance(as_json["confidence"], float) and 0 <= as_json["confidence"] <= 1
    assert all(set(c) == {"source", "id", "title", "url"} for c in as_json["citations"])
