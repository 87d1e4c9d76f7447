"""The state store on PostgreSQL: the same interface and guarantees as the SQLite ``StateStore``.

Why psycopg 3 and numbered SQL migrations rather than SQLAlchemy Core + Alembic: the schema is four
tables, the SQL is plain (``ON CONFLICT``, one trigger), and the embedded SQLite store already
exists with its own schema; an ORM toolkit and a migration framework would add two large
dependencies to express what ``carelayer/migrations/postgresql.py`` says in 30 lines. psycopg is the
PostgreSQL project's recommended driver (https://www.psycopg.org/psycopg3/docs/).

The write ledger is safe under concurrent workers by its primary key: ``INSERT ... ON CONFLICT DO
NOTHING`` reports whether this caller was first, never a read-then-write race. Each thread keeps one
connection; a connection broken by a server restart is dropped and the call fails with
``StoreError`` (the worker retries its job), and the next call reconnects. The decision column (the
draft and reasons) is sealed with ``carelayer.crypto.Sealer`` when keys are set; category and action
stay in clear columns so the console can filter without decrypting.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from carelayer import audit
from carelayer.crypto import Sealer
from carelayer.errors import StoreError
from carelayer.migrations.postgresql import MIGRATIONS
from carelayer.store import GENESIS, ActivityRecord, Outcome, StateStore, activity_link, first_broken_link

_MIGRATION_LOCK = 0x6361726C  # pg_advisory_xact_lock key: "carl"
AUDIT_LOCK = 0x61756474  # serialises appends, so the hash chain has one order
_ACTIVITY_LOCK = 0x61637476
_COLUMNS = "helpdesk, ticket_id, event_id, at, decision, writes, outcome"


class PostgresStateStore(StateStore):
    """Ledger, activity log, cursors and the hash-chained audit log in one PostgreSQL database."""

    def __init__(self, url: str, *, password: str | None = None, sealer: Sealer | None = None) -> None:
        self.url = url
        self._password = password
        self._sealer = sealer or Sealer()
        self._local = threading.local()
        migrate(self)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """This thread's connection inside one transaction; committed on success, else rolled back."""
        connection = self._connection()
        try:
            with connection.transaction():
                yield connection
        except psycopg.Error as error:
            if connection.broken or connection.closed:
                self._local.connection = None  # reconnect on the next call (e.g. after a restart)
            raise StoreError(f"postgresql state store: {type(error).__name__}") from error

    def _connection(self) -> psycopg.Connection[Any]:
        cached = getattr(self._local, "connection", None)
        if cached is not None and self._local.pid == os.getpid() and not cached.closed:
            return cached  # type: ignore[no-any-return]
        try:
            connection = psycopg.connect(self.url, password=self._password, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise StoreError(f"postgresql state store: cannot connect ({type(error).__name__})") from error
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    # -- write ledger ---------------------------------------------------------------------------

    def ledger_has(self, key: str) -> bool:
        with self.transaction() as db:
            return db.execute("SELECT 1 FROM ledger WHERE key = %s", (key,)).fetchone() is not None

    def ledger_record(self, key: str, detail: str, *, at: datetime | None = None) -> bool:
        """Record that the write ``key`` happened; True for the one caller that recorded it first."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO ledger (key, detail, recorded_at) VALUES (%s, %s, %s) ON CONFLICT (key) DO NOTHING",
                (key, detail, at or datetime.now(UTC)),
            )
            return cursor.rowcount == 1

    # -- activity log ---------------------------------------------------------------------------

    def record_activity(self, record: ActivityRecord) -> None:
        decision = record.decision
        sealed = None if decision is None else self._sealer.seal(json.dumps(dict(decision), sort_keys=True))
        category = None if decision is None else decision.get("category")
        action = None if decision is None else decision.get("action")
        with self.transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_ACTIVITY_LOCK,))  # one chain order across workers
            row = db.execute("SELECT hash FROM activity WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
            previous = GENESIS if row is None else str(row[0])
            db.execute(
                "INSERT INTO activity (helpdesk, ticket_id, event_id, at, category, action, decision, writes, outcome,"
                " prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    record.helpdesk,
                    record.ticket_id,
                    record.event_id,
                    record.at,
                    category,
                    action,
                    sealed,
                    json.dumps(list(record.writes)),
                    record.outcome.value,
                    previous,
                    activity_link(previous, record),
                ),
            )

    def verify_activity(self) -> int | None:
        """As ``StateStore.verify_activity``: the first row off the hash chain, ``None`` when intact."""
        with self.transaction() as db:
            rows = db.execute(
                f"SELECT id, {_COLUMNS}, prev_hash, hash FROM activity WHERE hash IS NOT NULL ORDER BY id"
            ).fetchall()
        return first_broken_link([(r[0], self._record(r[1:8]), r[8], r[9]) for r in rows])

    def recent_activity(self, limit: int = 50) -> list[ActivityRecord]:
        return self.activity_page(limit=limit)[0]

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
        """As ``StateStore.activity_page``: newest first, ``since`` inclusive, ``until`` exclusive."""
        clauses, args = [], []
        for clause, value in (
            ("ticket_id = %s", ticket_id),
            ("category = %s", category or None),
            ("action = %s", action or None),
            ("at >= %s", since),
            ("at < %s", until),
        ):
            if value is not None:
                clauses.append(clause)
                args.append(value)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        with self.transaction() as db:
            row = db.execute(f"SELECT COUNT(*) FROM activity {where}", args).fetchone()
            total = int(row[0]) if row else 0
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM activity {where} ORDER BY id DESC LIMIT %s OFFSET %s",
                (*args, max(0, limit), max(0, offset)),
            ).fetchall()
        return [self._record(row) for row in rows], total

    def _record(self, row: tuple[Any, ...]) -> ActivityRecord:
        helpdesk, ticket_id, event_id, at, decision, writes, outcome = row
        return ActivityRecord(
            helpdesk=helpdesk,
            ticket_id=ticket_id,
            event_id=event_id,
            at=at.astimezone(UTC),
            decision=None if decision is None else json.loads(self._sealer.open(decision)),
            writes=tuple(writes),
            outcome=Outcome(outcome),
        )

    # -- sync cursors ---------------------------------------------------------------------------

    def get_cursor(self, name: str) -> str | None:
        with self.transaction() as db:
            row = db.execute("SELECT value FROM cursors WHERE name = %s", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_cursor(self, name: str, value: str, *, at: datetime | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO cursors (name, value, updated_at) VALUES (%s, %s, %s) ON CONFLICT (name) "
                "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (name, value, at or datetime.now(UTC)),
            )

    # -- audit log (the chain of carelayer.audit, on PostgreSQL) -----------------------------------

    def audit_append(self, *, at: datetime, actor: str, action: str, target: str, old: Any, new: Any) -> str:
        """Append one hash-chained entry; concurrent appenders are serialised by an advisory lock."""
        with self.transaction() as db:
            return append_audit(db, at=at, actor=actor, action=action, target=target, old=old, new=new)

    def audit_entries(self, *, limit: int = 100, offset: int = 0) -> list[audit.AuditEntry]:
        """Newest first."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT id, at, actor, action, target, old, new, hash FROM audit ORDER BY id DESC LIMIT %s OFFSET %s",
                (max(0, limit), max(0, offset)),
            ).fetchall()
        return [
            audit.AuditEntry(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]),
                             r[7])
            for r in rows
        ]  # fmt: skip

    def verify_audit(self) -> int | None:
        """As ``carelayer.audit.verify``: the id of the first entry that does not match the chain (or, when
        entries were cut from the end, the id after the last one left); ``None`` when intact."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT id, at, actor, action, target, old, new, prev_hash, hash FROM audit ORDER BY id"
            ).fetchall()
            head = db.execute("SELECT id, hash FROM audit_head").fetchone()
        previous, last = audit.GENESIS, 0
        for entry_id, at, actor, action, target, old, new, prev_hash, digest in rows:
            expected = audit.entry_hash(previous, at=at, actor=actor, action=action, target=target, old=old, new=new)
            if prev_hash != previous or digest != expected:
                return int(entry_id)
            previous, last = digest, int(entry_id)
        if (head is None and last) or (head is not None and (int(head[0]), head[1]) != (last, previous)):
            return last + 1  # entries after ``last`` were removed (the head names a newer one)
        return None

    # -- retention and key rotation -----------------------------------------------------------------

    def purge(self, before: datetime) -> dict[str, int]:
        """Delete activity and ledger rows older than ``before``; how many of each. The audit log stays."""
        with self.transaction() as db:
            activity = db.execute("DELETE FROM activity WHERE at < %s", (before,)).rowcount
            ledger = db.execute("DELETE FROM ledger WHERE recorded_at < %s", (before,)).rowcount
        return {"activity": activity, "ledger": ledger}

    def rotate_keys(self, batch: int = 500) -> int:
        """Re-seal every stored decision with the first key; how many rows were rewritten."""
        done, last = 0, 0
        while True:
            with self.transaction() as db:
                rows = db.execute(
                    "SELECT id, decision FROM activity WHERE id > %s AND decision IS NOT NULL ORDER BY id LIMIT %s",
                    (last, batch),
                ).fetchall()
                for row_id, decision in rows:
                    db.execute(
                        "UPDATE activity SET decision = %s WHERE id = %s", (self._sealer.rotate(decision), row_id)
                    )
            done += len(rows)
            if len(rows) < batch:
                return done
            last = rows[-1][0]


def append_audit(
    db: psycopg.Connection[Any], *, at: datetime, actor: str, action: str, target: str, old: Any, new: Any
) -> str:
    """Append one entry of ``carelayer.audit``'s chain inside the caller's transaction (so it commits with
    the change it records), and move ``audit_head`` to it; the advisory lock gives the chain one order."""
    fields = {"at": at.isoformat(), "actor": actor, "action": action, "target": target}
    fields |= {"old": json.dumps(old, ensure_ascii=False, sort_keys=True)}
    fields |= {"new": json.dumps(new, ensure_ascii=False, sort_keys=True)}
    db.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK,))
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    previous = audit.GENESIS if row is None else str(row[0])
    digest = audit.entry_hash(previous, **fields)
    db.execute(
        "WITH added AS (INSERT INTO audit (at, actor, action, target, old, new, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id, hash) "
        "INSERT INTO audit_head (one, id, hash) SELECT 1, id, hash FROM added "
        "ON CONFLICT (one) DO UPDATE SET id = excluded.id, hash = excluded.hash",
        (*fields.values(), previous, digest),
    )
    return digest


def migrate(store: PostgresStateStore) -> list[int]:
    """Apply the migrations the database lacks, in order; the versions applied now."""
    applied: list[int] = []
    with store.transaction() as db:
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {int(row[0]) for row in db.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            db.execute(sql.encode())  # several statements: psycopg sends them as one simple query
            db.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))
            applied.append(version)
    return applied
