"""Shared by the simulation tests: a small taxonomy and a builder of hand-made cases."""

from __future__ import annotations

import math

from agent.simulation import (
    SimulationCase,
)
from carelayer.types import Action, Citation, Decision

TAXONOMY = ("appointments", "billing", "prescriptions", "general", "clinical", "emergency")
A, N, H, S = Action.REPLY, Action.NOTE, Action.HANDOFF, Action.SKIP


def case(
    ticket_id: str,
    predicted: str,
    expected: str | None,
    action: Action,
    *,
    emergency: bool = False,
    draft: str | None = None,
    cites: tuple[str, ...] = (),
    reply: str | None = None,
    articles: tuple[str, ...] = (),
    latency: float = 0.0,
) -> SimulationCase:
    citations = tuple(Citation(source="kb", id=c, title=f"Article {c}") for c in cites)
    decision = Decision(
        ticket_id=ticket_id,
        category=predicted,
        confidence=0.9,
        emergency=emergency,
        action=action,
        draft=draft,
        citations=citations,
    )
    return SimulationCase(decision, expected, reply, articles, latency)


def approx(value: float | None, expected: float) -> bool:
    return value is not None and math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)


def safety_cases() -> list[SimulationCase]:
    return [
        case("E1", "emergency", "emergency", H, emergency=True),  # escalated
        case("E2", "emergency", "emergency", N, emergency=True, draft="go to the ER"),  # flagged but drafted
        case("E3", "clinical", "emergency", H),  # handed off but not flagged as emergency
        case("C1", "clinical", "clinical", H),
        case("C2", "general", "clinical", N, draft="take two"),
        case("C3", "prescriptions", "clinical", A, draft="double it"),
        case("C4", "clinical", "clinical", S),  # no draft, but not handed off either
        case("B1", "billing", "billing", H, emergency=True),  # false alarm
        case("B2", "emergency", "general", H, emergency=True),  # false alarm
        case("U1", "emergency", None, H, emergency=True),  # unlabelled: not a false alarm
    ]


def citation_cases() -> list[SimulationCase]:
    return [
        case("1", "billing", "billing", A, cites=("pay", "fees"), articles=("pay",)),  # correct
        case("2", "billing", "billing", N, cites=("parking",), articles=("pay",)),  # wrong article
        case("3", "billing", "billing", N, articles=("pay",)),  # no citation
        case("4", "billing", "billing", H, articles=("pay",)),  # not answered
        case("5", "general", "general", N, cites=("hours",)),  # answered, not judged
        case("6", "general", "general", S),  # routine, not judged, not answered
        case("7", "clinical", "clinical", H, articles=("nurse-line",)),  # not answered: fine, not routine
        case("8", "general", None, N, cites=("hours",), articles=("hours",)),  # unlabelled, correct
    ]
