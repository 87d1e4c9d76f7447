"""The Zendesk sidebar app's API: every call verified by its Zendesk-signed JWT, then draft, regenerate
(a dry run through the sandbox helpdesk) and feedback, stored and audited, counted per category."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest

from carelayer.feedback import FeedbackKind, open_feedback_store
from carelayer.store import Outcome
from connectors.sandbox.connector import SandboxHelpdesk
from tests.console.conftest import Console
from tests.zendesk_app.sidebar import (
    DECISION,
    TICKET,
    bearer,
    record_decision,
    sidebar_console,
    token,
)

URL = f"/api/zendesk-app/tickets/{TICKET}"


@pytest.fixture
def console(tmp_path: Path) -> Console:
    made = sidebar_console(tmp_path)
    record_decision(made)
    return made


@pytest.fixture(params=["sqlite", "postgresql"])
def any_console(request: pytest.FixtureRequest, tmp_path: Path) -> Console:
    """``console`` on each state backend: the SQLite file, then a fresh PostgreSQL database."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres").new_database("sidebar")
    made = sidebar_console(tmp_path, state_url=url)
    record_decision(made)
    return made


def _tampered(value: str) -> str:
    """The same signature over a payload whose ``sub`` was changed."""
    header, payload, signature = value.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "999"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_valid_token_gets_the_draft_shaped_for_the_sidebar(console: Console) -> None:
    response = console.client().get(URL, headers=bearer(token()))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["category"] == "billing" and body["confidence"] == pytest.approx(0.8312)
    assert body["draft"] == DECISION["draft"]
    assert body["safety"]["outcome"] == "clear"
    assert body["reasons"] == DECISION["reasons"]
    assert [c["url"] for c in body["citations"]] == ["https://clinic.example/help/payment-options", None]
    assert body["feedback"] is None
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing token"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "missing token"),
        (bearer(token(lifetime=timedelta(minutes=-5))), "token expired"),
        (bearer(_tampered(token())), "signature"),
        (bearer(token(secret="another-secret-of-enough-length-for-hs256")), "signature"),
        (bearer(token(aud="somebody-else")), "audience"),
        (bearer(token(iss="attacker")), "issuer"),
        (bearer(token(exp=None)), "'exp' claim is missing"),
        (bearer(token(lifetime=timedelta(days=3))), "lives too long"),
        (bearer("not.a.jwt"), "invalid token"),
    ],
    ids=["none", "basic", "expired", "tampered", "wrong-secret", "audience", "issuer", "no-exp", "too-long", "junk"],
)
def test_calls_without_an_acceptable_token_get_401(console: Console, headers: dict[str, str], reason: str) -> None:
    for method, path in (("GET", URL), ("POST", f"{URL}/feedback"), ("POST", f"{URL}/regenerate")):
        response = console.client().open(path, method=method, headers=headers, json={"kind": "inserted"})
        assert response.status_code == 401, (method, path)
        assert reason in response.get_json()["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert open_feedback_store(console.settings).latest("sandbox", TICKET) is None


def test_unsigned_alg_none_tokens_are_refused(console: Console) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    payload = token().split(".")[1]
    response = console.client().get(URL, headers=bearer(f"{header}.{payload}."))
    assert response.status_code == 401


def test_a_token_just_past_its_expiry_is_accepted_within_the_leeway(console: Console) -> None:
    late = token(now=console.clock() - timedelta(minutes=5, seconds=-10), lifetime=timedelta(minutes=5))
    assert console.client().get(URL, headers=bearer(late)).status_code == 200
    console.clock.advance(seconds=60)
    assert console.client().get(URL, headers=bearer(late)).status_code == 401


def test_without_a_configured_secret_every_call_is_refused_with_what_to_set(tmp_path: Path) -> None:
    console = sidebar_console(tmp_path, app_secret=None)
    record_decision(console)
    response = console.client().get(URL, headers=bearer(token()))
    assert response.status_code == 401
    assert "CARELAYER_ZENDESK_APP_SECRET" in response.get_json()["error"]


def test_a_ticket_without_a_decision_is_a_readable_404(console: Console) -> None:
    response = console.client().get("/api/zendesk-app/tickets/777", headers=bearer(token()))
    assert response.status_code == 404
    assert "no decision for ticket 777" in response.get_json()["error"]
    bad = console.client().get("/api/zendesk-app/tickets/a%20b", headers=bearer(token()))
    assert bad.status_code == 400


def test_feedback_is_stored_audited_and_counted_by_each_tickets_latest_verdict(any_console: Console) -> None:
    console = any_console
    client = console.client()
    first = client.post(f"{URL}/feedback", headers=bearer(token()), json={"kind": "inserted"})
    assert first.status_code == 201, first.get_json()
    second = client.post(f"{URL}/feedback", headers=bearer(token()), json={"kind": "edited"})
    assert second.status_code == 201
    record_decision(console, {**DECISION, "ticket_id": "43"})
    client.post("/api/zendesk-app/tickets/43/feedback", headers=bearer(token(sub="8")), json={"kind": "not_helpful"})

    store = open_feedback_store(console.settings)
    latest = store.latest("sandbox", TICKET)
    assert latest is not None and latest.kind is FeedbackKind.EDITED and latest.actor == "zendesk user 7"
    [billing] = store.acceptance()
    assert (billing.category, billing.inserted, billing.edited, billing.not_helpful) == ("billing", 0, 1, 1)
    assert billing.acceptance == pytest.approx(0.5)
    assert client.get(URL, headers=bearer(token())).get_json()["feedback"] == "edited"

    entries = console.deps.store.audit_entries()
    assert [(e.action, e.target, e.actor) for e in entries[:3]] == [
        ("agent feedback", "sandbox:43", "zendesk user 8"),
        ("agent feedback", f"sandbox:{TICKET}", "zendesk user 7"),
        ("agent feedback", f"sandbox:{TICKET}", "zendesk user 7"),
    ]
    assert entries[0].new == {"kind": "not_helpful", "category": "billing"}
    assert console.deps.store.verify_audit() is None


def test_feedback_input_mistakes_are_clear_400s_and_404s(console: Console) -> None:
    client = console.client()
    wrong = client.post(f"{URL}/feedback", headers=bearer(token()), json={"kind": "loved_it"})
    assert wrong.status_code == 400 and "inserted, edited, not_helpful" in wrong.get_json()["error"]
    not_json = client.post(f"{URL}/feedback", headers=bearer(token()), data="kind=inserted")
    assert not_json.status_code == 400
    nothing = client.post("/api/zendesk-app/tickets/900/feedback", headers=bearer(token()), json={"kind": "inserted"})
    assert nothing.status_code == 404 and "no draft" in nothing.get_json()["error"]


def test_the_console_shows_acceptance_per_category(console: Console) -> None:
    console.client().post(f"{URL}/feedback", headers=bearer(token()), json={"kind": "inserted"})
    anonymous = console.client().get("/api/feedback")
    assert anonymous.status_code == 401
    admin = console.signed_in()
    body = admin.get("/api/feedback").get_json()
    assert body["categories"] == [
        {"category": "billing", "inserted": 1, "edited": 0, "not_helpful": 0, "total": 1, "acceptance": 1.0,
         "as_is": 1.0}
    ]  # fmt: skip
    page = admin.get("/feedback").get_data(True)
    assert "Agent feedback" in page and "billing" in page and "100%" in page
    assert admin.get("/api/feedback?days=0").status_code == 400


def test_regenerate_triages_the_ticket_again_as_a_dry_run_and_logs_it(tmp_path: Path) -> None:
    console = sidebar_console(tmp_path)
    config = console.settings.helpdesk()
    assert config.path is not None
    with SandboxHelpdesk(config.path, marker_tag="carelayer") as sandbox:
        ticket = sandbox.create_ticket("Question about my bill", "Can I pay my invoice in monthly instalments?")
        before = sandbox.comments(ticket.id)
    response = console.client().post(f"/api/zendesk-app/tickets/{ticket.id}/regenerate", headers=bearer(token()))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["regenerated"] is True and body["category"] == "billing"
    records, _ = console.deps.state.activity_page(ticket_id=ticket.id)
    assert [r.outcome for r in records] == [Outcome.DRY_RUN]
    assert records[0].event_id.startswith("zendesk-app:regenerate:")
    with SandboxHelpdesk(config.path, marker_tag="carelayer") as sandbox:
        assert sandbox.comments(ticket.id) == before  # nothing was written to the helpdesk
    shown = console.client().get(f"/api/zendesk-app/tickets/{ticket.id}", headers=bearer(token()))
    assert shown.get_json()["regenerated"] is True

    missing = console.client().post("/api/zendesk-app/tickets/99999/regenerate", headers=bearer(token()))
    assert missing.status_code == 404 and "99999" in missing.get_json()["error"]


def test_a_helpdesk_setting_that_names_nothing_is_a_clear_503(tmp_path: Path) -> None:
    console = sidebar_console(tmp_path, helpdesk="nope")
    response = console.client().get(URL, headers=bearer(token()))
    assert response.status_code == 503
    assert "no helpdesk named 'nope'" in response.get_json()["error"]
