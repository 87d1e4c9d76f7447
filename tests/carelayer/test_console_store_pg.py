"""The console's store and the draft feedback on a real PostgreSQL (``state.url`` set): what one web host
saves, every other host and worker sees; lock-out counted across hosts; the audit chain shared with
the state store catches an edit and a cut; feedback round-trips. Each test has a database of its own,
so every hash chain starts at the genesis link."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import yaml

from carelayer import audit
from carelayer.console_store import CATEGORY, effective_settings, open_console_store
from carelayer.console_store_pg import PostgresConsoleStore, PostgresFeedbackStore
from carelayer.feedback import Feedback, FeedbackKind, open_feedback_store, recorded_acceptance
from carelayer.migrations.postgresql import MIGRATIONS
from carelayer.settings import Settings, load_settings
from carelayer.store_pg import PostgresStateStore
from tests.clinic_config import write_clinic_config
from tests.servers import PG_PASSWORD, PostgresServer

AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
ENV = {"CARELAYER_DATABASE_PASSWORD": PG_PASSWORD}


@pytest.fixture
def pg_settings(postgres: PostgresServer, tmp_path: Path) -> Settings:
    """The example clinic's settings, with ``state.url`` naming a fresh database on the session's server."""
    path = write_clinic_config(tmp_path)
    data = yaml.safe_load(path.read_text())
    data["state"] = {"url": postgres.new_database("console")}
    path.write_text(yaml.safe_dump(data))
    return load_settings(path, environ=ENV)


def _host(settings: Settings) -> PostgresConsoleStore:
    """One more web host or worker: a store object of its own, with its own connections."""
    store = open_console_store(settings)
    assert isinstance(store, PostgresConsoleStore)
    return store


def _sql(settings: Settings, *statements: str) -> None:
    """Run ``statements`` as the database's owner (a superuser here: it may disable triggers)."""
    assert settings.file.state.url is not None
    with psycopg.connect(settings.file.state.url, password=PG_PASSWORD, autocommit=True) as db:
        for statement in statements:
            db.execute(statement.encode())


def test_an_override_saved_on_one_host_is_seen_with_a_new_revision_by_another(pg_settings: Settings) -> None:
    web, worker = _host(pg_settings), _host(pg_settings)
    assert (web.revision(), worker.revision()) == (0, 0)
    assert web.set_override(CATEGORY, "billing", {"mode": "off"}, actor="admin", at=AT)
    assert worker.revision() == 1
    assert worker.overrides(CATEGORY) == {"billing": {"mode": "off"}}
    billing = {c.name: c for c in effective_settings(pg_settings, worker).categories}["billing"]
    assert billing.mode == "off"
    assert not worker.set_override(CATEGORY, "billing", {"mode": "off"}, actor="admin", at=AT)  # unchanged
    assert web.revision() == 1
    assert worker.set_override(CATEGORY, "billing", {"mode": "draft"}, actor="lead", at=AT)
    assert web.revision() == 2 and web.overrides(CATEGORY)["billing"] == {"mode": "draft"}
    newest = web.audit_entries(limit=1)[0]
    assert (newest.actor, newest.action, newest.old, newest.new) == ("lead", "set category", {"mode": "off"},
                                                                    {"mode": "draft"})  # fmt: skip
    assert not (pg_settings.data_dir / "state.sqlite3").exists()  # nothing went to the SQLite file


def test_lockout_is_counted_across_hosts(pg_settings: Settings) -> None:
    first, second = _host(pg_settings), _host(pg_settings)
    lock_for = timedelta(minutes=10)
    assert first.record_failure("admin", now=AT, max_failures=3, lock_for=lock_for).failures == 1
    assert second.record_failure("admin", now=AT, max_failures=3, lock_for=lock_for).failures == 2
    locked = first.record_failure("admin", now=AT, max_failures=3, lock_for=lock_for)
    assert locked.locked_until == AT + lock_for
    assert second.lockout("admin").locked(AT + timedelta(minutes=9))
    assert not second.lockout("admin").locked(AT + lock_for)
    second.clear_failures("admin")
    assert first.lockout("admin").failures == 0 and first.lockout("admin").locked_until is None


