"""Confluence sync benchmark: a 5,000-page fake space, first sync, then a second with 1% of pages edited.

    .venv/bin/python benchmarks/confluence_sync.py [--pages 5000] [--changed 0.01] [--out FILE.json]

The stateful fake Confluence from the tests (recorded-shape REST v1 JSON over HTTP on a loopback
port, 50 pages per search as Cloud serves bodies) holds pages whose last edits are spread over a
year; the index is the real embedded one (SQLite, bm25s, Chroma, wordllama) in a temporary folder.
The second sync runs a day later with 1% of the pages edited: it is incremental (CQL lastmodified
from the cursor, minus the 3-hour overlap) and re-embeds only the edited pages. Figures go to
docs/benchmarks.md by hand, with the command that produced them.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from carelayer.settings import load_settings
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import SyncReport, sync_source
from tests.knowledge.fake_confluence import TOKEN, USERNAME, FakeConfluence, serve

WORDS = [
    "appointment",
    "billing",
    "portal",
    "referral",
    "insurance",
    "refill",
    "pharmacy",
    "parking",
    "records",
    "release",
    "form",
    "clinic",
    "nurse",
    "visit",
    "schedule",
    "cancel",
    "reschedule",
    "copay",
    "deductible",
    "statement",
    "payment",
    "plan",
    "interpreter",
    "access",
    "telehealth",
    "video",
    "lab",
    "results",
    "fasting",
    "imaging",
    "radiology",
    "vaccine",
    "flu",
    "pediatric",
    "dermatology",
    "cardiology",
]


def page_body(rng: random.Random, n: int) -> str:
    """About 1.5 kB of storage format: headings, paragraphs, an info macro, a table and a Jira macro."""

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."

    parts = [f"<h2>Overview {n}</h2>", f"<p>{sentence()} {sentence()}</p>"]
    parts.append(
        '<ac:structured-macro ac:name="info"><ac:rich-text-body>'
        f"<p>{sentence()}</p></ac:rich-text-body></ac:structured-macro>"
    )
    parts.append(f"<h2>Details</h2><p>{sentence()} {sentence()} {sentence()}</p>")
    rows = "".join(
        f"<tr><td><p>{rng.choice(WORDS)}</p></td><td><p>${rng.randint(5, 90)}</p></td></tr>" for _ in range(4)
    )
    parts.append(f"<table><tbody>{rows}</tbody></table>")
    parts.append(
        '<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">KB-1</ac:parameter></ac:structured-macro>'
    )
    return "".join(parts)


def seed(fake: FakeConfluence, pages: int, rng: random.Random) -> list[str]:
    fake.now -= timedelta(days=365)
    step = timedelta(days=365) / pages
    ids = []
    for n in range(pages):
        ids.append(fake.add_page("KB", f"Article {n}", page_body(rng, n)))
        fake.now += step
    return ids


def timed_sync(settings: Any, **options: Any) -> tuple[SyncReport, float]:
    index = open_index(settings)
    try:
        index.prepare()
        started = time.perf_counter()
        report = sync_source(build_source(settings.knowledge.sources[0], settings.secrets), index, **options)
        return report, time.perf_counter() - started
    finally:
        index.close()


def run(pages: int, changed: float, folder: Path) -> dict[str, Any]:
    rng = random.Random(5)
    fake = FakeConfluence(max_limit=50)
    ids = seed(fake, pages, rng)
    with serve(fake.app) as url:
        source = {
            "name": "wiki",
            "type": "confluence",
            "url": url,
            "spaces": ["KB"],
            "username": USERNAME,
            "requests_per_minute": 1_000_000,
            "page_size": 50,
        }
        config = folder / "config.yaml"
        config.write_text(json.dumps({"data_dir": str(folder / "data"), "knowledge": {"sources": [source]}}))
        settings = load_settings(config, environ={"CONFLUENCE_API_TOKEN": TOKEN})
        first, first_seconds = timed_sync(settings)
        first_requests = len(fake.requests)
        fake.now += timedelta(days=1)
        edited = rng.sample(ids, max(1, int(pages * changed)))
        for page_id in edited:
            fake.edit(page_id, body=page_body(rng, int(page_id)) + "<p>Updated policy text.</p>")
        second, second_seconds = timed_sync(settings)
        second_requests = len(fake.requests) - first_requests
        before_prune = len(fake.requests)
        pruned, prune_seconds = timed_sync(settings, prune=True)
        prune_requests = len(fake.requests) - before_prune
    return {
        "pages": pages,
        "first": {
            "seconds": round(first_seconds, 2),
            "pages_per_second": round(pages / first_seconds, 1),
            "added": first.added,
            "requests": first_requests,
            "chunks": first.chunks,
        },
        "second": {
            "seconds": round(second_seconds, 2),
            "edited": len(edited),
            "updated": second.updated,
            "incremental": second.incremental,
            "requests": second_requests,
            "ratio_to_first": round(second_seconds / first_seconds, 4),
        },
        "prune": {"seconds": round(prune_seconds, 2), "removed": pruned.removed, "requests": prune_requests},
    }


def render(figures: dict[str, Any]) -> str:
    first, second, prune = figures["first"], figures["second"], figures["prune"]
    return "\n".join(
        [
            "| sync | pages | seconds | pages/s | HTTP requests | re-embedded |",
            "|---|---:|---:|---:|---:|---:|",
            f"| first (full scan) | {figures['pages']} | {first['seconds']} | {first['pages_per_second']} | "
            f"{first['requests']} | {first['added']} |",
            f"| second ({second['edited']} edited, incremental) | {figures['pages']} | {second['seconds']} | - | "
            f"{second['requests']} | {second['updated']} |",
            f"| incremental + prune (id listing) | {figures['pages']} | {prune['seconds']} | - | "
            f"{prune['requests']} | 0 |",
            "",
            f"second / first = {second['ratio_to_first']:.2%}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--changed", type=float, default=0.01, help="share of pages edited before the second sync")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per fake request otherwise
    with tempfile.TemporaryDirectory(prefix="carelayer-confluence-bench-") as tmp:
        figures = run(args.pages, args.changed, Path(tmp))
    print(render(figures))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
