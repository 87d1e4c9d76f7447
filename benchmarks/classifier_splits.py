"""Category accuracy of the example clinic's tickets on several cross-validation splits.

    .venv/bin/python benchmarks/classifier_splits.py [--salts "" a b]

``carelayer simulate`` folds tickets by a hash of their id, so one split decides its accuracy; a change that gains
a ticket there may lose one on another split. This triages every ticket with the real agent (``build_agent``,
trained on the other four folds) for each salt, the salt put in front of the id before hashing (salt "" is
``simulate``'s own split), and prints each split's count and the sum: the figure to compare classifier or screen
changes by. ``benchmarks/triage.py`` reports citations, recall and speed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zlib
from pathlib import Path

from rich.console import Console

from agent.build import build_agent
from agent.records import TicketRecord
from app.triage_commands import FOLDS, read_records
from carelayer.settings import Settings
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all

sys.path.insert(0, str(Path(__file__).parent))
from triage import CLINIC, clinic_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--salts", nargs="+", default=["", "a", "b"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carelayer-splits-") as tmp:
        settings = clinic_settings(Path(tmp) / "clinic", [])
        index = open_index(settings)
        sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        records = list(read_records(str(CLINIC / "tickets.jsonl"), settings, Console(stderr=True)))
        total = 0
        for salt in args.salts:
            right = _split_accuracy(settings, index, records, salt)
            total += right
            print(f"split {salt!r}: {right}/{len(records)} ({right / len(records):.3f})")
        print(f"sum over {len(args.salts)} splits: {total}/{len(records) * len(args.salts)}")
        index.close()
    return 0


def _split_accuracy(settings: Settings, index: KnowledgeIndex, records: list[TicketRecord], salt: str) -> int:
    """Tickets the agent files under their labelled category, each triaged by an agent trained on the other folds."""

    def fold(record: TicketRecord) -> int:
        # simulate's own formula (app.triage_commands), with the salt in front of the id
        return zlib.crc32((salt + record.ticket.id).encode()) % FOLDS

    right = 0
    for held_out in range(FOLDS):
        kept = [r for r in records if fold(r) != held_out]
        agent = build_agent(settings, retriever=index, embedder=index.embedder, training=kept)
        right += sum(agent.triage(r.ticket, r.notes).category == r.category for r in records if fold(r) == held_out)
    return right


if __name__ == "__main__":
    raise SystemExit(main())
