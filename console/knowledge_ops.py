"""The console's knowledge index: one shared, reopened after a sync; the sync runs in a background thread.

Every call into ``knowledge.sync`` and ``knowledge.sources`` goes through ``sync_configured`` so a
change of their signatures is fixed in one place.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from carelayer.settings import Settings
from carelayer.types import SearchHit
from knowledge.catalog import SourceStatus
from knowledge.embeddings import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sources import build_source
from knowledge.sync import SyncReport, sync_all

log = logging.getLogger(__name__)

# A source not synced for this long is shown as stale.
STALE_AFTER_SECONDS = 7 * 24 * 3600


def sync_configured(settings: Settings, index: KnowledgeIndex, progress: Callable[[int], None]) -> list[SyncReport]:
    """Sync every configured source into ``index`` (the one place the console calls the sync)."""
    sources = [build_source(s, settings.secrets) for s in settings.knowledge.sources]
    return sync_all(sources, index, progress=progress)


class IndexHolder:
    """The web process's index: opened on first use, reopened after a sync so search sees new passages."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self._settings = settings
        self._embedder = embedder
        self._index: KnowledgeIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> KnowledgeIndex:
        with self._lock:
            if self._index is None:
                self._index = open_index(self._settings, embedder=self._embedder)
                self._embedder = self._index.embedder
            return self._index

    @property
    def embedder(self) -> Embedder:
        """The embedder given at construction (no index is opened for it), else the index's."""
        return self._embedder if self._embedder is not None else self.get().embedder

    def search(self, query: str, *, k: int | None = None) -> list[SearchHit]:
        """Hybrid search over every source (the agent's ``Retriever``)."""
        return self.get().search(query, k=k)

    def titles(self, article_ids: Sequence[str]) -> dict[str, str]:
        return self.get().titles(article_ids)

    def statuses(self) -> list[SourceStatus]:
        return self.get().catalog.statuses()

    def reopen(self) -> None:
        with self._lock:
            old, self._index = self._index, None
        if old is not None:
            old.close()

    def close(self) -> None:
        self.reopen()


@dataclass
class SyncState:
    """What the console shows about the latest sync started from it (a snapshot, safe to render)."""

    running: bool = False
    started_at: float | None = None
    finished_at: float | None = None
    articles_seen: int = 0
    summaries: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    error: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "running": self.running,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "articles_seen": self.articles_seen,
            "summaries": list(self.summaries),
            "failures": list(self.failures),
            "error": self.error,
        }


SyncFunction = Callable[[Settings, KnowledgeIndex, Callable[[int], None]], Sequence[SyncReport]]


class SyncRunner:
    """Runs one sync at a time in a daemon thread, on its own index, then reopens the shared one."""

    def __init__(self, settings: Settings, holder: IndexHolder, *, sync: SyncFunction = sync_configured) -> None:
        self._settings = settings
        self._holder = holder
        self._sync = sync
        self._state = SyncState()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def state(self) -> SyncState:
        with self._lock:
            return SyncState(**{k: getattr(self._state, k) for k in SyncState.__dataclass_fields__})

    def start(self) -> bool:
        """Start a sync; False when one is already running."""
        with self._lock:
            if self._state.running:
                return False
            self._state = SyncState(running=True, started_at=time.time())
        self._thread = threading.Thread(target=self._run, name="console-sync", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _advance(self, count: int) -> None:
        with self._lock:
            self._state.articles_seen += count

    def _run(self) -> None:
        summaries: tuple[str, ...] = ()
        failures: tuple[str, ...] = ()
        error: str | None = None
        try:
            index = open_index(self._settings, embedder=self._holder.embedder)
            try:
                reports = self._sync(self._settings, index, self._advance)
            finally:
                index.close()
            summaries = tuple(r.summary() for r in reports)
            failures = tuple(str(f) for r in reports for f in r.failures)
        except Exception as exc:  # shown to the admin; logged by class only (messages may quote content)
            error = f"{type(exc).__name__}: the sync stopped; see the server log and run `carelayer sync`"
            log.warning("console sync failed: %s", type(exc).__name__)
        self._holder.reopen()
        with self._lock:
            self._state.running = False
            self._state.finished_at = time.time()
            self._state.summaries, self._state.failures, self._state.error = summaries, failures, error
