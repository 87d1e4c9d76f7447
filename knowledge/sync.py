"""Incremental sync: bring the index in line with what each source holds now.

Unchanged articles (same content hash) are not re-embedded; changed ones are replaced; articles
that vanished from a source are removed from every index. Work is written in batches, each
committed to the catalog last, so a sync killed half-way leaves an index that still answers and
the next run finishes the job (the half-written batch simply looks changed again).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from carelayer.types import Article, SyncFailure
from knowledge.catalog import SourceStatus
from knowledge.index import KnowledgeIndex
from knowledge.sources.base import Source

BATCH_ARTICLES = 512

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
    """Mutable counters while one source is synced."""

    known: dict[str, str]
    seen: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)
    pending: list[Article] = field(default_factory=list)
    failures: list[SyncFailure] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    chunks: int = 0


def sync_source(
    source: Source,
    index: KnowledgeIndex,
    *,
    full: bool = False,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    batch_size: int = BATCH_ARTICLES,
) -> SyncReport:
    """Sync one source into ``index``; per-item problems are reported, never raised."""
    started = clock()
    tally = _Tally(known={} if full else index.catalog.article_hashes(source.name))
    known_ids = set(index.catalog.article_hashes(source.name)) if full else set(tally.known)
    for item in source.scan():
        _take(item, tally, known_ids)
        if len(tally.pending) >= batch_size:
            tally.chunks += index.write(tally.pending)
            tally.pending = []
        if progress:
            progress(1)
    tally.chunks += index.write(tally.pending)
    removed = _prune(source.name, index, tally, known_ids)
    index.refresh_lexical()
    report = SyncReport(
        source.name,
        tally.added,
        tally.updated,
        len(removed),
        tally.unchanged,
        tally.chunks,
        clock() - started,
        tuple(tally.failures),
    )
    index.catalog.record_status(_status(report))
    return report


def _take(item: Article | SyncFailure, tally: _Tally, known_ids: set[str]) -> None:
    if isinstance(item, SyncFailure):
        tally.failures.append(item)
        if item.article_id:
            tally.kept.add(item.article_id)
        return
    if item.id in tally.seen:
        tally.failures.append(SyncFailure(item.source, item.id, "duplicate article id; later copy skipped"))
        return
    tally.seen.add(item.id)
    if tally.known.get(item.id) == item.content_hash():
        tally.unchanged += 1
        return
    tally.pending.append(item)
    if item.id in known_ids:
        tally.updated += 1
    else:
        tally.added += 1


def _prune(source: str, index: KnowledgeIndex, tally: _Tally, known_ids: set[str]) -> list[str]:
    if any(f.whole_source for f in tally.failures):
        return []  # the source was not fully read: absence proves nothing
    vanished = sorted(known_ids - tally.seen - tally.kept)
    index.remove(source, vanished)
    return vanished


def _status(report: SyncReport) -> SourceStatus:
    return SourceStatus(
        report.source,
        time.time(),
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.failed,
        report.seconds,
        articles=0,
    )


def sync_all(
    sources: Iterable[Source], index: KnowledgeIndex, *, full: bool = False, progress: Progress | None = None
) -> list[SyncReport]:
    """Sync each source in turn (after a model change everything is re-embedded)."""
    full = index.prepare() or full
    return [sync_source(source, index, full=full, progress=progress) for source in sources]
