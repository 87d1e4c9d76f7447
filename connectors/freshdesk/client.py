"""HTTP to the Freshdesk API v2: key auth, the rate budget, Freshdesk's retry rules and error text.

Built on ``carelayer.http`` (retries, timeouts, redirects refused, error mapping).

Auth is Basic with the API key as user name and ``X`` as password (https://developers.freshdesk.com/api/#authentication).
Retried: 429 (after ``Retry-After``, which also pauses every other call: see ``ratelimit.py``), every 5xx and
connection errors, with capped exponential backoff and full jitter when there is no ``Retry-After``. A
``Retry-After`` longer than ``max_retry_wait`` is not slept through here: the call fails retryable at once and the
job queue tries again later. Never retried: 400, 401, 403, 404, 405, 409, 415 and every other status: they become
``FreshdeskPermanentError`` with Freshdesk's own ``description`` and ``errors[].field/message/code``.
Messages and logs carry method, path and status only: never a body (ticket text), never the key.
Errors: https://developers.freshdesk.com/api/#error
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.http import HttpVendor, JsonHttpClient, Params
from connectors.freshdesk.ratelimit import RateBudget, RateLimitStatus

__all__ = ["Answer", "FreshdeskClient", "FreshdeskPermanentError", "FreshdeskRetryableError", "Params"]

log = logging.getLogger(__name__)

USER_AGENT = "carelayer-freshdesk/0.1"


class FreshdeskPermanentError(PermanentHelpdeskError):
    """A call retrying cannot fix; ``status`` is the HTTP status when Freshdesk answered one."""


class FreshdeskRetryableError(RetryableHelpdeskError):
    """A call that may succeed later (retries exhausted, a long Retry-After, or an outcome we cannot know)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A decoded answer: ``data`` (a JSON object or list), whether a ``Link: rel="next"`` page exists, the budget."""

    data: Any
    has_next: bool
    rate: RateLimitStatus


def error_parts(payload: Mapping[str, Any]) -> list[str]:
    """``description`` and each ``errors[]`` entry as ``field: message (code)``."""
    parts = [str(payload["description"]).strip()] if isinstance(payload.get("description"), str) else []
    for problem in payload.get("errors") or []:
        if isinstance(problem, dict):
            field, message, code = (str(problem.get(k) or "").strip() for k in ("field", "message", "code"))
            text = f"{field}: {message}" if field else message
            parts.append(f"{text} ({code})" if code else text)
    if not parts and isinstance(payload.get("message"), str):  # 401/403/404 bodies: {"code", "message"}
        parts.append(str(payload["message"]).strip())
    return parts


def _hint(status: int) -> str:
    return " (check the API key, and that its agent's role allows this call)" if status in (401, 403) else ""


# A long Retry-After is the account's minute budget spent: fail at once and let the job queue retry later.
FRESHDESK = HttpVendor(
    label="Freshdesk",
    url_example="https://<account>.freshdesk.com",
    user_agent=USER_AGENT,
    retryable=FreshdeskRetryableError,
    permanent=FreshdeskPermanentError,
    logger=log,
    retry_statuses=frozenset({429}),
    give_up_on_long_retry_after=True,
    error_parts=error_parts,
    status_hint=_hint,
)


class FreshdeskClient:
    """JSON over HTTPS to one Freshdesk account. ``sleep``, ``clock`` and ``rng`` are injected for tests."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float,
        max_retries: int,
        max_retry_wait: float,
        session: requests.Session | None = None,
        budget: RateBudget | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not api_key:
            raise ConfigError("the Freshdesk client needs an API key")
        self._http = JsonHttpClient(
            base_url,
            vendor=FRESHDESK,
            auth=(api_key, "X"),  # Freshdesk: the key is the user name, any password (documented: X)
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            throttle=budget if budget is not None else RateBudget(clock=clock, sleep=sleep),
            session=session,
            sleep=sleep,
            rng=rng,
        )
        self.base_url = self._http.base_url
        self.last_rate = RateLimitStatus()

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, params: Params | None = None) -> Answer:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Mapping[str, Any]) -> Answer:
        return self.request("POST", path, json_body=body)

    def put(self, path: str, body: Mapping[str, Any]) -> Answer:
        return self.request("PUT", path, json_body=body)

    def request(self, method: str, path: str, *, params: Params | None = None, json_body: Any = None) -> Answer:
        """Freshdesk's decoded answer (an object or a list); retries as described above, then a HelpdeskError."""
        response = self._http.send(method, path, params=params, json_body=json_body)
        self.last_rate = RateLimitStatus.from_headers(response.headers)
        data = self._http.decode(response, method, path)
        if not isinstance(data, dict | list):
            raise FreshdeskPermanentError(
                f"Freshdesk answered {method} {path} with JSON that is neither object nor list"
            )
        # ``Link: rel="next"`` says a next page exists; we never follow its URL (credentials stay on our host).
        return Answer(data, "next" in response.links, self.last_rate)
