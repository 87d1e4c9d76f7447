"""Pure JSM mapping: recorded-shape JSON to core types, and the edge cases real payloads carry."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from carelayer.errors import PermanentHelpdeskError
from carelayer.jsonvalues import parse_time
from connectors.base import EventKind
from connectors.jsm.mapping import (
    comment_from_json,
    date_from_dto,
    issue_key,
    routing_value,
    search_events,
    ticket_from_json,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "jsm"
PRIORITIES = {"urgent": "Highest", "high": "High", "normal": "Medium", "low": "Low"}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("CL-12", "CL-12"), (" HELP_DESK2-7 ", "HELP_DESK2-7"), ("10042", "10042"), (10042, "10042")],
)
def test_issue_keys_and_ids(value: object, expected: str) -> None:
    assert issue_key(value) == expected


@pytest.mark.parametrize("value", ["cl-12", "CL-0", "CL-", "-1", "../CL-1", "CL-1/comment", "", None, True, 0])
def test_not_issue_keys(value: object) -> None:
    assert issue_key(value) is None


def test_times_with_basic_offsets_become_utc() -> None:
    assert parse_time("2015-10-08T14:42:00+0700") == datetime(2015, 10, 8, 7, 42, tzinfo=UTC)
    assert parse_time("2026-03-02T09:00:00.123+0000") == datetime(2026, 3, 2, 9, 0, 0, 123000, tzinfo=UTC)
    assert parse_time("soon") is None
    assert date_from_dto({"epochMillis": 1444290120000}) == datetime(2015, 10, 8, 7, 42, tzinfo=UTC)
    assert date_from_dto({"iso8601": "2015-10-08T14:42:00+0700"}) == datetime(2015, 10, 8, 7, 42, tzinfo=UTC)


def test_recorded_request_maps_to_a_ticket() -> None:
    request = {**fixture("request.json"), "reporter": fixture("user.json")}
    comment = {**fixture("comment.json"), "author": fixture("user.json"), "public": False}

    ticket = ticket_from_json(
        request, [comment], {"labels": ["vip", 3], "priority": {"name": "Highest"}}, priorities=PRIORITIES
    )

    assert (ticket.id, ticket.subject, ticket.status, ticket.priority) == (
        "HELPDESK-1",
        "Request JSD help via REST",
        "waiting for support",
        "urgent",
    )
    assert [(c.id, c.public) for c in ticket.comments] == [("description", True), ("1000", False)]
    assert ticket.comments[0].author_id == ticket.comments[1].author_id == fixture("user.json")["accountId"]
    assert ticket.requester is not None and ticket.requester.email == "fred@example.com"
    assert ticket.tags == ("vip",)


def test_request_without_description_has_only_its_comments() -> None:
    request = {**fixture("request.json"), "requestFieldValues": []}
    ticket = ticket_from_json(request, [fixture("comment.json")], {}, priorities=PRIORITIES)
    assert (ticket.body, [c.id for c in ticket.comments]) == ("", ["1000"])


def test_unknown_priority_is_kept_lower_cased() -> None:
    ticket = ticket_from_json(fixture("request.json"), [], {"priority": {"name": "Lowest"}}, priorities=PRIORITIES)
    assert ticket.priority == "lowest"


@pytest.mark.parametrize("visibility", [None, "yes", 1])
def test_unknown_visibility_is_internal(visibility: object) -> None:
    assert comment_from_json({**fixture("comment.json"), "public": visibility}).public is False


def test_comment_without_id_is_refused() -> None:
    with pytest.raises(PermanentHelpdeskError):
        comment_from_json({"body": "x"})


def test_request_without_key_is_refused() -> None:
    with pytest.raises(PermanentHelpdeskError):
        ticket_from_json({"summary": "x"}, [], {}, priorities=PRIORITIES)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"id": "25", "name": "Nurses"}, "Nurses"),
        ([{"id": "3", "name": "Billing"}, {"id": "4", "name": "Other"}], "Billing"),
        ({"requestType": {"id": "25"}}, "25"),
        ({"groupId": "g-1"}, "g-1"),
        ([], None),
        (None, None),
        ("Front desk", "Front desk"),
    ],
)
def test_routing_values(value: object, expected: str | None) -> None:
    assert routing_value(value) == expected


def test_search_page_events_skip_what_cannot_be_placed() -> None:
    issues = [
        {
            "key": "CL-1",
            "fields": {"created": "2026-03-02T09:00:00.000+0000", "updated": "2026-03-02T09:00:00.000+0000"},
        },
        {
            "key": "CL-2",
            "fields": {"created": "2026-03-01T09:00:00.000+0000", "updated": "2026-03-02T09:00:01.500+0000"},
        },
        {"key": "CL-3", "fields": {"updated": None}},
        {"key": "not a key", "fields": {"updated": "2026-03-02T09:00:00.000+0000"}},
    ]

    found = search_events(issues, helpdesk="jsm")

    assert [(e.ticket_id, e.kind, ms) for e, ms in found] == [
        ("CL-1", EventKind.CREATED, 1772442000000),
        ("CL-2", EventKind.UPDATED, 1772442001500),
    ]
