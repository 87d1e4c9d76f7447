"""`carelayer zendesk setup`: the triggers it creates are valid against the official API definition."""

from __future__ import annotations

import json

from connectors.zendesk.client import ZendeskClient
from connectors.zendesk.setup import create_triggers, describe, trigger_definitions
from tests.prism import PrismServer

EMAIL, TOKEN = "bot@clinic.example", "prism-token"


def test_triggers_notify_the_webhook_and_ignore_our_own_writes() -> None:
    new_ticket, follow_up = trigger_definitions("01HWEBHOOK", "carelayer")
    assert {"field": "current_tags", "operator": "not_includes", "value": "carelayer"} in new_ticket["conditions"][
        "all"
    ]
    assert {"field": "role", "operator": "is", "value": "end_user"} in follow_up["conditions"]["all"]
    for trigger, event in ((new_ticket, "created"), (follow_up, "updated")):
        [action] = trigger["actions"]
        webhook_id, body = action["value"]
        assert (action["field"], webhook_id) == ("notification_webhook", "01HWEBHOOK")
        template = json.loads(body)  # the placeholders are inside strings, so the body is valid JSON
        assert template["event"] == event and template["ticket_id"] == "{{ticket.id}}"


def test_describe_names_the_endpoint() -> None:
    text = json.loads(describe("https://carelayer.example/webhooks/zendesk", "7", "carelayer"))
    assert text["webhook"]["endpoint"] == "https://carelayer.example/webhooks/zendesk"
    assert len(text["triggers"]) == 2


def test_creating_the_triggers_is_valid_against_the_definition(prism_checked: PrismServer) -> None:
    client = ZendeskClient(prism_checked.base_url, EMAIL, TOKEN, timeout=10, max_retries=0, max_retry_wait=1)
    ids = create_triggers(client, trigger_definitions("01HWEBHOOK", "carelayer"))
    assert len(ids) == 2
