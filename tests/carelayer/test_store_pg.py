"""The PostgreSQL state store on a real server: the SQLite store's behaviour, a ledger safe under
concurrent writers, encryption at rest, the append-only audit chain, retention, and a restart."""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier

import psycopg
import pytest
from cryptography.fernet import Fernet

from carelayer.crypto import Sealer
from carelayer.errors import StoreError
from carelayer.store import ActivityRecord, Outcome
from carelayer.store_pg import PostgresStateStore, migrate
from tests.servers import PG_PASSWORD, PostgresServer

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
_runs = itertools.count()


def _store(server: PostgresServer, sealer: Sealer | None = None) -> PostgresStateStore:
    return PostgresStateStore(server.url, password=PG_PASSWORD, sealer=sealer)


def _raw(server: PostgresServer, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(server.url, password=PG_PASSWORD, autocommit=True) as db:
        return db.execute(sql).fetchall()


def test_migrations_run_once_and_the_store_round_trips(postgres: PostgresServer) -> None:
    store = _store(postgres)
    assert migrate(store) == []  # already applied by the constructor
    assert _raw(postgres, "SELECT version FROM schema_migrations ORDER BY version") == [(1,), (2,), (3,)]
    run = next(_runs)
    key = f"zendesk:42:ev-{run}:note"
    assert not store.ledger_has(key)
    assert store.ledger_record(key, "note written")
    assert not store.ledger_record(key, "again")
    assert store.ledger_has(key)
    store.set_cursor(f"c{run}", "1")
    store.set_cursor(f"c{run}", "2")
    assert store.get_cursor(f"c{run}") == "2" and store.get_cursor("missing") is None


def test_activity_filters_like_the_sqlite_store(postgres: PostgresServer) -> None:
    store = _store(postgres)
    ticket = f"act-{next(_runs)}"
    note = {"ticket_id": ticket, "category": "billing", "action": "note", "draft": "Parking is free."}
    first = ActivityRecord("zendesk", ticket, "ev-1", AT, note, ("note", "tags"), Outcome.WRITTEN)
    second = ActivityRecord("zendesk", ticket, "ev-2", AT + timedelta(hours=1), None, (), Outcome.DROPPED_LOOP)
    store.record_activity(first)
    store.record_activity(second)
    assert store.activity_page(ticket_id=ticket) == ([second, first], 2)
    assert store.activity_page(ticket_id=ticket, category="billing") == ([first], 1)
    assert store.activity_page(ticket_id=ticket, action="reply") == ([], 0)
    assert store.activity_page(ticket_id=ticket, since=AT + timedelta(minutes=1)) == ([second], 1)
    assert store.activity_page(ticket_id=ticket, until=AT + timedelta(minutes=1)) == ([first], 1)


def test_decisions_are_encrypted_at_rest_and_keys_rotate(postgres: PostgresServer) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    ticket = f"enc-{next(_runs)}"
    decision = {"ticket_id": ticket, "category": "billing", "action": "note", "draft": "Your balance of $40 is due."}
    _store(postgres, Sealer([old_key])).record_activity(
        ActivityRecord("zendesk", ticket, "ev-1", AT, decision, ("note",), Outcome.WRITTEN)
    )
    ((stored,),) = _raw(postgres, f"SELECT decision FROM activity WHERE ticket_id = '{ticket}'")
    assert isinstance(stored, str) and stored.startswith("fernet:") and "balance" not in stored
    with pytest.raises(StoreError, match="cannot be decrypted"):
        _store(postgres, Sealer([new_key])).activity_page(ticket_id=ticket)

    rotated = _store(postgres, Sealer([new_key, old_key]))
    assert rotated.rotate_keys() >= 1
    (record,), _ = _store(postgres, Sealer([new_key])).activity_page(ticket_id=ticket)  # old key gone
    assert record.decision is not None and record.decision["draft"] == "Your balance of $40 is due."


def test_the_ledger_has_one_winner_among_concurrent_threads(postgres: PostgresServer) -> None:
    store = _store(postgres)
    key = f"race-{next(_runs)}"
    start, wins = threading.Barrier(8), []

    def write() -> None:
        start.wait()
        wins.append(store.ledger_record(key, "written"))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]


