"""Agents' feedback on drafts from the Zendesk sidebar app: acceptance per category, as a page and as JSON.

Behind the console's sign-in like every other page (the app itself writes through ``sidebar_api``).
Each ticket counts once, by its latest verdict (``carelayer.feedback``).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from carelayer.errors import InputError
from carelayer.feedback import CategoryAcceptance, open_feedback_store
from console import forms
from console.deps import ConsoleDeps

MAX_DAYS = 3650


def _acceptance() -> tuple[list[CategoryAcceptance], int | None]:
    """Acceptance per category over the last ``?days=`` days (all time without it), and the days used."""
    deps: ConsoleDeps = current_app.extensions["carelayer.console"]
    raw = request.args.get("days")
    days = forms.positive_int(raw, "days", default=1, maximum=MAX_DAYS) if raw else None
    since = deps.clock() - timedelta(days=days) if days else None
    return open_feedback_store(deps.settings).acceptance(since=since), days


def feedback_page() -> ResponseReturnValue:
    try:
        rows, days = _acceptance()
    except InputError as error:
        return render_template("feedback.html", active="feedback", rows=[], days=None, error=str(error)), 400
    total = CategoryAcceptance(
        "All categories",
        inserted=sum(r.inserted for r in rows),
        edited=sum(r.edited for r in rows),
        not_helpful=sum(r.not_helpful for r in rows),
    )
    return render_template("feedback.html", active="feedback", rows=rows, total=total, days=days, error=None)


def feedback_json() -> ResponseReturnValue:
    """``GET /api/feedback?days=N``: ``{"days", "categories": [{category, inserted, edited, ...}]}``."""
    try:
        rows, days = _acceptance()
    except InputError as error:
        return jsonify(error=str(error)), 400
    return jsonify(days=days, categories=[r.as_json() for r in rows])


ROUTES = (
    ("/feedback", "feedback", feedback_page, ["GET"]),
    ("/api/feedback", "api_feedback", feedback_json, ["GET"]),
)
