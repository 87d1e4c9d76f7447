"""Freshdesk webhook deliveries (automation rule action "Trigger webhook"): check the shared secret, then parse.

Freshdesk does not sign webhook requests. The rule's "Add custom headers" sends a header we choose (default
``X-Carelayer-Webhook-Secret``) carrying a long random secret from the environment; we compare it in constant
time and never echo it. Without a timestamp there is no freshness check: a replayed delivery only ever enqueues
an event already queued (same dedupe key). Using webhooks in automation rules:
https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from carelayer.errors import ConfigError
from connectors.base import TicketEvent
from connectors.freshdesk.mapping import as_id, webhook_event
from connectors.webhook_support import DEFAULT_SECRET_HEADER, check_secret_header, header_name, json_object

__all__ = ["DEFAULT_SECRET_HEADER", "MIN_SECRET_CHARS", "FreshdeskWebhook"]

MIN_SECRET_CHARS = 24


class FreshdeskWebhook:
    """``WebhookAdapter`` for Freshdesk; events are named after the helpdesk ``name``.

    Events whose body names ``bot_user_id`` (our API agent) as ``actor_id`` are dropped (loop guard); the
    automation rules in README.md also only fire on what the requester did.
    """

    kind: str = "freshdesk"

    def __init__(
        self,
        secret: str,
        *,
        header: str = DEFAULT_SECRET_HEADER,
        bot_user_id: str | None = None,
        name: str = "freshdesk",
    ) -> None:
        if len(secret.strip()) < MIN_SECRET_CHARS:
            raise ConfigError(
                f"helpdesk {name!r}: the Freshdesk webhook secret must be at least {MIN_SECRET_CHARS} characters "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        self._secret = secret.strip()
        self._header = header_name(header, helpdesk=name)
        bot = (bot_user_id or "").strip()
        self._bot_user_id = (as_id(bot) or bot) if bot else None
        self.name = name

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        """Raise WebhookError(401) unless the secret header matches (``now`` is unused: Freshdesk sends no time)."""
        check_secret_header(headers, header=self._header, secret=self._secret)

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        """The delivery's ticket event; [] when ours; WebhookError(400) when malformed."""
        event = webhook_event(json_object(body), helpdesk=self.name)
        if self._bot_user_id is not None and event.actor_id == self._bot_user_id:
            return []  # caused by our own write (loop guard)
        return [event]
