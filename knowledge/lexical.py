"""The lexical half of hybrid search: BM25 (bm25s) over stemmed passage text.

bm25s has no incremental update, so the index is rebuilt from the catalog after a sync changed
anything (a few seconds for the 16k-article benchmark KB) and swapped in atomically on disk: a sync
killed half-way leaves the previous index answering.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np
import numpy.typing as npt
import Stemmer

from carelayer.errors import KnowledgeIndexError

log = logging.getLogger(__name__)

_IDS_FILE = "chunk_ids.json"
_SOURCES_FILE = "chunk_sources.json"


class LexicalIndex:
    """BM25 over passages; results are (chunk_id, score) pairs, best first."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._stemmer = Stemmer.Stemmer("english")
        self._bm25: bm25s.BM25 | None = None
        self._ids: list[str] = []
        self._masks: dict[str, npt.NDArray[np.float32]] = {}
        _recover(folder)
        self._load()

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False)
        return list(tokens)

    def rebuild(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Index every (chunk_id, source, text) and replace the index on disk in one swap."""
        ids, sources, texts = [], [], []
        for chunk_id, source, text in rows:
            ids.append(chunk_id)
            sources.append(source)
            texts.append(text)
        staging = self._folder.with_name(self._folder.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if ids:
            bm25 = bm25s.BM25()
            bm25.index(self._tokenize(texts), show_progress=False)
            bm25.save(str(staging), show_progress=False)
        (staging / _IDS_FILE).write_text(json.dumps(ids))
        (staging / _SOURCES_FILE).write_text(json.dumps(sources))
        _swap(staging, self._folder)
        self._load()

    def _load(self) -> None:
        ids_file = self._folder / _IDS_FILE
        if not ids_file.is_file():
            self._bm25, self._ids, self._masks = None, [], {}
            return
        try:
            self._ids = json.loads(ids_file.read_text())
            sources: list[str] = json.loads((self._folder / _SOURCES_FILE).read_text())
            self._bm25 = bm25s.BM25.load(str(self._folder), show_progress=False) if self._ids else None
        except (OSError, ValueError) as error:
            raise KnowledgeIndexError(
                f"the lexical index at {self._folder} is unreadable ({error}); "
                "run `carelayer sync --full` to rebuild it"
            ) from error
        source_array = np.array(sources)
        self._masks = {s: (source_array == s).astype(np.float32) for s in set(sources)}

    def search(self, query: str, limit: int, sources: Sequence[str] | None = None) -> list[tuple[str, float]]:
        if self._bm25 is None or not self._ids:
            return []
        tokens = self._tokenize([query])
        if not tokens or not tokens[0]:
            return []
        mask = self._mask(sources)
        if mask is not None and not mask.any():
            return []
        limit = min(limit, len(self._ids))
        # n_threads=0 scores in this thread; bm25s starts a thread pool per call for any other value (even 1),
        # which cost about 2 ms a search, more than the scoring itself.
        documents, scores = self._bm25.retrieve(tokens, k=limit, show_progress=False, n_threads=0, weight_mask=mask)
        return [
            (self._ids[int(doc)], float(score)) for doc, score in zip(documents[0], scores[0], strict=True) if score > 0
        ]

    def _mask(self, sources: Sequence[str] | None) -> npt.NDArray[np.float32] | None:
        if not sources:
            return None
        mask = np.zeros(len(self._ids), dtype=np.float32)
        for source in sources:
            if source in self._masks:
                mask = np.maximum(mask, self._masks[source])
        return mask

    def __len__(self) -> int:
        return len(self._ids)


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging``; at every instant one complete index exists on disk."""
    retired = target.with_name(target.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _recover(target: Path) -> None:
    """Finish a swap that was interrupted between its two renames."""
    if target.exists():
        return
    for leftover in (target.with_name(target.name + ".new"), target.with_name(target.name + ".old")):
        if (leftover / _IDS_FILE).is_file():
            leftover.rename(target)
            return
