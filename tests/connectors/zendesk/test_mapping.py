"""mapping.py against recorded-style Zendesk JSON (tests/fixtures/zendesk): tickets, comments, ids, times."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from carelayer.errors import PermanentHelpdeskError
from carelayer.jsonvalues import parse_time
from carelayer.types import Requester
from connectors.zendesk.mapping import as_id, comment_from_json, requester_from_json, ticket_from_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zendesk"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def recorded_comments() -> list[dict[str, Any]]:
    return [*load("comments_page_1.json")["comments"], *load("comments_page_2.json")["comments"]]


def test_ticket_maps_every_field_from_show_ticket_and_comments() -> None:
    shown = load("ticket_show_with_users.json")

    ticket = ticket_from_json(shown["ticket"], recorded_comments(), users=shown["users"], helpdesk="zendesk-main")

    assert ticket.id == "4711"
    assert ticket.subject == "Refill for my blood pressure tablets"
    assert ticket.status == "open"
    assert ticket.priority == "normal"
    assert ticket.group == "360001234"
    assert ticket.tags == ("portal", "prescriptions", "web_form")
    assert ticket.created_at == datetime(2026, 3, 2, 9, 15, 27, tzinfo=UTC)
    assert ticket.helpdesk == "zendesk-main"
    assert ticket.requester == Requester(id="38211", name="Jordan Example", email="jordan.example@example.org")


def test_body_is_the_first_comments_plain_body_not_markdown() -> None:
    shown = load("ticket_show_with_users.json")

    ticket = ticket_from_json(shown["ticket"], recorded_comments())

    assert (
        ticket.body
        == "Hello, I am running low on my blood pressure tablets. Can the refill be sent to my usual pharmacy?"
    )
    assert "**" not in ticket.body


def test_comments_keep_order_public_flag_authors_and_utc_times() -> None:
    ticket = ticket_from_json(load("ticket_show_with_users.json")["ticket"], recorded_comments())

    assert [(c.id, c.public, c.author_id) for c in ticket.comments] == [
        ("31000000001", True, "38211"),
        ("31000000002", False, "900001"),
        ("31000000003", True, "512345"),
    ]
    # +01:00 in the payload becomes UTC
    assert ticket.comments[2].created_at == datetime(2026, 3, 2, 9, 2, 41, tzinfo=UTC)
    assert all(c.created_at is not None and c.created_at.tzinfo == UTC for c in ticket.comments)


def test_requester_without_sideloaded_users_keeps_only_the_id() -> None:
    ticket = ticket_from_json(load("ticket_show_with_users.json")["ticket"], recorded_comments())

    assert ticket.requester == Requester(id="38211")


def test_ticket_without_comments_falls_back_to_description() -> None:
    raw = load("ticket_show_with_users.json")["ticket"]

    ticket = ticket_from_json(raw, [])

    assert ticket.body == raw["description"]
    assert ticket.comments == ()


def test_nulls_become_none_not_strings() -> None:
    raw = {**load("ticket_show_with_users.json")["ticket"], "priority": None, "group_id": None, "requester_id": None}

    ticket = ticket_from_json(raw, [])

    assert (ticket.priority, ticket.group, ticket.requester) == (None, None, None)


def test_ticket_without_id_is_a_permanent_error() -> None:
    raw = dict(load("ticket_show_with_users.json")["ticket"])
    del raw["id"]

    with pytest.raises(PermanentHelpdeskError, match="without an id"):
        ticket_from_json(raw, [])


def test_comment_of_unknown_visibility_is_treated_as_internal() -> None:
    raw = dict(recorded_comments()[0])
    del raw["public"]

    assert comment_from_json(raw).public is False


def test_comment_without_plain_body_uses_body() -> None:
    raw = {"id": 5, "body": "Only body", "public": True}

    assert comment_from_json(raw).body == "Only body"


def test_requester_matched_by_id_among_several_users() -> None:
    shown = load("ticket_show_with_users.json")
    users = list(reversed(shown["users"]))

    assert requester_from_json(shown["ticket"], users) == Requester(
        "38211", "Jordan Example", "jordan.example@example.org"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-25T10:00:00Z", datetime(2021, 7, 25, 10, 0, tzinfo=UTC)),
        ("2021-07-25T12:00:00+02:00", datetime(2021, 7, 25, 10, 0, tzinfo=UTC)),
        ("2026-03-02T11:40:12.104938112Z", datetime(2026, 3, 2, 11, 40, 12, 104938, tzinfo=UTC)),
        ("2021-07-25T10:00:00", datetime(2021, 7, 25, 10, 0, tzinfo=UTC)),
        ("July 25, 2021", None),
        ("", None),
        (None, None),
        (1627207200, None),
    ],
)
def test_parse_time(value: object, expected: datetime | None) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(35436, "35436"), ("35436", "35436"), (" 42 ", "42"), ("007", "7")],
        *[(0, None), (None, None), (True, None), ("abc", None), ("1.json", None), ("{{ticket.id}}", None)],
        *[(-3, None), (1.5, None)],
    ],
)
def test_as_id(value: object, expected: str | None) -> None:
    assert as_id(value) == expected
