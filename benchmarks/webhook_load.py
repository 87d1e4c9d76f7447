"""Webhook ingestion under load: the real endpoint beside a bare Flask 202, in one run, on loopback.

    .venv/bin/python benchmarks/webhook_load.py [--queue memory|sqlite] [--requests 20000] [--seconds 20]
                                            [--connections 16] [--threads 8] [--rounds 4]

This process starts two waitress servers on 127.0.0.1 (port 0), each with ``--threads`` threads:

- ``webhook``: the real blueprint (read bounded body -> HMAC-SHA256 verify with a timestamp, Zendesk's
  scheme -> JSON parse -> enqueue -> 202) with an in-memory queue, or ``carelayer.queue.SqliteQueue``
  in a temporary file with ``--queue sqlite`` (falls back to memory if that module is missing);
- ``bare``: a Flask view answering the same JSON with 202 and doing nothing else.

A second process (this file with ``--drive``) loads each in turn: ``--connections`` threads, one
keep-alive ``http.client`` connection each, every request a freshly signed delivery with a unique
event id (so every one is a new job), up to ``--requests`` requests or ``--seconds`` per endpoint,
after a short warm-up, split into ``--rounds`` rounds that alternate the endpoints (so background
load on a shared machine hits both alike). It prints requests/s and p50/p99 latency per endpoint and
the ratios. The load generator shares the machine (and Python's speed) with the servers: compare the
two rows with each other, not with another tool's absolute numbers.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import itertools
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# Run as a script, this file's folder heads sys.path and its name would shadow the webhooks package.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from flask import Flask

from app.serve import RunningServer, start_in_thread
from connectors.base import TicketEvent, WebhookError
from webhooks.blueprint import create_webhooks_blueprint

HOST = "127.0.0.1"
SECRET = b"benchmark-signing-secret"
SIGNATURE = "X-Zendesk-Webhook-Signature"
TIMESTAMP = "X-Zendesk-Webhook-Signature-Timestamp"
MAX_BODY_BYTES = 1_000_000
WARMUP_REQUESTS = 300
DESCRIPTION = "I need to move my appointment on Thursday with Dr. Lee to next week, any afternoon works. " * 3


class BenchAdapter:
    """Zendesk's signature scheme: base64(HMAC-SHA256(secret, timestamp + body)), 5 minutes' tolerance."""

    kind = "zendesk"

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        signature, stamp = headers.get(SIGNATURE), headers.get(TIMESTAMP)
        if not signature or not stamp:
            raise WebhookError("missing signature headers", status=401)
        try:
            sent = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError as error:
            raise WebhookError("malformed timestamp", status=401) from error
        if abs(now - sent) > timedelta(minutes=5):
            raise WebhookError("timestamp outside tolerance", status=401)
        if not hmac.compare_digest(sign(stamp, body).encode(), signature.encode()):
            raise WebhookError("invalid signature", status=401)

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        try:
            data = json.loads(body)
            return [TicketEvent("zendesk", str(data["ticket"]["id"]), str(data["event"]["id"]))]
        except (ValueError, TypeError, KeyError) as error:
            raise WebhookError("malformed delivery", status=400) from error


def sign(stamp: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET, stamp.encode() + body, hashlib.sha256).digest()).decode()


def make_enqueue(kind: str, folder: Path) -> tuple[Callable[[TicketEvent], bool], Callable[[], int], str]:
    """(enqueue, count of stored jobs, the queue's description)."""
    if kind == "sqlite":
        try:
            from carelayer.queue import SqliteQueue
        except ImportError:
            print("carelayer.queue is not there yet: using the in-memory queue", file=sys.stderr)
        else:
            queue = SqliteQueue(
                folder / "queue.sqlite3", lease_seconds=120, max_attempts=6, retry_base_seconds=5, retry_max_seconds=900
            )

            def enqueue_sqlite(event: TicketEvent) -> bool:
                payload = {"helpdesk": event.helpdesk, "ticket_id": event.ticket_id, "event_id": event.event_id}
                return queue.enqueue(event.dedupe_key, payload)

            return enqueue_sqlite, lambda: queue.stats()["pending"], "SqliteQueue (WAL file)"
    keys: set[str] = set()
    lock = threading.Lock()

    def enqueue_memory(event: TicketEvent) -> bool:
        with lock:
            if event.dedupe_key in keys:
                return False
            keys.add(event.dedupe_key)
            return True

    return enqueue_memory, lambda: len(keys), "in-memory set"


def webhook_app(enqueue: Callable[[TicketEvent], bool]) -> Flask:
    app = Flask("webhook-bench")
    blueprint = create_webhooks_blueprint(
        adapters={"zendesk": BenchAdapter()},
        enqueue=enqueue,
        max_body_bytes=MAX_BODY_BYTES,
        clock=lambda: datetime.now(UTC),
    )
    app.register_blueprint(blueprint)
    return app


def bare_app() -> Flask:
    app = Flask("bare-bench")

    @app.post("/bare")
    def bare() -> tuple[dict[str, int], int]:
        return {"accepted": 1, "duplicates": 0}, 202

    return app


# ---- the load generator (second process) ---------------------------------------------------------


def delivery(tag: str, number: int) -> tuple[bytes, dict[str, str]]:
    """A Zendesk-shaped, freshly signed delivery with a unique event id."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    event = {"id": f"{tag}-{number}", "type": "zen:event-type:ticket.created"}
    ticket = {"id": 10_000 + number, "subject": "Reschedule my appointment", "description": DESCRIPTION}
    body = json.dumps({"event": event, "ticket": ticket, "account_id": 42}).encode()
    headers = {SIGNATURE: sign(stamp, body), TIMESTAMP: stamp, "Content-Type": "application/json"}
    return body, headers


def drive(port: int, path: str, *, total: int, seconds: float, connections: int, tag: str) -> dict[str, Any]:
    """Send up to ``total`` requests within ``seconds`` over ``connections`` keep-alive connections."""
    numbers = itertools.count()
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    statuses: list[dict[int, int]] = [{} for _ in range(connections)]

    def worker(slot: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.perf_counter() < deadline and (number := next(numbers)) < total:
            body, headers = delivery(tag, number)
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies[slot].append(time.perf_counter() - started)
            statuses[slot][response.status] = statuses[slot].get(response.status, 0) + 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged: dict[str, int] = {}
    for counts in statuses:
        for status, n in counts.items():
            merged[str(status)] = merged.get(str(status), 0) + n
    return {
        "seconds": time.perf_counter() - started,
        "latencies": [round(x, 6) for row in latencies for x in row],
        "statuses": merged,
    }


# ---- the orchestration (this process) ------------------------------------------------------------


@dataclass
class Tally:
    """One endpoint's measurements, added up over the rounds."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, run: Mapping[str, Any]) -> None:
        self.seconds += float(run["seconds"])
        self.latencies.extend(run["latencies"])
        for status, n in run["statuses"].items():
            self.statuses[status] = self.statuses.get(status, 0) + int(n)

    def figures(self) -> tuple[int, float, float, float]:
        """(requests, requests/s, p50 ms, p99 ms)."""
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return len(self.latencies), len(self.latencies) / self.seconds, cuts[49] * 1000, cuts[98] * 1000


def run_driver(args: argparse.Namespace, port: int, path: str, tag: str, *, total: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--drive", f"{port}{path}", "--tag", tag, "--requests", str(total)]
    command += ["--seconds", str(args.seconds / args.rounds), "--connections", str(args.connections)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@contextmanager
def servers(args: argparse.Namespace, enqueue: Callable[[TicketEvent], bool]) -> Iterator[dict[str, RunningServer]]:
    started: dict[str, RunningServer] = {}
    try:
        started["webhook"] = start_in_thread(
            webhook_app(enqueue), host=HOST, port=0, threads=args.threads, max_body_bytes=MAX_BODY_BYTES
        )
        started["bare"] = start_in_thread(bare_app(), host=HOST, port=0, threads=args.threads)
        yield started
    finally:
        for server in started.values():
            server.stop()


def orchestrate(args: argparse.Namespace) -> int:
    """Warm both up, then alternate them for ``--rounds`` rounds so background load hits both alike."""
    # 16 connections on 8 threads queue by design; waitress warns on every queued task.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    paths = {"bare": "/bare", "webhook": "/webhooks/zendesk"}
    tallies = {name: Tally() for name in paths}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="carelayer-webhook-bench-") as folder:
        enqueue, stored, described = make_enqueue(args.queue, Path(folder))
        with servers(args, enqueue) as running:
            for name, path in paths.items():
                run_driver(args, running[name].port, path, f"warm-{name}", total=WARMUP_REQUESTS)
            for round_no in range(args.rounds):
                order = list(paths) if round_no % 2 == 0 else list(reversed(paths))
                for name in order:
                    run = run_driver(
                        args, running[name].port, paths[name], f"{name}-{round_no}", total=args.requests // args.rounds
                    )
                    tallies[name].add(run)
            jobs = stored()
    _report(args, described, tallies, jobs, (load_before, os.getloadavg()[0]))
    return 0


def _report(
    args: argparse.Namespace, queue: str, tallies: dict[str, Tally], jobs: int, load: tuple[float, float]
) -> None:
    print(
        f"waitress {args.threads} threads per server, {args.connections} connections, up to {args.requests} "
        f"requests or {args.seconds:g} s per endpoint in {args.rounds} alternating rounds; queue: {queue}; "
        f"{os.cpu_count()} CPUs, load average {load[0]:.1f} before, {load[1]:.1f} after"
    )
    print(f"{'endpoint':<10}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}  statuses")
    figures = {name: tally.figures() for name, tally in tallies.items()}
    for name, (n, rps, p50, p99) in figures.items():
        print(f"{name:<10}{n:>10}{rps:>10.0f}{p50:>10.2f}{p99:>10.2f}  {tallies[name].statuses}")
    (_, w_rps, w50, w99), (_, b_rps, b50, b99) = figures["webhook"], figures["bare"]
    print(
        f"webhook/bare: throughput {w_rps / b_rps:.2f}x, p50 {w50 / b50:.2f}x, p99 {w99 / b99:.2f}x; "
        f"jobs stored: {jobs} (warm-up included)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queue", choices=["memory", "sqlite"], default="memory")
    parser.add_argument("--requests", type=int, default=20_000, help="per endpoint")
    parser.add_argument("--seconds", type=float, default=20.0, help="per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per server (web.threads)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the budget is split into")
    parser.add_argument("--drive", metavar="PORT/PATH", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="run", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive:
        port, _, path = args.drive.partition("/")
        summary = drive(
            int(port), f"/{path}", total=args.requests, seconds=args.seconds, connections=args.connections, tag=args.tag
        )
        print(json.dumps(summary))
        return 0
    return orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
