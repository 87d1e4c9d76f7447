"""RateBudget and the endpoint classes, on injected clocks (nothing sleeps for real)."""

from __future__ import annotations

import pytest

from connectors.freshdesk.ratelimit import (
    ACCOUNT,
    TICKET_CREATE,
    TICKET_UPDATE,
    TICKETS_LIST,
    RateBudget,
    RateLimitStatus,
    endpoint_class,
)
from tests.connectors.zendesk.fake_zendesk import FakeClock


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/api/v2/tickets", TICKETS_LIST),
        ("POST", "/api/v2/tickets", TICKET_CREATE),
        ("PUT", "/api/v2/tickets/42", TICKET_UPDATE),
        ("GET", "/api/v2/tickets/42", None),
        ("POST", "/api/v2/tickets/42/notes", None),
        ("GET", "/api/v2/groups", None),
    ],
)
def test_endpoint_classes_follow_freshdesks_table(method: str, path: str, expected: str | None) -> None:
    assert endpoint_class(method, path) == expected


def test_the_window_slides() -> None:
    clock = FakeClock(start=0.0)
    budget = RateBudget({ACCOUNT: 2}, clock=clock, sleep=clock.sleep)

    budget.acquire(None)
    clock.sleep(10)
    budget.acquire(None)
    budget.acquire(None)  # the first call leaves the window at t=60

    assert clock.sleeps == [10, 50.0]


def test_a_clock_that_never_moves_still_terminates() -> None:
    waits: list[float] = []
    budget = RateBudget({ACCOUNT: 1, TICKET_UPDATE: 1}, clock=lambda: 0.0, sleep=waits.append)

    for _ in range(3):
        budget.acquire(TICKET_UPDATE)

    # each call is stamped at the time it was allowed (60, then 120): a frozen clock only lengthens the waits
    assert waits == [60.0, 120.0]


def test_pause_holds_every_endpoint() -> None:
    clock = FakeClock(start=0.0)
    budget = RateBudget(clock=clock, sleep=clock.sleep)

    budget.pause(12.5)
    budget.acquire(TICKETS_LIST)
    budget.acquire(None)

    assert clock.sleeps == [12.5]


def test_limits_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one call"):
        RateBudget({ACCOUNT: 0})


def test_status_headers_are_read_leniently() -> None:
    status = RateLimitStatus.from_headers({"X-RateLimit-Total": "700", "X-RateLimit-Remaining": "x"})

    assert (status.total, status.remaining, status.used_by_request) == (700, None, None)
