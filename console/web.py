"""Mounting the admin console on a Flask app: session and cookie settings, CSRF, the sign-in guard,
security headers and JSON errors for the API.

CSRF (flask-wtf) is checked for the console's own blueprint only (``WTF_CSRF_CHECK_DEFAULT`` off),
so the webhook endpoints, which helpdesks sign instead, are untouched.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, g, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from agent.build import load_training
from agent.live import LiveAgent
from carelayer.console_store import open_console_store, utc_now
from carelayer.errors import ConfigError
from carelayer.settings import Settings
from carelayer.store import StateStore
from console import action_views, api, campaigns, feedback_views, labs, pages, session_views, sidebar_api
from console.auth import Authenticator
from console.deps import ActionsChart, ConsoleDeps, ReportRenderer
from console.knowledge_ops import IndexHolder, SyncRunner
from knowledge.embeddings import build_embedder

EXTENSION = "carelayer.console"
BLUEPRINT = "console"
PUBLIC_ENDPOINTS = frozenset({"console.sign_in", "console.set_up", "console.static"})
SESSION_HOURS = 8
_HERE = Path(__file__).resolve().parent
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)


def build_console(
    settings: Settings,
    *,
    state: StateStore,
    actions_chart: ActionsChart,
    render_report: ReportRenderer,
    clock: Callable[[], datetime] = utc_now,
    index: IndexHolder | None = None,
) -> ConsoleDeps:
    """Everything the console needs; the index opens and the classifier trains on first use."""
    store = open_console_store(settings)
    index = index or IndexHolder(settings, embedder=build_embedder(settings.embeddings))
    training = load_training(settings)
    return ConsoleDeps(
        settings=settings,
        state=state,
        store=store,
        index=index,
        sync=SyncRunner(settings, index),
        agent=LiveAgent(settings, store=store, retriever=index, embedder=index.embedder, training=training),
        auth=Authenticator(settings, store, clock=clock),
        actions_chart=actions_chart,
        render_report=render_report,
        training=training,
        clock=clock,
    )


def install_console(app: Flask, deps: ConsoleDeps) -> None:
    """Mount the console on ``app``; ConfigError (with what to set) when no session key is configured."""
    console = deps.settings.file.console
    secret = deps.settings.secret(console.secret_key_env)
    if not secret or len(secret) < 16:
        raise ConfigError(
            f"the admin console needs a session key of at least 16 characters in ${console.secret_key_env} "
            "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')",
            location=console.secret_key_env,
        )
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="carelayer_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=console.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token is bound to the session, which expires on its own
    )
    app.extensions[EXTENSION] = deps
    csrf = CSRFProtect(app)
    blueprint = create_console_blueprint()
    blueprint.before_request(lambda: _guard(csrf))
    blueprint.after_request(_headers)
    app.register_blueprint(blueprint)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    sidebar_api.install(app, deps)  # the Zendesk app's API: its own JWT check, no session


def create_console_blueprint() -> Blueprint:
    blueprint = Blueprint(
        BLUEPRINT, __name__, template_folder=str(_HERE / "templates"), static_folder=str(_HERE / "static"),
        static_url_path="/static/console",
    )  # fmt: skip
    for module in (session_views, pages, labs, api, feedback_views, campaigns, action_views):
        for rule, endpoint, view, methods in module.ROUTES:
            blueprint.add_url_rule(rule, endpoint, view, methods=methods)
    blueprint.add_app_template_filter(_percent, "percent")
    return blueprint


def _percent(value: float | None) -> str:
    """``0.875`` -> ``87.5%``; ``None`` (nothing to measure) -> a dash."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def deps() -> ConsoleDeps:
    value: ConsoleDeps = current_app.extensions[EXTENSION]
    return value


def _guard(csrf: CSRFProtect) -> ResponseReturnValue | None:
    """Signed in, or only the sign-in page; every state-changing request carries the CSRF token.

    A script may call ``/api/`` with ``Authorization: Bearer <token>`` instead (``console.api_token_env``);
    it sends no cookie, so there is nothing to forge and no CSRF token to check.
    """
    if request.path.startswith("/api/") and _bearer_ok():
        g.actor = "api token"
        return None
    if request.endpoint not in PUBLIC_ENDPOINTS and not session.get("user"):
        if request.path.startswith("/api/"):
            return jsonify(error="sign in first"), 401
        return redirect(url_for("console.sign_in", next=request.full_path.rstrip("?")))
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        csrf.protect()
    return None


def _bearer_ok() -> bool:
    settings = deps().settings
    expected = settings.secret(settings.file.console.api_token_env)
    header = request.headers.get("Authorization", "")
    if not expected or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header.removeprefix("Bearer ").strip().encode(), expected.encode())


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "console.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    message = f"the form's security token is missing or out of date ({error.description}); reload and try again"
    if request.path.startswith("/api/"):
        return jsonify(error=message), 400
    return pages.error_page(400, message)


def _http_error(error: HTTPException) -> ResponseReturnValue:
    """JSON for the API, the console's error page elsewhere (the webhooks blueprint answers its own)."""
    status = error.code or 500
    message = error.description or error.name
    if status == 413:
        limit = deps().settings.file.web.max_body_bytes
        message = f"the request is larger than the server accepts ({limit:,} bytes, web.max_body_bytes)"
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    return pages.error_page(status, message)
