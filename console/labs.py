"""Try it and Simulation: run the agent on typed or uploaded tickets; nothing is written anywhere."""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from carelayer.console_store import CATEGORY_FIELDS
from carelayer.errors import InputError
from carelayer.feedback import recorded_acceptance
from carelayer.settings import HANDOFF_ONLY_CATEGORIES, Settings
from carelayer.types import Action
from console import forms
from console.deps import ConsoleDeps
from console.pages import error_page
from console.simulation import deltas, parse_upload, simulate
from console.tryit import try_ticket


def _deps() -> ConsoleDeps:
    value: ConsoleDeps = current_app.extensions["carelayer.console"]
    return value


def try_page() -> ResponseReturnValue:
    deps = _deps()
    subject, body = request.form.get("subject", ""), request.form.get("body", "")
    result, error = None, None
    if request.method == "POST":
        try:
            result = try_ticket(
                deps.agent,
                deps.index,
                subject=subject,
                body=body,
                max_body_chars=deps.settings.file.limits.max_body_chars,
            )
        except InputError as problem:
            error = str(problem)
    return render_template("try.html", active="try", subject=subject, body=body, result=result, error=error), (
        400 if error else 200
    )


def simulation_page() -> ResponseReturnValue:
    deps = _deps()
    current = deps.effective()
    context: dict[str, Any] = {"active": "simulation", "categories": current.categories,
                               "locked": HANDOFF_ONLY_CATEGORIES, "modes": forms.MODES}  # fmt: skip
    if request.method == "GET":
        return render_template("simulation.html", **context)
    try:
        upload = _upload(deps)
        proposed = _proposal(current) if request.form.get("compare") else None
    except InputError as problem:
        return render_template("simulation.html", error=str(problem), **context), 400
    comparison = simulate(
        current,
        proposed,
        records=upload.records,
        training=deps.training,
        retriever=deps.index,
        embedder=deps.index.embedder,
    )
    name = (request.files["tickets"].filename or "upload.jsonl")[:80]
    key = secrets.token_urlsafe(12)
    report = replace(comparison.current, agent_feedback=recorded_acceptance(deps.settings))  # live verdicts
    deps.reports.put(key, deps.render_report(report, f"carelayer simulation: {name}"))
    return render_template(
        "simulation.html",
        comparison=comparison,
        rows=deltas(comparison),
        report_key=key,
        upload=upload,
        actions=list(Action),
        **context,
    )


def _upload(deps: ConsoleDeps) -> Any:
    stored = request.files.get("tickets")
    if stored is None or not stored.filename:
        raise InputError("choose a JSONL file of past tickets to upload")
    limit = deps.settings.file.console.max_upload_bytes
    data = stored.stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{stored.filename[:80]}: larger than {limit:,} bytes; upload a smaller sample")
    return parse_upload(data, max_body_chars=deps.settings.file.limits.max_body_chars)


def _proposal(current: Settings) -> Settings:
    """The current settings with the proposed modes and thresholds of the form (``p-<name>-<field>``)."""
    changed = []
    for category in current.categories:
        submitted = {
            field: request.form[f"p-{category.name}-{field}"]
            for field in CATEGORY_FIELDS
            if f"p-{category.name}-{field}" in request.form
        }
        values = forms.category_override(category, submitted) if submitted else {}
        changed.append(category.model_copy(update=values) if values else category)
    return replace(current, file=current.file.model_copy(update={"categories": tuple(changed)}))


def simulation_report(key: str) -> ResponseReturnValue:
    html = _deps().reports.get(key)
    if html is None:
        return error_page(404, "that report is no longer kept; run the simulation again")
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


ROUTES = (
    ("/try", "try_it", try_page, ["GET", "POST"]),
    ("/simulation", "simulation", simulation_page, ["GET", "POST"]),
    ("/simulation/report/<key>", "simulation_report", simulation_report, ["GET"]),
)
