"""The Zendesk sidebar app's API (``zendesk_app/``): a ticket's latest decision, regenerate, feedback.

Not behind the console's sign-in: agents are signed in to Zendesk, not to carelayer. Every call must
carry a JWT that Zendesk's request proxy signed with the app's secure setting (``console.sidebar_auth``);
anything else gets 401 with a JSON reason. Answers are JSON, errors included, and never cached.

- ``GET  /api/zendesk-app/tickets/<id>``: the newest decision recorded for the ticket (404 when none).
- ``POST /api/zendesk-app/tickets/<id>/regenerate``: fetch the ticket through the configured helpdesk,
  triage it again as a dry run (nothing is written to Zendesk), record it in the activity log, answer it.
- ``POST /api/zendesk-app/tickets/<id>/feedback`` ``{"kind": "inserted"|"edited"|"not_helpful"}``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, g, jsonify, request
from flask.typing import ResponseReturnValue

from carelayer.errors import CarelayerError, ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.feedback import Feedback, FeedbackKind, FeedbackStore, open_feedback_store
from carelayer.settings import HelpdeskSettings, Settings
from carelayer.store import ActivityRecord, Outcome
from connectors.base import Helpdesk
from connectors.registry import build_helpdesk
from console.deps import ConsoleDeps
from console.sidebar_auth import AppCaller, TokenError, bearer_token, verify

PREFIX = "/api/zendesk-app"
EXTENSION = "carelayer.zendesk_app"
REGENERATED_EVENT = "zendesk-app:regenerate"
_TICKET_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SAFETY = {
    "emergency": "Emergency: urgent handoff with the clinic's emergency message; the AI does not answer",
    "clinical": "Clinical question: handed to the nurse team; the AI does not answer",
    "clear": "No emergency or clinical question found",
}


class SidebarApi:
    """What the views need: the console's parts, the feedback store and the helpdesk, opened once on first use."""

    def __init__(self, deps: ConsoleDeps, *, open_helpdesk: Callable[[HelpdeskSettings], Helpdesk] | None = None):
        self.deps = deps
        self.feedback: FeedbackStore = open_feedback_store(deps.settings)
        self._open = open_helpdesk or (lambda config: _build(deps.settings, config))
        self._helpdesk: Helpdesk | None = None
        self._lock = threading.Lock()

    @property
    def helpdesk_config(self) -> HelpdeskSettings:
        return self.deps.settings.helpdesk(self.deps.settings.file.zendesk_app.helpdesk)

    def helpdesk(self) -> Helpdesk:
        with self._lock:
            if self._helpdesk is None:
                self._helpdesk = self._open(self.helpdesk_config)
            return self._helpdesk


def _build(settings: Settings, config: HelpdeskSettings) -> Helpdesk:
    return build_helpdesk(config, settings.secrets, marker_tag=settings.file.tag_prefix)


def install(app: Flask, deps: ConsoleDeps) -> None:
    """Mount the sidebar API on ``app`` (called by ``console.web.install_console``)."""
    app.extensions[EXTENSION] = SidebarApi(deps)
    blueprint = Blueprint("zendesk_app", __name__, url_prefix=PREFIX)
    blueprint.before_request(_authenticate)
    blueprint.after_request(_headers)
    blueprint.add_url_rule("/tickets/<ticket_id>", "ticket", ticket_view, methods=["GET"])
    blueprint.add_url_rule("/tickets/<ticket_id>/regenerate", "regenerate", regenerate, methods=["POST"])
    blueprint.add_url_rule("/tickets/<ticket_id>/feedback", "feedback", feedback, methods=["POST"])
    blueprint.register_error_handler(ConfigError, _config_error)
    app.register_blueprint(blueprint)


def _api() -> SidebarApi:
    from flask import current_app

    value: SidebarApi = current_app.extensions[EXTENSION]
    return value


def _error(message: str, status: int) -> ResponseReturnValue:
    return jsonify(error=message), status


def _authenticate() -> ResponseReturnValue | None:
    api = _api()
    config = api.deps.settings.file.zendesk_app
    try:
        token = bearer_token(request.headers.get("Authorization"))
        g.app_caller = verify(
            token, secret=api.deps.settings.secret(config.secret_env), config=config, now=api.deps.clock()
        )
    except TokenError as error:
        response = jsonify(error=str(error))
        response.headers["WWW-Authenticate"] = 'Bearer realm="carelayer"'
        return response, 401
    return None


def _config_error(error: ConfigError) -> ResponseReturnValue:
    """A setting the API needs is wrong (e.g. ``zendesk_app.helpdesk`` names no helpdesk): say which."""
    return _error(f"carelayer is not set up for the Zendesk app: {error}", 503)


def _headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def _checked_id(ticket_id: str) -> str | None:
    return ticket_id if _TICKET_ID.match(ticket_id) else None


