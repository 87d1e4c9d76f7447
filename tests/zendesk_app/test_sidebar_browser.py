"""The sidebar app's page in real Chromium (Playwright, Debian's /usr/bin/chromium), narrow as Zendesk's
sidebar, with a stand-in for the ZAF SDK (zaf_stub.js, served where Zendesk's SDK URL points) that
records ``invoke``/``request`` calls. Requests go to a route that plays Zendesk's proxy: it checks that
the app asked for a secure, JWT-signed request, signs the token with the shared secret as Zendesk does,
and hands the call to carelayer's real Flask app. Nothing is fetched from the network: any other URL is
aborted and the test fails. Screenshots go to test-artifacts/zendesk_app/."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from playwright.sync_api import Browser, Page, Request, Route, ViewportSize, expect, sync_playwright

from carelayer.feedback import FeedbackKind, open_feedback_store
from tests.console.conftest import Console
from tests.zendesk_app.sidebar import APP_SECRET, DECISION, TICKET, record_decision, sidebar_console

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "zendesk_app" / "assets"
STUB = Path(__file__).resolve().parent / "zaf_stub.js"
ARTIFACTS = ROOT / "test-artifacts" / "zendesk_app"
ZAF_SDK_URL = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"
ORIGIN = "https://zendesk.test"
SIDEBAR: ViewportSize = {"width": 320, "height": 900}
PLACEHOLDER = "{{jwt.token}}"
# The draft as the rich-text editor receives it (ticket.editor.insert takes HTML): escaped, paragraphs kept.
DRAFT_HTML = (
    "<p>Hello,</p><p>You can pay your bill in monthly instalments from the patient portal.</p><p>The support team</p>"
)


@dataclass
class Proxy:
    """Zendesk's request proxy in front of carelayer: signs the app's JWT with the secure setting's value."""

    console: Console
    secret: str = APP_SECRET
    down: bool = False
    canned: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def handle(self, route: Route, request: Request) -> None:
        path = urlsplit(request.url).path
        self.calls.append((request.method, path))
        if self.down:
            route.abort("connectionrefused")
            return
        asked = json.loads(request.headers["x-test-zaf-jwt"])
        # What Zendesk requires of the app: a secure request whose secret is the setting's placeholder.
        assert request.headers["x-test-zaf-secure"] == "true"
        assert asked["secret_key"] == "{{setting.shared_secret}}" and asked["algorithm"] == "HS256"
        now = int(self.console.clock().timestamp())
        signed = jwt.encode({**asked["claims"], "iat": now, "exp": now + asked["expiry"]}, self.secret, "HS256")
        for (method, suffix), (status, body) in self.canned.items():
            if request.method == method and path.endswith(suffix):
                route.fulfill(status=status, json=body)
                return
        response = self.console.client().open(
            path,
            method=request.method,
            headers={"Authorization": request.headers["authorization"].replace(PLACEHOLDER, signed)},
            data=request.post_data_buffer,
            content_type=request.headers.get("content-type"),
        )
        route.fulfill(status=response.status_code, body=response.get_data(), content_type=response.content_type)


@dataclass
class Sidebar:
    page: Page
    proxy: Proxy
    outside: list[str]

    def requests(self) -> list[dict[str, Any]]:
        value: list[dict[str, Any]] = self.page.evaluate("window.__zaf.request")
        return value

    def invokes(self, name: str) -> list[list[Any]]:
        calls: list[dict[str, Any]] = self.page.evaluate("window.__zaf.invoke")
        return [call["args"] for call in calls if call["name"] == name]

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield launched
        launched.close()


@pytest.fixture
def console(tmp_path: Path) -> Console:
    made = sidebar_console(tmp_path)
    record_decision(made)
    return made


def _serve_asset(route: Route, request: Request) -> None:
    name = urlsplit(request.url).path.removeprefix("/assets/")
    route.fulfill(path=str(ASSETS / name))


