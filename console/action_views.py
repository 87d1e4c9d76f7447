"""The Actions page (which patient actions run per category, and each action's risk class) and the one-click
approval page of ``needs_approval`` actions (``/actions/pending/<id>``, linked from the internal note).

Both sit behind the console's sign-in and CSRF check (``console.web._guard``). Overrides are stored and
audited like category overrides (``carelayer.action_overrides``); the worker's ``actions.live.LiveDesk``
picks them up from the next ticket on. Approve and Reject are audited in the console's audit log and in
the actions' own trail; the page shows what the internal note already shows, no more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from actions.build import build_approver
from actions.intents import ACTIONS, DIRECTORY, LIST
from carelayer.action_overrides import ACTIONS_SCOPE, RISK_SCOPE, RISKS
from carelayer.errors import CarelayerError, ConfigError
from carelayer.settings import HANDOFF_ONLY_CATEGORIES
from connectors.base import Helpdesk
from connectors.registry import build_helpdesk
from console.deps import ConsoleDeps, actor
from console.pages import error_page

if TYPE_CHECKING:  # the FHIR client (the `fhir` extra) is imported only when an approval is opened
    from actions.approval_flow import Approver

EXTENSION = "carelayer.console.actions"
SHOWN_PARAMETERS = ("request_id", "appointment_id", "slot_id", "visit_label", "slot_label")


def _deps() -> ConsoleDeps:
    value: ConsoleDeps = current_app.extensions["carelayer.console"]
    return value


def default_risk(action: str) -> str:
    """The risk class of an action with no override (as ``actions.desk.DEFAULT_RISK``)."""
    return "read" if action in (LIST, DIRECTORY) else "write"


def actions_page() -> ResponseReturnValue:
    return _render(_deps())


def _render(deps: ConsoleDeps, *, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    effective = deps.effective().file.actions
    changes = [
        e for e in deps.store.audit_entries(limit=200) if e.action in (f"set {ACTIONS_SCOPE}", f"set {RISK_SCOPE}")
    ]
    return render_template(
        "actions.html",
        active="actions",
        categories=[c.name for c in deps.settings.categories],
        locked=HANDOFF_ONLY_CATEGORIES,
        actions=ACTIONS,
        enabled={name: set(values) for name, values in effective.enabled.items()},
        risk={a: effective.risk.get(a, default_risk(a)) for a in ACTIONS},
        risks=RISKS,
        fhir=deps.settings.file.fhir is not None,
        changes=changes[:10],
        error=error,
    ), status


def category_save(name: str) -> ResponseReturnValue:
    """Store which actions run for category ``name`` (the checked boxes; none checked: no action)."""
    deps = _deps()
    if name not in {c.name for c in deps.settings.categories}:
        return error_page(404, f"there is no category named {name[:60]!r}")
    if name in HANDOFF_ONLY_CATEGORIES:
        return _render(deps, error=f"category {name}: actions never run for {name} tickets", status=400)
    chosen = request.form.getlist("enabled")
    unknown = sorted(set(chosen) - set(ACTIONS))
    if unknown:
        message = (
            f"category {name}: unknown action(s) {', '.join(u[:60] for u in unknown)}; known: {', '.join(ACTIONS)}"
        )
        return _render(deps, error=message, status=400)
    value = {"enabled": [a for a in ACTIONS if a in chosen]}
    if deps.store.set_override(ACTIONS_SCOPE, name, value, actor=actor(), at=deps.clock()):
        flash(f"Saved the actions of {name}: they apply from the next ticket on.")
    else:
        flash(f"No change to the actions of {name}.")
    return redirect(url_for("console.actions") + f"#actions-{name}")


def risk_save() -> ResponseReturnValue:
    """Store each action's risk class (``risk-<action>`` fields; an action not sent keeps its class)."""
    deps = _deps()
    values: dict[str, str] = {}
    for action in ACTIONS:
        submitted = request.form.get(f"risk-{action}")
        if submitted is None:
            continue
        if submitted not in RISKS:
            message = f"action {action}: risk must be one of {', '.join(RISKS)} (got {submitted[:40]!r})"
            return _render(deps, error=message, status=400)
        values[action] = submitted
    changed = False
    for action, risk in values.items():
        changed |= deps.store.set_override(RISK_SCOPE, action, {"risk": risk}, actor=actor(), at=deps.clock())
    flash("Saved the risk classes: they apply from the next ticket on." if changed else "No change to risk classes.")
    return redirect(url_for("console.actions") + "#risk")


