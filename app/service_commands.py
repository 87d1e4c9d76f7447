"""`carelayer worker`, `process`, `poll`, `jobs` and `sandbox`: the helpdesk loop from the command line."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from typing import Any

from rich.console import Console

from app.serve import serve
from app.service import open_helpdesks, open_queue, open_store, running_service
from app.web import create_app
from carelayer.errors import ConfigError, InputError
from carelayer.settings import Settings
from carelayer.types import Requester
from connectors.base import EventKind, TicketEvent, event_payload
from connectors.sandbox.connector import SandboxHelpdesk

# `process` uses one fixed event id per ticket: running it twice never writes twice.
MANUAL_EVENT = "manual"


def run_serve(settings: Settings, err: Console) -> int:
    web = settings.file.web
    err.print(f"serving webhooks on http://{web.host}:{web.port} (POST /webhooks/<helpdesk>, GET /healthz)")
    serve(create_app(settings), host=web.host, port=web.port, threads=web.threads, max_body_bytes=web.max_body_bytes)
    return 0


def run_worker(settings: Settings, args: argparse.Namespace, err: Console) -> int:
    """Process jobs until SIGTERM/SIGINT (or, with --once, until the queue is empty)."""
    stop = threading.Event()
    with running_service(settings, dry_run=args.dry_run) as service:
        if args.once:
            processed = 0
            while service.worker.run_once():
                processed += 1
            err.print(f"processed {processed} jobs; queue: {service.queue.stats()}", highlight=False)
            return 0
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        err.print(f"worker running (dry run: {args.dry_run}); stop with Ctrl-C", highlight=False)
        service.worker.run(stop, idle_sleep=args.idle_sleep)
    return 0


def run_process(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    """Fetch one ticket, triage it and write back once (or only show the decision with --dry-run)."""
    helpdesk = settings.helpdesk(args.helpdesk)
    event = TicketEvent(helpdesk.name, str(args.ticket_id), MANUAL_EVENT, EventKind.CREATED)
    with running_service(settings, dry_run=args.dry_run) as service:
        record = service.worker.handle(event)
    out.print(
        json.dumps(
            {"outcome": record.outcome.value, "writes": list(record.writes), "decision": record.decision},
            indent=2,
            ensure_ascii=False,
        ),
        highlight=False,
    )
    return 0


def run_poll(settings: Settings, args: argparse.Namespace, err: Console) -> int:
    """Enqueue what a helpdesk reports since the last poll (the fallback when webhooks were missed)."""
    config = settings.helpdesk(args.helpdesk)
    helpdesk = open_helpdesks(settings)[config.name]
    poller = getattr(helpdesk, "events_since", None)
    if not callable(poller):
        raise ConfigError(f"helpdesk {config.name!r} ({config.kind}) cannot be polled", location="helpdesks")
    store, queue = open_store(settings), open_queue(settings)
    cursor_name = f"poll:{config.name}"
    cursor = _cursor(store.get_cursor(cursor_name))
    new = seen = 0
    while True:
        events, cursor = poller(cursor)
        for event in events:
            new += queue.enqueue(event.dedupe_key, event_payload(event))
        seen += len(events)
        store.set_cursor(cursor_name, json.dumps(cursor))
        if not events:
            break
    err.print(f"{config.name}: {seen} events, {new} new jobs enqueued", highlight=False)
    return 0


def _cursor(stored: str | None) -> Any:
    return 0 if stored is None else json.loads(stored)


def run_jobs(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    queue = open_queue(settings)
    if args.jobs_command == "replay":
        if not queue.replay(args.job_id):
            raise InputError(f"job {args.job_id} is not a dead letter")
        out.print(f"job {args.job_id} is back in the queue", highlight=False)
        return 0
    if args.jobs_command == "dead":
        rows = [
            {"id": j.id, "key": j.key, "attempts": j.attempts, "last_error": j.last_error} for j in queue.dead_letters()
        ]
        out.print(json.dumps(rows, indent=2), highlight=False)
        return 0
    out.print(json.dumps(queue.stats()), highlight=False)
    return 0


def run_sandbox(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    """Create a ticket in the local sandbox helpdesk (and queue it), or show one."""
    config = settings.helpdesk(args.helpdesk)
    if config.kind != "sandbox":
        raise ConfigError(f"helpdesk {config.name!r} is not a sandbox", location="helpdesks")
    helpdesk = open_helpdesks(settings)[config.name]
    if not isinstance(helpdesk, SandboxHelpdesk):
        raise ConfigError(f"helpdesk {config.name!r} is not a sandbox", location="helpdesks")
    if args.sandbox_command == "create":
        ticket = helpdesk.create_ticket(args.subject, args.body, requester=Requester(name=args.requester))
        event = TicketEvent(config.name, ticket.id, f"created:{ticket.id}", EventKind.CREATED)
        open_queue(settings).enqueue(event.dedupe_key, event_payload(event))
        out.print(f"created sandbox ticket {ticket.id} and queued it; run `carelayer worker --once`", highlight=False)
        return 0
    snapshot = helpdesk.snapshot(args.ticket_id)
    out.print(json.dumps(_snapshot_json(snapshot), indent=2, ensure_ascii=False), highlight=False)
    return 0


def _snapshot_json(snapshot: Any) -> dict[str, Any]:
    return {
        "status": snapshot.status,
        "group": snapshot.group,
        "priority": snapshot.priority,
        "tags": sorted(snapshot.tags),
        "comments": [{"public": c.public, "author": c.author_id, "body": c.body} for c in snapshot.comments],
    }
