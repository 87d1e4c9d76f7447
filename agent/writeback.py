"""Write a Decision back into the ticket it is about: each write once per event, whatever happens.

Two layers keep a write single:
1. the ledger (``StateStore``), keyed ``helpdesk:ticket:event:write``, checked before and recorded after
   each write;
2. every comment carelayer writes ends with ``carelayer ref: <12 hex>`` (a hash of that same key), and
   the freshly fetched ticket's comments are searched for it before writing, so a crash between the
   write and the ledger record (or a lost ledger) still never posts twice. Tags are checked the same
   way against the ticket's tags: adding tags that are all there already is skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from carelayer.store import StateStore, ledger_key
from carelayer.types import Action, Comment, Decision, Ticket
from connectors.base import Handoff, Helpdesk, TicketEvent

REF_PREFIX = "carelayer ref: "
MAX_REASONS = 8
MAX_REASON_CHARS = 240
_REF_PATTERN = re.compile(r"carelayer ref: ([0-9a-f]{12})\b")


class Write(StrEnum):
    """The kinds of write carelayer makes; each is done at most once per event."""

    NOTE = "note"
    REPLY = "reply"
    TAGS = "tags"
    HANDOFF = "handoff"


def reference(key: str) -> str:
    """The 12-hex reference of a ledger key, as it appears on the comment's last line."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def event_references(event: TicketEvent) -> frozenset[str]:
    """Every reference a comment written for ``event`` can carry (one per kind of comment write)."""
    return frozenset(
        reference(ledger_key(event.helpdesk, event.ticket_id, event.event_id, kind.value))
        for kind in (Write.NOTE, Write.REPLY, Write.HANDOFF)
    )


def comment_reference(comment: Comment) -> str | None:
    """The carelayer reference in ``comment`` (None when carelayer did not write it)."""
    found = _REF_PATTERN.findall(comment.body)
    return str(found[-1]) if found else None


@dataclass(frozen=True, slots=True)
class _Step:
    kind: Write
    text: str | None = None  # the comment this write leaves, before its reference line (None for tags)


def apply_decision(
    decision: Decision, ticket: Ticket, event: TicketEvent, helpdesk: Helpdesk, store: StateStore
) -> tuple[str, ...]:
    """Perform the decision's writes on ``ticket`` (just fetched) once each; returns the kinds written now.

    note -> internal note (draft, sources, why) + tags; reply -> public reply + tags; handoff -> for an
    emergency with a fixed message, that message as a public reply first, then the handoff (group,
    priority, tags, internal note why); skip -> tags only. A write already made (ledger, or its
    reference found on the ticket) is not made again and is not returned. A helpdesk error stops at
    the failing write: the writes before it are recorded, so a retry resumes there.
    """
    tags = _tags(decision, helpdesk)
    written: list[str] = []
    for step in _steps(decision):
        key = ledger_key(event.helpdesk, event.ticket_id, event.event_id, step.kind.value)
        if store.ledger_has(key):
            continue
        ref = reference(key)
        if _already_on_ticket(ticket, step, ref, tags):
            store.ledger_record(key, f"{step.kind.value} already on the ticket")
            continue
        body = "" if step.text is None else f"{step.text.rstrip()}\n\n{REF_PREFIX}{ref}"
        _perform(step.kind, body, decision=decision, ticket_id=ticket.id, helpdesk=helpdesk, tags=tags)
        store.ledger_record(key, f"{step.kind.value} written ref={ref}")
        written.append(step.kind.value)
    return tuple(written)


def writes_in_place(decision: Decision, event: TicketEvent, store: StateStore) -> tuple[str, ...]:
    """The kinds of ``decision``'s writes the ledger already holds for ``event`` (made by an earlier attempt)."""
    keys = (
        (step.kind.value, ledger_key(event.helpdesk, event.ticket_id, event.event_id, step.kind.value))
        for step in _steps(decision)
    )
    return tuple(kind for kind, key in keys if store.ledger_has(key))


def _steps(decision: Decision) -> list[_Step]:
    if decision.action is Action.NOTE:
        return [_Step(Write.NOTE, _note_text(decision)), _Step(Write.TAGS)]
    if decision.action is Action.REPLY:
        # Never an empty public reply: without a draft only the tags are written.
        return [_Step(Write.REPLY, decision.draft), _Step(Write.TAGS)] if decision.draft else [_Step(Write.TAGS)]
    if decision.action is Action.HANDOFF:
        handoff = _Step(Write.HANDOFF, _handoff_text(decision))
        if decision.emergency and decision.draft:
            # The clinic's own fixed message, posted before the ticket moves to humans.
            return [_Step(Write.REPLY, decision.draft), handoff]
        return [handoff]
    return [_Step(Write.TAGS)]


def _perform(
    kind: Write, body: str, *, decision: Decision, ticket_id: str, helpdesk: Helpdesk, tags: Sequence[str]
) -> None:
    if kind is Write.NOTE:
        helpdesk.add_internal_note(ticket_id, body)
    elif kind is Write.REPLY:
        helpdesk.add_public_reply(ticket_id, body)
    elif kind is Write.HANDOFF:
        helpdesk.hand_off(ticket_id, Handoff(body, decision.group, decision.priority, tuple(tags)))
    else:
        helpdesk.add_tags(ticket_id, tags)


def _already_on_ticket(ticket: Ticket, step: _Step, ref: str, tags: Sequence[str]) -> bool:
    if step.kind is Write.TAGS:
        return set(tags) <= set(ticket.tags)
    return any(comment_reference(comment) == ref for comment in ticket.comments)


def _tags(decision: Decision, helpdesk: Helpdesk) -> list[str]:
    """The decision's tags and the helpdesk's marker tag, each once, in order."""
    return list(dict.fromkeys((*decision.tags, helpdesk.marker_tag)))


def _note_text(decision: Decision) -> str:
    lines = [decision.draft.rstrip() if decision.draft else "carelayer drafted no reply for this ticket."]
    if decision.citations:
        # For the agent: where each source lives in the knowledge index and how current it is. A link
        # the draft already shows (its own sources list, as the patient would read it) is not repeated.
        lines += ["", "Cited:"]
        draft = decision.draft or ""
        for citation in decision.citations:
            where = f" <{citation.url}>" if citation.url and citation.url not in draft else ""
            when = f"updated {citation.updated_at.date().isoformat()}" if citation.updated_at else "date unknown"
            lines.append(f"- {citation.title} [{citation.source}:{citation.id}]{where} ({when})")
    lines += ["", *_why(decision)]
    return "\n".join(lines)


def _handoff_text(decision: Decision) -> str:
    to = f" to {decision.group}" if decision.group else ""
    priority = f" (priority {decision.priority})" if decision.priority else ""
    headline = "Emergency: " if decision.emergency else ""
    said = (
        "the clinic's fixed emergency message was sent to the requester"
        if decision.emergency and decision.draft
        else "nothing was drafted for the requester"
    )
    lines = [f"{headline}carelayer handed this {decision.category} ticket{to}{priority}; {said}."]
    return "\n".join([*lines, "", *_why(decision)])


def _why(decision: Decision) -> list[str]:
    reasons = [_short(reason) for reason in decision.reasons[:MAX_REASONS]]
    extra = len(decision.reasons) - len(reasons)
    more = [f"- ... and {extra} more"] if extra > 0 else []
    return ["Why:", *(f"- {reason}" for reason in reasons), *more] if reasons else []


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_REASON_CHARS else flat[: MAX_REASON_CHARS - 1] + "…"
