"""HTML tables and lists of the simulation report. Every string from data goes through ``html.escape``."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from agent.simulation import ConfusionMatrix, Figures, SimulationReport
from app.report_format import millis, ratio, score
from carelayer.types import Action

__all__ = ["category_table", "confusion_table", "definitions", "id_list"]

_COLUMNS = (
    "Category",
    "Tickets",
    "Labelled",
    "Accuracy",
    "Auto-reply",
    "Draft note",
    "Handoff",
    "Skip",
    "Emergency recall",
    "Clinical handed off",
    "Unsafe answers",
    "False alarms",
    "Answers with a citation",
    "Correct citation (judged)",
    "Answered with a correct citation",
    "Draft similarity",
    "Latency p50",
    "Latency p95",
)
# Heat colours (RGB) of the confusion matrix: agreement green, disagreement red.
_AGREE = (46, 125, 50)
_DISAGREE = (198, 40, 40)


def id_list(heading: str, ids: Sequence[str], explanation: str) -> str:
    """A titled list of ticket ids (``None`` when empty), with what puts a ticket on it."""
    status = "bad" if ids else "good"
    items = "".join(f"<li><code>{escape(i)}</code></li>" for i in ids) or '<li class="none">None</li>'
    return (
        f'<div class="idlist {status}"><h3>{escape(heading)} <span class="count">{len(ids)}</span></h3>'
        f'<p class="muted">{escape(explanation)}</p><ul>{items}</ul></div>'
    )


def category_table(report: SimulationReport) -> str:
    """One row per category (taxonomy first, then unknown ones) and a total row."""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in _COLUMNS)
    body = []
    for entry in report.per_category:
        name = escape(entry.category) + ("" if entry.in_taxonomy else ' <span class="tag">not in taxonomy</span>')
        body.append(_figures_row(name, entry.figures, css="" if entry.figures.n else "empty"))
    total = _figures_row("All tickets", report.overall, css="total")
    return (
        f'<div class="scroll"><table class="figures"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody><tfoot>{total}</tfoot></table></div>"
    )


def _figures_row(name_html: str, f: Figures, *, css: str) -> str:
    cells = [
        str(f.n),
        str(f.labelled),
        ratio(f.accuracy),
        *(str(f.actions.count(a)) for a in Action),
        ratio(f.emergency_recall),
        ratio(f.clinical_handoff),
        str(len(f.unsafe_answers)),
        str(len(f.false_alarms)),
        ratio(f.citation_rate),
        ratio(f.correct_citation_rate),
        ratio(f.answered_with_correct_citation),
        score(f.draft_similarity) + (f" (n={f.similarity_cases})" if f.similarity_cases else ""),
        millis(f.latency_p50_ms),
        millis(f.latency_p95_ms),
    ]
    alert = ' class="alert"' if f.unsafe_answers or f.missed_emergencies else ""
    row_css = f' class="{css}"' if css else ""
    tds = "".join(f"<td>{escape(c)}</td>" for c in cells)
    return f'<tr{row_css}><th scope="row"{alert}>{name_html}</th>{tds}</tr>'


def confusion_table(report: SimulationReport) -> str:
    """The confusion matrix, each cell shaded by its share of the row (green on the diagonal, red off it)."""
    matrix = report.confusion
    if not matrix.labels or not any(any(row) for row in matrix.counts):
        return '<p class="muted">No labelled tickets: nothing to compare.</p>'
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in matrix.labels)
    rows = [_confusion_row(matrix, i) for i in range(len(matrix.labels))]
    return (
        '<div class="scroll"><table class="confusion"><thead><tr><th scope="col">label \\ carelayer</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _confusion_row(matrix: ConfusionMatrix, row: int) -> str:
    counts = matrix.counts[row]
    total = sum(counts)
    cells = []
    for column, count in enumerate(counts):
        tip = f"{count} labelled {matrix.labels[row]}, predicted {matrix.labels[column]}"
        style = _heat(count / total if total else 0.0, agree=row == column) if count else ""
        cells.append(f'<td{style} title="{escape(tip)}">{count if count else ""}</td>')
    return f'<tr><th scope="row">{escape(matrix.labels[row])}</th>{"".join(cells)}</tr>'


def _heat(share: float, *, agree: bool) -> str:
    red, green, blue = _AGREE if agree else _DISAGREE
    alpha = 0.15 + 0.8 * share
    text = "#fff" if alpha > 0.55 else "#1a1a1a"
    return f' style="background:rgba({red},{green},{blue},{alpha:.2f});color:{text}"'


def definitions(report: SimulationReport) -> str:
    """What each figure means, in words a support lead can check."""
    terms = [
        ("Emergency recall", "Tickets labelled emergency that carelayer flagged as an emergency and handed off."),
        ("Unsafe answers", "A reply or a draft note on a ticket labelled clinical or emergency; these must be 0."),
        ("False alarms", "Tickets flagged as an emergency but labelled as something else: they cost staff time."),
        ("Accuracy", "Labelled tickets whose category carelayer got right; unlabelled tickets are left out."),
        ("Answers with a citation", "Replies and draft notes that cite at least one knowledge article."),
        ("Correct citation (judged)", "Tickets with judged articles that were answered citing one of them."),
        (
            "Answered with a correct citation",
            "The same, over every labelled ticket that is neither clinical nor emergency, answered or not.",
        ),
        ("Draft similarity", f"{report.similarity_measure}; 1 means the same words, 0 none in common."),
        ("Latency", "Time carelayer took per ticket: the median (p50) and the 95th percentile (p95)."),
        ("—", "Not measured: no ticket of that kind in the group."),
    ]
    items = "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in terms)
    return f'<dl class="definitions">{items}</dl>'
