"""A worker in its own process, for the kill test: ``python tests/app/worker_child.py FOLDER PAUSE``.

FOLDER holds the queue, the state store and a file-backed ``FakeHelpdesk`` (the names below). The
worker processes one job and pauses at PAUSE, after creating FOLDER/paused, until it is killed:
``triage`` (mid-triage: nothing written yet), ``after-note`` (the note reached the helpdesk, but
neither the ledger nor the queue heard of it) or ``before-record`` (every write made and in the ledger,
but the activity log and the queue never heard of it). The test imports the shared parts from here too.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from app.worker import Worker
from carelayer.queue import SqliteQueue
from carelayer.store import ActivityRecord, StateStore
from carelayer.types import Action, Decision, Ticket
from tests.agent.fake_helpdesk import FakeHelpdesk

QUEUE_FILE = "queue.sqlite3"
STATE_FILE = "state.sqlite3"
HELPDESK_FILE = "helpdesk.json"
PAUSED_FILE = "paused"
HELPDESK_NAME = "fake"
LEASE_SECONDS = 2
PAUSE_SECONDS = 600  # far longer than any test waits: the process is killed long before

NOTE_DECISION = Decision(
    ticket_id="",
    category="billing",
    confidence=0.9,
    emergency=False,
    action=Action.NOTE,
    draft="Hello,\nYour statement lists each visit separately.\nKind regards",
    tags=("carelayer", "carelayer_billing", "carelayer_note"),
    reasons=("classified billing (0.90)",),
)


class FixedAgent:
    """A fake TriageAgent: the same decision for every ticket (with that ticket's id); remembers what it saw."""

    def __init__(self, decision: Decision = NOTE_DECISION) -> None:
        self.decision = decision
        self.seen: list[Ticket] = []

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        self.seen.append(ticket)
        return replace(self.decision, ticket_id=ticket.id)


def open_queue(folder: Path, clock: Callable[[], float] = time.time) -> SqliteQueue:
    return SqliteQueue(
        folder / QUEUE_FILE,
        lease_seconds=LEASE_SECONDS,
        max_attempts=5,
        retry_base_seconds=1,
        retry_max_seconds=10,
        clock=clock,
    )


def _pause(folder: Path) -> None:
    (folder / PAUSED_FILE).write_text(str(os.getpid()))
    time.sleep(PAUSE_SECONDS)


class _AgentPausingMidTriage(FixedAgent):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self._folder = folder

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        _pause(self._folder)
        return super().triage(ticket, notes)


class _HelpdeskPausingAfterNote(FakeHelpdesk):
    def __init__(self, folder: Path) -> None:
        super().__init__(path=folder / HELPDESK_FILE)
        self._folder = folder

    def add_internal_note(self, ticket_id: str, body: str) -> None:
        super().add_internal_note(ticket_id, body)
        _pause(self._folder)


class _StorePausingBeforeRecord(StateStore):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder / STATE_FILE)
        self._folder = folder

    def record_activity(self, record: ActivityRecord) -> None:
        _pause(self._folder)
        super().record_activity(record)


def main(argv: Sequence[str]) -> int:
    folder, pause = Path(argv[0]), argv[1]
    helpdesk: FakeHelpdesk = FakeHelpdesk(path=folder / HELPDESK_FILE)
    agent, store = FixedAgent(), StateStore(folder / STATE_FILE)
    if pause == "triage":
        agent = _AgentPausingMidTriage(folder)
    elif pause == "after-note":
        helpdesk = _HelpdeskPausingAfterNote(folder)
    elif pause == "before-record":
        store = _StorePausingBeforeRecord(folder)
    else:
        print(f"unknown pause {pause!r}", file=sys.stderr)
        return 2
    worker = Worker(
        queue=open_queue(folder),
        helpdesks={HELPDESK_NAME: helpdesk},
        agent=agent,
        store=store,
        worker_id=f"child-{os.getpid()}",
    )
    worker.run_once()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
