"""The worker's lease heartbeat: a slow job keeps its lease, a lost lease stops the heartbeat."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.heartbeat import LeaseHeartbeat
from app.worker import Worker
from carelayer.queue import SqliteQueue
from carelayer.store import StateStore
from carelayer.types import Decision, Ticket
from connectors.base import TicketEvent, event_payload
from tests.agent.fake_helpdesk import FakeHelpdesk
from tests.app.worker_child import HELPDESK_NAME, STATE_FILE, FixedAgent
from tests.carelayer.test_queue import Clock

LEASE = 30.0


def _queue(path: Path, clock: Clock) -> SqliteQueue:
    return SqliteQueue(
        path, lease_seconds=LEASE, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5, clock=clock
    )


def test_each_beat_pushes_the_lease_a_full_lease_ahead(tmp_path: Path) -> None:
    clock = Clock()
    queue = _queue(tmp_path / "q.sqlite3", clock)
    queue.enqueue("k", {})
    job = queue.lease("busy")
    assert job is not None
    heartbeat = LeaseHeartbeat(queue, job.id, "busy")
    for _ in range(5):  # five thirds of a lease... and more: the job would have lapsed long ago
        clock.advance(LEASE / 3)
        assert heartbeat.beat()
    clock.advance(LEASE - 1)
    assert queue.lease("other") is None
    assert (heartbeat.beats, heartbeat.lost) == (5, False)


def test_a_lost_lease_stops_the_heartbeat_and_is_logged_by_id_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    queue = _queue(tmp_path / "q.sqlite3", clock)
    queue.enqueue("k", {"ticket_id": "secret-ticket-77"})
    job = queue.lease("slow")
    assert job is not None
    clock.advance(LEASE + 1)
    assert queue.lease("other") is not None  # the lease lapsed and another worker took the job
    waits: list[float] = []

    def wait(stop: threading.Event, seconds: float) -> bool:
        waits.append(seconds)
        return len(waits) > 10  # a safety stop: the heartbeat must end on its own after one beat

    with (
        caplog.at_level(logging.WARNING, logger="app.heartbeat"),
        LeaseHeartbeat(queue, job.id, "slow", wait=wait) as h,
    ):
        pass
    assert h.lost and h.beats == 0 and waits == [LEASE / 3]
    assert f"job={job.id}" in caplog.text and "secret-ticket-77" not in caplog.text


class _UnreachableQueue(SqliteQueue):
    def renew(self, job_id: int, worker_id: str) -> bool:
        raise OSError("disk gone")


def test_a_failing_renewal_does_not_stop_the_job(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    queue = _UnreachableQueue(
        tmp_path / "q.sqlite3", lease_seconds=LEASE, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5
    )
    with caplog.at_level(logging.WARNING, logger="app.heartbeat"):
        assert LeaseHeartbeat(queue, 1, "w").beat()  # keep trying: the next beat may reach the queue
    assert "OSError" in caplog.text and "disk gone" not in caplog.text


class _SlowAgent(FixedAgent):
    """Triage that takes as long as the test wants: it blocks until released."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.release = threading.Event(), threading.Event()

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        self.entered.set()
        self.release.wait(60)
        return super().triage(ticket, notes)


def test_a_job_slower_than_its_lease_is_not_taken_over(tmp_path: Path) -> None:
    """Real time and a real thread: a 2 s lease, a job that takes three leases. The heartbeat renews
    every ~0.7 s; only a beat late by more than 1.3 s could let the job go."""
    queue = SqliteQueue(
        tmp_path / "q.sqlite3", lease_seconds=2.0, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5
    )
    helpdesk, agent = FakeHelpdesk(), _SlowAgent()
    ticket_id = helpdesk.create_ticket("Billing question", "Why was I billed twice?")
    event = TicketEvent(HELPDESK_NAME, ticket_id, "ev-1")
    queue.enqueue(event.dedupe_key, event_payload(event))
    worker = Worker(
        queue=queue,
        helpdesks={HELPDESK_NAME: helpdesk},
        agent=agent,
        store=StateStore(tmp_path / STATE_FILE),
        worker_id="slow",
    )
    runner = threading.Thread(target=worker.run_once)
    runner.start()
    try:
        assert agent.entered.wait(60)
        taken = []
        for _ in range(3):  # one lease length apart, three times: the first lease is long gone
            time.sleep(2.0)
            taken.append(queue.lease("other"))
    finally:
        agent.release.set()
        runner.join(60)
    assert taken == [None, None, None]
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}
    assert [w["kind"] for w in helpdesk.writes] == ["note", "tags"]
