"""The durable queue on real SQLite files: dedupe, leases, backoff, dead letters, several processes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from carelayer.queue import JobQueue, SqliteQueue

LEASE = 30.0
BASE = 5.0
CAP = 60.0


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _queue(path: Path, clock: Clock | None = None, *, max_attempts: int = 4, jitter: float = 1.0) -> SqliteQueue:
    return SqliteQueue(
        path,
        lease_seconds=LEASE,
        max_attempts=max_attempts,
        retry_base_seconds=BASE,
        retry_max_seconds=CAP,
        clock=clock or Clock(),
        rng=lambda: jitter,
    )


def test_the_same_key_three_times_is_one_job(tmp_path: Path) -> None:
    queue = _queue(tmp_path / "q.sqlite3")
    results = [queue.enqueue("zendesk:42:ev-1", {"ticket_id": "42"}) for _ in range(3)]
    assert results == [True, False, False]
    assert queue.stats() == {"pending": 1, "leased": 0, "done": 0, "dead": 0}


def test_a_done_job_still_dedupes(tmp_path: Path) -> None:
    queue = _queue(tmp_path / "q.sqlite3")
    queue.enqueue("k", {"n": 1})
    job = queue.lease("w1")
    assert job is not None
    assert queue.complete(job.id, "w1")
    assert not queue.enqueue("k", {"n": 1})
    assert queue.lease("w1") is None
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}


def test_lease_hands_out_the_oldest_job_once(tmp_path: Path) -> None:
    queue = _queue(tmp_path / "q.sqlite3")
    queue.enqueue("a", {"n": 1})
    queue.enqueue("b", {"n": 2})
    first, second = queue.lease("w1"), queue.lease("w2")
    assert first is not None and second is not None
    assert (first.key, dict(first.payload), first.attempts) == ("a", {"n": 1}, 1)
    assert second.key == "b"
    assert queue.lease("w3") is None
    assert queue.stats()["leased"] == 2


def test_an_expired_lease_is_delivered_again(tmp_path: Path) -> None:
    clock = Clock()
    queue = _queue(tmp_path / "q.sqlite3", clock)
    queue.enqueue("k", {})
    job = queue.lease("dies")
    assert job is not None
    clock.advance(LEASE - 1)
    assert queue.lease("other") is None  # still held
    clock.advance(2)
    again = queue.lease("other")
    assert again is not None
    assert (again.id, again.attempts) == (job.id, 2)
    assert not queue.complete(job.id, "dies")  # the dead worker's late completion changes nothing
    assert not queue.fail(job.id, "dies", "TimeoutError")
    assert queue.complete(job.id, "other")
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}


def check_renewal(queue: JobQueue, clock: Clock) -> None:
    """The heartbeat's rules, for every backend: only the holder renews, only a lease still running, and a
    renewed lease runs a full ``LEASE`` from the renewal."""
    queue.enqueue("k", {})
    job = queue.lease("busy")
    assert job is not None
    clock.advance(LEASE - 1)
    assert not queue.renew(job.id, "someone-else")
    assert queue.renew(job.id, "busy")
    clock.advance(LEASE - 1)  # past the first lease, within the renewed one
    assert queue.lease("other") is None
    assert queue.stats()["leased"] == 1
    clock.advance(2)  # the renewed lease has run out: the job goes to the next worker
    assert not queue.renew(job.id, "busy")  # a lapsed lease is not revived
    again = queue.lease("other")
    assert again is not None and (again.id, again.attempts) == (job.id, 2)
    assert not queue.renew(job.id, "busy")
    assert queue.complete(job.id, "other")
    assert not queue.renew(job.id, "other")  # nothing left to renew once done


def test_a_renewed_lease_is_not_delivered_again(tmp_path: Path) -> None:
    clock = Clock()
    check_renewal(_queue(tmp_path / "q.sqlite3", clock), clock)


def test_failures_back_off_exponentially_then_dead_letter_and_replay(tmp_path: Path) -> None:
    clock = Clock()
    queue = _queue(tmp_path / "q.sqlite3", clock, max_attempts=4)
    queue.enqueue("k", {"ticket_id": "42"})
    delays = []
    for attempt in (1, 2, 3):
        job = queue.lease("w")
        assert job is not None and job.attempts == attempt
        failed_at = clock.now
        assert queue.fail(job.id, "w", "RetryableHelpdeskError status=503")
        delay = queue.backoff(attempt)
        clock.advance(delay - 0.5)
        assert queue.lease("w") is None  # not due yet
        clock.advance(0.5)
        delays.append(clock.now - failed_at)
    assert delays == pytest.approx([BASE, 2 * BASE, 4 * BASE])

    job = queue.lease("w")
    assert job is not None and job.attempts == 4
    queue.fail(job.id, "w", "RetryableHelpdeskError status=503")
    assert queue.lease("w") is None
    (dead,) = queue.dead_letters()
    assert (dead.id, dead.attempts, dead.last_error) == (job.id, 4, "RetryableHelpdeskError status=503")
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 0, "dead": 1}

    assert queue.replay(dead.id)
    assert not queue.replay(dead.id)  # no longer a dead letter
    replayed = queue.lease("w")
    assert replayed is not None and (replayed.id, replayed.attempts) == (dead.id, 1)


def test_backoff_is_capped_and_jittered_between_half_and_all(tmp_path: Path) -> None:
    low = _queue(tmp_path / "low.sqlite3", jitter=0.0)
    high = _queue(tmp_path / "high.sqlite3", jitter=1.0)
    assert [high.backoff(n) for n in (1, 2, 3, 4, 5, 6, 40)] == [5, 10, 20, 40, 60, 60, 60]
    assert [low.backoff(n) for n in (1, 2, 5)] == [2.5, 5, 30]


def test_permanent_failure_dead_letters_at_once_with_a_short_error(tmp_path: Path) -> None:
    queue = _queue(tmp_path / "q.sqlite3")
    queue.enqueue("k", {})
    job = queue.lease("w")
    assert job is not None
    assert queue.fail(job.id, "w", "PermanentHelpdeskError\n" + "x" * 1000, permanent=True)
    (dead,) = queue.dead_letters()
    assert dead.last_error is not None and len(dead.last_error) <= 200 and "\n" not in dead.last_error


def test_a_job_whose_worker_keeps_dying_ends_in_the_dead_letters(tmp_path: Path) -> None:
    clock = Clock()
    queue = _queue(tmp_path / "q.sqlite3", clock, max_attempts=2)
    queue.enqueue("poison", {})
    for _ in range(2):
        assert queue.lease("w") is not None
        clock.advance(LEASE + 1)
    assert queue.lease("w") is None
    assert [j.last_error for j in queue.dead_letters()] == ["lease expired"]


def test_jobs_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    _queue(path).enqueue("k", {"ticket_id": "42", "nested": {"a": [1, 2]}})
    job = _queue(path).lease("w")
    assert job is not None and dict(job.payload) == {"ticket_id": "42", "nested": {"a": [1, 2]}}


def test_a_nonsense_configuration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _queue(tmp_path / "q.sqlite3", max_attempts=0)


def _drain(path: str, worker_id: str, start: multiprocessing.synchronize.Barrier, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """In a child process: lease and complete until the queue is empty; report the ids leased."""
    queue = SqliteQueue(Path(path), lease_seconds=600, max_attempts=3, retry_base_seconds=1, retry_max_seconds=10)
    start.wait()
    leased = []
    while (job := queue.lease(worker_id)) is not None:
        leased.append(job.id)
        queue.complete(job.id, worker_id)
    out.put((worker_id, leased))


def test_processes_leasing_at_once_never_get_the_same_job(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    queue = SqliteQueue(path, lease_seconds=600, max_attempts=3, retry_base_seconds=1, retry_max_seconds=10)
    for n in range(200):
        queue.enqueue(f"k{n}", {"n": n})
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_drain, args=(str(path), f"w{i}", start, out)) for i in range(4)]
    for process in workers:
        process.start()
    results = dict(out.get(timeout=120) for _ in workers)
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    leased = [job_id for ids in results.values() for job_id in ids]
    assert len(leased) == len(set(leased)) == 200
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 200, "dead": 0}
