"""The webhook endpoint through Flask's test client, with a real HMAC-verifying adapter and a real
in-memory queue: status codes, dedupe, body limits, and what reaches the logs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from connectors.base import TicketEvent, WebhookError
from webhooks.blueprint import RequestHeaders, create_webhooks_blueprint

SECRET = b"whsec-test-0123456789"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SIGNATURE = "X-Test-Signature"
TIMESTAMP = "X-Test-Signature-Timestamp"
LIMIT = 4096
PHI = "Jane Roe, DOB 1980-02-03"  # must never reach a log line


class HmacAdapter:
    """Zendesk's scheme: base64(HMAC-SHA256(secret, timestamp + raw body)), with a timestamp tolerance."""

    kind = "test"

    def __init__(self, secret: bytes, tolerance: timedelta = timedelta(minutes=5)) -> None:
        self._secret = secret
        self._tolerance = tolerance

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        signature, stamp = headers.get(SIGNATURE), headers.get(TIMESTAMP)
        if not signature or not stamp:
            raise WebhookError("missing signature headers", status=401)
        try:
            sent = datetime.fromisoformat(stamp)
        except ValueError as error:
            raise WebhookError("malformed signature timestamp", status=401) from error
        if sent.tzinfo is None or abs(now - sent) > self._tolerance:
            raise WebhookError("signature timestamp outside tolerance", status=401)
        expected = sign(self._secret, stamp, body)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise WebhookError("invalid signature", status=401)

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        try:
            data = json.loads(body)
            return [TicketEvent("test", str(e["ticket_id"]), str(e["event_id"])) for e in data["events"]]
        except (ValueError, TypeError, KeyError) as error:
            raise WebhookError("malformed delivery", status=400) from error


class MemoryQueue:
    """The queue contract in memory: one job per dedupe key."""

    def __init__(self) -> None:
        self.events: dict[str, TicketEvent] = {}

    def enqueue(self, event: TicketEvent) -> bool:
        if event.dedupe_key in self.events:
            return False
        self.events[event.dedupe_key] = event
        return True


def sign(secret: bytes, stamp: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret, stamp.encode() + body, hashlib.sha256).digest()).decode()


def delivery(*events: tuple[str, str], secret: bytes = SECRET, at: datetime = NOW) -> tuple[bytes, dict[str, str]]:
    """A signed body carrying ``events`` (ticket id, event id) and its headers."""
    body = json.dumps({"events": [{"ticket_id": t, "event_id": e, "subject": PHI} for t, e in events]}).encode()
    return body, signed_headers(body, secret=secret, at=at)


def signed_headers(body: bytes, *, secret: bytes = SECRET, at: datetime = NOW) -> dict[str, str]:
    stamp = at.isoformat()
    return {SIGNATURE: sign(secret, stamp, body), TIMESTAMP: stamp, "Content-Type": "application/json"}


def make_app(
    enqueue: Callable[[TicketEvent], bool],
    *,
    adapter: Any = None,
    health: Callable[[], Mapping[str, object]] | None = None,
    url_prefix: str | None = None,
) -> Flask:
    app = Flask(__name__)
    blueprint = create_webhooks_blueprint(
        adapters={"test": adapter or HmacAdapter(SECRET)},
        enqueue=enqueue,
        max_body_bytes=LIMIT,
        clock=lambda: NOW,
        health=health,
    )
    app.register_blueprint(blueprint, url_prefix=url_prefix)
    return app


@pytest.fixture
def queue() -> MemoryQueue:
    return MemoryQueue()


@pytest.fixture
def client(queue: MemoryQueue) -> FlaskClient:
    return make_app(queue.enqueue).test_client()


class EndlessStream(io.RawIOBase):
    """A request body that never ends; counts what the app read from it."""

    def __init__(self) -> None:
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        buffer[:size] = b"x" * size
        self.consumed += size
        return size


def test_valid_delivery_is_accepted_and_enqueued_once(client: FlaskClient, queue: MemoryQueue) -> None:
    body, headers = delivery(("101", "e1"))
    response = client.post("/webhooks/test", data=body, headers=headers)
    assert response.status_code == 202
    assert response.get_json() == {"accepted": 1, "duplicates": 0}
    assert list(queue.events) == ["test:101:e1"]


def test_duplicate_deliveries_are_counted_not_requeued(client: FlaskClient, queue: MemoryQueue) -> None:
    body, headers = delivery(("101", "e1"))
    assert client.post("/webhooks/test", data=body, headers=headers).get_json() == {"accepted": 1, "duplicates": 0}
    assert client.post("/webhooks/test", data=body, headers=headers).get_json() == {"accepted": 0, "duplicates": 1}
    body, headers = delivery(("101", "e1"), ("102", "e2"), ("102", "e2"))
    response = client.post("/webhooks/test", data=body, headers=headers)
    assert (response.status_code, response.get_json()) == (202, {"accepted": 1, "duplicates": 2})
    assert sorted(queue.events) == ["test:101:e1", "test:102:e2"]


