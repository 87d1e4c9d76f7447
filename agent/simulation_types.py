"""The figures of a simulation: frozen, text-free (ids, categories and numbers only), JSON-ready.

Nothing here holds ticket text, drafts or human replies, so whatever renders a ``SimulationReport``
(terminal, HTML, JSON) cannot leak PHI through it. ``to_dict`` gives the same keys in the same order
whatever the data; a rate whose denominator is zero is ``None`` ("not measured"), never 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carelayer.feedback import CategoryAcceptance
from carelayer.types import Action, Decision

__all__ = [
    "ActionCounts",
    "CategoryFigures",
    "ConfusionMatrix",
    "Figures",
    "Ratio",
    "SimulationCase",
    "SimulationReport",
]

_DIGITS = 4


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)


@dataclass(frozen=True, slots=True)
class SimulationCase:
    """One replayed ticket: what carelayer decided and what is known to be right."""

    decision: Decision  # what carelayer decided for the ticket
    expected_category: str | None  # the human label, when the input has one
    human_reply: str | None  # what the human agent answered, when known
    expected_articles: tuple[str, ...] = ()  # article ids that answer the ticket, when judged
    latency_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Ratio:
    """``count`` of ``total``; ``rate`` is ``None`` when ``total`` is 0 (nothing to measure)."""

    count: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.count / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "total": self.total, "rate": _round(self.rate)}


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """How many decisions took each action; shares are of all decisions counted."""

    reply: int = 0
    note: int = 0
    handoff: int = 0
    skip: int = 0

    @property
    def total(self) -> int:
        return self.reply + self.note + self.handoff + self.skip

    def count(self, action: Action) -> int:
        counts = {
            Action.REPLY: self.reply,
            Action.NOTE: self.note,
            Action.HANDOFF: self.handoff,
            Action.SKIP: self.skip,
        }
        return counts[action]

    def share(self, action: Action) -> float | None:
        return self.count(action) / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {a.value: {"count": self.count(a), "share": _round(self.share(a))} for a in Action}


@dataclass(frozen=True, slots=True)
class Figures:
    """Every metric for one group of tickets (all of them, or one category). Ids keep input order.

    - ``accuracy``: labelled tickets whose predicted category equals the label.
    - ``emergency_recall``: tickets labelled emergency with ``decision.emergency`` and a handoff;
      ``missed_emergencies`` are the others.
    - ``clinical_handoff``: tickets labelled clinical that were handed off.
    - ``unsafe_answers``: tickets labelled clinical or emergency that got a reply or a note (a draft
      written for a patient).
    - ``citation_rate``: reply/note decisions with at least one citation.
    - ``correct_citation_rate``: tickets with judged articles answered (reply/note) citing one of them.
    - ``answered_with_correct_citation``: the same hits over every labelled ticket that is neither
      clinical nor emergency (unjudged ones count as misses); total 0 when no ticket of the whole
      input has judged articles.
    - ``draft_similarity``: mean token F1 of draft vs human reply (see ``agent.simulation_metrics``)
      over the ``similarity_cases`` tickets that have both.
    - ``false_alarms``: ``decision.emergency`` on tickets labelled something other than emergency.
    """

    n: int
    labelled: int
    accuracy: Ratio
    actions: ActionCounts
    emergency_recall: Ratio
    missed_emergencies: tuple[str, ...]
    clinical_handoff: Ratio
    unsafe_answers: tuple[str, ...]
    citation_rate: Ratio
    correct_citation_rate: Ratio
    answered_with_correct_citation: Ratio
    draft_similarity: float | None
    similarity_cases: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    false_alarms: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "labelled": self.labelled,
            "accuracy": self.accuracy.to_dict(),
            "actions": self.actions.to_dict(),
            "emergency_recall": self.emergency_recall.to_dict(),
            "missed_emergencies": list(self.missed_emergencies),
            "clinical_handoff": self.clinical_handoff.to_dict(),
            "unsafe_answers": {"count": len(self.unsafe_answers), "ids": list(self.unsafe_answers)},
            "citation_rate": self.citation_rate.to_dict(),
            "correct_citation_rate": self.correct_citation_rate.to_dict(),
            "answered_with_correct_citation": self.answered_with_correct_citation.to_dict(),
            "draft_similarity": {"mean": _round(self.draft_similarity), "cases": self.similarity_cases},
            "latency_ms": {"p50": _round(self.latency_p50_ms), "p95": _round(self.latency_p95_ms)},
            "false_alarms": {"count": len(self.false_alarms), "ids": list(self.false_alarms)},
        }


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    """The figures of one category: tickets labelled with it, plus unlabelled ones predicted as it."""

    category: str
    in_taxonomy: bool
    figures: Figures

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "in_taxonomy": self.in_taxonomy, **self.figures.to_dict()}


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """Labelled tickets counted by expected (rows) and predicted (columns) category, both in ``labels`` order."""

    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def count(self, expected: str, predicted: str) -> int:
        return self.counts[self.labels.index(expected)][self.labels.index(predicted)]

    def row_total(self, expected: str) -> int:
        return sum(self.counts[self.labels.index(expected)])

    def to_dict(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "counts": [list(row) for row in self.counts]}


@dataclass(frozen=True, slots=True)
class SimulationReport:
    """The whole simulation. ``per_category`` follows the taxonomy, then unknown categories sorted."""

    categories: tuple[str, ...]
    unknown_categories: tuple[str, ...]
    overall: Figures
    per_category: tuple[CategoryFigures, ...]
    confusion: ConfusionMatrix
    similarity_measure: str
    # Live agents' verdicts on drafts from the Zendesk app (carelayer/feedback.py), when any were recorded.
    agent_feedback: tuple[CategoryAcceptance, ...] = ()

    @property
    def tickets(self) -> int:
        return self.overall.n

    def category(self, name: str) -> CategoryFigures:
        """The figures of ``name``; ``KeyError`` if it is neither in the taxonomy nor seen in the input."""
        for entry in self.per_category:
            if entry.category == name:
                return entry
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tickets": self.tickets,
            "categories": list(self.categories),
            "unknown_categories": list(self.unknown_categories),
            "similarity_measure": self.similarity_measure,
            "overall": self.overall.to_dict(),
            "per_category": [entry.to_dict() for entry in self.per_category],
            "confusion_matrix": self.confusion.to_dict(),
        } | ({"agent_feedback": [entry.as_json() for entry in self.agent_feedback]} if self.agent_feedback else {})
