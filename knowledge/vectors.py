"""The dense half of hybrid search: Chroma, embedded on disk by default or a Chroma server by URL.

Each passage has two vectors: its text (with title and heading), and its title-and-heading alone.
Help-center titles are usually the question an article answers, and a static embedding of a long
passage dilutes them; matching the header separately is what makes the dense side worth fusing.

One collection per source, so a source filter is a choice of collections rather than a metadata
filter (which is an order of magnitude slower in Chroma). Vectors are always computed by our own
embedder and passed in: Chroma's default embedding function would download a model, so every
collection is created with ``embedding_function=None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from carelayer.errors import ConfigError, KnowledgeIndexError
from knowledge.embeddings import Vectors

_ADD_BATCH = 4000
_HEADER_SUFFIX = "~h"


@dataclass(frozen=True, slots=True)
class VectorEntry:
    """One vector: either a passage's text or its title-and-heading ("header") standing for it."""

    chunk_id: str
    article_id: str
    header: bool = False

    @property
    def vector_id(self) -> str:
        return (
            self.chunk_id + _HEADER_SUFFIX if self.header else self.chunk_id
        )  # below Chroma's maximum batch size, large enough to amortise its overhead


def connect(folder: Path, url: str | None, token: str | None = None) -> Any:
    """A Chroma client: persistent under ``folder``, or an HTTP client for ``url``; telemetry off."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        folder.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(folder), settings=settings)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"not an http(s) URL: {url!r}", location="retrieval.chroma_url")
    headers = {"Authorization": f"Bearer {token}"} if token else None
    try:
        return chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            headers=headers,
            settings=settings,
        )
    except Exception as error:  # chromadb raises plain exceptions when the server is unreachable
        raise KnowledgeIndexError(f"cannot reach the Chroma server at {url}: {error}") from error


class VectorStore:
    """Passage vectors in per-source Chroma collections named ``<prefix>-<source>``."""

    def __init__(self, client: Any, prefix: str) -> None:
        self._client = client
        self._prefix = prefix
        self._collections: dict[str, Any] = {}
        self._non_empty: dict[str, bool] = {}  # asked once per collection, forgotten on every write

    def _collection(self, source: str) -> Any:
        if source not in self._collections:
            self._collections[source] = self._client.get_or_create_collection(
                f"{self._prefix}-{source}",
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
            )
        return self._collections[source]

    def replace(
        self, source: str, article_ids: Sequence[str], entries: Sequence[VectorEntry], vectors: Vectors
    ) -> None:
        """Remove every vector of these articles, then add the new entries (one vector each)."""
        collection = self._collection(source)
        self._non_empty.pop(source, None)
        if article_ids:
            collection.delete(where={"article_id": {"$in": list(article_ids)}})
        for start in range(0, len(entries), _ADD_BATCH):
            batch = entries[start : start + _ADD_BATCH]
            collection.add(
                ids=[e.vector_id for e in batch],
                embeddings=vectors[start : start + _ADD_BATCH],
                metadatas=[{"article_id": e.article_id} for e in batch],
            )

    def remove(self, source: str, article_ids: Sequence[str]) -> None:
        if article_ids:
            self._non_empty.pop(source, None)
            self._collection(source).delete(where={"article_id": {"$in": list(article_ids)}})

    def drop(self, source: str) -> None:
        """Delete a source's collection entirely (model change, source gone)."""
        self._collections.pop(source, None)
        self._non_empty.pop(source, None)
        try:
            self._client.delete_collection(f"{self._prefix}-{source}")
        except Exception:
            return

    def search(self, vector: Vectors, limit: int, sources: Sequence[str]) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity) pairs across ``sources``, best first.

        A passage's similarity is the better of its text's and its header's.
        """
        best: dict[str, float] = {}
        for vector_id, similarity in self._nearest(vector, limit * 2, sources):
            chunk_id = vector_id.removesuffix(_HEADER_SUFFIX)
            best[chunk_id] = max(similarity, best.get(chunk_id, similarity))
        return sorted(best.items(), key=lambda hit: hit[1], reverse=True)[:limit]

    def _nearest(self, vector: Vectors, limit: int, sources: Sequence[str]) -> list[tuple[str, float]]:
        hits: list[tuple[str, float]] = []
        for source in sources:
            collection = self._collection(source)
            if not self._non_empty.get(source):
                # Only "non-empty" is remembered: another process may fill an empty collection.
                self._non_empty[source] = collection.count() > 0
                if not self._non_empty[source]:
                    continue
            result = collection.query(query_embeddings=vector[None, :], n_results=limit, include=["distances"])
            hits.extend(zip(result["ids"][0], (1.0 - d for d in result["distances"][0]), strict=True))
        return hits
