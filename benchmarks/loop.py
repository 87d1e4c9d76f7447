"""End to end with the sandbox helpdesk: signed webhook -> queue -> worker -> written note.

    .venv/bin/python benchmarks/loop.py [--tickets N]

Indexes the example clinic in a temporary folder, creates N sandbox tickets from the clinic's
labelled tickets, delivers each as a signed webhook to the real WSGI app (Flask test client, so the
figure is carelayer's work, not the network's), then runs one worker until the queue is empty.
Prints tickets/s for the webhook side and for the worker side (triage + write-back).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from triage import clinic_settings  # benchmarks/triage.py: the example clinic in a temporary folder

from app.service import running_service
from app.web import create_app
from carelayer.settings import BUNDLED_CONFIG, load_settings
from connectors.sandbox.connector import SandboxHelpdesk
from connectors.sandbox.webhook import sign
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all

CLINIC = BUNDLED_CONFIG.parent / "examples" / "clinic"
SECRET = "bench-secret"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=270)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carelayer-loop-bench-") as tmp:
        settings = _settings(Path(tmp) / "clinic")
        index = open_index(settings)
        sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        index.close()
        print(_run(settings, args.tickets))
    return 0


def _settings(folder: Path):  # type: ignore[no-untyped-def]
    settings = clinic_settings(folder, [])
    return load_settings(settings.config_path, environ={"SANDBOX_WEBHOOK_SECRET": SECRET})


def _run(settings, count: int) -> str:  # type: ignore[no-untyped-def]
    path = settings.helpdesk("sandbox").path
    sandbox = SandboxHelpdesk(path, marker_tag=settings.file.tag_prefix)
    records = [json.loads(line) for name in ("tickets.jsonl", "holdout.jsonl") for line in (CLINIC / name).open()]
    tickets = [sandbox.create_ticket(r["subject"] or "(no subject)", r["body"]) for r in records[:count]]
    client = create_app(settings).test_client()
    started = time.perf_counter()
    for ticket in tickets:
        body = json.dumps({"ticket_id": ticket.id, "event_id": f"created:{ticket.id}"}).encode()
        answer = client.post("/webhooks/sandbox", data=body, headers={"X-Carelayer-Signature": sign(SECRET, body)})
        assert answer.status_code == 202
    webhook_seconds = time.perf_counter() - started
    with running_service(settings) as service:
        started = time.perf_counter()
        while service.worker.run_once():
            pass
        worker_seconds = time.perf_counter() - started
        stats = service.queue.stats()
    notes = sum(1 for t in tickets for c in sandbox.comments(t.id) if c.author_id == "carelayer")
    return (
        f"{len(tickets)} tickets: webhooks {len(tickets) / webhook_seconds:.0f}/s; "
        f"worker (fetch, triage, write back) {len(tickets) / worker_seconds:.1f} tickets/s; "
        f"queue {stats}; carelayer comments written {notes}"
    )


if __name__ == "__main__":
    sys.exit(main())
