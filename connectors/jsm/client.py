"""HTTP to a Jira Service Management site: Basic auth, Atlassian's retry rules and error text on ``carelayer.http``.

Retried (with ``Retry-After`` when Atlassian sends it, else capped exponential backoff with full jitter): 429,
every 5xx and connection errors. Never retried: every other status (401, 403, 404, 400, 409 ...); those become
``JsmPermanentError`` carrying the status and Atlassian's own error text. Request bodies (ticket text) and the
token never appear in a message or a log line: only the method, the path and the status.

Rate limits: https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
Error bodies: servicedeskapi ``{"errorMessage": ...}``; Jira platform ``{"errorMessages": [...], "errors": {...}}``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Unpack

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.http import JSON, ClientOptions, HttpVendor, JsonHttpClient, Params

__all__ = ["JSON", "JsmClient", "JsmPermanentError", "JsmRetryableError", "Params", "error_parts"]

log = logging.getLogger(__name__)

USER_AGENT = "carelayer-jsm/0.1"


class JsmPermanentError(PermanentHelpdeskError):
    """A call retrying cannot fix; ``status`` is the HTTP status when the site answered one."""


class JsmRetryableError(RetryableHelpdeskError):
    """A call that may succeed later (retries exhausted, or an outcome we cannot know)."""


def error_parts(payload: Mapping[str, Any]) -> list[str]:
    """Atlassian's error text from either API's error body."""
    parts: list[str] = []
    if isinstance(payload.get("errorMessage"), str):
        parts.append(payload["errorMessage"].strip())
    messages = payload.get("errorMessages")
    if isinstance(messages, list):
        parts.extend(str(m).strip() for m in messages if m)
    errors = payload.get("errors")
    if isinstance(errors, dict):
        parts.extend(f"{field}: {problem}" for field, problem in errors.items())
    return parts


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check the agent's email, the API token and that the account is an agent of the service desk)"
    return ""


# Unlike Zendesk's, a JSM 409 is not retried: Atlassian documents retries for 429 and 5xx only (link above).
JSM = HttpVendor(
    label="JSM",
    url_example="https://<site>.atlassian.net",
    user_agent=USER_AGENT,
    retryable=JsmRetryableError,
    permanent=JsmPermanentError,
    logger=log,
    retry_statuses=frozenset({429}),
    error_parts=error_parts,
    status_hint=_hint,
)


class JsmClient(JsonHttpClient):
    """JSON over HTTPS to one Atlassian site with an agent's API token (Basic ``email:token``).

    ``sleep`` and ``rng`` are injected so tests observe every wait without waiting.
    """

    def __init__(self, base_url: str, email: str, token: str, **options: Unpack[ClientOptions]) -> None:
        """``options``: ``timeout``, ``max_retries``, ``max_retry_wait`` (required), ``session``, ``sleep``, ``rng``."""
        if not email or not token:
            raise ConfigError("the Jira Service Management client needs the agent's email and an API token")
        super().__init__(base_url, vendor=JSM, auth=(email, token), **options)
