"""The polling fallback: List All Tickets changed since a time, read as ``TicketEvent``s for ``carelayer poll``.

``GET /api/v2/tickets?updated_since=<UTC>&order_by=updated_at&order_type=asc&per_page=100&page=<n>``
(https://developers.freshdesk.com/api/#list_all_tickets). The poller calls ``events_since(cursor)`` until it
returns no events, storing the cursor (JSON) between calls and runs. Here the cursor is a JSON object:

- ``since``: the newest ``updated_at`` seen (first poll: an hour before ``now()``, no further back);
- ``seen``: ids of the tickets already returned at exactly ``since``: ``updated_since`` has one-second
  precision and includes its own second, so those tickets come back and are skipped, not repeated;
- ``page``: 1, unless a whole page shared one ``updated_at`` (then the next page at the same ``since``;
  such pages are followed within one call while they hold nothing new).

Deleted and spam tickets are not listed by this endpoint. One event per changed ticket, ``event_id =
"poll:<updated_at>"`` (a ticket seen again unchanged dedupes). The list names no actor: echoes of our own
writes are recognised by the worker from the ticket's comments. "Tickets List" has its own, small per-minute
limit (20 on Growth): ``ratelimit.py`` spends it, a 429 ``Retry-After`` is honoured by the client, and the
stored cursor is unchanged when a call fails, so the next poll resumes where this one stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from carelayer.errors import InputError
from carelayer.jsonvalues import parse_time
from connectors.base import TicketEvent
from connectors.freshdesk.client import Answer, FreshdeskPermanentError, Params
from connectors.freshdesk.mapping import format_time, poll_event

log = logging.getLogger(__name__)

LIST_PATH = "/api/v2/tickets"
PAGE_SIZE = 100
FIRST_POLL_LOOKBACK = timedelta(hours=1)
MAX_PAGE = 300  # Freshdesk lists at most 300 pages
MAX_PAGES_PER_CALL = 10


class PageSource(Protocol):
    """What the poller reads with: ``FreshdeskClient.get`` (rate budget, retries and error mapping included)."""

    def get(self, path: str, params: Params | None = None) -> Answer: ...


def poll_events(
    client: PageSource, cursor: object, *, helpdesk: str, now: Callable[[], float]
) -> tuple[list[TicketEvent], dict[str, Any]]:
    """Tickets changed after ``cursor`` as events (one page's worth), and the cursor to pass next.

    A page that holds only tickets already delivered, all at the cursor's second, is followed by the next
    page in the same call (at most ``MAX_PAGES_PER_CALL``), so "no events" keeps meaning "caught up".
    InputError for a stored cursor this connector did not write.
    """
    since, seen, page = read_cursor(cursor, now)
    for _ in range(MAX_PAGES_PER_CALL):
        tickets = _page(client, since, page)
        events, newest, at_newest = _fresh(tickets, since, seen, helpdesk)
        if newest == since:
            at_newest |= seen
        stuck = len(tickets) >= PAGE_SIZE and newest == since  # a whole page in the cursor's own second
        page = min(page + 1, MAX_PAGE) if stuck else 1
        since, seen = newest, at_newest
        if events or not stuck:
            break
    return events, {"since": format_time(since), "seen": sorted(seen), "page": page}


def _page(client: PageSource, since: datetime, page: int) -> list[Mapping[str, Any]]:
    params: dict[str, str | int] = {
        "updated_since": format_time(since),
        "order_by": "updated_at",
        "order_type": "asc",
        "per_page": PAGE_SIZE,
        "page": page,
    }
    answer = client.get(LIST_PATH, params)
    if not isinstance(answer.data, list):
        raise FreshdeskPermanentError(f"Freshdesk {LIST_PATH} answered without a list of tickets")
    return [t for t in answer.data if isinstance(t, Mapping)]


def read_cursor(cursor: object, now: Callable[[], float]) -> tuple[datetime, set[str], int]:
    """``(since, seen ids, page)`` from a stored cursor; 0/None means the first poll (an hour back)."""
    if cursor is None or (type(cursor) is int and cursor == 0):
        return datetime.fromtimestamp(now(), UTC) - FIRST_POLL_LOOKBACK, set(), 1
    if isinstance(cursor, Mapping):
        since = parse_time(cursor.get("since"))
        seen = cursor.get("seen", [])
        page = cursor.get("page", 1)
        if since is not None and isinstance(seen, list) and type(page) is int and 1 <= page <= MAX_PAGE:
            return since, {str(s) for s in seen}, page
    raise InputError(
        "the stored Freshdesk poll cursor must be 0, null or {since, seen, page}, not "
        f"{str(cursor)[:80]!r} (was it written by another helpdesk kind? delete the poll:<helpdesk> cursor)"
    )


def _fresh(
    tickets: list[Mapping[str, Any]], since: datetime, seen: set[str], helpdesk: str
) -> tuple[list[TicketEvent], datetime, set[str]]:
    """Events not delivered before, the newest ``updated_at`` on the page, and the ids at that time."""
    events: list[TicketEvent] = []
    newest, at_newest = since, set[str]()
    unreadable = 0
    for ticket in tickets:
        event = poll_event(ticket, helpdesk=helpdesk)
        moment = event.occurred_at if event else None
        if event is None or moment is None:
            unreadable += 1
            continue
        if moment < since or (moment == since and event.ticket_id in seen):
            continue  # delivered by an earlier call
        events.append(event)
        if moment > newest:
            newest, at_newest = moment, set()
        if moment == newest:
            at_newest.add(event.ticket_id)
    if unreadable:
        log.warning("Freshdesk ticket list: %d tickets without an id or a readable updated_at skipped", unreadable)
    return events, newest, at_newest
