"""Zendesk's read side for past solved tickets: the ``SolvedTicketFeed`` behind a ``past_tickets`` source.

- ``solved_since(cursor)`` walks the cursor-based Incremental Ticket Export (``export.py``'s endpoint): the
  first walk starts ``since_days`` back (``start_time``), later ones at the stored ``after_cursor``. A ticket
  with status ``deleted`` (how the export reports deletions) or no longer in ``statuses`` (reopened)
  yields ``Deleted``; a solved/closed one has its comments read (``include=users`` for names and roles)
  and yields a ``SolvedTicket``: the requester's first public comment as the question, and the PUBLIC
  comments of staff (role agent/admin; without roles, anyone but the requester) as replies. Internal
  notes (``public`` false or missing) are never read into it, and neither are comments by the bot user
  (carelayer's own replies must not become knowledge). A ``Checkpoint(after_cursor)`` follows each page.
- ``solved_ids()`` walks the same export from the same start without reading comments: the tickets whose
  latest status is in ``statuses``. Tickets last changed before ``since_days`` ago drop out of it, so
  they are pruned: the window is the source's maximum age.
- ``tags`` are the ticket's tags and ``articles`` the ids of the Help Center articles the public staff
  replies link to (``/hc/<locale>/articles/<id>``), in order: they label an exported ticket, never knowledge.
- Zendesk's ticket JSON has no solved time: ``solved_at`` is the last public staff reply's time, else the
  ticket's ``updated_at``.

10 export requests per minute: ``ZendeskClient`` waits out 429 ``Retry-After`` (capped) and retries. A
ticket whose comments answer 404 was deleted meanwhile (Deleted); another permanent error for one ticket
is a ``SyncFailure`` and the walk goes on; exhausted retries raise, and the sync resumes at the last
Checkpoint.

Export: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
Comments: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from carelayer.errors import PermanentHelpdeskError
from carelayer.jsonvalues import parse_time
from carelayer.types import SyncFailure
from connectors.zendesk.client import JSON, Params, ZendeskClient, ZendeskPermanentError
from connectors.zendesk.export import EXPORT_PATH, page_parts
from connectors.zendesk.mapping import as_id
from knowledge.sources.base import Checkpoint, Deleted
from knowledge.sources.past_tickets import FeedItem, SolvedTicket

DAY_SECONDS = 86_400
MAX_EXPORT_PAGES = 100_000
MAX_COMMENT_PAGES = 50
COMMENT_PAGE_SIZE = 100
STAFF_ROLES = frozenset({"agent", "admin"})
# A Help Center article link in a reply (https://clinic.zendesk.com/hc/en-us/articles/360012345-Refills): its id
# is the one a help_center knowledge source indexes the article under.
_ARTICLE_LINK = re.compile(r"/hc/(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,4})?/)?articles/(\d+)")


@dataclass(frozen=True, slots=True)
class _Page:
    tickets: list[JSON]
    after_cursor: str | None
    end_of_stream: bool


class ZendeskSolvedTickets:
    """Solved (or closed) Zendesk tickets for knowledge; see the module docstring for what is read."""

    def __init__(
        self,
        client: ZendeskClient,
        *,
        source: str,
        statuses: Iterable[str] = ("solved", "closed"),
        since_days: int = 365,
        bot_user_id: str | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._source = source
        self._statuses = frozenset(statuses)
        self._since_seconds = since_days * DAY_SECONDS
        self._bot = bot_user_id
        self._now = now

    def solved_since(self, cursor: str | None) -> Iterator[FeedItem]:
        for page in self._pages(cursor):
            for raw in page.tickets:
                item = self._item(raw)
                if item is not None:
                    yield item
            if page.after_cursor is not None:
                yield Checkpoint(page.after_cursor)

    def solved_ids(self) -> Iterator[str]:
        latest: dict[str, str] = {}
        for page in self._pages(None):
            for raw in page.tickets:
                ticket_id = as_id(raw.get("id"))
                status = raw.get("status")
                if ticket_id is not None and isinstance(status, str):
                    latest[ticket_id] = status
        yield from (ticket_id for ticket_id, status in latest.items() if status in self._statuses)

    def _pages(self, cursor: str | None) -> Iterator[_Page]:
        # A window reaching before 1970 (since_days: 36500) starts at the epoch: Zendesk refuses a negative time.
        start = max(0, int(self._now()) - self._since_seconds)
        params: Params = {"cursor": cursor} if cursor else {"start_time": start}
        current = cursor
        for _ in range(MAX_EXPORT_PAGES):
            page = _read_page(self._client.get(EXPORT_PATH, params))
            yield page
            if page.end_of_stream or page.after_cursor is None:
                return
            if page.after_cursor == current:
                raise ZendeskPermanentError(f"Zendesk {EXPORT_PATH}: the export returned the same cursor twice")
            current = page.after_cursor
            params = {"cursor": current}
        raise ZendeskPermanentError(f"Zendesk {EXPORT_PATH}: more than {MAX_EXPORT_PAGES} pages")

    def _item(self, raw: JSON) -> FeedItem | None:
        ticket_id = as_id(raw.get("id"))
        if ticket_id is None:
            return None
        if raw.get("status") not in self._statuses:  # deleted, reopened, or never solved
            return Deleted(self._source, ticket_id)
        try:
            comments, users = self._comments(ticket_id)
        except ZendeskPermanentError as error:
            if error.status == 404:
                return Deleted(self._source, ticket_id)
            return SyncFailure(self._source, f"ticket {ticket_id}", f"comments unreadable ({error.status})", ticket_id)
        except PermanentHelpdeskError as error:
            return SyncFailure(self._source, f"ticket {ticket_id}", type(error).__name__, ticket_id)
        return solved_ticket(raw, comments, users, bot_user_id=self._bot)

    def _comments(self, ticket_id: str) -> tuple[list[JSON], list[JSON]]:
        path = f"/api/v2/tickets/{ticket_id}/comments.json"
        query: dict[str, str | int] = {"include": "users", "page[size]": COMMENT_PAGE_SIZE}
        comments: list[JSON] = []
        users: list[JSON] = []
        for _ in range(MAX_COMMENT_PAGES):
            page = self._client.get(path, query)
            comments.extend(_objects(page, "comments"))
            users.extend(_objects(page, "users"))
            meta = page.get("meta")
            after = meta.get("after_cursor") if isinstance(meta, Mapping) and meta.get("has_more") is True else None
            if not isinstance(after, str) or not after:
                return comments, users
            query = {"include": "users", "page[size]": COMMENT_PAGE_SIZE, "page[after]": after}
        return comments, users  # a ticket with more than 5,000 comments: the first ones answer the question


def solved_ticket(
    ticket: JSON, comments: list[JSON], users: list[JSON], *, bot_user_id: str | None = None
) -> SolvedTicket:
    """The SolvedTicket of one exported ticket and its comments (see the module docstring). Pure."""
    requester = as_id(ticket.get("requester_id"))
    roles = {as_id(u.get("id")): u.get("role") for u in users}
    names = tuple(str(u["name"]) for u in users if u.get("role") not in STAFF_ROLES and isinstance(u.get("name"), str))
    public = [c for c in comments if c.get("public") is True]  # a missing flag counts as internal
    asked = [c for c in public if as_id(c.get("author_id")) == requester]
    question = _text(asked[0] if asked else (public[0] if public else {}))
    replies = [c for c in public if _is_staff(as_id(c.get("author_id")), requester, roles, bot_user_id)]
    solved_at = parse_time(replies[-1].get("created_at")) if replies else None
    subject = ticket.get("subject") or ticket.get("raw_subject") or ""
    return SolvedTicket(
        id=str(as_id(ticket.get("id"))),
        subject=subject if isinstance(subject, str) else "",
        question=question,
        replies=tuple(t for t in (_text(c) for c in replies) if t),
        solved_at=solved_at or parse_time(ticket.get("updated_at")),
        status=str(ticket.get("status")),
        known_names=names,
        tags=tuple(t for t in ticket.get("tags") or () if isinstance(t, str)),
        articles=tuple(dict.fromkeys(article for c in replies for article in _linked_articles(c))),
    )


def _is_staff(author: str | None, requester: str | None, roles: Mapping[str | None, object], bot: str | None) -> bool:
    if author is None or author in (requester, bot):
        return False
    role = roles.get(author)
    return role in STAFF_ROLES if role is not None else True


def _text(comment: Mapping[str, object]) -> str:
    body = comment.get("plain_body")
    if not isinstance(body, str):
        body = comment.get("body")
    return body.strip() if isinstance(body, str) else ""


def _linked_articles(comment: Mapping[str, object]) -> Iterator[str]:
    """Help Center article ids linked in a comment: ``plain_body`` may keep only a link's text, so every body
    form is read (``html_body`` holds the href)."""
    for key in ("html_body", "body", "plain_body"):
        value = comment.get(key)
        if isinstance(value, str):
            yield from (m.group(1) for m in _ARTICLE_LINK.finditer(value))


def _objects(page: JSON, key: str) -> list[JSON]:
    value = page.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _read_page(page: JSON) -> _Page:
    tickets, after_cursor, end_of_stream = page_parts(page)
    return _Page([t for t in tickets if isinstance(t, dict)], after_cursor, end_of_stream)
