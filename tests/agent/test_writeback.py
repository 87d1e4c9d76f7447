"""Write-back: each write once per event, even when called twice or after losing the ledger."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.writeback import REF_PREFIX, apply_decision, comment_reference, reference
from carelayer.errors import RetryableHelpdeskError
from carelayer.store import StateStore, ledger_key
from carelayer.types import Action, Citation, Decision
from connectors.base import TicketEvent
from tests.agent.fake_helpdesk import FakeHelpdesk

EMERGENCY_MESSAGE = "If this is an emergency, call 911 or go to the nearest emergency room."


def _decision(action: Action, **extra: object) -> Decision:
    values: dict[str, object] = {
        "ticket_id": "1",
        "category": "billing",
        "confidence": 0.9,
        "emergency": False,
        "action": action,
        "tags": ("carelayer", "carelayer_billing", f"carelayer_{action.value}"),
        "reasons": ("classified billing (0.90)", "drafted from approved knowledge: billing-faq"),
    }
    values.update(extra)
    return Decision(**values)  # type: ignore[arg-type]


NOTE = _decision(
    Action.NOTE,
    draft="Hello,\nYour statement lists each visit separately.\nKind regards",
    citations=(Citation("kb", "billing-faq", "Billing statements explained", "https://kb.example/billing"),),
)


@pytest.fixture
def helpdesk() -> FakeHelpdesk:
    return FakeHelpdesk(marker_tag="carelayer_marker")


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "state.sqlite3")


def _setup(helpdesk: FakeHelpdesk, body: str = "Why was I billed twice?") -> TicketEvent:
    ticket_id = helpdesk.create_ticket("Billing question", body)
    return TicketEvent("fake", ticket_id, "ev-1")


def test_a_note_carries_draft_sources_why_and_ref_then_tags(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk)
    written = apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert written == ("note", "tags")
    (note,) = helpdesk.notes(event.ticket_id)
    assert note.body.startswith("Hello,\nYour statement lists each visit separately.")
    assert (
        "Cited:\n- Billing statements explained [kb:billing-faq] <https://kb.example/billing> (date unknown)"
        in note.body
    )
    assert "Why:\n- classified billing (0.90)\n- drafted from approved knowledge: billing-faq" in note.body
    ref = reference(ledger_key("fake", event.ticket_id, "ev-1", "note"))
    assert note.body.endswith(f"\n\n{REF_PREFIX}{ref}")
    assert comment_reference(note) == ref and len(ref) == 12
    assert set(helpdesk.fetch_ticket(event.ticket_id).tags) == {
        "carelayer",
        "carelayer_billing",
        "carelayer_note",
        "carelayer_marker",
    }


def test_called_twice_writes_once(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk)
    apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    again = apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert again == ()
    assert [w["kind"] for w in helpdesk.writes] == ["note", "tags"]


def test_a_lost_ledger_still_never_posts_twice(helpdesk: FakeHelpdesk, tmp_path: Path) -> None:
    """A crash between the write and the ledger record: the ref line on the ticket stops the repost."""
    event = _setup(helpdesk)
    first = StateStore(tmp_path / "first.sqlite3")
    apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, first)
    forgetful = StateStore(tmp_path / "empty.sqlite3")
    again = apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, forgetful)
    assert again == ()
    assert len(helpdesk.notes(event.ticket_id)) == 1
    assert [w["kind"] for w in helpdesk.writes] == ["note", "tags"]
    assert forgetful.ledger_has(ledger_key("fake", event.ticket_id, "ev-1", "note"))  # healed


def test_a_new_event_on_the_same_ticket_writes_again(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk)
    apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    later = TicketEvent("fake", event.ticket_id, "ev-2")
    written = apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), later, helpdesk, store)
    assert written == ("note",)  # tags are all there already
    assert len(helpdesk.notes(event.ticket_id)) == 2


def test_a_reply_is_public_with_the_ref(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk)
    decision = _decision(Action.REPLY, draft="Hello,\nParking is free.\nKind regards")
    written = apply_decision(decision, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert written == ("reply", "tags")
    reply = helpdesk.public_comments(event.ticket_id)[-1]
    assert reply.body.startswith("Hello,\nParking is free.")
    assert comment_reference(reply) == reference(ledger_key("fake", event.ticket_id, "ev-1", "reply"))
    assert helpdesk.notes(event.ticket_id) == []


def test_emergency_posts_the_fixed_message_then_hands_off(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk, "Crushing chest pain right now")
    decision = _decision(
        Action.HANDOFF,
        category="emergency",
        confidence=1.0,
        emergency=True,
        draft=EMERGENCY_MESSAGE,
        tags=("carelayer", "carelayer_emergency", "carelayer_handoff"),
        group="urgent-care",
        priority="urgent",
        reasons=("safety screen: emergency handoff (the AI never answers)",),
    )
    for _ in range(2):
        written = apply_decision(decision, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert written == ()
    reply, handoff = helpdesk.writes
    assert reply["kind"] == "reply" and reply["body"].startswith(EMERGENCY_MESSAGE + "\n\n" + REF_PREFIX)
    assert (handoff["kind"], handoff["group"], handoff["priority"]) == ("handoff", "urgent-care", "urgent")
    assert set(handoff["tags"]) == {"carelayer", "carelayer_emergency", "carelayer_handoff", "carelayer_marker"}
    assert "Why:\n- safety screen: emergency handoff" in handoff["body"]
    assert "fixed emergency message was sent" in handoff["body"]
    ticket = helpdesk.fetch_ticket(event.ticket_id)
    assert (ticket.group, ticket.priority) == ("urgent-care", "urgent")


def test_a_clinical_handoff_posts_nothing_public(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk, "Should I stop my metformin?")
    decision = _decision(Action.HANDOFF, category="clinical", group="nurses", priority="high")
    written = apply_decision(decision, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert written == ("handoff",)
    assert [c.author_id for c in helpdesk.public_comments(event.ticket_id)] == ["patient-1"]
    (note,) = helpdesk.notes(event.ticket_id)
    assert "handed this clinical ticket to nurses (priority high); nothing was drafted" in note.body


def test_skip_writes_tags_only(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk)
    written = apply_decision(_decision(Action.SKIP), helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert written == ("tags",)
    assert [w["kind"] for w in helpdesk.writes] == ["tags"]
    assert len(helpdesk.fetch_ticket(event.ticket_id).comments) == 1


def test_a_failed_write_is_not_recorded_and_is_retried(helpdesk: FakeHelpdesk, store: StateStore) -> None:
    event = _setup(helpdesk)
    helpdesk.fail_next("add_tags", RetryableHelpdeskError("503"))
    with pytest.raises(RetryableHelpdeskError):
        apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    written = apply_decision(NOTE, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    assert written == ("tags",)
    assert len(helpdesk.notes(event.ticket_id)) == 1


def test_a_link_the_draft_already_shows_is_not_repeated_and_the_date_is(
    helpdesk: FakeHelpdesk, store: StateStore
) -> None:
    updated = datetime(2026, 10, 2, 8, 14, tzinfo=UTC)
    cited = Citation("kb", "billing-faq", "Billing statements explained", "https://kb.example/billing", updated)
    decision = _decision(
        Action.NOTE,
        draft="Hello,\nEach visit is listed separately.\n\nSources:\n- Billing statements explained: https://kb.example/billing",
        citations=(cited,),
    )
    event = _setup(helpdesk)
    apply_decision(decision, helpdesk.fetch_ticket(event.ticket_id), event, helpdesk, store)
    (note,) = helpdesk.notes(event.ticket_id)
    assert note.body.count("https://kb.example/billing") == 1
    assert "- Billing statements explained [kb:billing-faq] (updated 2026-10-02)" in note.body
