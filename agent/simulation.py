"""Simulation: replay past tickets through carelayer and measure, per category, what it would have done.

``summarise`` turns ``SimulationCase`` s (a decision plus what is known to be right) into a
``SimulationReport``: classification accuracy and a confusion matrix, the share of each action,
emergency recall, unsafe answers (a reply or note on a ticket labelled clinical or emergency), false
alarms, citation rates, draft similarity to the human reply, and latency. The metric definitions are
on ``agent.simulation_types.Figures``; the similarity measure is in ``agent.simulation_metrics``.

Guarantees: pure and deterministic (same cases, same report); never raises on any cases (empty input,
no labels, labels or predictions outside the taxonomy); ticket text, drafts and human replies never
reach the report, only ids, category names and numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from agent.simulation_metrics import CLINICAL, EMERGENCY, SIMILARITY_MEASURE, figures, label, percentile, token_f1
from agent.simulation_types import (
    ActionCounts,
    CategoryFigures,
    ConfusionMatrix,
    Figures,
    Ratio,
    SimulationCase,
    SimulationReport,
)

__all__ = [
    "CLINICAL",
    "EMERGENCY",
    "SIMILARITY_MEASURE",
    "ActionCounts",
    "CategoryFigures",
    "ConfusionMatrix",
    "Figures",
    "Ratio",
    "SimulationCase",
    "SimulationReport",
    "percentile",
    "summarise",
    "token_f1",
]


def summarise(cases: Sequence[SimulationCase], categories: Sequence[str]) -> SimulationReport:
    """Overall and per-category figures of ``cases`` against the taxonomy ``categories``.

    A case belongs to the category of its label, or, when unlabelled, to its predicted category (and
    then counts nowhere in accuracy). Categories seen in the input but not in the taxonomy are kept,
    after the taxonomy's, sorted, and listed in ``unknown_categories``. Every taxonomy category has an
    entry, with ``n`` 0 when no ticket belongs to it.
    """
    taxonomy = _unique(categories)
    names = (*taxonomy, *_unknown(taxonomy, cases))
    judged = any(c.expected_articles for c in cases)
    groups: dict[str, list[SimulationCase]] = {name: [] for name in names}
    for case in cases:
        groups[label(case) or case.decision.category].append(case)
    return SimulationReport(
        categories=taxonomy,
        unknown_categories=names[len(taxonomy) :],
        overall=figures(cases, judged=judged),
        per_category=tuple(CategoryFigures(n, n in taxonomy, figures(groups[n], judged=judged)) for n in names),
        confusion=_confusion(names, cases),
        similarity_measure=SIMILARITY_MEASURE,
    )


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _unknown(taxonomy: tuple[str, ...], cases: Sequence[SimulationCase]) -> list[str]:
    known = set(taxonomy)
    seen = {label(c) or c.decision.category for c in cases} | {c.decision.category for c in cases}
    return sorted(seen - known)


def _confusion(names: tuple[str, ...], cases: Sequence[SimulationCase]) -> ConfusionMatrix:
    index = {name: i for i, name in enumerate(names)}
    counts = [[0] * len(names) for _ in names]
    for case in cases:
        expected = label(case)
        if expected is not None:
            counts[index[expected]][index[case.decision.category]] += 1
    return ConfusionMatrix(labels=names, counts=tuple(tuple(row) for row in counts))
