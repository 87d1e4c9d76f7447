"""Incremental sync: bring the index in line with what each source holds now.

Unchanged articles (same content hash) are not re-embedded; changed ones are replaced; articles
that vanished from a source are removed from every index. Work is written in batches, each
committed to the catalog last, so a sync killed half-way leaves an index that still answers and
the next run finishes the job (the half-written batch simply looks changed again).

Sources that can list their changes (``IncrementalSource``) are scanned once; after that only
``changes(cursor)`` is read, from the cursor of the last ``Checkpoint`` the source gave out (so an
interrupted sync resumes there). Their deletions arrive as ``Deleted`` items, and, when ``prune`` is
asked for, by removing every known id missing from ``live_ids()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from carelayer.errors import SourceError
from carelayer.types import Article, SyncFailure
from knowledge.catalog import SourceStatus
from knowledge.index import KnowledgeIndex
from knowledge.sources.base import Checkpoint, Deleted, IncrementalSource, Source, SourceItem

BATCH_ARTICLES = 512
MAX_STORED_ERRORS = 20

# Called with the number of articles just looked at; the CLI turns it into a progress bar.
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync of one source did."""

    source: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0
    seconds: float = 0.0
    failures: tuple[SyncFailure, ...] = field(default_factory=tuple)
    incremental: bool = False
    pruned: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def synced_anything(self) -> bool:
        """False when the source could not be read at all."""
        return (self.added + self.updated + self.unchanged + self.removed) > 0 or not any(
            f.whole_source for f in self.failures
        )

    def summary(self) -> str:
        return (
            f"{self.source}: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.failed} failed in {self.seconds:.1f}s"
        )


@dataclass
class _Tally:
    """Mutable state while one source is synced."""

    known: dict[str, str]  # article id -> content hash as indexed ({} on a full sync: all look changed)
    known_ids: set[str]
    dates: dict[str, str | None]
    seen: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)
    pending: list[Article] = field(default_factory=list)
    deleting: set[str] = field(default_factory=set)
    touched: list[tuple[str, datetime | None]] = field(default_factory=list)
    failures: list[SyncFailure] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0


def sync_source(
    source: Source,
    index: KnowledgeIndex,
    *,
    full: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] = time.time,
    batch_size: int = BATCH_ARTICLES,
) -> SyncReport:
    """Sync one source into ``index``; per-item problems are reported, never raised.

    Without a stored cursor (or with ``full``) the source is scanned and absence means removal;
    otherwise only its changes are read, and ``prune`` also removes ids missing from ``live_ids()``.
    A failure that concerns the whole source stops every removal by absence.
    """
    started = clock()
    catalog = index.catalog
    hashes = catalog.article_hashes(source.name)
    tally = _Tally(known={} if full else dict(hashes), known_ids=set(hashes), dates=catalog.article_dates(source.name))
    cursor = catalog.state(source.name).cursor
    incremental = isinstance(source, IncrementalSource) and cursor is not None and not full
    if isinstance(source, IncrementalSource) and cursor is not None and not full:
        items = source.changes(cursor)
    else:
        items = source.scan()
    for item in items:
        _take(item, tally, index, source.name)
        if len(tally.pending) >= batch_size:
            _flush(index, source.name, tally)
        if progress and isinstance(item, Article):
            progress(1)
    _flush(index, source.name, tally)
    pruned = False
    if not incremental:
        pruned = _prune_absent(source.name, index, tally)
    elif prune and isinstance(source, IncrementalSource):
        pruned = _prune_live(source, index, tally)
    if pruned:
        catalog.mark_pruned(source.name, wall_clock())
    index.refresh_lexical()
    report = SyncReport(
        source.name,
        tally.added,
        tally.updated,
        tally.removed,
        tally.unchanged,
        tally.chunks,
        clock() - started,
        tuple(tally.failures),
        incremental=incremental,
        pruned=pruned,
    )
    catalog.record_status(_status(report, wall_clock()))
    catalog.record_errors(source.name, [str(f) for f in tally.failures[:MAX_STORED_ERRORS]], wall_clock())
    return report


def _take(item: SourceItem, tally: _Tally, index: KnowledgeIndex, source: str) -> None:
    if isinstance(item, Checkpoint):
        _flush(index, source, tally)
        index.catalog.save_cursor(source, item.cursor)
    elif isinstance(item, Deleted):
        tally.pending = [a for a in tally.pending if a.id != item.article_id]
        tally.seen.discard(item.article_id)
        tally.deleting.add(item.article_id)
    elif isinstance(item, SyncFailure):
        tally.failures.append(item)
        if item.article_id:
            tally.kept.add(item.article_id)
    else:
        _take_article(item, tally)


def _take_article(item: Article, tally: _Tally) -> None:
    if item.id in tally.seen:
        tally.failures.append(SyncFailure(item.source, item.id, "duplicate article id; later copy skipped"))
        return
    tally.seen.add(item.id)
    tally.deleting.discard(item.id)
    if tally.known.get(item.id) == item.content_hash():
        tally.unchanged += 1
        stored = tally.dates.get(item.id)
        if item.updated_at is not None and stored != item.updated_at.isoformat():
            tally.touched.append((item.id, item.updated_at))
        return
    tally.pending.append(item)
    if item.id in tally.known_ids:
        tally.updated += 1
    else:
        tally.added += 1


def _flush(index: KnowledgeIndex, source: str, tally: _Tally) -> None:
    """Write what is pending, so a Checkpoint's cursor never runs ahead of the index."""
    tally.chunks += index.write(tally.pending)
    for article in tally.pending:
        tally.known[article.id] = article.content_hash()
        tally.known_ids.add(article.id)
    tally.pending = []
    if tally.touched:
        index.catalog.set_dates(source, tally.touched)
        tally.touched = []
    _remove(index, source, tally, tally.deleting)
    tally.deleting = set()


def _remove(index: KnowledgeIndex, source: str, tally: _Tally, ids: Iterable[str]) -> None:
    present = sorted(set(ids) & tally.known_ids)
    index.remove(source, present)
    tally.removed += len(present)
    tally.known_ids.difference_update(present)
    for article_id in present:
        tally.known.pop(article_id, None)


def _prune_absent(source: str, index: KnowledgeIndex, tally: _Tally) -> bool:
    if any(f.whole_source for f in tally.failures):
        return False  # the source was not fully read: absence proves nothing
    _remove(index, source, tally, tally.known_ids - tally.seen - tally.kept)
    return True


def _prune_live(source: IncrementalSource, index: KnowledgeIndex, tally: _Tally) -> bool:
    if any(f.whole_source for f in tally.failures):
        return False
    try:
        live = set(source.live_ids())
    except SourceError as error:
        tally.failures.append(SyncFailure(source.name, "live ids", f"cannot list: {error}", whole_source=True))
        return False
    _remove(index, source.name, tally, tally.known_ids - live - tally.kept)
    return True


def _status(report: SyncReport, now: float) -> SourceStatus:
    return SourceStatus(
        report.source,
        now,
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.failed,
        report.seconds,
        articles=0,
    )


def sync_all(
    sources: Iterable[Source],
    index: KnowledgeIndex,
    *,
    full: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
) -> list[SyncReport]:
    """Sync each source in turn (after a model change everything is re-embedded)."""
    full = index.prepare() or full
    return [sync_source(source, index, full=full, prune=prune or full, progress=progress) for source in sources]
