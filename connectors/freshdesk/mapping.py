"""Freshdesk JSON -> carelayer core types, and carelayer values -> Freshdesk fields. Pure: no I/O, no clock, no logs.

Tickets, status and priority numbers: https://developers.freshdesk.com/api/#tickets
Conversations (``private``, ``incoming``, ``user_id``, ``body``/``body_text``): https://developers.freshdesk.com/api/#conversations
The ticket's ``description`` is the requester's first message and is not a conversation: it becomes the first
``Comment`` (id ``d<ticket id>``), so every helpdesk shows the same comment list to the layers above.
Webhook bodies are the JSON an admin pastes into the automation rule (``WEBHOOK_BODY_TEMPLATE``, README.md).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from carelayer.errors import PermanentHelpdeskError
from carelayer.jsonvalues import as_utc, numeric_id, parse_time
from carelayer.types import Comment, Requester, Ticket
from connectors.base import EventKind, TicketEvent, WebhookError

as_id = numeric_id  # Freshdesk ids are positive integers, sent as JSON numbers or numeric strings

JSON = Mapping[str, Any]
# carelayer's status and priority words (Zendesk's, shared by every connector) <-> Freshdesk's numbers.
STATUS_NUMBERS: Mapping[str, int] = {"open": 2, "pending": 3, "solved": 4, "resolved": 4, "closed": 5}
STATUS_WORDS: Mapping[int, str] = {2: "open", 3: "pending", 4: "solved", 5: "closed"}
PRIORITY_NUMBERS: Mapping[str, int] = {"low": 1, "normal": 2, "medium": 2, "high": 3, "urgent": 4}
PRIORITY_WORDS: Mapping[int, str] = {1: "low", 2: "normal", 3: "high", 4: "urgent"}
# What an admin pastes as the "Trigger webhook" content (Advanced, JSON); "event": "updated" in the update rule.
WEBHOOK_BODY_TEMPLATE = """{
  "ticket_id": "{{ticket.id}}",
  "event": "created",
  "latest_public_comment": "{{ticket.latest_public_comment}}"
}"""
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</(p|div)>\s*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def format_time(moment: datetime) -> str:
    """A UTC time as Freshdesk writes and reads it (``2026-03-02T09:00:00Z``)."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_to_html(text: str) -> str:
    """Plain text as the HTML Freshdesk expects in ``body``: escaped, blank lines -> paragraphs, newlines -> <br>."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs)


def html_to_text(markup: str) -> str:
    """Readable text from Freshdesk HTML (used only when ``body_text``/``description_text`` is missing)."""
    text = _PARAGRAPH_END.sub("\n\n", _BREAK.sub("\n", markup))
    return html.unescape(_TAG.sub("", text)).strip()


def status_word(value: object) -> str | None:
    """carelayer's word for a Freshdesk status number; None for custom statuses (6 and up) and junk."""
    return STATUS_WORDS.get(value) if isinstance(value, int) and not isinstance(value, bool) else None


def priority_word(value: object) -> str | None:
    return PRIORITY_WORDS.get(value) if isinstance(value, int) and not isinstance(value, bool) else None


def conversation_from_json(raw: JSON) -> Comment:
    """One conversation; ``public`` only when ``private`` is explicitly false (unknown -> internal)."""
    comment_id = as_id(raw.get("id"))
    if comment_id is None:
        raise PermanentHelpdeskError("Freshdesk answered a conversation without an id")
    return Comment(
        id=comment_id,
        body=_text(raw, "body_text", "body"),
        public=raw.get("private") is False,
        author_id=as_id(raw.get("user_id")),
        created_at=parse_time(raw.get("created_at")),
    )


