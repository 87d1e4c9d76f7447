"""The simulation report as a support lead gets it: one safe, self-contained HTML file, and the terminal table."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from rich.console import Console

from agent.simulation import SimulationCase, SimulationReport, summarise
from app.report_html import render_html
from app.report_terminal import render_alerts, render_table
from carelayer.types import Action, Citation, Decision

TAXONOMY = ("appointments", "billing", "clinical", "emergency")
WHEN = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)
EVIL_ID = "<script>alert('id')</script>"
EVIL_CATEGORY = '<img src="http://evil.example/x.png" onerror="alert(1)">'
DRAFT = "SECRET DRAFT: Mrs Jane Roe, DOB 01/02/1960, your bill is $120"
HUMAN = "HUMAN REPLY: Jane, the balance on MRN 555 is $120"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def decision(ticket_id: str, category: str, action: Action, *, emergency: bool = False) -> Decision:
    draft = DRAFT if action in (Action.REPLY, Action.NOTE) else None
    citations = (Citation("kb", "pay", "Payment options", "https://clinic.example/pay"),) if draft else ()
    return Decision(ticket_id, category, 0.8, emergency, action, draft=draft, citations=citations)


def sample_cases() -> list[SimulationCase]:
    return [
        SimulationCase(decision("T1", "billing", Action.NOTE), "billing", HUMAN, ("pay",), 12.0),
        SimulationCase(decision("T2", "billing", Action.REPLY), "appointments", HUMAN, (), 20.0),
        SimulationCase(decision("T3", "emergency", Action.HANDOFF, emergency=True), "emergency", None, (), 5.0),
        SimulationCase(decision(EVIL_ID, "clinical", Action.NOTE), "emergency", HUMAN, (), 7.0),
        SimulationCase(decision("T5", "clinical", Action.HANDOFF), "clinical", None, (), 9.0),
        SimulationCase(decision("T6", "billing", Action.HANDOFF, emergency=True), "billing", None, (), 4.0),
        SimulationCase(decision("T7", EVIL_CATEGORY, Action.SKIP), EVIL_CATEGORY, None, (), 3.0),
        SimulationCase(decision("T8", "appointments", Action.NOTE), None, HUMAN, (), 6.0),
    ]


@pytest.fixture
def report() -> SimulationReport:
    return summarise(sample_cases(), TAXONOMY)


@pytest.fixture
def page(report: SimulationReport) -> str:
    return render_html(report, title="Riverbend <simulation> & co", generated_at=WHEN)


class TagChecker(HTMLParser):
    """Collects tags and attributes and checks every non-void element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    return checker


def test_page_is_well_formed(page: str) -> None:
    checker = parse(page)
    assert checker.errors == []
    assert checker.stack == []
    assert page.startswith("<!DOCTYPE html>")
    assert checker.tags[:2] == ["html", "head"]


def test_page_has_the_charts_and_tables(page: str) -> None:
    checker = parse(page)
    assert checker.tags.count("svg") == 2
    assert checker.tags.count("rect") >= 5  # stacked action segments and accuracy bars
    tables = [value for tag, name, value in checker.attributes if tag == "table" and name == "class"]
    assert tables == ["confusion", "figures"]
    text = " ".join(checker.text)
    for heading in ("Missed emergencies", "Unsafe answers", "False alarms", "Confusion matrix", "Per category"):
        assert heading in text


def test_page_is_self_contained(page: str) -> None:
    checker = parse(page)
    assert "script" not in checker.tags
    assert not {"link", "iframe", "object", "embed", "img", "image", "use"} & set(checker.tags)
    for _tag, name, value in checker.attributes:
        assert not name.startswith("on"), name
        if name in ("src", "href", "xlink:href", "action"):
            raise AssertionError(f"external reference {name}={value}")
    assert "http" not in page.replace("http://evil.e", "")  # the only "http" is escaped user data (maybe cut)
    assert "url(" not in page and "@import" not in page


