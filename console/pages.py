"""The console's pages: overview, categories, instructions, knowledge, activity and the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from carelayer.console_store import CATEGORY, CATEGORY_FIELDS, INSTRUCTIONS, SAFETY
from carelayer.errors import InputError
from carelayer.settings import HANDOFF_ONLY_CATEGORIES
from carelayer.store import ActivityRecord
from carelayer.types import Action
from console import forms
from console.deps import ConsoleDeps, actor
from console.knowledge_ops import STALE_AFTER_SECONDS
from console.overview import decision_from_dict, overview, source_health

OVERVIEW_DAYS = 30
PAGE_SIZE = 25
MAX_PAGE = 100_000


def _deps() -> ConsoleDeps:
    value: ConsoleDeps = current_app.extensions["carelayer.console"]
    return value


def error_page(status: int, message: str) -> ResponseReturnValue:
    return render_template("error.html", status=status, message=message), status


def overview_page() -> ResponseReturnValue:
    deps = _deps()
    since = deps.clock() - timedelta(days=OVERVIEW_DAYS)
    records, _ = deps.state.activity_page(limit=100_000, since=since)
    stats = overview(records)
    chart = deps.actions_chart
    return render_template(
        "overview.html",
        active="overview",
        days=OVERVIEW_DAYS,
        stats=stats,
        actions=list(Action),
        per_day_chart=Markup(chart(stats.per_day, "Tickets per day, by action")) if stats.per_day else None,
        category_chart=Markup(chart(stats.per_category[:8], "Top categories, by action"))
        if stats.per_category
        else None,
        sources=_sources(deps),
    )


def _sources(deps: ConsoleDeps) -> list[Any]:
    configured = [(s.name, s.type) for s in deps.settings.knowledge.sources]
    statuses = deps.index.statuses()
    return source_health(configured, statuses, now=deps.clock(), stale_after=STALE_AFTER_SECONDS)


def categories_page() -> ResponseReturnValue:
    deps = _deps()
    return _render_categories(deps)


def _render_categories(deps: ConsoleDeps, *, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    overrides = deps.store.overrides(CATEGORY)
    effective = deps.effective().categories
    return render_template(
        "categories.html",
        active="categories",
        categories=effective,
        base={c.name: c for c in deps.settings.categories},
        overridden=overrides,
        locked=HANDOFF_ONLY_CATEGORIES,
        modes=forms.MODES,
        changes=[e for e in deps.store.audit_entries(limit=200) if e.action == f"set {CATEGORY}"][:10],
        error=error,
    ), status


def category_save(name: str) -> ResponseReturnValue:
    deps = _deps()
    base = {c.name: c for c in deps.settings.categories}.get(name)
    if base is None:
        return error_page(404, f"there is no category named {name[:60]!r}")
    submitted = {k: v for k, v in request.form.items() if k in CATEGORY_FIELDS}
    current = deps.store.overrides(CATEGORY).get(name, {})
    try:  # fields the form did not send keep their current override
        override = forms.category_override(base, {**current, **submitted})
    except InputError as error:
        return _render_categories(deps, error=str(error), status=400)
    stored = forms.override_json(override)
    if deps.store.set_override(CATEGORY, name, stored, actor=actor(), at=deps.clock()):
        flash(f"Saved {name}: the agent uses it from the next ticket on.")
    else:
        flash(f"No change to {name}.")
    return redirect(url_for("console.categories") + f"#category-{name}")


def instructions_page() -> ResponseReturnValue:
    deps = _deps()
    error, status = None, 200
    if request.method == "POST":
        try:
            values = forms.instructions_values(request.form)
            message = forms.emergency_message(request.form)
        except InputError as problem:
            error, status = str(problem), 400
        else:
            at, who = deps.clock(), actor()
            changed = deps.store.set_override(INSTRUCTIONS, "composer", values, actor=who, at=at)
            changed |= deps.store.set_override(SAFETY, "emergency", {"emergency_message": message}, actor=who, at=at)
            flash("Saved." if changed else "No change.")
            return redirect(url_for("console.instructions"))
    return render_template(
        "instructions.html",
        active="instructions",
        instructions=deps.store.instructions(),
        emergency_message=deps.effective().file.safety.emergency_message or "",
        file_message=deps.settings.file.safety.emergency_message or "",
        error=error,
    ), status


def knowledge_page() -> ResponseReturnValue:
    deps = _deps()
    query = request.args.get("q", "").strip()[:500]
    hits = deps.index.search(query, k=deps.settings.retrieval.k) if query else []
    return render_template(
        "knowledge.html",
        active="knowledge",
        sources=_sources(deps),
        sync=deps.sync.state(),
        query=query,
        hits=hits,
    )


def knowledge_sync() -> ResponseReturnValue:
    deps = _deps()
    if deps.sync.start():
        deps.store.record_event("sync started", actor=actor(), at=deps.clock())
        flash("Sync started; this page shows its progress.")
    else:
        flash("A sync is already running.")
    return redirect(url_for("console.knowledge"))


def activity_page() -> ResponseReturnValue:
    deps = _deps()
    args = request.args
    category = args.get("category") or None
    action = args.get("action") or None
    error = None
    try:
        page = forms.positive_int(args.get("page"), "page", default=1, maximum=MAX_PAGE)
        start = forms.parse_day(args.get("from"), "from")
        end = forms.parse_day(args.get("to"), "to")
    except InputError as problem:
        error, page, start, end = str(problem), 1, None, None
    if action is not None and action not in {a.value for a in Action}:
        error, action = f"action: one of {', '.join(a.value for a in Action)}", None
    records, total = deps.state.activity_page(
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        category=category,
        action=action,
        since=forms.day_start(start) if start else None,
        until=forms.day_start(end) + timedelta(days=1) if end else None,
    )
    filters = {"category": category or "", "action": action or "", "from": args.get("from", ""),
               "to": args.get("to", "")}  # fmt: skip
    return render_template(
        "activity.html",
        active="activity",
        rows=[_activity_row(deps, r) for r in records],
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters=filters,
        categories=[c.name for c in deps.settings.categories],
        actions=[a.value for a in Action],
        error=error,
    ), (400 if error else 200)


def _activity_row(deps: ConsoleDeps, record: ActivityRecord) -> dict[str, Any]:
    return {"record": record, "decision": decision_from_dict(record.decision), "url": ticket_url(deps, record)}


def ticket_url(deps: ConsoleDeps, record: ActivityRecord) -> str | None:
    """The ticket in its helpdesk: a configured template, else Zendesk's agent URL; ``None`` otherwise."""
    template = deps.settings.file.console.helpdesk_ticket_urls.get(record.helpdesk)
    if template:
        return template.replace("{id}", record.ticket_id)
    for helpdesk in deps.settings.file.helpdesks:
        if helpdesk.name == record.helpdesk and helpdesk.kind == "zendesk" and helpdesk.url:
            return f"{helpdesk.url.rstrip('/')}/agent/tickets/{record.ticket_id}"
    return None


def audit_page() -> ResponseReturnValue:
    deps = _deps()
    try:
        page = forms.positive_int(request.args.get("page"), "page", default=1, maximum=MAX_PAGE)
    except InputError:
        page = 1
    entries = deps.store.audit_entries(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return render_template(
        "audit.html",
        active="audit",
        entries=entries[:PAGE_SIZE],
        more=len(entries) > PAGE_SIZE,
        page=page,
        broken=deps.store.verify_audit(),
    )


ROUTES = (
    ("/", "overview", overview_page, ["GET"]),
    ("/categories", "categories", categories_page, ["GET"]),
    ("/categories/<name>", "category_save", category_save, ["POST"]),
    ("/instructions", "instructions", instructions_page, ["GET", "POST"]),
    ("/knowledge", "knowledge", knowledge_page, ["GET"]),
    ("/knowledge/sync", "knowledge_sync", knowledge_sync, ["POST"]),
    ("/activity", "activity", activity_page, ["GET"]),
    ("/audit", "audit", audit_page, ["GET"]),
)
