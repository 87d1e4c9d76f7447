"""The real write-back (ledger + reference line) and the worker's loop guard over JsmHelpdesk and the fake:
a decision is written once per event even when the ledger is lost, and our own comment is recognised."""

from __future__ import annotations

from pathlib import Path

from agent.writeback import apply_decision
from app.worker import is_own_echo
from carelayer.store import StateStore
from carelayer.types import Action, Decision
from connectors.base import EventKind, TicketEvent
from connectors.jsm.connector import JsmHelpdesk
from tests.connectors.jsm.fake_jsm import FakeJsm


def note_decision(ticket_id: str) -> Decision:
    return Decision(
        ticket_id,
        "general",
        0.9,
        False,
        Action.NOTE,
        draft="Parking is free on Saturdays.",
        tags=("carelayer_general",),
    )


def test_a_decision_is_written_once_per_event(fake: FakeJsm, helpdesk: JsmHelpdesk, tmp_path: Path) -> None:
    key = fake.create_request("Parking", "Where can I park on Saturday?")
    event = TicketEvent("jsm", key, "d1f5-0001", EventKind.CREATED, fake.issues[key]["reporter"])
    decision = note_decision(key)

    first = apply_decision(decision, helpdesk.fetch_ticket(key), event, helpdesk, StateStore(tmp_path / "a.db"))
    again = apply_decision(decision, helpdesk.fetch_ticket(key), event, helpdesk, StateStore(tmp_path / "a.db"))
    lost_ledger = apply_decision(decision, helpdesk.fetch_ticket(key), event, helpdesk, StateStore(tmp_path / "b.db"))

    assert (first, again, lost_ledger) == (("note", "tags"), (), ())
    (note,) = fake.issues[key]["comments"]
    assert note["public"] is False and note["body"].startswith("Parking is free on Saturdays.")
    assert {"carelayer_general", "carelayer_processed"} <= set(fake.issues[key]["labels"])


def test_the_echo_of_our_own_note_is_recognised(fake: FakeJsm, helpdesk: JsmHelpdesk, tmp_path: Path) -> None:
    key = fake.create_request("Parking", "Where can I park on Saturday?")
    created = TicketEvent("jsm", key, "d1f5-0001", EventKind.CREATED, fake.issues[key]["reporter"])
    apply_decision(note_decision(key), helpdesk.fetch_ticket(key), created, helpdesk, StateStore(tmp_path / "s.db"))

    echo = TicketEvent("jsm", key, "jql:2026-03-02T09:00:05+00:00", EventKind.UPDATED)  # e.g. from polling

    assert is_own_echo(helpdesk.fetch_ticket(key), echo)
    fake.add_comment(key, "And on Sunday?", public=True, author=fake.issues[key]["reporter"])
    assert not is_own_echo(helpdesk.fetch_ticket(key), echo)
