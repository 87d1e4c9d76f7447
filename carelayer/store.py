"""The state store (SQLite by default): the write ledger, the activity log and sync cursors.

Every method is one short transaction on a fresh connection, so a ``StateStore`` may be shared by
threads and the same file by several processes (WAL, a busy timeout, ``BEGIN IMMEDIATE`` writes).
Nothing here stores raw ticket text: the activity log keeps ids, the decision (whose draft carelayer
composed from approved knowledge, and whose reasons are redacted) and what was written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from carelayer.sqlite import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    key TEXT PRIMARY KEY, detail TEXT NOT NULL, recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL,
    event_id TEXT NOT NULL, at TEXT NOT NULL, decision TEXT, writes TEXT NOT NULL, outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS activity_by_ticket ON activity (helpdesk, ticket_id);
CREATE TABLE IF NOT EXISTS cursors (
    name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL
);
"""


def ledger_key(helpdesk: str, ticket_id: str, event_id: str, action: str) -> str:
    """The ledger key of one write: one per (helpdesk, ticket, event, kind of write)."""
    return f"{helpdesk}:{ticket_id}:{event_id}:{action}"


class Outcome(StrEnum):
    WRITTEN = "written"  # at least one write reached the helpdesk
    DRY_RUN = "dry-run"  # decided, nothing written on purpose
    DROPPED_LOOP = "dropped:loop"  # the event was caused by carelayer's own write
    SKIPPED = "skipped"  # decided, nothing left to write (already written by an earlier delivery)


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """What carelayer did about one event; ids, the decision and the kinds of writes, never ticket text."""

    helpdesk: str
    ticket_id: str
    event_id: str
    at: datetime
    decision: Mapping[str, Any] | None
    writes: tuple[str, ...]
    outcome: Outcome


class StateStore:
    """The write ledger, activity log and sync cursors in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = SqliteFile(path, _SCHEMA)

    # -- write ledger ---------------------------------------------------------------------------

    def ledger_has(self, key: str) -> bool:
        with self._file.transaction(write=False) as db:
            return db.execute("SELECT 1 FROM ledger WHERE key = ?", (key,)).fetchone() is not None

    def ledger_record(self, key: str, detail: str, *, at: datetime | None = None) -> bool:
        """Record that the write ``key`` happened; True when it was new (a second record is ignored)."""
        moment = (at or datetime.now(UTC)).isoformat()
        with self._file.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO ledger (key, detail, recorded_at) VALUES (?, ?, ?)", (key, detail, moment)
            )
            return cursor.rowcount == 1

    # -- activity log ---------------------------------------------------------------------------

    def record_activity(self, record: ActivityRecord) -> None:
        decision = None if record.decision is None else json.dumps(dict(record.decision), sort_keys=True)
        with self._file.transaction() as db:
            db.execute(
                "INSERT INTO activity (helpdesk, ticket_id, event_id, at, decision, writes, outcome) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record.helpdesk,
                    record.ticket_id,
                    record.event_id,
                    _utc(record.at).isoformat(),
                    decision,
                    json.dumps(list(record.writes)),
                    record.outcome.value,
                ),
            )

    def recent_activity(self, limit: int = 50) -> list[ActivityRecord]:
        """The newest ``limit`` records, newest first."""
        with self._file.transaction(write=False) as db:
            rows = db.execute(
                "SELECT helpdesk, ticket_id, event_id, at, decision, writes, outcome FROM activity "
                "ORDER BY id DESC LIMIT ?",
                (max(0, limit),),
            ).fetchall()
        return [
            ActivityRecord(
                helpdesk=helpdesk,
                ticket_id=ticket_id,
                event_id=event_id,
                at=datetime.fromisoformat(at),
                decision=None if decision is None else json.loads(decision),
                writes=tuple(json.loads(writes)),
                outcome=Outcome(outcome),
            )
            for helpdesk, ticket_id, event_id, at, decision, writes, outcome in rows
        ]

    # -- sync cursors ---------------------------------------------------------------------------

    def get_cursor(self, name: str) -> str | None:
        with self._file.transaction(write=False) as db:
            row = db.execute("SELECT value FROM cursors WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_cursor(self, name: str, value: str, *, at: datetime | None = None) -> None:
        moment = (at or datetime.now(UTC)).isoformat()
        with self._file.transaction() as db:
            db.execute(
                "INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (name, value, moment),
            )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