def open_sidebar(browser: Browser, proxy: Proxy, **config: Any) -> Iterator[Sidebar]:
    """The app's page as Zendesk frames it, for ticket 42 and agent 7 unless ``config`` says otherwise."""
    data = {"ticket.id": int(TICKET), "currentUser.id": 7, "comment.text": "", **config.pop("data", {})}
    stub_config = {"data": data, "settings": {"carelayer_url": ORIGIN + "/"}, **config}
    page = browser.new_page(viewport=SIDEBAR)
    outside: list[str] = []

    def refuse(route: Route, request: Request) -> None:
        outside.append(request.url)
        route.abort()

    page.route("**/*", refuse)
    page.route(f"{ORIGIN}/assets/**", _serve_asset)
    page.route(ZAF_SDK_URL, lambda route: route.fulfill(path=str(STUB), content_type="application/javascript"))
    page.route(f"{ORIGIN}/api/zendesk-app/**", proxy.handle)
    page.add_init_script(f"window.__zafConfig = {json.dumps(stub_config)};")
    page.goto(f"{ORIGIN}/assets/iframe.html")
    yield Sidebar(page, proxy, outside)
    assert outside == [], "the app fetched something other than its own files, the SDK and carelayer"
    page.close()


@pytest.fixture
def sidebar(browser: Browser, console: Console) -> Iterator[Sidebar]:
    yield from open_sidebar(browser, Proxy(console))


def test_the_draft_renders_with_category_confidence_safety_sources_and_reasons(sidebar: Sidebar) -> None:
    page = sidebar.page
    expect(page.locator("#category")).to_have_text("billing")
    expect(page.locator("#confidence")).to_have_text("83% confident")
    expect(page.locator("#safety")).to_have_text("Safety: No emergency or clinical question found")
    assert page.locator("#draft").evaluate("node => node.textContent") == DECISION["draft"]
    links = page.locator("#sources a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://clinic.example/help/payment-options")
    expect(links).to_have_text("Payment options")
    expect(page.locator("#sources li").nth(1)).to_have_text("Not a web link (clinic)")  # javascript: is no link
    page.get_by_text("Why this draft").click()
    expect(page.locator("#reasons li")).to_have_text(DECISION["reasons"])
    sidebar.shot("draft")

    [asked] = sidebar.requests()
    assert asked["url"] == f"{ORIGIN}/api/zendesk-app/tickets/{TICKET}" and asked["type"] == "GET"
    assert asked["secure"] is True and asked["headers"] == {"Authorization": f"Bearer {PLACEHOLDER}"}
    assert asked["jwt"]["claims"] == {"iss": "zendesk-app", "aud": "carelayer", "sub": "7"}
    assert APP_SECRET not in page.content()
    assert page.evaluate("document.body.scrollWidth") <= SIDEBAR["width"]  # no sideways scrolling


def test_insert_puts_the_draft_into_the_reply_and_records_it(sidebar: Sidebar, console: Console) -> None:
    page = sidebar.page
    with page.expect_response(lambda r: r.url.endswith("/feedback")) as answer:
        page.get_by_role("button", name="Insert into reply").click()
    assert answer.value.status == 201
    assert sidebar.invokes("ticket.editor.insert") == [[DRAFT_HTML]]
    expect(page.locator("#status")).to_have_text("Inserted into the reply. Review it before you submit.")
    latest = open_feedback_store(console.settings).latest("sandbox", TICKET)
    assert latest is not None and latest.kind is FeedbackKind.INSERTED
    sidebar.shot("inserted")

    # Saved unchanged (the editor's HTML holds the same words): no second verdict.
    assert _save_with(page, DRAFT_HTML) == 2
    # Inserted again and edited before saving: the ticket's verdict becomes "edited".
    with page.expect_response(lambda r: r.url.endswith("/feedback")):
        page.get_by_role("button", name="Insert into reply").click()
    with page.expect_response(lambda r: r.url.endswith("/feedback")):
        _save_with(page, "<p>Hello, I changed the draft before sending.</p>")
    latest = open_feedback_store(console.settings).latest("sandbox", TICKET)
    assert latest is not None and latest.kind is FeedbackKind.EDITED


