"""The Redis queue on a real redis-server: the guarantees of the SQLite queue, one by one, and
processes leasing at once. Each test uses its own key prefix on the shared server."""

from __future__ import annotations

import itertools
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from carelayer.errors import StoreError
from carelayer.queue_redis import RedisQueue, redis_client
from tests.carelayer.test_queue import BASE, CAP, LEASE, Clock, check_renewal
from tests.servers import RedisServer, free_port, redis_server

_prefixes = itertools.count()


def _queue(
    server: RedisServer, clock: Clock | None = None, *, max_attempts: int = 4, jitter: float = 1.0, prefix: str = ""
) -> RedisQueue:
    return RedisQueue(
        redis_client(server.url),
        prefix=prefix or f"t{next(_prefixes)}-{id(server)}",
        lease_seconds=LEASE,
        max_attempts=max_attempts,
        retry_base_seconds=BASE,
        retry_max_seconds=CAP,
        clock=clock or Clock(),
        rng=lambda: jitter,
    )


def test_dedupes_for_ever_even_after_done(redis: RedisServer) -> None:
    queue = _queue(redis)
    assert [queue.enqueue("zendesk:42:ev-1", {"ticket_id": "42"}) for _ in range(3)] == [True, False, False]
    job = queue.lease("w1")
    assert job is not None and dict(job.payload) == {"ticket_id": "42"} and job.attempts == 1
    assert queue.complete(job.id, "w1")
    assert not queue.enqueue("zendesk:42:ev-1", {"ticket_id": "42"})
    assert queue.lease("w1") is None
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 1, "dead": 0}


def test_an_expired_lease_is_delivered_again_and_the_old_holder_is_ignored(redis: RedisServer) -> None:
    clock = Clock()
    queue = _queue(redis, clock)
    queue.enqueue("a", {})
    queue.enqueue("b", {})
    job = queue.lease("dies")
    assert job is not None and job.key == "a"
    other = queue.lease("other")
    assert other is not None and other.key == "b"
    clock.advance(LEASE + 1)
    again = queue.lease("other")
    assert again is not None and (again.id, again.attempts) == (job.id, 2)
    assert not queue.complete(job.id, "dies")
    assert not queue.fail(job.id, "dies", "TimeoutError")
    assert queue.complete(job.id, "other")
    assert queue.stats()["done"] == 1


def test_a_renewed_lease_is_not_delivered_again(redis: RedisServer) -> None:
    clock = Clock()
    check_renewal(_queue(redis, clock), clock)


def test_failures_back_off_exponentially_then_dead_letter_and_replay(redis: RedisServer) -> None:
    clock = Clock()
    queue = _queue(redis, clock, max_attempts=4)
    queue.enqueue("k", {"ticket_id": "42"})
    for attempt in (1, 2, 3):
        job = queue.lease("w")
        assert job is not None and job.attempts == attempt
        assert queue.fail(job.id, "w", "RetryableHelpdeskError status=503")
        clock.advance(BASE * 2 ** (attempt - 1) - 0.5)
        assert queue.lease("w") is None  # not due yet
        clock.advance(0.5)
    job = queue.lease("w")
    assert job is not None and job.attempts == 4
    assert queue.fail(job.id, "w", "RetryableHelpdeskError status=503")
    assert queue.lease("w") is None
    (dead,) = queue.dead_letters()
    assert (dead.id, dead.attempts, dead.last_error) == (job.id, 4, "RetryableHelpdeskError status=503")
    assert queue.replay(dead.id) and not queue.replay(dead.id)
    replayed = queue.lease("w")
    assert replayed is not None and (replayed.id, replayed.attempts) == (dead.id, 1)


def test_backoff_is_capped_and_jittered_like_the_sqlite_queue(redis: RedisServer) -> None:
    clock = Clock()
    queue = _queue(redis, clock, jitter=0.0, max_attempts=10)
    queue.enqueue("k", {})
    job = queue.lease("w")
    waits = []
    for _ in range(6):
        assert job is not None
        assert queue.fail(job.id, "w", "e")
        start = clock.now
        while (job := queue.lease("w")) is None:
            clock.advance(0.25)
        waits.append(clock.now - start)
    assert waits == [2.5, 5.0, 10.0, 20.0, 30.0, 30.0]  # base 5 doubling, capped at 60, halved by zero jitter