def _record_many(url: str, prefix: str, start: Barrier, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = PostgresStateStore(url, password=PG_PASSWORD)
    start.wait()
    out.put(sum(store.ledger_record(f"{prefix}:{n}", "w") for n in range(100)))


def test_the_ledger_has_one_winner_per_key_among_processes(postgres: PostgresServer) -> None:
    prefix = f"procs-{next(_runs)}"
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(3), context.Queue()
    processes = [context.Process(target=_record_many, args=(postgres.url, prefix, start, out)) for _ in range(3)]
    for process in processes:
        process.start()
    firsts = [out.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert sum(firsts) == 100


def test_the_audit_log_is_append_only_and_its_chain_catches_tampering(postgres: PostgresServer) -> None:
    store = _store(postgres)
    assert store.verify_audit() is None
    store.audit_append(at=AT, actor="admin", action="set category", target="billing", old=None, new={"mode": "auto"})
    store.audit_append(at=AT, actor="admin", action="sign-in", target="admin", old=None, new=None)
    newest = store.audit_entries(limit=1)[0]
    assert (newest.action, newest.actor) == ("sign-in", "admin")
    with pytest.raises(psycopg.Error, match="append-only"):
        _raw(postgres, "UPDATE audit SET actor = 'mallory'")
    with pytest.raises(psycopg.Error, match="append-only"):
        _raw(postgres, "DELETE FROM audit")
    assert store.verify_audit() is None
    # Someone with the rights to drop the trigger edits an entry: the chain names it.
    with psycopg.connect(postgres.url, password=PG_PASSWORD, autocommit=True) as db:
        db.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update")
        db.execute("UPDATE audit SET new = '{\"mode\": \"off\"}' WHERE action = 'set category'")
        db.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update")
    tampered = _raw(postgres, "SELECT min(id) FROM audit WHERE action = 'set category'")[0][0]
    assert store.verify_audit() == tampered


def test_purge_deletes_only_what_is_older_than_the_cut(postgres: PostgresServer) -> None:
    store = _store(postgres)
    ticket = f"purge-{next(_runs)}"
    old = datetime(2001, 1, 1, tzinfo=UTC)
    store.record_activity(ActivityRecord("h", ticket, "old", old, None, (), Outcome.SKIPPED))
    store.record_activity(ActivityRecord("h", ticket, "new", AT, None, (), Outcome.SKIPPED))
    store.ledger_record(f"{ticket}:old", "w", at=old)
    store.ledger_record(f"{ticket}:new", "w", at=AT)
    counts = store.purge(datetime(2002, 1, 1, tzinfo=UTC))
    assert counts["activity"] >= 1 and counts["ledger"] >= 1
    assert [r.event_id for r in store.activity_page(ticket_id=ticket)[0]] == ["new"]
    assert store.ledger_has(f"{ticket}:new") and not store.ledger_has(f"{ticket}:old")


def test_a_server_restart_fails_one_call_then_the_store_reconnects(postgres: PostgresServer) -> None:
    store = _store(postgres)
    key = f"restart-{next(_runs)}"
    assert store.ledger_record(key, "before")
    postgres.restart()
    outcomes: list[bool | None] = []
    for _ in range(2):  # the first call may meet the dead connection; it must say so and recover
        try:
            outcomes.append(store.ledger_has(key))
        except StoreError:
            outcomes.append(None)
    assert outcomes[-1] is True
    assert not store.ledger_record(key, "after")


def test_every_decision_is_hash_chained_and_an_edit_is_named(postgres: PostgresServer) -> None:
    name = f"chain{next(_runs)}"  # a database of its own: the chain spans every row, whatever its key
    with psycopg.connect(postgres.url, password=PG_PASSWORD, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    url = postgres.url.rsplit("/", 1)[0] + f"/{name}"
    store = PostgresStateStore(url, password=PG_PASSWORD, sealer=Sealer([Fernet.generate_key().decode()]))
    ticket = f"chain-{next(_runs)}"
    for event in ("ev-1", "ev-2", "ev-3"):
        decision = {"ticket_id": ticket, "category": "billing", "action": "note", "confidence": 0.91}
        store.record_activity(ActivityRecord("zendesk", ticket, event, AT, decision, ("note",), Outcome.WRITTEN))
    assert store.verify_activity() is None
    assert store.rotate_keys() >= 3 and store.verify_activity() is None  # re-sealing changes no link
    with psycopg.connect(url, password=PG_PASSWORD, autocommit=True) as db:
        db.execute("UPDATE activity SET outcome = 'skipped' WHERE event_id = 'ev-2'")
        edited = db.execute("SELECT id FROM activity WHERE event_id = 'ev-2'").fetchone()
    assert edited is not None and store.verify_activity() == edited[0]
