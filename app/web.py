"""The WSGI application served by `carelayer serve`: the webhook endpoints and the health check.

Wiring only: the adapters come from the connector registry, the enqueue function writes to the
durable queue, and nothing on this path calls a helpdesk or the agent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from flask import Flask

from app.service import open_queue
from carelayer.queue import SqliteQueue
from carelayer.settings import Settings
from connectors.base import TicketEvent, WebhookAdapter, event_payload
from connectors.registry import build_webhook_adapter
from webhooks.blueprint import create_webhooks_blueprint


def create_app(settings: Settings, *, queue: SqliteQueue | None = None) -> Flask:
    """The Flask app for ``settings``; every configured helpdesk gets ``POST /webhooks/<name>``."""
    queue = queue or open_queue(settings)
    adapters: Mapping[str, WebhookAdapter] = {
        helpdesk.name: build_webhook_adapter(helpdesk, settings.secrets) for helpdesk in settings.file.helpdesks
    }

    def enqueue(event: TicketEvent) -> bool:
        return queue.enqueue(event.dedupe_key, event_payload(event))

    app = Flask("carelayer")
    app.config["MAX_CONTENT_LENGTH"] = settings.file.web.max_body_bytes
    app.register_blueprint(
        create_webhooks_blueprint(
            adapters=adapters,
            enqueue=enqueue,
            max_body_bytes=settings.file.web.max_body_bytes,
            clock=lambda: datetime.now(UTC),
            health=lambda: {"queue": queue.stats()},
        )
    )
    return app
