"""HTTP to the Zendesk Help Center API for a knowledge source: token auth and a request budget on ``carelayer.http``.

``knowledge/`` may not import the Zendesk connector; both build on the shared ``carelayer.http`` client. Every
request first takes a slot of ``RequestBudget`` (at most N requests in any 60 s: the incremental article
export allows 10 a minute). 429 (``Retry-After`` honoured, capped), 409, 5xx and connection errors are
retried with the injected ``sleep``; when retries run out, or for 401/403/404 and other statuses, the
call raises ``SourceError`` naming the method, path and status (never a body, never the token).

Rate limits: https://developer.zendesk.com/api-reference/introduction/rate-limits/
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable

import requests

from carelayer.errors import ConfigError, SourceError
from carelayer.http import JSON, HttpVendor, JsonHttpClient, Params

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60.0
USER_AGENT = "carelayer-help-center/0.1"


class RequestBudget:
    """At most ``per_minute`` requests in any 60 s window; ``acquire`` waits (injected sleep) for a slot.

    Thread-safe; after a wait the slot counts as free even if the injected clock did not move, so a
    test that injects only ``sleep`` still terminates.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ConfigError("requests_per_minute must be positive")
        self._limit = per_minute
        self._clock = clock
        self._sleep = sleep
        self._stamps: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited = 0.0  # total seconds spent waiting for the budget (reported by tests and benchmarks)

    def acquire(self) -> None:
        not_before = -math.inf
        while True:
            with self._lock:
                now = max(self._clock(), not_before)
                while self._stamps and self._stamps[0] <= now - WINDOW_SECONDS:
                    self._stamps.popleft()
                if len(self._stamps) < self._limit:
                    self._stamps.append(now)
                    return
                not_before = self._stamps[0] + WINDOW_SECONDS
            wait = not_before - now
            self.waited += wait
            log.info("Help Center: %d requests within a minute; waiting %.1fs", self._limit, wait)
            self._sleep(wait)

    def before_request(self, method: str, path: str) -> None:
        """``carelayer.http.Throttle``: every request of the source takes a slot."""
        self.acquire()

    def after_response(self, method: str, path: str, response: requests.Response) -> None:
        """``carelayer.http.Throttle``: nothing to learn from an answer (a 429 is retried after its Retry-After)."""


def _hint(status: int) -> str:
    return " (check the email, the token and that the user is an agent)" if status in (401, 403) else ""


# 409: Zendesk's "try again" for colliding requests, retried like the Support API client does.
HELP_CENTER = HttpVendor(
    label="Zendesk Help Center",
    url_example="https://<subdomain>.zendesk.com",
    user_agent=USER_AGENT,
    retryable=SourceError,
    permanent=SourceError,
    logger=log,
    retry_statuses=frozenset({409, 429}),
    status_hint=_hint,
)


class HelpCenterClient:
    """GET JSON from one Zendesk account's Help Center with an API token (``{email}/token:{token}``)."""

    def __init__(
        self,
        base_url: str,
        email: str,
        token: str,
        *,
        budget: RequestBudget,
        timeout: float = 30.0,
        max_retries: int = 5,
        max_retry_wait: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not email or not token:
            raise ConfigError("the Help Center source needs the API user's email and an API token")
        self._http = JsonHttpClient(
            base_url,
            vendor=HELP_CENTER,
            auth=(f"{email}/token", token),
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            throttle=budget,
            session=session,
            sleep=sleep,
            rng=rng,
        )
        self.base_url = self._http.base_url

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, params: Params | None = None) -> JSON:
        """The decoded JSON object answered for ``GET path``; SourceError when it cannot be had."""
        return self._http.get(path, params)
