"""Jira webhook deliveries for a JSM site: verify the signature, then parse to ``TicketEvent``s. Pure, no I/O.

Signature (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks): a webhook
registered with a secret carries ``X-Hub-Signature: sha256=<hex HMAC-SHA256(key=secret as UTF-8, msg=raw body)>``
(the WebSub form). An automation rule's "Send web request" cannot sign, but it can send a header: there the
same secret travels in a custom header (default ``X-Carelayer-Webhook-Secret``), compared in constant time.
With a secret configured, every delivery must carry one or the other. Without one, deliveries are refused
unless the admin set ``allow_unsigned_webhooks`` (an endpoint only a restricting proxy can reach); then they
are accepted with a warning logged when the adapter is built. Jira retries a delivery with the same
``X-Atlassian-Webhook-Identifier``: it is the event id, so a redelivery dedupes. The secret never appears in a message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from connectors.base import TicketEvent, WebhookError
from connectors.jsm.mapping import webhook_event
from connectors.webhook_support import (
    DEFAULT_SECRET_HEADER,
    check_hub_signature,
    check_secret_header,
    find_header,
    header_name,
    hub_signature,
    json_object,
)

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature"
IDENTIFIER_HEADER = "X-Atlassian-Webhook-Identifier"
_MAX_IDENTIFIER_CHARS = 200


def sign(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature`` value Jira sends for ``body`` (exposed for tests and local senders)."""
    return hub_signature(secret, body)


class JsmWebhook:
    """``WebhookAdapter`` for Jira / JSM; events are named after the helpdesk ``name``.

    Events caused by ``bot_account_id`` (the API user's Atlassian accountId) are dropped: our own writes fire
    webhooks too (loop guard). ``secret`` None accepts unsigned deliveries: the caller decides that only on
    the admin's explicit ``allow_unsigned_webhooks`` (``connectors.registry``).
    """

    kind: str = "jsm"

    def __init__(
        self,
        secret: str | None,
        *,
        header: str = DEFAULT_SECRET_HEADER,
        bot_account_id: str | None = None,
        name: str = "jsm",
    ) -> None:
        self._secret = secret or None
        self._header = header_name(header, helpdesk=name)
        self._bot = (bot_account_id or "").strip() or None
        self.name = name
        if self._secret is None:
            log.warning("helpdesk %s (jsm): allow_unsigned_webhooks is set; deliveries are accepted unsigned", name)

    @property
    def signed(self) -> bool:
        return self._secret is not None

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        """Raise WebhookError(401) unless the signature matches the raw body or the secret header carries the
        secret (when a secret is configured)."""
        if self._secret is None:
            return
        signature = find_header(headers, SIGNATURE_HEADER)
        if signature is None and find_header(headers, self._header) is not None:
            check_secret_header(headers, header=self._header, secret=self._secret)  # an automation rule
            return
        if signature is None:
            raise WebhookError(
                f"missing {SIGNATURE_HEADER} or {self._header} header (a secret is configured)", status=401
            )
        check_hub_signature(signature, secret=self._secret, body=body, header=SIGNATURE_HEADER)

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        """The delivery's ticket event; [] when ours or nothing to do; WebhookError(400) when malformed."""
        payload = json_object(body)
        identifier = find_header(headers, IDENTIFIER_HEADER)
        if identifier is not None and len(identifier) > _MAX_IDENTIFIER_CHARS:
            raise WebhookError(f"{IDENTIFIER_HEADER} is longer than {_MAX_IDENTIFIER_CHARS} characters", status=400)
        event = webhook_event(payload, delivery_id=identifier, helpdesk=self.name)
        if event is None:
            return []
        if self._bot is not None and event.actor_id == self._bot:
            return []  # caused by our own write (loop guard)
        return [event]
