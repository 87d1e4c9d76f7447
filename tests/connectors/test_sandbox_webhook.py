"""The sandbox webhook adapter: signatures, parsing and refusals."""

from __future__ import annotations

import pytest

from connectors.base import EventKind, TicketEvent, WebhookError
from connectors.sandbox import SIGNATURE_HEADER, SandboxHelpdesk, SandboxWebhook, encode_event, sign
from tests.connectors.sandbox_fixtures import BODY, NOW

# -- webhook adapter ---------------------------------------------------------------------------------


def test_webhook_accepts_a_valid_signature_in_any_header_case() -> None:
    adapter = SandboxWebhook("s3cret")

    adapter.verify({SIGNATURE_HEADER: sign("s3cret", BODY)}, BODY, NOW)
    adapter.verify({SIGNATURE_HEADER.lower(): sign("s3cret", BODY)}, BODY, NOW)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="missing"),
        pytest.param({SIGNATURE_HEADER: sign("other", BODY)}, id="wrong-secret"),
        pytest.param({SIGNATURE_HEADER: sign("s3cret", BODY + b" ")}, id="other-body"),
        pytest.param({SIGNATURE_HEADER: sign("s3cret", BODY).removeprefix("sha256=")}, id="no-prefix"),
        pytest.param({SIGNATURE_HEADER: "sha256=é"}, id="non-ascii"),
    ],
)
def test_webhook_refuses_bad_signatures(headers: dict[str, str]) -> None:
    with pytest.raises(WebhookError) as caught:
        SandboxWebhook("s3cret").verify(headers, BODY, NOW)

    assert caught.value.status == 401


def test_webhook_without_secret_accepts_unsigned_and_parses_one_event() -> None:
    SandboxWebhook("").verify({}, BODY, NOW)
    assert SandboxWebhook(None, name="local").parse({}, BODY) == [TicketEvent("local", "12", "34", EventKind.UPDATED)]


def test_webhook_round_trips_an_encoded_event(sandbox: SandboxHelpdesk) -> None:
    sandbox.create_ticket("one", "first")
    event = sandbox.events_since(0)[0][0]

    assert SandboxWebhook(None, name="local").parse({}, encode_event(event)) == [event]


def test_webhook_defaults_kind_and_event_id_stably() -> None:
    body = b'{"ticket_id": 7}'
    first = SandboxWebhook(None).parse({}, body)[0]

    assert (first.ticket_id, first.kind) == ("7", EventKind.CREATED)
    assert SandboxWebhook(None).parse({}, body)[0].event_id == first.event_id


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="malformed"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b"[1, 2]", id="not-object"),
        pytest.param(b'{"event_id": "1"}', id="no-ticket-id"),
        pytest.param(b'{"ticket_id": ""}', id="empty-ticket-id"),
        pytest.param(b'{"ticket_id": true}', id="bool-ticket-id"),
        pytest.param(b'{"ticket_id": "1", "kind": "deleted"}', id="unknown-kind"),
        pytest.param(b'{"ticket_id": "1", "occurred_at": "yesterday"}', id="bad-time"),
    ],
)
def test_webhook_refuses_malformed_bodies(body: bytes) -> None:
    with pytest.raises(WebhookError) as caught:
        SandboxWebhook(None).parse({}, body)

    assert caught.value.status == 400
