"""Turning what an admin submitted (an HTML form or JSON) into validated overrides.

Pure functions: they never touch the store. Every refusal is an ``InputError`` that names the category
and the field, in words the page can show as is. ``clinical`` and ``emergency`` can never leave
``handoff``: checked here, before the settings model checks it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from carelayer.console_store import CATEGORY_FIELDS, merge_category
from carelayer.errors import InputError
from carelayer.settings import HANDOFF_ONLY_CATEGORIES, CategorySettings

MODES = ("off", "draft", "auto", "handoff")
MAX_TEXT = 4000
MAX_EXAMPLES = 50


def category_override(base: CategorySettings, submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``submitted`` that differ from config.yaml's ``base`` (``{}``: back to the file).

    ``submitted`` may hold any subset of the editable fields, as form strings or JSON values.
    """
    unknown = sorted(set(submitted) - set(CATEGORY_FIELDS))
    if unknown:
        raise InputError(f"category {base.name}: unknown field(s) {', '.join(unknown)}")
    values: dict[str, Any] = {}
    if "mode" in submitted:
        values["mode"] = _mode(base.name, submitted["mode"])
    for name in ("min_confidence", "min_grounding"):
        if name in submitted:
            values[name] = _threshold(base.name, name, submitted[name])
    if "handoff_group" in submitted:
        group = _text(base.name, "handoff_group", submitted["handoff_group"], limit=200)
        values["handoff_group"] = group or None
    if "description" in submitted:
        values["description"] = _text(base.name, "description", submitted["description"], limit=MAX_TEXT)
    if "examples" in submitted:
        values["examples"] = _examples(base.name, submitted["examples"])
    merged = merge_category(base, values)  # the settings model's own rules, with clear messages
    return {name: getattr(merged, name) for name in CATEGORY_FIELDS if getattr(merged, name) != getattr(base, name)}


def override_json(value: Mapping[str, Any]) -> dict[str, Any]:
    """An override as stored (tuples become lists, so the stored JSON compares equal)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}


def _mode(category: str, value: Any) -> str:
    mode = str(value).strip().lower()
    if mode not in MODES:
        raise InputError(f"category {category}: mode must be one of {', '.join(MODES)} (got {str(value)[:40]!r})")
    if category in HANDOFF_ONLY_CATEGORIES and mode != "handoff":
        raise InputError(f"category {category}: can only hand off to a human; the AI never answers {category}")
    return mode


def _threshold(category: str, field: str, value: Any) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        raise InputError(f"category {category}: {field} must be a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise InputError(f"category {category}: {field} must be between 0 and 1 (got {number:g})")
    return number


def _text(category: str, field: str, value: Any, *, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"category {category}: {field} must be text")
    text = value.strip()
    if len(text) > limit:
        raise InputError(f"category {category}: {field} is {len(text)} characters; at most {limit}")
    return text


def _examples(category: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        lines = [line.strip() for line in value.splitlines()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        lines = [v.strip() for v in value]
    else:
        raise InputError(f"category {category}: examples must be text, one example per line")
    examples = tuple(line for line in lines if line)
    if len(examples) > MAX_EXAMPLES or any(len(e) > 500 for e in examples):
        raise InputError(f"category {category}: at most {MAX_EXAMPLES} examples of at most 500 characters")
    return examples


def instructions_values(submitted: Mapping[str, Any]) -> dict[str, Any]:
    """Persona, tone and "never say" rules (one per line) as stored."""
    persona = _text("instructions", "persona", submitted.get("persona", ""), limit=MAX_TEXT)
    tone = _text("instructions", "tone", submitted.get("tone", ""), limit=MAX_TEXT)
    rules = _examples("instructions", submitted.get("never_say", ""))
    return {"persona": persona, "tone": tone, "never_say": list(rules)}


def emergency_message(submitted: Mapping[str, Any]) -> str:
    return _text("safety", "emergency_message", submitted.get("emergency_message", ""), limit=MAX_TEXT)


def parse_day(value: str | None, field: str) -> date | None:
    """``YYYY-MM-DD`` or empty; InputError naming the field otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{field}: expected a date as YYYY-MM-DD (got {value[:20]!r})") from None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def positive_int(value: str | None, field: str, *, default: int, maximum: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{field}: expected a whole number (got {value[:20]!r})") from None
    if not 1 <= number <= maximum:
        raise InputError(f"{field}: must be between 1 and {maximum}")
    return number
