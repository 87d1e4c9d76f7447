"""``FreshdeskHelpdesk``: the ``Helpdesk`` contract over the Freshdesk API v2.

Vendor rules this module exists to respect (links in README.md):
- an internal note is ``POST /api/v2/tickets/{id}/notes`` with ``"private": true``; a public reply is
  ``POST /api/v2/tickets/{id}/reply``; both take HTML in ``body`` (we escape plain text into it);
- ``tags`` on Update Ticket REPLACES every tag and v2 has no "add tags" call and no conditional update
  (no ETag/If-Match): adding is read, union, write. See ``_merge_tags`` for how the race is narrowed;
- group and priority are numbers: a group *name* is resolved through ``group_ids`` in the settings, else
  ``GET /api/v2/groups``; priority words map to 1-4 (``mapping.py``).
Every write also adds ``marker_tag``, so events our own writes cause can be recognised.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import requests

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings
from carelayer.types import Ticket
from connectors.base import ClientOwner, Handoff, TicketEvent, client_options, match_name, unique_tags
from connectors.freshdesk.client import FreshdeskClient, FreshdeskPermanentError
from connectors.freshdesk.mapping import (
    JSON,
    PRIORITY_NUMBERS,
    STATUS_NUMBERS,
    as_id,
    text_to_html,
    ticket_from_json,
)
from connectors.freshdesk.polling import poll_events
from connectors.freshdesk.ratelimit import RateBudget

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # Freshdesk's maximum per_page
MAX_PAGES = 500  # Freshdesk advises against deeper pagination
MERGE_ATTEMPTS = 3


class FreshdeskHelpdesk(ClientOwner[FreshdeskClient]):
    """One Freshdesk account, built from its ``HelpdeskSettings`` and API key.

    ``sleep``, ``clock`` and ``rng`` are injected for tests; ``session`` lets a caller share a connection pool;
    ``rate_limits`` overrides the per-minute budgets of ``ratelimit.DEFAULT_LIMITS`` (a bigger plan).
    """

    kind: str = "freshdesk"

    def __init__(
        self,
        settings: HelpdeskSettings,
        api_key: str,
        *,
        marker_tag: str,
        session: requests.Session | None = None,
        rate_limits: Mapping[str, int] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if settings.kind != "freshdesk" or not settings.url:
            raise ConfigError(f"helpdesk {settings.name!r}: a Freshdesk connector needs kind freshdesk and url")
        if not marker_tag.strip():
            raise ConfigError(f"helpdesk {settings.name!r}: the marker tag cannot be empty")
        if settings.set_status is not None and settings.set_status not in STATUS_NUMBERS:
            raise ConfigError(f"helpdesk {settings.name!r}: set_status must be one of {', '.join(STATUS_NUMBERS)}")
        self.name = settings.name
        self.marker_tag = marker_tag.strip()
        self._status_after_handoff = settings.set_status
        self._client = FreshdeskClient(
            settings.url,
            api_key,
            **client_options(settings, session=session, sleep=sleep, rng=rng),
            budget=RateBudget(rate_limits, clock=clock, sleep=sleep),
            clock=clock,
        )
        self._configured_groups = {name: str(group_id) for name, group_id in settings.group_ids.items()}
        self._groups: dict[str, str] = {}  # from GET /api/v2/groups, refreshed when a name is missing

    @property
    def client(self) -> FreshdeskClient:
        return self._client

    def fetch_ticket(self, ticket_id: str) -> Ticket:
        """View a Ticket (requester embedded) plus every page of its conversations, oldest first."""
        key = _ticket_key(ticket_id)
        ticket = self._ticket(key, include="requester")
        conversations = self._all_pages(f"/api/v2/tickets/{key}/conversations")
        return ticket_from_json(ticket, conversations, helpdesk=self.name)

    def add_internal_note(self, ticket_id: str, body: str) -> None:
        key = _ticket_key(ticket_id)
        self._client.post(f"/api/v2/tickets/{key}/notes", {"body": _html(body), "private": True})
        log.info("Freshdesk ticket %s: private note added", key)
        self._merge_tags(key, ())

    def add_public_reply(self, ticket_id: str, body: str) -> None:
        key = _ticket_key(ticket_id)
        self._client.post(f"/api/v2/tickets/{key}/reply", {"body": _html(body)})
        log.info("Freshdesk ticket %s: reply added", key)
        self._merge_tags(key, ())

    def add_tags(self, ticket_id: str, tags: Sequence[str]) -> None:
        """Every tag already on the ticket stays. No call when ``tags`` is empty."""
        key = _ticket_key(ticket_id)
        if _tag_list(tags):
            self._merge_tags(key, tags)

    def hand_off(self, ticket_id: str, handoff: Handoff) -> None:
        """ONE Update Ticket (group, priority, tags, ``set_status``), then the private note.

        The update goes first: if the note then fails, the retry repeats an update that changes nothing
        and posts the note once; the other order could leave the ticket unrouted behind an existing note.
        """
        key = _ticket_key(ticket_id)
        note = _html(handoff.note)
        fields: dict[str, Any] = {}
        if handoff.priority:
            fields["priority"] = _number(handoff.priority, PRIORITY_NUMBERS, "priority")
        if handoff.group:
            fields["group_id"] = int(self._group_id(handoff.group))
        if self._status_after_handoff:
            fields["status"] = STATUS_NUMBERS[self._status_after_handoff]
        self._merge_tags(key, handoff.tags, fields)
        self._client.post(f"/api/v2/tickets/{key}/notes", {"body": note, "private": True})
        log.info("Freshdesk ticket %s handed off (%s, note)", key, ", ".join(sorted(fields)) or "tags")

    def set_status(self, ticket_id: str, status: str) -> None:
        key = _ticket_key(ticket_id)
        self._merge_tags(key, (), {"status": _number(status, STATUS_NUMBERS, "status")})

    def events_since(self, cursor: object, *, now: Callable[[], float] = time.time) -> tuple[list[TicketEvent], object]:
        """Tickets changed since ``cursor`` as events, and the cursor to pass next (``polling.py``)."""
        return poll_events(self._client, cursor, helpdesk=self.name, now=now)

    def _merge_tags(self, key: str, tags: Iterable[str], fields: Mapping[str, Any] | None = None) -> None:
        """Update Ticket with ``fields`` and the union of the ticket's tags, ``tags`` and the marker.

        Freshdesk has no add-tags call and no conditional update (no ETag/If-Match), so a tag another writer
        adds between our read and our write would be lost. We narrow that window to one round trip (the read
        comes immediately before the write, nothing in between), skip the write when nothing would change, and
        check the updated ticket Freshdesk answers: if it lacks a tag we sent, we read and merge again (at most
        ``MERGE_ATTEMPTS`` times). https://developers.freshdesk.com/api/#update_ticket
        """
        wanted = _tag_list([*tags, self.marker_tag])
        changes = dict(fields or {})
        for _ in range(MERGE_ATTEMPTS):
            have = _tags_of(self._ticket(key))
            missing = [t for t in wanted if t not in have]
            if not missing and not changes:
                return
            answer = self._client.put(f"/api/v2/tickets/{key}", {**changes, "tags": [*have, *missing]})
            log.info("Freshdesk ticket %s updated (%s)", key, ", ".join(sorted([*changes, "tags"])))
            changes = {}  # applied; a second round only needs the tags again
            updated = answer.data if isinstance(answer.data, Mapping) else {}
            if all(t in _tags_of(updated) for t in wanted):
                return
        raise FreshdeskPermanentError(f"Freshdesk ticket {key}: our tags kept being overwritten by another writer")

    def _ticket(self, key: str, *, include: str | None = None) -> JSON:
        answer = self._client.get(f"/api/v2/tickets/{key}", {"include": include} if include else None)
        if not isinstance(answer.data, Mapping) or as_id(answer.data.get("id")) is None:
            raise FreshdeskPermanentError(f"Freshdesk answered ticket {key} without a ticket object")
        return answer.data

    def _group_id(self, name: str) -> str:
        """The id of group ``name``: from ``group_ids`` in the settings, else Freshdesk's list (cached)."""
        found = match_name(self._configured_groups, name) or match_name(self._groups, name)
        if found is None:
            self._groups = self._load_groups()
            found = match_name(self._groups, name)
        if found is None:
            known = ", ".join(sorted({*self._configured_groups, *self._groups})[:20]) or "none"
            raise FreshdeskPermanentError(f"Freshdesk has no group named {name.strip()!r} (groups: {known})")
        return found

    def _load_groups(self) -> dict[str, str]:
        groups: dict[str, str] = {}
        for group in self._all_pages("/api/v2/groups"):
            group_id, group_name = as_id(group.get("id")), group.get("name")
            if group_id and isinstance(group_name, str):
                groups[group_name] = group_id
        return groups

    def _all_pages(self, path: str) -> list[JSON]:
        """Every item of a page-numbered list (``page``/``per_page``, next page while ``Link: rel="next"``)."""
        items: list[JSON] = []
        for page in range(1, MAX_PAGES + 1):
            answer = self._client.get(path, {"per_page": PAGE_SIZE, "page": page})
            if not isinstance(answer.data, list):
                raise FreshdeskPermanentError(f"Freshdesk {path} answered without a list")
            items.extend(item for item in answer.data if isinstance(item, Mapping))
            if not answer.has_next:
                return items
        raise FreshdeskPermanentError(f"Freshdesk {path}: more than {MAX_PAGES} pages")


def _tags_of(ticket: JSON) -> list[str]:
    tags = ticket.get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def _ticket_key(ticket_id: str) -> str:
    key = as_id(ticket_id)
    if key is None:
        raise FreshdeskPermanentError(f"{ticket_id!r} is not a Freshdesk ticket id")
    return key


def _html(body: str) -> str:
    if not body or not body.strip():
        raise FreshdeskPermanentError("refusing to post an empty note or reply")
    return text_to_html(body)


def _number(value: str, allowed: Mapping[str, int], what: str) -> int:
    if value not in allowed:
        raise FreshdeskPermanentError(f"Freshdesk {what} must be one of {', '.join(allowed)} (got {value!r})")
    return allowed[value]


def _tag_list(tags: Iterable[str]) -> list[str]:
    """Stripped, non-empty, first occurrence kept; inner spaces and commas -> ``_``."""
    return unique_tags(tags, lambda tag: "_".join(tag.replace(",", " ").split()))  # Freshdesk refuses commas