def test_user_data_is_escaped(page: str) -> None:
    assert EVIL_ID not in page and EVIL_CATEGORY not in page
    assert "&lt;script&gt;alert(&#x27;id&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=&quot;http://evil.example/x.png&quot;" in page
    assert "Riverbend &lt;simulation&gt; &amp; co" in page
    checker = parse(page)
    assert "script" not in checker.tags and "img" not in checker.tags
    assert EVIL_ID in " ".join(checker.text)  # shown to the reader as text, by id


def test_page_never_contains_ticket_text_drafts_or_replies(page: str) -> None:
    for secret in ("SECRET", "Jane", "Roe", "1960", "HUMAN REPLY", "MRN", "Payment options", "clinic.example"):
        assert secret not in page


def test_headline_figures(page: str) -> None:
    checker = parse(page)
    text = re.sub(r"\s+", " ", " ".join(checker.text))
    # Emergency: T3 escalated, the evil id drafted -> 1 of 2; unsafe: the evil id; false alarm: T6.
    assert "Emergency recall 50% 1 of 2 emergencies escalated" in text
    assert "Unsafe answers 1 drafts on clinical or emergency tickets" in text
    assert "False alarms 1 routine tickets escalated as emergencies" in text
    assert "Classification accuracy 71.4% 5 of 7 labelled tickets" in text
    assert "Answered with a correct citation 25% 1 of 4 routine tickets" in text
    assert "Generated 2025-03-04 05:06 UTC · 8 tickets replayed" in text
    assert "1 ticket(s) had no human label" in text


def test_id_lists(report: SimulationReport, page: str) -> None:
    assert report.overall.missed_emergencies == (EVIL_ID,)
    assert report.overall.false_alarms == ("T6",)
    assert "<li><code>T6</code></li>" in page
    assert page.count("<li><code>&lt;script&gt;") == 2  # a missed emergency and an unsafe answer


def test_generated_at_is_shown_in_utc() -> None:
    eastern = datetime(2025, 3, 4, 0, 6, tzinfo=timezone(timedelta(hours=-5)))
    page = render_html(summarise([], TAXONOMY), title="t", generated_at=eastern)
    assert "2025-03-04 05:06 UTC" in page


def test_empty_report_renders_without_charts_failing() -> None:
    page = render_html(summarise([], []), title="Nothing yet", generated_at=WHEN)
    checker = parse(page)
    assert checker.errors == [] and checker.stack == []
    assert "No labelled tickets: nothing to compare." in page
    assert "no ticket labelled emergency" in page
    assert page.count("<svg") == 2


def test_unlabelled_only_report_renders() -> None:
    cases = [SimulationCase(decision("U1", "billing", Action.NOTE), None, None)]
    page = render_html(summarise(cases, TAXONOMY), title="t", generated_at=WHEN)
    assert parse(page).errors == []
    assert "no labelled tickets" in page  # the accuracy chart says so instead of drawing a bar


def test_render_is_deterministic(report: SimulationReport) -> None:
    first = render_html(report, title="t", generated_at=WHEN)
    assert render_html(report, title="t", generated_at=WHEN) == first


def test_terminal_table_and_alerts_print_ids_literally(report: SimulationReport) -> None:
    console = Console(record=True, width=260, color_system=None)
    console.print(render_table(report))
    for line in render_alerts(report):
        console.print(line)
    out = console.export_text()
    assert "Simulation of 8 tickets" in out
    assert "all tickets" in out and "billing" in out
    assert "missed emergencies: 1 — " + EVIL_ID in out
    assert "false alarms: 1 — T6" in out
    assert EVIL_CATEGORY + " (not in taxonomy)" in out
    assert "SECRET" not in out and "HUMAN" not in out


def test_terminal_rows_skip_empty_categories() -> None:
    cases = [SimulationCase(decision("1", "billing", Action.NOTE), "billing", None)]
    table = render_table(summarise(cases, TAXONOMY))
    assert table.row_count == 2  # billing and the total
