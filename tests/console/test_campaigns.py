"""The Campaigns page and ``GET /api/campaigns``: a CSV cohort sent through the sandbox helpdesk, replies
read by the real worker and triage agent, the pause stored as an audited console override."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient
from playwright.sync_api import expect, sync_playwright
from werkzeug.security import generate_password_hash

from agent.language import LanguageDetector
from agent.pipeline import TriageAgent
from app.serve import start_in_thread
from app.web import campaign_chart, create_app
from app.worker import Worker
from carelayer.campaign_settings import CampaignSettings
from carelayer.queue import SqliteQueue
from carelayer.settings import load_settings
from carelayer.store import StateStore
from connectors.sandbox.connector import SandboxHelpdesk
from console.campaigns import EXTENSION, CampaignConsole, install_campaigns
from outreach.build import build_outreach
from tests.actions.conftest import KeywordClassifier, NoComposer, PolicyRetriever
from tests.console.conftest import (
    PASSWORD,
    SECRET_KEY,
    Console,
    FakeClock,
    console_settings,
    csrf_from,
    make_console,
)
from tests.console.test_browser import ARTIFACTS, CHROMIUM, PHONE

# START is 2026-11-28 09:00 UTC: a day-2 step of a 2026-11-26 discharge is due now.
COHORT = (
    "patient_id,first_name,email,anchor_date\n"
    "p1,Ana,ana@example.org,2026-11-26\n"
    "p2,Ben,ben@example.org,2026-11-26\n"
    "p3,Cy,cy@example.org,2026-11-26\n"
)


@dataclass
class World:
    console: Console
    helpdesk: SandboxHelpdesk
    worker: Worker

    @property
    def campaigns(self) -> CampaignConsole:
        value: CampaignConsole = self.console.app.extensions[EXTENSION]
        return value

    def send_now(self, client: FlaskClient) -> None:
        token = csrf_from(client.get("/campaigns").get_data(True))
        assert client.post("/campaigns/send", data={"csrf_token": token}).status_code == 302
        self.campaigns.wait(30)

    def pause(self, client: FlaskClient, name: str, paused: str) -> int:
        token = csrf_from(client.get("/campaigns").get_data(True))
        return client.post(f"/campaigns/{name}/pause", data={"csrf_token": token, "paused": paused}).status_code

    def reply(self, email: str, text: str) -> None:
        (ticket,) = [t.id for t in self.helpdesk.list_tickets() if t.requester and t.requester.email == email]
        self.worker.handle(self.helpdesk.add_requester_comment(ticket, text))


def _campaign(**overrides: Any) -> CampaignSettings:
    return CampaignSettings.model_validate(
        {
            "name": "post-discharge",
            "audience": {"kind": "csv", "path": "cohort.csv"},
            "helpdesk": "sandbox",
            "clinic_name": "Main Street Clinic",
            "steps": [{"day": 2, "subject": "Checking in", "message": "Hello {{ first_name }}, how are you?"}],
            "quiet_hours": {"start": "20:00", "end": "08:00"},
            "frequency_cap": {"max_messages": 1, "per_days": 1},
            **overrides,
        }
    )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    (tmp_path / "cohort.csv").write_text(COHORT, encoding="utf-8")
    base = console_settings(tmp_path)
    flu = _campaign(name="flu", steps=[{"day": 30, "subject": "Flu shot", "message": "Time for a flu shot."}])
    settings = replace(base, file=base.file.model_copy(update={"campaigns": (_campaign(), flu)}))
    clock = FakeClock()
    console = make_console(settings, clock)
    with SandboxHelpdesk(tmp_path / "sandbox.sqlite3", marker_tag="carelayer", clock=clock) as helpdesk:
        service = build_outreach(settings, helpdesks={"sandbox": helpdesk}, clock=clock)
        install_campaigns(console.app, service, chart=campaign_chart)
        agent = TriageAgent(
            settings=settings.file,
            classifier=KeywordClassifier(),
            retriever=PolicyRetriever(),
            composer=NoComposer(),
            language=LanguageDetector(),
        )
        queue = SqliteQueue(
            tmp_path / "queue.sqlite3", lease_seconds=60, max_attempts=3, retry_base_seconds=1, retry_max_seconds=5
        )
        worker = Worker(
            queue=queue,
            helpdesks={"sandbox": helpdesk},
            agent=agent,
            store=StateStore(tmp_path / "worker-state.sqlite3"),
            worker_id="test-worker",
            clock=clock,
            outreach=service,
        )
        yield World(console, helpdesk, worker)


def _report(client: FlaskClient) -> dict[str, dict[str, Any]]:
    response = client.get("/api/campaigns")
    assert response.status_code == 200
    return {row["campaign"]: row for row in response.get_json()["campaigns"]}


def test_the_page_and_the_api_need_a_signed_in_admin(world: World) -> None:
    client = world.console.client()
    page = client.get("/campaigns")
    assert page.status_code == 302 and "/sign-in" in page.headers["Location"]
    assert client.get("/api/campaigns").status_code == 401
    assert client.post("/campaigns/send").status_code in (302, 401)
    assert world.helpdesk.list_tickets() == []


def test_send_due_now_runs_in_the_background_and_the_page_shows_each_campaigns_counts(world: World) -> None:
    client = world.console.signed_in()
    world.send_now(client)
    assert len(world.helpdesk.list_tickets()) == 3
    world.reply("ana@example.org", "All good, thanks!")
    world.reply("ben@example.org", "The wound is red and hot")
    world.reply("cy@example.org", "STOP")
    html = client.get("/campaigns").get_data(True)
    assert "Last run from the console finished" in html and "3 due · 3 sent · 0 already sent" in html
    for name, audience in (("post-discharge", "CSV (cohort.csv)"), ("flu", "CSV (cohort.csv)")):
        assert f'id="campaign-{name}"' in html and audience in html
    assert "20:00–08:00" in html and "1 per 1 day(s)" in html and "day2 (day 2)" in html
    section = html.split('id="campaign-post-discharge"', 1)[1].split('id="campaign-flu"', 1)[0]
    figures = {f: section.split(f'data-field="{f}">', 1)[1].split("<", 1)[0] for f in ("sent", "replied")}
    assert figures == {"sent": "3", "replied": "3"}
    assert 'data-field="escalated">1<' in section and 'data-field="opted_out">1<' in section
    assert "<svg" in section and "opted out: 1" in section  # the chart, its bars titled with the counts
    assert section.count("<td>day2</td>") == 3 and section.count("<td>sent</td>") == 3
    assert 'id="opted-out-total">1<' in html
    for private in ("Ana", "ana@example.org", "p1", "how are you"):
        assert private not in section  # recent sends: dates, step and status only
    assert _report(client)["post-discharge"]["report"] == {
        "sent": 3, "delivered": 3, "failed": 0, "replied": 3, "escalated": 1, "opted_out": 1,
    }  # fmt: skip
    assert _report(client)["flu"]["report"]["sent"] == 0  # day 30 is not due yet


def test_a_paused_campaign_sends_nothing_until_it_is_resumed(world: World) -> None:
    client = world.console.signed_in()
    assert world.pause(client, "post-discharge", "1") == 302
    assert _report(client)["post-discharge"]["paused"] is True
    world.send_now(client)
    assert world.helpdesk.list_tickets() == []
    (run,) = [r for r in world.campaigns.state().runs if r.campaign == "post-discharge"]
    assert run.paused and run.sent == 0
    html = client.get("/campaigns").get_data(True)
    assert "(paused)" in html and ">Resume</button>" in html and "paused, nothing sent" in html
    entries = world.console.deps.store.audit_entries(limit=20)
    assert [(e.action, e.target, e.actor) for e in entries if e.action == "set campaign"] == [
        ("set campaign", "post-discharge", "admin")
    ]
    assert world.pause(client, "post-discharge", "0") == 302
    world.send_now(client)
    assert len(world.helpdesk.list_tickets()) == 3


def test_forms_without_a_valid_csrf_token_or_with_bad_values_change_nothing(world: World) -> None:
    client = world.console.signed_in()
    assert client.post("/campaigns/send", data={"csrf_token": "forged"}).status_code == 400
    assert client.post("/campaigns/post-discharge/pause", data={"paused": "1"}).status_code == 400
    token = csrf_from(client.get("/campaigns").get_data(True))
    bad = client.post("/campaigns/post-discharge/pause", data={"csrf_token": token, "paused": "yes"})
    assert bad.status_code == 400 and "paused must be 0 or 1" in bad.get_data(True)
    missing = client.post("/campaigns/nope/pause", data={"csrf_token": token, "paused": "1"})
    assert missing.status_code == 404 and "no campaign named" in missing.get_data(True)
    assert world.helpdesk.list_tickets() == []
    assert _report(client)["post-discharge"]["paused"] is False


def test_the_api_returns_the_settings_and_counts_of_each_campaign(world: World) -> None:
    client = world.console.signed_in()
    world.send_now(client)
    body = client.get("/api/campaigns").get_json()
    assert body["opted_out_total"] == 0
    first = body["campaigns"][0]
    assert first == {
        "campaign": "post-discharge",
        "paused": False,
        "enabled": True,
        "audience": "CSV (cohort.csv)",
        "schedule": [{"step": "day2", "day": 2}],
        "timezone": "UTC",
        "quiet_hours": {"start": "20:00", "end": "08:00"},
        "frequency_cap": {"max_messages": 1, "per_days": 1},
        "helpdesk": "sandbox",
        "report": {"sent": 3, "delivered": 3, "failed": 0, "replied": 0, "escalated": 0, "opted_out": 0},
    }
    assert [row["campaign"] for row in body["campaigns"]] == ["post-discharge", "flu"]


def test_without_campaigns_the_page_says_how_to_configure_them(tmp_path: Path) -> None:
    console = make_console(console_settings(tmp_path))
    client = console.signed_in()
    assert "No outreach campaigns are configured" in client.get("/campaigns").get_data(True)
    assert client.get("/api/campaigns").get_json() == {"campaigns": [], "opted_out_total": 0}


def test_served_page_sends_from_the_button_and_fits_a_phone_screen(tmp_path: Path) -> None:
    """`carelayer serve`'s app (app/web.py wires the outreach service) in Chromium at 390 px wide."""
    anchor = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    (tmp_path / "cohort.csv").write_text(COHORT.replace("2026-11-26", anchor), encoding="utf-8")
    config = tmp_path / "config.yaml"
    console_settings(tmp_path)  # writes the example clinic's config.yaml
    data = yaml.safe_load(config.read_text())
    data["campaigns"] = [_campaign(quiet_hours=None, frequency_cap=None).model_dump(mode="json")]
    config.write_text(yaml.safe_dump(data))
    env = {"CARELAYER_SECRET_KEY": SECRET_KEY, "CARELAYER_ADMIN_PASSWORD_HASH": generate_password_hash(PASSWORD)}
    server = start_in_thread(create_app(load_settings(config, environ=env)), port=0, threads=4)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            args = ["--no-sandbox"] if os.geteuid() == 0 else []
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
            page = browser.new_context(viewport=PHONE).new_page()
            page.goto(f"{server.url}/sign-in")
            page.get_by_label("User").fill("admin")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("link", name="Campaigns").click()
            page.get_by_role("button", name="Send due now").click()
            # The run is in a background thread: reload until it has finished. The deadline is generous
            # because CI runs this beside other jobs on two cores; a count taken mid-run would read 2 of 3.
            deadline = time.monotonic() + 60
            while "Last run from the console finished" not in page.content():
                assert time.monotonic() < deadline, "the console's run did not finish within 60 s"
                page.wait_for_timeout(200)
                page.reload()
            expect(page.locator('#campaign-post-discharge td[data-field="delivered"]')).to_have_text("3")
            expect(page.locator("#campaign-post-discharge svg.chart")).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"/campaigns overflows by {overflow}px at 390px"
            page.screenshot(path=str(ARTIFACTS / "08-phone-campaigns.png"), full_page=True)
            browser.close()
    finally:
        server.stop()
