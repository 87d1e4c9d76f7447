"""Choosing the queue and state-store backends from settings: embedded SQLite by default, Redis and
PostgreSQL by URL. The same methods and guarantees either way; only configuration changes.

Passwords never sit in a URL in config.yaml: they come from the environment variables the settings
name (``queue.password_env``, ``state.password_env``), and the encryption keys from
``state.encryption_keys_env``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carelayer.crypto import Sealer
from carelayer.queue import JobQueue, SqliteQueue
from carelayer.settings import Settings
from carelayer.store import StateStore


def open_job_queue(settings: Settings) -> JobQueue:
    """The configured queue (``queue.backend``); Redis connects lazily, on first use."""
    queue = settings.file.queue
    lease, attempts = queue.lease_seconds, queue.max_attempts
    base, cap = queue.retry_base_seconds, queue.retry_max_seconds
    if queue.backend == "redis" and queue.url:
        from carelayer.queue_redis import RedisQueue, redis_client  # redis is needed only for this backend

        client = redis_client(queue.url, password=settings.secret(queue.password_env))
        return RedisQueue(
            client,
            prefix=queue.prefix,
            lease_seconds=lease,
            max_attempts=attempts,
            retry_base_seconds=base,
            retry_max_seconds=cap,
        )
    return SqliteQueue(
        settings.data_dir / "queue.sqlite3",
        lease_seconds=lease,
        max_attempts=attempts,
        retry_base_seconds=base,
        retry_max_seconds=cap,
    )


def sealer(settings: Settings) -> Sealer:
    """The at-rest encryption of stored decisions (a no-op when no key is set)."""
    name = settings.file.state.encryption_keys_env
    return Sealer.from_secret(settings.secret(name), name=name)


def open_state_store(settings: Settings) -> StateStore:
    """The configured state store: PostgreSQL when ``state.url`` is set, else ``<data_dir>/state.sqlite3``."""
    state = settings.file.state
    if state.url:
        from carelayer.store_pg import PostgresStateStore  # psycopg is needed only for this backend

        return PostgresStateStore(state.url, password=settings.secret(state.password_env), sealer=sealer(settings))
    return StateStore(settings.data_dir / "state.sqlite3", sealer=sealer(settings))


def purge(settings: Settings, *, now: datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Apply the retention (``state.retention_days``, or ``days``): activity, ledger entries and done
    jobs older than that are deleted; the audit log is kept. What was deleted, by kind."""
    keep = days or settings.file.state.retention_days
    if keep is None:
        return {}
    cut = (now or datetime.now(UTC)) - timedelta(days=keep)
    counts = open_state_store(settings).purge(cut)
    counts["jobs"] = open_job_queue(settings).purge_done(cut.timestamp())
    return counts
