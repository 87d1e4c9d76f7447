"""What support agents did with carelayer's drafts, as the Zendesk sidebar app reports it.

One row per report (``inserted`` as-is, ``edited`` before sending, ``not_helpful``), in the state
store beside the activity log (its SQLite file, or its PostgreSQL database through
``carelayer.console_store_pg``); each row commits with its audit entry, so the console's audit log
shows who judged which ticket's draft. A ticket's *latest* report is its verdict: an agent who
inserts a draft and then rewrites it before saving counts once, as ``edited``. Rows hold ids, the
category and the kind, never ticket or draft text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from carelayer import audit
from carelayer.settings import Settings
from carelayer.sqlite import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS draft_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL,
    category TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS draft_feedback_by_ticket ON draft_feedback (helpdesk, ticket_id);
"""
AUDIT_ACTION = "agent feedback"


class FeedbackKind(StrEnum):
    INSERTED = "inserted"  # put into the reply and sent as drafted
    EDITED = "edited"  # put into the reply, then changed before sending
    NOT_HELPFUL = "not_helpful"  # the agent wrote their own answer


@dataclass(frozen=True, slots=True)
class Feedback:
    helpdesk: str
    ticket_id: str
    category: str
    kind: FeedbackKind
    actor: str  # who reported it: the Zendesk user id from the app's signed token, or "zendesk app"
    at: datetime


@dataclass(frozen=True, slots=True)
class CategoryAcceptance:
    """Agents' verdicts on one category's drafts (one per ticket, its latest)."""

    category: str
    inserted: int = 0
    edited: int = 0
    not_helpful: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.edited + self.not_helpful

    @property
    def acceptance(self) -> float | None:
        """Share of judged drafts an agent used (as-is or edited); ``None`` when none was judged."""
        return (self.inserted + self.edited) / self.total if self.total else None

    @property
    def as_is(self) -> float | None:
        """Share of judged drafts sent without a change."""
        return self.inserted / self.total if self.total else None

    def as_json(self) -> dict[str, object]:
        return {
            "category": self.category,
            "inserted": self.inserted,
            "edited": self.edited,
            "not_helpful": self.not_helpful,
            "total": self.total,
            "acceptance": self.acceptance,
            "as_is": self.as_is,
        }


class FeedbackStore:
    """Agents' feedback on drafts; safe to share between threads and processes (one transaction a call)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = SqliteFile(path, _SCHEMA)
        audit.install(self.file)

    def record(self, feedback: Feedback) -> None:
        """Store ``feedback`` and its audit entry in one transaction."""
        target = f"{feedback.helpdesk}:{feedback.ticket_id}"
        with self.file.transaction() as db:
            db.execute(
                "INSERT INTO draft_feedback (at, helpdesk, ticket_id, category, kind, actor) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    feedback.at.isoformat(),
                    feedback.helpdesk,
                    feedback.ticket_id,
                    feedback.category,
                    feedback.kind.value,
                    feedback.actor,
                ),
            )
            detail = {"kind": feedback.kind.value, "category": feedback.category}
            audit.append(
                db, at=feedback.at, actor=feedback.actor, action=AUDIT_ACTION, target=target, old=None, new=detail
            )

    def latest(self, helpdesk: str, ticket_id: str) -> Feedback | None:
        """The newest report for one ticket, or ``None``."""
        with self.file.transaction(write=False) as db:
            row = db.execute(
                "SELECT at, helpdesk, ticket_id, category, kind, actor FROM draft_feedback "
                "WHERE helpdesk = ? AND ticket_id = ? ORDER BY id DESC LIMIT 1",
                (helpdesk, ticket_id),
            ).fetchone()
        if row is None:
            return None
        at, desk, ticket, category, kind, actor = row
        return Feedback(desk, ticket, category, FeedbackKind(kind), actor, datetime.fromisoformat(at))

    def acceptance(self, *, since: datetime | None = None) -> list[CategoryAcceptance]:
        """Per category (sorted by name), each ticket counted once by its latest report (since ``since``)."""
        query = (
            "SELECT category, kind FROM draft_feedback WHERE id IN "
            "(SELECT MAX(id) FROM draft_feedback WHERE at >= ? GROUP BY helpdesk, ticket_id)"
        )
        with self.file.transaction(write=False) as db:
            rows = db.execute(query, (since.isoformat() if since else "",)).fetchall()
        return acceptance_by_category(rows)


def open_feedback_store(settings: Settings) -> FeedbackStore:
    """Feedback lives where the state store does, like the console's tables: its PostgreSQL database when
    ``state.url`` is set, else its file (``<data_dir>/state.sqlite3``)."""
    if settings.file.state.url:
        from carelayer.console_store_pg import PostgresFeedbackStore, postgres_state  # psycopg only for this backend

        return PostgresFeedbackStore(postgres_state(settings))
    return FeedbackStore(settings.data_dir / "state.sqlite3")


def recorded_acceptance(settings: Settings) -> tuple[CategoryAcceptance, ...]:
    """Acceptance per category from the state store, or nothing when carelayer has no state yet (a report
    made on a fresh machine must not create the state file)."""
    if settings.file.state.url:
        from carelayer.console_store_pg import PostgresFeedbackStore, postgres_state  # psycopg only for this backend

        state = postgres_state(settings)
        try:
            return tuple(PostgresFeedbackStore(state).acceptance())
        finally:
            state.close()  # a one-off report: do not leave this thread's connection open
    path = settings.data_dir / "state.sqlite3"
    return tuple(FeedbackStore(path).acceptance()) if path.is_file() else ()


def acceptance_by_category(rows: Iterable[tuple[str, str]]) -> list[CategoryAcceptance]:
    """(category, kind) rows, one per ticket, counted per category (sorted by name); any backend."""
    counts: dict[str, Counter[str]] = {}
    for category, kind in rows:
        counts.setdefault(category, Counter())[kind] += 1
    return [
        CategoryAcceptance(
            category,
            inserted=c[FeedbackKind.INSERTED.value],
            edited=c[FeedbackKind.EDITED.value],
            not_helpful=c[FeedbackKind.NOT_HELPFUL.value],
        )
        for category, c in sorted(counts.items())
    ]
