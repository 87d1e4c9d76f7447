"""`carelayer demo`: the embedded main job on the bundled example clinic.

Syncs the configured knowledge (the example clinic by default) and answers sample patient questions
with what retrieval finds, so a newcomer sees carelayer work with nothing but this repository.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from app.jsonl import open_input, read_objects
from app.knowledge_commands import sync_knowledge
from carelayer.settings import BUNDLED_CONFIG, Settings
from knowledge.index import open_index

EXAMPLE_QUESTIONS = BUNDLED_CONFIG.parent / "examples" / "clinic" / "questions.jsonl"


def run_demo(settings: Settings, args: argparse.Namespace, out: Console, err: Console) -> int:
    started = time.perf_counter()
    reports = sync_knowledge(settings, err)
    for report in reports:
        out.print(report.summary(), highlight=False)
    questions = _questions(Path(args.questions) if args.questions else EXAMPLE_QUESTIONS, err)
    table = Table(title="What carelayer finds for sample patient questions")
    for column in ("question", "best article", "score", "also"):
        table.add_column(column, overflow="fold")
    index = open_index(settings)
    try:
        for question in questions:
            hits = index.search(question, k=3)
            best = hits[0].chunk.title if hits else "(nothing found)"
            score = f"{hits[0].score:.3f}" if hits else ""
            table.add_row(question, best, score, "; ".join(h.chunk.title for h in hits[1:]))
    finally:
        index.close()
    out.print(table)
    out.print(f"demo finished in {time.perf_counter() - started:.1f}s", highlight=False)
    return 0 if any(r.synced_anything for r in reports) else 1


def _questions(path: Path, err: Console) -> list[str]:
    with open_input(str(path)) as handle:
        records = read_objects(handle, str(path), lambda m: err.print(m, highlight=False))
        return [r["question"] for _, r in records if isinstance(r.get("question"), str) and r["question"].strip()]
