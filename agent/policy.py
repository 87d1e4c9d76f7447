"""Policy: the admin's per-category mode and thresholds turned into a planned action, with reasons.

Downgrades only ever go one way, towards a human: reply -> note -> handoff. Nothing here can turn a
handoff into an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from carelayer.settings import CategorySettings
from carelayer.types import Action

_MODE_ACTION = {"off": Action.SKIP, "draft": Action.NOTE, "auto": Action.REPLY, "handoff": Action.HANDOFF}
_DOWNGRADE = {Action.REPLY: Action.NOTE, Action.NOTE: Action.HANDOFF}


@dataclass(frozen=True, slots=True)
class Plan:
    """The action carelayer intends to take, and why (reasons accumulate as the plan changes)."""

    action: Action
    reasons: tuple[str, ...] = ()

    def downgrade(self, reason: str) -> Plan:
        """One step towards a human; a handoff or skip stays as it is."""
        lower = _DOWNGRADE.get(self.action)
        if lower is None:
            return self
        return Plan(lower, (*self.reasons, f"{reason}: {self.action.value} -> {lower.value}"))

    def hand_off(self, reason: str) -> Plan:
        if self.action in (Action.HANDOFF, Action.SKIP):
            return Plan(self.action, (*self.reasons, reason))
        return Plan(Action.HANDOFF, (*self.reasons, f"{reason}: {self.action.value} -> handoff"))

    def because(self, reason: str) -> Plan:
        return Plan(self.action, (*self.reasons, reason))


def plan_for(category: CategorySettings, confidence: float) -> Plan:
    """The category's mode as an action, downgraded once when the classifier is not confident enough."""
    plan = Plan(_MODE_ACTION[category.mode], (f"category {category.name}: mode {category.mode}",))
    if plan.action in (Action.REPLY, Action.NOTE) and confidence < category.min_confidence:
        plan = plan.downgrade(f"confidence {confidence:.2f} below {category.min_confidence:.2f}")
    return plan
