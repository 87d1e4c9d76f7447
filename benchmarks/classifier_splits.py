"""Category accuracy of the example clinic's tickets on several cross-validation splits, in about 30 seconds.

    .venv/bin/python benchmarks/classifier_splits.py [--salts "" a b]

``carelayer simulate`` folds tickets by a hash of their id, so one split decides its accuracy; a change that gains
a ticket there may lose one on another split. This replays only the pipeline's category decision (the safety
screen, then the classifier trained on the other four folds, then the classifier-suspicion threshold) for each
salt (salt "" is ``simulate``'s own split) and prints each split's count and the sum: the figure to compare
classifier or screen changes by. Drafting and retrieval are left out; ``benchmarks/triage.py`` measures them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zlib
from pathlib import Path

from rich.console import Console

from agent.build import train_classifier
from agent.casing import unshout
from agent.classifier import Classifier
from agent.pipeline import CLASSIFIER_CLINICAL_CONFIDENCE, CLINICAL, EMERGENCY
from agent.records import TicketRecord
from agent.redact import redact
from agent.safety import Risk, screen
from agent.screened import set_aside
from app.triage_commands import FOLDS, read_records
from carelayer.settings import Settings
from knowledge.embeddings import Embedder, build_embedder

sys.path.insert(0, str(Path(__file__).parent))
from triage import CLINIC, clinic_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--salts", nargs="+", default=["", "a", "b"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carelayer-splits-") as tmp:
        settings = clinic_settings(Path(tmp) / "clinic", [])
        records = list(read_records(str(CLINIC / "tickets.jsonl"), settings, Console(stderr=True)))
        embedder = build_embedder(settings.embeddings)
        total = 0
        for salt in args.salts:
            right = _split_accuracy(settings, records, embedder, salt)
            total += right
            print(f"split {salt!r}: {right}/{len(records)} ({right / len(records):.3f})")
        print(f"sum over {len(args.salts)} splits: {total}/{len(records) * len(args.salts)}")
    return 0


def _split_accuracy(settings: Settings, records: list[TicketRecord], embedder: Embedder, salt: str) -> int:
    """Tickets whose category the pipeline would get right, each classified by a model trained on the other folds."""

    def fold(record: TicketRecord) -> int:
        return zlib.crc32((salt + record.ticket.id).encode()) % FOLDS

    right = 0
    for held_out in range(FOLDS):
        classifier = train_classifier(settings, [r for r in records if fold(r) != held_out], embedder)
        right += sum(_category(r, classifier) == r.category for r in records if fold(r) == held_out)
    return right


def _category(record: TicketRecord, classifier: Classifier) -> str:
    """The category ``agent.pipeline`` files the ticket under (screen first, then the classifier)."""
    verdict = screen(record.ticket.subject, record.ticket.body)
    if verdict.risk is not Risk.NONE:
        return EMERGENCY if verdict.risk is Risk.EMERGENCY else CLINICAL
    ticket = record.ticket
    names = (ticket.requester.name,) if ticket.requester and ticket.requester.name else ()  # as agent.pipeline
    subject, body = (
        unshout(set_aside(redact(t, known_names=names).text, verdict.cleared)) for t in (ticket.subject, ticket.body)
    )
    result = classifier.classify(subject, body)
    if result.category in {EMERGENCY, CLINICAL} and result.confidence < CLASSIFIER_CLINICAL_CONFIDENCE:
        others = {name: p for name, p in result.scores.items() if name not in {EMERGENCY, CLINICAL}}
        return max(others, key=lambda name: others[name])
    return result.category


if __name__ == "__main__":
    raise SystemExit(main())
