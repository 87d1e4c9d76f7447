"""The whole Zendesk path under at-least-once delivery and rate limiting: signed webhook delivered three
times -> queue -> worker -> ZendeskHelpdesk against the stateful fake answering a burst of 429s.
Every ticket gets exactly one internal note."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

from app.worker import Worker
from carelayer.queue import SqliteQueue
from carelayer.store import StateStore
from carelayer.types import Action, Decision, Ticket
from connectors.base import TicketEvent, event_payload
from connectors.zendesk.connector import ZendeskHelpdesk
from connectors.zendesk.webhook import ZendeskWebhook, sign
from tests.connectors.zendesk.fake_zendesk import TOKEN, FakeZendesk, settings_for
from webhooks.blueprint import create_webhooks_blueprint

SECRET = "webhook-signing-secret"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class DraftingAgent:
    """Stands in for the triage agent: a note with a draft for every ticket (stateful: counts calls)."""

    def __init__(self) -> None:
        self.calls = 0

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        self.calls += 1
        return Decision(
            ticket.id,
            "billing",
            0.9,
            False,
            Action.NOTE,
            draft="You can pay online.",
            tags=("carelayer", "carelayer_billing"),
        )


def _app(queue: SqliteQueue) -> Flask:
    def enqueue(event: TicketEvent) -> bool:
        return queue.enqueue(event.dedupe_key, event_payload(event))

    app = Flask("test")
    adapter = ZendeskWebhook(SECRET, tolerance_seconds=300, bot_user_id="900001", name="zendesk")
    app.register_blueprint(
        create_webhooks_blueprint(
            adapters={"zendesk": adapter}, enqueue=enqueue, max_body_bytes=100_000, clock=lambda: NOW
        )
    )
    return app


def test_three_deliveries_and_a_429_burst_give_one_note_per_ticket(
    tmp_path: Path, fake: FakeZendesk, fake_url: str
) -> None:
    queue = SqliteQueue(
        tmp_path / "q.sqlite3", lease_seconds=60, max_attempts=8, retry_base_seconds=0.001, retry_max_seconds=0.001
    )
    client = _app(queue).test_client()
    tickets = [fake.create_ticket(f"bill {i}", f"How do I pay bill {i}?") for i in range(3)]
    timestamp = NOW.isoformat().replace("+00:00", "Z")
    for ticket_id in tickets:
        body = json.dumps(
            {
                "ticket_id": str(ticket_id),
                "updated_at": f"2026-03-02T09:2{ticket_id % 10}:00Z",
                "event": "created",
                "current_user_id": "5",
            }
        ).encode()
        headers = {
            "X-Zendesk-Webhook-Signature": sign(SECRET, timestamp, body),
            "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
            "Content-Type": "application/json",
        }
        answers = [client.post("/webhooks/zendesk", data=body, headers=headers).get_json() for _ in range(3)]
        assert answers == [{"accepted": 1, "duplicates": 0}] + [{"accepted": 0, "duplicates": 1}] * 2
    fake.fail_next(429, times=5, headers={"Retry-After": "2"}, method="PUT")
    fake.fail_next(503, times=2, method="GET")
    helpdesk = ZendeskHelpdesk(
        settings_for(fake_url), TOKEN, marker_tag="carelayer", sleep=fake.clock.sleep, clock=fake.clock
    )
    agent = DraftingAgent()
    worker = Worker(
        queue=queue,
        helpdesks={"zendesk": helpdesk},
        agent=agent,
        store=StateStore(tmp_path / "s.sqlite3"),
        worker_id="w1",
    )
    for _ in range(20):
        if not worker.run_once():
            break
    assert queue.stats() == {"pending": 0, "leased": 0, "done": 3, "dead": 0}
    for ticket_id in tickets:
        assert len(fake.notes(ticket_id)) == 1
        assert "carelayer" in fake.tags(ticket_id)
    assert agent.calls >= 3
    puts = [seen for seen in fake.requests if seen.method == "PUT"]
    assert len(puts) >= 3 + 5  # the burst of 429s was served and retried, not skipped
