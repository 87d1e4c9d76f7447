"""Pending approvals of ``needs_approval`` actions, in the actions' SQLite file (``actions.sqlite3``).

One row per request: a random id (the link in the internal note), the ticket, the action and what it would
run with (the verified Patient id and the action's own data; never message text), the expiry, and once
decided who decided what and when. ``claim`` moves a row from ``pending`` in one conditional UPDATE, so of
two clicks (or two web hosts) exactly one runs the action.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from carelayer.sqlite import SqliteFile

Status = Literal["pending", "running", "approved", "rejected", "failed"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS approvals (
    id TEXT PRIMARY KEY, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL, event_id TEXT NOT NULL,
    action TEXT NOT NULL, category TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, status TEXT NOT NULL, decided_by TEXT, decided_at TEXT, refs TEXT NOT NULL
)
"""
_COLUMNS = "id, helpdesk, ticket_id, event_id, action, category, data, created_at, expires_at, status, decided_by, "
_COLUMNS += "decided_at, refs"


@dataclass(frozen=True, slots=True)
class Approval:
    """An action waiting for (or decided by) an agent; ``data`` holds ``patient_id``, ``key`` and the step's data."""

    id: str
    helpdesk: str
    ticket_id: str
    event_id: str
    action: str
    category: str
    data: dict[str, Any]
    created_at: datetime
    expires_at: datetime
    status: Status = "pending"
    decided_by: str | None = None
    decided_at: datetime | None = None
    refs: tuple[str, ...] = field(default=())

    def expired(self, now: datetime) -> bool:
        return self.status == "pending" and self.expires_at <= now


def new_id() -> str:
    """An unguessable id for the approval link (the page still needs an admin's sign-in)."""
    return secrets.token_urlsafe(16)


class ApprovalStore:
    """Approvals by id; each method is one short transaction."""

    def __init__(self, path: Path) -> None:
        self._file = SqliteFile(path, _SCHEMA)

    def add(self, approval: Approval) -> None:
        a = approval
        with self._file.transaction() as db:
            db.execute(
                f"INSERT OR IGNORE INTO approvals ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.id, a.helpdesk, a.ticket_id, a.event_id, a.action, a.category, json.dumps(a.data),
                 a.created_at.isoformat(), a.expires_at.isoformat(), a.status, None, None, "[]"),
            )  # fmt: skip

    def get(self, approval_id: str) -> Approval | None:
        with self._file.transaction(write=False) as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM approvals WHERE id = ?", (approval_id,)).fetchone()
        return None if row is None else _approval(row)

    def claim(self, approval_id: str, *, status: Status, actor: str, at: datetime) -> bool:
        """Move a pending, unexpired approval to ``status`` (``running`` or ``rejected``); False when another
        click already decided it or it expired."""
        with self._file.transaction() as db:
            cursor = db.execute(
                "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ? "
                "WHERE id = ? AND status = 'pending' AND expires_at > ?",
                (status, actor, at.isoformat(), approval_id, at.isoformat()),
            )
            return cursor.rowcount == 1

    def finish(self, approval_id: str, *, status: Status, refs: tuple[str, ...] = ()) -> None:
        """Record how a running approval ended (``approved`` with the FHIR references, or ``failed``)."""
        with self._file.transaction() as db:
            db.execute(
                "UPDATE approvals SET status = ?, refs = ? WHERE id = ?", (status, json.dumps(list(refs)), approval_id)
            )


def _approval(row: tuple[Any, ...]) -> Approval:
    ident, helpdesk, ticket, event, action, category, data, created, expires, status, by, at, refs = row
    return Approval(
        id=ident,
        helpdesk=helpdesk,
        ticket_id=ticket,
        event_id=event,
        action=action,
        category=category,
        data=json.loads(data),
        created_at=datetime.fromisoformat(created),
        expires_at=datetime.fromisoformat(expires),
        status=status,
        decided_by=by,
        decided_at=None if at is None else datetime.fromisoformat(at),
        refs=tuple(json.loads(refs)),
    )
