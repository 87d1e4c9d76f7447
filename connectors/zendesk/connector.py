"""``ZendeskHelpdesk``: the ``Helpdesk`` contract over the Zendesk Support API.

Vendor rules this module exists to respect (links in README.md):
- comments are created only through Update Ticket; ``"public": false`` is an internal note;
- ``tags`` on Update Ticket REPLACES every tag: we only ever send ``additional_tags``, and add tags with
  ``PUT /api/v2/tickets/{id}/tags`` (the POST form of that endpoint also replaces);
- 30 updates per 10 minutes per user per ticket: counted here, and waited for, rather than met as 429s.
Every write adds ``marker_tag``, so events our own writes cause can be recognised.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import requests

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings
from carelayer.types import Ticket
from connectors.base import ClientOwner, Handoff, OutboundMessage, TicketEvent, client_options, match_name, unique_tags
from connectors.zendesk.client import JSON, Params, ZendeskClient, ZendeskPermanentError
from connectors.zendesk.export import export_events
from connectors.zendesk.mapping import as_id, ticket_from_json

log = logging.getLogger(__name__)

PRIORITIES = ("urgent", "high", "normal", "low")
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
PAGE_SIZE = 100
MAX_PAGES = 500
UPDATES_PER_WINDOW = 30
UPDATE_WINDOW_SECONDS = 600.0


class TicketUpdateLimiter:
    """At most ``limit`` updates per ticket in any ``window`` seconds: ``acquire`` waits for a free slot.

    Thread-safe; waits happen outside the lock. After a wait the slot counts as free even when the injected
    clock did not move (a test that injects only ``sleep`` still terminates).
    """

    def __init__(
        self,
        *,
        limit: int = UPDATES_PER_WINDOW,
        window: float = UPDATE_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._sleep = sleep
        self._stamps: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, ticket_id: str) -> None:
        not_before = -math.inf
        while True:
            with self._lock:
                now = max(self._clock(), not_before)
                stamps = self._recent(ticket_id, now)
                if len(stamps) < self._limit:
                    stamps.append(now)
                    return
                not_before = stamps[0] + self._window
            wait = not_before - now
            log.info(
                "Zendesk ticket %s: %d updates within %.0fs; waiting %.1fs", ticket_id, self._limit, self._window, wait
            )
            self._sleep(wait)

    def _recent(self, ticket_id: str, now: float) -> deque[float]:
        horizon = now - self._window
        if len(self._stamps) > 1024:  # forget tickets idle for a whole window, so memory stays bounded
            self._stamps = {k: v for k, v in self._stamps.items() if v and v[-1] > horizon}
        stamps = self._stamps.setdefault(ticket_id, deque())
        while stamps and stamps[0] <= horizon:
            stamps.popleft()
        return stamps


class ZendeskHelpdesk(ClientOwner[ZendeskClient]):
    """One Zendesk account, built from its ``HelpdeskSettings`` and API token.

    ``sleep``, ``clock`` and ``rng`` are injected for tests; ``session`` lets a caller share a connection pool.
    """

    kind: str = "zendesk"

    def __init__(
        self,
        settings: HelpdeskSettings,
        token: str,
        *,
        marker_tag: str,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if settings.kind != "zendesk" or not settings.url or not settings.email:
            raise ConfigError(f"helpdesk {settings.name!r}: a Zendesk connector needs kind zendesk, url and email")
        if not marker_tag.strip():
            raise ConfigError(f"helpdesk {settings.name!r}: the marker tag cannot be empty")
        if settings.set_status is not None and settings.set_status not in STATUSES:
            raise ConfigError(f"helpdesk {settings.name!r}: set_status must be one of {', '.join(STATUSES)}")
        self.name = settings.name
        self.marker_tag = marker_tag.strip()
        self._status_after_handoff = settings.set_status
        options = client_options(settings, session=session, sleep=sleep, rng=rng)
        self._client = ZendeskClient(settings.url, settings.email, token, **options)
        self._limiter = TicketUpdateLimiter(clock=clock, sleep=sleep)
        self._groups: dict[str, str] = {}  # group name -> id, refreshed when a name is missing

    @property
    def client(self) -> ZendeskClient:
        """The HTTP client, for admin calls outside the helpdesk contract (``carelayer zendesk setup``)."""
        return self._client

    def fetch_ticket(self, ticket_id: str) -> Ticket:
        """Show Ticket (requester sideloaded) plus every page of List Comments, oldest first."""
        key = _ticket_key(ticket_id)
        shown = self._client.get(f"/api/v2/tickets/{key}.json", {"include": "users"})
        ticket = shown.get("ticket")
        if not isinstance(ticket, Mapping):
            raise ZendeskPermanentError(f"Zendesk answered ticket {key} without a 'ticket' object")
        comments = self._all_pages(f"/api/v2/tickets/{key}/comments.json", "comments")
        return ticket_from_json(ticket, comments, users=_objects(shown, "users", required=False), helpdesk=self.name)

    def add_internal_note(self, ticket_id: str, body: str) -> None:
        self._update(ticket_id, {"comment": _comment(body, public=False)})

    def add_public_reply(self, ticket_id: str, body: str) -> None:
        self._update(ticket_id, {"comment": _comment(body, public=True)})

    def add_tags(self, ticket_id: str, tags: Sequence[str]) -> None:
        """Add Tags (``PUT .../tags``): every existing tag stays. No call when ``tags`` is empty."""
        key = _ticket_key(ticket_id)
        if not _tag_list(tags):
            return
        self._limiter.acquire(key)  # a tag change is a ticket update too; counting it errs on the safe side
        self._client.put(f"/api/v2/tickets/{key}/tags.json", {"tags": _tag_list([*tags, self.marker_tag])})
        log.info("Zendesk ticket %s: tags added", key)

    def hand_off(self, ticket_id: str, handoff: Handoff) -> None:
        """Group, priority, tags, internal note (and ``set_status`` when configured) in ONE Update Ticket."""
        key = _ticket_key(ticket_id)
        fields: dict[str, Any] = {"comment": _comment(handoff.note, public=False)}
        if handoff.priority:
            fields["priority"] = _choice(handoff.priority, PRIORITIES, "priority")
        if handoff.group:
            fields["group_id"] = int(self._group_id(handoff.group))
        if self._status_after_handoff:
            fields["status"] = self._status_after_handoff
        self._update(key, fields, tags=handoff.tags)

    def set_status(self, ticket_id: str, status: str) -> None:
        self._update(ticket_id, {"status": _choice(status, STATUSES, "status")})

    def start_conversation(self, message: OutboundMessage) -> str:
        """``Outreach``: List Tickets by ``external_id`` first, so a send retried after a lost answer finds its
        ticket; otherwise Create Ticket with the requester by email (Zendesk creates the end user when new),
        the first comment public and authored by the API user, status pending.
        https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket"""
        found = self._client.get("/api/v2/tickets.json", {"external_id": message.external_id})
        existing = sorted(
            (i for i in (as_id(t.get("id")) for t in _objects(found, "tickets", required=True)) if i), key=int
        )
        if existing:
            return existing[0]  # external ids need not be unique in Zendesk: the oldest is ours
        who = message.requester
        if not who.email:
            raise ZendeskPermanentError("Zendesk Create Ticket needs the requester's email")
        ticket = {
            "subject": message.subject,
            "comment": _comment(message.body, public=True),
            "requester": {"email": who.email, "name": who.name or who.email},
            "external_id": message.external_id,
            "status": "pending",
            "tags": _tag_list([*message.tags, self.marker_tag]),
        }
        created = self._client.post("/api/v2/tickets.json", {"ticket": ticket}).get("ticket")
        key = as_id(created.get("id")) if isinstance(created, Mapping) else None
        if not key:
            raise ZendeskPermanentError("Zendesk answered Create Ticket without a ticket id")
        log.info("Zendesk ticket %s created (outreach)", key)
        return key

    def events_since(self, cursor: object, *, now: Callable[[], float] = time.time) -> tuple[list[TicketEvent], object]:
        """Tickets changed since ``cursor`` (0/None: the last hour, by ``now()`` in unix seconds) as events, and
        the cursor to pass next, from the Incremental Ticket Export (``export.py``: a page per call, deleted
        tickets skipped, its 10 requests/min met through the client's 429 ``Retry-After`` handling).
        InputError for a cursor that is not 0, None or a non-empty string."""
        return export_events(self._client, cursor, helpdesk=self.name, now=now)

    def _update(self, ticket_id: str, fields: Mapping[str, Any], *, tags: Iterable[str] = ()) -> None:
        key = _ticket_key(ticket_id)
        ticket = {**fields, "additional_tags": _tag_list([*tags, self.marker_tag])}
        self._limiter.acquire(key)
        self._client.put(f"/api/v2/tickets/{key}.json", {"ticket": ticket})
        log.info("Zendesk ticket %s updated (%s)", key, ", ".join(sorted(ticket)))

    def _group_id(self, name: str) -> str:
        """The id of the group called ``name`` (exact, else case-insensitive); the list is cached."""
        found = match_name(self._groups, name)
        if found is None:
            self._groups = self._load_groups()
            found = match_name(self._groups, name)
        if found is None:
            known = ", ".join(sorted(self._groups)[:20]) or "none"
            raise ZendeskPermanentError(f"Zendesk has no group named {name.strip()!r} (groups: {known})")
        return found

    def _load_groups(self) -> dict[str, str]:
        groups: dict[str, str] = {}
        for group in self._all_pages("/api/v2/groups.json", "groups", {"exclude_deleted": "true"}):
            group_id, group_name = as_id(group.get("id")), group.get("name")
            if group_id and isinstance(group_name, str) and group.get("deleted") is not True:
                groups[group_name] = group_id
        return groups

    def _all_pages(self, path: str, key: str, params: Params | None = None) -> list[JSON]:
        """Every item of a cursor-paginated list (``page[size]``, then ``page[after]`` while ``meta.has_more``)."""
        base = dict(params or {})
        query: dict[str, str | int] = {**base, "page[size]": PAGE_SIZE}
        items: list[JSON] = []
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = self._client.get(path, query)
            items.extend(_objects(page, key, required=True))
            cursor = _after_cursor(page)
            if cursor is None:
                return items
            if cursor in seen:
                raise ZendeskPermanentError(f"Zendesk {path}: pagination returned the same cursor twice")
            seen.add(cursor)
            query = {**base, "page[size]": PAGE_SIZE, "page[after]": cursor}
        raise ZendeskPermanentError(f"Zendesk {path}: more than {MAX_PAGES} pages")


def _ticket_key(ticket_id: str) -> str:
    key = as_id(ticket_id)
    if key is None:
        raise ZendeskPermanentError(f"{ticket_id!r} is not a Zendesk ticket id")
    return key


def _comment(body: str, *, public: bool) -> dict[str, Any]:
    if not body or not body.strip():
        raise ZendeskPermanentError("refusing to post an empty comment")
    return {"body": body, "public": public}


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ZendeskPermanentError(f"Zendesk {what} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _tag_list(tags: Iterable[str]) -> list[str]:
    """Stripped, non-empty, first occurrence kept (Zendesk splits a tag on spaces, so none are sent)."""
    return unique_tags(tags, lambda tag: "_".join(tag.split()))


def _objects(page: JSON, key: str, *, required: bool) -> list[JSON]:
    value = page.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise ZendeskPermanentError(f"Zendesk answered without a '{key}' list")
    return [item for item in value if isinstance(item, dict)]


def _after_cursor(page: JSON) -> str | None:
    meta = page.get("meta")
    if not isinstance(meta, Mapping) or meta.get("has_more") is not True:
        return None
    cursor = meta.get("after_cursor")
    return cursor if isinstance(cursor, str) and cursor else None
