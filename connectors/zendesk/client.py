"""HTTP to the Zendesk Support API: token auth, Zendesk's retry rules and error text on ``carelayer.http``.

Retried (with ``Retry-After`` when Zendesk sends it, else capped exponential backoff with full jitter):
429, 409, every 5xx and connection errors. Never retried: 401, 403, 404, 422 and every other status; they
become ``PermanentHelpdeskError`` carrying the status and Zendesk's own error text. Request bodies (ticket
text) and the token never appear in a message or a log line: only the method, the path and the status.

Rate limits: https://developer.zendesk.com/api-reference/introduction/rate-limits/
Errors: https://developer.zendesk.com/api-reference/introduction/requests/#response-format
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Unpack

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.http import JSON, ClientOptions, HttpVendor, JsonHttpClient, Params

__all__ = ["JSON", "Params", "ZendeskClient", "ZendeskPermanentError", "ZendeskRetryableError", "error_parts"]

log = logging.getLogger(__name__)

USER_AGENT = "carelayer-zendesk/0.1"


class ZendeskPermanentError(PermanentHelpdeskError):
    """A call retrying cannot fix; ``status`` is the HTTP status when Zendesk answered one."""


class ZendeskRetryableError(RetryableHelpdeskError):
    """A call that may succeed later (retries exhausted, or an outcome we cannot know)."""


def error_parts(payload: Mapping[str, Any]) -> list[str]:
    """Zendesk's error code and description (``{"error": ..., "description": ..., "details": ...}``)."""
    parts = [_error_text(payload.get("error")), _error_text(payload.get("description"))]
    details = payload.get("details")
    if isinstance(details, dict):
        for field, problems in details.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                text = _error_text(problem.get("description") if isinstance(problem, dict) else problem)
                parts.append(f"{field}: {text}" if text else str(field))
    return parts


def _error_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):  # some endpoints answer {"error": {"title": ..., "message": ...}}
        return ": ".join(str(value[k]).strip() for k in ("title", "message") if value.get(k))
    return ""


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check the API user's email, the token and that token access is enabled)"
    return ""


# Zendesk answers 409 when two updates of one ticket collide: the same update succeeds a moment later.
ZENDESK = HttpVendor(
    label="Zendesk",
    url_example="https://<subdomain>.zendesk.com",
    user_agent=USER_AGENT,
    retryable=ZendeskRetryableError,
    permanent=ZendeskPermanentError,
    logger=log,
    retry_statuses=frozenset({409, 429}),
    error_parts=error_parts,
    status_hint=_hint,
)


class ZendeskClient(JsonHttpClient):
    """JSON over HTTPS to one Zendesk account with an API token (``{email}/token:{token}`` Basic auth).

    ``sleep`` and ``rng`` are injected so tests observe every wait without waiting.
    """

    def __init__(self, base_url: str, email: str, token: str, **options: Unpack[ClientOptions]) -> None:
        """``options``: ``timeout``, ``max_retries``, ``max_retry_wait`` (required), ``session``, ``sleep``, ``rng``."""
        if not email or not token:
            raise ConfigError("the Zendesk client needs the API user's email and an API token")
        super().__init__(base_url, vendor=ZENDESK, auth=(f"{email}/token", token), **options)
