"""Jira Service Management JSON -> carelayer core types. Pure: no I/O, no clock, no logging.

Customer requests and comments: https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/
Jira webhooks: https://developer.atlassian.com/cloud/jira/platform/webhooks/
Issue search (JQL): https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/

The request's description is the requester's first message; JSM keeps it outside the comment list, so it is
mapped as the ticket's first (public) comment, authored by the reporter: every helpdesk then reads alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from carelayer.errors import PermanentHelpdeskError
from carelayer.jsonvalues import parse_time
from carelayer.types import Comment, Requester, Ticket
from connectors.base import EventKind, TicketEvent, WebhookError

JSON = Mapping[str, Any]
DESCRIPTION_COMMENT_ID = "description"
# Jira webhook events that leave something to answer; every other event is acknowledged, not queued.
WEBHOOK_EVENT_KINDS = {
    "jira:issue_created": EventKind.CREATED,
    "jira:issue_updated": EventKind.UPDATED,
    "comment_created": EventKind.UPDATED,
}
# What an admin pastes as the body of an automation rule's "Send web request" (README.md explains the rule).
AUTOMATION_BODY_TEMPLATE = """{
  "issue_key": "{{issue.key}}",
  "event": "created",
  "updated": "{{issue.updated}}",
  "actor_account_id": "{{initiator.accountId}}"
}"""
_ISSUE_KEY = re.compile(r"^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,17}$")
_ISSUE_ID = re.compile(r"^[1-9][0-9]{0,18}$")


def issue_key(value: object) -> str | None:
    """An issue key (``CL-12``) or numeric issue id, stripped; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text if _ISSUE_KEY.match(text) or _ISSUE_ID.match(text) else None


def date_from_dto(value: object) -> datetime | None:
    """A JSM ``DateDTO`` (``{"epochMillis", "iso8601", ...}``) as an aware UTC datetime."""
    if not isinstance(value, Mapping):
        return None
    millis = value.get("epochMillis")
    if isinstance(millis, int) and not isinstance(millis, bool):
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    return parse_time(value.get("iso8601"))


def comment_from_json(raw: JSON) -> Comment:
    """One ``CommentDTO``; ``public`` is kept as JSM says (unknown visibility counts as internal)."""
    comment_id = raw.get("id")
    if not isinstance(comment_id, str | int) or isinstance(comment_id, bool) or not str(comment_id).strip():
        raise PermanentHelpdeskError("JSM answered a comment without an id")
    body = raw.get("body")
    return Comment(
        id=str(comment_id).strip(),
        body=body if isinstance(body, str) else "",
        public=raw.get("public") is True,
        author_id=_account_id(raw.get("author")),
        created_at=date_from_dto(raw.get("created")),
    )


def field_value(request: JSON, field_id: str) -> Any:
    """The ``value`` of ``requestFieldValues[fieldId == field_id]`` (None when the form has no such field)."""
    values = request.get("requestFieldValues")
    for item in values if isinstance(values, list) else []:
        if isinstance(item, Mapping) and item.get("fieldId") == field_id:
            return item.get("value")
    return None


def ticket_from_json(
    request: JSON,
    comments: Sequence[JSON],
    issue_fields: JSON,
    *,
    priorities: Mapping[str, str],
    group: str | None = None,
    helpdesk: str | None = None,
) -> Ticket:
    """A ``Ticket`` from a ``CustomerRequestDTO``, every page of its comments and the issue's Jira ``fields``.

    ``priorities`` maps carelayer words to Jira names (read backwards here); ``group`` is the routing value the
    connector read for its configured ``route_by``. ``status`` is the JSM status name, lower-cased.
    """
    key = issue_key(request.get("issueKey")) or issue_key(request.get("issueId"))
    if key is None:
        raise PermanentHelpdeskError("JSM answered a request without an issue key")
    reporter = request.get("reporter")
    description = field_value(request, "description")
    body = description if isinstance(description, str) else ""
    created = date_from_dto(request.get("createdDate"))
    first = Comment(DESCRIPTION_COMMENT_ID, body, True, author_id=_account_id(reporter), created_at=created)
    mapped = tuple(comment_from_json(c) for c in comments)
    summary = request.get("summary") or field_value(request, "summary") or ""
    labels = issue_fields.get("labels")
    return Ticket(
        id=key,
        subject=summary if isinstance(summary, str) else "",
        body=body,
        comments=(first, *mapped) if body else mapped,
        tags=tuple(t for t in labels if isinstance(t, str)) if isinstance(labels, list) else (),
        requester=_requester(reporter),
        status=_status(request.get("currentStatus")),
        priority=_priority(issue_fields.get("priority"), priorities),
        group=group,
        created_at=created,
        helpdesk=helpdesk,
    )