def approver() -> Approver | None:
    """The app's approver, built on first use (None without a ``fhir`` section)."""
    extensions = current_app.extensions
    if EXTENSION not in extensions:
        deps = _deps()
        try:
            built = build_approver(deps.settings, clock=deps.clock)
        except ConfigError as error:  # e.g. the fhir extra is not installed: say what to do, not a 500
            abort(503, description=str(error))
        extensions[EXTENSION] = {"approver": built, "helpdesks": {}}
    found: Approver | None = extensions[EXTENSION]["approver"]
    return found


def _helpdesk(name: str) -> Helpdesk | None:
    deps, cache = _deps(), current_app.extensions[EXTENSION]["helpdesks"]
    if name not in cache:
        config = next((h for h in deps.settings.file.helpdesks if h.name == name), None)
        if config is None:
            return None
        cache[name] = build_helpdesk(config, deps.settings.secrets, marker_tag=deps.settings.file.tag_prefix)
    found: Helpdesk = cache[name]
    return found


def pending_page(approval_id: str) -> ResponseReturnValue:
    found = approver()
    approval = found.get(approval_id[:64]) if found is not None else None
    if approval is None:
        return error_page(404, "there is no such approval (it may belong to another installation)")
    now = _deps().clock()
    parameters = {k: v for k, v in approval.data.items() if k in SHOWN_PARAMETERS}
    return render_template(
        "action_pending.html",
        active="actions",
        approval=approval,
        parameters=parameters,
        expired=approval.expired(now),
    )


def pending_decide(approval_id: str, decision: str) -> ResponseReturnValue:
    """Approve (runs the action once, answers on the ticket) or reject (nothing at the EHR)."""
    deps, found = _deps(), approver()
    approval = found.get(approval_id[:64]) if found is not None else None
    if found is None or approval is None:
        return error_page(404, "there is no such approval (it may belong to another installation)")
    who = actor()
    if decision == "approve":
        helpdesk = _helpdesk(approval.helpdesk)
        if helpdesk is None:
            return error_page(409, f"helpdesk {approval.helpdesk!r} is no longer configured; nothing ran")
        try:
            decided = found.approve(approval.id, actor=who, helpdesk=helpdesk, state=deps.state)
        except CarelayerError as error:
            return error_page(502, f"the action could not be completed ({error})")
    else:
        decided = found.reject(approval.id, actor=who)
    detail: dict[str, Any] = {"action": approval.action, "ticket": f"{approval.helpdesk}:{approval.ticket_id}"}
    if decided.result in ("approved", "rejected", "failed"):
        deps.store.record_event(
            f"{decision} action",
            actor=who,
            at=deps.clock(),
            target=approval.id,
            detail={**detail, "result": decided.result},
        )
    flash(decided.message)
    return redirect(url_for("console.action_pending", approval_id=approval.id))


def approve(approval_id: str) -> ResponseReturnValue:
    return pending_decide(approval_id, "approve")


def reject(approval_id: str) -> ResponseReturnValue:
    return pending_decide(approval_id, "reject")


ROUTES = (
    ("/actions", "actions", actions_page, ["GET"]),
    ("/actions/risk", "actions_risk", risk_save, ["POST"]),
    ("/actions/category/<name>", "actions_category", category_save, ["POST"]),
    ("/actions/pending/<approval_id>", "action_pending", pending_page, ["GET"]),
    ("/actions/pending/<approval_id>/approve", "action_approve", approve, ["POST"]),
    ("/actions/pending/<approval_id>/reject", "action_reject", reject, ["POST"]),
)
