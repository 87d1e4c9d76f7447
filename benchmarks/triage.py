"""Triage benchmark: safety and quality on the example clinic, and pipeline speed with health-kb indexed.

    .venv/bin/python benchmarks/triage.py [--kb DIR] [--rounds N]

1. Simulates the example clinic's ticket history (cross-validated) and its separate holdout set,
   printing emergency recall, unsafe answers, accuracy and answered-with-correct-citation for each.
2. Indexes the clinic's articles plus the 16,648-article health-kb, then triages every example
   ticket ``--rounds`` times in one process: tickets/s and per-ticket p50/p95 latency (no LLM).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from agent.build import build_agent
from app.triage_commands import read_records, simulate
from carelayer.settings import BUNDLED_CONFIG, load_settings
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all

ROOT = BUNDLED_CONFIG.parent
CLINIC = ROOT / "examples" / "clinic"
DEFAULT_KB = ROOT.parent / "shared" / "data" / "health-kb"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    err = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="carelayer-triage-bench-") as tmp:
        clinic_only = clinic_settings(Path(tmp) / "clinic", [])
        sync_all([build_source(s, clinic_only.secrets) for s in clinic_only.knowledge.sources], open_index(clinic_only))
        for name in ("tickets.jsonl", "holdout.jsonl"):
            report, notes = simulate(clinic_only, str(CLINIC / name), err)
            print(name, json.dumps(_headline(report.to_dict()["overall"])), *notes)
        big = clinic_settings(
            Path(tmp) / "big", [{"name": "healthkb", "type": "files", "path": str(args.kb / "kb.jsonl.gz")}]
        )
        index = open_index(big)
        sync_all([build_source(s, big.secrets) for s in big.knowledge.sources], index)
        print(_speed(big, index, args.rounds, err))
    return 0


def clinic_settings(folder: Path, extra_sources: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True)
    base = json.loads(json.dumps(load_settings(BUNDLED_CONFIG, environ={}).file.model_dump(mode="json")))
    base["data_dir"] = str(folder / "data")
    base["knowledge"]["sources"] = base["knowledge"]["sources"] + extra_sources
    config = folder / "config.yaml"
    config.write_text(json.dumps(base))
    return load_settings(config, environ={})


def _headline(overall: dict) -> dict:  # type: ignore[type-arg]
    keys = ("n", "accuracy", "emergency_recall", "unsafe_answers", "answered_with_correct_citation", "false_alarms")
    return {k: overall.get(k) for k in keys}


def _speed(settings, index, rounds: int, err: Console) -> str:  # type: ignore[no-untyped-def]
    agent = build_agent(settings, retriever=index, embedder=index.embedder)
    records = [
        r for name in ("tickets.jsonl", "holdout.jsonl") for r in read_records(str(CLINIC / name), settings, err)
    ]
    timings = []
    started = time.perf_counter()
    for _ in range(rounds):
        for record in records:
            t = time.perf_counter()
            agent.triage(record.ticket, record.notes)
            timings.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - started
    timings.sort()
    return (
        f"pipeline with {index.catalog.counts()[0]} articles indexed: {len(timings) / total:.1f} tickets/s, "
        f"p50 {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms "
        f"({len(timings)} tickets)"
    )


if __name__ == "__main__":
    sys.exit(main())
