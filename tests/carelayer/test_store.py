"""The state store on a real SQLite file: ledger, activity log, cursors, and surviving a reopen."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carelayer.errors import CarelayerError, StoreError
from carelayer.store import ActivityRecord, Outcome, StateStore, ledger_key

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def test_ledger_records_a_key_once(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    key = ledger_key("zendesk", "42", "ev-1", "note")
    assert key == "zendesk:42:ev-1:note"
    assert not store.ledger_has(key)
    assert store.ledger_record(key, "note written")
    assert not store.ledger_record(key, "note written again")
    assert store.ledger_has(key)
    assert not store.ledger_has(ledger_key("zendesk", "42", "ev-1", "tags"))


def test_activity_round_trips_newest_first(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    decision = {"ticket_id": "42", "action": "note", "draft": "Parking is free.", "reasons": ["classified"]}
    first = ActivityRecord("zendesk", "42", "ev-1", AT, decision, ("note", "tags"), Outcome.WRITTEN)
    second = ActivityRecord("zendesk", "42", "ev-2", AT, None, (), Outcome.DROPPED_LOOP)
    store.record_activity(first)
    store.record_activity(second)
    assert store.recent_activity(10) == [second, first]
    assert store.recent_activity(1) == [second]
    assert second.outcome == "dropped:loop"


def test_cursors_and_everything_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "state.sqlite3"
    store = StateStore(path)
    assert store.get_cursor("confluence") is None
    store.set_cursor("confluence", "2025-03-01T09:00")
    store.set_cursor("confluence", "2025-03-01T10:00")
    store.ledger_record("k", "d")
    store.record_activity(ActivityRecord("h", "1", "e", AT, None, (), Outcome.SKIPPED))

    reopened = StateStore(path)
    assert reopened.get_cursor("confluence") == "2025-03-01T10:00"
    assert reopened.ledger_has("k")
    assert [r.outcome for r in reopened.recent_activity(5)] == [Outcome.SKIPPED]


def test_uses_wal_so_readers_never_block_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_unusable_path_is_a_carelayer_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as raised:
        StateStore(blocker / "state.sqlite3")
    assert isinstance(raised.value, CarelayerError)


def test_every_decision_is_hash_chained_and_a_deleted_row_is_named(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path)
    for event in ("ev-1", "ev-2", "ev-3"):
        decision = {"ticket_id": "7", "category": "billing", "action": "note", "confidence": 0.91}
        store.record_activity(ActivityRecord("zendesk", "7", event, AT, decision, ("note",), Outcome.WRITTEN))
    assert store.verify_activity() is None
    store.purge(AT)  # nothing older than AT: nothing removed
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM activity WHERE event_id = 'ev-2'")
    assert store.verify_activity() == 3  # the row after the gap no longer links
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM activity WHERE event_id = 'ev-1'")  # purging from the start is no break...
        db.execute("DELETE FROM activity WHERE event_id = 'ev-3'")
    assert StateStore(path).verify_activity() is None
