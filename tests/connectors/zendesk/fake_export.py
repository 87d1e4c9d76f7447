"""The fake Zendesk's Incremental Ticket Export, cursor based: ``GET /api/v2/incremental/tickets/cursor.json``.

Registered by ``FakeZendesk.app``; it reads the fake's live tickets, so what tests change is what it exports:
- the stream is every ticket ordered by (``updated_at``, id): a ticket changed again moves to the end;
- the first request takes ``start_time`` (unix seconds, at least a minute before the fake's now), later ones
  ``cursor`` (an opaque ``after_cursor``); neither, both, or an unreadable one -> 400, a recent start -> 422;
- pages of ``fake.max_page_size`` tickets; ``end_of_stream`` when nothing follows, and ``after_cursor`` is then
  still the position reached, so asking with it later returns only what changed since;
- a deleted ticket (``delete_ticket``) stays in the stream with status ``deleted``, as Zendesk reports deletions;
- 10 requests per minute on the fake's clock: the 11th within a minute gets 429 with ``Retry-After``.
The fake's wall clock is ``EPOCH`` plus its monotonic clock (``wall_clock``), the time its timestamps use.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response, jsonify, request

from tests.connectors.zendesk.fake_zendesk import EPOCH, FakeZendesk

EXPORT_PATH = "/api/v2/incremental/tickets/cursor.json"
REQUESTS_PER_MINUTE = 10
Position = tuple[int, int]  # (updated_at in unix seconds, ticket id): the last ticket served


def register_export(app: Flask, fake: FakeZendesk) -> None:
    """Serve the export route for ``fake`` on ``app`` (with its own per-minute request count)."""
    stamps: list[float] = []

    def view() -> Response:
        now = fake.clock()
        recent = [t for t in stamps if t > now - 60.0]
        if len(recent) >= REQUESTS_PER_MINUTE:
            stamps[:] = recent
            wait = recent[0] + 60.0 - now
            return _error(429, "TooManyRequests", "Incremental export rate limit exceeded", retry_after=wait)
        stamps[:] = [*recent, now]
        return _export(fake)

    app.add_url_rule(EXPORT_PATH, endpoint="incremental_ticket_export_cursor", view_func=view)


def wall_clock(fake: FakeZendesk) -> Callable[[], float]:
    """Unix seconds on the fake's clock: what a connector under test should use as ``now``."""
    return lambda: _now(fake).timestamp()


def delete_ticket(fake: FakeZendesk, ticket_id: int) -> None:
    """Soft-delete a ticket as Zendesk does: status ``deleted``, ``updated_at`` now."""
    with fake._lock:
        ticket = fake.tickets[ticket_id]
        ticket["status"] = "deleted"
        ticket["updated_at"] = _now(fake).strftime("%Y-%m-%dT%H:%M:%SZ")


def solve_ticket(fake: FakeZendesk, ticket_id: int, *, status: str = "solved") -> None:
    """Set a ticket's status (solved, closed, or open again) as an agent would: ``updated_at`` now."""
    with fake._lock:
        ticket = fake.tickets[ticket_id]
        ticket["status"] = status
        ticket["updated_at"] = _now(fake).strftime("%Y-%m-%dT%H:%M:%SZ")


def _export(fake: FakeZendesk) -> Response:
    start_time, cursor = request.args.get("start_time"), request.args.get("cursor")
    if (start_time is None) == (cursor is None):
        return _error(400, "InvalidPaginationParameter", "give exactly one of start_time and cursor")
    if cursor is not None:
        position = _decode(cursor)
        if position is None:
            return _error(400, "InvalidPaginationParameter", "cursor is invalid")
    elif start_time is None or not start_time.isdigit():
        return _error(400, "InvalidValue", "start_time must be an integer")
    elif int(start_time) > _now(fake).timestamp() - 60:
        return _error(422, "InvalidValue", "start_time is too recent: use one at least a minute in the past")
    else:
        position = (int(start_time), -1)
    with fake._lock:
        stream = sorted(((_unix(t["updated_at"]), int(t["id"])), dict(t)) for t in fake.tickets.values())
    after = [(key, ticket) for key, ticket in stream if key > position]
    page = after[: fake.max_page_size]
    reached = page[-1][0] if page else position
    more = len(after) > len(page)
    return jsonify(_body(page, _encode(reached), end_of_stream=not more))


def _body(page: list[tuple[Position, dict[str, Any]]], after_cursor: str, *, end_of_stream: bool) -> dict[str, Any]:
    base = f"{request.host_url}api/v2/incremental/tickets/cursor.json"
    return {
        "tickets": [{**t, "url": f"{request.host_url}api/v2/tickets/{t['id']}.json"} for _, t in page],
        "after_cursor": after_cursor,
        "after_url": f"{base}?cursor={after_cursor}",
        "before_cursor": None,
        "before_url": None,
        "end_of_stream": end_of_stream,
    }


def _now(fake: FakeZendesk) -> datetime:
    return EPOCH + timedelta(seconds=fake.clock())


def _unix(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp).timestamp())


def _encode(position: Position) -> str:
    return base64.urlsafe_b64encode(f"{position[0]}|{position[1]}".encode()).decode()


def _decode(cursor: str) -> Position | None:
    try:
        updated, ticket_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return int(updated), int(ticket_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _error(status: int, error: str, description: str, *, retry_after: float | None = None) -> Response:
    response = jsonify({"error": error, "description": description})
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(max(1, int(retry_after + 0.999)))
    return response
