"""Scheduled knowledge sync inside `carelayer worker`: each source on its own interval, between jobs.

Syncs run in the worker's thread when the queue is idle, on the index the agent answers from, so new
passages are searchable at once and no two threads ever write one index. A source with
``sync_every_minutes`` is synced when due; ``prune_every_minutes`` (when the source has it) adds a
deletion check by listing ids. A source that fails (cannot be built, raises, or could not be read at
all) is logged by name and error class only, its error is kept for `carelayer sources`, and it is
retried after an exponential backoff; the other sources and the job loop go on.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from carelayer.errors import CarelayerError
from carelayer.settings import SourceSettings
from knowledge.index import KnowledgeIndex
from knowledge.sources import Source
from knowledge.sync import SyncReport, sync_source

log = logging.getLogger(__name__)

BASE_BACKOFF_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 6 * 3600.0


@dataclass
class _Plan:
    entry: SourceSettings
    every: float
    prune_every: float | None
    next_at: float
    failures: int = 0


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one scheduled run of one source did (``report`` is None when it raised)."""

    source: str
    ok: bool
    report: SyncReport | None
    error: str | None
    next_at: float


class SyncScheduler:
    """Runs each scheduled source's sync when due; ``clock`` is wall-clock seconds (injected in tests)."""

    def __init__(
        self,
        *,
        index: KnowledgeIndex,
        entries: Sequence[SourceSettings],
        build: Callable[[SourceSettings], Source],
        clock: Callable[[], float] = time.time,
        base_backoff: float = BASE_BACKOFF_SECONDS,
        max_backoff: float = MAX_BACKOFF_SECONDS,
    ) -> None:
        self._index = index
        self._build = build
        self._clock = clock
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff
        self._plans = [plan for plan in (self._plan(entry) for entry in entries) if plan is not None]

    def _plan(self, entry: SourceSettings) -> _Plan | None:
        every = getattr(entry, "sync_every_minutes", None)
        if not every:
            return None
        prune = getattr(entry, "prune_every_minutes", None)
        last = next((s.finished_at for s in self._index.catalog.statuses() if s.source == entry.name), None)
        first = self._clock() if last is None else last + every * 60
        return _Plan(entry, every * 60.0, prune * 60.0 if prune else None, first)

    @property
    def scheduled(self) -> list[str]:
        return [plan.entry.name for plan in self._plans]

    def next_due(self) -> float | None:
        """When the next source is due (clock seconds), None when nothing is scheduled."""
        return min((plan.next_at for plan in self._plans), default=None)

    def run_due(self) -> list[Outcome]:
        """Sync every source that is due now, one after another; never raises."""
        return [self._run(plan) for plan in self._plans if plan.next_at <= self._clock()]

    def _run(self, plan: _Plan) -> Outcome:
        name = plan.entry.name
        report: SyncReport | None = None
        try:
            full = self._index.prepare()
            source, prune = self._build(plan.entry), self._prune_due(plan)
            report = sync_source(source, self._index, full=full, prune=prune, wall_clock=self._clock)
        except Exception as error:  # a failing source must never stop the others or the job loop
            return self._failed(plan, _describe(error), record=True)
        if not report.synced_anything:
            reason = next((f.reason for f in report.failures if f.whole_source), "nothing could be read")
            return self._failed(plan, reason, record=False, report=report)
        plan.failures = 0
        plan.next_at = self._clock() + plan.every
        log.info("scheduled sync source=%s %s", name, report.summary().split(": ", 1)[1])
        return Outcome(name, True, report, None, plan.next_at)

    def _prune_due(self, plan: _Plan) -> bool:
        if plan.prune_every is None:
            return False
        pruned_at = self._index.catalog.state(plan.entry.name).pruned_at
        return pruned_at is None or self._clock() - pruned_at >= plan.prune_every

    def _failed(self, plan: _Plan, error: str, *, record: bool, report: SyncReport | None = None) -> Outcome:
        plan.failures += 1
        wait = min(self._max_backoff, self._base_backoff * 2 ** (plan.failures - 1))
        plan.next_at = self._clock() + wait
        if record:  # a sync that ran has recorded its own failures already
            # If the catalog itself is failing, the log line below still reports the source.
            with contextlib.suppress(Exception):
                self._index.catalog.record_errors(plan.entry.name, [error], self._clock())
        log.warning(
            "scheduled sync failed source=%s failures=%d retry_in=%.0fs error=%s",
            plan.entry.name,
            plan.failures,
            wait,
            error.split(":", 1)[0] if record else "source unreadable",
        )
        return Outcome(plan.entry.name, False, report, error, plan.next_at)


def _describe(error: Exception) -> str:
    """Our own errors carry messages written for users (no ticket text); others only their class."""
    if isinstance(error, CarelayerError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__
