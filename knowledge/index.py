"""The knowledge index: catalog + BM25 + vectors, written together and searched as one.

Search fuses the two rankings with weighted reciprocal rank fusion, keeps the best passage per
article, and drops any hit the catalog no longer holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from carelayer.settings import RetrievalSettings, Settings
from carelayer.types import Article, Chunk, SearchHit
from knowledge.catalog import Catalog
from knowledge.chunking import chunk_article, header_text, indexable_text
from knowledge.embeddings import Embedder, build_embedder
from knowledge.lexical import LexicalIndex
from knowledge.vectors import VectorEntry, VectorStore, connect

_SIGNATURE_KEY = "embedder_signature"
_LEXICAL_DIRTY_KEY = "lexical_dirty"
CHROMA_TOKEN_ENV = "CARELAYER_CHROMA_TOKEN"
# Bumped whenever what is stored per passage changes, so old indexes are rebuilt, never mixed.
INDEX_LAYOUT = "1"


class Method(StrEnum):
    HYBRID = "hybrid"
    LEXICAL = "lexical"
    DENSE = "dense"


@dataclass(frozen=True, slots=True)
class _Ranked:
    chunk_id: str
    score: float
    lexical_rank: int | None
    dense_rank: int | None


class KnowledgeIndex:
    """Everything retrieval needs, opened from a data folder; see ``open_index`` for construction."""

    def __init__(
        self,
        *,
        catalog: Catalog,
        lexical: LexicalIndex,
        vectors: VectorStore,
        embedder: Embedder,
        settings: RetrievalSettings,
    ) -> None:
        self.catalog = catalog
        self._lexical = lexical
        self._vectors = vectors
        self._embedder = embedder
        self._settings = settings

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def is_empty(self) -> bool:
        return self.catalog.counts()[0] == 0

    # --- writing -------------------------------------------------------------------------

    def prepare(self) -> bool:
        """Check the stored vectors match the embedder; if not, drop them and mark all articles changed.

        Returns True when a full re-embed is needed.
        """
        signature = f"{self._embedder.signature}|layout:{INDEX_LAYOUT}"
        stored = self.catalog.get_meta(_SIGNATURE_KEY)
        if stored == signature:
            return False
        for source in self.catalog.sources():
            self._vectors.drop(source)
        self.catalog.forget_hashes()
        self.catalog.set_meta(_SIGNATURE_KEY, signature)
        return stored is not None

    def write(self, articles: Sequence[Article]) -> int:
        """Index new or changed articles (replacing their old passages); returns passages written.

        Order matters for crash safety: vectors first, catalog (with the new hash) last, so an
        interrupted write is redone by the next sync and never leaves a passage without its text.
        """
        if not articles:
            return 0
        prepared = [(a, chunk_article(a, max_chars=self._settings.chunk_max_chars)) for a in articles]
        self.catalog.set_meta(_LEXICAL_DIRTY_KEY, "1")
        for source in sorted({a.source for a in articles}):
            items = [(a, chunks) for a, chunks in prepared if a.source == source]
            entries, texts = _vector_entries([c for _, cs in items for c in cs])
            vectors = self._embedder.embed_documents(texts)
            self._vectors.replace(source, [a.id for a, _ in items], entries, vectors)
        self.catalog.replace_articles(prepared)
        return sum(len(chunks) for _, chunks in prepared)

    def remove(self, source: str, article_ids: Sequence[str]) -> None:
        if not article_ids:
            return
        self.catalog.set_meta(_LEXICAL_DIRTY_KEY, "1")
        self._vectors.remove(source, article_ids)
        self.catalog.remove_articles(source, article_ids)

    def refresh_lexical(self, *, force: bool = False) -> bool:
        """Rebuild BM25 from the catalog if a write happened since the last rebuild."""
        if not force and self.catalog.get_meta(_LEXICAL_DIRTY_KEY) != "1" and len(self._lexical):
            return False
        rows = (
            (chunk_id, source, indexable_text(Chunk(chunk_id, source, "", title, text, 0, heading=heading)))
            for chunk_id, source, title, heading, text in self.catalog.iter_index_rows()
        )
        self._lexical.rebuild(rows)
        self.catalog.set_meta(_LEXICAL_DIRTY_KEY, "0")
        return True

    # --- reading -------------------------------------------------------------------------

    def titles(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Title of each of ``article_ids`` still indexed (missing ids are absent)."""
        return self.catalog.titles(article_ids)

    def search(
        self,
        query: str,
        *,
        k: int | None = None,
        sources: Sequence[str] | None = None,
        method: Method = Method.HYBRID,
    ) -> list[SearchHit]:
        """The ``k`` best articles for ``query`` (one passage each), best first."""
        k = k or self._settings.k
        query = query.strip()
        if not query:
            return []
        ranked = self._rank(query, sources, method)
        return self._resolve(ranked, k)

    def _rank(self, query: str, sources: Sequence[str] | None, method: Method) -> list[_Ranked]:
        limit = self._settings.candidates
        lexical = self._lexical.search(query, limit, sources) if method != Method.DENSE else []
        dense: list[tuple[str, float]] = []
        if method != Method.LEXICAL:
            searchable = list(sources) if sources else self.catalog.sources()
            dense = self._vectors.search(self._embedder.embed_query(query), limit, searchable)
        if method == Method.LEXICAL:
            return [_Ranked(cid, score, rank, None) for rank, (cid, score) in enumerate(lexical, 1)]
        if method == Method.DENSE:
            return [_Ranked(cid, score, None, rank) for rank, (cid, score) in enumerate(dense, 1)]
        return fuse(lexical, dense, self._settings)

    def _resolve(self, ranked: list[_Ranked], k: int) -> list[SearchHit]:
        best: dict[str, _Ranked] = {}
        for item in ranked:  # best first, so the first passage seen per article is its best
            best.setdefault(article_key_of(item.chunk_id), item)
        chosen = list(best.values())
        chunks = self.catalog.chunks([item.chunk_id for item in chosen[: k * 2]])
        hits = [
            SearchHit(chunks[item.chunk_id], item.score, item.lexical_rank, item.dense_rank)
            for item in chosen[: k * 2]
            if item.chunk_id in chunks
        ]
        return hits[:k]

    def close(self) -> None:
        self.catalog.close()


