"""ZendeskWebhook: signature and freshness (documented test vector), and both payload shapes (fixtures)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from carelayer.errors import ConfigError
from connectors.base import EventKind, TicketEvent, WebhookError
from connectors.zendesk.mapping import TRIGGER_BODY_TEMPLATE
from connectors.zendesk.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, ZendeskWebhook, sign

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zendesk"
# Zendesk's documented vector (../shared/specs/README.md)
VECTOR_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="
VECTOR_TIMESTAMP = "2021-07-25T10:00:00Z"
VECTOR_BODY = b'{"say": "hello"}'
VECTOR_SIGNATURE = "gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0="
VECTOR_NOW = datetime(2021, 7, 25, 10, 0, 30, tzinfo=UTC)
BOT = "900001"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def headers(signature: str = VECTOR_SIGNATURE, timestamp: str = VECTOR_TIMESTAMP) -> dict[str, str]:
    return {SIGNATURE_HEADER: signature, TIMESTAMP_HEADER: timestamp, "Content-Type": "application/json"}


@pytest.fixture
def adapter() -> ZendeskWebhook:
    return ZendeskWebhook(VECTOR_SECRET, tolerance_seconds=300, bot_user_id=BOT, name="zendesk-main")


def refused(adapter: ZendeskWebhook, hdrs: dict[str, str], body: bytes, now: datetime = VECTOR_NOW) -> WebhookError:
    with pytest.raises(WebhookError) as caught:
        adapter.verify(hdrs, body, now)
    assert caught.value.status == 401
    assert VECTOR_SECRET not in str(caught.value)
    return caught.value


# --- verify ------------------------------------------------------------------------------------------
def test_documented_vector_signs_as_zendesk_does() -> None:
    assert sign(VECTOR_SECRET, VECTOR_TIMESTAMP, VECTOR_BODY) == VECTOR_SIGNATURE


def test_documented_vector_verifies(adapter: ZendeskWebhook) -> None:
    adapter.verify(headers(), VECTOR_BODY, VECTOR_NOW)


def test_header_names_are_case_insensitive(adapter: ZendeskWebhook) -> None:
    lowered = {k.lower(): v for k, v in headers().items()}

    adapter.verify(lowered, VECTOR_BODY, VECTOR_NOW)


def test_naive_now_is_read_as_utc(adapter: ZendeskWebhook) -> None:
    adapter.verify(headers(), VECTOR_BODY, VECTOR_NOW.replace(tzinfo=None))


@pytest.mark.parametrize(
    ("change", "body"),
    [
        pytest.param({}, b'{"say": "hello!"}', id="body-changed"),
        pytest.param({"timestamp": "2021-07-25T10:00:01Z"}, VECTOR_BODY, id="timestamp-changed"),
        pytest.param(
            {"signature": sign("another-secret", VECTOR_TIMESTAMP, VECTOR_BODY)}, VECTOR_BODY, id="other-secret"
        ),
    ],
)
def test_mismatch_is_refused(adapter: ZendeskWebhook, change: dict[str, str], body: bytes) -> None:
    error = refused(adapter, headers(**change), body)

    assert "does not match" in str(error)


def test_old_body_before_timestamp_order_is_refused(adapter: ZendeskWebhook) -> None:
    import base64
    import hashlib
    import hmac

    wrong_order = hmac.new(VECTOR_SECRET.encode(), VECTOR_BODY + VECTOR_TIMESTAMP.encode(), hashlib.sha256).digest()

    refused(adapter, headers(signature=base64.b64encode(wrong_order).decode()), VECTOR_BODY)


def test_secret_is_not_base64_decoded(adapter: ZendeskWebhook) -> None:
    import base64

    decoded_secret = base64.b64decode(VECTOR_SECRET).decode()

    refused(adapter, headers(signature=sign(decoded_secret, VECTOR_TIMESTAMP, VECTOR_BODY)), VECTOR_BODY)


@pytest.mark.parametrize("missing", [SIGNATURE_HEADER, TIMESTAMP_HEADER])
def test_missing_header_is_refused_by_name(adapter: ZendeskWebhook, missing: str) -> None:
    hdrs = headers()
    del hdrs[missing]

    assert f"missing {missing}" in str(refused(adapter, hdrs, VECTOR_BODY))


def test_empty_signature_header_counts_as_missing(adapter: ZendeskWebhook) -> None:
    assert "missing" in str(refused(adapter, headers(signature=""), VECTOR_BODY))


def test_hex_encoded_signature_is_refused_with_a_clear_reason(adapter: ZendeskWebhook) -> None:
    import base64

    hex_signature = base64.b64decode(VECTOR_SIGNATURE).hex()

    assert "hex" in str(refused(adapter, headers(signature=hex_signature), VECTOR_BODY))
    assert "hex" in str(refused(adapter, headers(signature="sha256=" + hex_signature), VECTOR_BODY))


@pytest.mark.parametrize("garbage", ["not base64 at all!", "Zm9v", "gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0"])
def test_malformed_signature_is_refused(adapter: ZendeskWebhook, garbage: str) -> None:
    refused(adapter, headers(signature=garbage), VECTOR_BODY)


def test_stale_delivery_is_refused(adapter: ZendeskWebhook) -> None:
    late = datetime(2021, 7, 25, 10, 5, 1, tzinfo=UTC)

    assert "stale" in str(refused(adapter, headers(), VECTOR_BODY, now=late))


def test_future_delivery_is_refused(adapter: ZendeskWebhook) -> None:
    early = datetime(2021, 7, 25, 9, 54, 59, tzinfo=UTC)

    assert "future" in str(refused(adapter, headers(), VECTOR_BODY, now=early))


@pytest.mark.parametrize("skew", [-300, -1, 0, 1, 300])
def test_within_tolerance_either_side_is_accepted(adapter: ZendeskWebhook, skew: int) -> None:
    adapter.verify(headers(), VECTOR_BODY, datetime(2021, 7, 25, 10, 0, tzinfo=UTC) + timedelta(seconds=skew))


def test_tolerance_is_configurable() -> None:
    strict = ZendeskWebhook(VECTOR_SECRET, tolerance_seconds=10)

    with pytest.raises(WebhookError):
        strict.verify(headers(), VECTOR_BODY, VECTOR_NOW)


def test_unreadable_timestamp_is_refused(adapter: ZendeskWebhook) -> None:
    hdrs = headers(timestamp="yesterday")

    assert TIMESTAMP_HEADER in str(refused(adapter, hdrs, VECTOR_BODY))


def test_a_signature_for_a_fresh_timestamp_verifies(adapter: ZendeskWebhook) -> None:
    now = datetime(2026, 3, 2, 11, 40, 13, tzinfo=UTC)
    body = fixture_bytes("webhook_comment_added.json")
    stamp = "2026-03-02T11:40:12Z"

    adapter.verify(headers(signature=sign(VECTOR_SECRET, stamp, body), timestamp=stamp), body, now)


def test_empty_secret_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        ZendeskWebhook("")


# --- parse -------------------------------------------------------------------------------------------
def test_ticket_created_event(adapter: ZendeskWebhook) -> None:
    events = adapter.parse({}, fixture_bytes("webhook_ticket_created.json"))

    assert events == [
        TicketEvent(
            helpdesk="zendesk-main",
            ticket_id="4711",
            event_id="cbe4028c-7239-495d-b020-f22348516046",
            kind=EventKind.CREATED,
            actor_id="38211",
            occurred_at=datetime(2026, 3, 2, 9, 15, 27, 672717, tzinfo=UTC),
        )
    ]


def test_comment_added_event_is_an_update(adapter: ZendeskWebhook) -> None:
    (event,) = adapter.parse({}, fixture_bytes("webhook_comment_added.json"))

    assert (event.ticket_id, event.kind, event.actor_id) == ("4711", EventKind.UPDATED, "38211")
    assert event.event_id == "5a7d6b1e-2c3f-4e0a-9b8d-1f2e3d4c5b6a"


def test_comment_author_is_the_actor_when_detail_has_none(adapter: ZendeskWebhook) -> None:
    payload = json.loads(fixture_bytes("webhook_comment_added.json"))
    del payload["detail"]["actor_id"]
    payload["event"]["comment"]["author"]["id"] = BOT

    assert adapter.parse({}, json.dumps(payload).encode()) == []


def render_trigger(ticket_id: str, updated_at: str, event: str, user: str) -> bytes:
    """What Zendesk sends for our documented trigger template, placeholders filled in."""
    body = TRIGGER_BODY_TEMPLATE.replace("{{ticket.id}}", ticket_id).replace('"created"', f'"{event}"')
    body = body.replace("{{ticket.updated_at_with_timestamp}}", updated_at)
    return body.replace("{{current_user.id}}", user).encode()


def test_documented_trigger_template_parses(adapter: ZendeskWebhook) -> None:
    (event,) = adapter.parse({}, render_trigger("4711", "2026-03-02T09:15:27Z", "created", "38211"))

    assert event == TicketEvent(
        "zendesk-main",
        "4711",
        "2026-03-02T09:15:27Z",
        EventKind.CREATED,
        "38211",
        datetime(2026, 3, 2, 9, 15, 27, tzinfo=UTC),
    )


def test_trigger_update_fixture(adapter: ZendeskWebhook) -> None:
    (event,) = adapter.parse({}, fixture_bytes("webhook_trigger_updated.json"))

    assert (event.kind, event.event_id, event.actor_id) == (EventKind.UPDATED, "2026-03-02T11:40:12Z", "38211")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda: fixture_bytes("webhook_ticket_created.json"), id="event-subscription"),
        pytest.param(lambda: fixture_bytes("webhook_trigger_updated.json"), id="trigger"),
    ],
)
def test_redelivery_has_the_same_dedupe_key(adapter: ZendeskWebhook, body: Any) -> None:
    first = adapter.parse({}, body())
    again = adapter.parse({"X-Zendesk-Webhook-Invocation-Id": "another"}, body())

    assert [e.dedupe_key for e in first] == [e.dedupe_key for e in again]
    assert first[0].dedupe_key.startswith("zendesk-main:4711:")


def test_different_updates_of_a_ticket_have_different_dedupe_keys(adapter: ZendeskWebhook) -> None:
    (one,) = adapter.parse({}, render_trigger("4711", "2026-03-02T09:15:27Z", "updated", "38211"))
    (two,) = adapter.parse({}, render_trigger("4711", "2026-03-02T09:20:00Z", "updated", "38211"))

    assert one.dedupe_key != two.dedupe_key


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda: render_trigger("4711", "2026-03-02T09:15:27Z", "updated", BOT), id="trigger"),
        pytest.param(
            lambda: fixture_bytes("webhook_comment_added.json").replace(
                b'"actor_id": "38211"', b'"actor_id": "900001"'
            ),
            id="event-subscription",
        ),
    ],
)
def test_events_caused_by_our_bot_are_dropped(adapter: ZendeskWebhook, body: Any) -> None:
    assert adapter.parse({}, body()) == []


def test_without_bot_user_id_nothing_is_dropped() -> None:
    adapter = ZendeskWebhook(VECTOR_SECRET)

    (event,) = adapter.parse({}, render_trigger("4711", "2026-03-02T09:15:27Z", "updated", BOT))

    assert (event.helpdesk, event.actor_id) == ("zendesk", BOT)


def test_non_ticket_events_are_acknowledged_and_ignored(adapter: ZendeskWebhook) -> None:
    assert adapter.parse({}, fixture_bytes("webhook_user_created.json")) == []


def test_deleted_ticket_events_are_ignored(adapter: ZendeskWebhook) -> None:
    payload = json.loads(fixture_bytes("webhook_ticket_created.json"))
    payload["type"] = "zen:event-type:ticket.soft_deleted"

    assert adapter.parse({}, json.dumps(payload).encode()) == []


def mutated(name: str, **changes: Any) -> bytes:
    payload = json.loads(fixture_bytes(name))
    for key, value in changes.items():
        target, _, leaf = key.rpartition("__")
        holder = payload[target] if target else payload
        if value is None:
            holder.pop(leaf, None)
        else:
            holder[leaf] = value
    return json.dumps(payload).encode()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b"[1, 2]", id="array"),
        pytest.param(b'{"hello": "world"}', id="neither-shape"),
        pytest.param(mutated("webhook_ticket_created.json", detail=None), id="no-detail"),
        pytest.param(mutated("webhook_ticket_created.json", detail="4711"), id="detail-not-object"),
        pytest.param(mutated("webhook_ticket_created.json", detail__id="abc"), id="detail-id-not-numeric"),
        pytest.param(mutated("webhook_ticket_created.json", id=None), id="no-event-id"),
        pytest.param(mutated("webhook_trigger_updated.json", ticket_id="{{ticket.id}}"), id="unrendered-placeholder"),
        pytest.param(mutated("webhook_trigger_updated.json", event="deleted"), id="unknown-trigger-event"),
        pytest.param(mutated("webhook_trigger_updated.json", event=None), id="no-trigger-event"),
        pytest.param(mutated("webhook_trigger_updated.json", updated_at=None), id="no-updated-at"),
        pytest.param(mutated("webhook_trigger_updated.json", updated_at=""), id="empty-updated-at"),
        pytest.param(
            mutated("webhook_trigger_updated.json", updated_at="{{ticket.updated_at_with_timestamp}}"),
            id="unrendered-updated-at",
        ),
    ],
)
def test_malformed_delivery_is_400(adapter: ZendeskWebhook, body: bytes) -> None:
    with pytest.raises(WebhookError) as caught:
        adapter.parse({}, body)

    assert caught.value.status == 400


def test_bot_user_id_is_compared_as_a_zendesk_id() -> None:
    adapter = ZendeskWebhook(VECTOR_SECRET, bot_user_id=" 0900001 ")

    assert adapter.parse({}, render_trigger("4711", "2026-03-02T09:15:27Z", "updated", BOT)) == []


def test_trigger_time_in_another_format_still_dedupes(adapter: ZendeskWebhook) -> None:
    (event,) = adapter.parse({}, render_trigger("4711", "March 02, 2026 11:40", "updated", "38211"))

    assert (event.event_id, event.occurred_at) == ("March 02, 2026 11:40", None)
