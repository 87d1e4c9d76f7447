"""The fake answers Freshdesk's recorded shapes: every field of a recorded answer is in the fake's answer too,
with the same JSON type (or null), so connector tests against the fake exercise what Freshdesk sends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from tests.connectors.freshdesk.fake_freshdesk import API_KEY, FakeFreshdesk

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "freshdesk"
AUTH = (API_KEY, "X")


def recorded(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def assert_same_shape(fake_answer: dict[str, Any], recording: dict[str, Any]) -> None:
    missing = sorted(set(recording) - set(fake_answer))
    assert missing == []
    for key, value in recording.items():
        if value is not None and fake_answer[key] is not None:
            assert type(fake_answer[key]) is type(value), key


def test_view_ticket_with_requester(fake: FakeFreshdesk, fake_url: str) -> None:
    key = fake.create_ticket("Invoice", "Charged twice")

    answer = requests.get(f"{fake_url}/api/v2/tickets/{key}", params={"include": "requester"}, auth=AUTH, timeout=5)

    ticket = recorded("ticket_view_with_requester.json")
    assert_same_shape(answer.json(), ticket)
    assert_same_shape(answer.json()["requester"], ticket["requester"])


def test_conversations_note_and_list(fake: FakeFreshdesk, fake_url: str) -> None:
    key = fake.create_ticket("Invoice", "Charged twice")
    fake.requester_reply(key, "more")

    note = requests.post(
        f"{fake_url}/api/v2/tickets/{key}/notes", json={"body": "<p>x</p>", "private": True}, auth=AUTH, timeout=5
    )
    listed = requests.get(f"{fake_url}/api/v2/tickets/{key}/conversations", auth=AUTH, timeout=5).json()

    assert note.status_code == 201
    assert_same_shape(note.json(), recorded("note_created.json"))
    for conversation in listed:
        assert_same_shape(conversation, recorded("conversations_page.json")[0])


def test_list_tickets_and_groups(fake: FakeFreshdesk, fake_url: str) -> None:
    fake.create_ticket("Invoice", "Charged twice")

    tickets = requests.get(f"{fake_url}/api/v2/tickets", auth=AUTH, timeout=5).json()
    groups = requests.get(f"{fake_url}/api/v2/groups", auth=AUTH, timeout=5).json()

    assert_same_shape(tickets[0], recorded("tickets_updated_since.json")[0])
    assert {"id", "name", "description", "created_at", "updated_at"} <= set(groups[0])


def test_validation_error_body(fake: FakeFreshdesk, fake_url: str) -> None:
    key = fake.create_ticket("Invoice", "Charged twice")

    answer = requests.put(f"{fake_url}/api/v2/tickets/{key}", json={"priority": 9}, auth=AUTH, timeout=5)

    assert answer.status_code == 400
    body, documented = answer.json(), recorded("error_400_validation.json")
    assert body["description"] == documented["description"]
    assert set(body["errors"][0]) == set(documented["errors"][0])
    assert {"X-RateLimit-Total", "X-RateLimit-Remaining", "X-RateLimit-Used-CurrentRequest"} <= set(answer.headers)


def test_wrong_key_answers_the_recorded_401(fake_url: str) -> None:
    answer = requests.get(f"{fake_url}/api/v2/groups", auth=("nope", "X"), timeout=5)

    assert (answer.status_code, answer.json()) == (401, recorded("error_401.json"))
