"""The durable job queue between webhooks and workers, in one SQLite file.

Guarantees:
- one job per dedupe key, ever (a UNIQUE constraint): at-least-once deliveries collapse to one job;
- a job is leased by one worker at a time; every claim is one ``BEGIN IMMEDIATE`` transaction, so
  threads and processes never lease the same job while its lease runs;
- a lease that expires (its worker died) makes the job available again, and counts as an attempt, so
  a job that kills its worker every time ends in the dead letters instead of looping forever; a worker
  still busy renews its lease (``renew``, the worker's heartbeat), so a slow job is never taken over;
- failures are retried with capped exponential backoff and jitter, then dead-lettered after
  ``max_attempts``; dead letters can be replayed;
- jobs survive restarts (WAL, synchronous commits).
Stored errors are short (callers pass an exception class name and a status, never ticket text).
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from carelayer.group_commit import GroupCommit
from carelayer.sqlite import SqliteFile

MAX_ERROR_CHARS = 200
STATES = ("pending", "leased", "done", "dead")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    available_at REAL NOT NULL,
    leased_by TEXT,
    lease_expires_at REAL,
    last_error TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, available_at, id);
"""
_JOB_COLUMNS = "id, key, payload, attempts, available_at, last_error"


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of work; ``attempts`` counts leases so far (this one included, once leased)."""

    id: int
    key: str
    payload: Mapping[str, Any]
    attempts: int
    available_at: float
    last_error: str | None = None


class SqliteQueue:
    """A durable, deduplicating job queue with leases, retries and dead letters."""

    def __init__(
        self,
        path: Path,
        *,
        lease_seconds: float,
        max_attempts: int,
        retry_base_seconds: float,
        retry_max_seconds: float,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if lease_seconds <= 0 or max_attempts < 1 or retry_base_seconds <= 0 or retry_max_seconds <= 0:
            raise ValueError("lease_seconds, retry seconds must be > 0 and max_attempts >= 1")
        self.path = path
        self._lease_seconds = lease_seconds
        self._max_attempts = max_attempts
        self._retry_base = retry_base_seconds
        self._retry_max = retry_max_seconds
        self._clock = clock
        self._rng = rng
        self._file = SqliteFile(path, _SCHEMA)
        self._enqueuer: GroupCommit[tuple[str, str], bool] = GroupCommit(self._insert)

    @property
    def max_attempts(self) -> int:
        return self._max_attempts

    @property
    def lease_seconds(self) -> float:
        return self._lease_seconds

    def enqueue(self, key: str, payload: Mapping[str, Any]) -> bool:
        """Add a job; False when a job with ``key`` already exists (pending, leased, done or dead).

        Returns once the job is committed; concurrent callers share one commit (group commit).
        """
        return self._enqueuer.submit((key, json.dumps(dict(payload), sort_keys=True)))

    def _insert(self, batch: Sequence[tuple[str, str]]) -> list[bool]:
        now = self._clock()
        added = []
        with self._file.transaction() as db:
            for key, body in batch:
                cursor = db.execute(
                    "INSERT INTO jobs (key, payload, state, available_at, created_at, updated_at) "
                    "VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                    (key, body, now, now, now),
                )
                added.append(cursor.rowcount == 1)
        return added

    def lease(self, worker_id: str) -> Job | None:
        """Claim the oldest available job for ``lease_seconds``; None when nothing is available.

        Available: pending and due, or leased with an expired lease (its worker died). An expired job
        that already used every attempt goes to the dead letters instead.
        """
        now = self._clock()
        with self._file.transaction() as db:
            db.execute(
                "UPDATE jobs SET state = 'dead', leased_by = NULL, lease_expires_at = NULL, updated_at = ?, "
                "last_error = 'lease expired' WHERE state = 'leased' AND lease_expires_at <= ? AND attempts >= ?",
                (now, now, self._max_attempts),
            )
            row = db.execute(
                f"SELECT {_JOB_COLUMNS} FROM jobs WHERE (state = 'pending' AND available_at <= ?) "
                "OR (state = 'leased' AND lease_expires_at <= ?) ORDER BY id LIMIT 1",
                (now, now),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET state = 'leased', leased_by = ?, lease_expires_at = ?, attempts = attempts + 1, "
                "updated_at = ? WHERE id = ?",
                (worker_id, now + self._lease_seconds, now, row[0]),
            )
        job = _job(row)
        return Job(job.id, job.key, job.payload, job.attempts + 1, job.available_at, job.last_error)

    def renew(self, job_id: int, worker_id: str) -> bool:
        """Extend the lease to ``lease_seconds`` from now; False (and no change) when ``worker_id`` no
        longer holds it (it expired and another worker took the job, or the job ended)."""
        now = self._clock()
        with self._file.transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET lease_expires_at = ?, updated_at = ? "
                "WHERE id = ? AND state = 'leased' AND leased_by = ? AND lease_expires_at > ?",
                (now + self._lease_seconds, now, job_id, worker_id, now),
            )
            return cursor.rowcount == 1

    def complete(self, job_id: int, worker_id: str) -> bool:
        """Mark the job done; False (and no change) when ``worker_id`` no longer holds its lease."""
        with self._file.transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET state = 'done', leased_by = NULL, lease_expires_at = NULL, updated_at = ? "
                "WHERE id = ? AND state = 'leased' AND leased_by = ?",
                (self._clock(), job_id, worker_id),
            )
            return cursor.rowcount == 1

    def fail(self, job_id: int, worker_id: str, error: str, *, permanent: bool = False) -> bool:
        """Retry the job later (backoff with jitter), or dead-letter it when its attempts are used up or
        ``permanent``. False (and no change) when ``worker_id`` no longer holds the lease."""
        now = self._clock()
        short = " ".join(error.split())[:MAX_ERROR_CHARS]
        with self._file.transaction() as db:
            row = db.execute(
                "SELECT attempts FROM jobs WHERE id = ? AND state = 'leased' AND leased_by = ?", (job_id, worker_id)
            ).fetchone()
            if row is None:
                return False
            attempts = int(row[0])
            dead = permanent or attempts >= self._max_attempts
            db.execute(
                "UPDATE jobs SET state = ?, available_at = ?, leased_by = NULL, lease_expires_at = NULL, "
                "last_error = ?, updated_at = ? WHERE id = ?",
                ("dead" if dead else "pending", now if dead else now + self.backoff(attempts), short, now, job_id),
            )
        return True

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failure: base * 2^(attempts-1), capped, then
        "equal jitter" (between half and all of it), so retries spread out but still grow."""
        exponent = min(max(attempts, 1) - 1, 60)
        capped = min(self._retry_max, self._retry_base * 2.0**exponent)
        return capped * (0.5 + 0.5 * self._rng())

    def dead_letters(self) -> list[Job]:
        with self._file.transaction(write=False) as db:
            rows = db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE state = 'dead' ORDER BY id").fetchall()
        return [_job(row) for row in rows]

    def replay(self, job_id: int) -> bool:
        """Send a dead letter back to the queue with fresh attempts; False when it is not a dead letter."""
        now = self._clock()
        with self._file.transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET state = 'pending', attempts = 0, available_at = ?, last_error = NULL, "
                "updated_at = ? WHERE id = ? AND state = 'dead'",
                (now, now, job_id),
            )
            return cursor.rowcount == 1

    def stats(self) -> dict[str, int]:
        """How many jobs are in each state (a leased job whose lease expired still counts as leased)."""
        with self._file.transaction(write=False) as db:
            counts = dict(db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall())
        return {state: int(counts.get(state, 0)) for state in STATES}

    def purge_done(self, before: float) -> int:
        """Forget done jobs last updated before ``before`` (epoch seconds), dedupe keys too; how many."""
        with self._file.transaction() as db:
            return int(db.execute("DELETE FROM jobs WHERE state = 'done' AND updated_at < ?", (before,)).rowcount)


def _job(row: sqlite3.Row | tuple[Any, ...]) -> Job:
    job_id, key, payload, attempts, available_at, last_error = row
    return Job(
        id=int(job_id),
        key=str(key),
        payload=MappingProxyType(json.loads(payload)),
        attempts=int(attempts),
        available_at=float(available_at),
        last_error=last_error,
    )


class JobQueue(Protocol):
    """What webhooks and workers need of a queue: ``SqliteQueue`` and ``queue_redis.RedisQueue``."""

    @property
    def max_attempts(self) -> int: ...
    @property
    def lease_seconds(self) -> float: ...
    def enqueue(self, key: str, payload: Mapping[str, Any]) -> bool: ...
    def lease(self, worker_id: str) -> Job | None: ...
    def renew(self, job_id: int, worker_id: str) -> bool: ...
    def complete(self, job_id: int, worker_id: str) -> bool: ...
    def fail(self, job_id: int, worker_id: str, error: str, *, permanent: bool = False) -> bool: ...
    def dead_letters(self) -> list[Job]: ...
    def replay(self, job_id: int) -> bool: ...
    def stats(self) -> dict[str, int]: ...
    def purge_done(self, before: float) -> int: ...
