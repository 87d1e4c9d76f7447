"""Conversation state and the audit trail of patient actions, in one SQLite file under ``data_dir``.

One open conversation per ticket at most: the action, its stage, what was offered, who was verified and
when the pending step expires. Each handled event's answer is kept, so a redelivered event gets the same
answer and never runs a step twice. The audit table is append-only (triggers refuse UPDATE and DELETE)
and holds ids and FHIR references, never ticket text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from carelayer.sqlite import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL, action TEXT NOT NULL, category TEXT NOT NULL,
    stage TEXT NOT NULL, data TEXT NOT NULL, attempts INTEGER NOT NULL, expires_at TEXT NOT NULL,
    PRIMARY KEY (helpdesk, ticket_id)
);
CREATE TABLE IF NOT EXISTS answered (
    helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL, event_id TEXT NOT NULL, decision TEXT NOT NULL,
    PRIMARY KEY (helpdesk, ticket_id, event_id)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL,
    event_id TEXT NOT NULL, action TEXT NOT NULL, step TEXT NOT NULL, refs TEXT NOT NULL
)
"""
_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS actions_audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the actions audit is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS actions_audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the actions audit is append-only'); END",
)


@dataclass(frozen=True, slots=True)
class Conversation:
    """An action waiting for the patient: ``stage`` is what the next reply must be; ``data`` what it needs."""

    helpdesk: str
    ticket_id: str
    action: str
    category: str
    stage: str
    expires_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0

    def at(self, stage: str, expires_at: datetime, **data: Any) -> Conversation:
        """The next step: a new stage, a fresh expiry, the data merged, attempts reset."""
        return replace(self, stage=stage, expires_at=expires_at, data={**self.data, **data}, attempts=0)


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    helpdesk: str
    ticket_id: str
    event_id: str
    action: str
    step: str
    refs: tuple[str, ...]


class ActionStore:
    """Conversations, answered events and the audit trail; each method is one short transaction."""

    def __init__(self, path: Path) -> None:
        self._file = SqliteFile(path, _SCHEMA)
        with self._file.transaction() as db:
            for trigger in _TRIGGERS:
                db.execute(trigger)

    def conversation(self, helpdesk: str, ticket_id: str) -> Conversation | None:
        with self._file.transaction(write=False) as db:
            row = db.execute(
                "SELECT action, category, stage, data, attempts, expires_at FROM conversations "
                "WHERE helpdesk = ? AND ticket_id = ?",
                (helpdesk, ticket_id),
            ).fetchone()
        if row is None:
            return None
        action, category, stage, data, attempts, expires = row
        return Conversation(
            helpdesk, ticket_id, action, category, stage, datetime.fromisoformat(expires), json.loads(data), attempts
        )

    def save(self, conversation: Conversation) -> None:
        c = conversation
        with self._file.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO conversations (helpdesk, ticket_id, action, category, stage, data, attempts, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (c.helpdesk, c.ticket_id, c.action, c.category, c.stage, json.dumps(c.data), c.attempts,
                 c.expires_at.isoformat()),
            )  # fmt: skip

    def close(self, helpdesk: str, ticket_id: str) -> None:
        with self._file.transaction() as db:
            db.execute("DELETE FROM conversations WHERE helpdesk = ? AND ticket_id = ?", (helpdesk, ticket_id))

    def expired(self, now: datetime) -> list[Conversation]:
        """Every open conversation whose pending step expired at or before ``now``."""
        with self._file.transaction(write=False) as db:
            keys = db.execute(
                "SELECT helpdesk, ticket_id FROM conversations WHERE expires_at <= ?", (now.isoformat(),)
            ).fetchall()
        found = [self.conversation(str(h), str(t)) for h, t in keys]
        return [c for c in found if c is not None]

    def answer_for(self, helpdesk: str, ticket_id: str, event_id: str) -> dict[str, Any] | None:
        """The decision already given for this event (a redelivery), as ``Decision.to_dict`` stored it."""
        with self._file.transaction(write=False) as db:
            row = db.execute(
                "SELECT decision FROM answered WHERE helpdesk = ? AND ticket_id = ? AND event_id = ?",
                (helpdesk, ticket_id, event_id),
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def remember(self, helpdesk: str, ticket_id: str, event_id: str, decision: dict[str, Any]) -> None:
        with self._file.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO answered (helpdesk, ticket_id, event_id, decision) VALUES (?, ?, ?, ?)",
                (helpdesk, ticket_id, event_id, json.dumps(decision)),
            )

    def audit(self, row: AuditRow) -> None:
        with self._file.transaction() as db:
            db.execute(
                "INSERT INTO audit (at, helpdesk, ticket_id, event_id, action, step, refs) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row.at.isoformat(), row.helpdesk, row.ticket_id, row.event_id, row.action, row.step,
                 json.dumps(list(row.refs))),
            )  # fmt: skip

    def audit_trail(self, helpdesk: str, ticket_id: str) -> list[AuditRow]:
        """Every audited step of a ticket, oldest first."""
        with self._file.transaction(write=False) as db:
            rows = db.execute(
                "SELECT at, event_id, action, step, refs FROM audit WHERE helpdesk = ? AND ticket_id = ? ORDER BY id",
                (helpdesk, ticket_id),
            ).fetchall()
        return [
            AuditRow(datetime.fromisoformat(at), helpdesk, ticket_id, event, action, step, tuple(json.loads(refs)))
            for at, event, action, step, refs in rows
        ]
