"""The console's JSON API, behind the same sign-in: decisions, a ticket's latest draft, and settings.

Every answer is JSON, errors included (``{"error": "..."}`` with a 4xx naming what and where);
``PATCH /api/settings`` needs the session's CSRF token in ``X-CSRFToken`` (the token is on every page
as ``<meta name="csrf-token">``), or no session at all and ``Authorization: Bearer <$CARELAYER_API_TOKEN>``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from carelayer.console_store import CATEGORY
from carelayer.errors import InputError
from carelayer.store import ActivityRecord
from carelayer.types import Action
from console import forms
from console.deps import ConsoleDeps, actor

MAX_LIMIT = 500


def _deps() -> ConsoleDeps:
    value: ConsoleDeps = current_app.extensions["carelayer.console"]
    return value


def _bad(message: str, status: int = 400) -> ResponseReturnValue:
    return jsonify(error=message), status


def _record_json(record: ActivityRecord) -> dict[str, Any]:
    return {
        "helpdesk": record.helpdesk,
        "ticket_id": record.ticket_id,
        "event_id": record.event_id,
        "at": record.at.isoformat(),
        "outcome": record.outcome.value,
        "writes": list(record.writes),
        "decision": record.decision,
    }


def decisions() -> ResponseReturnValue:
    """``?category=&action=&from=YYYY-MM-DD&to=YYYY-MM-DD&limit=&offset=``: newest first, with the total."""
    args = request.args
    try:
        limit = forms.positive_int(args.get("limit"), "limit", default=50, maximum=MAX_LIMIT)
        offset = int(args.get("offset") or 0)
        start = forms.parse_day(args.get("from"), "from")
        end = forms.parse_day(args.get("to"), "to")
    except (InputError, ValueError) as error:
        return _bad(str(error) if isinstance(error, InputError) else "offset: expected a whole number")
    action = args.get("action") or None
    if action is not None and action not in {a.value for a in Action}:
        return _bad(f"action: one of {', '.join(a.value for a in Action)}")
    records, total = _deps().state.activity_page(
        limit=limit,
        offset=max(0, offset),
        category=args.get("category") or None,
        action=action,
        since=forms.day_start(start) if start else None,
        until=forms.day_start(end) + timedelta(days=1) if end else None,
    )
    return jsonify(total=total, items=[_record_json(r) for r in records])


def ticket_draft(ticket_id: str) -> ResponseReturnValue:
    """The newest decision with a draft for ``ticket_id`` (``?helpdesk=`` narrows it), or 404."""
    helpdesk = request.args.get("helpdesk") or None
    records, _ = _deps().state.activity_page(limit=200, ticket_id=ticket_id)
    for record in records:
        decision = record.decision or {}
        if (helpdesk is None or record.helpdesk == helpdesk) and decision.get("draft"):
            return jsonify(
                ticket_id=ticket_id,
                helpdesk=record.helpdesk,
                at=record.at.isoformat(),
                action=decision.get("action"),
                category=decision.get("category"),
                draft=decision.get("draft"),
                citations=decision.get("citations", []),
                reasons=decision.get("reasons", []),
            )
    return _bad(f"no draft recorded for ticket {ticket_id[:80]!r}", 404)


def settings_view() -> ResponseReturnValue:
    """GET: the effective categories and what is overridden; PATCH ``{"categories": {name: {field: value}}}``."""
    deps = _deps()
    if request.method == "PATCH":
        problem = _patch(deps)
        if problem is not None:
            return _bad(problem)
    effective = deps.effective()
    return jsonify(
        categories=[c.model_dump(mode="json") for c in effective.categories],
        overrides=deps.store.overrides(CATEGORY),
        emergency_message=effective.file.safety.emergency_message,
        instructions={
            "persona": deps.store.instructions().persona,
            "tone": deps.store.instructions().tone,
            "never_say": list(deps.store.instructions().never_say),
        },
    )


def _patch(deps: ConsoleDeps) -> str | None:
    """Validate every category first, then store them; the problem as text, or ``None`` when applied."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("categories"), dict) or set(body) != {"categories"}:
        return 'expected a JSON object {"categories": {"<name>": {"mode": "draft", ...}}}'
    base = {c.name: c for c in deps.settings.categories}
    current = deps.store.overrides(CATEGORY)
    planned = {}
    for name, fields in body["categories"].items():
        if name not in base:
            return f"categories.{str(name)[:60]}: no such category"
        if not isinstance(fields, dict):
            return f"categories.{name}: expected an object of fields"
        try:
            planned[name] = forms.category_override(base[name], {**current.get(name, {}), **fields})
        except InputError as error:
            return str(error)
    for name, override in planned.items():
        deps.store.set_override(CATEGORY, name, forms.override_json(override), actor=actor(), at=deps.clock())
    return None


def sync_state() -> ResponseReturnValue:
    return jsonify(_deps().sync.state().as_json())


ROUTES = (
    ("/api/decisions", "api_decisions", decisions, ["GET"]),
    ("/api/tickets/<ticket_id>/draft", "api_ticket_draft", ticket_draft, ["GET"]),
    ("/api/settings", "api_settings", settings_view, ["GET", "PATCH"]),
    ("/api/sync", "api_sync", sync_state, ["GET"]),
)
