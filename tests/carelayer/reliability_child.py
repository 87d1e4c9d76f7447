"""One process of the reliability suite: ``python -m tests.carelayer.reliability_child ROLE CONFIG_JSON``.

``web``: the real webhook blueprint (Zendesk signatures) under waitress on ``port``, enqueueing to the
configured queue. ``worker``: the real ``Worker`` (queue -> ZendeskHelpdesk against the fake -> the
ledger-guarded write-back -> activity log) with a fixed note decision, until SIGTERM or SIGKILL.
Backends come from the same factories the product uses (``carelayer.backends``).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask

from app.serve import serve
from app.worker import Worker
from carelayer.backends import open_job_queue, open_state_store
from carelayer.settings import Settings, load_settings
from carelayer.types import Action, Decision, Ticket
from connectors.base import TicketEvent, event_payload
from connectors.zendesk.connector import ZendeskHelpdesk
from connectors.zendesk.webhook import ZendeskWebhook
from tests.connectors.zendesk.fake_zendesk import BOT_USER_ID, TOKEN, settings_for
from webhooks.blueprint import create_webhooks_blueprint

SECRET = "reliability-webhook-secret"


class NoteAgent:
    """A note with a draft and tags for every ticket: the planned writes are one note and one tags write."""

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        return Decision(
            ticket.id, "billing", 0.9, False, Action.NOTE, draft="You can pay online.", tags=("carelayer_billing",)
        )


def settings(config: dict[str, Any]) -> Settings:
    folder = Path(config["folder"])
    path = folder / "config.yaml"
    path.write_text(json.dumps({"data_dir": str(folder / "data"), "queue": config["queue"], "state": config["state"]}))
    return load_settings(path, environ=config.get("environ", {}))


def web(config: dict[str, Any]) -> None:
    queue = open_job_queue(settings(config))

    def enqueue(event: TicketEvent) -> bool:
        return queue.enqueue(event.dedupe_key, event_payload(event))

    app = Flask("reliability-web")
    adapter = ZendeskWebhook(SECRET, bot_user_id=str(BOT_USER_ID), name="zendesk")
    blueprint = create_webhooks_blueprint(
        adapters={"zendesk": adapter}, enqueue=enqueue, max_body_bytes=100_000, clock=lambda: datetime.now(UTC)
    )
    app.register_blueprint(blueprint)
    serve(app, host="127.0.0.1", port=int(config["port"]), threads=4)


def worker(config: dict[str, Any]) -> None:
    current = settings(config)
    helpdesk_settings = settings_for(config["fake_url"], max_retries=1, max_retry_wait_seconds=1)
    helpdesk = ZendeskHelpdesk(helpdesk_settings, TOKEN, marker_tag="carelayer")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    Worker(
        queue=open_job_queue(current),
        helpdesks={"zendesk": helpdesk},
        agent=NoteAgent(),
        store=open_state_store(current),
        worker_id=f"worker-{os.getpid()}",
    ).run(stop, idle_sleep=0.05)


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING)
    role, config = argv[0], json.loads(argv[1])
    {"web": web, "worker": worker}[role](config)


if __name__ == "__main__":
    main(sys.argv[1:])
