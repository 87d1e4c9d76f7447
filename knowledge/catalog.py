"""The knowledge catalog (SQLite): which articles are indexed, their content hash, and the passages.

It is the source of truth that both search engines are checked against: a vector or BM25 hit whose
passage is not in the catalog is dropped, so an interrupted sync never surfaces removed knowledge.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from carelayer.types import Article, Chunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    source TEXT NOT NULL, article_id TEXT NOT NULL, content_hash TEXT NOT NULL,
    title TEXT NOT NULL, url TEXT, chunk_count INTEGER NOT NULL,
    PRIMARY KEY (source, article_id)
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, source TEXT NOT NULL, article_id TEXT NOT NULL, position INTEGER NOT NULL,
    title TEXT NOT NULL, heading TEXT NOT NULL, url TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks (source, article_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS source_status (
    source TEXT PRIMARY KEY, finished_at REAL NOT NULL, added INTEGER NOT NULL, updated INTEGER NOT NULL,
    removed INTEGER NOT NULL, unchanged INTEGER NOT NULL, failed INTEGER NOT NULL, seconds REAL NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class SourceStatus:
    source: str
    finished_at: float
    added: int
    updated: int
    removed: int
    unchanged: int
    failed: int
    seconds: float
    articles: int


class Catalog:
    """One SQLite file; every write method is a single transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def article_hashes(self, source: str) -> dict[str, str]:
        rows = self._db.execute("SELECT article_id, content_hash FROM articles WHERE source = ?", (source,))
        return dict(rows.fetchall())

    def sources(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]

    def replace_articles(self, articles: Sequence[tuple[Article, Sequence[Chunk]]]) -> None:
        """Store articles with their passages, replacing what was there for the same ids."""
        with self._transaction():
            for article, chunks in articles:
                self._delete_article(article.source, article.id)
                self._db.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        article.source,
                        article.id,
                        article.content_hash(),
                        article.title,
                        article.url,
                        len(chunks),
                    ),
                )
                self._db.executemany(
                    "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(c.id, c.source, c.article_id, c.position, c.title, c.heading, c.url, c.text) for c in chunks],
                )

    def remove_articles(self, source: str, article_ids: Iterable[str]) -> None:
        with self._transaction():
            for article_id in article_ids:
                self._delete_article(source, article_id)

    def forget_hashes(self) -> None:
        """Make every article look changed (after the embedding model changed)."""
        self._db.execute("UPDATE articles SET content_hash = ''")

    def _delete_article(self, source: str, article_id: str) -> None:
        self._db.execute("DELETE FROM chunks WHERE source = ? AND article_id = ?", (source, article_id))
        self._db.execute("DELETE FROM articles WHERE source = ? AND article_id = ?", (source, article_id))

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        """The passages that still exist among ``chunk_ids`` (missing ids are simply absent)."""
        found: dict[str, Chunk] = {}
        for start in range(0, len(chunk_ids), 500):
            batch = list(chunk_ids[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                "SELECT chunk_id, source, article_id, title, text, position, url, heading "
                f"FROM chunks WHERE chunk_id IN ({marks})",
                batch,
            )
            for row in rows:
                found[row[0]] = Chunk(*row)
        return found

    def iter_index_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(chunk_id, source, title, heading, text) of every passage, in a stable order."""
        yield from self._db.execute("SELECT chunk_id, source, title, heading, text FROM chunks ORDER BY rowid")

    def counts(self, source: str | None = None) -> tuple[int, int]:
        """(articles, chunks), for one source or all."""
        where, args = ("WHERE source = ?", (source,)) if source else ("", ())
        articles = self._db.execute(f"SELECT COUNT(*) FROM articles {where}", args).fetchone()[0]
        chunks = self._db.execute(f"SELECT COUNT(*) FROM chunks {where}", args).fetchone()[0]
        return int(articles), int(chunks)

    def record_status(self, status: SourceStatus) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO source_status VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                status.source,
                status.finished_at or time.time(),
                status.added,
                status.updated,
                status.removed,
                status.unchanged,
                status.failed,
                status.seconds,
            ),
        )

    def statuses(self) -> list[SourceStatus]:
        rows = self._db.execute("SELECT * FROM source_status ORDER BY source").fetchall()
        return [
            SourceStatus(
                source=row[0],
                finished_at=row[1],
                added=row[2],
                updated=row[3],
                removed=row[4],
                unchanged=row[5],
                failed=row[6],
                seconds=row[7],
                articles=self.counts(row[0])[0],
            )
            for row in rows
        ]

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
