"""The JQL polling fallback against the fake JSM: epoch-millisecond windows, a JSON cursor, no endless loop."""

from __future__ import annotations

import json

import pytest

from carelayer.errors import InputError
from connectors.base import EventKind
from connectors.jsm.connector import JsmHelpdesk
from connectors.jsm.poll import jql_for, start_cursor
from tests.connectors.jsm.fake_jsm import BOT_ACCOUNT_ID, FakeJsm


def drain(helpdesk: JsmHelpdesk, cursor: object) -> tuple[list[tuple[str, EventKind]], object]:
    """What ``carelayer poll`` does: call until a call brings nothing new, storing the cursor as JSON."""
    seen: list[tuple[str, EventKind]] = []
    for _ in range(20):
        events, cursor = helpdesk.events_since(cursor)
        cursor = json.loads(json.dumps(cursor))
        if not events:
            return seen, cursor
        seen.extend((e.ticket_id, e.kind) for e in events)
    raise AssertionError("polling never ran dry")


def test_first_poll_covers_the_last_hour_by_epoch_millis(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    now = fake.now_ms / 1000

    events, cursor = helpdesk.events_since(0, now=lambda: now)

    assert events == []
    (search,) = [s for s in fake.requests if s.path == "/rest/api/3/search/jql"]
    since = round((now - 3600) * 1000)
    assert search.query == {"jql": jql_for("CL", since), "fields": "created,updated", "maxResults": "100"}
    assert cursor == {"since": since, "keys": []}


def test_new_and_updated_requests_become_events_once(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    first = fake.create_request("One", "First.")
    second = fake.create_request("Two", "Second.")

    seen, cursor = drain(helpdesk, {"since": fake.now_ms - 60_000, "keys": []})
    assert seen == [(first, EventKind.CREATED), (second, EventKind.CREATED)]

    fake.add_comment(first, "Still waiting.", public=True, author=BOT_ACCOUNT_ID)
    again, _ = drain(helpdesk, cursor)
    assert again == [(first, EventKind.UPDATED)]


def test_requests_updated_in_the_same_millisecond_are_not_lost(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    keys = [fake.create_request(f"T{n}", "x") for n in range(3)]
    for key in keys:
        fake.issues[key]["updated"] = fake.issues[keys[0]]["updated"]

    seen, cursor = drain(helpdesk, {"since": fake.now_ms - 60_000, "keys": []})

    assert sorted(k for k, _ in seen) == sorted(keys)
    assert isinstance(cursor, dict) and sorted(cursor["keys"]) == sorted(keys)


def test_event_ids_repeat_for_the_same_update(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    fake.create_request("One", "First.")
    cursor = {"since": fake.now_ms - 60_000, "keys": []}

    first, _ = helpdesk.events_since(cursor)
    second, _ = helpdesk.events_since(cursor)

    assert [e.dedupe_key for e in first] == [e.dedupe_key for e in second]


@pytest.mark.parametrize("cursor", ["after", {"since": "yesterday"}, {"since": -1}, ["x"], {"keys": []}])
def test_foreign_cursor_is_an_input_error(cursor: object) -> None:
    with pytest.raises(InputError, match="JSM poll cursor"):
        start_cursor(cursor, lambda: 0.0)


def test_project_key_is_quoted_in_jql() -> None:
    assert jql_for('A"B', 5) == 'project = "A\\"B" AND updated >= 5 ORDER BY updated ASC'
