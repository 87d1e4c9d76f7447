"""The console's overrides of patient actions (actions/README.md): which actions run per category, and each
action's risk class, applied over config.yaml's ``actions:`` section.

Stored by the console store like category overrides (scope ``actions``: one row per category,
``{"enabled": [names]}``; scope ``action_risk``: one row per action, ``{"risk": "write"}``), audited with
them, and merged here. Emergency and clinical categories never get an action, whatever is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import ValidationError

from carelayer.action_settings import ActionsSettings
from carelayer.settings import HANDOFF_ONLY_CATEGORIES

ACTIONS_SCOPE, RISK_SCOPE = "actions", "action_risk"
RISKS = ("read", "write", "needs_approval")


class OverrideReader(Protocol):
    def overrides(self, scope: str) -> dict[str, dict[str, Any]]: ...


def merge_actions(
    base: ActionsSettings, enabled: Mapping[str, Mapping[str, Any]], risk: Mapping[str, Mapping[str, Any]]
) -> ActionsSettings:
    """``base`` with the stored per-category lists and risk classes; a stored value that no longer validates
    (or names a handoff-only category) is ignored, so the service keeps running on the file's values."""
    merged_enabled = dict(base.enabled)
    for category, value in enabled.items():
        names = value.get("enabled")
        if category in HANDOFF_ONLY_CATEGORIES or not isinstance(names, list):
            continue
        merged_enabled[category] = tuple(str(n) for n in names)
    merged_risk = dict(base.risk)
    for action, value in risk.items():
        if value.get("risk") in RISKS:
            merged_risk[action] = value["risk"]
    try:
        return ActionsSettings.model_validate({**base.model_dump(), "enabled": merged_enabled, "risk": merged_risk})
    except ValidationError:
        return base


def effective_actions(base: ActionsSettings, store: OverrideReader) -> ActionsSettings:
    """config.yaml's ``actions:`` with the console's stored overrides applied."""
    return merge_actions(base, store.overrides(ACTIONS_SCOPE), store.overrides(RISK_SCOPE))
