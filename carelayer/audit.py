"""The append-only audit log of admin changes: who changed what, when, from which value to which.

Each entry is hash-chained to the one before it (``hash = sha256(previous hash + the entry's canonical
JSON)``), and SQLite triggers refuse UPDATE and DELETE on the table. The triggers stop mistakes; the
chain catches what bypasses them (a hand-edited file): ``verify`` recomputes the chain and names the
first entry that does not match. Entries hold setting values, never ticket text.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from carelayer.sqlite import SqliteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
)
"""
# The newest link, written with every entry: removing entries from the end breaks the match.
HEAD_SCHEMA = "CREATE TABLE IF NOT EXISTS audit_head (one INTEGER PRIMARY KEY CHECK (one = 1), id INTEGER, hash TEXT)"
# One statement each (their bodies contain semicolons, so they cannot go through a split schema).
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)
GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change: ``old`` and ``new`` are JSON-compatible values (``None`` when there was none)."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    old: Any
    new: Any
    hash: str


def entry_hash(previous: str, *, at: str, actor: str, action: str, target: str, old: str, new: str) -> str:
    """The chain link: the same fields and previous hash always give the same digest."""
    canonical = json.dumps([previous, at, actor, action, target, old, new], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def install(file: SqliteFile) -> None:
    """Create the audit table and its append-only triggers in ``file`` (idempotent)."""
    with file.transaction() as db:
        db.execute(SCHEMA)
        db.execute(HEAD_SCHEMA)
        for trigger in TRIGGERS:
            db.execute(trigger)


def append(db: sqlite3.Connection, *, at: datetime, actor: str, action: str, target: str, old: Any, new: Any) -> str:
    """Append one entry inside the caller's write transaction (so it commits with the change it records)."""
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    previous = GENESIS if row is None else str(row[0])
    fields = {
        "at": at.isoformat(),
        "actor": actor,
        "action": action,
        "target": target,
        "old": _json(old),
        "new": _json(new),
    }
    digest = entry_hash(previous, **fields)
    db.execute(
        "INSERT INTO audit (at, actor, action, target, old, new, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*fields.values(), previous, digest),
    )
    db.execute(
        "INSERT INTO audit_head (one, id, hash) VALUES (1, last_insert_rowid(), ?) "
        "ON CONFLICT (one) DO UPDATE SET id = excluded.id, hash = excluded.hash",
        (digest,),
    )
    return digest


def entries(file: SqliteFile, *, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """Newest first."""
    with file.transaction(write=False) as db:
        rows = db.execute(
            "SELECT id, at, actor, action, target, old, new, hash FROM audit ORDER BY id DESC LIMIT ? OFFSET ?",
            (max(0, limit), max(0, offset)),
        ).fetchall()
    return [
        AuditEntry(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4], json.loads(row[5]),
                   json.loads(row[6]), row[7])
        for row in rows
    ]  # fmt: skip


def verify(file: SqliteFile) -> int | None:
    """The id of the first entry whose link or content does not match the chain (or, when entries were
    cut from the end, the id after the last one left); ``None`` when intact.

    Whoever can rewrite the file can also recompute every hash: anchor ``audit_head.hash`` elsewhere
    (a log line, a ticket) when that matters.
    """
    previous, last = GENESIS, 0
    with file.transaction(write=False) as db:
        rows = db.execute("SELECT id, at, actor, action, target, old, new, prev_hash, hash FROM audit ORDER BY id")
        for entry_id, at, actor, action, target, old, new, prev_hash, digest in rows:
            expected = entry_hash(previous, at=at, actor=actor, action=action, target=target, old=old, new=new)
            if prev_hash != previous or digest != expected:
                return int(entry_id)
            previous, last = digest, int(entry_id)
        head = db.execute("SELECT id, hash FROM audit_head").fetchone()
    if (head is None and last) or (head is not None and (int(head[0]), head[1]) != (last, previous)):
        return last + 1  # entries after ``last`` were removed (the head names a newer one)
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
