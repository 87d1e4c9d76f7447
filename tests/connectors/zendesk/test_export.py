"""``ZendeskHelpdesk.events_since``: the incremental ticket export against the stateful fake, and its pure parts.

The fake's clock starts at 2 000 s after ``EPOCH`` here, so tickets it creates (stamped ``EPOCH + id`` seconds)
fall inside a first poll's one-hour look-back. ``poll`` drives the connector as ``carelayer poll`` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import requests

from carelayer.errors import InputError, PermanentHelpdeskError, RetryableHelpdeskError
from connectors.base import EventKind, TicketEvent
from connectors.zendesk.client import JSON, Params
from connectors.zendesk.connector import ZendeskHelpdesk
from connectors.zendesk.export import (
    EXPORT_PATH,
    MAX_SKIPPED_PAGES,
    export_events,
    first_params,
    read_page,
    ticket_event,
)
from tests.connectors.zendesk.fake_export import delete_ticket, wall_clock
from tests.connectors.zendesk.fake_zendesk import EMAIL, EPOCH, TOKEN, FakeClock, FakeZendesk

START = 2_000.0


@pytest.fixture
def fake() -> FakeZendesk:
    return FakeZendesk(clock=FakeClock(start=START))


@pytest.fixture
def now(fake: FakeZendesk) -> Callable[[], float]:
    return wall_clock(fake)


def poll(helpdesk: ZendeskHelpdesk, cursor: object, now: Callable[[], float]) -> tuple[list[TicketEvent], object]:
    """Like ``carelayer poll``: call until no events, the cursor stored as JSON between calls."""
    seen: list[TicketEvent] = []
    while True:
        events, cursor = helpdesk.events_since(json.loads(json.dumps(cursor)), now=now)
        seen.extend(events)
        if not events:
            return seen, cursor


def exports(fake: FakeZendesk) -> list[dict[str, str]]:
    return [s.query for s in fake.requests if s.path == EXPORT_PATH]


def stamp(fake: FakeZendesk, ticket_id: int) -> str:
    return str(fake.tickets[ticket_id]["updated_at"])


# --- against the fake --------------------------------------------------------------------------------
def test_first_poll_starts_an_hour_back_and_maps_tickets(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    first, second = fake.create_ticket("Parking", "Where?"), fake.create_ticket("Bill", "Twice?")

    events, cursor = helpdesk.events_since(0, now=now)

    assert exports(fake) == [{"start_time": str(int(EPOCH.timestamp() + START) - 3600)}]
    assert events == [
        TicketEvent("zendesk", str(t), f"export:{stamp(fake, t)}", EventKind.CREATED, None, events[i].occurred_at)
        for i, t in enumerate((first, second))
    ]
    assert events[0].occurred_at is not None and events[0].occurred_at.isoformat() == "2026-03-02T09:16:41+00:00"
    assert isinstance(cursor, str) and cursor


def test_pages_follow_after_cursor_until_end_of_stream_then_nothing(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    fake.max_page_size = 2
    ids = [fake.create_ticket(f"t{n}", "body") for n in range(5)]

    pages = [helpdesk.events_since(None, now=now)]
    while len(pages) < 4:
        pages.append(helpdesk.events_since(pages[-1][1], now=now))

    assert [[e.ticket_id for e in events] for events, _ in pages] == [
        [str(i) for i in ids[:2]],
        [str(i) for i in ids[2:4]],
        [str(ids[4])],
        [],
    ]
    cursors = [cursor for _, cursor in pages]
    assert cursors[3] == cursors[2] != cursors[1] != cursors[0]  # end of stream: the same cursor, kept
    assert [list(q) for q in exports(fake)] == [["start_time"]] + [["cursor"]] * 3
    assert [q.get("cursor") for q in exports(fake)[1:]] == cursors[:3]


def test_a_later_change_is_reported_once_as_updated(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    ticket_id = fake.create_ticket("Refill", "Need a refill")
    _, cursor = poll(helpdesk, 0, now)
    fake.clock.now += 45

    helpdesk.add_internal_note(str(ticket_id), "Draft for the agent.")
    events, cursor = poll(helpdesk, cursor, now)

    assert [(e.ticket_id, e.kind, e.event_id) for e in events] == [
        (str(ticket_id), EventKind.UPDATED, f"export:{stamp(fake, ticket_id)}")
    ]
    assert poll(helpdesk, cursor, now) == ([], cursor)


def test_tickets_older_than_the_look_back_wait_for_their_next_change(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    old = fake.create_ticket("Old", "from long ago")
    fake.clock.now += 3 * 3600

    events, cursor = poll(helpdesk, 0, now)
    helpdesk.set_status(str(old), "open")

    assert events == []
    assert [(e.ticket_id, e.kind) for e in poll(helpdesk, cursor, now)[0]] == [(str(old), EventKind.UPDATED)]


def test_deleted_tickets_are_skipped_and_pages_of_them_followed(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    fake.max_page_size = 1
    gone, also_gone, kept = (fake.create_ticket(f"t{n}", "body") for n in range(3))
    fake.clock.now += 10
    delete_ticket(fake, gone)
    delete_ticket(fake, also_gone)

    first = helpdesk.events_since(0, now=now)
    second = helpdesk.events_since(first[1], now=now)

    assert [e.ticket_id for e in first[0]] == [str(kept)]
    assert second[0] == []
    assert len(exports(fake)) == 3  # the page of `gone` was followed to the last one, `also_gone`
    assert helpdesk.events_since(second[1], now=now) == ([], second[1])


def test_long_runs_of_deleted_tickets_stop_after_a_few_pages_and_resume(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    fake.max_page_size = 1
    doomed = [fake.create_ticket(f"t{n}", "body") for n in range(MAX_SKIPPED_PAGES + 3)]
    survivor = fake.create_ticket("kept", "body")
    for ticket_id in doomed:
        delete_ticket(fake, ticket_id)  # now stamped after `survivor`

    events, cursor = helpdesk.events_since(0, now=now)
    assert [e.ticket_id for e in events] == [str(survivor)]
    events, cursor = helpdesk.events_since(cursor, now=now)

    assert events == [] and len(exports(fake)) == 1 + MAX_SKIPPED_PAGES + 1
    assert poll(helpdesk, cursor, now)[0] == []
    assert len(exports(fake)) == 1 + len(doomed)


def test_rate_limit_is_waited_out_through_retry_after(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    fake.max_page_size = 1
    ids = [fake.create_ticket(f"t{n}", "body") for n in range(12)]

    events, _ = poll(helpdesk, 0, now)

    assert [e.ticket_id for e in events] == [str(i) for i in ids]
    assert [s.status for s in fake.requests if s.path == EXPORT_PATH].count(429) == 1
    assert fake.clock.sleeps == [60.0]  # Retry-After: the rest of the minute, on the injected sleep


def test_exhausted_retries_raise_retryable_and_keep_the_cursor(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, now: Callable[[], float]
) -> None:
    fake.create_ticket("t", "body")
    fake.fail_next(429, times=4, headers={"Retry-After": "7"}, path_suffix="cursor.json")

    with pytest.raises(RetryableHelpdeskError, match="429"):
        helpdesk.events_since("kept-cursor", now=now)

    assert fake.clock.sleeps == [7.0, 7.0, 7.0]
    assert [q.get("cursor") for q in exports(fake)] == ["kept-cursor"] * 4


@pytest.mark.parametrize("bad", [5, -1, True, False, 1.5, "", "  ", ["c"], {"cursor": "c"}])
def test_a_cursor_that_is_not_ours_is_an_input_error_before_any_request(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, bad: object
) -> None:
    with pytest.raises(InputError, match="poll cursor"):
        helpdesk.events_since(bad)

    assert fake.requests == []


@pytest.mark.parametrize(
    ("query", "status"),
    [({}, 400), ({"start_time": "1", "cursor": "x"}, 400), ({"cursor": "not-ours"}, 400), ({"start_time": "a"}, 400)],
)
def test_the_fake_refuses_what_zendesk_refuses(
    fake: FakeZendesk, fake_url: str, query: dict[str, str], status: int
) -> None:
    answer = requests.get(fake_url + EXPORT_PATH, params=query, auth=(f"{EMAIL}/token", TOKEN), timeout=5)

    assert answer.status_code == status


def test_the_fake_refuses_a_start_time_within_the_last_minute(fake: FakeZendesk, fake_url: str) -> None:
    recent = int(wall_clock(fake)()) - 30
    answer = requests.get(
        fake_url + EXPORT_PATH, params={"start_time": recent}, auth=(f"{EMAIL}/token", TOKEN), timeout=5
    )

    assert answer.status_code == 422


# --- the pure parts ------------------------------------------------------------------------------------
class StaticPages:
    """Answers every request with the same page (records the queries)."""

    def __init__(self, page: JSON) -> None:
        self.page = page
        self.queries: list[Params | None] = []

    def get(self, path: str, params: Params | None = None) -> JSON:
        self.queries.append(params)
        return self.page


def test_start_time_comes_from_the_injected_clock() -> None:
    assert first_params(0, lambda: 1_800_000_000.9) == {"start_time": 1_800_000_000 - 3600}
    assert first_params(None, lambda: 1_800_000_000.0) == {"start_time": 1_800_000_000 - 3600}
    assert first_params("abc", lambda: 0.0) == {"cursor": "abc"}


def test_ticket_kind_and_event_id() -> None:
    created = {"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T09:00:00Z"}
    updated = {**created, "updated_at": "2026-03-02T09:05:00Z"}

    first, later = ticket_event(created, helpdesk="zd"), ticket_event(updated, helpdesk="zd")

    assert first is not None and later is not None
    assert (first.helpdesk, first.ticket_id, first.actor_id) == ("zd", "7", None)
    assert (first.kind, first.event_id) == (EventKind.CREATED, "export:2026-03-02T09:00:00Z")
    assert (later.kind, later.event_id) == (EventKind.UPDATED, "export:2026-03-02T09:05:00Z")
    assert later.occurred_at == EPOCH.replace(minute=5)
    assert ticket_event({"id": 7}, helpdesk="zd") is None
    assert ticket_event({"updated_at": "2026-03-02T09:05:00Z"}, helpdesk="zd") is None


def test_unreadable_and_deleted_entries_are_dropped_from_a_page(caplog: pytest.LogCaptureFixture) -> None:
    tickets: list[Any] = [
        {"id": 1, "status": "open", "created_at": "x", "updated_at": "y"},
        {"id": 2, "status": "deleted", "created_at": "x", "updated_at": "y"},
        {"id": "abc", "updated_at": "y"},
        "not a ticket",
    ]

    page = read_page({"tickets": tickets, "after_cursor": "c1", "end_of_stream": False}, helpdesk="zd")

    assert [e.ticket_id for e in page.events] == ["1"]
    assert (page.after_cursor, page.end_of_stream) == ("c1", False)
    assert "2 tickets without an id or updated_at skipped" in caplog.text


@pytest.mark.parametrize(
    "page",
    [
        {"after_cursor": "c1", "end_of_stream": True},
        {"tickets": {"id": 1}, "after_cursor": "c1"},
        {"tickets": [{"id": 1, "updated_at": "y"}], "after_cursor": None, "end_of_stream": True},
        {"tickets": [], "end_of_stream": False},
    ],
)
def test_malformed_pages_are_permanent_errors(page: JSON) -> None:
    with pytest.raises(PermanentHelpdeskError, match=r"tickets|after_cursor"):
        read_page(page, helpdesk="zd")


def test_an_empty_last_page_without_a_cursor_keeps_the_one_given() -> None:
    source = StaticPages({"tickets": [], "after_cursor": None, "end_of_stream": True})

    assert export_events(source, "c9", helpdesk="zd", now=lambda: 0.0) == ([], "c9")
    assert export_events(source, 0, helpdesk="zd", now=lambda: 7200.0) == ([], 0)
    assert source.queries == [{"cursor": "c9"}, {"start_time": 3600}]


def test_a_cursor_that_does_not_move_mid_stream_is_an_error_not_a_loop() -> None:
    source = StaticPages({"tickets": [{"id": 1, "updated_at": "y"}], "after_cursor": "c9", "end_of_stream": False})

    with pytest.raises(PermanentHelpdeskError, match="same cursor"):
        export_events(source, "c9", helpdesk="zd", now=lambda: 0.0)
