"""FreshdeskWebhook: the shared-secret header, parsing of the automation rule's body, dedupe and the loop guard."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from carelayer.errors import ConfigError
from connectors.base import EventKind, WebhookError
from connectors.freshdesk.mapping import WEBHOOK_BODY_TEMPLATE
from connectors.freshdesk.webhook import DEFAULT_SECRET_HEADER, FreshdeskWebhook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "freshdesk"
SECRET = "s3cret-Vq8pZr2LmN4tWx6YbC0dE"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
BOT = "77000001"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def render(ticket_id: str, event: str, comment: str = "", **extra: str) -> bytes:
    body = json.loads(WEBHOOK_BODY_TEMPLATE)
    body.update({"ticket_id": ticket_id, "event": event, "latest_public_comment": comment, **extra})
    return json.dumps(body).encode()


@pytest.fixture
def adapter() -> FreshdeskWebhook:
    return FreshdeskWebhook(SECRET, bot_user_id=BOT, name="fd-main")


def refused(adapter: FreshdeskWebhook, headers: dict[str, str]) -> WebhookError:
    with pytest.raises(WebhookError) as caught:
        adapter.verify(headers, b"{}", NOW)
    assert caught.value.status == 401
    assert SECRET not in str(caught.value)
    return caught.value


# --- verify ------------------------------------------------------------------------------------------
def test_the_right_secret_verifies(adapter: FreshdeskWebhook) -> None:
    adapter.verify({DEFAULT_SECRET_HEADER: SECRET}, b"{}", NOW)


def test_header_name_is_case_insensitive_and_whitespace_is_ignored(adapter: FreshdeskWebhook) -> None:
    adapter.verify({DEFAULT_SECRET_HEADER.lower(): f"  {SECRET} "}, b"{}", NOW)


@pytest.mark.parametrize(
    "value", [SECRET[:-1], SECRET + "x", SECRET.upper(), "x" * len(SECRET), "Basic " + SECRET], ids=str
)
def test_a_wrong_secret_is_401(adapter: FreshdeskWebhook, value: str) -> None:
    assert "does not match" in str(refused(adapter, {DEFAULT_SECRET_HEADER: value}))


@pytest.mark.parametrize("headers", [{}, {DEFAULT_SECRET_HEADER: ""}, {DEFAULT_SECRET_HEADER: "  "}])
def test_a_missing_secret_is_401_naming_the_header(adapter: FreshdeskWebhook, headers: dict[str, str]) -> None:
    assert DEFAULT_SECRET_HEADER in str(refused(adapter, headers))


def test_the_header_name_is_configurable() -> None:
    adapter = FreshdeskWebhook(SECRET, header="X-Clinic-Token")

    adapter.verify({"X-Clinic-Token": SECRET}, b"{}", NOW)
    assert "X-Clinic-Token" in str(refused(adapter, {DEFAULT_SECRET_HEADER: SECRET}))


@pytest.mark.parametrize(
    ("secret", "header"), [("", DEFAULT_SECRET_HEADER), ("short", DEFAULT_SECRET_HEADER), (SECRET, "X Bad: header")]
)
def test_weak_secret_or_bad_header_is_a_config_error(secret: str, header: str) -> None:
    with pytest.raises(ConfigError):
        FreshdeskWebhook(secret, header=header)


# --- parse -------------------------------------------------------------------------------------------
def test_ticket_created_fixture(adapter: FreshdeskWebhook) -> None:
    (event,) = adapter.parse({}, fixture_bytes("webhook_ticket_created.json"))

    assert (event.helpdesk, event.ticket_id, event.kind) == ("fd-main", "20", EventKind.CREATED)


def test_requester_reply_fixture_is_an_update(adapter: FreshdeskWebhook) -> None:
    (event,) = adapter.parse({}, fixture_bytes("webhook_requester_replied.json"))

    assert (event.ticket_id, event.kind, event.actor_id) == ("20", EventKind.UPDATED, None)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda: fixture_bytes("webhook_ticket_created.json"), id="created"),
        pytest.param(lambda: fixture_bytes("webhook_requester_replied.json"), id="updated"),
    ],
)
def test_redelivery_has_the_same_dedupe_key(adapter: FreshdeskWebhook, body: Any) -> None:
    first = adapter.parse({}, body())
    again = adapter.parse({"X-Request-Id": "another"}, body())

    assert [e.dedupe_key for e in first] == [e.dedupe_key for e in again]
    assert first[0].dedupe_key.startswith("fd-main:20:")


def test_different_replies_have_different_dedupe_keys(adapter: FreshdeskWebhook) -> None:
    (one,) = adapter.parse({}, render("20", "updated", "When is my appointment?"))
    (two,) = adapter.parse({}, render("20", "updated", "Also: can I bring my son?"))

    assert one.dedupe_key != two.dedupe_key


def test_events_naming_our_agent_are_dropped(adapter: FreshdeskWebhook) -> None:
    assert adapter.parse({}, render("20", "updated", "our own reply", actor_id=BOT)) == []
    assert len(adapter.parse({}, render("20", "updated", "their reply", actor_id="123"))) == 1


def test_without_bot_user_id_nothing_is_dropped() -> None:
    (event,) = FreshdeskWebhook(SECRET).parse({}, render("20", "created", actor_id=BOT))

    assert (event.helpdesk, event.actor_id) == ("freshdesk", BOT)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b"[1, 2]", id="array"),
        pytest.param(b'{"ticket": {"id": 20}}', id="foreign-shape"),
        pytest.param(render("{{ticket.id}}", "created"), id="placeholder-not-rendered"),
        pytest.param(render("20", "updated"), id="update-without-comment"),
    ],
)
def test_malformed_delivery_is_400(adapter: FreshdeskWebhook, body: bytes) -> None:
    with pytest.raises(WebhookError) as caught:
        adapter.parse({}, body)

    assert caught.value.status == 400


def test_messages_never_quote_the_patients_text(adapter: FreshdeskWebhook) -> None:
    text = "my MRN is 448812 and I feel dizzy"
    (event,) = adapter.parse({}, render("20", "updated", text))

    assert "448812" not in repr(event)
