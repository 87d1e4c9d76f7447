"""The polling fallback (``events_since``) against the fake's ``GET /api/v2/tickets?updated_since=...``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from carelayer.errors import InputError
from connectors.base import EventKind, TicketEvent
from connectors.freshdesk.connector import FreshdeskHelpdesk
from tests.connectors.freshdesk.fake_freshdesk import FakeFreshdesk


def poll_all(helpdesk: FreshdeskHelpdesk, fake: FakeFreshdesk, cursor: Any) -> tuple[list[TicketEvent], Any]:
    """What ``carelayer poll`` does: call until no events, storing the cursor as JSON in between."""
    events: list[TicketEvent] = []
    for _ in range(50):
        batch, cursor = helpdesk.events_since(cursor, now=lambda: fake.now().timestamp())
        cursor = json.loads(json.dumps(cursor))
        events.extend(batch)
        if not batch:
            return events, cursor
    raise AssertionError("the poll never caught up")


def list_queries(fake: FakeFreshdesk) -> list[dict[str, str]]:
    return [s.query for s in fake.requests if s.path == "/api/v2/tickets"]


def test_first_poll_reaches_back_one_hour_in_freshdesks_order(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    fake.clock.sleep(2 * 3600)
    old = fake.create_ticket("old", "b")
    fake.tickets[old]["updated_at"] = "2026-03-02T09:30:00Z"  # 1.5 hours before now
    fresh = fake.create_ticket("fresh", "b")

    events, _ = poll_all(helpdesk, fake, 0)

    assert [(e.ticket_id, e.kind) for e in events] == [(str(fresh), EventKind.CREATED)]
    assert list_queries(fake)[0] == {
        "updated_since": "2026-03-02T10:00:00Z",
        "order_by": "updated_at",
        "order_type": "asc",
        "per_page": "100",
        "page": "1",
    }


def test_each_change_is_reported_once_then_again_when_it_changes(
    fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk
) -> None:
    first, second = fake.create_ticket("a", "a"), fake.create_ticket("b", "b")
    events, cursor = poll_all(helpdesk, fake, None)
    assert sorted(e.ticket_id for e in events) == sorted([str(first), str(second)])

    again, cursor = poll_all(helpdesk, fake, cursor)
    assert again == []

    fake.clock.sleep(30)
    reply = fake.requester_reply(first, "one more thing")
    changed, _ = poll_all(helpdesk, fake, cursor)

    assert [(e.ticket_id, e.kind, e.event_id) for e in changed] == [
        (str(first), EventKind.UPDATED, f"poll:{reply['created_at']}")
    ]


def test_a_new_ticket_in_the_cursors_own_second_is_not_missed(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    """``updated_since`` has one-second precision: the cursor's second is asked again and only the seen ids skipped."""
    first = fake.create_ticket("a", "a")
    _, cursor = poll_all(helpdesk, fake, None)
    late = fake.create_ticket("b", "b")  # the same second (the clock did not move)

    events, _ = poll_all(helpdesk, fake, cursor)

    assert [e.ticket_id for e in events] == [str(late)]
    assert str(first) in cursor["seen"]


def test_a_full_page_at_one_second_moves_to_the_next_page(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    keys = [fake.create_ticket(f"t{n}", "b") for n in range(130)]

    events, cursor = poll_all(helpdesk, fake, None)

    assert sorted(e.ticket_id for e in events) == sorted(str(k) for k in keys)
    assert len(events) == 130
    # the first page is all new; then page 1 holds only delivered tickets of that second, so page 2 follows
    assert [q["page"] for q in list_queries(fake)] == ["1", "1", "2", "1", "2"]
    assert cursor["page"] == 1


def test_spam_tickets_are_not_listed(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    fake.create_ticket("spam", "b", spam=True)

    assert poll_all(helpdesk, fake, None)[0] == []


def test_a_rate_limited_list_waits_retry_after(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    fake.create_ticket("a", "a")
    fake.fail_next(429, headers={"Retry-After": "17"}, path_suffix="/api/v2/tickets")

    events, _ = poll_all(helpdesk, fake, None)

    assert len(events) == 1 and fake.clock.sleeps == [17.0]


@pytest.mark.parametrize(
    "cursor",
    ["after-cursor-from-zendesk", 5, {"since": "yesterday"}, {"since": "2026-03-02T09:00:00Z", "page": 0}, []],
)
def test_a_foreign_cursor_is_an_input_error(helpdesk: FreshdeskHelpdesk, cursor: Any) -> None:
    with pytest.raises(InputError, match="poll cursor"):
        helpdesk.events_since(cursor)
