"""Choosing backends by configuration, secrets from the environment, encryption keys, and `carelayer purge`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.cli import main
from carelayer.backends import open_job_queue, open_state_store, purge
from carelayer.crypto import Sealer
from carelayer.errors import ConfigError, StoreError
from carelayer.queue import SqliteQueue
from carelayer.queue_redis import RedisQueue
from carelayer.settings import load_settings
from carelayer.store import ActivityRecord, Outcome, StateStore
from carelayer.store_pg import PostgresStateStore
from tests.servers import PG_PASSWORD, PostgresServer, RedisServer

OLD = datetime(2001, 1, 1, tzinfo=UTC)


def test_the_default_is_embedded_sqlite_with_no_setup(write_config: Callable[..., Path], tmp_path: Path) -> None:
    settings = load_settings(write_config(), environ={})
    assert isinstance(open_job_queue(settings), SqliteQueue)
    assert type(open_state_store(settings)) is StateStore
    assert (tmp_path / "data" / "queue.sqlite3").exists() and (tmp_path / "data" / "state.sqlite3").exists()


def test_redis_and_postgresql_by_url_with_passwords_from_the_environment(
    write_config: Callable[..., Path], redis: RedisServer, postgres: PostgresServer
) -> None:
    config = write_config(
        {"queue": {"backend": "redis", "url": redis.url, "prefix": "cfg"}, "state": {"url": postgres.url}}
    )
    settings = load_settings(config, environ={"CARELAYER_DATABASE_PASSWORD": PG_PASSWORD})
    queue = open_job_queue(settings)
    assert isinstance(queue, RedisQueue) and queue.enqueue("k", {"a": 1})
    store = open_state_store(settings)
    assert isinstance(store, PostgresStateStore) and store.ledger_record(f"cfg-{datetime.now(UTC)}", "w")
    without_password = load_settings(config, environ={})
    with pytest.raises(StoreError, match="cannot connect"):
        open_state_store(without_password)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"queue": {"backend": "redis"}}, "queue.backend redis needs queue.url"),
        ({"queue": {"backend": "redis", "url": "redis://:hunter2@r:6379/0"}}, "must not hold a password"),
        ({"queue": {"backend": "rabbit"}}, "queue.backend"),
        ({"state": {"url": "mysql://db/x"}}, "state.url must be postgresql://"),
        ({"state": {"url": "postgresql://u:hunter2@db/x"}}, "must not hold a password"),
        ({"state": {"retention_days": 0}}, "retention_days"),
    ],
)
def test_bad_backend_settings_name_the_key(
    write_config: Callable[..., Path], section: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings(write_config(section), environ={})
    assert "hunter2" not in str(caught.value)


def test_sealer_round_trips_reads_plaintext_and_refuses_bad_keys() -> None:
    key = Fernet.generate_key().decode()
    sealer = Sealer.from_secret(f" {key} ,", name="CARELAYER_DATA_KEYS")
    sealed = sealer.seal("Your balance is $40")
    assert sealed.startswith("fernet:") and "balance" not in sealed
    assert sealer.open(sealed) == "Your balance is $40"
    assert sealer.open("written before keys were set") == "written before keys were set"
    assert Sealer().seal("x") == "x" and not Sealer().enabled
    with pytest.raises(StoreError, match="no encryption key"):
        Sealer().open(sealed)
    with pytest.raises(ConfigError, match=r"\$CARELAYER_DATA_KEYS") as caught:
        Sealer.from_secret("not-a-key", name="CARELAYER_DATA_KEYS")
    assert "not-a-key" not in str(caught.value)


def test_purge_applies_the_retention_to_state_and_queue(write_config: Callable[..., Path], tmp_path: Path) -> None:
    settings = load_settings(write_config({"state": {"retention_days": 30}}), environ={})
    store = open_state_store(settings)
    store.record_activity(ActivityRecord("h", "1", "old", OLD, None, (), Outcome.SKIPPED))
    store.record_activity(ActivityRecord("h", "1", "new", datetime.now(UTC), None, (), Outcome.SKIPPED))
    store.ledger_record("old-key", "w", at=OLD)
    store.ledger_record("new-key", "w")
    clock = [OLD.timestamp()]
    queue = SqliteQueue(
        tmp_path / "data" / "queue.sqlite3",
        lease_seconds=60,
        max_attempts=3,
        retry_base_seconds=1,
        retry_max_seconds=5,
        clock=lambda: clock[0],
    )
    queue.enqueue("old-job", {})
    job = queue.lease("w")
    assert job is not None and queue.complete(job.id, "w")
    assert purge(settings) == {"activity": 1, "ledger": 1, "jobs": 1}
    assert [r.event_id for r in store.recent_activity()] == ["new"]
    assert store.ledger_has("new-key") and not store.ledger_has("old-key")
    assert purge(settings, now=datetime.now(UTC) + timedelta(days=31)) == {"activity": 1, "ledger": 1, "jobs": 0}


def test_the_purge_command_needs_a_retention(
    write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config()
    assert main(["--config", str(config), "purge"]) != 0
    assert "state.retention_days" in capsys.readouterr().err
    assert main(["--config", str(config), "purge", "--days", "7"]) == 0
    assert "purged older than 7 days: 0 activity, 0 ledger, 0 jobs" in capsys.readouterr().out


def test_the_embedded_store_encrypts_decisions_and_still_filters(
    write_config: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = write_config()
    plain = StateStore(tmp_path / "data" / "state.sqlite3")  # written before keys were set
    draft = {"ticket_id": "1", "category": "billing", "action": "note", "draft": "Your balance of $40 is due."}
    plain.record_activity(ActivityRecord("h", "1", "before", OLD, draft, ("note",), Outcome.WRITTEN))
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = open_state_store(load_settings(config, environ={"CARELAYER_DATA_KEYS": old_key}))
    sealed.record_activity(ActivityRecord("h", "2", "after", OLD, {**draft, "ticket_id": "2"}, (), Outcome.WRITTEN))
    raw = sqlite3.connect(tmp_path / "data" / "state.sqlite3").execute("SELECT decision FROM activity").fetchall()
    assert "balance" in raw[0][0] and raw[1][0].startswith("fernet:") and "balance" not in raw[1][0]
    records, total = sealed.activity_page(category="billing", action="note")
    assert total == 2 and {r.ticket_id for r in records} == {"1", "2"}
    assert all(r.decision is not None and r.decision["draft"].startswith("Your balance") for r in records)

    monkeypatch.setenv("CARELAYER_DATA_KEYS", f"{new_key},{old_key}")  # the new key first
    assert main(["--config", str(config), "rotate-keys"]) == 0
    assert "re-sealed 2 stored decisions" in capsys.readouterr().out
    only_new = open_state_store(load_settings(config, environ={"CARELAYER_DATA_KEYS": new_key}))
    assert {r.decision["ticket_id"] for r in only_new.recent_activity() if r.decision} == {"1", "2"}