def test_a_delivery_without_events_is_accepted_with_zero(client: FlaskClient, queue: MemoryQueue) -> None:
    body, headers = delivery()
    response = client.post("/webhooks/test", data=body, headers=headers)
    assert (response.status_code, response.get_json()) == (202, {"accepted": 0, "duplicates": 0})
    assert queue.events == {}


def _tampered() -> tuple[bytes, dict[str, str]]:
    body, headers = delivery(("101", "e1"))
    return body.replace(b"101", b"666"), headers


def _missing(*names: str) -> tuple[bytes, dict[str, str]]:
    body, headers = delivery(("101", "e1"))
    return body, {k: v for k, v in headers.items() if k not in names}


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_tampered, id="tampered-body"),
        pytest.param(lambda: delivery(("101", "e1"), secret=b"someone-else"), id="wrong-secret"),
        pytest.param(lambda: _missing(SIGNATURE), id="missing-signature"),
        pytest.param(lambda: _missing(SIGNATURE, TIMESTAMP), id="missing-both-headers"),
        pytest.param(lambda: delivery(("101", "e1"), at=NOW - timedelta(hours=1)), id="stale-timestamp"),
    ],
)
def test_unauthentic_deliveries_are_401_and_not_enqueued(
    client: FlaskClient, queue: MemoryQueue, make: Callable[[], tuple[bytes, dict[str, str]]]
) -> None:
    body, headers = make()
    response = client.post("/webhooks/test", data=body, headers=headers)
    assert response.status_code == 401
    assert response.is_json and "error" in response.get_json()
    assert queue.events == {}


def test_headers_are_matched_whatever_their_case(client: FlaskClient, queue: MemoryQueue) -> None:
    body, headers = delivery(("101", "e1"))
    lowered = {k.lower(): v for k, v in headers.items()}
    assert client.post("/webhooks/test", data=body, headers=lowered).status_code == 202


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"events": [{"ticket_id": 1}]}', b"\xff\xfe"])
def test_malformed_but_signed_deliveries_are_400(client: FlaskClient, queue: MemoryQueue, body: bytes) -> None:
    response = client.post("/webhooks/test", data=body, headers=signed_headers(body))
    assert response.status_code == 400
    assert response.get_json() == {"error": "malformed delivery"}
    assert queue.events == {}


def test_a_body_of_exactly_the_limit_is_accepted(client: FlaskClient, queue: MemoryQueue) -> None:
    body, _ = delivery(("101", "e1"))
    body = body[:-1] + b" " * (LIMIT - len(body)) + b"}"
    assert len(body) == LIMIT
    assert client.post("/webhooks/test", data=body, headers=signed_headers(body)).status_code == 202


def test_oversized_by_content_length_is_413_without_reading(client: FlaskClient, queue: MemoryQueue) -> None:
    stream = EndlessStream()
    environ = {"wsgi.input": stream, "CONTENT_LENGTH": str(10**9)}
    response = client.post("/webhooks/test", headers=signed_headers(b""), environ_overrides=environ)
    assert response.status_code == 413
    assert response.is_json
    assert stream.consumed == 0
    assert queue.events == {}


