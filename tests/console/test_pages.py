"""The console's pages and API on the example clinic, with a synced index and a seeded activity log."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from carelayer.store import ActivityRecord, Outcome
from console.knowledge_ops import sync_configured
from knowledge.index import open_index
from tests.clinic_config import CLINIC
from tests.console.conftest import START, Console, console_settings, csrf_from, make_console

URLS = {"sandbox": "https://help.example/tickets/{id}"}
ACTIONS = ("note", "handoff", "reply")


def _decision(number: int) -> dict[str, object]:
    category = ("billing", "appointments", "records")[number % 3]
    action = ACTIONS[number % 3]
    return {
        "ticket_id": str(number),
        "category": category,
        "confidence": 0.8,
        "emergency": number == 7,
        "action": action,
        "draft": f"Draft number {number}" if action != "handoff" else None,
        "citations": [{"source": "clinic", "id": "payment-options.md", "title": "Payment options", "url": None}],
        "tags": ["carelayer"],
        "group": None,
        "priority": None,
        "reasons": [f"classified {category} (0.80)"],
    }


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    settings = console_settings(tmp_path_factory.mktemp("pages"), helpdesk_ticket_urls=URLS)
    index = open_index(settings)
    sync_configured(settings, index, lambda _: None)
    index.close()
    built = make_console(settings)
    for number in range(30):  # 30 events over 10 days, newest = ticket 29
        built.deps.state.record_activity(
            ActivityRecord("sandbox", str(number), f"e{number}", START - timedelta(days=(29 - number) // 3),
                           _decision(number), ("note",), Outcome.WRITTEN)
        )  # fmt: skip
    yield built
    built.deps.index.close()


@pytest.fixture(scope="module")
def client(console: Console) -> FlaskClient:
    return console.signed_in()


def _token(client: FlaskClient) -> str:
    return csrf_from(client.get("/try").get_data(True))


def test_the_overview_shows_figures_charts_and_sources(client: FlaskClient) -> None:
    html = client.get("/").get_data(True)
    assert re.search(r"Tickets decided</div><div class=\"card-value\">30<", html)
    assert "33.3%" in html  # each action is a third of the tickets
    assert html.count('<svg class="chart"') == 2
    assert "Tickets per day, by action" in html and "Top categories, by action" in html
    assert "Emergencies escalated" in html and ">1<" in html
    assert "clinic" in html and "state-ok" in html


def test_activity_filters_paginates_and_links_to_the_helpdesk(client: FlaskClient) -> None:
    first = client.get("/activity").get_data(True)
    assert "30 processed ticket event(s), page 1 of 2" in first
    assert 'href="https://help.example/tickets/29"' in first
    assert "Draft number 29" in first and "classified records (0.80)" in first
    second = client.get("/activity?page=2").get_data(True)
    assert second.count('<article class="activity">') == 5
    billing = client.get("/activity?category=billing&action=note").get_data(True)
    assert "10 processed ticket event(s)" in billing
    day = START.date().isoformat()
    dated = client.get(f"/activity?from={day}&to={day}").get_data(True)
    assert "3 processed ticket event(s)" in dated


@pytest.mark.parametrize(
    ("query", "message"),
    [("from=28-11-2026", "from: expected a date as YYYY-MM-DD"), ("page=abc", "page: expected a whole number"),
     ("action=maybe", "action: one of reply, note, handoff, skip")],
)  # fmt: skip
def test_bad_activity_filters_are_explained_not_crashed(client: FlaskClient, query: str, message: str) -> None:
    response = client.get(f"/activity?{query}")
    assert response.status_code == 400
    assert message in response.get_data(True)


def test_the_decisions_api_filters_and_refuses_bad_input_as_json(client: FlaskClient) -> None:
    data = client.get("/api/decisions?category=records&limit=2").get_json()
    assert data["total"] == 10 and [i["ticket_id"] for i in data["items"]] == ["29", "26"]
    for query in ("limit=0", "limit=x", "from=yesterday", "action=maybe", "offset=-x"):
        response = client.get(f"/api/decisions?{query}")
        assert response.status_code == 400 and response.is_json and response.get_json()["error"]


def test_the_draft_api_returns_the_newest_draft_of_a_ticket(client: FlaskClient) -> None:
    data = client.get("/api/tickets/29/draft").get_json()
    assert (data["draft"], data["action"], data["helpdesk"]) == ("Draft number 29", "reply", "sandbox")
    missing = client.get("/api/tickets/28/draft")  # a handoff: nothing drafted
    assert missing.status_code == 404 and missing.is_json


def test_try_it_shows_every_step_and_writes_nothing(console: Console, client: FlaskClient) -> None:
    form = {"subject": "payment plan", "body": "Can I pay my bill in monthly payments?", "csrf_token": _token(client)}
    html = client.post("/try", data=form).get_data(True)
    for step in ("1. Redacted text", "2. Safety screen", "3. Classification", "4. Retrieved passages", "5. Decision"):
        assert step in html
    assert 'Risk: <strong class="">none</strong>' in html
    assert "billing:" in html and "payment" in html.lower()
    assert console.deps.state.activity_page(limit=1)[1] == 30  # the activity log is untouched


def test_try_it_escalates_an_emergency_with_the_fixed_message(client: FlaskClient) -> None:
    form = {"subject": "help", "body": "I have crushing chest pain right now", "csrf_token": _token(client)}
    html = client.post("/try", data=form).get_data(True)
    assert ">emergency</strong>" in html
    assert "call 911" in html and "handoff" in html


def test_try_it_refuses_an_empty_ticket(client: FlaskClient) -> None:
    response = client.post("/try", data={"subject": " ", "body": "", "csrf_token": _token(client)})
    assert response.status_code == 400 and "type a subject or a message" in response.get_data(True)


def test_knowledge_search_and_sync_now(console: Console, client: FlaskClient) -> None:
    html = client.get("/knowledge?q=how+do+I+get+a+prescription+refill").get_data(True)
    assert "prescription" in html.lower() and "score" in html
    response = client.post("/knowledge/sync", data={"csrf_token": _token(client)})
    assert response.status_code == 302
    console.deps.sync.wait(120)
    page = client.get("/knowledge").get_data(True)
    assert "clinic: 0 added, 0 updated, 0 removed, 36 unchanged, 0 failed" in page
    assert client.get("/api/sync").get_json()["running"] is False


def _upload(client: FlaskClient, content: bytes, **form: str) -> tuple[int, str]:
    data = {"csrf_token": _token(client), "tickets": (io.BytesIO(content), "past.jsonl"), **form}
    response = client.post("/simulation", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(True)


def test_simulation_reports_bad_lines_and_compares_a_proposal(client: FlaskClient) -> None:
    lines = (CLINIC / "holdout.jsonl").read_bytes().splitlines()[:6]
    content = b"\n".join([lines[0], b"{broken", b"[1, 2]", *lines[1:]]) + b"\n"
    proposal = {"compare": "1", "p-prescriptions-mode": "off", "p-prescriptions-min_confidence": "0.3"}
    status, html = _upload(client, content, **proposal)
    assert status == 200, html
    assert "6 tickets replayed" in html
    assert "line 2: not valid JSON" in html and "line 3: not a JSON object" in html
    assert "Current against proposed, per category" in html
    table = html[html.index("Current against proposed") :]
    row = re.search(r'<th scope="row">prescriptions</th>(.*?)</tr>', table, re.S)
    assert row is not None and "pts)" in row.group(1)  # the proposal moves prescriptions' shares
    key = re.search(r"/simulation/report/([\w-]+)", html)
    assert key is not None
    report = client.get(f"/simulation/report/{key.group(1)}")
    assert report.status_code == 200 and "carelayer simulation: past.jsonl" in report.get_data(True)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "holds no tickets"), (b"\xff\xfe\x00", "not UTF-8"), (b"x" * 1_000_001, "larger than 1,000,000 bytes")],
)
def test_simulation_refuses_unusable_uploads(client: FlaskClient, content: bytes, message: str) -> None:
    status, html = _upload(client, content)
    assert (status, message in html) == (400, True)


def test_a_proposal_cannot_put_clinical_on_auto(client: FlaskClient) -> None:
    line = (CLINIC / "holdout.jsonl").read_bytes().splitlines()[0]
    status, html = _upload(client, line, compare="1", **{"p-clinical-mode": "auto"})
    assert status == 400 and "category clinical: can only hand off" in html


def test_pages_carry_a_skip_link_labels_and_security_headers(client: FlaskClient, tmp_path: Path) -> None:
    response = client.get("/categories")
    html = response.get_data(True)
    assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
    assert 'for="billing-min_confidence"' in html and 'id="billing-min_confidence"' in html
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
