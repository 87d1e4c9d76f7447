"""Freshdesk JSON -> core types, on recorded-shape fixtures (``tests/fixtures/freshdesk``). Pure functions only."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carelayer.errors import PermanentHelpdeskError
from connectors.base import EventKind, WebhookError
from connectors.freshdesk.mapping import (
    PRIORITY_NUMBERS,
    PRIORITY_WORDS,
    STATUS_NUMBERS,
    STATUS_WORDS,
    WEBHOOK_BODY_TEMPLATE,
    as_id,
    conversation_from_json,
    html_to_text,
    poll_event,
    text_to_html,
    ticket_from_json,
    webhook_event,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "freshdesk"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_ticket_with_conversations_keeps_order_visibility_and_authors() -> None:
    ticket = ticket_from_json(
        fixture("ticket_view_with_requester.json"), fixture("conversations_page.json"), helpdesk="fd"
    )

    assert (ticket.id, ticket.subject, ticket.helpdesk) == ("20", "Question about my invoice", "fd")
    assert ticket.body == "Hello, I was charged twice for my visit on 1 March."
    assert [(c.id, c.public, c.author_id) for c in ticket.comments] == [
        ("d20", True, "2043001234"),
        ("3001", True, "2043000001"),
        ("3002", False, "2043000001"),
        ("3003", True, "2043001234"),
    ]
    assert ticket.comments[2].body == "Refund policy: two charges & one visit.\nCheck the ledger."
    assert ticket.comments[3].created_at == datetime(2026, 3, 2, 10, 2, 51, tzinfo=UTC)


def test_ticket_fields_become_carelayer_words() -> None:
    ticket = ticket_from_json(fixture("ticket_view_with_requester.json"), [])

    assert (ticket.status, ticket.priority, ticket.group) == ("pending", "high", "2043000115")
    assert ticket.tags == ("portal", "billing")
    assert ticket.requester is not None
    assert (ticket.requester.id, ticket.requester.name, ticket.requester.email) == (
        "2043001234",
        "Rachel",
        "rachel@example.org",
    )
    assert ticket.created_at == datetime(2026, 3, 2, 9, 14, 7, tzinfo=UTC)


def test_conversation_without_private_flag_is_internal() -> None:
    raw = {"id": 9, "body": "<p>x</p>", "body_text": "x", "user_id": 1}

    assert conversation_from_json(raw).public is False
    assert conversation_from_json({**raw, "private": True}).public is False
    assert conversation_from_json({**raw, "private": False}).public is True


def test_html_is_used_when_plain_text_is_missing() -> None:
    comment = conversation_from_json({"id": 9, "private": False, "body": "<div>a &amp; b<br>c</div><p>d</p>"})

    assert comment.body == "a & b\nc\n\nd"


def test_ticket_without_id_is_permanent() -> None:
    with pytest.raises(PermanentHelpdeskError):
        ticket_from_json({"subject": "x"}, [])
    with pytest.raises(PermanentHelpdeskError):
        conversation_from_json({"body_text": "x"})


def test_status_and_priority_numbers_are_freshdesks() -> None:
    assert dict(STATUS_NUMBERS) == {"open": 2, "pending": 3, "solved": 4, "resolved": 4, "closed": 5}
    assert dict(PRIORITY_NUMBERS) == {"low": 1, "normal": 2, "medium": 2, "high": 3, "urgent": 4}
    assert all(STATUS_NUMBERS[word] == number for number, word in STATUS_WORDS.items())
    assert all(PRIORITY_NUMBERS[word] == number for number, word in PRIORITY_WORDS.items())


def test_custom_status_reads_as_none() -> None:
    raw = fixture("ticket_view_with_requester.json")

    assert ticket_from_json({**raw, "status": 6}, []).status is None
    assert ticket_from_json({**raw, "priority": True}, []).priority is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"), max_size=200))
def test_plain_text_survives_the_html_round_trip(text: str) -> None:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    assert html_to_text(text_to_html(text)) == "\n\n".join(paragraphs)


def test_text_to_html_escapes_markup() -> None:
    assert text_to_html("<script>alert(1)</script>\n\nok\nbye") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>ok<br>bye</p>"
    )


def test_poll_event_created_vs_updated() -> None:
    new, changed = (poll_event(t, helpdesk="fd") for t in fixture("tickets_updated_since.json"))

    assert new is not None and changed is not None
    assert (new.ticket_id, new.kind, new.event_id) == ("41", EventKind.CREATED, "poll:2026-03-02T09:00:00Z")
    assert (changed.ticket_id, changed.kind) == ("20", EventKind.UPDATED)
    assert poll_event({"id": 5}, helpdesk="fd") is None


def test_webhook_created_body() -> None:
    event = webhook_event(fixture("webhook_ticket_created.json"), helpdesk="fd")

    assert (event.ticket_id, event.kind, event.dedupe_key) == ("20", EventKind.CREATED, "fd:20:created")


def test_webhook_update_id_comes_from_the_comment_and_never_holds_its_text() -> None:
    body = fixture("webhook_requester_replied.json")
    event = webhook_event(body, helpdesk="fd")
    spaced = webhook_event({**body, "latest_public_comment": "  Thanks,  it was the 1 March\nvisit. "}, helpdesk="fd")
    other = webhook_event({**body, "latest_public_comment": "One more question"}, helpdesk="fd")

    assert event.kind is EventKind.UPDATED
    assert event.event_id.startswith("updated:")
    assert "March" not in event.dedupe_key
    assert spaced.event_id == event.event_id  # whitespace differences do not make a new event
    assert other.event_id != event.event_id


def test_documented_template_has_the_fields_the_parser_reads() -> None:
    template = json.loads(WEBHOOK_BODY_TEMPLATE)

    assert set(template) == {"ticket_id", "event", "latest_public_comment"}
    rendered = {**template, "ticket_id": "7"}
    assert webhook_event(rendered, helpdesk="fd").ticket_id == "7"


@pytest.mark.parametrize(
    ("body", "names"),
    [
        pytest.param({"event": "created"}, "ticket_id", id="no-ticket"),
        pytest.param({"ticket_id": "{{ticket.id}}", "event": "created"}, "ticket_id", id="unrendered-ticket"),
        pytest.param({"ticket_id": "7", "event": "deleted"}, "event", id="bad-event"),
        pytest.param({"ticket_id": "7", "event": "updated"}, "latest_public_comment", id="update-without-comment"),
        pytest.param(
            {"ticket_id": "7", "event": "updated", "latest_public_comment": "{{ticket.latest_public_comment}}"},
            "latest_public_comment",
            id="update-unrendered",
        ),
    ],
)
def test_malformed_webhook_bodies_are_400_naming_the_field(body: dict[str, Any], names: str) -> None:
    with pytest.raises(WebhookError) as caught:
        webhook_event(body, helpdesk="fd")

    assert caught.value.status == 400
    assert names in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [(7, "7"), ("0012", "12"), (0, None), (True, None), ("x", None)])
def test_as_id(value: object, expected: str | None) -> None:
    assert as_id(value) == expected
