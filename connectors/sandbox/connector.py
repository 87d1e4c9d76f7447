"""The sandbox helpdesk: a local helpdesk kept in one SQLite file, so carelayer runs with no account.

It implements the whole ``Helpdesk`` contract with the rules a real helpdesk enforces: an unknown ticket is
a ``PermanentHelpdeskError``, tags are added and never replaced, a closed ticket cannot be changed, and
status and priority take Zendesk's values. Every write carelayer makes is authored ``carelayer`` and adds
``marker_tag``. What a requester does (a new ticket, a new comment) is recorded as a ``TicketEvent`` that a
poller reads with ``events_since``.

Safe from several threads (one connection behind a lock) and processes (WAL, a busy timeout and short
``BEGIN IMMEDIATE`` write transactions).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

from carelayer.errors import PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.types import Comment, Requester, Ticket
from connectors.base import EventKind, Handoff, OutboundMessage, TicketEvent

Author = Literal["requester", "agent", "carelayer"]
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
_BUSY_TIMEOUT_SECONDS = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL, status TEXT NOT NULL, priority TEXT,
    group_name TEXT, requester_id TEXT, requester_name TEXT, requester_email TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    body TEXT NOT NULL, public INTEGER NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_ticket ON comments (ticket_id, id);
CREATE TABLE IF NOT EXISTS tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id), tag TEXT NOT NULL, PRIMARY KEY (ticket_id, tag)
);
CREATE TABLE IF NOT EXISTS outbound (
    external_id TEXT PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets (id)
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id TEXT NOT NULL, event_id TEXT NOT NULL,
    kind TEXT NOT NULL, actor_id TEXT, occurred_at TEXT NOT NULL
);
"""
_TICKET_COLUMNS = "id, subject, status, priority, group_name, requester_id, requester_name, requester_email, created_at"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TicketSnapshot:
    """Everything a test asserts on after a write: tags, routing, status and every comment in order."""

    tags: frozenset[str]
    group: str | None
    priority: str | None
    status: str
    comments: tuple[Comment, ...]

    @property
    def notes(self) -> tuple[Comment, ...]:
        """The internal notes (comments a patient never sees)."""
        return tuple(c for c in self.comments if not c.public)

    @property
    def public_comments(self) -> tuple[Comment, ...]:
        return tuple(c for c in self.comments if c.public)