def test_oversized_streamed_body_is_413_after_reading_at_most_limit_plus_one(
    client: FlaskClient, queue: MemoryQueue
) -> None:
    stream = EndlessStream()
    environ = {"wsgi.input": stream, "wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}
    response = client.post("/webhooks/test", headers=signed_headers(b""), environ_overrides=environ)
    assert response.status_code == 413
    assert response.get_json() == {"error": f"body larger than {LIMIT} bytes"}
    assert LIMIT < stream.consumed <= LIMIT + 1
    assert queue.events == {}


def test_a_streamed_body_within_the_limit_is_read_whole(client: FlaskClient, queue: MemoryQueue) -> None:
    body, headers = delivery(("101", "e1"))
    environ = {"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}
    response = client.post("/webhooks/test", headers=headers, environ_overrides=environ)
    assert (response.status_code, response.get_json()) == (202, {"accepted": 1, "duplicates": 0})


class LockedQueue:
    """A queue whose database is locked for the first ``failures`` calls, then works."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.inner = MemoryQueue()

    def enqueue(self, event: TicketEvent) -> bool:
        if self.failures > 0:
            self.failures -= 1
            raise sqlite3.OperationalError(f"database is locked ({event.ticket_id})")
        return self.inner.enqueue(event)


def test_enqueue_failure_is_503_with_retry_after_and_redelivery_succeeds(caplog: pytest.LogCaptureFixture) -> None:
    queue = LockedQueue(failures=1)
    client = make_app(queue.enqueue).test_client()
    body, headers = delivery(("101", "e1"))
    with caplog.at_level(logging.INFO, logger="webhooks"):
        response = client.post("/webhooks/test", data=body, headers=headers)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.is_json
    assert "OperationalError" in caplog.text and "enqueue" in caplog.text
    assert "POST /webhooks/test 503" in caplog.text
    assert PHI not in caplog.text and "database is locked" not in caplog.text
    again = client.post("/webhooks/test", data=body, headers=headers)
    assert (again.status_code, again.get_json()) == (202, {"accepted": 1, "duplicates": 0})


class CrashingAdapter(HmacAdapter):
    """An adapter with a bug: its exceptions quote the body, so their messages must stay out of logs."""

    def __init__(self, crash_in: str) -> None:
        super().__init__(SECRET)
        self.crash_in = crash_in

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        if self.crash_in == "verify":
            raise TypeError(body.decode())
        super().verify(headers, body, now)

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        if self.crash_in == "parse":
            raise KeyError(body.decode())
        return super().parse(headers, body)


@pytest.mark.parametrize(("crash_in", "status"), [("verify", 401), ("parse", 503)])
def test_adapter_bugs_never_answer_500_nor_log_the_body(
    crash_in: str, status: int, queue: MemoryQueue, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(queue.enqueue, adapter=CrashingAdapter(crash_in)).test_client()
    body, headers = delivery(("101", "e1"))
    with caplog.at_level(logging.INFO, logger="webhooks"):
        response = client.post("/webhooks/test", data=body, headers=headers)
    assert response.status_code == status
    assert response.is_json
    assert ("Retry-After" in response.headers) == (status == 503)
    assert f"{crash_in} failed with" in caplog.text
    assert PHI not in caplog.text
    assert queue.events == {}


def test_refusals_are_logged_without_the_body(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    body, headers = delivery(("101", "e1"), secret=b"someone-else")
    with caplog.at_level(logging.INFO, logger="webhooks"):
        client.post("/webhooks/test", data=body, headers=headers)
        client.post("/webhooks/test", data=b"{", headers=signed_headers(b"{"))
    assert "invalid signature" in caplog.text and "POST /webhooks/test 401" in caplog.text
    assert "POST /webhooks/test 400" in caplog.text
    assert PHI not in caplog.text


def test_unknown_helpdesk_is_404_json(client: FlaskClient) -> None:
    body, headers = delivery(("101", "e1"))
    response = client.post("/webhooks/freshdesk", data=body, headers=headers)
    assert (response.status_code, response.get_json()) == (404, {"error": "unknown helpdesk"})
    assert client.post("/webhooks/a/b", data=body).status_code == 404
    assert client.post("/webhooks/a/b", data=body).is_json


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/webhooks/test", "POST"),
        ("PUT", "/webhooks/test", "POST"),
        ("TRACE", "/webhooks/test", "POST"),
        ("POST", "/healthz", "GET, HEAD"),
        ("PROPFIND", "/healthz", "GET, HEAD"),
    ],
)
def test_wrong_methods_are_405_json(client: FlaskClient, method: str, path: str, allow: str) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.get_json() == {"error": "method not allowed"}
    assert response.headers["Allow"] == allow


def test_paths_outside_the_blueprint_keep_flasks_default_answers(client: FlaskClient) -> None:
    response = client.get("/elsewhere")
    assert response.status_code == 404
    assert not response.is_json


def test_health_reports_ok_with_details() -> None:
    client = make_app(MemoryQueue().enqueue, health=lambda: {"queue_depth": 3}).test_client()
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok", "queue_depth": 3})
    assert make_app(MemoryQueue().enqueue).test_client().get("/healthz").get_json() == {"status": "ok"}


def test_health_is_503_when_its_check_fails() -> None:
    def broken() -> Mapping[str, object]:
        raise sqlite3.OperationalError("disk I/O error")

    response = make_app(MemoryQueue().enqueue, health=broken).test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (503, {"status": "unavailable"})


def test_the_blueprint_works_under_a_url_prefix(queue: MemoryQueue) -> None:
    client = make_app(queue.enqueue, url_prefix="/api").test_client()
    body, headers = delivery(("101", "e1"))
    assert client.post("/api/webhooks/test", data=body, headers=headers).status_code == 202
    assert client.get("/api/webhooks/test").is_json
    assert client.open("/api/webhooks/test", method="TRACE").is_json


def test_request_headers_are_a_case_insensitive_mapping() -> None:
    headers = RequestHeaders([("X-Sig", "a"), ("Accept", "x"), ("x-sig", "b")])
    assert headers["x-SIG"] == "a, b"
    assert headers.get("missing") is None
    assert dict(headers) == {"X-Sig": "a, b", "Accept": "x"}
    assert "ACCEPT" in headers and len(headers) == 2


def test_invalid_construction_is_refused() -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        create_webhooks_blueprint(adapters={}, enqueue=MemoryQueue().enqueue, max_body_bytes=0, clock=lambda: NOW)
