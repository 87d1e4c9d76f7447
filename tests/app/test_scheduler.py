"""Scheduled knowledge sync: intervals, exponential backoff of a failing source, prune schedule, and the
worker loop surviving a failing idle task. Real index (SQLite, bm25s, Chroma, wordllama), injected clock."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from app.scheduler import SyncScheduler
from app.worker import Worker
from carelayer.errors import SourceError
from carelayer.settings import ConfluenceSourceSettings, FilesSourceSettings, Settings, SourceSettings
from carelayer.store import StateStore
from carelayer.types import Article
from knowledge.embeddings import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sources import Checkpoint, Source, SourceItem
from tests.app.worker_child import FixedAgent, open_queue

SECRET_TEXT = "Jane Doe DOB 1980-02-03"


class Clock:
    def __init__(self) -> None:
        self.now = 2_000_000_000.0

    def __call__(self) -> float:
        return self.now


class ListSource:
    def __init__(self, name: str, articles: Sequence[Article]) -> None:
        self.name = name
        self.articles = list(articles)
        self.broken = False

    def scan(self) -> Iterator[SourceItem]:
        if self.broken:
            raise RuntimeError(f"upstream exploded while reading {SECRET_TEXT}")
        yield from self.articles


class IncrementalListSource(ListSource):
    """Changes are whatever the test queued; live ids are the articles held now."""

    def __init__(self, name: str, articles: Sequence[Article]) -> None:
        super().__init__(name, articles)
        self.live_calls = 0

    def scan(self) -> Iterator[SourceItem]:
        yield from super().scan()
        yield Checkpoint("c1")

    def changes(self, cursor: str) -> Iterator[SourceItem]:
        yield Checkpoint(cursor)

    def live_ids(self) -> Iterator[str]:
        self.live_calls += 1
        if self.broken:
            raise SourceError("listing failed")
        yield from (a.id for a in self.articles)


@pytest.fixture
def index(files_settings: object, tmp_path: Path, embedder: Embedder) -> Iterator[KnowledgeIndex]:
    settings: Settings = files_settings()  # type: ignore[operator]
    index = open_index(settings, embedder=embedder)
    try:
        yield index
    finally:
        index.close()


def _article(source: str, article_id: str, text: str) -> Article:
    return Article(source, article_id, f"Title {article_id}", text)


def _files(name: str, every: int | None, tmp_path: Path) -> FilesSourceSettings:
    return FilesSourceSettings(type="files", name=name, path=tmp_path, sync_every_minutes=every)


def test_each_source_on_its_interval_and_a_failing_one_backs_off(
    index: KnowledgeIndex, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    good = ListSource("good", [_article("good", "a", "Parking is in garage B.")])
    bad = ListSource("bad", [_article("bad", "b", "Refills take three days.")])
    bad.broken = True
    sources: dict[str, Source] = {"good": good, "bad": bad}
    entries: list[SourceSettings] = [
        _files("good", 10, tmp_path),
        _files("bad", 5, tmp_path),
        _files("manual", None, tmp_path),
    ]
    scheduler = SyncScheduler(index=index, entries=entries, build=lambda e: sources[e.name], clock=clock)
    assert scheduler.scheduled == ["good", "bad"]

    with caplog.at_level(logging.INFO):
        first = scheduler.run_due()
    assert [(o.source, o.ok) for o in first] == [("good", True), ("bad", False)]
    assert index.catalog.counts("good") == (1, 1)
    assert [o.next_at - clock.now for o in first] == [600.0, 60.0]
    assert index.catalog.state("bad").errors == ("RuntimeError",)
    assert SECRET_TEXT not in caplog.text and "Jane" not in caplog.text

    clock.now += 61
    assert [(o.source, o.next_at - clock.now) for o in scheduler.run_due()] == [("bad", 120.0)]
    clock.now += 60
    assert scheduler.run_due() == []  # still backing off; good not due either
    clock.now += 61
    bad.broken = False
    [recovered] = scheduler.run_due()
    assert recovered.ok and recovered.next_at - clock.now == 300.0
    assert index.catalog.counts("bad") == (1, 1)
    assert index.catalog.state("bad").errors == ()


def test_a_source_that_cannot_be_built_never_stops_the_others(index: KnowledgeIndex, tmp_path: Path) -> None:
    clock = Clock()
    good = ListSource("good", [_article("good", "a", "Parking is in garage B.")])

    def build(entry: SourceSettings) -> Source:
        if entry.name == "wiki":
            raise SourceError("set CONFLUENCE_API_TOKEN")
        return good

    entries: list[SourceSettings] = [_files("wiki", 5, tmp_path), _files("good", 10, tmp_path)]
    outcomes = SyncScheduler(index=index, entries=entries, build=build, clock=clock).run_due()
    assert [(o.source, o.ok, o.error) for o in outcomes] == [
        ("wiki", False, "SourceError: set CONFLUENCE_API_TOKEN"),
        ("good", True, None),
    ]


def test_prune_runs_on_its_own_schedule(index: KnowledgeIndex) -> None:
    clock = Clock()
    source = IncrementalListSource("wiki", [_article("wiki", "1", "Parking."), _article("wiki", "2", "Refills.")])
    entry = ConfluenceSourceSettings(
        type="confluence",
        name="wiki",
        url="https://x.atlassian.net",
        spaces=("PS",),
        sync_every_minutes=30,
        prune_every_minutes=60,
    )
    scheduler = SyncScheduler(index=index, entries=[entry], build=lambda e: source, clock=clock)
    [first] = scheduler.run_due()
    assert first.report is not None and not first.report.incremental and first.report.pruned  # scan prunes by absence
    source.articles.pop()  # page 2 deleted upstream
    clock.now += 30 * 60
    [second] = scheduler.run_due()
    assert second.report is not None and second.report.incremental and not second.report.pruned
    assert source.live_calls == 0 and index.catalog.counts("wiki")[0] == 2
    clock.now += 30 * 60
    [third] = scheduler.run_due()
    assert third.report is not None and third.report.pruned and third.report.removed == 1
    assert source.live_calls == 1 and index.catalog.counts("wiki")[0] == 1


def test_schedule_resumes_from_the_last_sync_after_a_restart(index: KnowledgeIndex, tmp_path: Path) -> None:
    clock = Clock()
    good = ListSource("good", [_article("good", "a", "Parking is in garage B.")])
    entries: list[SourceSettings] = [_files("good", 10, tmp_path)]
    SyncScheduler(index=index, entries=entries, build=lambda e: good, clock=clock).run_due()
    clock.now += 120
    restarted = SyncScheduler(index=index, entries=entries, build=lambda e: good, clock=clock)
    assert restarted.run_due() == []
    assert restarted.next_due() == pytest.approx(clock.now - 120 + 600, abs=5)


def test_worker_loop_survives_a_failing_idle_task(tmp_path: Path) -> None:
    queue = open_queue(tmp_path, Clock())
    stop = threading.Event()
    calls: list[int] = []

    def idle() -> None:
        calls.append(1)
        if len(calls) >= 3:
            stop.set()
        raise RuntimeError(SECRET_TEXT)

    worker = Worker(
        queue=queue,
        helpdesks={},
        agent=FixedAgent(),
        store=StateStore(tmp_path / "state.sqlite3"),
        worker_id="w1",
        idle_task=idle,
    )
    worker.run(stop, idle_sleep=0.01)
    assert len(calls) == 3
