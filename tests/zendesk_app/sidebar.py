"""Shared by the sidebar app's tests: a console app with the app secret set, signed tokens, a decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from werkzeug.security import generate_password_hash

from carelayer.settings import Settings
from carelayer.store import ActivityRecord, Outcome
from tests.console.conftest import PASSWORD, SECRET_KEY, START, Console, console_settings, make_console
from tests.servers import PG_PASSWORD

APP_SECRET = "zendesk-app-shared-secret-0123456789"
ISSUER, AUDIENCE = "zendesk-app", "carelayer"
TICKET = "42"
DECISION: dict[str, Any] = {
    "ticket_id": TICKET,
    "category": "billing",
    "confidence": 0.8312,
    "emergency": False,
    "action": "note",
    "draft": "Hello,\n\nYou can pay your bill in monthly instalments from the patient portal.\n\nThe support team",
    "citations": [
        {"source": "clinic", "id": "payment-options.md", "title": "Payment options",
         "url": "https://clinic.example/help/payment-options"},
        {"source": "clinic", "id": "evil.md", "title": "Not a web link", "url": "javascript:alert(1)"},
    ],
    "tags": ["carelayer", "carelayer_billing"],
    "group": None,
    "priority": None,
    "reasons": ["classified billing (0.83)", "category billing: mode draft", "grounded: 1.00; relevance 0.52"],
}  # fmt: skip


def sidebar_settings(
    folder: Path, *, app_secret: str | None = APP_SECRET, state_url: str | None = None, **zendesk_app: Any
) -> Settings:
    """The example clinic with the console on and (unless ``None``) the app's shared secret in the environment;
    with ``state_url``, the state is on that PostgreSQL database."""
    env = {"CARELAYER_SECRET_KEY": SECRET_KEY, "CARELAYER_ADMIN_PASSWORD_HASH": generate_password_hash(PASSWORD)}
    env["CARELAYER_DATABASE_PASSWORD"] = PG_PASSWORD
    if app_secret is not None:
        env["CARELAYER_ZENDESK_APP_SECRET"] = app_secret
    settings = console_settings(folder, environ=env, state_url=state_url)
    if zendesk_app:
        file = settings.file.model_copy(
            update={"zendesk_app": settings.file.zendesk_app.model_copy(update=zendesk_app)}
        )
        settings = replace(settings, file=file)
    return settings


def sidebar_console(folder: Path, **options: Any) -> Console:
    return make_console(sidebar_settings(folder, **options))


def token(
    *,
    now: datetime = START,
    lifetime: timedelta = timedelta(minutes=5),
    secret: str = APP_SECRET,
    algorithm: str = "HS256",
    **claims: Any,
) -> str:
    """A token as Zendesk's proxy signs it for the app: iss, aud, sub, iat and exp (claims override)."""
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "7", "iat": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()), **claims}  # fmt: skip
    body = {key: value for key, value in body.items() if value is not None}
    return jwt.encode(body, secret, algorithm=algorithm)


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def record_decision(console: Console, decision: dict[str, Any] | None = None, *, helpdesk: str = "sandbox") -> None:
    """A decision for ``TICKET`` in the activity log, as the worker records one."""
    chosen = decision or DECISION
    console.deps.state.record_activity(
        ActivityRecord(helpdesk, str(chosen["ticket_id"]), "e1", console.clock(), chosen, ("note",), Outcome.WRITTEN)
    )
