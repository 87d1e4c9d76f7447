"""Figures of the activity log for the overview page and the API: pure functions of stored records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from agent.simulation import Figures, SimulationCase
from agent.simulation_metrics import figures
from carelayer.store import ActivityRecord
from carelayer.types import Action, Citation, Decision
from knowledge.catalog import SourceStatus


def decision_from_dict(data: Mapping[str, Any] | None) -> Decision | None:
    """The stored decision (``Decision.to_dict``) back as a Decision; ``None`` when absent or malformed."""
    if not data:
        return None
    try:
        citations = tuple(
            Citation(str(c["source"]), str(c["id"]), str(c.get("title", "")), c.get("url"))
            for c in data.get("citations", [])
        )
        return Decision(
            ticket_id=str(data["ticket_id"]),
            category=str(data["category"]),
            confidence=float(data["confidence"]),
            emergency=bool(data.get("emergency", False)),
            action=Action(data["action"]),
            draft=data.get("draft"),
            citations=citations,
            tags=tuple(str(t) for t in data.get("tags", [])),
            group=data.get("group"),
            priority=data.get("priority"),
            reasons=tuple(str(r) for r in data.get("reasons", [])),
        )
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Overview:
    tickets: int
    overall: Figures
    per_day: tuple[tuple[str, Figures], ...]  # oldest first
    per_category: tuple[tuple[str, Figures], ...]  # most tickets first
    emergencies: int
    outcomes: Mapping[str, int]


def overview(records: Sequence[ActivityRecord]) -> Overview:
    """Tickets per day and per category with the share of each action; records without a decision
    (loop-guard drops) count only in ``outcomes``."""
    decided: list[tuple[date, SimulationCase]] = []
    for record in records:
        decision = decision_from_dict(record.decision)
        if decision is not None:
            decided.append((record.at.date(), SimulationCase(decision, None, None)))
    by_day: dict[str, list[SimulationCase]] = {}
    by_category: dict[str, list[SimulationCase]] = {}
    for day, case in sorted(decided, key=lambda item: item[0]):
        by_day.setdefault(day.isoformat(), []).append(case)
        by_category.setdefault(case.decision.category, []).append(case)
    cases = [case for _, case in decided]
    categories = sorted(by_category.items(), key=lambda item: (-len(item[1]), item[0]))
    return Overview(
        tickets=len(cases),
        overall=figures(cases, judged=False),
        per_day=tuple((day, figures(group, judged=False)) for day, group in by_day.items()),
        per_category=tuple((name, figures(group, judged=False)) for name, group in categories),
        emergencies=sum(1 for c in cases if c.decision.emergency),
        outcomes=dict(Counter(r.outcome.value for r in records)),
    )


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One configured source as the knowledge page shows it."""

    name: str
    kind: str
    last_sync: datetime | None
    articles: int
    added: int
    updated: int
    removed: int
    failed: int
    state: str  # "ok", "stale", "errors", "never synced"


def source_health(
    configured: Sequence[tuple[str, str]], statuses: Sequence[SourceStatus], *, now: datetime, stale_after: float
) -> list[SourceHealth]:
    """Every configured ``(name, type)`` with its last sync status (or ``never synced``)."""
    known = {s.source: s for s in statuses}
    health = []
    for name, kind in configured:
        status = known.get(name)
        if status is None:
            health.append(SourceHealth(name, kind, None, 0, 0, 0, 0, 0, "never synced"))
            continue
        last = datetime.fromtimestamp(status.finished_at, tz=now.tzinfo)
        state = "errors" if status.failed else ("stale" if (now - last).total_seconds() > stale_after else "ok")
        health.append(
            SourceHealth(
                name, kind, last, status.articles, status.added, status.updated, status.removed, status.failed, state
            )
        )
    return health
