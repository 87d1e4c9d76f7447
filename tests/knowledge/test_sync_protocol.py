"""The sync protocol with in-memory sources: Deleted, Checkpoints (flush, then cursor), changes since a
cursor, pruning by live ids, and what stops a removal. Real embedded index."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

import pytest

from carelayer.errors import SourceError
from carelayer.settings import Settings
from carelayer.types import Article, SyncFailure
from knowledge.embeddings import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sources import Checkpoint, Deleted, IncrementalSource, SourceItem
from knowledge.sync import sync_source

T1 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)


def _a(article_id: str, body: str, when: datetime | None = T1) -> Article:
    return Article("wiki", article_id, f"Title {article_id}", body, updated_at=when)


class Scripted:
    """An incremental source whose scan, changes and live ids are lists the test sets."""

    name = "wiki"

    def __init__(self) -> None:
        self.full: list[SourceItem] = []
        self.delta: list[SourceItem] = []
        self.live: list[str] | None = []
        self.cursors: list[str] = []
        self.fail_at: int | None = None

    def _play(self, items: Sequence[SourceItem]) -> Iterator[SourceItem]:
        for number, item in enumerate(items):
            if number == self.fail_at:
                raise ConnectionError("server went away")
            yield item

    def scan(self) -> Iterator[SourceItem]:
        return self._play(self.full)

    def changes(self, cursor: str) -> Iterator[SourceItem]:
        self.cursors.append(cursor)
        return self._play(self.delta)

    def live_ids(self) -> Iterator[str]:
        if self.live is None:
            raise SourceError("listing failed")
        yield from self.live


@pytest.fixture
def index(files_settings: Callable[..., Settings], embedder: Embedder) -> Iterator[KnowledgeIndex]:
    index = open_index(files_settings(), embedder=embedder)
    index.prepare()
    try:
        yield index
    finally:
        index.close()


def _ids(index: KnowledgeIndex) -> set[str]:
    return set(index.catalog.article_hashes("wiki"))


def test_scripted_source_is_incremental() -> None:
    assert isinstance(Scripted(), IncrementalSource)


def test_first_sync_scans_then_changes_resume_from_the_last_checkpoint(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [_a("1", "Parking in garage B."), Checkpoint("c1"), _a("2", "Refills take three days.")]
    first = sync_source(source, index)
    assert not first.incremental and first.added == 2
    assert index.catalog.state("wiki").cursor == "c1"
    source.delta = [_a("3", "Records need a release form."), Deleted("wiki", "1"), Checkpoint("c2")]
    second = sync_source(source, index)
    assert second.incremental and (second.added, second.removed) == (1, 1)
    assert source.cursors == ["c1"] and index.catalog.state("wiki").cursor == "c2"
    assert _ids(index) == {"2", "3"}


def test_interrupted_changes_keep_what_was_checkpointed(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [Checkpoint("c0")]
    sync_source(source, index)
    source.delta = [_a("1", "One."), Checkpoint("c1"), _a("2", "Two."), _a("3", "Three.")]
    source.fail_at = 3
    with pytest.raises(ConnectionError):
        sync_source(source, index)
    assert _ids(index) == {"1"} and index.catalog.state("wiki").cursor == "c1"
    source.fail_at = None
    source.delta = [_a("2", "Two."), _a("3", "Three."), Checkpoint("c3")]
    sync_source(source, index)
    assert source.cursors[-1] == "c1" and _ids(index) == {"1", "2", "3"}


def test_prune_removes_ids_the_source_no_longer_lists_unless_the_listing_fails(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [_a("1", "One."), _a("2", "Two."), Checkpoint("c1")]
    sync_source(source, index)
    source.delta = [Checkpoint("c2")]
    source.live = ["1"]
    assert sync_source(source, index).removed == 0  # no prune asked for
    source.live = None
    failed = sync_source(source, index, prune=True)
    assert not failed.pruned and failed.removed == 0 and failed.failures[0].whole_source
    source.live = ["1"]
    done = sync_source(source, index, prune=True)
    assert done.pruned and done.removed == 1 and _ids(index) == {"1"}
    assert index.catalog.state("wiki").pruned_at is not None


def test_a_whole_source_failure_stops_pruning_and_a_failed_item_is_kept(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [_a("1", "One."), _a("2", "Two."), Checkpoint("c1")]
    sync_source(source, index)
    source.delta = [SyncFailure("wiki", "search", "HTTP 503", whole_source=True)]
    source.live = []
    assert sync_source(source, index, prune=True).removed == 0
    source.delta, source.live = [SyncFailure("wiki", "page 2", "bad body", article_id="2")], []
    report = sync_source(source, index, prune=True)
    assert report.pruned and report.removed == 1 and _ids(index) == {"2"}


def test_full_sync_scans_even_with_a_cursor_and_prunes_by_absence(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [_a("1", "One."), _a("2", "Two."), Checkpoint("c1")]
    sync_source(source, index)
    source.full = [_a("2", "Two."), Checkpoint("c9")]
    report = sync_source(source, index, full=True)
    assert not report.incremental and report.removed == 1 and report.updated == 1  # full re-embeds
    assert source.cursors == [] and index.catalog.state("wiki").cursor == "c9"


def test_deleted_then_added_again_in_one_run_stays(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [_a("1", "One."), Deleted("wiki", "1"), _a("1", "One again."), Checkpoint("c1")]
    report = sync_source(source, index)
    assert _ids(index) == {"1"} and report.failed == 0


def test_a_newer_date_with_the_same_text_refreshes_the_citation_date(index: KnowledgeIndex) -> None:
    source = Scripted()
    source.full = [_a("1", "Parking in garage B.", T1), Checkpoint("c1")]
    sync_source(source, index)
    source.delta = [_a("1", "Parking in garage B.", T2), Checkpoint("c2")]
    report = sync_source(source, index)
    assert (report.unchanged, report.updated, report.chunks) == (1, 0, 0)  # nothing re-embedded
    index.refresh_lexical()
    [hit] = index.search("garage B parking", k=1)
    assert hit.citation().updated_at == T2
