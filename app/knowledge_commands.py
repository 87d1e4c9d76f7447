"""`carelayer sync` and `carelayer search`: the knowledge index from the command line."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from app.jsonl import open_input, open_output, read_objects, write_object
from app.knowledge_sources import build_sources
from carelayer.errors import ConfigError, InputError
from carelayer.settings import Settings
from carelayer.types import SearchHit
from knowledge.index import KnowledgeIndex, Method, open_index
from knowledge.sync import Progress as ProgressCallback
from knowledge.sync import SyncReport, sync_all


def run_sync(settings: Settings, args: argparse.Namespace, err: Console) -> int:
    """Sync the configured sources (or one); exit 1 only when nothing could be synced."""
    reports = sync_knowledge(settings, err, only=args.source, full=args.full, prune=getattr(args, "prune", False))
    for report in reports:
        for failure in report.failures:
            err.print(f"[yellow]skipped[/] {failure}", markup=True, highlight=False)
    for report in reports:
        err.print(report.summary(), highlight=False)
    return 0 if any(r.synced_anything for r in reports) else 1


def sync_knowledge(
    settings: Settings, err: Console, *, only: str | None = None, full: bool = False, prune: bool = False
) -> list[SyncReport]:
    configured = settings.knowledge.sources
    chosen = [s for s in configured if only in (None, s.name)]
    if only and not chosen:
        names = ", ".join(s.name for s in configured) or "none configured"
        raise ConfigError(f"no knowledge source named {only!r} (sources: {names})", location=str(settings.config_path))
    index = open_index(settings)
    try:
        with _progress_bar(err) as advance:
            return sync_all(build_sources(settings, chosen), index, full=full, prune=prune, progress=advance)
    finally:
        index.close()


@contextmanager
def _progress_bar(err: Console) -> Iterator[ProgressCallback]:
    columns = (
        SpinnerColumn(),
        TextColumn("syncing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("sync", total=None)
        yield lambda n: progress.advance(task, n)


def run_search(settings: Settings, args: argparse.Namespace, out: Console, err: Console) -> int:
    if (args.query is None) == (args.input is None):
        raise InputError('give either a QUERY or --input FILE (JSONL lines of {"id", "question"})')
    sources = [args.source] if args.source else None
    if sources and args.source not in {s.name for s in settings.knowledge.sources}:
        raise ConfigError(f"no knowledge source named {args.source!r}", location=str(settings.config_path))
    index = open_index(settings)
    try:
        if args.input is not None:
            return _search_many(index, args, sources, err)
        hits = index.search(args.query, k=args.k, sources=sources, method=Method(args.method))
    finally:
        index.close()
    if args.json:
        out.print_json(data={"query": args.query, "results": [hit_json(h) for h in hits]})
    else:
        _print_hits(out, args.query, hits)
    return 0


def _search_many(index: KnowledgeIndex, args: argparse.Namespace, sources: list[str] | None, err: Console) -> int:
    started, answered = time.perf_counter(), 0
    with open_input(args.input) as handle, open_output(args.output) as output:
        for number, record in read_objects(handle, args.input, lambda m: err.print(m, highlight=False)):
            question = record.get("question")
            if not isinstance(question, str) or not question.strip():
                err.print(f"{args.input}:{number}: skipped: 'question' must be a non-empty string", highlight=False)
                continue
            hits = index.search(question, k=args.k, sources=sources, method=Method(args.method))
            write_object(output, {"id": record.get("id", number), "results": [hit_json(h) for h in hits]})
            answered += 1
    err.print(f"answered {answered} questions in {time.perf_counter() - started:.1f}s", highlight=False)
    return 0


def hit_json(hit: SearchHit) -> dict[str, Any]:
    chunk = hit.chunk
    return {
        "article_id": chunk.article_id,
        "title": chunk.title,
        "url": chunk.url,
        "source": chunk.source,
        "score": round(hit.score, 6),
    }


def _print_hits(out: Console, query: str, hits: list[SearchHit]) -> None:
    if not hits:
        out.print(f"No results for {query!r}.", highlight=False)
        return
    table = Table(title=f"Results for {query!r}", show_lines=False, expand=False)
    for column in ("#", "score", "title", "source", "passage"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        excerpt = " ".join(hit.chunk.text.split())[:160]
        table.add_row(str(rank), f"{hit.score:.4f}", hit.chunk.title, hit.chunk.source, excerpt)
    out.print(table)
