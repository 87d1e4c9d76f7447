"""What the gate on automatic replies (``safety.auto_max_clinical_share``) costs and what it catches.

    .venv/bin/python benchmarks/auto_gate.py [--limit 0.1]

1. Cost: the example clinic's past tickets (cross-validated) with every administrative category in
   ``auto``, once with the gate off (limit 1.0) and once at ``--limit``: auto replies per category.
2. Catch: every blind-probe emergency the safety screen lets through as routine, and every probe
   look-alike it lets through, against the classifier's clinical + emergency share: how many reach the
   limit (an emergency held for a person is the point; a look-alike held is the price).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console

from agent.build import load_training, train_classifier
from agent.safety import Risk, screen
from app.triage_commands import simulate
from carelayer.settings import Settings
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all

sys.path.insert(0, str(Path(__file__).resolve().parent))
from safety_probe import PROBES
from triage import CLINIC, clinic_settings

SAFETY = ("clinical", "emergency")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carelayer-gate-") as folder:
        base = clinic_settings(Path(folder) / "clinic", [])
        index = open_index(base)
        sync_all([build_source(s, base.secrets) for s in base.knowledge.sources], index)
        for limit in (1.0, args.limit):
            report, _ = simulate(_all_auto(base, limit), str(CLINIC / "tickets.jsonl"), Console(stderr=True))
            replies = {c.category: c.figures.actions.reply for c in report.per_category if c.figures.actions.reply}
            print(f"limit {limit:.2f}: {sum(replies.values())} auto replies", json.dumps(replies))
        classifier = train_classifier(base, load_training(base), index.embedder)
        held: Counter[str] = Counter()
        for path in sorted(PROBES.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if row["expect"] == "clinical" or screen(row["subject"], row["body"]).risk is not Risk.NONE:
                    continue
                scores = classifier.classify(row["subject"], row["body"]).scores
                share = sum(scores.get(name, 0.0) for name in SAFETY)
                held[f"{row['expect']}: routine"] += 1
                held[f"{row['expect']}: held at {args.limit:.2f}"] += share >= args.limit
        print("probe messages the screen lets through:", json.dumps(dict(sorted(held.items()))))
        index.close()
    return 0


def _all_auto(settings: Settings, limit: float) -> Settings:
    categories = tuple(
        c if c.name in SAFETY else c.model_copy(update={"mode": "auto"}) for c in settings.file.categories
    )
    safety = settings.file.safety.model_copy(update={"auto_max_clinical_share": limit})
    return dataclasses.replace(
        settings, file=settings.file.model_copy(update={"categories": categories, "safety": safety})
    )


if __name__ == "__main__":
    sys.exit(main())
