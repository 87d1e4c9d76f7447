"""What every helpdesk's webhook adapter does the same way: find a header, read the JSON body, check an HMAC.

Pure, no I/O. Every refusal is a ``WebhookError`` carrying the HTTP status to answer (401 for authenticity,
400 for a body we cannot read), never a secret or the body in its message. Signatures are compared in
constant time (``hmac.compare_digest``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from typing import Any

from carelayer.errors import ConfigError
from carelayer.helpdesk_settings import DEFAULT_WEBHOOK_HEADER
from connectors.base import WebhookError

_HUB_SIGNATURE = re.compile(r"^sha256=([0-9a-fA-F]{64})$")
# The header carrying a shared secret for senders that cannot sign (defined with the settings it defaults).
DEFAULT_SECRET_HEADER = DEFAULT_WEBHOOK_HEADER
_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def find_header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value by name whatever its case, stripped; None when absent or blank.

    A plain dict is not case-insensitive like werkzeug's ``Headers``, and tests and local senders pass dicts.
    """
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    value = value.strip() if isinstance(value, str) else None
    return value or None


def json_object(body: bytes) -> dict[str, Any]:
    """The delivery body as a JSON object; WebhookError(400) when it is not UTF-8 JSON or not an object."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise WebhookError("the delivery body is not UTF-8 JSON", status=400) from error
    if not isinstance(payload, dict):
        raise WebhookError("the delivery body must be a JSON object", status=400)
    return payload


def hmac_sha256(secret: str, message: bytes) -> bytes:
    """HMAC-SHA256 of ``message`` keyed with the secret as UTF-8 (the key is used as given, never decoded)."""
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


def hub_signature(secret: str, body: bytes) -> str:
    """The WebSub-style signature ``sha256=<hex HMAC-SHA256(secret, body)>`` (Jira's ``X-Hub-Signature``)."""
    return "sha256=" + hmac_sha256(secret, body).hex()


def check_hub_signature(given: str | None, *, secret: str, body: bytes, header: str) -> None:
    """Return when ``given`` is ``hub_signature(secret, body)`` (hex in any case); else WebhookError(401)."""
    if given is None:
        raise WebhookError(f"missing {header} header (a webhook secret is configured)", status=401)
    match = _HUB_SIGNATURE.match(given.strip())
    if match is None:
        raise WebhookError(f"{header} must be sha256=<64 hex digits>", status=401)
    expected = hmac_sha256(secret, body).hex()
    if not hmac.compare_digest(match.group(1).lower(), expected):
        raise WebhookError(f"{header} does not match the body", status=401)


def header_name(header: str, *, helpdesk: str) -> str:
    """``header`` when it is a plain HTTP header name; else ConfigError naming the helpdesk."""
    if not _HEADER_NAME.match(header):
        raise ConfigError(f"helpdesk {helpdesk!r}: webhook_header must be an HTTP header name (got {header!r})")
    return header


def check_secret_header(headers: Mapping[str, str], *, header: str, secret: str) -> None:
    """Return when ``header`` carries ``secret``; else WebhookError(401) naming the header, never the secret."""
    given = find_header(headers, header)
    if given is None:
        raise WebhookError(f"missing {header} header", status=401)
    if not same_secret(given, secret):
        raise WebhookError(f"{header} does not match the configured secret", status=401)


def same_secret(given: str, secret: str) -> bool:
    """Whether a shared-secret header carries ``secret`` (both stripped), compared in constant time."""
    return hmac.compare_digest(given.strip().encode("utf-8"), secret.strip().encode("utf-8"))
