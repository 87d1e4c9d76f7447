"""The worker end to end on real SQLite files, a stateful fake helpdesk and a fake agent."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.writeback import comment_reference, reference
from app.worker import Worker
from carelayer.errors import PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.queue import SqliteQueue
from carelayer.store import Outcome, StateStore, ledger_key
from carelayer.types import Decision, Ticket
from connectors.base import EventKind, TicketEvent, event_payload
from connectors.sandbox.connector import SandboxHelpdesk
from tests.agent.fake_helpdesk import BOT_ID, REQUESTER_ID, FakeHelpdesk
from tests.app.worker_child import (
    HELPDESK_FILE,
    HELPDESK_NAME,
    LEASE_SECONDS,
    PAUSED_FILE,
    STATE_FILE,
    FixedAgent,
    open_queue,
)

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("worker_child.py")
AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
SUBJECT, BODY = "Billing question", "Why was I billed twice for my visit on 3 March?"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Parts:
    queue: SqliteQueue
    helpdesk: FakeHelpdesk
    agent: FixedAgent
    store: StateStore
    worker: Worker
    clock: Clock

    def event(
        self, ticket_id: str, event_id: str, kind: EventKind = EventKind.CREATED, actor: str | None = None
    ) -> TicketEvent:
        event = TicketEvent(HELPDESK_NAME, ticket_id, event_id, kind, actor)
        assert self.queue.enqueue(event.dedupe_key, event_payload(event))
        return event


def _parts(tmp_path: Path, *, dry_run: bool = False, agent: FixedAgent | None = None) -> Parts:
    clock = Clock()
    queue = open_queue(tmp_path, clock)
    helpdesk, store = FakeHelpdesk(), StateStore(tmp_path / STATE_FILE)
    agent = agent or FixedAgent()
    worker = Worker(
        queue=queue,
        helpdesks={HELPDESK_NAME: helpdesk},
        agent=agent,
        store=store,
        worker_id="w1",
        dry_run=dry_run,
        clock=lambda: AT,
    )
    return Parts(queue, helpdesk, agent, store, worker, clock)


def test_a_job_is_processed_end_to_end(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    with caplog.at_level(logging.INFO, logger="app.worker"):
        assert parts.worker.run_once()
    assert not parts.worker.run_once()  # nothing left

    assert [w["kind"] for w in parts.helpdesk.writes] == ["note", "tags"]
    assert parts.queue.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}
    (record,) = parts.store.recent_activity(5)
    assert (record.ticket_id, record.event_id, record.at, record.outcome) == (ticket_id, "ev-1", AT, Outcome.WRITTEN)
    assert record.writes == ("note", "tags")
    assert record.decision is not None and record.decision["action"] == "note"
    assert "outcome=written" in caplog.text and f"ticket={ticket_id}" in caplog.text
    assert "billed twice" not in caplog.text and "statement lists" not in caplog.text  # no ticket text, no draft


def test_an_event_caused_by_our_own_write_is_dropped(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    parts.worker.run_once()
    parts.event(ticket_id, "ev-2-our-note", EventKind.UPDATED, BOT_ID)  # the helpdesk's trigger fired on our note
    parts.helpdesk.add_agent_comment(ticket_id, "I will look into it", public=True)  # agents do not re-trigger
    parts.event(ticket_id, "ev-3-agent", EventKind.UPDATED)
    assert parts.worker.run_once() and parts.worker.run_once()

    assert len(parts.agent.seen) == 1
    assert len(parts.helpdesk.writes) == 2
    outcomes = [r.outcome for r in parts.store.recent_activity(5)]
    assert outcomes == [Outcome.DROPPED_LOOP, Outcome.DROPPED_LOOP, Outcome.WRITTEN]
    assert parts.queue.stats()["done"] == 3


def test_a_requester_follow_up_is_triaged_on_its_newest_comment(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    parts.worker.run_once()
    parts.helpdesk.add_requester_comment(ticket_id, "Also, can I pay by card?")
    parts.event(ticket_id, "ev-2", EventKind.UPDATED)
    assert parts.worker.run_once()

    follow_up = parts.agent.seen[-1]
    assert (follow_up.subject, follow_up.body) == (SUBJECT, "Also, can I pay by card?")
    notes = parts.helpdesk.notes(ticket_id)
    assert len(notes) == 2
    assert comment_reference(notes[-1]) == reference(ledger_key(HELPDESK_NAME, ticket_id, "ev-2", "note"))


def test_a_follow_up_posted_before_the_first_answer_is_still_answered(tmp_path: Path) -> None:
    """The requester caused both events: neither is an echo, even though our first note is newest."""
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1", actor=REQUESTER_ID)
    parts.helpdesk.add_requester_comment(ticket_id, "Also, can I pay by card?")
    parts.event(ticket_id, "ev-2", EventKind.UPDATED, REQUESTER_ID)
    assert parts.worker.run_once() and parts.worker.run_once()

    assert [t.body for t in parts.agent.seen] == [BODY, "Also, can I pay by card?"]
    assert len(parts.helpdesk.notes(ticket_id)) == 2


def test_a_retryable_error_is_retried_later_and_then_succeeds(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    parts.helpdesk.fail_next("add_tags", RetryableHelpdeskError("429 too many requests"))
    assert parts.worker.run_once()
    assert parts.queue.stats()["pending"] == 1
    assert not parts.worker.run_once()  # backing off

    parts.clock.now += 60
    assert parts.worker.run_once()
    assert [w["kind"] for w in parts.helpdesk.writes] == ["note", "tags"]  # the note was not posted again
    assert parts.queue.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}
    assert parts.store.recent_activity(1)[0].writes == ("tags",)


def test_a_permanent_error_goes_straight_to_the_dead_letters(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    parts.event("no-such-ticket", "ev-1")
    assert parts.worker.run_once()
    (dead,) = parts.queue.dead_letters()
    assert dead.attempts == 1
    assert dead.last_error is not None and dead.last_error.startswith("PermanentHelpdeskError")
    assert "no-such-ticket" not in dead.last_error  # the class and where, never the message
    assert parts.store.recent_activity(5) == []


def test_a_malformed_payload_is_dead_lettered(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    parts.queue.enqueue("odd", {"helpdesk": HELPDESK_NAME, "kind": "created"})
    parts.queue.enqueue("unknown-helpdesk", {"helpdesk": "gone", "ticket_id": "1", "event_id": "e"})
    assert parts.worker.run_once() and parts.worker.run_once()
    assert [d.last_error.split()[0] for d in parts.queue.dead_letters() if d.last_error] == [
        "InputError",
        "ConfigError",
    ]


class _Broken(FixedAgent):
    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        raise ValueError(f"cannot handle {ticket.body}")


def test_an_unexpected_error_is_retried_and_logged_by_class_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    parts = _parts(tmp_path, agent=_Broken())
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    with caplog.at_level(logging.INFO, logger="app.worker"):
        assert parts.worker.run_once()
    assert parts.queue.stats()["pending"] == 1
    assert 'error="ValueError at=test_worker.py:' in caplog.text
    assert "cannot handle" not in caplog.text and "billed twice" not in caplog.text


def test_dry_run_decides_but_never_writes(tmp_path: Path) -> None:
    parts = _parts(tmp_path, dry_run=True)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    assert parts.worker.run_once()
    assert parts.helpdesk.writes == []
    (record,) = parts.store.recent_activity(1)
    assert (record.outcome, record.writes) == (Outcome.DRY_RUN, ())
    assert parts.queue.stats()["done"] == 1


class _StopsTheWorker(FixedAgent):
    def __init__(self, stop: threading.Event) -> None:
        super().__init__()
        self.stop = stop

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        self.stop.set()
        return super().triage(ticket, notes)


def test_run_processes_until_stopped(tmp_path: Path) -> None:
    stop = threading.Event()
    parts = _parts(tmp_path, agent=_StopsTheWorker(stop))
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    parts.worker.run(stop, idle_sleep=0.01)  # returns once the job that set ``stop`` is finished
    assert parts.queue.stats()["done"] == 1
    assert len(parts.helpdesk.notes(ticket_id)) == 1


def test_an_event_handled_again_after_its_record_is_skipped(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    event = TicketEvent(HELPDESK_NAME, ticket_id, "ev-1")
    first = parts.worker.handle(event)
    again = parts.worker.handle(event)  # e.g. `carelayer process` run by hand on an event already done
    assert (first.outcome, first.writes) == (Outcome.WRITTEN, ("note", "tags"))
    assert (again.outcome, again.writes) == (Outcome.SKIPPED, ())
    assert len(parts.helpdesk.writes) == 2


def test_a_permanent_error_mid_write_keeps_what_was_written(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    ticket_id = parts.helpdesk.create_ticket(SUBJECT, BODY)
    parts.event(ticket_id, "ev-1")
    parts.helpdesk.fail_next("add_tags", PermanentHelpdeskError("422"))
    parts.worker.run_once()
    assert len(parts.queue.dead_letters()) == 1
    assert parts.queue.replay(parts.queue.dead_letters()[0].id)
    parts.worker.run_once()
    assert [w["kind"] for w in parts.helpdesk.writes] == ["note", "tags"]


def _wait_for_pause(folder: Path, child: subprocess.Popen[bytes], stderr: Path) -> None:
    """Wait until the child reports it is paused mid-job (a hang guard, not a timing assertion)."""
    deadline = time.monotonic() + 120
    while not (folder / PAUSED_FILE).exists():
        if child.poll() is not None:
            pytest.fail(f"worker child exited early ({child.returncode}): {stderr.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail("worker child never reached its pause")
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("pause", "survivor_writes"),
    [
        ("triage", ("note", "tags")),
        ("after-note", ("tags",)),
        ("before-record", ("note", "tags")),  # written by the killed worker: the survivor records them
    ],
)
def test_a_worker_killed_mid_job_leaves_exactly_one_note(
    tmp_path: Path, pause: str, survivor_writes: tuple[str, ...]
) -> None:
    helpdesk = FakeHelpdesk(path=tmp_path / HELPDESK_FILE)
    ticket_id = helpdesk.create_ticket(SUBJECT, BODY)
    event = TicketEvent(HELPDESK_NAME, ticket_id, "ev-1")
    open_queue(tmp_path).enqueue(event.dedupe_key, event_payload(event))

    stderr = tmp_path / "child.stderr"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with stderr.open("wb") as errors:
        child = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path), pause], cwd=ROOT, env=env, stderr=errors)
        try:
            _wait_for_pause(tmp_path, child, stderr)
            child.send_signal(signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert open_queue(tmp_path).stats()["leased"] == 1

    # Later, the lease has expired (the clock is moved past it rather than slept through).
    later = open_queue(tmp_path, clock=lambda: time.time() + LEASE_SECONDS + 60)
    store = StateStore(tmp_path / STATE_FILE)
    survivor = Worker(
        queue=later, helpdesks={HELPDESK_NAME: helpdesk}, agent=FixedAgent(), store=store, worker_id="survivor"
    )
    assert survivor.run_once()

    (note,) = helpdesk.notes(ticket_id)
    assert comment_reference(note) == reference(ledger_key(HELPDESK_NAME, ticket_id, "ev-1", "note"))
    assert [c.author_id for c in helpdesk.fetch_ticket(ticket_id).comments] == ["patient-1", BOT_ID]
    assert later.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}
    (record,) = store.recent_activity(5)
    assert (record.outcome, record.writes) == (Outcome.WRITTEN, survivor_writes)


def test_with_the_sandbox_helpdesk_each_event_is_answered_once(tmp_path: Path) -> None:
    helpdesk = SandboxHelpdesk(tmp_path / "sandbox.sqlite3", marker_tag="carelayer", name=HELPDESK_NAME)
    queue, store, agent = open_queue(tmp_path), StateStore(tmp_path / STATE_FILE), FixedAgent()
    worker = Worker(queue=queue, helpdesks={HELPDESK_NAME: helpdesk}, agent=agent, store=store, worker_id="w")
    ticket = helpdesk.create_ticket(SUBJECT, BODY)
    helpdesk.add_requester_comment(ticket.id, "Also, can I pay by card?")
    events, _ = helpdesk.events_since(0)
    for event in [*events, *events]:  # every delivery twice
        queue.enqueue(event.dedupe_key, event_payload(event))
    while worker.run_once():
        pass

    assert [t.body for t in agent.seen] == [BODY, "Also, can I pay by card?"]
    snapshot = helpdesk.snapshot(ticket.id)
    assert len(snapshot.notes) == 2
    assert {"carelayer", "carelayer_billing", "carelayer_note"} <= snapshot.tags
    helpdesk.close()
