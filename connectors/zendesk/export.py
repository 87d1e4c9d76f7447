"""Zendesk's cursor-based Incremental Ticket Export, read as ``TicketEvent``s for ``carelayer poll``.

The poller calls ``events_since(cursor)`` until it returns no events, storing the cursor (JSON) between calls
and runs. Here the cursor is Zendesk's own ``after_cursor`` string (0 or None before the first poll):
- first request ``GET /api/v2/incremental/tickets/cursor.json?start_time=<now - 1 hour>`` (unix seconds; Zendesk
  wants it at least a minute in the past): a first poll reaches back one hour, no further;
- then ``?cursor=<after_cursor>``. ``end_of_stream: true`` means caught up: that page's events are returned
  with its ``after_cursor``, and asking again with it later returns what changed since (nothing: no events);
- one event per changed ticket, ``event_id = "export:<updated_at>"`` (a ticket seen again unchanged dedupes);
  ``created`` when ``created_at == updated_at``, else ``updated``. The export names no actor: echoes of our own
  writes are recognised by the worker from the ticket's comments;
- tickets with status ``deleted`` (how the export reports deletions) are skipped, and so are entries without
  an id or ``updated_at`` (logged, counted). A page holding only such tickets is followed by the next one (at
  most ``MAX_SKIPPED_PAGES``) so that "no events" keeps meaning "caught up".

Rate limit: 10 requests per minute for this endpoint (the account's general limit applies too). Nothing is
counted here: Zendesk answers 429 with ``Retry-After``, which ``ZendeskClient`` waits (capped at
``max_retry_wait_seconds``, default 60 s: the whole window) and retries ``max_retries`` times; once exhausted it
raises ``RetryableHelpdeskError`` and the stored cursor is unchanged, so the next poll resumes where this stopped.
The API user must be an admin (agents get 403, a ``PermanentHelpdeskError``).

Export: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
Guide (cursor, end_of_stream, deleted tickets): https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api/
Rate limits: https://developer.zendesk.com/api-reference/introduction/rate-limits/
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from carelayer.errors import InputError
from carelayer.jsonvalues import parse_time
from connectors.base import EventKind, TicketEvent
from connectors.zendesk.client import JSON, Params, ZendeskPermanentError
from connectors.zendesk.mapping import as_id

log = logging.getLogger(__name__)

EXPORT_PATH = "/api/v2/incremental/tickets/cursor.json"
FIRST_POLL_LOOKBACK_SECONDS = 3600
MAX_SKIPPED_PAGES = 5  # pages of deleted tickets only, followed in one call before "no events" is returned
EVENT_ID_PREFIX = "export:"


class PageSource(Protocol):
    """What the export reads pages with: ``ZendeskClient.get`` (retries and error mapping included)."""

    def get(self, path: str, params: Params | None = None) -> JSON: ...


@dataclass(frozen=True, slots=True)
class ExportPage:
    """One export page: its events (deleted tickets left out), the cursor to ask next, and whether it was the last."""

    events: list[TicketEvent]
    after_cursor: str | None
    end_of_stream: bool


def export_events(
    client: PageSource, cursor: object, *, helpdesk: str, now: Callable[[], float]
) -> tuple[list[TicketEvent], object]:
    """Tickets changed after ``cursor`` as events, and the cursor to pass next (``cursor`` itself when Zendesk
    gave none for an empty page). InputError for a cursor that is not 0, None or a non-empty string."""
    params = first_params(cursor, now)
    current = cursor
    for _ in range(MAX_SKIPPED_PAGES + 1):
        page = read_page(client.get(EXPORT_PATH, params), helpdesk=helpdesk)
        if page.after_cursor is None:
            return page.events, current
        if page.after_cursor == current and not page.end_of_stream:
            raise ZendeskPermanentError(f"Zendesk {EXPORT_PATH}: the export returned the same cursor twice")
        current = page.after_cursor
        if page.events or page.end_of_stream:
            return page.events, current
        params = {"cursor": current}
    return [], current  # only deleted tickets so far: the next poll goes on from here


def first_params(cursor: object, now: Callable[[], float]) -> Params:
    """The query for ``cursor``: ``start_time`` an hour before ``now()`` when there is none yet, else ``cursor``."""
    if cursor is None or (type(cursor) is int and cursor == 0):
        return {"start_time": int(now()) - FIRST_POLL_LOOKBACK_SECONDS}
    if isinstance(cursor, str) and cursor.strip():
        return {"cursor": cursor}
    raise InputError(
        f"the stored Zendesk poll cursor must be 0, null or an export cursor string, not {cursor!r} "
        "(was it written by another helpdesk kind? delete the poll:<helpdesk> cursor in the state store)"
    )


def read_page(page: JSON, *, helpdesk: str) -> ExportPage:
    """The events of one export response; ZendeskPermanentError when it has tickets but no ``after_cursor``."""
    tickets, after_cursor, end_of_stream = page_parts(page)
    return ExportPage(events_from_tickets(tickets, helpdesk=helpdesk), after_cursor, end_of_stream)


def page_parts(page: JSON) -> tuple[list[object], str | None, bool]:
    """The raw tickets, ``after_cursor`` and ``end_of_stream`` of one export response, checked (also used by
    ``solved.py``); ZendeskPermanentError without a tickets list, or with tickets but no ``after_cursor``."""
    tickets = page.get("tickets")
    if not isinstance(tickets, list):
        raise ZendeskPermanentError(f"Zendesk {EXPORT_PATH} answered without a 'tickets' list")
    after = page.get("after_cursor")
    after_cursor = after if isinstance(after, str) and after.strip() else None
    end_of_stream = page.get("end_of_stream") is True
    if after_cursor is None and (tickets or not end_of_stream):
        raise ZendeskPermanentError(f"Zendesk {EXPORT_PATH} answered a page without an 'after_cursor'")
    return tickets, after_cursor, end_of_stream


def events_from_tickets(tickets: Iterable[object], *, helpdesk: str) -> list[TicketEvent]:
    """One event per live ticket, in the export's order; deleted tickets skipped, unreadable ones logged."""
    events: list[TicketEvent] = []
    unreadable = 0
    for raw in tickets:
        if isinstance(raw, Mapping) and raw.get("status") == "deleted":
            continue
        event = ticket_event(raw, helpdesk=helpdesk) if isinstance(raw, Mapping) else None
        if event is None:
            unreadable += 1
        else:
            events.append(event)
    if unreadable:
        log.warning("Zendesk incremental export: %d tickets without an id or updated_at skipped", unreadable)
    return events


def ticket_event(ticket: Mapping[str, object], *, helpdesk: str) -> TicketEvent | None:
    """The event for one exported ticket; None without an id or ``updated_at``. Pure."""
    ticket_id = as_id(ticket.get("id"))
    updated_at = ticket.get("updated_at")
    if ticket_id is None or not isinstance(updated_at, str) or not updated_at.strip():
        return None
    stamp = updated_at.strip()
    created_at = ticket.get("created_at")
    created = isinstance(created_at, str) and created_at.strip() == stamp
    return TicketEvent(
        helpdesk=helpdesk,
        ticket_id=ticket_id,
        event_id=EVENT_ID_PREFIX + stamp,
        kind=EventKind.CREATED if created else EventKind.UPDATED,
        occurred_at=parse_time(stamp),
    )