def test_concurrent_failures_from_many_hosts_are_all_counted(pg_settings: Settings) -> None:
    hosts = [_host(pg_settings) for _ in range(6)]
    start = threading.Barrier(len(hosts))

    def fail(store: PostgresConsoleStore) -> None:
        start.wait()
        for _ in range(5):
            store.record_failure("admin", now=AT, max_failures=1000, lock_for=timedelta(minutes=1))

    threads = [threading.Thread(target=fail, args=(store,)) for store in hosts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert hosts[0].lockout("admin").failures == 30  # no lost update between hosts


def test_the_password_hash_is_stored_once_across_hosts(pg_settings: Settings) -> None:
    first, second = _host(pg_settings), _host(pg_settings)
    assert first.password_hash() is None
    assert first.set_password_hash_once("hash-1", actor="admin", at=AT)
    assert not second.set_password_hash_once("hash-2", actor="admin", at=AT)
    assert second.password_hash() == "hash-1"
    assert [e.action for e in second.audit_entries()] == ["set password"]


def test_the_audit_chain_names_an_edited_entry_and_a_cut_end(pg_settings: Settings) -> None:
    store = _host(pg_settings)
    store.set_override(CATEGORY, "billing", {"mode": "off"}, actor="admin", at=AT)
    store.record_event("sign in", actor="admin", at=AT)
    store.set_override(CATEGORY, "records", {"mode": "draft"}, actor="admin", at=AT)
    entries = sorted(store.audit_entries(), key=lambda e: e.id)
    assert [e.action for e in entries] == ["set category", "sign in", "set category"]
    assert store.verify_audit() is None
    with pytest.raises(psycopg.Error, match="append-only"):
        _sql(pg_settings, "UPDATE audit SET actor = 'mallory'")
    _sql(
        pg_settings,
        "ALTER TABLE audit DISABLE TRIGGER audit_no_update",
        f"DELETE FROM audit WHERE id = {entries[2].id}",  # the newest entry, cut from the end
        "ALTER TABLE audit ENABLE TRIGGER audit_no_update",
    )
    assert store.verify_audit() == entries[1].id + 1
    _sql(
        pg_settings,
        "ALTER TABLE audit DISABLE TRIGGER audit_no_update",
        f'UPDATE audit SET new = \'{{"mode": "auto"}}\' WHERE id = {entries[0].id}',
        "ALTER TABLE audit ENABLE TRIGGER audit_no_update",
    )
    assert _host(pg_settings).verify_audit() == entries[0].id


def test_feedback_round_trips_and_is_audited(pg_settings: Settings) -> None:
    store = open_feedback_store(pg_settings)
    assert isinstance(store, PostgresFeedbackStore)
    assert store.latest("zendesk", "7") is None and recorded_acceptance(pg_settings) == ()
    store.record(Feedback("zendesk", "7", "billing", FeedbackKind.INSERTED, "agent-1", AT))
    store.record(Feedback("zendesk", "7", "billing", FeedbackKind.EDITED, "agent-1", AT + timedelta(minutes=1)))
    store.record(Feedback("zendesk", "8", "records", FeedbackKind.NOT_HELPFUL, "agent-2", AT - timedelta(days=2)))
    other = open_feedback_store(pg_settings)
    assert other.latest("zendesk", "7") == Feedback(
        "zendesk", "7", "billing", FeedbackKind.EDITED, "agent-1", AT + timedelta(minutes=1)
    )
    assert [(a.category, a.inserted, a.edited, a.not_helpful) for a in recorded_acceptance(pg_settings)] == [
        ("billing", 0, 1, 0),
        ("records", 0, 0, 1),
    ]  # ticket 7 counts once, by its latest report
    assert [a.category for a in other.acceptance(since=AT - timedelta(days=1))] == ["billing"]
    console = _host(pg_settings)
    assert [e.target for e in console.audit_entries() if e.action == "agent feedback"] == ["zendesk:8"] + [
        "zendesk:7"
    ] * 2
    assert console.verify_audit() is None
    assert not (pg_settings.data_dir / "state.sqlite3").exists()


def test_migration_3_seeds_the_audit_head_from_entries_already_there(postgres: PostgresServer) -> None:
    url = postgres.new_database("upgrade")
    previous = audit.GENESIS
    with psycopg.connect(url, password=PG_PASSWORD, autocommit=True) as db:  # a database at migration 2
        db.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        for version, name, statements in MIGRATIONS[:2]:
            db.execute(statements.encode())
            db.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))
        for action in ("sign in", "sign out"):
            fields = {"at": AT.isoformat(), "actor": "admin", "action": action, "target": "", "old": "null"}
            fields["new"] = "null"
            digest = audit.entry_hash(previous, **fields)
            db.execute(
                "INSERT INTO audit (at, actor, action, target, old, new, prev_hash, hash) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (*fields.values(), previous, digest),
            )
            previous = digest
    store = PostgresStateStore(url, password=PG_PASSWORD)  # migrates to 3
    assert store.verify_audit() is None
    store.audit_append(at=AT, actor="admin", action="sign in", target="", old=None, new=None)
    assert store.verify_audit() is None and len(store.audit_entries()) == 3
