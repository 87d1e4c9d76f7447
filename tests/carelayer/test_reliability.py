"""Nothing lost, nothing twice: 2 web processes and 3 workers on each backend (embedded SQLite; Redis +
PostgreSQL), tickets delivered with duplicates and out of order, workers SIGKILLed at random, the
PostgreSQL server restarted mid-run, and the helpdesk (the stateful fake Zendesk) answering 429, 500
and 503 in bursts. Afterwards every ticket has exactly one note and one tags write, and the dead
letters hold exactly the deliveries meant to fail (tickets the helpdesk does not have: 404).

``CARELAYER_RELIABILITY_TICKETS`` sets the ticket count (default 300; docs/benchmarks.md has a 1,000
ticket run). Randomness is seeded, so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from carelayer.backends import open_job_queue, open_state_store
from carelayer.queue import JobQueue
from carelayer.store import Outcome
from connectors.zendesk.webhook import sign
from tests.carelayer.reliability_child import SECRET, settings
from tests.connectors.zendesk.fake_zendesk import FakeZendesk, serve
from tests.servers import PG_PASSWORD, PostgresServer, RedisServer, free_port

ROOT = Path(__file__).resolve().parents[2]
TICKETS = int(os.environ.get("CARELAYER_RELIABILITY_TICKETS", "300"))
MISSING = 10  # deliveries for tickets the helpdesk does not have: the only dead letters expected
WORKERS, WEBS = 3, 2
DEADLINE_SECONDS = 240.0
Start = Callable[[str, dict[str, Any]], "subprocess.Popen[bytes]"]
# Backoff must outlast a burst (as in production: 5 s doubling to 15 min); here 0.3 s doubling to 3 s.
TIMING = {"lease_seconds": 5, "max_attempts": 12, "retry_base_seconds": 0.3, "retry_max_seconds": 3.0}


@contextmanager
def _processes(folder: Path, config: dict[str, Any]) -> Iterator[Start]:
    started: list[subprocess.Popen[bytes]] = []

    def start(role: str, extra: dict[str, Any]) -> subprocess.Popen[bytes]:
        log = (folder / f"{role}-{len(started)}.log").open("wb")
        args = [sys.executable, "-m", "tests.carelayer.reliability_child", role, json.dumps({**config, **extra})]
        process = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _deliver(port: int, ticket_id: int) -> int:
    """One signed delivery of ticket ``ticket_id``'s creation, retried like Zendesk on 503 or a refused
    connection; returns how many events were new."""
    body = json.dumps(
        {"ticket_id": str(ticket_id), "updated_at": "2026-03-02T09:20:00Z", "event": "created", "current_user_id": "5"}
    ).encode()
    for _ in range(200):
        stamp = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        headers = {
            "X-Zendesk-Webhook-Signature": sign(SECRET, stamp, body),
            "X-Zendesk-Webhook-Signature-Timestamp": stamp,
            "Content-Type": "application/json",
        }
        try:
            answer = requests.post(f"http://127.0.0.1:{port}/webhooks/zendesk", data=body, headers=headers, timeout=10)
        except requests.ConnectionError:
            time.sleep(0.1)
            continue
        if answer.status_code == 202:
            return int(answer.json()["accepted"])
        assert answer.status_code == 503, answer.text
        time.sleep(0.1)
    raise AssertionError(f"ticket {ticket_id}: never acknowledged")


class Recorder:
    """WSGI middleware: each request's method, path and status, recorded together (the fake's own
    record sets statuses on its newest request, which is not this one under concurrent workers)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, str, int]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def recording(status: str, headers: Any, *args: Any) -> Any:
            self.seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], int(status.split(maxsplit=1)[0])))
            return start_response(status, headers, *args)

        return self.app(environ, recording)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"web process on {port} never answered")


