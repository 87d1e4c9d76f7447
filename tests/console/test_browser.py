"""End to end in a real browser: Playwright drives Debian's Chromium against `carelayer serve`'s WSGI app
(waitress in a background thread) on the example clinic. Screenshots go to test-artifacts/console/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from app.serve import RunningServer, start_in_thread
from app.web import create_app
from carelayer.settings import Settings
from carelayer.store import ActivityRecord, Outcome, StateStore
from console.knowledge_ops import sync_configured
from knowledge.index import open_index
from tests.clinic_config import CLINIC
from tests.console.conftest import PASSWORD, console_settings

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "console"
PHONE: ViewportSize = {"width": 390, "height": 844}


@dataclass
class Served:
    url: str
    settings: Settings
    folder: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("browser")
    settings = console_settings(folder, helpdesk_ticket_urls={"sandbox": "https://help.example/tickets/{id}"})
    index = open_index(settings)
    sync_configured(settings, index, lambda _: None)
    index.close()
    decision = {
        "ticket_id": "501", "category": "billing", "confidence": 0.83, "emergency": False, "action": "note",
        "draft": "Hello, you can pay in monthly instalments.", "tags": ["carelayer"], "group": None,
        "priority": None, "reasons": ["classified billing (0.83)", "category billing: mode draft"],
        "citations": [{"source": "clinic", "id": "payment-options.md", "title": "Payment options", "url": None}],
    }  # fmt: skip
    StateStore(settings.data_dir / "state.sqlite3").record_activity(
        ActivityRecord("sandbox", "501", "e1", datetime.now(UTC), decision, ("note", "tags"), Outcome.WRITTEN)
    )
    server: RunningServer = start_in_thread(create_app(settings), port=0, threads=4)
    yield Served(server.url, settings, folder)
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield launched
        launched.close()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _sign_in_by_keyboard(page: Page, url: str) -> None:
    """Only the keyboard: Tab to the user field, type, Tab to the password, Tab to the button, Enter."""
    page.goto(f"{url}/sign-in")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "user":
            break
    assert page.evaluate("document.activeElement.id") == "user"
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.tagName, document.activeElement.type, document.activeElement.textContent]"
    )
    assert focused == ["BUTTON", "submit", "Sign in"]
    _shot(page, "01-sign-in")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_admin_signs_in_switches_a_mode_tries_a_ticket_and_reads_the_reports(
    served: Served, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in_by_keyboard(page, served.url)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    _shot(page, "02-overview")

    page.get_by_role("link", name="Categories").click()
    billing = page.locator("#category-billing")
    billing.get_by_label("auto").check()
    billing.get_by_role("button", name="Save billing").click()
    expect(page.get_by_role("status")).to_contain_text("Saved billing")
    expect(page.locator("#category-billing .mode")).to_have_text("auto")
    expect(page.locator("#category-clinical")).to_contain_text("fixed: the AI never answers clinical tickets")
    _shot(page, "03-categories")

    page.get_by_role("link", name="Try it").click()
    page.get_by_label("Subject").fill("payment plan")
    page.get_by_label("Message").fill("Can I pay my bill in monthly payments?")
    page.get_by_role("button", name="Run").click()
    result = page.locator("#result")
    expect(result).to_contain_text("5. Decision")
    expect(result).to_contain_text("category billing: mode auto")  # the switch above, already in effect
    _shot(page, "04-try-it")

    page.get_by_role("link", name="Activity").click()
    expect(page.get_by_role("link", name="Ticket 501")).to_have_attribute("href", "https://help.example/tickets/501")
    expect(page.locator("article.activity")).to_contain_text("Hello, you can pay in monthly instalments.")
    _shot(page, "05-activity")

    upload = served.folder / "past.jsonl"
    upload.write_bytes(b"\n".join((CLINIC / "holdout.jsonl").read_bytes().splitlines()[:8]) + b"\n")
    page.get_by_role("link", name="Simulation").click()
    page.get_by_label("Past tickets (JSONL)").set_input_files(str(upload))
    page.get_by_text("Compare with a proposal").click()
    page.get_by_label("Also run the proposed modes").check()
    page.get_by_label("Proposed mode for prescriptions").select_option("auto")
    page.get_by_role("button", name="Run simulation").click()
    expect(page.locator("#simulation-result")).to_contain_text("8 tickets replayed")
    expect(page.locator("table.compare")).to_contain_text("prescriptions")
    report = page.frame_locator("iframe.report")
    expect(report.get_by_role("heading", name="carelayer simulation: past.jsonl")).to_be_visible()
    _shot(page, "06-simulation")
    page.close()


def test_pages_fit_a_phone_screen_without_horizontal_scrolling(served: Served, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _sign_in_by_keyboard(page, served.url)
    for path in ("/", "/categories", "/instructions", "/knowledge?q=refill", "/activity", "/try", "/simulation",
                 "/audit"):  # fmt: skip
        page.goto(f"{served.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} overflows by {overflow}px at 390px"
    page.goto(f"{served.url}/categories")
    _shot(page, "07-phone-categories")
    context.close()


def test_sync_now_runs_in_the_background_and_the_page_shows_the_result(served: Served, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in_by_keyboard(page, served.url)
    page.get_by_role("link", name="Knowledge").click()
    page.get_by_role("button", name="Sync now").click()
    # console.js polls /api/sync and reloads the page when the sync has finished
    expect(page.locator("#sync-state")).to_contain_text("36 unchanged", timeout=60_000)
    expect(page.get_by_role("button", name="Sync now")).to_be_enabled()
    page.get_by_label("Question").fill("how do I get a refill")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("ol.hits li").first).to_contain_text("score")
    _shot(page, "08-knowledge")
    page.close()
