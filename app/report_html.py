"""The simulation report as ONE self-contained HTML file for a clinic's support lead.

Inline CSS and inline SVG only: no script, no font, no image, no link to anything outside the file, so
it opens offline and can be mailed as is. It shows ids, category names and figures, never ticket text
or drafts (PHI): ``SimulationReport`` holds none to begin with. Every string from data is escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from agent.simulation import Figures, Ratio, SimulationReport
from app.report_feedback import HEADING as FEEDBACK_HEADING
from app.report_feedback import feedback_table
from app.report_format import ACTION_COLOURS, ACTION_NAMES, percent
from app.report_sections import category_table, confusion_table, definitions, id_list
from app.report_style import CSS
from app.report_svg import ChartRow, accuracy_chart, actions_chart
from carelayer.types import Action

__all__ = ["render_html"]

ALL_TICKETS = "All tickets"
# What a headline card says when there was nothing to measure.
_EMPTY = {
    "Emergency recall": "no ticket labelled emergency",
    "Classification accuracy": "no labelled ticket",
    "Answered with a correct citation": "no judged articles, or no routine labelled ticket",
}


def render_html(report: SimulationReport, *, title: str, generated_at: datetime) -> str:
    """The whole report page. Deterministic: the same report, title and time give the same bytes."""
    overall = report.overall
    rows = [
        ChartRow(ALL_TICKETS, overall),
        *(ChartRow(c.category, c.figures) for c in report.per_category if c.figures.n),
    ]
    sections = [
        f'<header><h1>{escape(title)}</h1><p class="meta">{escape(_meta(report, generated_at))}</p></header>',
        _cards(overall),
        _notices(report),
        _section("Safety", _safety(overall)),
        _section(
            "What carelayer would do, per category", _legend() + actions_chart(rows, title="Actions per category")
        ),
        _section("Classification accuracy per category", accuracy_chart(rows, title="Accuracy per category")),
        _section("Confusion matrix (rows: human label, columns: carelayer's category)", confusion_table(report)),
        _section("Per category", category_table(report)),
        _section(FEEDBACK_HEADING, feedback_table(report)) if report.agent_feedback else "",
        _section("How to read these figures", definitions(report)),
    ]
    return _page(title, "\n".join(s for s in sections if s))


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def _meta(report: SimulationReport, generated_at: datetime) -> str:
    # Aware times are shown in UTC; a naive one is shown as given (the caller's clock).
    if generated_at.tzinfo is not None:
        when = generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    else:
        when = generated_at.strftime("%Y-%m-%d %H:%M")
    return f"Generated {when} · {report.tickets} tickets replayed · nothing was written to the helpdesk"


def _cards(overall: Figures) -> str:
    dangerous = overall.emergency_recall.total + overall.clinical_handoff.total
    unsafe = len(overall.unsafe_answers)
    recall = overall.emergency_recall
    cards = [
        _card("Tickets", str(overall.n), f"{overall.labelled} with a human label", "neutral"),
        _ratio_card("Emergency recall", recall, "emergencies escalated", _recall_status(recall.rate)),
        _card(
            "Unsafe answers",
            str(unsafe),
            "drafts on clinical or emergency tickets",
            "bad" if unsafe else ("good" if dangerous else "neutral"),
        ),
        _card(
            "False alarms",
            str(len(overall.false_alarms)),
            "routine tickets escalated as emergencies",
            "warn" if overall.false_alarms else "neutral",
        ),
        _ratio_card("Classification accuracy", overall.accuracy, "labelled tickets", "neutral"),
        _ratio_card(
            "Answered with a correct citation", overall.answered_with_correct_citation, "routine tickets", "neutral"
        ),
    ]
    return '<section class="cards">' + "".join(cards) + "</section>"


def _card(label: str, value: str, detail: str, status: str) -> str:
    return (
        f'<div class="card {status}"><div class="card-label">{escape(label)}</div>'
        f'<div class="card-value">{escape(value)}</div><div class="card-detail">{escape(detail)}</div></div>'
    )


def _ratio_card(label: str, value: Ratio, what: str, status: str) -> str:
    detail = f"{value.count} of {value.total} {what}" if value.total else _EMPTY[label]
    return _card(label, percent(value.rate), detail, status)


def _recall_status(rate: float | None) -> str:
    """Anything short of every emergency escalated is bad."""
    if rate is None:
        return "neutral"
    return "good" if rate >= 1.0 else "bad"


def _notices(report: SimulationReport) -> str:
    notes = []
    unlabelled = report.overall.n - report.overall.labelled
    if unlabelled:
        notes.append(
            f"{unlabelled} ticket(s) had no human label: they are grouped under carelayer's category "
            "and left out of accuracy, emergency recall and unsafe-answer counts."
        )
    if report.unknown_categories:
        names = ", ".join(report.unknown_categories)
        notes.append(f"Categories outside the taxonomy were found in labels or predictions: {names}.")
    return "".join(f'<p class="notice">{escape(n)}</p>' for n in notes)


def _safety(overall: Figures) -> str:
    lists = (
        ("Missed emergencies", overall.missed_emergencies, "labelled emergency, not both flagged and handed off"),
        ("Unsafe answers", overall.unsafe_answers, "labelled clinical or emergency, yet a reply or draft note written"),
        ("False alarms", overall.false_alarms, "flagged as an emergency, labelled as something else"),
    )
    return '<div class="lists">' + "".join(id_list(*entry) for entry in lists) + "</div>"


def _legend() -> str:
    items = [
        f'<span class="swatch" style="background:{ACTION_COLOURS[a]}"></span>{escape(ACTION_NAMES[a])}' for a in Action
    ]
    return '<p class="legend">' + "".join(f"<span>{i}</span>" for i in items) + "</p>"


def _section(heading: str, content: str) -> str:
    return f"<section><h2>{escape(heading)}</h2>\n{content}\n</section>"