@pytest.fixture(params=["sqlite", "redis+postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    if request.param == "sqlite":
        return {"queue": {"backend": "sqlite", **TIMING}, "state": {}, "environ": {}}
    redis_server: RedisServer = request.getfixturevalue("redis")
    postgres: PostgresServer = request.getfixturevalue("postgres")
    prefix = f"reliability-{tmp_path.name}"
    return {
        "queue": {"backend": "redis", "url": redis_server.url, "prefix": prefix, **TIMING},
        "state": {"url": postgres.url},
        "environ": {"CARELAYER_DATABASE_PASSWORD": PG_PASSWORD},
        "postgres": postgres,
    }


def _deliver_all(ports: list[int], deliveries: list[int]) -> int:
    """Deliver in parallel, alternating web processes; how many deliveries were new events."""
    with ThreadPoolExecutor(8) as pool:
        return sum(pool.map(lambda p: _deliver(ports[p[0] % WEBS], p[1]), enumerate(deliveries)))


def _kill_one(workers: list[subprocess.Popen[bytes]], start: Start, rng: random.Random) -> None:
    """SIGKILL a random worker (mid-job, as likely as not) and start a replacement."""
    victim = rng.randrange(WORKERS)
    workers[victim].send_signal(signal.SIGKILL)
    workers[victim].wait()
    workers[victim] = start("worker", {})


def _chaos_until_drained(
    queue: JobQueue, fake: FakeZendesk, workers: list[subprocess.Popen[bytes]], start: Start, rng: random.Random
) -> int:
    """Helpdesk error bursts and worker kills until the queue has nothing pending or leased; the kills."""
    kills, bursts, deadline = 0, 0, time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        stats = queue.stats()
        if stats["pending"] == stats["leased"] == 0:
            break
        # Bursts while there is a crowd of jobs to share them: on an almost empty queue every scripted
        # failure would hit the same job and exhaust its attempts, which is not what a burst does.
        if rng.random() < 0.25 and stats["pending"] > 4 * WORKERS and bursts < max(5, TICKETS // 20):
            fake.fail_next(rng.choice((429, 500, 503)), times=rng.randint(2, 6), headers={"Retry-After": "1"})
            bursts += 1
        if rng.random() < 0.2 and kills < 5:
            _kill_one(workers, start, rng)
            kills += 1
        time.sleep(0.5)
    return kills


def test_every_ticket_is_written_exactly_once_under_faults(backend: dict[str, Any], tmp_path: Path) -> None:
    rng = random.Random(20261128)
    fake = FakeZendesk()
    tickets = [fake.create_ticket(f"bill {n}", f"How do I pay bill {n}?") for n in range(TICKETS)]
    missing = [990_000 + n for n in range(MISSING)]
    postgres: PostgresServer | None = backend.pop("postgres", None)
    config = {**backend, "folder": str(tmp_path)}
    deliveries = [t for t in tickets + missing for _ in range(rng.choice((1, 1, 2, 3)))]
    rng.shuffle(deliveries)  # duplicates arrive out of order, some long after the first
    half = len(deliveries) // 2
    recorder = Recorder(fake.app)
    with serve(recorder) as fake_url, _processes(tmp_path, {**config, "fake_url": fake_url}) as start:
        ports = [free_port() for _ in range(WEBS)]
        for port in ports:
            start("web", {"port": port})
        for port in ports:
            _wait_for_port(port)
        workers = [start("worker", {}) for _ in range(WORKERS)]
        fake.fail_next(429, times=6, headers={"Retry-After": "1"})  # a first burst while the work arrives
        accepted = _deliver_all(ports, deliveries[:half])
        _kill_one(workers, start, rng)  # while half the tickets are being processed
        if postgres is not None:
            postgres.restart()  # the state database goes away once, mid-run
        accepted += _deliver_all(ports, deliveries[half:])
        assert accepted == TICKETS + MISSING  # each ticket is one job, whichever web process got it
        queue = open_job_queue(settings(config))
        _chaos_until_drained(queue, fake, workers, start, rng)
        stats = queue.stats()
    dead = {job.payload["ticket_id"]: job.last_error for job in queue.dead_letters()}
    unexpected = {t: [seen for seen in recorder.seen if f"/{t}" in seen[1]] for t in dead}
    unexpected = {t: seen for t, seen in unexpected.items() if int(t) not in missing}
    assert stats == {"pending": 0, "leased": 0, "done": TICKETS, "dead": MISSING}, (stats, unexpected)
    assert any(status in (429, 500, 503) for _, _, status in recorder.seen)  # the bursts were served
    assert sorted(int(job.payload["ticket_id"]) for job in queue.dead_letters()) == missing
    writes = Counter(
        (path.split("/")[4].split(".")[0], method) for method, path, status in recorder.seen
        if method == "PUT" and status == 200
    )  # fmt: skip
    for ticket_id in tickets:
        notes = [c for c in fake.notes(ticket_id) if "carelayer ref:" in c["body"]]
        assert len(notes) == 1, f"ticket {ticket_id}: {len(notes)} notes"
        assert "carelayer_billing" in fake.tags(ticket_id)
        assert writes[(str(ticket_id), "PUT")] == 2, f"ticket {ticket_id}: {writes[(str(ticket_id), 'PUT')]} writes"
    store = open_state_store(settings(config))
    for ticket_id in rng.sample(tickets, 20):
        records, _ = store.activity_page(ticket_id=str(ticket_id))
        assert Outcome.WRITTEN in {r.outcome for r in records}