def ticket_from_json(ticket: JSON, conversations: Sequence[JSON], *, helpdesk: str | None = None) -> Ticket:
    """A ``Ticket`` from View a Ticket (``include=requester``) and every page of List All Conversations.

    The description is the first comment, public, authored by the requester.
    """
    ticket_id = as_id(ticket.get("id"))
    if ticket_id is None:
        raise PermanentHelpdeskError("Freshdesk answered a ticket without an id")
    body = _text(ticket, "description_text", "description")
    requester = _requester(ticket)
    first = Comment(
        id=f"d{ticket_id}",
        body=body,
        public=True,
        author_id=requester.id if requester else None,
        created_at=parse_time(ticket.get("created_at")),
    )
    tags = ticket.get("tags")
    subject = ticket.get("subject")
    return Ticket(
        id=ticket_id,
        subject=subject if isinstance(subject, str) else "",
        body=body,
        comments=(first, *(conversation_from_json(c) for c in conversations)),
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        requester=requester,
        status=status_word(ticket.get("status")),
        priority=priority_word(ticket.get("priority")),
        group=as_id(ticket.get("group_id")),
        created_at=parse_time(ticket.get("created_at")),
        helpdesk=helpdesk,
    )


def poll_event(ticket: JSON, *, helpdesk: str) -> TicketEvent | None:
    """The event for one ticket of List All Tickets (``updated_since``); None without an id or ``updated_at``."""
    ticket_id = as_id(ticket.get("id"))
    updated_at = ticket.get("updated_at")
    if ticket_id is None or not isinstance(updated_at, str) or not updated_at.strip():
        return None
    stamp = updated_at.strip()
    created = ticket.get("created_at") == stamp
    return TicketEvent(
        helpdesk=helpdesk,
        ticket_id=ticket_id,
        event_id="poll:" + stamp,  # the same ticket seen unchanged again dedupes
        kind=EventKind.CREATED if created else EventKind.UPDATED,
        occurred_at=parse_time(stamp),
    )


def webhook_event(payload: JSON, *, helpdesk: str) -> TicketEvent:
    """The event an automation rule's webhook body describes; WebhookError(400) naming the field when malformed.

    ``event_id``: ``created`` for a new ticket (a ticket is created once, so a redelivery dedupes); for an update,
    ``updated:`` + a hash of the rendered ``latest_public_comment`` (Freshdesk sends no delivery id or update
    time; each requester reply is a new comment). The comment text itself is never kept or logged.
    """
    ticket_id = as_id(payload.get("ticket_id"))
    if ticket_id is None:
        raise WebhookError("webhook body: 'ticket_id' is not a ticket id (is it \"{{ticket.id}}\"?)", status=400)
    kind = payload.get("event")
    if kind not in (EventKind.CREATED.value, EventKind.UPDATED.value):
        raise WebhookError('webhook body: \'event\' must be "created" or "updated"', status=400)
    event_id = "created"
    if kind == EventKind.UPDATED.value:
        comment = payload.get("latest_public_comment")
        if not isinstance(comment, str) or not comment.strip() or "{{" in comment:
            raise WebhookError(
                "webhook body: an update needs 'latest_public_comment' rendered from {{ticket.latest_public_comment}}",
                status=400,
            )
        digest = hashlib.sha256(f"{ticket_id}\x1f{' '.join(comment.split())}".encode()).hexdigest()
        event_id = "updated:" + digest[:24]
    return TicketEvent(
        helpdesk=helpdesk, ticket_id=ticket_id, event_id=event_id, kind=EventKind(kind), actor_id=_actor(payload)
    )


def _actor(payload: JSON) -> str | None:
    """Who caused the event, when the body names them (optional ``actor_id``): our API agent -> loop guard."""
    return as_id(payload.get("actor_id"))


def _requester(ticket: JSON) -> Requester | None:
    embedded = ticket.get("requester")
    requester_id = as_id(ticket.get("requester_id"))
    if isinstance(embedded, Mapping):
        return Requester(
            id=requester_id or as_id(embedded.get("id")),
            name=_text_or_none(embedded.get("name")),
            email=_text_or_none(embedded.get("email")),
        )
    return Requester(id=requester_id) if requester_id else None


def _text(raw: JSON, plain_key: str, html_key: str) -> str:
    plain = raw.get(plain_key)
    if isinstance(plain, str):
        return plain
    markup = raw.get(html_key)
    return html_to_text(markup) if isinstance(markup, str) else ""


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
