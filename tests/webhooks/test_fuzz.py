"""Webhook fuzzing against the real app (`create_app`, as `carelayer serve` builds it) with Zendesk and
sandbox helpdesks configured: arbitrary methods, paths, headers and bodies, signed or not. Never a
5xx, never an exception, never a job from a request whose signature is not valid. The endpoints
are described in docs/webhooks.openapi.yaml."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.web import create_app
from carelayer.queue import SqliteQueue
from carelayer.settings import load_settings
from connectors.sandbox.webhook import sign as sandbox_sign
from connectors.zendesk.webhook import sign as zendesk_sign

ROOT = Path(__file__).resolve().parents[2]
ZENDESK_SECRET, SANDBOX_SECRET = "fuzz-zendesk-secret", "fuzz-sandbox-secret"
HEADER_NAMES = st.sampled_from(
    ["X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp", "X-Carelayer-Signature",
     "Content-Type", "Content-Length", "Transfer-Encoding", "X-Anything"]
)  # fmt: skip
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=12,
)
TICKETISH = st.fixed_dictionaries(
    {},
    optional={
        "ticket_id": st.one_of(st.text(max_size=12), st.integers(), st.none()),
        "event_id": st.one_of(st.text(max_size=12), st.none()),
        "kind": st.sampled_from(["created", "updated", "deleted", ""]),
        "updated_at": st.text(max_size=25),
        "event": st.text(max_size=10),
        "current_user_id": st.one_of(st.text(max_size=8), st.integers()),
        "type": st.sampled_from(["zen:event-type:ticket.created", "zen:event-type:ticket.comment_added", "x"]),
        "detail": JSONISH,
        "id": st.text(max_size=12),
    },
)
BODIES = st.one_of(st.binary(max_size=300), JSONISH.map(lambda v: json.dumps(v).encode()),
                   TICKETISH.map(lambda v: json.dumps(v).encode()))  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FlaskClient, SqliteQueue]]:
    folder = tmp_path_factory.mktemp("fuzz")
    config = folder / "config.yaml"
    helpdesks = [
        {"name": "zendesk", "kind": "zendesk", "url": "https://clinic.zendesk.example", "email": "bot@x.example"},
        {"name": "sandbox", "kind": "sandbox"},
    ]
    config.write_text(yaml.safe_dump({"data_dir": str(folder / "data"), "helpdesks": helpdesks}))
    environ = {"ZENDESK_WEBHOOK_SECRET": ZENDESK_SECRET, "SANDBOX_WEBHOOK_SECRET": SANDBOX_SECRET}
    current = load_settings(config, environ={**environ, "ZENDESK_API_TOKEN": "t"})
    queue = SqliteQueue(
        folder / "queue.sqlite3", lease_seconds=60, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5
    )
    flask_app = create_app(current, queue=queue)
    flask_app.testing = False  # errors must be handled by the app, as in production
    yield flask_app.test_client(), queue


def _jobs(queue: SqliteQueue) -> int:
    return sum(queue.stats().values())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
    path=st.sampled_from(["/webhooks/zendesk", "/webhooks/sandbox", "/webhooks/", "/webhooks/nope", "/healthz"])
    | st.text(alphabet="/abcz%.-_", max_size=20).map(lambda p: "/webhooks/" + p),
    headers=st.dictionaries(
        HEADER_NAMES, st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60), max_size=4
    ),
    body=BODIES,
)
def test_unsigned_requests_never_fail_and_never_queue(
    app: tuple[FlaskClient, SqliteQueue], method: str, path: str, headers: dict[str, str], body: bytes
) -> None:
    client, queue = app
    before = _jobs(queue)
    answer = client.open(path, method=method, headers=headers, data=body)
    assert answer.status_code < 500
    assert _jobs(queue) == before


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, helpdesk=st.sampled_from(["zendesk", "sandbox"]), tamper=st.booleans())
def test_signed_deliveries_are_accepted_or_refused_with_a_4xx(
    app: tuple[FlaskClient, SqliteQueue], body: bytes, helpdesk: str, tamper: bool
) -> None:
    client, queue = app
    if helpdesk == "zendesk":
        stamp = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        headers = {
            "X-Zendesk-Webhook-Signature": zendesk_sign(ZENDESK_SECRET, stamp, body),
            "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        }
    else:
        headers = {"X-Carelayer-Signature": sandbox_sign(SANDBOX_SECRET, body)}
    sent = body + b" " if tamper else body  # a body changed after signing
    before = _jobs(queue)
    answer = client.post(f"/webhooks/{helpdesk}", headers={**headers, "Content-Type": "application/json"}, data=sent)
    assert answer.status_code < 500
    if tamper:
        assert answer.status_code == 401 and _jobs(queue) == before
    elif answer.status_code != 202:
        assert _jobs(queue) == before


def test_the_openapi_description_names_every_webhook_answer() -> None:
    spec = yaml.safe_load((ROOT / "docs" / "webhooks.openapi.yaml").read_text())
    post = spec["paths"]["/webhooks/{name}"]["post"]
    assert {"202", "400", "401", "404", "413", "503"} <= set(post["responses"])
    assert set(spec["paths"]["/healthz"]["get"]["responses"]) == {"200", "503"}