def _save_with(page: Page, comment_html: str) -> int:
    """Fire the ticket.save hook with ``comment_html`` in the reply; how many requests the app has made."""
    count: int = page.evaluate(
        """async (html) => {
            window.__zafConfig.data['comment.text'] = html;
            window.__zafFire('ticket.save');
            await new Promise((settled) => setTimeout(settled, 0));
            return window.__zaf.request.length;
        }""",
        comment_html,
    )
    return count


def test_not_helpful_posts_feedback_and_is_shown(sidebar: Sidebar, console: Console) -> None:
    page = sidebar.page
    button = page.get_by_role("button", name="Not helpful")
    with page.expect_response(lambda r: r.url.endswith("/feedback")) as answer:
        button.click()
    assert answer.value.status == 201
    assert json.loads(sidebar.requests()[-1]["data"]) == {"kind": "not_helpful"}
    expect(page.locator("#status")).to_have_text("Thanks: recorded as not helpful.")
    expect(button).to_be_disabled()
    [billing] = open_feedback_store(console.settings).acceptance()
    assert (billing.not_helpful, billing.acceptance) == (1, 0.0)
    sidebar.shot("not-helpful")


def test_everything_works_from_the_keyboard(sidebar: Sidebar) -> None:
    page = sidebar.page
    expect(page.locator("#category")).to_have_text("billing")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "insert":
            break
    assert page.evaluate("document.activeElement.id") == "insert"
    with page.expect_response(lambda r: r.url.endswith("/feedback")):
        page.keyboard.press("Enter")
    assert sidebar.invokes("ticket.editor.insert") == [[DRAFT_HTML]]
    sidebar.shot("keyboard-focus")


def test_regenerate_shows_the_new_decision(sidebar: Sidebar) -> None:
    page = sidebar.page
    expect(page.locator("#category")).to_have_text("billing")
    fresh = {
        "ticket_id": TICKET, "helpdesk": "sandbox", "at": "2026-11-28T09:05:00+00:00", "regenerated": True,
        "category": "appointments", "confidence": 0.64, "action": "note", "group": None,
        "safety": {"outcome": "clear", "label": "No emergency or clinical question found"},
        "draft": "Hello, you can move your appointment online.", "citations": [], "reasons": ["classified"],
        "feedback": None,
    }  # fmt: skip
    sidebar.proxy.canned[("POST", "/regenerate")] = (200, fresh)
    page.get_by_role("button", name="Regenerate").click()
    expect(page.locator("#category")).to_have_text("appointments")
    expect(page.locator("#status")).to_have_text("New draft ready.")
    expect(page.locator("#when")).to_contain_text("Regenerated")
    expect(page.locator("#no-sources")).to_be_visible()
    assert sidebar.requests()[-1]["type"] == "POST" and sidebar.requests()[-1]["url"].endswith("/regenerate")


def test_an_emergency_decision_says_so_first(browser: Browser, console: Console) -> None:
    emergency = {
        **DECISION, "ticket_id": "44", "category": "emergency", "emergency": True, "action": "handoff",
        "group": "Urgent", "draft": "If this is an emergency, call 911 now.", "citations": [],
        "reasons": ["emergency: chest pain", "safety screen: emergency handoff (the AI never answers)"],
    }  # fmt: skip
    record_decision(console, emergency)
    for sidebar in open_sidebar(browser, Proxy(console), data={"ticket.id": 44}):
        safety = sidebar.page.locator("#safety")
        expect(safety).to_contain_text("Emergency: urgent handoff")
        expect(safety).to_have_class("safety emergency")
        expect(sidebar.page.locator("#action")).to_have_text("· handoff to Urgent")
        sidebar.shot("emergency")


def test_a_wrong_shared_secret_shows_a_readable_message(browser: Browser, console: Console) -> None:
    proxy = Proxy(console, secret="the-admin-typed-another-secret-into-zendesk")
    for sidebar in open_sidebar(browser, proxy):
        error = sidebar.page.get_by_role("alert")
        expect(error).to_contain_text("carelayer refused the app's signature")
        expect(error).to_contain_text("shared secret matches $CARELAYER_ZENDESK_APP_SECRET")
        sidebar.shot("error-signature")