class SandboxHelpdesk:
    """A ``Helpdesk`` in one SQLite file; every method is one short transaction."""

    kind: str = "sandbox"

    def __init__(
        self,
        path: Path,
        *,
        marker_tag: str,
        clock: Callable[[], datetime] = _utc_now,
        name: str = "sandbox",
    ) -> None:
        self.marker_tag = marker_tag
        self.name = name
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=_BUSY_TIMEOUT_SECONDS)
        try:
            with self._lock:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            self._db.close()
            raise RetryableHelpdeskError(f"sandbox helpdesk {name!r}: cannot open {path}: {error}") from error

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SandboxHelpdesk:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the Helpdesk contract ------------------------------------------------------------------

    def fetch_ticket(self, ticket_id: str) -> Ticket:
        """The ticket with every comment in order; ``body`` is the requester's first comment."""
        key = self._key(ticket_id)
        with self._transaction(write=False) as db:
            return self._read_ticket(db, key)

    def add_internal_note(self, ticket_id: str, body: str) -> None:
        _require_text(body, "an internal note")
        with self._our_write(ticket_id) as (db, key, now):
            self._insert_comment(db, key, body, public=False, author="carelayer", now=now)

    def add_public_reply(self, ticket_id: str, body: str) -> None:
        _require_text(body, "a public reply")
        with self._our_write(ticket_id) as (db, key, now):
            self._insert_comment(db, key, body, public=True, author="carelayer", now=now)

    def add_tags(self, ticket_id: str, tags: Iterable[str]) -> None:
        """Add ``tags`` (and the marker tag), keeping every tag already on the ticket."""
        wanted = list(tags)
        with self._our_write(ticket_id) as (db, key, _):
            _insert_tags(db, key, wanted)

    def hand_off(self, ticket_id: str, handoff: Handoff) -> None:
        """Group, priority, tags and one internal note, in one transaction (all or nothing)."""
        _require_text(handoff.note, "a handoff note")
        if handoff.priority is not None:
            _require_choice(handoff.priority, PRIORITIES, "priority")
        with self._our_write(ticket_id) as (db, key, now):
            db.execute(
                "UPDATE tickets SET group_name = COALESCE(?, group_name), priority = COALESCE(?, priority) "
                "WHERE id = ?",
                (handoff.group, handoff.priority, key),
            )
            _insert_tags(db, key, handoff.tags)
            self._insert_comment(db, key, handoff.note, public=False, author="carelayer", now=now)

    def set_status(self, ticket_id: str, status: str) -> None:
        _require_choice(status, STATUSES, "status")
        with self._our_write(ticket_id) as (db, key, _):
            db.execute("UPDATE tickets SET status = ? WHERE id = ?", (status, key))

    def start_conversation(self, message: OutboundMessage) -> str:
        """A pending ticket opened by carelayer (``Outreach``): first comment public, marker tag; no event.
        Once per ``external_id``: the ticket, its comment and the id are written in one transaction."""
        _require_text(message.body, "an outbound message")
        if not message.external_id.strip():
            raise PermanentHelpdeskError("sandbox helpdesk: an outbound message needs an external id")
        who = message.requester
        with self._transaction(write=True) as db:
            found = db.execute("SELECT ticket_id FROM outbound WHERE external_id = ?", (message.external_id,))
            row = found.fetchone()
            if row is not None:
                return str(row[0])
            now = self._now()
            cursor = db.execute(
                "INSERT INTO tickets (subject, status, requester_id, requester_name, requester_email, "
                "created_at, updated_at) VALUES (?, 'pending', ?, ?, ?, ?, ?)",
                (message.subject, who.id, who.name, who.email, now.isoformat(), now.isoformat()),
            )
            key = _last_id(cursor)
            self._insert_comment(db, key, message.body, public=True, author="carelayer", now=now)
            _insert_tags(db, key, [*message.tags, self.marker_tag])
            db.execute("INSERT INTO outbound (external_id, ticket_id) VALUES (?, ?)", (message.external_id, key))
            return str(key)

    # -- helpers for the demo and tests ---------------------------------------------------------

    def create_ticket(
        self, subject: str, body: str, *, requester: Requester | None = None, tags: Iterable[str] = ()
    ) -> Ticket:
        """A new ticket whose first comment is ``body``; records a ``created`` event (event id = comment id)."""
        _require_text(body, "a ticket body")
        who = requester or Requester()
        wanted = list(tags)
        with self._transaction(write=True) as db:
            now = self._now()
            cursor = db.execute(
                "INSERT INTO tickets (subject, status, requester_id, requester_name, requester_email, "
                "created_at, updated_at) VALUES (?, 'new', ?, ?, ?, ?, ?)",
                (subject, who.id, who.name, who.email, now.isoformat(), now.isoformat()),
            )
            key = _last_id(cursor)
            comment = self._insert_comment(db, key, body, public=True, author="requester", now=now)
            _insert_tags(db, key, wanted)
            self._record_event(db, key, comment, EventKind.CREATED)
            return self._read_ticket(db, key)

    def add_requester_comment(self, ticket_id: str, body: str) -> TicketEvent:
        """A public comment by the requester (reopens a pending or solved ticket); records an ``updated`` event."""
        _require_text(body, "a comment")
        key = self._key(ticket_id)
        with self._transaction(write=True) as db:
            now = self._now()
            self._require_writable(db, key)
            comment = self._insert_comment(db, key, body, public=True, author="requester", now=now)
            db.execute(
                "UPDATE tickets SET updated_at = ?, status = CASE WHEN status IN ('pending', 'solved') "
                "THEN 'open' ELSE status END WHERE id = ?",
                (now.isoformat(), key),
            )
            return self._record_event(db, key, comment, EventKind.UPDATED)

    def add_agent_comment(self, ticket_id: str, body: str, *, public: bool = True) -> Comment:
        """A comment by a human agent: no marker tag, no event (agents do not trigger carelayer)."""
        _require_text(body, "a comment")
        key = self._key(ticket_id)
        with self._transaction(write=True) as db:
            now = self._now()
            self._require_writable(db, key)
            db.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", (now.isoformat(), key))
            return self._insert_comment(db, key, body, public=public, author="agent", now=now)

    def comments(self, ticket_id: str) -> list[Comment]:
        key = self._key(ticket_id)
        with self._transaction(write=False) as db:
            self._require_ticket(db, key)
            return list(_read_comments(db, key))

    def list_tickets(self) -> list[Ticket]:
        """Every ticket, oldest first."""
        with self._transaction(write=False) as db:
            keys = [int(row[0]) for row in db.execute("SELECT id FROM tickets ORDER BY id")]
            return [self._read_ticket(db, key) for key in keys]

    def snapshot(self, ticket_id: str) -> TicketSnapshot:
        ticket = self.fetch_ticket(ticket_id)
        return TicketSnapshot(
            tags=frozenset(ticket.tags),
            group=ticket.group,
            priority=ticket.priority,
            status=ticket.status or "",
            comments=ticket.comments,
        )

    def events_since(self, cursor: int, *, limit: int = 100) -> tuple[list[TicketEvent], int]:
        """Events recorded after ``cursor`` (0 = from the start), oldest first, and the cursor to pass next."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT seq, ticket_id, event_id, kind, actor_id, occurred_at FROM events "
                "WHERE seq > ? ORDER BY seq LIMIT ?",
                (cursor, limit),
            ).fetchall()
        events = [
            TicketEvent(self.name, str(t), str(e), EventKind(str(k)), a, datetime.fromisoformat(str(at)))
            for _, t, e, k, a, at in rows
        ]
        return events, (int(rows[-1][0]) if rows else cursor)

    # -- internals ------------------------------------------------------------------------------

    def _now(self) -> datetime:
        moment = self._clock()
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    def _key(self, ticket_id: str) -> int:
        if not (ticket_id.isascii() and ticket_id.isdigit()):
            raise PermanentHelpdeskError(f"sandbox helpdesk {self.name!r}: no ticket {ticket_id!r}")
        return int(ticket_id)

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock; SQLite errors become helpdesk errors (busy/locked -> retryable)."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                raise RetryableHelpdeskError(f"sandbox helpdesk {self.name!r}: {error}") from error
            except sqlite3.Error as error:
                raise PermanentHelpdeskError(f"sandbox helpdesk {self.name!r}: {error}") from error

    @contextmanager
    def _our_write(self, ticket_id: str) -> Iterator[tuple[sqlite3.Connection, int, datetime]]:
        """A carelayer write: the ticket must exist and be open to changes; marker tag and update time follow."""
        key = self._key(ticket_id)
        with self._transaction(write=True) as db:
            now = self._now()
            self._require_writable(db, key)
            yield db, key, now
            _insert_tags(db, key, [self.marker_tag])
            db.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", (now.isoformat(), key))

    def _require_ticket(self, db: sqlite3.Connection, key: int) -> str:
        """The ticket's status; PermanentHelpdeskError when there is no such ticket."""
        row = db.execute("SELECT status FROM tickets WHERE id = ?", (key,)).fetchone()
        if row is None:
            raise PermanentHelpdeskError(f"sandbox helpdesk {self.name!r}: no ticket '{key}'")
        return str(row[0])

    def _require_writable(self, db: sqlite3.Connection, key: int) -> None:
        if self._require_ticket(db, key) == "closed":
            raise PermanentHelpdeskError(f"sandbox helpdesk {self.name!r}: ticket '{key}' is closed")

    def _read_ticket(self, db: sqlite3.Connection, key: int) -> Ticket:
        row = db.execute(f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE id = ?", (key,)).fetchone()
        if row is None:
            raise PermanentHelpdeskError(f"sandbox helpdesk {self.name!r}: no ticket '{key}'")
        _, subject, status, priority, group, requester_id, requester_name, requester_email, created = row
        comments = _read_comments(db, key)
        tags = tuple(r[0] for r in db.execute("SELECT tag FROM tags WHERE ticket_id = ? ORDER BY tag", (key,)))
        requester = Requester(requester_id, requester_name, requester_email)
        return Ticket(
            id=str(key),
            subject=subject,
            body=next((c.body for c in comments if c.author_id == "requester"), ""),
            comments=comments,
            tags=tags,
            requester=None if requester == Requester() else requester,
            status=status,
            priority=priority,
            group=group,
            created_at=datetime.fromisoformat(created),
            helpdesk=self.name,
        )

    def _insert_comment(
        self, db: sqlite3.Connection, key: int, body: str, *, public: bool, author: Author, now: datetime
    ) -> Comment:
        cursor = db.execute(
            "INSERT INTO comments (ticket_id, body, public, author, created_at) VALUES (?, ?, ?, ?, ?)",
            (key, body, int(public), author, now.isoformat()),
        )
        return Comment(id=str(_last_id(cursor)), body=body, public=public, author_id=author, created_at=now)

    def _record_event(self, db: sqlite3.Connection, key: int, comment: Comment, kind: EventKind) -> TicketEvent:
        """The requester's event for ``comment``: event id = comment id, actor = the comment's author."""
        now = comment.created_at or self._now()
        event = TicketEvent(self.name, str(key), comment.id, kind, comment.author_id, now)
        db.execute(
            "INSERT INTO events (ticket_id, event_id, kind, actor_id, occurred_at) VALUES (?, ?, ?, ?, ?)",
            (event.ticket_id, event.event_id, event.kind.value, event.actor_id, now.isoformat()),
        )
        return event


def _read_comments(db: sqlite3.Connection, key: int) -> tuple[Comment, ...]:
    rows = db.execute(
        "SELECT id, body, public, author, created_at FROM comments WHERE ticket_id = ? ORDER BY id", (key,)
    )
    return tuple(
        Comment(id=str(i), body=body, public=bool(public), author_id=author, created_at=datetime.fromisoformat(at))
        for i, body, public, author, at in rows
    )


def _insert_tags(db: sqlite3.Connection, key: int, tags: Iterable[str]) -> None:
    cleaned = {tag.strip() for tag in tags} - {""}
    db.executemany("INSERT OR IGNORE INTO tags (ticket_id, tag) VALUES (?, ?)", [(key, t) for t in sorted(cleaned)])


def _last_id(cursor: sqlite3.Cursor) -> int:
    if cursor.lastrowid is None:  # cannot happen after an INSERT; keeps the type honest
        raise PermanentHelpdeskError("sandbox helpdesk: insert returned no row id")
    return cursor.lastrowid


def _require_text(text: str, what: str) -> None:
    if not text.strip():
        raise PermanentHelpdeskError(f"sandbox helpdesk: {what} cannot be empty")


def _require_choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise PermanentHelpdeskError(f"sandbox helpdesk: {what} {value!r} is not one of {', '.join(allowed)}")
