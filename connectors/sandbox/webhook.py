"""Webhook deliveries for the sandbox helpdesk: verify an HMAC signature, parse one event per delivery.

Body: ``{"ticket_id": "...", "event_id": "...", "kind": "created" | "updated"}`` (``actor_id`` and an ISO
``occurred_at`` are optional). With a secret, the header ``X-Carelayer-Signature: sha256=<hex>`` must hold
HMAC-SHA256(secret, raw body); without one, every delivery is accepted (local use only).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from connectors.base import EventKind, TicketEvent, WebhookError
from connectors.webhook_support import check_hub_signature, find_header, hub_signature, json_object

SIGNATURE_HEADER = "X-Carelayer-Signature"


def sign(secret: str, body: bytes) -> str:
    """The ``X-Carelayer-Signature`` value for ``body``: ``sha256=<hex HMAC-SHA256(secret, body)>``."""
    return hub_signature(secret, body)


def encode_event(event: TicketEvent) -> bytes:
    """The delivery body a sender posts for ``event`` (what ``SandboxWebhook.parse`` reads back)."""
    payload: dict[str, str] = {"ticket_id": event.ticket_id, "event_id": event.event_id, "kind": event.kind.value}
    if event.actor_id is not None:
        payload["actor_id"] = event.actor_id
    if event.occurred_at is not None:
        payload["occurred_at"] = event.occurred_at.isoformat()
    return json.dumps(payload, sort_keys=True).encode("utf-8")


class SandboxWebhook:
    """``WebhookAdapter`` for the sandbox: pure, no network; events are named after helpdesk ``name``."""

    kind: str = "sandbox"

    def __init__(self, secret: str | None, *, name: str = "sandbox") -> None:
        self._secret = secret or None  # an empty secret is no secret
        self.name = name

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        """Raise WebhookError(401) unless the signature matches (no-op without a secret; ``now`` is unused)."""
        if self._secret is None:
            return
        check_hub_signature(
            find_header(headers, SIGNATURE_HEADER), secret=self._secret, body=body, header=SIGNATURE_HEADER
        )

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        """The one event in the delivery; WebhookError(400) when the body is not a valid event."""
        payload = json_object(body)
        ticket_id = _identifier(payload.get("ticket_id"), "ticket_id")
        raw_event_id = payload.get("event_id")
        # Without an event id, a hash of the body is a stable stand-in: a redelivery dedupes to the same key.
        event_id = (
            hashlib.sha256(body).hexdigest()[:16] if raw_event_id is None else _identifier(raw_event_id, "event_id")
        )
        return [
            TicketEvent(
                helpdesk=self.name,
                ticket_id=ticket_id,
                event_id=event_id,
                kind=_kind(payload.get("kind", EventKind.CREATED.value)),
                actor_id=None if payload.get("actor_id") is None else _identifier(payload["actor_id"], "actor_id"),
                occurred_at=_moment(payload.get("occurred_at")),
            )
        ]


def _identifier(value: object, field: str) -> str:
    """A non-empty string id; integers are accepted and turned into strings."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise WebhookError(f"{field} must be a non-empty string or integer", status=400)


def _kind(value: object) -> EventKind:
    try:
        return EventKind(str(value))
    except ValueError as error:
        allowed = ", ".join(k.value for k in EventKind)
        raise WebhookError(f"kind {value!r} is not one of {allowed}", status=400) from error


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise WebhookError(f"occurred_at {value!r} is not an ISO 8601 time", status=400) from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
