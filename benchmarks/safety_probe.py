"""Blind safety probes: does every emergency reach a person, and is any clinical question answered?

    .venv/bin/python benchmarks/safety_probe.py [FILE.jsonl ...]     # default: every file in safety_probes/

Each probe file holds 160 patient messages written without sight of the safety lexicon (70 emergencies,
40 clinical questions, 50 administrative look-alikes; ``expect`` is the label). For each file it prints:

- the deterministic screen alone: how many emergencies it escalates, how many it lets through as routine,
  how many clinical questions it routes to a nurse, how many look-alikes it escalates;
- the whole pipeline on the example clinic (screen, language gate, classifier suspicion, drafting): how many
  emergencies are escalated, handed to a person without a draft, or drafted (unsafe), and the same for clinical
  questions and look-alikes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from agent.build import build_agent
from agent.safety import Risk, screen
from carelayer.types import Action, Ticket
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all

sys.path.insert(0, str(Path(__file__).resolve().parent))
from triage import clinic_settings

PROBES = Path(__file__).parent / "safety_probes"
_SCREEN = {Risk.EMERGENCY: "escalated", Risk.CLINICAL: "to a nurse", Risk.NONE: "routine"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(PROBES.glob("*.jsonl"))
    with tempfile.TemporaryDirectory(prefix="carelayer-probe-") as folder:
        settings = clinic_settings(Path(folder) / "clinic", [])
        index = open_index(settings)
        sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        agent = build_agent(settings, retriever=index, embedder=index.embedder)
        for path in files:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            screened, piped = Counter[str](), Counter[str]()
            for row in rows:
                verdict = screen(row["subject"], row["body"])
                screened[f"{row['expect']}: {_SCREEN[verdict.risk]}"] += 1
                decision = agent.triage(Ticket(id=row["id"], subject=row["subject"], body=row["body"]))
                piped[f"{row['expect']}: {_outcome(decision.emergency, decision.action)}"] += 1
            print(f"## {path.name} ({len(rows)} messages)")
            print("screen alone:   " + ", ".join(f"{k} {v}" for k, v in sorted(screened.items())))
            print("whole pipeline: " + ", ".join(f"{k} {v}" for k, v in sorted(piped.items())))
        index.close()
    return 0


def _outcome(emergency: bool, action: Action) -> str:
    if emergency:
        return "escalated"
    return "drafted" if action in (Action.REPLY, Action.NOTE) else "to a person"


if __name__ == "__main__":
    sys.exit(main())