def ticket_view(ticket_id: str) -> ResponseReturnValue:
    """The newest decision for the ticket in the configured helpdesk, shaped for the sidebar."""
    if _checked_id(ticket_id) is None:
        return _error("ticket id: expected letters, digits, '-' or '_' (at most 64)", 400)
    api = _api()
    record = latest_decision(api, ticket_id)
    if record is None:
        return _error(f"carelayer has no decision for ticket {ticket_id} yet: press Regenerate to triage it now", 404)
    return jsonify(sidebar_view(record, api.feedback.latest(record.helpdesk, ticket_id)))


def regenerate(ticket_id: str) -> ResponseReturnValue:
    """Triage the ticket again from what the helpdesk holds now; a dry run, recorded in the activity log."""
    if _checked_id(ticket_id) is None:
        return _error("ticket id: expected letters, digits, '-' or '_' (at most 64)", 400)
    api = _api()
    try:
        config = api.helpdesk_config
        ticket = api.helpdesk().fetch_ticket(ticket_id)
        decision = api.deps.agent.triage(ticket)
    except ConfigError as error:
        return _error(f"carelayer cannot reach the helpdesk: {error}", 503)
    except PermanentHelpdeskError as error:
        return _error(f"the helpdesk refused to give ticket {ticket_id} to carelayer ({_first_line(error)})", 404)
    except RetryableHelpdeskError:
        return _error("the helpdesk did not answer in time; try again in a minute", 503)
    except CarelayerError as error:
        return _error(f"carelayer could not triage ticket {ticket_id} ({type(error).__name__})", 503)
    record = ActivityRecord(
        helpdesk=config.name,
        ticket_id=ticket_id,
        event_id=f"{REGENERATED_EVENT}:{api.deps.clock().isoformat()}",
        at=api.deps.clock(),
        decision=decision.to_dict(),
        writes=(),
        outcome=Outcome.DRY_RUN,
    )
    api.deps.state.record_activity(record)
    return jsonify(sidebar_view(record, None))


def feedback(ticket_id: str) -> ResponseReturnValue:
    """``{"kind": ...}`` about the ticket's newest draft: stored, audited, counted per category."""
    if _checked_id(ticket_id) is None:
        return _error("ticket id: expected letters, digits, '-' or '_' (at most 64)", 400)
    body = request.get_json(silent=True)
    kinds = ", ".join(k.value for k in FeedbackKind)
    if not isinstance(body, dict) or body.get("kind") not in {k.value for k in FeedbackKind}:
        return _error(f'expected a JSON object {{"kind": one of {kinds}}}', 400)
    api = _api()
    record = latest_decision(api, ticket_id)
    if record is None or not (record.decision or {}).get("draft"):
        return _error(f"ticket {ticket_id} has no draft to give feedback on", 404)
    caller: AppCaller = g.app_caller
    item = Feedback(
        helpdesk=record.helpdesk,
        ticket_id=ticket_id,
        category=str((record.decision or {}).get("category") or "?"),
        kind=FeedbackKind(body["kind"]),
        actor=caller.actor,
        at=api.deps.clock(),
    )
    api.feedback.record(item)
    return jsonify(ticket_id=ticket_id, kind=item.kind.value, category=item.category), 201


def latest_decision(api: SidebarApi, ticket_id: str) -> ActivityRecord | None:
    """The newest activity record with a decision for the ticket in the app's helpdesk."""
    records, _ = api.deps.state.activity_page(limit=50, ticket_id=ticket_id)
    name = api.helpdesk_config.name
    return next((r for r in records if r.helpdesk == name and r.decision), None)


def sidebar_view(record: ActivityRecord, latest: Feedback | None) -> dict[str, Any]:
    """What the sidebar shows: the decision with its safety outcome spelled out and only web links kept."""
    decision: Mapping[str, Any] = record.decision or {}
    safety = _safety(decision)
    return {
        "ticket_id": record.ticket_id,
        "helpdesk": record.helpdesk,
        "at": record.at.isoformat(),
        "regenerated": record.event_id.startswith(REGENERATED_EVENT),
        "category": decision.get("category"),
        "confidence": decision.get("confidence"),
        "action": decision.get("action"),
        "group": decision.get("group"),
        "safety": {"outcome": safety, "label": _SAFETY[safety]},
        "draft": decision.get("draft"),
        "citations": [_citation(c) for c in decision.get("citations", []) if isinstance(c, Mapping)],
        "reasons": [str(r) for r in decision.get("reasons", [])],
        "feedback": None if latest is None else latest.kind.value,
    }


def _safety(decision: Mapping[str, Any]) -> str:
    if decision.get("emergency"):
        return "emergency"
    screened = any(str(r).startswith("safety screen:") for r in decision.get("reasons", []))
    return "clinical" if screened or decision.get("category") == "clinical" else "clear"


def _citation(citation: Mapping[str, Any]) -> dict[str, Any]:
    url = str(citation.get("url") or "")
    return {
        "title": str(citation.get("title") or citation.get("id") or "source"),
        "source": str(citation.get("source") or ""),
        "url": url if urlsplit(url).scheme in ("http", "https") else None,  # never javascript: or data:
        "updated_at": citation.get("updated_at"),
    }


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__
