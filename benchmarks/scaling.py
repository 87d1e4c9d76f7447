"""Scaling: tickets/s end to end with 1, 2 and 4 worker processes, and webhook acks/s with 1 and 2 web
processes, on each backend (embedded SQLite; Redis queue + PostgreSQL state).

    .venv/bin/python benchmarks/scaling.py [--tickets 270] [--workers 1,2,4] [--webs 1,2] [--seconds 10]
                                           [--backends sqlite,redis]

Needs redis-server and PostgreSQL (scripts/system-packages.sh); it starts both on free loopback ports
with the test suite's helpers (tests/servers.py) and stops them after. The helpdesk is the sandbox
(a local SQLite file), the composer the offline extractive one, the example clinic's knowledge is
indexed once. Each worker process is the real worker (LiveAgent -> write-back -> ledger -> activity).

Worker runs: N sandbox tickets are created and queued (as if acknowledged), K worker processes start,
load the index and models, and wait for a go-file; the clock runs from "go" to the empty queue, so
start-up is excluded. Each run has its own copy of the index and its own queue and state. Webhook runs:
W web processes (waitress, 8 threads each) behind no balancer; 16 client threads spread over them
post freshly signed sandbox deliveries for ``--seconds``; acks/s counts 202s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret"
GO_FILE = "go"


def _settings(config: Path):  # type: ignore[no-untyped-def]
    from carelayer.settings import load_settings

    environ = {"SANDBOX_WEBHOOK_SECRET": SECRET, **json.loads(os.environ.get("BENCH_ENVIRON", "{}"))}
    return load_settings(config, environ=environ)


def role_worker(config: Path) -> None:
    """One worker process: wait for the go-file, then process until the queue stays empty for 1 s."""
    from agent.live import LiveAgent
    from app.service import open_helpdesks, worker_id
    from app.worker import Worker
    from carelayer.backends import open_job_queue, open_state_store
    from carelayer.console_store import ConsoleStore
    from knowledge.index import open_index

    settings = _settings(config)
    index = open_index(settings)
    console = ConsoleStore(config.parent / "console.sqlite3")
    agent = LiveAgent(settings, store=console, retriever=index, embedder=index.embedder)
    worker = Worker(
        queue=open_job_queue(settings),
        helpdesks=open_helpdesks(settings),
        agent=agent,
        store=open_state_store(settings),
        worker_id=worker_id(),
    )
    (config.parent / f"ready-{os.getpid()}").touch()
    while not (config.parent / GO_FILE).exists():
        time.sleep(0.01)
    idle_since = None
    while True:
        if worker.run_once():
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > 1.0:
            return
        else:
            time.sleep(0.01)


def role_web(config: Path, port: int) -> None:
    from app.serve import serve
    from app.web import create_app
    from carelayer.backends import open_job_queue

    settings = _settings(config)
    serve(create_app(settings, queue=open_job_queue(settings)), host="127.0.0.1", port=port, threads=8)  # type: ignore[arg-type]


def _child(role: str, config: Path, *extra: str, environ: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BENCH_ENVIRON": json.dumps(environ), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, __file__, "--role", role, "--config", str(config), *extra]
    return subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


def _write_config(folder: Path, base: Path, backend: dict[str, Any]) -> Path:
    data = json.loads(base.read_text())
    data.update(backend)
    data["helpdesks"] = [{"name": "sandbox", "kind": "sandbox", "path": str(folder / "sandbox.sqlite3")}]
    data["data_dir"] = str(folder / "data")
    config = folder / "config.yaml"
    config.write_text(json.dumps(data))
    return config


def worker_run(folder: Path, base: Path, backend: dict[str, Any], environ: dict[str, str], *, tickets: int,
               workers: int) -> float:  # fmt: skip
    """Tickets/s with ``workers`` processes over ``tickets`` queued tickets."""
    from carelayer.backends import open_job_queue
    from connectors.base import TicketEvent, event_payload
    from connectors.sandbox.connector import SandboxHelpdesk

    folder.mkdir(parents=True)
    index_src = base.parent / "data"
    (folder / "data").mkdir()
    for item in index_src.iterdir():  # the index built once, copied (Chroma and BM25 files)
        if item.name not in ("queue.sqlite3", "state.sqlite3") and not item.name.startswith("queue"):
            subprocess.run(["cp", "-a", str(item), str(folder / "data" / item.name)], check=True)
    config = _write_config(folder, base, backend)
    os.environ["BENCH_ENVIRON"] = json.dumps(environ)
    settings = _settings(config)
    sandbox = SandboxHelpdesk(folder / "sandbox.sqlite3", marker_tag=settings.file.tag_prefix)
    clinic = ROOT / "examples" / "clinic"
    records = [json.loads(line) for name in ("tickets.jsonl", "holdout.jsonl") for line in (clinic / name).open()]
    queue = open_job_queue(settings)
    for n in range(tickets):
        record = records[n % len(records)]
        ticket = sandbox.create_ticket(record["subject"] or "(no subject)", record["body"])
        event = TicketEvent("sandbox", ticket.id, f"created:{ticket.id}")
        queue.enqueue(event.dedupe_key, event_payload(event))
    processes = [_child("worker", config, environ=environ) for _ in range(workers)]
    while len(list(folder.glob("ready-*"))) < workers:
        time.sleep(0.1)
    started = time.perf_counter()
    (folder / GO_FILE).touch()
    while queue.stats()["pending"] + queue.stats()["leased"] > 0 and any(p.poll() is None for p in processes):
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    for process in processes:
        process.wait(timeout=60)
    stats = queue.stats()
    if stats["done"] != tickets:  # the workers gave up (idle while jobs wait for a retry): say why
        errors = {job.last_error for job in queue.dead_letters()} or {"jobs still pending: see the worker logs"}
        raise RuntimeError(f"{workers} workers finished {stats['done']} of {tickets}: {', '.join(sorted(errors))}")
    return tickets / elapsed


def web_run(folder: Path, base: Path, backend: dict[str, Any], environ: dict[str, str], *, webs: int,
            seconds: float) -> float:  # fmt: skip
    """202s per second from ``webs`` web processes, 16 keep-alive client threads."""
    from connectors.sandbox.webhook import sign
    from tests.servers import free_port

    folder.mkdir(parents=True)
    config = _write_config(folder, base, backend)
    ports = [free_port() for _ in range(webs)]
    processes = [_child("web", config, "--port", str(port), environ=environ) for port in ports]
    try:
        for port in ports:
            _wait(port)
        counts = [0] * 16
        stop = time.perf_counter() + seconds

        def drive(slot: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", ports[slot % webs], timeout=10)
            n = 0
            while time.perf_counter() < stop:
                n += 1
                body = json.dumps({"ticket_id": f"T{slot}-{n}", "event_id": f"e{slot}-{n}-{time.time_ns()}"}).encode()
                headers = {"X-Carelayer-Signature": sign(SECRET, body), "Content-Type": "application/json"}
                connection.request("POST", "/webhooks/sandbox", body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
                counts[slot] += answer.status == 202

        started = time.perf_counter()
        threads = [threading.Thread(target=drive, args=(slot,)) for slot in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(counts) / (time.perf_counter() - started)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def _wait(port: int) -> None:
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"web process on {port} did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--role", choices=["worker", "web"])
    parser.add_argument("--config", type=Path)
    parser.add_argument("--port", type=int)
    parser.add_argument("--tickets", type=int, default=270)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--webs", default="1,2")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--backends", default="sqlite,redis")
    args = parser.parse_args()
    if args.role == "worker":
        role_worker(args.config)
        return 0
    if args.role == "web":
        role_web(args.config, args.port)
        return 0
    return _bench(args)


def _bench(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from triage import clinic_settings

    from knowledge.index import open_index
    from knowledge.sources import build_source
    from knowledge.sync import sync_all
    from tests.servers import PG_PASSWORD, postgres_server, redis_server

    with tempfile.TemporaryDirectory(prefix="carelayer-scaling-") as tmp:
        root = Path(tmp)
        settings = clinic_settings(root / "clinic", [])
        index = open_index(settings)
        sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        index.close()
        base = settings.config_path
        rows: list[str] = []
        for name in args.backends.split(","):
            if name == "sqlite":
                rows += _backend_rows(root / name, base, {}, {}, args)
                continue
            with redis_server(root / "redis") as redis, postgres_server() as postgres:
                backend = {"queue": {"backend": "redis", "url": redis.url}, "state": {"url": postgres.url}}
                environ = {"CARELAYER_DATABASE_PASSWORD": PG_PASSWORD}
                rows += _backend_rows(root / name, base, backend, environ, args)
    print("| backend | processes | figure |\n|---|---|---|")
    print("\n".join(rows))
    return 0


def _backend_rows(folder: Path, base: Path, backend: dict[str, Any], environ: dict[str, str],
                  args: argparse.Namespace) -> list[str]:  # fmt: skip
    label = "SQLite queue + SQLite state" if not backend else "Redis queue + PostgreSQL state"
    rows = []
    for count in (int(n) for n in args.workers.split(",")):
        if backend.get("queue"):
            backend["queue"]["prefix"] = f"w{count}"
        rate = worker_run(folder / f"w{count}", base, backend, environ, tickets=args.tickets, workers=count)
        rows.append(f"| {label} | {count} worker(s) | {rate:.1f} tickets/s |")
        print(rows[-1], file=sys.stderr)
    for count in (int(n) for n in args.webs.split(",")):
        if backend.get("queue"):
            backend["queue"]["prefix"] = f"web{count}"
        rate = web_run(folder / f"web{count}", base, backend, environ, webs=count, seconds=args.seconds)
        rows.append(f"| {label} | {count} web process(es) | {rate:.0f} acks/s |")
        print(rows[-1], file=sys.stderr)
    return rows


if __name__ == "__main__":
    sys.exit(main())
