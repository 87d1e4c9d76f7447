"""Sandbox-specific behaviour: events for pollers, persistence, concurrency, its webhook adapter, the registry."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from carelayer.errors import PermanentHelpdeskError
from carelayer.types import Requester
from connectors.base import EventKind, Handoff
from connectors.sandbox import SandboxHelpdesk
from tests.connectors.sandbox_fixtures import MARKER, NOW, REPO_ROOT

# -- tickets ----------------------------------------------------------------------------------------


def test_create_ticket_returns_the_stored_ticket(sandbox: SandboxHelpdesk) -> None:
    requester = Requester(id="p-1", name="Ada Patient", email="ada@example.org")

    ticket = sandbox.create_ticket("Refill", "I need a refill.", requester=requester, tags=["portal"])

    assert ticket == sandbox.fetch_ticket(ticket.id)
    assert (ticket.subject, ticket.body, ticket.tags, ticket.status) == (
        "Refill",
        "I need a refill.",
        ("portal",),
        "new",
    )
    assert (ticket.requester, ticket.helpdesk) == (requester, "local")
    assert ticket.created_at == NOW + timedelta(minutes=1)
    assert ticket.comments[0].author_id == "requester"
    assert sandbox.create_ticket("No requester", "hello").requester is None


def test_carelayer_and_agent_comments_are_authored(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("Hours", "When are you open?")
    sandbox.add_agent_comment(ticket.id, "Agent here.", public=False)
    sandbox.add_internal_note(ticket.id, "Draft.")
    sandbox.add_requester_comment(ticket.id, "Still waiting.")

    comments = sandbox.comments(ticket.id)

    assert [(c.author_id, c.public) for c in comments] == [
        ("requester", True),
        ("agent", False),
        ("carelayer", False),
        ("requester", True),
    ]
    assert sandbox.fetch_ticket(ticket.id).body == "When are you open?"


def test_agent_comment_does_not_add_the_marker(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("Hours", "When are you open?")
    sandbox.add_agent_comment(ticket.id, "8 to 5.")
    assert MARKER not in sandbox.snapshot(ticket.id).tags


def test_list_tickets_oldest_first(sandbox: SandboxHelpdesk) -> None:
    first, second = sandbox.create_ticket("one", "first"), sandbox.create_ticket("two", "second")
    assert [t.id for t in sandbox.list_tickets()] == [first.id, second.id]


def test_snapshot_collects_routing_and_notes(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("Chest pain", "It hurts.")

    sandbox.hand_off(
        ticket.id, Handoff(note="urgent", group="Nurses", priority="urgent", tags=("carelayer_emergency",))
    )

    snap = sandbox.snapshot(ticket.id)
    assert (snap.group, snap.priority, snap.status) == ("Nurses", "urgent", "new")
    assert snap.tags == {"carelayer_emergency", MARKER}
    assert [n.body for n in snap.notes] == ["urgent"]
    assert [c.body for c in snap.public_comments] == ["It hurts."]


@pytest.mark.parametrize("ticket_id", ["abc", "", "-1", "1.0", "²"])
def test_malformed_ticket_ids_are_unknown(sandbox: SandboxHelpdesk, ticket_id: str) -> None:
    with pytest.raises(PermanentHelpdeskError):
        sandbox.fetch_ticket(ticket_id)


def test_invalid_writes_are_refused_and_change_nothing(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("Bill", "Question.")
    before = sandbox.snapshot(ticket.id)

    with pytest.raises(PermanentHelpdeskError, match="priority"):
        sandbox.hand_off(ticket.id, Handoff(note="why", group="Billing", priority="asap"))
    with pytest.raises(PermanentHelpdeskError, match="status"):
        sandbox.set_status(ticket.id, "done")
    with pytest.raises(PermanentHelpdeskError, match="empty"):
        sandbox.add_internal_note(ticket.id, "  ")

    assert sandbox.snapshot(ticket.id) == before


def test_closed_ticket_cannot_change(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("Done", "Thanks.")
    sandbox.set_status(ticket.id, "closed")

    with pytest.raises(PermanentHelpdeskError, match="closed"):
        sandbox.add_public_reply(ticket.id, "One more thing.")
    with pytest.raises(PermanentHelpdeskError, match="closed"):
        sandbox.add_requester_comment(ticket.id, "One more thing.")


def test_requester_comment_reopens_a_solved_ticket(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("Bill", "Question.")
    sandbox.set_status(ticket.id, "solved")

    sandbox.add_requester_comment(ticket.id, "Not solved for me.")

    assert sandbox.snapshot(ticket.id).status == "open"


def test_naive_clock_is_read_as_utc(db_path: Path) -> None:
    with SandboxHelpdesk(db_path, marker_tag=MARKER, clock=lambda: datetime(2025, 1, 2, 3, 4)) as helpdesk:
        ticket = helpdesk.create_ticket("t", "b")

    assert ticket.created_at == datetime(2025, 1, 2, 3, 4, tzinfo=UTC)


# -- events ------------------------------------------------------------------------------------------


def test_events_since_follows_a_cursor(sandbox: SandboxHelpdesk) -> None:
    first = sandbox.create_ticket("one", "first")
    second = sandbox.create_ticket("two", "second")
    update = sandbox.add_requester_comment(first.id, "more")

    events, cursor = sandbox.events_since(0)

    assert [(e.ticket_id, e.event_id, e.kind) for e in events] == [
        (first.id, first.comments[0].id, EventKind.CREATED),
        (second.id, second.comments[0].id, EventKind.CREATED),
        (first.id, sandbox.comments(first.id)[-1].id, EventKind.UPDATED),
    ]
    assert events[-1] == update
    assert all(e.helpdesk == "local" and e.actor_id == "requester" for e in events)
    assert sandbox.events_since(cursor) == ([], cursor)

    third = sandbox.create_ticket("three", "third")
    later, next_cursor = sandbox.events_since(cursor)
    assert [e.ticket_id for e in later] == [third.id]
    assert next_cursor > cursor


def test_events_since_pages_with_limit(sandbox: SandboxHelpdesk) -> None:
    for n in range(5):
        sandbox.create_ticket(f"t{n}", "body")

    page, cursor = sandbox.events_since(0, limit=2)
    rest, _ = sandbox.events_since(cursor, limit=10)

    assert len(page) == 2
    assert len(rest) == 3
    assert len({e.dedupe_key for e in page + rest}) == 5


def test_our_writes_make_no_events(sandbox: SandboxHelpdesk) -> None:
    ticket = sandbox.create_ticket("one", "first")
    _, cursor = sandbox.events_since(0)

    sandbox.add_internal_note(ticket.id, "note")
    sandbox.add_public_reply(ticket.id, "reply")
    sandbox.hand_off(ticket.id, Handoff(note="why"))

    assert sandbox.events_since(cursor) == ([], cursor)


# -- persistence and concurrency --------------------------------------------------------------------


def test_tickets_and_events_survive_reopening(db_path: Path) -> None:
    with SandboxHelpdesk(db_path, marker_tag=MARKER) as first:
        ticket = first.create_ticket("Records", "Send my records.", tags=["portal"])
        first.hand_off(ticket.id, Handoff(note="records team", group="Records", priority="normal"))
        stored = first.fetch_ticket(ticket.id)
        events, cursor = first.events_since(0)

    with SandboxHelpdesk(db_path, marker_tag=MARKER) as reopened:
        assert reopened.fetch_ticket(ticket.id) == stored
        assert reopened.events_since(0) == (events, cursor)


def test_two_threads_write_through_two_connections(db_path: Path) -> None:
    with SandboxHelpdesk(db_path, marker_tag=MARKER) as setup:
        ticket_id = setup.create_ticket("Busy", "Many writers.").id
    errors: list[BaseException] = []

    def writer(label: str) -> None:
        try:
            with SandboxHelpdesk(db_path, marker_tag=MARKER) as helpdesk:
                for n in range(40):
                    helpdesk.add_internal_note(ticket_id, f"{label}-{n}")
                    helpdesk.add_tags(ticket_id, [f"{label}_{n}"])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(label,)) for label in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with SandboxHelpdesk(db_path, marker_tag=MARKER) as check:
        snap = check.snapshot(ticket_id)
    assert len(snap.notes) == 80
    assert len(snap.tags) == 80 + 1


def test_one_instance_shared_by_threads(sandbox: SandboxHelpdesk) -> None:
    ticket_id = sandbox.create_ticket("Shared", "One connection.").id

    def writer(label: str) -> None:
        for n in range(30):
            sandbox.add_requester_comment(ticket_id, f"{label}-{n}")

    threads = [threading.Thread(target=writer, args=(label,)) for label in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    events, _ = sandbox.events_since(0)
    assert len(sandbox.comments(ticket_id)) == 1 + 90
    assert len(events) == 1 + 90


_PROCESS_WRITER = """
import sys
from pathlib import Path
from connectors.sandbox import SandboxHelpdesk
with SandboxHelpdesk(Path(sys.argv[1]), marker_tag="m") as helpdesk:
    for n in range(25):
        helpdesk.add_requester_comment(sys.argv[2], f"{sys.argv[3]}-{n}")
"""


def test_two_processes_write_to_one_file(db_path: Path) -> None:
    with SandboxHelpdesk(db_path, marker_tag=MARKER) as setup:
        ticket_id = setup.create_ticket("Processes", "Two writers.").id

    procs = [
        subprocess.Popen([sys.executable, "-c", _PROCESS_WRITER, str(db_path), ticket_id, label], cwd=REPO_ROOT)
        for label in ("p", "q")
    ]

    assert [proc.wait(timeout=60) for proc in procs] == [0, 0]
    with SandboxHelpdesk(db_path, marker_tag=MARKER) as check:
        assert len(check.comments(ticket_id)) == 1 + 50
        assert len(check.events_since(0)[0]) == 1 + 50
