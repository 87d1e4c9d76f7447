"""Simulation from the console: an uploaded JSONL of past tickets, replayed under the current settings
and, optionally, under a proposed change, with per-category deltas. Nothing is written anywhere.

Tickets that are also the classifier's training data are judged by a classifier that did not see them
(k-fold, like `carelayer simulate`). Both configurations share the classifiers when the proposal does
not change what the classifier learns from, so the comparison isolates the policy change.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from agent.answered_before import AnsweredBefore
from agent.build import english_hints, learn_answered_before, train_classifier
from agent.classifier import Classifier
from agent.compose import ExtractiveComposer
from agent.language import LanguageDetector
from agent.pipeline import Retriever, TriageAgent
from agent.records import TicketRecord, parse_record
from agent.simulation import Figures, SimulationCase, SimulationReport, summarise
from carelayer.errors import InputError
from carelayer.settings import Settings
from carelayer.types import Action
from knowledge.embeddings import Embedder

FOLDS = 5
MAX_TICKETS = 2000


@dataclass(frozen=True, slots=True)
class Upload:
    records: tuple[TicketRecord, ...]
    skipped: tuple[str, ...]  # "line N: what is wrong"


def parse_upload(data: bytes, *, max_body_chars: int, max_tickets: int = MAX_TICKETS) -> Upload:
    """The tickets of a JSONL upload; bad lines are listed by number. InputError when none is usable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"the file is not UTF-8 text (byte {error.start})") from error
    records, skipped = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            skipped.append(f"line {number}: not valid JSON ({error.msg}, column {error.colno})")
            continue
        if not isinstance(value, dict):
            skipped.append(f"line {number}: not a JSON object")
            continue
        records.append(parse_record(value, fallback_id=f"line-{number}", max_body_chars=max_body_chars))
        if len(records) > max_tickets:
            raise InputError(f"line {number}: more than {max_tickets} tickets; upload a smaller sample")
    if not records:
        detail = f" ({len(skipped)} unusable lines)" if skipped else ""
        raise InputError(f"the file holds no tickets{detail}; one JSON object per line is expected")
    return Upload(tuple(records), tuple(skipped))


@dataclass(frozen=True, slots=True)
class Comparison:
    current: SimulationReport
    proposed: SimulationReport | None
    notes: tuple[str, ...]


def simulate(
    current: Settings,
    proposed: Settings | None,
    *,
    records: Sequence[TicketRecord],
    training: Sequence[TicketRecord],
    retriever: Retriever,
    embedder: Embedder,
) -> Comparison:
    """Replay ``records`` under ``current`` (and ``proposed``); deterministic for the same inputs."""
    seen = {r.ticket.id for r in training} & {r.ticket.id for r in records}
    folds = FOLDS if seen else 1
    same_learning = proposed is None or _learned(proposed) == _learned(current)
    cases: dict[str, list[SimulationCase]] = {"current": [], "proposed": []}
    for fold in range(folds):
        held_out = {r.ticket.id for r in records if _fold_of(r.ticket.id, folds) == fold} if folds > 1 else set()
        kept = [r for r in training if r.ticket.id not in held_out]
        mine = [r for r in records if _fold_of(r.ticket.id, folds) == fold]
        classifier = train_classifier(current, kept, embedder)
        prior = learn_answered_before(current, kept, retriever, embedder)
        cases["current"] += _replay(_agent(current, classifier, retriever, embedder, prior), mine)
        if proposed is not None:
            other = classifier if same_learning else train_classifier(proposed, kept, embedder)
            prior = prior or learn_answered_before(proposed, kept, retriever, embedder)  # current may have it off
            cases["proposed"] += _replay(_agent(proposed, other, retriever, embedder, prior), mine)
    notes = (
        [f"{len(seen)} tickets were also training data: classified by {folds}-fold cross-validation"] if seen else []
    )
    order = {r.ticket.id: i for i, r in enumerate(records)}
    reports = {
        key: summarise(sorted(value, key=lambda c: order[c.decision.ticket_id]), [c.name for c in current.categories])
        for key, value in cases.items()
    }
    return Comparison(reports["current"], reports["proposed"] if proposed is not None else None, tuple(notes))


def _learned(settings: Settings) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((c.name, c.description, c.examples) for c in settings.categories)


def _agent(
    settings: Settings,
    classifier: Classifier,
    retriever: Retriever,
    embedder: Embedder,
    answered_before: AnsweredBefore | None,
) -> TriageAgent:
    composer = ExtractiveComposer(settings.file.replies, embedder)
    return TriageAgent(
        settings=settings.file,
        classifier=classifier,
        retriever=retriever,
        composer=composer,
        language=LanguageDetector(),
        answered_before=answered_before,
        hints=english_hints(settings),
    )


def _replay(agent: TriageAgent, records: Sequence[TicketRecord]) -> list[SimulationCase]:
    cases = []
    for record in records:
        started = time.perf_counter()
        decision = agent.triage(record.ticket, record.notes)
        latency = (time.perf_counter() - started) * 1000
        cases.append(SimulationCase(decision, record.category, record.reply, record.articles, latency))
    return cases


def _fold_of(ticket_id: str, folds: int) -> int:
    return zlib.crc32(ticket_id.encode()) % folds  # stable across runs, unlike hash()


@dataclass(frozen=True, slots=True)
class Delta:
    """One category's figures under both configurations."""

    category: str
    tickets: int
    current: Figures
    proposed: Figures

    def share(self, figures: Figures, action: Action) -> float:
        return figures.actions.share(action) or 0.0

    def change(self, action: Action) -> float:
        return self.share(self.proposed, action) - self.share(self.current, action)

    @property
    def unsafe_change(self) -> int:
        return len(self.proposed.unsafe_answers) - len(self.current.unsafe_answers)


def deltas(comparison: Comparison) -> list[Delta]:
    """Per category (taxonomy order, then unknown ones), the two configurations' figures side by side."""
    if comparison.proposed is None:
        return []
    proposed = {c.category: c.figures for c in comparison.proposed.per_category}
    rows = [
        Delta(c.category, c.figures.n, c.figures, proposed[c.category])
        for c in comparison.current.per_category
        if c.category in proposed
    ]
    rows.append(
        Delta("All tickets", comparison.current.overall.n, comparison.current.overall, comparison.proposed.overall)
    )
    return rows
