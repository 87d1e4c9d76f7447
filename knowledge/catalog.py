"""The knowledge catalog (SQLite): which articles are indexed, their content hash, and the passages.

It is the source of truth that both search engines are checked against: a vector or BM25 hit whose
passage is not in the catalog is dropped, so an interrupted sync never surfaces removed knowledge.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
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
CREATE TABLE IF NOT EXISTS source_state (
    source TEXT PRIMARY KEY, cursor TEXT, pruned_at REAL, errors TEXT NOT NULL DEFAULT '[]',
    error_at REAL
);
CREATE TABLE IF NOT EXISTS source_status (
    source TEXT PRIMARY KEY, finished_at REAL NOT NULL, added INTEGER NOT NULL, updated INTEGER NOT NULL,
    removed INTEGER NOT NULL, unchanged INTEGER NOT NULL, failed INTEGER NOT NULL, seconds REAL NOT NULL
);
"""


def catalog_path(data_dir: Path) -> Path:
    """Where the catalog of a data folder lives (``open_index`` opens the same file)."""
    return data_dir / "knowledge" / "catalog.sqlite3"


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


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the next sync of a source resumes from, and what went wrong last time."""

    source: str
    cursor: str | None = None
    pruned_at: float | None = None
    errors: tuple[str, ...] = ()
    error_at: float | None = None


class Catalog:
    """One SQLite file; every write method is a single transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Older catalogs lack the article date (freshness); adding the column keeps their passages."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
        if "updated_at" not in columns:
            self._db.execute("ALTER TABLE articles ADD COLUMN updated_at TEXT")

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

    def article_dates(self, source: str) -> dict[str, str | None]:
        """Each article's ``updated_at`` (ISO 8601) as stored, None when the source gave none."""
        rows = self._db.execute("SELECT article_id, updated_at FROM articles WHERE source = ?", (source,))
        return dict(rows.fetchall())

    def set_dates(self, source: str, dates: Iterable[tuple[str, datetime | None]]) -> None:
        """Record a newer date for unchanged articles (a page re-saved without edits is fresh again)."""
        with self._transaction():
            self._db.executemany(
                "UPDATE articles SET updated_at = ? WHERE source = ? AND article_id = ?",
                [(_iso(when), source, article_id) for article_id, when in dates],
            )

    def sources(self) -> list[str]:
        """Every source with an article, in order. Read on every search: a skip-scan of the primary key seeks
        once per source instead of reading every article (1.7 ms per call with the 16,684-article health-kb)."""
        rows = self._db.execute(
            "WITH RECURSIVE present(source) AS ("
            " SELECT MIN(source) FROM articles"
            " UNION ALL SELECT (SELECT MIN(source) FROM articles WHERE source > present.source)"
            " FROM present WHERE present.source IS NOT NULL"
            ") SELECT source FROM present WHERE source IS NOT NULL"
        )
        return [row[0] for row in rows]

    def replace_articles(self, articles: Sequence[tuple[Article, Sequence[Chunk]]]) -> None:
        """Store articles with their passages, replacing what was there for the same ids."""
        with self._transaction():
            for article, chunks in articles:
                self._delete_article(article.source, article.id)
                self._db.execute(
                    "INSERT INTO articles (source, article_id, content_hash, title, url, chunk_count, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.source,
                        article.id,
                        article.content_hash(),
                        article.title,
                        article.url,
                        len(chunks),
                        _iso(article.updated_at),
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
        for batch, marks in _batches(chunk_ids):
            rows = self._db.execute(
                "SELECT c.chunk_id, c.source, c.article_id, c.title, c.text, c.position, c.url, c.heading, "
                "a.updated_at FROM chunks c "
                "LEFT JOIN articles a ON a.source = c.source AND a.article_id = c.article_id "
                f"WHERE c.chunk_id IN ({marks})",
                batch,
            )
            for row in rows:
                found[row[0]] = Chunk(
                    id=row[0],
                    source=row[1],
                    article_id=row[2],
                    title=row[3],
                    text=row[4],
                    position=row[5],
                    url=row[6],
                    heading=row[7],
                    updated_at=_parse_iso(row[8]),
                )
        return found

    def titles(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Title of each of ``article_ids`` still indexed, from any source (missing ids are absent)."""
        found: dict[str, str] = {}
        for batch, marks in _batches(article_ids):
            rows = self._db.execute(f"SELECT article_id, title FROM articles WHERE article_id IN ({marks})", batch)
            found.update((str(row[0]), str(row[1])) for row in rows)
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

    def state(self, source: str) -> SourceState:
        row = self._db.execute(
            "SELECT cursor, pruned_at, errors, error_at FROM source_state WHERE source = ?", (source,)
        ).fetchone()
        if row is None:
            return SourceState(source)
        return SourceState(source, row[0], row[1], tuple(json.loads(row[2])), row[3])

    def save_cursor(self, source: str, cursor: str | None) -> None:
        """Store where the next incremental sync resumes (None: the next sync is a full scan)."""
        self._ensure_state(source)
        self._db.execute("UPDATE source_state SET cursor = ? WHERE source = ?", (cursor, source))

    def mark_pruned(self, source: str, when: float) -> None:
        self._ensure_state(source)
        self._db.execute("UPDATE source_state SET pruned_at = ? WHERE source = ?", (when, source))

    def record_errors(self, source: str, errors: Sequence[str], when: float) -> None:
        """Keep the last run's errors (ids and reasons only, never article text); empty clears them."""
        self._ensure_state(source)
        self._db.execute(
            "UPDATE source_state SET errors = ?, error_at = ? WHERE source = ?",
            (json.dumps(list(errors)), when if errors else None, source),
        )

    def _ensure_state(self, source: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO source_state (source) VALUES (?)", (source,))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _parse_iso(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)


# SQLite caps the parameters of one statement (999 in older builds): ids are looked up 500 at a time.
_BATCH = 500


def _batches(ids: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``ids`` in slices of ``_BATCH``, each with its "?,?,..." placeholders for an ``IN (...)``."""
    for start in range(0, len(ids), _BATCH):
        batch = list(ids[start : start + _BATCH])
        yield batch, ",".join("?" * len(batch))
