"""The whole Freshdesk path under at-least-once delivery and rate limiting: the automation rule's webhook
delivered three times -> queue -> worker -> FreshdeskHelpdesk against the stateful fake answering 429s and 503s.
Every ticket gets exactly one private note; a bad secret is 401 and a malformed body 400, never 500."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from app.worker import Worker
from carelayer.queue import SqliteQueue
from carelayer.store import StateStore
from carelayer.types import Action, Decision, Ticket
from connectors.base import TicketEvent, event_payload
from connectors.freshdesk.connector import FreshdeskHelpdesk
from connectors.freshdesk.webhook import DEFAULT_SECRET_HEADER, FreshdeskWebhook
from tests.connectors.freshdesk.fake_freshdesk import API_KEY, FakeFreshdesk, settings_for
from webhooks.blueprint import create_webhooks_blueprint

SECRET = "s3cret-Vq8pZr2LmN4tWx6YbC0dE"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class DraftingAgent:
    """Stands in for the triage agent: a note with a draft for every ticket."""

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        return Decision(
            ticket.id, "billing", 0.9, False, Action.NOTE, draft="You can pay online.", tags=("carelayer_billing",)
        )


def _client(queue: SqliteQueue) -> FlaskClient:
    def enqueue(event: TicketEvent) -> bool:
        return queue.enqueue(event.dedupe_key, event_payload(event))

    app = Flask("test")
    adapter = FreshdeskWebhook(SECRET, bot_user_id="77000001", name="freshdesk")
    app.register_blueprint(
        create_webhooks_blueprint(
            adapters={"freshdesk": adapter}, enqueue=enqueue, max_body_bytes=100_000, clock=lambda: NOW
        )
    )
    return app.test_client()


def _queue(tmp_path: Path) -> SqliteQueue:
    return SqliteQueue(
        tmp_path / "q.sqlite3", lease_seconds=60, max_attempts=8, retry_base_seconds=0.001, retry_max_seconds=0.001
    )


def test_three_deliveries_and_rate_limits_give_one_note_per_ticket(
    tmp_path: Path, fake: FakeFreshdesk, fake_url: str
) -> None:
    queue = _queue(tmp_path)
    client = _client(queue)
    tickets = [fake.create_ticket(f"bill {i}", f"How do I pay bill {i}?") for i in range(3)]
    for ticket_id in tickets:
        body = json.dumps({"ticket_id": str(ticket_id), "event": "created", "latest_public_comment": ""}).encode()
        headers = {DEFAULT_SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        answers = [client.post("/webhooks/freshdesk", data=body, headers=headers).get_json() for _ in range(3)]
        assert answers == [{"accepted": 1, "duplicates": 0}] + [{"accepted": 0, "duplicates": 1}] * 2
    fake.fail_next(429, times=3, headers={"Retry-After": "2"}, method="POST")
    fake.fail_next(503, times=2, method="GET")
    helpdesk = FreshdeskHelpdesk(
        settings_for(fake_url), API_KEY, marker_tag="carelayer", sleep=fake.clock.sleep, clock=fake.clock
    )
    worker = Worker(
        queue=queue,
        helpdesks={"freshdesk": helpdesk},
        agent=DraftingAgent(),
        store=StateStore(tmp_path / "s.sqlite3"),
        worker_id="w1",
    )
    for _ in range(20):
        if not worker.run_once():
            break

    assert queue.stats() == {"pending": 0, "leased": 0, "done": 3, "dead": 0}
    for ticket_id in tickets:
        notes = [c for c in fake.conversations[ticket_id] if c["private"]]
        assert len(notes) == 1 and "You can pay online." in notes[0]["body_text"]
        assert {"carelayer", "carelayer_billing"} <= set(fake.tickets[ticket_id]["tags"])
    assert 2.0 in fake.clock.sleeps  # Retry-After was waited for


def test_refused_deliveries_are_401_and_400_and_enqueue_nothing(tmp_path: Path) -> None:
    queue = _queue(tmp_path)
    client = _client(queue)
    good = json.dumps({"ticket_id": "5", "event": "created"}).encode()

    wrong = client.post("/webhooks/freshdesk", data=good, headers={DEFAULT_SECRET_HEADER: "nope"})
    missing = client.post("/webhooks/freshdesk", data=good)
    malformed = client.post("/webhooks/freshdesk", data=b'{"ticket_id": "x"}', headers={DEFAULT_SECRET_HEADER: SECRET})

    assert (wrong.status_code, missing.status_code, malformed.status_code) == (401, 401, 400)
    assert SECRET not in wrong.get_data(as_text=True)
    assert queue.stats()["pending"] == 0
