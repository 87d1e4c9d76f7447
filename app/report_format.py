"""Number formatting and names shared by the simulation's HTML and terminal reports (plain text, unescaped)."""

from __future__ import annotations

from agent.simulation import Ratio
from carelayer.types import Action

NOT_MEASURED = "—"

ACTION_NAMES = {
    Action.REPLY: "auto-reply",
    Action.NOTE: "draft note",
    Action.HANDOFF: "handoff",
    Action.SKIP: "skip",
}
# Colour-blind-safe-ish, distinct in greyscale too: green, blue, orange, grey.
ACTION_COLOURS = {
    Action.REPLY: "#2e7d32",
    Action.NOTE: "#1565c0",
    Action.HANDOFF: "#e65100",
    Action.SKIP: "#9e9e9e",
}


def percent(value: float | None) -> str:
    """``0.875`` -> ``87.5%``, ``1.0`` -> ``100%``; ``None`` -> the not-measured dash."""
    if value is None:
        return NOT_MEASURED
    text = f"{value * 100:.1f}"
    return f"{text.removesuffix('.0')}%"


def ratio(value: Ratio) -> str:
    """``87.5% (7/8)``, or the dash when there was nothing to measure."""
    return f"{percent(value.rate)} ({value.count}/{value.total})" if value.total else NOT_MEASURED


def fraction(value: Ratio) -> str:
    return f"{value.count} of {value.total}"


def millis(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value:,.0f} ms"


def score(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value:.2f}"


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
