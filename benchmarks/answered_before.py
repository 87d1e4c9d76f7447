"""The answered-before prior at hospital scale: learning time, memory and per-ticket cost.

    .venv/bin/python benchmarks/answered_before.py [--kb DIR] [--articles 500] [--per-article 10]

Past tickets are made from the health-kb (../shared/data/health-kb): for each of ``--articles`` articles,
``--per-article`` "tickets", each one sentence of the article (as a patient's question would share its
words, not copy the title), naming that article as its answer; one more sentence per article is held out.
It prints the time and peak traced memory to learn the centroids (wordllama embeddings included), their
size, the prior's p50/p95 time per ticket, and how often the held-out sentence's own article has the
highest prior (a sanity check that the centroids carry the articles' meaning, not a quality figure:
the example clinic's figures are in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
import tracemalloc
from pathlib import Path

from agent.answered_before import AnsweredBefore
from agent.records import TicketRecord
from carelayer.settings import BUNDLED_CONFIG, EmbeddingSettings
from carelayer.types import Ticket
from knowledge.embeddings import build_embedder

DEFAULT_KB = BUNDLED_CONFIG.parent.parent / "shared" / "data" / "health-kb"
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--per-article", type=int, default=10)
    args = parser.parse_args()
    past, held_out, titles = _tickets(args.kb / "kb.jsonl.gz", args.articles, args.per_article)
    embedder = build_embedder(EmbeddingSettings())
    embedder.embed_documents(["warm up"])  # the model's own loading is not the prior's cost
    tracemalloc.start()
    started = time.perf_counter()
    learnt = AnsweredBefore.learn(past, titles, embedder)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert learnt is not None
    lexical = learnt.lexical
    size = lexical.data.nbytes + lexical.indices.nbytes + lexical.indptr.nbytes + learnt.dense.nbytes
    timings, top = [], 0
    for text, article in held_out:
        t = time.perf_counter()
        prior = learnt.prior(text)
        timings.append((time.perf_counter() - t) * 1000)
        top += max(prior, key=prior.__getitem__) == article
    p95 = statistics.quantiles(timings, n=20)[18]
    print(
        f"{len(past)} past tickets, {len(learnt.articles)} articles: learnt in {seconds:.1f} s, "
        f"peak traced memory {peak / 2**20:.0f} MiB; centroids {lexical.shape[0]} x "
        f"{lexical.shape[1] + learnt.dense.shape[1]}, {lexical.nnz:,} lexical non-zeros, {size / 2**20:.1f} MiB"
    )
    print(
        f"prior per ticket: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms; held-out sentence's own "
        f"article first: {top}/{len(held_out)}"
    )
    return 0


def _tickets(
    path: Path, articles: int, per_article: int
) -> tuple[list[TicketRecord], list[tuple[str, str]], dict[str, str]]:
    past: list[TicketRecord] = []
    held_out: list[tuple[str, str]] = []
    titles: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            sentences = [s for s in _SENTENCE.split(row["body"]) if 40 <= len(s) <= 300]
            if len(sentences) <= per_article:
                continue
            titles[row["id"]] = row["title"]
            for n, sentence in enumerate(sentences[:per_article]):
                ticket = Ticket(f"{row['id']}#{n}", "", sentence)
                past.append(TicketRecord(ticket, category="general", articles=(row["id"],)))
            held_out.append((sentences[per_article], row["id"]))
            if len(titles) == articles:
                break
    return past, held_out, titles


if __name__ == "__main__":
    raise SystemExit(main())