def test_permanent_failures_and_poison_jobs_end_in_the_dead_letters(redis: RedisServer) -> None:
    clock = Clock()
    queue = _queue(redis, clock, max_attempts=2)
    queue.enqueue("bad", {})
    queue.enqueue("poison", {})
    job = queue.lease("w")
    assert job is not None and job.key == "bad"
    assert queue.fail(job.id, "w", "PermanentHelpdeskError\n" + "x" * 1000, permanent=True)
    for _ in range(2):
        assert queue.lease("w") is not None  # the poison job kills its worker every time
        clock.advance(LEASE + 1)
    assert queue.lease("w") is None
    errors = {j.key: j.last_error for j in queue.dead_letters()}
    assert errors["poison"] == "lease expired"
    assert errors["bad"] is not None and len(errors["bad"]) <= 200 and "\n" not in errors["bad"]


def test_purge_forgets_old_done_jobs_only(redis: RedisServer) -> None:
    clock = Clock()
    queue = _queue(redis, clock)
    for key in ("old", "new", "pending"):
        queue.enqueue(key, {})
    for _ in range(2):
        job = queue.lease("w")
        assert job is not None
        queue.complete(job.id, "w")
        clock.advance(100)
    assert queue.purge_done(clock.now - 150) == 1
    assert queue.enqueue("old", {})  # forgotten, dedupe key too
    assert not queue.enqueue("new", {})
    assert queue.stats() == {"pending": 2, "leased": 0, "done": 1, "dead": 0}


def test_an_unreachable_server_is_a_store_error() -> None:
    queue = RedisQueue(
        redis_client(f"redis://127.0.0.1:{free_port()}/0"),
        lease_seconds=LEASE,
        max_attempts=3,
        retry_base_seconds=BASE,
        retry_max_seconds=CAP,
    )
    with pytest.raises(StoreError, match="redis queue"):
        queue.enqueue("k", {})


def _drain(url: str, prefix: str, worker_id: str, start: Barrier, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue = RedisQueue(
        redis_client(url), prefix=prefix, lease_seconds=600, max_attempts=3, retry_base_seconds=1, retry_max_seconds=9
    )
    start.wait()
    leased = []
    while (job := queue.lease(worker_id)) is not None:
        leased.append(job.id)
        queue.complete(job.id, worker_id)
    out.put((worker_id, leased))


def test_processes_leasing_at_once_never_get_the_same_job(redis: RedisServer) -> None:
    prefix = f"procs-{next(_prefixes)}"
    queue = _queue(redis, prefix=prefix)
    for n in range(300):
        queue.enqueue(f"k{n}", {"n": n})
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_drain, args=(redis.url, prefix, f"w{i}", start, out)) for i in range(4)]
    for process in workers:
        process.start()
    results = dict(out.get(timeout=120) for _ in workers)
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    leased = [job_id for ids in results.values() for job_id in ids]
    assert len(leased) == len(set(leased)) == 300
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 300, "dead": 0}


def test_acknowledged_jobs_and_dedupe_keys_survive_a_redis_restart(tmp_path: Path) -> None:
    folder = tmp_path / "redis"
    with redis_server(folder) as first:
        queue = _queue(first, prefix="restart")
        assert queue.enqueue("k1", {"ticket_id": "1"}) and queue.enqueue("k2", {"ticket_id": "2"})
        job = queue.lease("w")
        assert job is not None and queue.complete(job.id, "w")
        port = first.port
    with redis_server(folder, port=port) as second:  # same append-only file, same port
        queue = _queue(second, prefix="restart")
        assert not queue.enqueue("k1", {}) and not queue.enqueue("k2", {})
        assert queue.stats() == {"pending": 1, "leased": 0, "done": 1, "dead": 0}
        again = queue.lease("w")
        assert again is not None and dict(again.payload) == {"ticket_id": "2"}
