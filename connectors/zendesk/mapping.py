"""Zendesk JSON -> carelayer core types. Pure: no I/O, no clock, no logging.

Tickets: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
Comments: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
Event-subscription payloads: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
Trigger payloads are the JSON body of our trigger template (``TRIGGER_BODY_TEMPLATE``, see README.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from carelayer.errors import PermanentHelpdeskError
from carelayer.jsonvalues import numeric_id, parse_time
from carelayer.types import Comment, Requester, Ticket
from connectors.base import EventKind, TicketEvent, WebhookError

as_id = numeric_id  # Zendesk ids are positive integers, sent as JSON numbers or numeric strings

JSON = Mapping[str, Any]
EVENT_TYPE_PREFIX = "zen:event-type:"
TICKET_EVENT_PREFIX = EVENT_TYPE_PREFIX + "ticket."
# Ticket events that leave nothing to answer (the ticket is gone or is spam): acknowledged, not queued.
IGNORED_TICKET_EVENTS = frozenset(
    TICKET_EVENT_PREFIX + name for name in ("soft_deleted", "permanently_deleted", "marked_as_spam", "merged")
)
# What an admin pastes as the trigger's webhook body (README.md explains the trigger conditions).
TRIGGER_BODY_TEMPLATE = """{
  "ticket_id": "{{ticket.id}}",
  "updated_at": "{{ticket.updated_at_with_timestamp}}",
  "event": "created",
  "current_user_id": "{{current_user.id}}"
}"""


def comment_from_json(raw: JSON) -> Comment:
    """One comment; ``body`` is the plain-text rendering when Zendesk gives one, ``public`` is kept as is."""
    comment_id = as_id(raw.get("id"))
    if comment_id is None:
        raise PermanentHelpdeskError("Zendesk answered a comment without an id")
    body = raw.get("plain_body")
    if not isinstance(body, str):
        body = raw.get("body")
    return Comment(
        id=comment_id,
        body=body if isinstance(body, str) else "",
        public=raw.get("public") is True,  # unknown visibility is treated as internal: never shown to a patient
        author_id=as_id(raw.get("author_id")),
        created_at=parse_time(raw.get("created_at")),
    )


def requester_from_json(ticket: JSON, users: Iterable[JSON] = ()) -> Requester | None:
    """The requester, with name and email when ``users`` were sideloaded (``?include=users``)."""
    requester_id = as_id(ticket.get("requester_id"))
    if requester_id is None:
        return None
    for user in users:
        if as_id(user.get("id")) == requester_id:
            return Requester(
                id=requester_id, name=_text_or_none(user.get("name")), email=_text_or_none(user.get("email"))
            )
    return Requester(id=requester_id)


def ticket_from_json(
    ticket: JSON, comments: Sequence[JSON], *, users: Iterable[JSON] = (), helpdesk: str | None = None
) -> Ticket:
    """A ``Ticket`` from Show Ticket's ``ticket`` object and every page of List Comments, in order.

    ``body`` is the first comment's plain body (Zendesk's ``description`` when there are no comments).
    """
    ticket_id = as_id(ticket.get("id"))
    if ticket_id is None:
        raise PermanentHelpdeskError("Zendesk answered a ticket without an id")
    mapped = tuple(comment_from_json(c) for c in comments)
    description = ticket.get("description")
    body = mapped[0].body if mapped else (description if isinstance(description, str) else "")
    subject = ticket.get("subject") or ticket.get("raw_subject") or ""
    tags = ticket.get("tags")
    return Ticket(
        id=ticket_id,
        subject=subject if isinstance(subject, str) else "",
        body=body,
        comments=mapped,
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        requester=requester_from_json(ticket, users),
        status=_text_or_none(ticket.get("status")),
        priority=_text_or_none(ticket.get("priority")),
        group=as_id(ticket.get("group_id")),
        created_at=parse_time(ticket.get("created_at")),
        helpdesk=helpdesk,
    )


def event_from_payload(payload: JSON, *, helpdesk: str) -> TicketEvent | None:
    """The ticket event a webhook body describes; None for events with nothing to do; WebhookError(400) if malformed.

    Two shapes are understood: an event subscription (``"type": "zen:event-type:..."``) and the body of our
    trigger template (``"ticket_id"``, ``"updated_at"``, ``"event"``, ``"current_user_id"``).
    """
    event_type = payload.get("type")
    if isinstance(event_type, str) and event_type.startswith(EVENT_TYPE_PREFIX):
        return _subscription_event(payload, event_type, helpdesk)
    if "ticket_id" in payload:
        return _trigger_event(payload, helpdesk)
    raise WebhookError(
        "not a Zendesk ticket webhook: expected an event-subscription body with a 'type' or a trigger body "
        "with 'ticket_id'",
        status=400,
    )


def _subscription_event(payload: JSON, event_type: str, helpdesk: str) -> TicketEvent | None:
    if not event_type.startswith(TICKET_EVENT_PREFIX) or event_type in IGNORED_TICKET_EVENTS:
        return None
    detail = payload.get("detail")
    if not isinstance(detail, Mapping):
        raise WebhookError(f"{event_type} without a 'detail' object", status=400)
    ticket_id = as_id(detail.get("id"))
    if ticket_id is None:
        raise WebhookError(f"{event_type}: 'detail.id' is not a ticket id", status=400)
    event_id = payload.get("id")
    if not isinstance(event_id, str) or not event_id.strip():
        raise WebhookError(f"{event_type}: the event has no 'id'", status=400)
    return TicketEvent(
        helpdesk=helpdesk,
        ticket_id=ticket_id,
        event_id=event_id.strip(),
        kind=EventKind.CREATED if event_type == TICKET_EVENT_PREFIX + "created" else EventKind.UPDATED,
        actor_id=_subscription_actor(payload, detail),
        occurred_at=parse_time(payload.get("time")),
    )


def _subscription_actor(payload: JSON, detail: JSON) -> str | None:
    """Who caused the event: ``detail.actor_id``, else a comment's author, else ``event.actor.id``."""
    actor = as_id(detail.get("actor_id"))
    if actor is not None:
        return actor
    event = payload.get("event")
    if not isinstance(event, Mapping):
        return None
    for holder_key in ("comment", "actor"):
        holder = event.get(holder_key)
        if isinstance(holder, Mapping):
            author = holder.get("author") if holder_key == "comment" else holder
            if isinstance(author, Mapping) and as_id(author.get("id")) is not None:
                return as_id(author.get("id"))
    return None


def _trigger_event(payload: JSON, helpdesk: str) -> TicketEvent:
    ticket_id = as_id(payload.get("ticket_id"))
    if ticket_id is None:
        raise WebhookError(
            "trigger body: 'ticket_id' is not a ticket id (is the placeholder {{ticket.id}}?)", status=400
        )
    kind = payload.get("event")
    if kind not in (EventKind.CREATED.value, EventKind.UPDATED.value):
        raise WebhookError('trigger body: \'event\' must be "created" or "updated"', status=400)
    updated_at = payload.get("updated_at")
    if not isinstance(updated_at, str) or not updated_at.strip() or "{{" in updated_at:
        raise WebhookError(
            "trigger body: 'updated_at' must hold {{ticket.updated_at_with_timestamp}}, rendered", status=400
        )
    return TicketEvent(
        helpdesk=helpdesk,
        ticket_id=ticket_id,
        event_id=updated_at.strip(),  # the same update delivered again carries the same time: it dedupes
        kind=EventKind(kind),
        actor_id=as_id(payload.get("current_user_id")),
        occurred_at=parse_time(updated_at),  # None if the placeholder ever renders a non-ISO form: still dedupes
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
