"""What a Zendesk admin sets up so tickets reach carelayer: one webhook and two triggers.

The webhook itself is created in Admin Center (its signing secret must go into carelayer's
environment, so a human handles it); the triggers can be printed or created through the API.
Trigger reference: developer.zendesk.com/api-reference/ticketing/business-rules/triggers/
"""

from __future__ import annotations

import json
from typing import Any

from connectors.zendesk.client import ZendeskClient
from connectors.zendesk.mapping import TRIGGER_BODY_TEMPLATE

JSON = dict[str, Any]


def webhook_settings(endpoint_url: str) -> JSON:
    """The webhook an admin creates in Admin Center > Apps and integrations > Webhooks."""
    return {
        "name": "carelayer",
        "endpoint": endpoint_url,
        "http_method": "POST",
        "request_format": "json",
        "status": "active",
        "subscriptions": ["conditional_ticket_events"],
        "authentication": "none (carelayer verifies Zendesk's signature; copy the signing secret into "
        "ZENDESK_WEBHOOK_SECRET)",
    }


def trigger_definitions(webhook_id: str, marker_tag: str) -> list[JSON]:
    """Two triggers: new tickets, and public follow-ups from the requester.

    The nullifying condition (no ``marker_tag`` yet) on the first stops carelayer's own writes, which
    add that tag, from firing it again; the second only fires for end users' comments.
    """
    created = _body("created")
    updated = _body("updated")
    return [
        {
            "title": "carelayer: new ticket",
            "active": True,
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Create"},
                    {"field": "current_tags", "operator": "not_includes", "value": marker_tag},
                ],
                "any": [],
            },
            "actions": [{"field": "notification_webhook", "value": [webhook_id, created]}],
        },
        {
            "title": "carelayer: requester follow-up",
            "active": True,
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Change"},
                    {"field": "comment_is_public", "operator": "is", "value": "true"},
                    {"field": "role", "operator": "is", "value": "end_user"},
                ],
                "any": [],
            },
            "actions": [{"field": "notification_webhook", "value": [webhook_id, updated]}],
        },
    ]


def _body(event: str) -> str:
    return TRIGGER_BODY_TEMPLATE.replace('"event": "created"', f'"event": "{event}"')


def create_triggers(client: ZendeskClient, triggers: list[JSON]) -> list[str]:
    """Create the triggers through the API; returns their ids."""
    ids = []
    for trigger in triggers:
        answer = client.request("POST", "/api/v2/triggers.json", json_body={"trigger": trigger})
        created = answer.get("trigger") if isinstance(answer, dict) else None
        ids.append(str(created.get("id")) if isinstance(created, dict) else "?")
    return ids


def describe(endpoint_url: str, webhook_id: str, marker_tag: str) -> str:
    """The whole setup as text an admin can follow."""
    return json.dumps(
        {"webhook": webhook_settings(endpoint_url), "triggers": trigger_definitions(webhook_id, marker_tag)},
        indent=2,
    )
