"""A folder (or single file) of .md, .html, .txt and .jsonl(.gz) articles.

Files: the article id is the path relative to the folder, so renaming a file is a removal plus an
addition; the file's modification time is the article's date. JSONL: one article a line,
``{"id", "title", "body", "url"?, "updated_at"?}`` (ISO 8601), id kept as given.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carelayer.types import Article, SyncFailure
from knowledge.sources.base import SourceItem
from knowledge.text import Document, html_to_document, markdown_to_document, plain_to_document

_CONVERTERS = {
    ".md": markdown_to_document,
    ".markdown": markdown_to_document,
    ".html": html_to_document,
    ".htm": html_to_document,
    ".txt": plain_to_document,
}
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(_JSONL_SUFFIXES)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in _CONVERTERS or _is_jsonl(path)


class FilesSource:
    """Reads a folder of documents; see the module docstring for ids and formats."""

    def __init__(self, name: str, path: Path, *, recursive: bool = True) -> None:
        self.name = name
        self.path = path
        self.recursive = recursive

    def scan(self) -> Iterator[SourceItem]:
        if not self.path.exists():
            yield SyncFailure(self.name, str(self.path), "path does not exist", whole_source=True)
            return
        for file in self._files():
            if _is_jsonl(file):
                yield from self._scan_jsonl(file)
            else:
                yield self._read_document(file)

    def _files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        pattern = "**/*" if self.recursive else "*"
        return sorted(
            p for p in self.path.glob(pattern) if p.is_file() and not p.name.startswith(".") and is_supported(p)
        )

    def _relative(self, file: Path) -> str:
        return file.name if self.path.is_file() else file.relative_to(self.path).as_posix()

    def _read_document(self, file: Path) -> SourceItem:
        location, article_id = str(file), self._relative(file)
        try:
            raw = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            return SyncFailure(self.name, location, f"not UTF-8 text (byte {error.start})", article_id)
        except OSError as error:
            return SyncFailure(self.name, location, f"cannot read: {error.strerror or error}", article_id)
        document: Document = _CONVERTERS[file.suffix.lower()](raw)
        if not document.text.strip():
            return SyncFailure(self.name, location, "empty article (no text after conversion)")
        title = document.title or file.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        updated = datetime.fromtimestamp(file.stat().st_mtime, UTC)  # the file's last change, for freshness
        return Article(self.name, article_id, title, document.text, url=document.url, updated_at=updated)

    def _scan_jsonl(self, file: Path) -> Iterator[SourceItem]:
        opener = gzip.open if file.name.lower().endswith(".gz") else open
        try:
            with opener(file, "rt", encoding="utf-8") as lines:
                for number, line in enumerate(lines, start=1):
                    if line.strip():
                        yield self._parse_line(line, f"{file}:{number}")
        except (OSError, EOFError, UnicodeDecodeError) as error:
            # The rest of the file is unknown, so nothing of this source may be pruned on this run.
            yield SyncFailure(self.name, str(file), f"cannot read further: {error}", whole_source=True)

    def _parse_line(self, line: str, location: str) -> SourceItem:
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as error:
            return SyncFailure(self.name, location, f"malformed JSON ({error.msg} at column {error.colno})")
        if not isinstance(record, dict):
            return SyncFailure(self.name, location, "expected a JSON object")
        missing = [key for key in ("id", "body") if not _text(record.get(key))]
        if missing:
            return SyncFailure(self.name, location, f"missing or empty: {', '.join(missing)}")
        body = record["body"]
        text = html_to_document(body).text if _looks_like_html(body) else body.strip()
        title = _text(record.get("title")) or str(record["id"])
        article_id, url, updated = str(record["id"]).strip(), _text(record.get("url")), _date(record.get("updated_at"))
        return Article(self.name, article_id, title, text, url=url, updated_at=updated)


def _text(value: object) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _date(value: object) -> datetime | None:
    """An ISO 8601 date or date-time (naive means UTC); anything else is unknown."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "</p>" in head or "<br" in head or "</div>" in head or "</h" in head
