"""Zendesk webhook deliveries: verify the signature and freshness, then parse to ``TicketEvent``s. Pure, no I/O.

Signature (https://developer.zendesk.com/documentation/webhooks/verifying/):
``X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(key=signing secret as UTF-8, msg=timestamp + raw body))``
with the timestamp from ``X-Zendesk-Webhook-Signature-Timestamp``. The secret is used as given (never
base64-decoded) and never appears in a message. Deliveries are at least once: ``event_id`` is stable per cause.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from carelayer.errors import ConfigError
from carelayer.jsonvalues import parse_time
from connectors.base import TicketEvent, WebhookError
from connectors.webhook_support import find_header, hmac_sha256, json_object
from connectors.zendesk.mapping import as_id, event_from_payload

SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature"
TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp"
_HEX_DIGEST = re.compile(r"^(sha256=)?[0-9a-fA-F]{64}$")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature Zendesk sends for ``body`` at ``timestamp`` (exposed for tests and local senders)."""
    return base64.b64encode(hmac_sha256(secret, timestamp.encode("utf-8") + body)).decode("ascii")


class ZendeskWebhook:
    """``WebhookAdapter`` for Zendesk; events are named after the helpdesk ``name``.

    Events caused by ``bot_user_id`` (our own API user) are dropped: our writes re-fire triggers (loop guard).
    """

    kind: str = "zendesk"

    def __init__(
        self, secret: str, *, tolerance_seconds: int = 300, bot_user_id: str | None = None, name: str = "zendesk"
    ) -> None:
        if not secret:
            raise ConfigError(f"helpdesk {name!r}: the Zendesk webhook signing secret is empty")
        if tolerance_seconds <= 0:
            raise ConfigError(f"helpdesk {name!r}: webhook_tolerance_seconds must be positive")
        self._secret = secret
        self._tolerance = tolerance_seconds
        bot = (bot_user_id or "").strip()
        self._bot_user_id = (as_id(bot) or bot) if bot else None  # compared with ids normalised by as_id
        self.name = name

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        """Raise WebhookError(401) unless the signature matches and the timestamp is within tolerance of ``now``."""
        signature = find_header(headers, SIGNATURE_HEADER)
        timestamp = find_header(headers, TIMESTAMP_HEADER)
        if signature is None or timestamp is None:
            missing = SIGNATURE_HEADER if signature is None else TIMESTAMP_HEADER
            raise WebhookError(f"missing {missing} header", status=401)
        self._check_fresh(timestamp, now)
        given = _decoded_signature(signature)
        expected = base64.b64decode(sign(self._secret, timestamp, body))
        if not hmac.compare_digest(given, expected):
            raise WebhookError(f"{SIGNATURE_HEADER} does not match the body and timestamp", status=401)

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        """The delivery's ticket event; [] when ours or nothing to do; WebhookError(400) when malformed."""
        event = event_from_payload(json_object(body), helpdesk=self.name)
        if event is None:
            return []
        if self._bot_user_id is not None and event.actor_id == self._bot_user_id:
            return []  # caused by our own write (loop guard)
        return [event]

    def _check_fresh(self, timestamp: str, now: datetime) -> None:
        sent_at = parse_time(timestamp)
        if sent_at is None:
            raise WebhookError(f"{TIMESTAMP_HEADER} is not an ISO-8601 time", status=401)
        current = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
        skew = (current - sent_at).total_seconds()
        if skew > self._tolerance:
            raise WebhookError(f"stale delivery: signed {skew:.0f}s ago (tolerance {self._tolerance}s)", status=401)
        if -skew > self._tolerance:
            raise WebhookError(
                f"delivery timestamp is {-skew:.0f}s in the future (tolerance {self._tolerance}s)", status=401
            )


def _decoded_signature(signature: str) -> bytes:
    if _HEX_DIGEST.match(signature):
        raise WebhookError(f"{SIGNATURE_HEADER} is hex-encoded; Zendesk signs with base64", status=401)
    try:
        decoded = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError) as error:
        raise WebhookError(f"{SIGNATURE_HEADER} is not base64", status=401) from error
    if len(decoded) != hashlib.sha256().digest_size:
        raise WebhookError(f"{SIGNATURE_HEADER} is not a SHA-256 signature", status=401)
    return decoded
