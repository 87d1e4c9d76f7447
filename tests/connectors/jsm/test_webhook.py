"""JsmWebhook: X-Hub-Signature verification, both payload shapes, dedupe on the delivery id, loop guard; and
duplicate deliveries through the real webhook blueprint into the real SQLite queue."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from carelayer.errors import ConfigError
from carelayer.queue import SqliteQueue
from connectors.base import EventKind, TicketEvent, WebhookError, event_payload
from connectors.jsm.mapping import AUTOMATION_BODY_TEMPLATE
from connectors.jsm.webhook import IDENTIFIER_HEADER, SIGNATURE_HEADER, JsmWebhook, sign
from connectors.webhook_support import DEFAULT_SECRET_HEADER
from webhooks.blueprint import create_webhooks_blueprint

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "jsm"
SECRET = "jsm-webhook-secret-7f3a"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BOT = "557058:carelayer-bot"


def body_of(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def adapter() -> JsmWebhook:
    return JsmWebhook(SECRET, bot_account_id=BOT, name="clinic-jsm")


def test_signature_is_hex_hmac_sha256_of_the_raw_body() -> None:
    # RFC 4231 test case 2 (key "Jefe"): the digest Jira's WebSub signature carries as hex.
    assert sign("Jefe", b"what do ya want for nothing?") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_valid_signature_verifies(adapter: JsmWebhook) -> None:
    body = body_of("webhook_issue_created.json")
    adapter.verify({SIGNATURE_HEADER: sign(SECRET, body)}, body, NOW)
    adapter.verify({SIGNATURE_HEADER.lower(): sign(SECRET, body).upper().replace("SHA256=", "sha256=")}, body, NOW)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        pytest.param({}, "missing X-Hub-Signature", id="missing"),
        pytest.param({SIGNATURE_HEADER: ""}, "missing X-Hub-Signature", id="empty"),
        pytest.param({SIGNATURE_HEADER: sign("another-secret", b"{}")}, "does not match", id="wrong-secret"),
        pytest.param({SIGNATURE_HEADER: "sha1=" + "0" * 40}, "sha256=<64 hex", id="sha1"),
        pytest.param({SIGNATURE_HEADER: "deadbeef"}, "sha256=<64 hex", id="garbage"),
    ],
)
def test_bad_signatures_are_401(adapter: JsmWebhook, headers: dict[str, str], reason: str) -> None:
    with pytest.raises(WebhookError, match=reason) as caught:
        adapter.verify(headers, b"{}", NOW)
    assert caught.value.status == 401


def test_tampered_body_is_401(adapter: JsmWebhook) -> None:
    body = body_of("webhook_issue_created.json")
    signature = sign(SECRET, body)
    with pytest.raises(WebhookError, match="does not match") as caught:
        adapter.verify({SIGNATURE_HEADER: signature}, body.replace(b"CL-42", b"CL-43"), NOW)
    assert caught.value.status == 401


def test_an_automation_rule_may_send_the_secret_in_a_header(adapter: JsmWebhook) -> None:
    body = body_of("automation_body.json")
    adapter.verify({DEFAULT_SECRET_HEADER: SECRET}, body, NOW)
    adapter.verify({DEFAULT_SECRET_HEADER.lower(): f" {SECRET} "}, body, NOW)
    with pytest.raises(WebhookError, match="does not match the configured secret") as caught:
        adapter.verify({DEFAULT_SECRET_HEADER: SECRET[:-1]}, body, NOW)
    assert caught.value.status == 401 and SECRET not in str(caught.value)


def test_a_wrong_signature_is_not_rescued_by_the_secret_header(adapter: JsmWebhook) -> None:
    body = body_of("webhook_issue_created.json")
    headers = {SIGNATURE_HEADER: sign("another secret", body), DEFAULT_SECRET_HEADER: SECRET}
    with pytest.raises(WebhookError, match="does not match the body"):
        adapter.verify(headers, body, NOW)


def test_neither_signature_nor_secret_header_is_401(adapter: JsmWebhook) -> None:
    with pytest.raises(WebhookError, match=f"{SIGNATURE_HEADER} or {DEFAULT_SECRET_HEADER}") as caught:
        adapter.verify({"Content-Type": "application/json"}, body_of("automation_body.json"), NOW)
    assert caught.value.status == 401


def test_a_custom_header_name_is_used_and_checked() -> None:
    custom = JsmWebhook(SECRET, header="X-Clinic-Token", name="clinic-jsm")
    custom.verify({"X-Clinic-Token": SECRET}, b"{}", NOW)
    with pytest.raises(WebhookError):
        custom.verify({DEFAULT_SECRET_HEADER: SECRET}, b"{}", NOW)
    with pytest.raises(ConfigError, match="webhook_header"):
        JsmWebhook(SECRET, header="X Bad: header", name="clinic-jsm")


def test_without_a_secret_unsigned_deliveries_are_accepted(caplog: pytest.LogCaptureFixture) -> None:
    unsigned = JsmWebhook(None, name="clinic-jsm")
    unsigned.verify({}, b"{}", NOW)
    assert not unsigned.signed
    assert "accepted unsigned" in caplog.text and SECRET not in caplog.text


def test_issue_created_event_uses_the_delivery_identifier(adapter: JsmWebhook) -> None:
    (event,) = adapter.parse({IDENTIFIER_HEADER: "d1f5-0001"}, body_of("webhook_issue_created.json"))

    assert event == TicketEvent(
        "clinic-jsm",
        "CL-42",
        "d1f5-0001",
        EventKind.CREATED,
        "557058:patient-0001",
        datetime(2026, 3, 2, 9, 0, 0, 123000, tzinfo=UTC),
    )


def test_comment_created_is_an_update_by_the_comment_author(adapter: JsmWebhook) -> None:
    (event,) = adapter.parse({IDENTIFIER_HEADER: "d1f5-0002"}, body_of("webhook_comment_created.json"))
    assert (event.ticket_id, event.kind, event.actor_id) == ("CL-42", EventKind.UPDATED, "557058:patient-0001")


def test_without_identifier_the_timestamp_dedupes(adapter: JsmWebhook) -> None:
    (event,) = adapter.parse({}, body_of("webhook_issue_created.json"))
    assert event.event_id == "jira:issue_created:1772442000123"


def test_automation_body_and_template(adapter: JsmWebhook) -> None:
    (event,) = adapter.parse({}, body_of("automation_body.json"))
    assert (event.ticket_id, event.kind, event.event_id) == (
        "CL-42",
        EventKind.CREATED,
        "updated:2026-03-02T09:00:00.123+0000",
    )
    with pytest.raises(WebhookError, match="issue_key"):
        adapter.parse({}, AUTOMATION_BODY_TEMPLATE.encode())  # unrendered placeholders are refused


def test_events_caused_by_our_api_user_are_dropped(adapter: JsmWebhook) -> None:
    payload = json.loads(body_of("webhook_comment_created.json"))
    payload["comment"]["author"]["accountId"] = BOT
    assert adapter.parse({IDENTIFIER_HEADER: "x"}, json.dumps(payload).encode()) == []
    automation = {**json.loads(body_of("automation_body.json")), "actor_account_id": BOT}
    assert adapter.parse({}, json.dumps(automation).encode()) == []


def test_other_events_are_acknowledged_and_ignored(adapter: JsmWebhook) -> None:
    assert adapter.parse({IDENTIFIER_HEADER: "x"}, body_of("webhook_issue_deleted.json")) == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b"[1, 2]", id="not-object"),
        pytest.param(b'{"hello": "world"}', id="unknown-shape"),
        pytest.param(b'{"webhookEvent": "jira:issue_created", "timestamp": 1}', id="no-issue"),
        pytest.param(b'{"webhookEvent": "jira:issue_created", "issue": {"key": "CL-1"}}', id="no-dedupe-key"),
        pytest.param(b'{"webhookEvent": 5}', id="event-not-string"),
        pytest.param(b'{"issue_key": "CL-1", "event": "deleted", "updated": "x"}', id="automation-bad-event"),
        pytest.param(b'{"issue_key": "CL-1", "updated": "{{issue.updated}}"}', id="automation-unrendered"),
    ],
)
def test_malformed_delivery_is_400(adapter: JsmWebhook, body: bytes) -> None:
    with pytest.raises(WebhookError) as caught:
        adapter.parse({}, body)
    assert caught.value.status == 400


def make_client(tmp_path: Path, adapter: JsmWebhook) -> tuple[Any, SqliteQueue]:
    queue = SqliteQueue(
        tmp_path / "queue.sqlite3", lease_seconds=60, max_attempts=3, retry_base_seconds=1, retry_max_seconds=10
    )
    app = Flask(__name__)
    app.register_blueprint(
        create_webhooks_blueprint(
            adapters={"clinic-jsm": adapter},
            enqueue=lambda event: queue.enqueue(event.dedupe_key, event_payload(event)),
            max_body_bytes=100_000,
            clock=lambda: NOW,
        )
    )
    return app.test_client(), queue


def test_duplicate_delivery_is_enqueued_once(tmp_path: Path, adapter: JsmWebhook) -> None:
    client, queue = make_client(tmp_path, adapter)
    body = body_of("webhook_issue_created.json")
    headers = {SIGNATURE_HEADER: sign(SECRET, body), IDENTIFIER_HEADER: "d1f5-0001", "X-Atlassian-Webhook-Retry": "1"}

    answers = [client.post("/webhooks/clinic-jsm", data=body, headers=headers).status_code for _ in range(2)]
    other = client.post("/webhooks/clinic-jsm", data=body, headers={**headers, IDENTIFIER_HEADER: "d1f5-0009"})

    assert answers == [202, 202] and other.status_code == 202
    assert queue.stats()["pending"] == 2


def test_blueprint_answers_401_and_400(tmp_path: Path, adapter: JsmWebhook) -> None:
    client, queue = make_client(tmp_path, adapter)
    body = body_of("webhook_issue_created.json")

    unsigned = client.post("/webhooks/clinic-jsm", data=body)
    garbled = client.post("/webhooks/clinic-jsm", data=b"{", headers={SIGNATURE_HEADER: sign(SECRET, b"{")})

    assert (unsigned.status_code, garbled.status_code) == (401, 400)
    assert queue.stats()["pending"] == 0
