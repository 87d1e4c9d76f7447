"""One-click approval and the console's Actions page, end to end: sandbox helpdesk -> worker -> action desk ->
internal note with the link -> the admin console (Flask test client) -> the Medplum FHIR router -> the ticket."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from actions.build import build_desk
from app.web import console_chart, console_report
from carelayer.backends import open_state_store
from carelayer.settings import Settings
from console.web import build_console, install_console
from tests.actions import clinic
from tests.actions.conftest import CONSOLE_URL, Clock, PolicyRetriever, World, file_settings, make_world
from tests.actions.fhir_server.harness import FhirServer
from tests.console.conftest import PASSWORD, SECRET_KEY, csrf_from

REFILL = "Hello, I need a refill of my lisinopril please"
LINK = re.compile(re.escape(CONSOLE_URL) + r"(/actions/pending/[A-Za-z0-9_-]+)")


def settings_for(server: FhirServer, folder: Path, **actions: object) -> Settings:
    """The world's settings as the console (and ``carelayer serve``) would load them: same data_dir, same sandbox."""
    base = file_settings(server.base_url, **actions)
    data = base.model_dump()
    data["data_dir"] = str(folder)
    data["helpdesks"] = [{"name": "sandbox", "kind": "sandbox", "path": str(folder / "sandbox.sqlite3")}]
    data["console"] = {**data["console"], "secure_cookies": False}
    secrets = {"CARELAYER_SECRET_KEY": SECRET_KEY, "CARELAYER_ADMIN_PASSWORD_HASH": generate_password_hash(PASSWORD)}
    return Settings(folder / "config.yaml", type(base).model_validate(data), secrets)


def console_app(settings: Settings, clock: Clock) -> Flask:
    app = Flask("actions-console-test")
    deps = build_console(
        settings,
        state=open_state_store(settings),
        actions_chart=console_chart,
        render_report=console_report,
        clock=clock,
    )
    install_console(app, deps)
    return app


def signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    token = csrf_from(client.get("/sign-in").get_data(True))
    response = client.post("/sign-in", data={"user": "admin", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def post(client: FlaskClient, path: str, form: dict[str, str] | None = None, *, status: int = 200) -> str:
    """POST with the page's CSRF token; the page the redirect leads to (or the refusal, with ``status``)."""
    token = csrf_from(client.get("/actions").get_data(True))
    response = client.post(path, data={"csrf_token": token, **(form or {})}, follow_redirects=True)
    assert response.status_code == status, response.get_data(True)
    return response.get_data(True)


@pytest.fixture
def approval_world(clinic_server: FhirServer, tmp_path: Path) -> Iterator[World]:
    yield from make_world(clinic_server, tmp_path, risk={"refill.request": "needs_approval"})


@pytest.fixture
def app(approval_world: World, tmp_path: Path) -> Flask:
    settings = settings_for(approval_world.fhir, tmp_path, risk={"refill.request": "needs_approval"})
    return console_app(settings, approval_world.clock)


def ours(world: World, ticket: str) -> list[str]:
    """The public replies carelayer wrote on the ticket."""
    return [c.body for c in world.snapshot(ticket).public_comments if c.author_id == "carelayer"]


def pending_path(world: World, ticket: str) -> str:
    found = LINK.search(world.snapshot(ticket).notes[-1].body)
    assert found is not None, world.snapshot(ticket).notes[-1].body
    return found.group(1)


def test_a_needs_approval_refill_leaves_a_note_with_the_link_and_writes_nothing(approval_world: World) -> None:
    ticket = approval_world.ask("Refill", REFILL)
    note = approval_world.snapshot(ticket).notes[-1].body
    assert "awaiting approval: refill.request" in note
    assert "Send a refill request for Lisinopril 10 mg tablet" in note
    assert f"Patient/{clinic.JANE['id']}" in note
    assert pending_path(approval_world, ticket).startswith("/actions/pending/")
    assert ours(approval_world, ticket) == []  # the requester is told nothing yet
    assert approval_world.search("Task") == []


def test_approving_creates_the_task_once_and_answers_on_the_ticket(approval_world: World, app: Flask) -> None:
    ticket = approval_world.ask("Refill", REFILL)
    path = pending_path(approval_world, ticket)
    client = signed_in(app)
    page = client.get(path).get_data(True)
    assert "refill.request" in page and f"Patient/{clinic.JANE['id']}" in page and "Approve" in page

    first = post(client, f"{path}/approve")
    assert "Approved: refill requested" in first
    second = post(client, f"{path}/approve")  # the second click
    assert "Already decided (approved) by admin" in second

    tasks = approval_world.search("Task")
    assert len(tasks) == 1
    assert tasks[0]["focus"]["reference"] == "MedicationRequest/med-jane-lisinopril"
    assert "refill request for Lisinopril 10 mg tablet is with your care team" in approval_world.last_public(ticket)
    assert len(ours(approval_world, ticket)) == 1
    assert approval_world.steps(ticket)[-1].startswith("approved by admin; refill requested")
    audit = client.get("/audit").get_data(True)
    assert "approve action" in audit


def test_rejecting_does_nothing_at_the_ehr(approval_world: World, app: Flask) -> None:
    ticket = approval_world.ask("Refill", REFILL)
    path = pending_path(approval_world, ticket)
    client = signed_in(app)
    assert "Rejected: nothing was written to the EHR" in post(client, f"{path}/reject")
    assert "Already decided (rejected)" in post(client, f"{path}/approve")
    assert approval_world.search("Task") == []
    assert ours(approval_world, ticket) == []
    assert approval_world.steps(ticket)[-1] == "approval rejected by admin"


def test_an_expired_approval_says_so_and_runs_nothing(approval_world: World, app: Flask) -> None:
    ticket = approval_world.ask("Refill", REFILL)
    path = pending_path(approval_world, ticket)
    client = signed_in(app)
    approval_world.clock.advance(hours=73)
    assert "expired" in client.get(path).get_data(True)
    assert "This approval expired" in post(client, f"{path}/approve")
    assert approval_world.search("Task") == []


def test_approval_needs_a_signed_in_admin_and_the_csrf_token(approval_world: World, app: Flask) -> None:
    ticket = approval_world.ask("Refill", REFILL)
    path = pending_path(approval_world, ticket)
    anonymous = app.test_client()
    assert anonymous.get(path).status_code == 302
    response = anonymous.post(f"{path}/approve")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    client = signed_in(app)
    assert client.post(f"{path}/approve", data={"csrf_token": "forged"}).status_code == 400
    assert client.post(f"{path}/approve").status_code == 400
    assert approval_world.search("Task") == []
    assert client.get("/actions/pending/no-such-id").status_code == 404


def test_the_actions_page_enables_actions_per_category_without_a_restart(
    clinic_server: FhirServer, tmp_path: Path
) -> None:
    settings = settings_for(clinic_server, tmp_path, enabled={})
    clock = Clock()
    app = console_app(settings, clock)
    desk = build_desk(settings, retriever=PolicyRetriever(), clock=clock)
    assert desk is not None
    worlds = make_world(clinic_server, tmp_path, hook=desk, enabled={})
    world = next(worlds)
    before = world.ask("Refill", REFILL)
    assert world.snapshot(before).notes == () or "awaiting approval" not in world.snapshot(before).notes[-1].body
    assert world.steps(before) == []

    client = signed_in(app)
    page = client.get("/actions").get_data(True)
    assert 'name="enabled" value="refill.request"' in page
    refused = post(client, "/actions/category/clinical", {"enabled": "refill.request"}, status=400)
    assert "actions never run for clinical tickets" in refused
    unknown = post(client, "/actions/category/prescriptions", {"enabled": "refill.teleport"}, status=400)
    assert "unknown action(s) refill.teleport" in unknown
    assert "Saved the actions of prescriptions" in post(
        client, "/actions/category/prescriptions", {"enabled": "refill.request"}
    )
    assert "Saved the risk classes" in post(client, "/actions/risk", {"risk-refill.request": "needs_approval"})

    after = world.ask("Refill", REFILL)  # the same worker, no restart
    assert "awaiting approval: refill.request" in world.snapshot(after).notes[-1].body
    assert world.search("Task") == []
    audit = client.get("/audit").get_data(True)
    assert "set actions" in audit and "set action_risk" in audit
    worlds.close()