def _vector_entries(chunks: Sequence[Chunk]) -> tuple[list[VectorEntry], list[str]]:
    """A text vector per passage, plus a header vector for each distinct title+heading of an article."""
    entries, texts, seen = [], [], set()
    for chunk in chunks:
        entries.append(VectorEntry(chunk.id, chunk.article_id))
        texts.append(indexable_text(chunk))
        header = header_text(chunk)
        if (chunk.article_id, header) not in seen:
            seen.add((chunk.article_id, header))
            entries.append(VectorEntry(chunk.id, chunk.article_id, header=True))
            texts.append(header)
    return entries, texts


def article_key_of(chunk_id: str) -> str:
    """Chunk ids are ``<source>:<article id>#<position>``; the part before the last ``#`` is the article."""
    return chunk_id.rsplit("#", 1)[0]


def fuse(
    lexical: Sequence[tuple[str, float]], dense: Sequence[tuple[str, float]], settings: RetrievalSettings
) -> list[_Ranked]:
    """Weighted reciprocal rank fusion: score = sum over rankings of weight / (rrf_k + rank)."""
    ranks: dict[str, list[int | None]] = {}
    for rank, (chunk_id, _) in enumerate(lexical, 1):
        ranks.setdefault(chunk_id, [None, None])[0] = rank
    for rank, (chunk_id, _) in enumerate(dense, 1):
        ranks.setdefault(chunk_id, [None, None])[1] = rank
    fused = []
    for chunk_id, (lexical_rank, dense_rank) in ranks.items():
        score = 0.0
        if lexical_rank is not None:
            score += settings.lexical_weight / (settings.rrf_k + lexical_rank)
        if dense_rank is not None:
            score += settings.dense_weight / (settings.rrf_k + dense_rank)
        fused.append(_Ranked(chunk_id, score, lexical_rank, dense_rank))
    fused.sort(key=lambda item: item.score, reverse=True)
    return fused


def open_index(settings: Settings, *, embedder: Embedder | None = None) -> KnowledgeIndex:
    """Open (creating if needed) the index under ``data_dir``, or on the configured Chroma server."""
    folder: Path = settings.data_dir / "knowledge"
    retrieval = settings.retrieval
    client = connect(folder / "chroma", retrieval.chroma_url, settings.secret(CHROMA_TOKEN_ENV))
    return KnowledgeIndex(
        catalog=Catalog(folder / "catalog.sqlite3"),
        lexical=LexicalIndex(folder / "bm25"),
        vectors=VectorStore(client, retrieval.collection),
        embedder=embedder or build_embedder(settings.embeddings),
        settings=retrieval,
    )
