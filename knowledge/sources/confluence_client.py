"""HTTP to Confluence REST v1 (Cloud and Server/Data Center) on the shared ``carelayer.http`` client.

atlassian-python-api's ``Confluence`` sets up the authenticated session (Basic for Cloud, a Bearer personal
access token for Server/DC); requests, retries and error mapping are ``carelayer.http``'s. Retried
(``Retry-After`` when sent, else capped exponential backoff with full jitter): 429, every 5xx and connection
errors. Anything else (401, 403, 404, 400 for bad CQL ...) raises ``ConfluenceError`` at once. Every request
first takes a token from a requests-per-minute budget, so a large sync never hammers the site.

Rate limiting: https://developer.atlassian.com/cloud/confluence/rate-limiting/
Messages carry the method, path and status only: never the token or page text.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
from atlassian import Confluence

from carelayer.errors import SourceError
from carelayer.http import JSON, HttpVendor, JsonHttpClient

log = logging.getLogger(__name__)

USER_AGENT = "carelayer-confluence/0.1"


class ConfluenceError(SourceError):
    """Confluence could not be read; ``status`` is the HTTP status when it answered one."""


class TokenBucket:
    """At most ``per_minute`` takes per minute on average, with a small burst; clock and sleep injected."""

    def __init__(
        self,
        per_minute: int,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate = per_minute / 60.0
        self._capacity = float(burst if burst is not None else max(1, per_minute // 12))
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._last = clock()

    def take(self) -> float:
        """Wait until a request may be sent; returns the seconds waited."""
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        wait = (1 - self._tokens) / self._rate
        self._sleep(wait)
        self._refill()
        self._tokens = max(0.0, self._tokens - 1)
        return wait

    def before_request(self, method: str, path: str) -> None:
        """``carelayer.http.Throttle``: every request takes a token."""
        self.take()

    def after_response(self, method: str, path: str, response: requests.Response) -> None:
        """``carelayer.http.Throttle``: nothing to learn from an answer (a 429 is retried after its Retry-After)."""

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._last) * self._rate)
        self._last = now


def _hint(status: int) -> str:
    advice = {401: ": check username and token", 403: ": the API user lacks permission"}.get(status, "")
    return f" (HTTP {status}{advice})"


CONFLUENCE = HttpVendor(
    label="Confluence",
    url_example="https://<site>.atlassian.net/wiki",
    user_agent=USER_AGENT,
    retryable=ConfluenceError,
    permanent=ConfluenceError,
    logger=log,
    retry_statuses=frozenset({429}),
    status_hint=_hint,
)


class ConfluenceClient:
    """GETs JSON under ``<url>/rest/api`` (Cloud: ``<site>/wiki/rest/api``) with retries and a budget."""

    def __init__(
        self,
        url: str,
        *,
        username: str | None,
        token: str,
        cloud: bool,
        timeout: float = 30,
        max_retries: int = 5,
        max_retry_wait: float = 120,
        bucket: TokenBucket | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        base = url.rstrip("/")
        if cloud and not base.endswith("/wiki"):
            base += "/wiki"  # Cloud serves Confluence under /wiki; Server/DC at its own context path
        auth: dict[str, Any] = {"username": username, "password": token} if username else {"token": token}
        # The library only builds the authenticated session; its own retries stay off (ours are below).
        api = Confluence(  # type: ignore[no-untyped-call]
            base, cloud=cloud, timeout=timeout, retry_with_header=False, **auth
        )
        self._http = JsonHttpClient(
            base,
            vendor=CONFLUENCE,
            auth=None,  # the session carries it (Basic, or the Bearer token header)
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            throttle=bucket or TokenBucket(120, sleep=sleep),
            session=api.session,
            sleep=sleep,
            rng=rng,
        )
        self.base_url = self._http.base_url

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> JSON:
        """The JSON object at ``rest/api/<path>``; raises ``ConfluenceError`` once retries are spent."""
        return self._http.get(f"/rest/api/{path}", dict(params or {}))