def routing_value(value: object) -> str | None:
    """What a routing field holds, as text: a group's or organisation's name/id, or a request type id."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, Mapping):
        for key in ("name", "id", "groupId", "requestType"):
            inner = value.get(key)
            if isinstance(inner, Mapping):
                inner = inner.get("id")
            if isinstance(inner, str | int) and not isinstance(inner, bool) and str(inner):
                return str(inner)
        return None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) and str(value) else None


def webhook_event(payload: JSON, *, delivery_id: str | None, helpdesk: str) -> TicketEvent | None:
    """The event a Jira webhook or our automation body describes; None when nothing to do; WebhookError(400).

    ``delivery_id`` is ``X-Atlassian-Webhook-Identifier`` (the same across retries of one delivery).
    """
    if "webhookEvent" in payload:
        return _jira_webhook_event(payload, delivery_id, helpdesk)
    if "issue_key" in payload:
        return _automation_event(payload, delivery_id, helpdesk)
    raise WebhookError(
        "not a Jira webhook: expected a 'webhookEvent' body or the automation body with 'issue_key'", status=400
    )


def _jira_webhook_event(payload: JSON, delivery_id: str | None, helpdesk: str) -> TicketEvent | None:
    name = payload.get("webhookEvent")
    if not isinstance(name, str):
        raise WebhookError("'webhookEvent' must be a string", status=400)
    kind = WEBHOOK_EVENT_KINDS.get(name)
    if kind is None:
        return None
    issue = payload.get("issue")
    key = issue_key(issue.get("key")) if isinstance(issue, Mapping) else None
    if key is None:
        raise WebhookError(f"{name}: 'issue.key' is missing or not an issue key", status=400)
    comment = payload.get("comment")
    actor = _account_id(comment.get("author")) if isinstance(comment, Mapping) else None
    stamp = payload.get("timestamp")
    if delivery_id is None and not (isinstance(stamp, int) and not isinstance(stamp, bool)):
        raise WebhookError(f"{name}: no X-Atlassian-Webhook-Identifier and no 'timestamp' to dedupe on", status=400)
    return TicketEvent(
        helpdesk=helpdesk,
        ticket_id=key,
        event_id=delivery_id or f"{name}:{stamp}",
        kind=kind,
        actor_id=actor or _account_id(payload.get("user")),
        occurred_at=datetime.fromtimestamp(stamp / 1000, tz=UTC) if isinstance(stamp, int) else None,
    )


def _automation_event(payload: JSON, delivery_id: str | None, helpdesk: str) -> TicketEvent:
    key = issue_key(payload.get("issue_key"))
    if key is None:
        raise WebhookError("automation body: 'issue_key' is not an issue key (is it {{issue.key}}?)", status=400)
    kind = payload.get("event", EventKind.CREATED.value)
    if kind not in (EventKind.CREATED.value, EventKind.UPDATED.value):
        raise WebhookError('automation body: \'event\' must be "created" or "updated"', status=400)
    updated = payload.get("updated")
    if not isinstance(updated, str) or not updated.strip() or "{{" in updated:
        raise WebhookError("automation body: 'updated' must hold {{issue.updated}}, rendered", status=400)
    actor = payload.get("actor_account_id")
    return TicketEvent(
        helpdesk=helpdesk,
        ticket_id=key,
        event_id=delivery_id or f"updated:{updated.strip()}",  # a redelivery carries the same update time
        kind=EventKind(kind),
        actor_id=actor.strip() if isinstance(actor, str) and actor.strip() and "{{" not in actor else None,
        occurred_at=parse_time(updated),
    )


def search_events(issues: Sequence[JSON], *, helpdesk: str) -> list[tuple[TicketEvent, int]]:
    """Each issue of a JQL search page (``fields=created,updated``) as an event and its ``updated`` epoch millis.

    ``event_id`` is the update time, so polling the same update twice dedupes; issues without a readable
    ``updated`` are skipped (they cannot be placed on the cursor).
    """
    out: list[tuple[TicketEvent, int]] = []
    for issue in issues:
        key = issue_key(issue.get("key"))
        fields = issue.get("fields")
        if key is None or not isinstance(fields, Mapping):
            continue
        updated = parse_time(fields.get("updated"))
        if updated is None:
            continue
        created = parse_time(fields.get("created"))
        kind = EventKind.CREATED if created == updated else EventKind.UPDATED
        event = TicketEvent(helpdesk, key, f"jql:{updated.isoformat()}", kind, occurred_at=updated)
        out.append((event, round(updated.timestamp() * 1000)))
    return out


def _account_id(user: object) -> str | None:
    if not isinstance(user, Mapping):
        return None
    account = user.get("accountId")
    return account.strip() if isinstance(account, str) and account.strip() else None


def _requester(reporter: object) -> Requester | None:
    if not isinstance(reporter, Mapping):
        return None
    name, email = reporter.get("displayName"), reporter.get("emailAddress")
    return Requester(
        id=_account_id(reporter),
        name=name if isinstance(name, str) and name else None,
        email=email if isinstance(email, str) and email else None,
    )


def _status(current: object) -> str | None:
    status = current.get("status") if isinstance(current, Mapping) else None
    return status.strip().casefold() if isinstance(status, str) and status.strip() else None


def _priority(value: object, priorities: Mapping[str, str]) -> str | None:
    name = value.get("name") if isinstance(value, Mapping) else None
    if not isinstance(name, str) or not name:
        return None
    ours = [word for word, jira in priorities.items() if jira.casefold() == name.casefold()]
    return ours[0] if ours else name.casefold()
