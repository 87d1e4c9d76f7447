"""The metrics of one group of simulated tickets: pure functions of the cases, no I/O, no randomness.

Draft similarity is **token F1**: both texts are lowercased, split into Unicode word tokens (``\\w+``),
English stopwords are dropped, and the multiset overlap gives precision (share of the draft's tokens
found in the human reply) and recall (share of the reply's tokens found in the draft); F1 is their
harmonic mean, in [0, 1]. Two texts with no content tokens at all score 1 if both are empty, else 0.
It rewards covering the same facts with the same words; it does not judge tone or correctness.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from agent.simulation_types import ActionCounts, Figures, Ratio, SimulationCase
from carelayer.types import Action

__all__ = ["CLINICAL", "EMERGENCY", "SIMILARITY_MEASURE", "figures", "label", "percentile", "token_f1"]

EMERGENCY = "emergency"
CLINICAL = "clinical"
SIMILARITY_MEASURE = "token F1 (lowercased word tokens, English stopwords removed) of draft vs human reply"

# Actions that put a draft in front of a patient (directly, or through an agent who may send it).
_ANSWERING = frozenset({Action.REPLY, Action.NOTE})
_Predicate = Callable[[SimulationCase], bool]
_TOKEN = re.compile(r"\w+")
# English function words (a subset of the usual lists): they carry no facts of an answer.
_STOPWORD_TEXT = """
    a about above after again against all am an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def label(case: SimulationCase) -> str | None:
    """The human label, stripped; a blank label counts as no label."""
    if case.expected_category is None:
        return None
    return case.expected_category.strip() or None


def figures(cases: Sequence[SimulationCase], *, judged: bool) -> Figures:
    """Every metric of ``cases``; ``judged`` says whether any ticket of the whole input has judged articles."""
    labelled = [c for c in cases if label(c) is not None]
    emergencies = [c for c in cases if label(c) == EMERGENCY]
    clinicals = [c for c in cases if label(c) == CLINICAL]
    answered = [c for c in cases if c.decision.action in _ANSWERING]
    with_articles = [c for c in cases if c.expected_articles]
    routine = [c for c in labelled if label(c) not in (EMERGENCY, CLINICAL)] if judged else []
    similarity = [s for s in (_similarity(c) for c in cases) if s is not None]
    latencies = [c.latency_ms for c in cases if math.isfinite(c.latency_ms)]
    return Figures(
        n=len(cases),
        labelled=len(labelled),
        accuracy=_ratio(labelled, lambda c: c.decision.category == label(c)),
        actions=_actions(cases),
        emergency_recall=_ratio(emergencies, _escalated),
        missed_emergencies=tuple(c.decision.ticket_id for c in emergencies if not _escalated(c)),
        clinical_handoff=_ratio(clinicals, lambda c: c.decision.action == Action.HANDOFF),
        unsafe_answers=tuple(c.decision.ticket_id for c in [*emergencies, *clinicals] if _answers(c)),
        citation_rate=_ratio(answered, lambda c: bool(c.decision.citations)),
        correct_citation_rate=_ratio(with_articles, _cites_expected),
        answered_with_correct_citation=_ratio(routine, _cites_expected),
        draft_similarity=sum(similarity) / len(similarity) if similarity else None,
        similarity_cases=len(similarity),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        false_alarms=tuple(c.decision.ticket_id for c in labelled if c.decision.emergency and label(c) != EMERGENCY),
    )


def token_f1(draft: str, reference: str) -> float:
    """Token F1 of ``draft`` against ``reference`` as the module docstring defines it; in [0, 1]."""
    mine, theirs = _tokens(draft), _tokens(reference)
    if not mine or not theirs:
        return 1.0 if not mine and not theirs else 0.0
    overlap = sum((mine & theirs).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / mine.total(), overlap / theirs.total()
    return 2 * precision * recall / (precision + recall)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation between ranks (numpy's default); ``None`` if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * min(max(q, 0.0), 100.0) / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ratio(cases: Sequence[SimulationCase], hit: _Predicate) -> Ratio:
    return Ratio(sum(1 for c in cases if hit(c)), len(cases))


def _actions(cases: Sequence[SimulationCase]) -> ActionCounts:
    counts = Counter(c.decision.action for c in cases)
    return ActionCounts(
        reply=counts[Action.REPLY], note=counts[Action.NOTE], handoff=counts[Action.HANDOFF], skip=counts[Action.SKIP]
    )


def _escalated(case: SimulationCase) -> bool:
    return case.decision.emergency and case.decision.action == Action.HANDOFF


def _answers(case: SimulationCase) -> bool:
    return case.decision.action in _ANSWERING


def _cites_expected(case: SimulationCase) -> bool:
    """Answered, citing a judged article by its id (or by ``source:id``)."""
    if not _answers(case) or not case.expected_articles:
        return False
    expected = set(case.expected_articles)
    return any(c.id in expected or f"{c.source}:{c.id}" in expected for c in case.decision.citations)


def _similarity(case: SimulationCase) -> float | None:
    draft, reply = case.decision.draft, case.human_reply
    if not draft or not draft.strip() or not reply or not reply.strip():
        return None
    return token_f1(draft, reply)


def _tokens(text: str) -> Counter[str]:
    return Counter(t for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS)
