"""Incremental sync against the real embedded engines (SQLite, bm25s, Chroma, wordllama)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from carelayer.settings import Settings
from knowledge.embeddings import Embedder, Vectors
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sources import build_source
from knowledge.sync import SyncReport, sync_all, sync_source

ARTICLES = {
    "cancellation.md": "---\ntitle: Cancellation policy\n---\nCancel at least 24 hours ahead or pay a $25 no-show fee.",
    "parking.md": "---\ntitle: Parking\n---\nPark in garage B, level 2. Validate your ticket at the front desk.",
    "refills.md": "---\ntitle: Prescription refills\n---\nRequest refills in the portal; allow three business days.",
    "records.md": "---\ntitle: Medical records\n---\nRequest copies of your records with the release form.",
}


def _write(kb: Path, articles: dict[str, str]) -> None:
    for name, text in articles.items():
        (kb / name).write_text(text)


def _sync(settings: Settings, embedder: Embedder, **kwargs: object) -> SyncReport:
    index = open_index(settings, embedder=embedder)
    try:
        [report] = sync_all([build_source(settings.knowledge.sources[0], settings.secrets)], index, **kwargs)  # type: ignore[arg-type]
        return report
    finally:
        index.close()


def _titles(settings: Settings, embedder: Embedder, query: str, k: int = 4) -> list[str]:
    index = open_index(settings, embedder=embedder)
    try:
        return [hit.chunk.title for hit in index.search(query, k=k)]
    finally:
        index.close()


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return tmp_path / "kb"


def test_first_sync_adds_then_nothing_changes(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    _write(kb, ARTICLES)
    first = _sync(settings, embedder)
    assert (first.added, first.updated, first.removed, first.unchanged, first.failed) == (4, 0, 0, 0, 0)
    again = _sync(settings, embedder)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)
    assert _titles(settings, embedder, "where do I park my car")[0] == "Parking"


def test_changed_articles_are_replaced_and_vanished_ones_removed_everywhere(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    _write(kb, ARTICLES)
    _sync(settings, embedder)
    (kb / "parking.md").write_text("---\ntitle: Parking\n---\nThe garage moved: park in lot Z near the river.")
    (kb / "records.md").unlink()
    report = _sync(settings, embedder)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 1, 2)
    index = open_index(settings, embedder=embedder)
    try:
        for method in ("hybrid", "lexical", "dense"):
            hits = index.search("medical records copies release form", k=4, method=method)  # type: ignore[arg-type]
            assert "Medical records" not in [h.chunk.title for h in hits], method
        [parking] = [h for h in index.search("garage parking lot", k=4) if h.chunk.title == "Parking"]
        assert "lot Z" in parking.chunk.text
        assert index.catalog.counts("kb") == (3, 3)
    finally:
        index.close()


def test_missing_source_path_removes_nothing(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    _write(kb, ARTICLES)
    _sync(settings, embedder)
    kb.rename(kb.with_name("kb-unmounted"))
    report = _sync(settings, embedder)
    assert report.removed == 0 and not report.synced_anything
    assert "Parking" in _titles(settings, embedder, "parking garage")


def test_unreadable_known_file_keeps_its_last_good_version(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    _write(kb, ARTICLES)
    _sync(settings, embedder)
    (kb / "parking.md").write_bytes(b"\xff\xfe broken")
    report = _sync(settings, embedder)
    assert (report.failed, report.removed) == (1, 0)
    assert "Parking" in _titles(settings, embedder, "parking garage")


class _CrashingEmbedder:
    """Behaves like the real embedder until its Nth batch, then dies like a killed process would."""

    def __init__(self, inner: Embedder, crash_on_call: int) -> None:
        self._inner = inner
        self._calls = 0
        self._crash_on_call = crash_on_call
        self.dim = inner.dim

    @property
    def signature(self) -> str:
        return self._inner.signature

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        self._calls += 1
        if self._calls == self._crash_on_call:
            raise KeyboardInterrupt  # what Ctrl-C (or a kill) looks like mid-sync
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> Vectors:
        return self._inner.embed_query(text)


def test_sync_killed_half_way_still_answers_and_next_run_finishes(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    _write(kb, ARTICLES)
    _sync(settings, embedder)
    many = {
        f"topic-{i}.md": f"---\ntitle: Topic {i}\n---\nTopic number {i} covers subject{i} in depth." for i in range(30)
    }
    _write(kb, many)
    (kb / "refills.md").write_text("---\ntitle: Prescription refills\n---\nRefills now take two business days.")
    index = open_index(settings, embedder=_CrashingEmbedder(embedder, crash_on_call=3))
    with pytest.raises(KeyboardInterrupt):
        sync_source(build_source(settings.knowledge.sources[0], settings.secrets), index, batch_size=5)
    index.close()
    # The index still answers, with whatever was committed plus the untouched old articles.
    assert "Parking" in _titles(settings, embedder, "parking garage")
    report = _sync(settings, embedder)
    assert report.added + report.updated + report.unchanged == 34
    assert report.failed == 0
    # 31 articles were new or changed; the two batches of 5 committed before the crash are not redone.
    assert report.added + report.updated == 31 - 10
    index = open_index(settings, embedder=embedder)
    try:
        assert index.catalog.counts("kb")[0] == 34
        [hit] = index.search("subject17", k=1, method="lexical")  # type: ignore[arg-type]
        assert hit.chunk.title == "Topic 17"
        refills = next(h for h in index.search("prescription refills", k=3) if h.chunk.title == "Prescription refills")
        assert "two business days" in refills.chunk.text
    finally:
        index.close()


def test_changing_the_embedding_model_re_embeds_everything(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    _write(kb, ARTICLES)
    _sync(settings, embedder)
    other = _RenamedEmbedder(embedder)
    report = _sync(settings, other)
    assert report.updated == 4 and report.unchanged == 0
    assert _titles(settings, other, "where do I park")[0] == "Parking"


class _RenamedEmbedder(_CrashingEmbedder):
    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner, crash_on_call=-1)

    @property
    def signature(self) -> str:
        return "another-model"


def test_duplicate_ids_in_one_source_are_reported(
    files_settings: Callable[..., Settings], kb: Path, embedder: Embedder
) -> None:
    settings = files_settings()
    lines = [{"id": "x", "title": "One", "body": "first"}, {"id": "x", "title": "Two", "body": "second"}]
    (kb / "a.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    report = _sync(settings, embedder)
    assert report.added == 1 and report.failed == 1
    assert "duplicate" in report.failures[0].reason


def test_index_type_is_reused(files_settings: Callable[..., Settings], embedder: Embedder) -> None:
    index = open_index(files_settings(), embedder=embedder)
    assert isinstance(index, KnowledgeIndex)
    assert index.search("anything") == []  # an empty index answers, with nothing
    index.close()
