"""Freshdesk's per-minute API budget, spent on our side before Freshdesk has to refuse a call with 429.

Freshdesk limits calls per minute for the whole account and, below that, per endpoint ("Ticket Create",
"Ticket Update", "Tickets List", "Contacts List"); an embed (``include=``) costs extra credits, which the
``X-RateLimit-Used-CurrentRequest`` header reports. https://developers.freshdesk.com/api/#ratelimit

``RateBudget`` keeps one sliding 60-second window per endpoint class plus the account window and waits (through
the injected ``sleep``) until a call fits in both. A 429's ``Retry-After`` pauses every call, on every thread,
for that long (``pause``). The defaults are the smallest paid plan's (Growth); a bigger plan only waits less often.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

from carelayer.http import retry_after_seconds

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60.0
ACCOUNT = "account"
TICKETS_LIST = "tickets_list"
TICKET_CREATE = "ticket_create"
TICKET_UPDATE = "ticket_update"
# Growth plan, calls per minute (the documented table; higher plans allow more).
DEFAULT_LIMITS: Mapping[str, int] = {ACCOUNT: 200, TICKET_CREATE: 80, TICKET_UPDATE: 80, TICKETS_LIST: 20}
_ONE_TICKET = re.compile(r"^/api/v2/tickets/[0-9]+$")


def endpoint_class(method: str, path: str) -> str | None:
    """Which per-endpoint limit a call counts against (None: only the account's)."""
    if path == "/api/v2/tickets":
        return TICKETS_LIST if method == "GET" else TICKET_CREATE if method == "POST" else None
    if method == "PUT" and _ONE_TICKET.match(path):
        return TICKET_UPDATE
    return None


@dataclass(frozen=True, slots=True)
class RateLimitStatus:
    """What the last response said about the account's budget (None where a header was absent or unreadable)."""

    total: int | None = None
    remaining: int | None = None
    used_by_request: int | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitStatus:
        return cls(
            _int_header(headers, "X-RateLimit-Total"),
            _int_header(headers, "X-RateLimit-Remaining"),
            _int_header(headers, "X-RateLimit-Used-CurrentRequest"),
        )


class RateBudget:
    """Sliding-window call budgets; thread-safe, waits happen outside the lock.

    After a wait the budget counts as refreshed even when the injected clock did not move, so a test that
    injects only ``sleep`` still terminates.
    """

    def __init__(
        self,
        limits: Mapping[str, int] | None = None,
        *,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._limits = dict(DEFAULT_LIMITS if limits is None else limits)
        if any(value < 1 for value in self._limits.values()):
            raise ValueError("every Freshdesk rate limit must allow at least one call per minute")
        self._window = window
        self._clock = clock
        self._sleep = sleep
        self._spent: dict[str, deque[float]] = {name: deque() for name in self._limits}
        self._paused_until = -math.inf
        self._lock = threading.Lock()

    def acquire(self, endpoint: str | None) -> None:
        """Wait until one more call fits the account window and ``endpoint``'s window, then count it."""
        buckets = [name for name in (ACCOUNT, endpoint) if name in self._limits]
        not_before = -math.inf
        while True:
            with self._lock:
                now = max(self._clock(), not_before)
                wait = max([self._paused_until - now, *(self._room_in(name, now) for name in buckets)])
                if wait <= 0:
                    for name in buckets:
                        self._spent[name].append(now)
                    return
                not_before = now + wait
            log.info("Freshdesk rate budget (%s): waiting %.1fs", endpoint or ACCOUNT, wait)
            self._sleep(wait)

    def before_request(self, method: str, path: str) -> None:
        """``carelayer.http.Throttle``: wait for room in the account's and the endpoint's window."""
        self.acquire(endpoint_class(method, path))

    def after_response(self, method: str, path: str, response: requests.Response) -> None:
        """``carelayer.http.Throttle``: count an embed's extra credits; a 429's ``Retry-After`` pauses everyone."""
        used = RateLimitStatus.from_headers(response.headers).used_by_request
        if used:
            self.charge(used - 1)
        retry_after = retry_after_seconds(response) if response.status_code == 429 else None
        if retry_after is not None:
            self.pause(retry_after)  # the whole account waits, not only this call

    def charge(self, extra_credits: int) -> None:
        """Count credits a call used beyond the one ``acquire`` counted (embeds cost more)."""
        if extra_credits <= 0 or ACCOUNT not in self._limits:
            return
        with self._lock:
            now = self._clock()
            self._spent[ACCOUNT].extend([now] * min(extra_credits, self._limits[ACCOUNT]))

    def pause(self, seconds: float) -> None:
        """No call of any endpoint starts for ``seconds`` (Freshdesk said ``Retry-After``)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + max(0.0, seconds))

    def _room_in(self, name: str, now: float) -> float:
        """Seconds until ``name``'s window has room for one more call (<= 0: room now)."""
        spent = self._spent[name]
        while spent and spent[0] <= now - self._window:
            spent.popleft()
        if len(spent) < self._limits[name]:
            return 0.0
        return spent[len(spent) - self._limits[name]] + self._window - now


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except (ValueError, OverflowError):
        return None
