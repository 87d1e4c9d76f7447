"""The state store (SQLite by default): the write ledger, the activity log and sync cursors.

Every method is one short transaction on a fresh connection, so a ``StateStore`` may be shared by
threads and the same file by several processes (WAL, a busy timeout, ``BEGIN IMMEDIATE`` writes).
Nothing here stores raw ticket text: the activity log keeps ids, the decision (whose draft carelayer
composed from approved knowledge, and whose reasons are redacted) and what was written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from carelayer.crypto import PREFIX, Sealer
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


_COLUMNS = "helpdesk, ticket_id, event_id, at, decision, writes, outcome"
GENESIS = "0" * 64


def activity_link(previous: str, record: ActivityRecord) -> str:
    """The activity chain's link: sha256 of the previous link and the whole record (the decision as
    canonical JSON, before encryption), so the same record after the same link always hashes alike."""
    decision = None if record.decision is None else dict(record.decision)
    fields: list[Any] = [previous, record.helpdesk, record.ticket_id, record.event_id, _utc(record.at).isoformat()]
    fields += [decision, list(record.writes), record.outcome.value]
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def first_broken_link(rows: list[tuple[int, ActivityRecord, str, str]]) -> int | None:
    """Walks ``(id, record, prev_hash, hash)`` in id order; the first id whose link does not hold."""
    previous = rows[0][2] if rows else GENESIS  # the oldest kept row anchors the chain (older ones purged)
    for row_id, record, prev_hash, digest in rows:
        if prev_hash != previous or digest != activity_link(previous, record):
            return row_id
        previous = digest
    return None


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

    def __init__(self, path: Path, *, sealer: Sealer | None = None) -> None:
        self.path = path
        self._file = SqliteFile(path, _SCHEMA)
        self._sealer = sealer or Sealer()  # encrypts stored decisions when keys are configured
        with self._file.transaction() as db:  # category and action in clear, so filters need no key
            present = {row[1] for row in db.execute("PRAGMA table_info(activity)")}
            for column in ("category", "action", "prev_hash", "hash"):
                if column not in present:
                    db.execute(f"ALTER TABLE activity ADD COLUMN {column} TEXT")

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
        """Append ``record``; its decision is sealed when encryption keys are configured."""
        plain = None if record.decision is None else json.dumps(dict(record.decision), sort_keys=True)
        decision = None if plain is None else self._sealer.seal(plain)
        category = None if record.decision is None else record.decision.get("category")
        action = None if record.decision is None else record.decision.get("action")
        with self._file.transaction() as db:  # BEGIN IMMEDIATE: one writer at a time, so one chain order
            row = db.execute("SELECT hash FROM activity WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
            previous = GENESIS if row is None else str(row[0])
            db.execute(
                "INSERT INTO activity (helpdesk, ticket_id, event_id, at, decision, writes, outcome, category, action,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.helpdesk,
                    record.ticket_id,
                    record.event_id,
                    _utc(record.at).isoformat(),
                    decision,
                    json.dumps(list(record.writes)),
                    record.outcome.value,
                    category,
                    action,
                    previous,
                    activity_link(previous, record),
                ),
            )

    def verify_activity(self) -> int | None:
        """The id of the first activity row that does not match the hash chain (edited, inserted or a
        row deleted in the middle); ``None`` when intact. Rows purged from the start are not a break."""
        with self._file.transaction(write=False) as db:
            rows = db.execute(
                f"SELECT id, {_COLUMNS}, prev_hash, hash FROM activity WHERE hash IS NOT NULL ORDER BY id"
            ).fetchall()
        return first_broken_link([(r[0], _activity_record(r[1:8], self._sealer), r[8], r[9]) for r in rows])

    def recent_activity(self, limit: int = 50) -> list[ActivityRecord]:
        """The newest ``limit`` records, newest first."""
        with self._file.transaction(write=False) as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM activity ORDER BY id DESC LIMIT ?",
                (max(0, limit),),
            ).fetchall()
        return [_activity_record(row, self._sealer) for row in rows]

    def activity_page(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        category: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        ticket_id: str | None = None,
    ) -> tuple[list[ActivityRecord], int]:
        """Records matching every given filter, newest first (``limit`` from ``offset``), and how many match.

        ``since`` is inclusive and ``until`` exclusive; category and action are the decision's.
        """
        where, args = _activity_filters(category=category, action=action, since=since, until=until, ticket_id=ticket_id)
        with self._file.transaction(write=False) as db:
            total = int(db.execute(f"SELECT COUNT(*) FROM activity {where}", args).fetchone()[0])
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM activity {where} ORDER BY id DESC LIMIT ? OFFSET ?",
                (*args, max(0, limit), max(0, offset)),
            ).fetchall()
        return [_activity_record(row, self._sealer) for row in rows], total

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

    # -- retention --------------------------------------------------------------------------------

    def purge(self, before: datetime) -> dict[str, int]:
        """Delete activity and ledger rows older than ``before``; how many of each (UTC ISO text sorts
        in time order). A ledger entry older than the retention no longer blocks a redelivery of its
        event, so keep the retention longer than any helpdesk retries (days, not hours)."""
        cut = _utc(before).isoformat()
        with self._file.transaction() as db:
            activity = db.execute("DELETE FROM activity WHERE at < ?", (cut,)).rowcount
            ledger = db.execute("DELETE FROM ledger WHERE recorded_at < ?", (cut,)).rowcount
        return {"activity": int(activity), "ledger": int(ledger)}

    def rotate_keys(self, batch: int = 500) -> int:
        """Re-seal every stored decision with the first key (plaintext ones get sealed); how many rows."""
        done, last = 0, 0
        while True:
            with self._file.transaction() as db:
                rows = db.execute(
                    "SELECT id, decision FROM activity WHERE id > ? AND decision IS NOT NULL ORDER BY id LIMIT ?",
                    (last, batch),
                ).fetchall()
                for row_id, decision in rows:
                    db.execute("UPDATE activity SET decision = ? WHERE id = ?", (self._sealer.rotate(decision), row_id))
            done += len(rows)
            if len(rows) < batch:
                return done
            last = int(rows[-1][0])


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _activity_record(row: tuple[str, str, str, str, str | None, str, str], sealer: Sealer) -> ActivityRecord:
    helpdesk, ticket_id, event_id, at, decision, writes, outcome = row
    return ActivityRecord(
        helpdesk=helpdesk,
        ticket_id=ticket_id,
        event_id=event_id,
        at=datetime.fromisoformat(at),
        decision=None if decision is None else json.loads(sealer.open(decision)),
        writes=tuple(json.loads(writes)),
        outcome=Outcome(outcome),
    )


def _activity_filters(
    *,
    category: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    ticket_id: str | None,
) -> tuple[str, tuple[str, ...]]:
    clauses, args = [], []
    if ticket_id is not None:
        clauses.append("ticket_id = ?")
        args.append(ticket_id)
    if category:
        clauses.append(f"COALESCE(category, {_legacy('category')}) = ?")
        args.append(category)
    if action:
        clauses.append(f"COALESCE(action, {_legacy('action')}) = ?")
        args.append(action)
    if since is not None:
        clauses.append("at >= ?")
        args.append(_utc(since).isoformat())
    if until is not None:
        clauses.append("at < ?")
        args.append(_utc(until).isoformat())
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


def _legacy(field: str) -> str:
    """The field read from the decision JSON of a row written before the clear columns existed."""
    return f"CASE WHEN decision LIKE '{PREFIX}%' THEN NULL ELSE json_extract(decision, '$.{field}') END"