def test_an_unreachable_server_shows_a_readable_message_and_a_retry(browser: Browser, console: Console) -> None:
    proxy = Proxy(console, down=True)
    for sidebar in open_sidebar(browser, proxy):
        expect(sidebar.page.get_by_role("alert")).to_have_text(
            f"carelayer could not be reached at {ORIGIN}. Check the app's carelayer URL setting, "
            "or try again in a minute."
        )
        proxy.down = False
        sidebar.page.get_by_role("button", name="Try again").click()
        expect(sidebar.page.locator("#category")).to_have_text("billing")
        expect(sidebar.page.get_by_role("alert")).to_be_hidden()


def test_the_plain_editor_gets_text_and_the_rich_editor_escaped_html(browser: Browser, console: Console) -> None:
    record_decision(console, {**DECISION, "ticket_id": "45", "draft": "Fees < $20 & <b>no</b> more.\nCall us."})
    for sidebar in open_sidebar(browser, Proxy(console), data={"ticket.id": 45}):
        with sidebar.page.expect_response(lambda r: r.url.endswith("/feedback")):
            sidebar.page.get_by_role("button", name="Insert into reply").click()
        assert sidebar.invokes("ticket.editor.insert") == [
            ["<p>Fees &lt; $20 &amp; &lt;b&gt;no&lt;/b&gt; more.<br>Call us.</p>"]
        ]
    for sidebar in open_sidebar(browser, Proxy(console), data={"ticket.id": 45, "comment.useRichText": False}):
        with sidebar.page.expect_response(lambda r: r.url.endswith("/feedback")):
            sidebar.page.get_by_role("button", name="Insert into reply").click()
        assert sidebar.invokes("ticket.editor.insert") == [["Fees < $20 & <b>no</b> more.\nCall us."]]


def test_server_errors_show_carelayers_reason(browser: Browser, console: Console) -> None:
    proxy = Proxy(console)
    proxy.canned[("GET", f"/tickets/{TICKET}")] = (503, {"error": "the helpdesk did not answer in time"})
    for sidebar in open_sidebar(browser, proxy):
        expect(sidebar.page.get_by_role("alert")).to_have_text("the helpdesk did not answer in time (HTTP 503)")


def test_a_ticket_without_a_decision_offers_regenerate(browser: Browser, console: Console) -> None:
    for sidebar in open_sidebar(browser, Proxy(console), data={"ticket.id": 777}):
        expect(sidebar.page.locator("#empty-message")).to_have_text(
            "carelayer has no decision for ticket 777 yet: press Regenerate to triage it now"
        )
        expect(sidebar.page.get_by_role("button", name="Regenerate")).to_be_visible()
        sidebar.shot("no-decision")


def test_a_refused_insert_and_a_missing_setting_are_explained(browser: Browser, console: Console) -> None:
    for sidebar in open_sidebar(browser, Proxy(console), failInvoke="ticket.editor.insert"):
        expect(sidebar.page.locator("#category")).to_have_text("billing")
        sidebar.page.get_by_role("button", name="Insert into reply").click()
        expect(sidebar.page.get_by_role("alert")).to_contain_text("Click into the reply, then try again")
    for sidebar in open_sidebar(browser, Proxy(console), settings={}):
        expect(sidebar.page.get_by_role("alert")).to_contain_text("The app has no carelayer URL")
        assert sidebar.proxy.calls == []
    for sidebar in open_sidebar(browser, Proxy(console), data={"ticket.id": None}):
        expect(sidebar.page.locator("#empty-message")).to_have_text(
            "Save the ticket first: carelayer drafts replies for saved tickets."
        )


def test_the_token_lifetime_the_app_asks_for_is_accepted(sidebar: Sidebar) -> None:
    """The app's ``expiry`` must fit ``zendesk_app.max_token_seconds`` (else every call would be refused)."""
    expect(sidebar.page.locator("#category")).to_have_text("billing")
    [asked] = sidebar.requests()
    assert timedelta(seconds=asked["jwt"]["expiry"]) <= timedelta(hours=1)
