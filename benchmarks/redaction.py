"""Recall and precision of PHI redaction per identifier type on the synthetic corpus (benchmarks/phi_corpus.py).

    .venv/bin/python benchmarks/redaction.py --tickets 2000 --seed 7 [--json] [--misses 10]
    .venv/bin/python benchmarks/redaction.py --compare /path/to/venv/bin/python   # + scrubadub side by side

Recall: a labelled identifier counts as caught only when every non-space character of it was replaced
(a partial redaction is a miss: what is left can identify). Precision: a replaced region counts as right
when it overlaps a labelled identifier of any type (calling an MRN an [ID] still protects it).
carelayer is measured as the pipeline runs it (the requester's name known, ``known_names``) and without.
``--compare`` runs scrubadub's default detectors in another interpreter (it is not a carelayer dependency).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.phi_corpus import generate
from carelayer.redact import redact

STRUCTURED = ("DOB", "MRN", "PHONE", "EMAIL", "ADDRESS", "CARD", "MEMBER_ID", "SSN")
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")
Region = tuple[int, int, str]  # start, end, predicted type


def replaced_regions(original: str, redacted: str) -> list[Region]:
    """Where in ``original`` each placeholder of ``redacted`` stands (redact keeps all other text verbatim)."""
    pieces = _PLACEHOLDER.split(redacted)
    kinds = [m.group(0)[1:-1] for m in _PLACEHOLDER.finditer(redacted)]
    if not kinds:
        return []
    pattern = re.escape(pieces[0]) + "".join(f"(.+?){re.escape(p)}" for p in pieces[1:])
    match = re.fullmatch(pattern, original, re.DOTALL)
    if match is None:
        raise ValueError("the redacted text does not align with the original")
    return [(match.start(i + 1), match.end(i + 1), kind) for i, kind in enumerate(kinds)]


def score(
    tickets: Sequence[dict[str, Any]], detect: Callable[[dict[str, Any]], list[Region]]
) -> tuple[dict[str, dict[str, float]], list[tuple[str, str]]]:
    """Per type: labelled, caught, recall; per predicted type: predicted, right, precision. And the misses."""
    gold, caught, predicted, right = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
    misses: list[tuple[str, str]] = []
    for ticket in tickets:
        regions = detect(ticket)
        covered = set()
        for start, end, _ in regions:
            covered.update(range(start, end))
        body = ticket["body"]
        for span in ticket["spans"]:
            gold[span["type"]] += 1
            needed = {i for i in range(span["start"], span["end"]) if not body[i].isspace()}
            if needed <= covered:
                caught[span["type"]] += 1
            else:
                misses.append((span["type"], span["text"]))
        for start, end, kind in regions:
            predicted[kind] += 1
            if any(s["start"] < end and start < s["end"] for s in ticket["spans"]):
                right[kind] += 1
    table: dict[str, dict[str, float]] = {}
    for kind in sorted(gold):
        table[kind] = {"labelled": gold[kind], "caught": caught[kind], "recall": caught[kind] / gold[kind]}
    for kind in sorted(predicted):
        row = table.setdefault(kind, {})
        row.update({"predicted": predicted[kind], "right": right[kind], "precision": right[kind] / predicted[kind]})
    return table, misses


def carelayer_detector(*, known_name: bool) -> Callable[[dict[str, Any]], list[Region]]:
    def detect(ticket: dict[str, Any]) -> list[Region]:
        names = (ticket["requester"],) if known_name else ()
        return replaced_regions(ticket["body"], redact(ticket["body"], known_names=names).text)

    return detect


_SCRUBADUB = """
import json, sys, scrubadub
scrubber = scrubadub.Scrubber()
for line in sys.stdin:
    body = json.loads(line)
    print(json.dumps([[f.beg, f.end, f.type.upper()] for f in scrubber.iter_filth(body)]))
"""


def scrubadub_regions(python: str, tickets: Sequence[dict[str, Any]]) -> list[list[Region]]:
    """scrubadub's default detectors, run in ``python`` (an interpreter where scrubadub is installed)."""
    feed = "".join(json.dumps(t["body"]) + "\n" for t in tickets)
    out = subprocess.run([python, "-c", _SCRUBADUB], input=feed, capture_output=True, text=True, check=True).stdout
    return [[(int(a), int(b), str(k)) for a, b, k in json.loads(line)] for line in out.splitlines()]


def _summary(table: dict[str, dict[str, float]]) -> dict[str, float]:
    labelled = sum(int(table[k].get("labelled", 0)) for k in STRUCTURED if k in table)
    caught = sum(int(table[k].get("caught", 0)) for k in STRUCTURED if k in table)
    predicted = sum(int(row.get("predicted", 0)) for row in table.values())
    right = sum(int(row.get("right", 0)) for row in table.values())
    return {
        "structured_recall": caught / labelled if labelled else 0.0,
        "precision": right / predicted if predicted else 0.0,
    }


def _print(name: str, table: dict[str, dict[str, float]], seconds: float, n: int) -> None:
    print(f"\n{name}  ({n / seconds:,.0f} tickets/s)")
    print(f"{'type':<10} {'labelled':>8} {'recall':>8} {'predicted':>9} {'precision':>9}")
    for kind, row in table.items():
        recall = f"{row['recall']:.2%}" if "recall" in row else "-"
        precision = f"{row['precision']:.2%}" if "precision" in row else "-"
        print(
            f"{kind:<10} {int(row.get('labelled', 0)):>8} {recall:>8} {int(row.get('predicted', 0)):>9} {precision:>9}"
        )
    summary = _summary(table)
    print(f"structured recall {summary['structured_recall']:.2%}, overall precision {summary['precision']:.2%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--misses", type=int, default=0, help="print this many missed identifiers per run")
    parser.add_argument("--compare", help="python interpreter with scrubadub installed, to run it side by side")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    tickets = list(generate(args.tickets, args.seed))
    runs: dict[str, Callable[[dict[str, Any]], list[Region]]] = {
        "carelayer (requester name known)": carelayer_detector(known_name=True),
        "carelayer (no name known)": carelayer_detector(known_name=False),
    }
    if args.compare:
        found = scrubadub_regions(args.compare, tickets)
        by_id = {t["id"]: regions for t, regions in zip(tickets, found, strict=True)}
        runs["scrubadub (default detectors)"] = lambda ticket: by_id[ticket["id"]]
    results: dict[str, Any] = {}
    for name, detect in runs.items():
        started = time.perf_counter()
        table, misses = score(tickets, detect)
        seconds = time.perf_counter() - started
        results[name] = {"table": table, **_summary(table), "tickets_per_second": len(tickets) / seconds}
        if not args.json:
            _print(name, table, seconds, len(tickets))
            for kind, text in misses[: args.misses]:
                print(f"  missed {kind}: {text!r}")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
