"""Tickets given as JSON records (triage and simulate input, classifier training data).

A record is ``{"id", "subject", "body", "tags"?, "requester"?}``; labelled past tickets add
``"category"``, the human ``"reply"`` and the judged ``"articles"``. Parsing never fails on a
record's content: odd values are coerced or dropped, and notes say what was changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from carelayer.types import Requester, Ticket
from knowledge.text import html_to_document

_HTML_HINTS = ("</p>", "<br", "</div>", "</td>", "</span>", "</html>")


@dataclass(frozen=True, slots=True)
class TicketRecord:
    ticket: Ticket
    category: str | None = None
    reply: str | None = None
    articles: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what parsing changed (body cut, HTML removed ...), for the reasons


def parse_record(record: Mapping[str, Any], *, fallback_id: str, max_body_chars: int) -> TicketRecord:
    """A ticket from a JSON object; ``fallback_id`` is used when the record has no usable id."""
    notes: list[str] = []
    ticket_id = _text(record.get("id")) or fallback_id
    if ticket_id == fallback_id and "id" not in record:
        notes.append(f"no id in the input; using {fallback_id}")
    body = _text(record.get("body") if "body" in record else record.get("description"))
    if any(hint in body[:5000].lower() for hint in _HTML_HINTS):
        body = html_to_document(body).text
        notes.append("HTML removed from the body")
    if len(body) > max_body_chars:
        notes.append(f"body cut from {len(body)} to {max_body_chars} characters")
        body = body[:max_body_chars]
    ticket = Ticket(
        id=ticket_id,
        subject=_text(record.get("subject"))[:1000],
        body=body,
        tags=tuple(t for t in (record.get("tags") or []) if isinstance(t, str))
        if isinstance(record.get("tags"), list)
        else (),
        requester=_requester(record.get("requester")),
    )
    articles = record.get("articles")
    return TicketRecord(
        ticket=ticket,
        category=_text(record.get("category")) or None,
        reply=_text(record.get("reply")) or None,
        articles=tuple(str(a) for a in articles) if isinstance(articles, list) else (),
        notes=tuple(notes),
    )


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    # Lone surrogates from badly decoded bytes would break every later step; replace them.
    return str(value).encode("utf-8", "replace").decode("utf-8").strip()


def _requester(value: object) -> Requester | None:
    if isinstance(value, Mapping):
        return Requester(
            id=_text(value.get("id")) or None,
            name=_text(value.get("name")) or None,
            email=_text(value.get("email")) or None,
        )
    if isinstance(value, str) and value.strip():
        return Requester(email=value.strip()) if "@" in value else Requester(name=value.strip())
    return None
