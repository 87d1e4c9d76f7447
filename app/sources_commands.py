"""`carelayer sources`: every configured knowledge source with its last sync, counts, errors, cursor
and freshness, read from the catalog only (no model is loaded, nothing is contacted)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from carelayer.settings import Settings
from knowledge.catalog import Catalog, SourceStatus, catalog_path
from knowledge.freshness import max_ages

CURSOR_PREVIEW_CHARS = 48


def run_sources(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    rows = source_rows(settings, now=datetime.now(UTC))
    if args.json:
        out.print_json(data={"sources": rows})
        return 0
    if not rows:
        out.print("No knowledge sources are configured (knowledge.sources in the config).")
        return 0
    table = Table(title="Knowledge sources")
    for column in ("source", "type", "status", "last sync", "articles", "last run", "stale", "errors", "cursor"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["name"],
            row["type"],
            row["status"],
            row["last_sync"] or "never",
            str(row["articles"]),
            _last_run(row),
            "-" if row["max_age_days"] is None else str(row["stale_articles"]),
            "\n".join(row["errors"][:3]) or "-",
            _preview(row["cursor"]),
        )
    out.print(table)
    return 0


def source_rows(settings: Settings, *, now: datetime) -> list[dict[str, Any]]:
    """One JSON-ready row per configured source (in config order)."""
    path = catalog_path(settings.data_dir)
    if not path.is_file():
        return [_row(settings, source.name, source.type, None, now) for source in settings.knowledge.sources]
    catalog = Catalog(path)
    try:
        return [_row(settings, source.name, source.type, catalog, now) for source in settings.knowledge.sources]
    finally:
        catalog.close()


def _row(settings: Settings, name: str, kind: str, catalog: Catalog | None, now: datetime) -> dict[str, Any]:
    max_age = max_ages(settings.knowledge).get(name)
    status: SourceStatus | None = None
    if catalog is not None:
        status = next((s for s in catalog.statuses() if s.source == name), None)
    state = catalog.state(name) if catalog is not None else None
    articles, chunks = catalog.counts(name) if catalog is not None else (0, 0)
    stale = _stale_count(catalog, name, now, max_age) if catalog is not None and max_age else 0
    errors = list(state.errors) if state else []
    return {
        "name": name,
        "type": kind,
        "status": _verdict(status, errors, stale),
        "last_sync": _iso(status.finished_at) if status else None,
        "last_sync_seconds": round(status.seconds, 3) if status else None,
        "articles": articles,
        "chunks": chunks,
        "added": status.added if status else 0,
        "updated": status.updated if status else 0,
        "removed": status.removed if status else 0,
        "unchanged": status.unchanged if status else 0,
        "failed": status.failed if status else 0,
        "errors": errors,
        "last_error_at": _iso(state.error_at) if state and state.error_at else None,
        "cursor": state.cursor if state else None,
        "last_pruned": _iso(state.pruned_at) if state and state.pruned_at else None,
        "max_age_days": None if max_age is None else max_age.days,
        "stale_articles": stale,
    }


def _verdict(status: SourceStatus | None, errors: list[str], stale: int) -> str:
    if status is None and not errors:
        return "never synced"
    if errors:
        return "errors"
    return "stale" if stale else "ok"


def _stale_count(catalog: Catalog, name: str, now: datetime, max_age: timedelta) -> int:
    dates = [datetime.fromisoformat(d) for d in catalog.article_dates(name).values() if d]
    return sum(1 for when in dates if now - when > max_age)


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def _last_run(row: dict[str, Any]) -> str:
    if row["last_sync"] is None:
        return "-"
    return f"+{row['added']} ~{row['updated']} -{row['removed']} ={row['unchanged']} !{row['failed']}"


def _preview(cursor: str | None) -> str:
    if cursor is None:
        return "-"
    return cursor if len(cursor) <= CURSOR_PREVIEW_CHARS else cursor[: CURSOR_PREVIEW_CHARS - 1] + "…"
