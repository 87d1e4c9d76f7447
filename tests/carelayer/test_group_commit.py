from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from carelayer.group_commit import GroupCommit
from carelayer.queue import SqliteQueue


class RecordingWriter:
    """Writes batches to a list; blocks the first batch until released, so others pile up behind it."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = threading.Event()
        self.first_started = threading.Event()

    def __call__(self, batch: Sequence[int]) -> list[int]:
        if not self.batches:
            self.first_started.set()
            self.release.wait(10)
        self.batches.append(list(batch))
        return [item * 10 for item in batch]


def test_callers_arriving_during_a_write_share_the_next_one() -> None:
    writer = RecordingWriter()
    commit: GroupCommit[int, int] = GroupCommit(writer)
    results: dict[int, int] = {}
    first = threading.Thread(target=lambda: results.__setitem__(0, commit.submit(0)))
    first.start()
    assert writer.first_started.wait(10)
    others = [threading.Thread(target=lambda i=i: results.__setitem__(i, commit.submit(i))) for i in range(1, 6)]
    for thread in others:
        thread.start()
    while len(commit._pending) < 5:  # all five are waiting behind the first write
        threading.Event().wait(0.001)
    writer.release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert results == {i: i * 10 for i in range(6)}
    assert writer.batches[0] == [0] and sorted(writer.batches[1]) == [1, 2, 3, 4, 5]


def test_a_failed_write_fails_every_caller_of_its_batch() -> None:
    def broken(batch: Sequence[int]) -> list[int]:
        raise OSError("disk full")

    commit: GroupCommit[int, int] = GroupCommit(broken)
    with pytest.raises(OSError, match="disk full"):
        commit.submit(1)


def test_concurrent_enqueues_keep_dedupe(tmp_path: Path) -> None:
    queue = SqliteQueue(
        tmp_path / "q.sqlite3", lease_seconds=30, max_attempts=3, retry_base_seconds=1, retry_max_seconds=10
    )
    outcomes: list[bool] = []
    lock = threading.Lock()

    def deliver(key: str) -> None:
        added = queue.enqueue(key, {"n": key})
        with lock:
            outcomes.append(added)

    threads = [threading.Thread(target=deliver, args=(f"k{i % 10}",)) for i in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcomes.count(True) == 10 and len(outcomes) == 60
    assert queue.stats()["pending"] == 10
