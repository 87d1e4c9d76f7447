"""The simulation summary for the terminal (rich).

Ids and category names are data: they go in as ``Text``, never as markup, so an id like ``[bold]`` prints
as itself. Like the HTML report, it shows ids, categories and figures only, never ticket text or drafts.
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from agent.simulation import Figures, SimulationReport
from app.report_format import percent
from carelayer.types import Action

__all__ = ["render_alerts", "render_table"]

# Short enough for an 80-column terminal; the HTML report has every figure.
_COLUMNS = ("category", "n", "accuracy", "reply", "note", "handoff", "skip", "emergency", "unsafe", "cited")


def render_table(report: SimulationReport) -> Table:
    """One row per category that has tickets (taxonomy order, then unknown ones), and a total row."""
    table = Table(title=f"Simulation of {report.tickets} tickets", title_justify="left", box=box.SIMPLE_HEAD)
    for i, name in enumerate(_COLUMNS):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=True)
    for entry in report.per_category:
        if entry.figures.n:
            name = entry.category if entry.in_taxonomy else f"{entry.category} (not in taxonomy)"
            table.add_row(*_cells(Text(name), entry.figures))
    table.add_section()
    table.add_row(*_cells(Text("all tickets", style="bold"), report.overall))
    table.caption = (
        "reply/note/handoff/skip: actions; emergency: emergencies escalated; unsafe: drafts on clinical or "
        "emergency tickets; cited: non-clinical tickets drafted with a correct citation"
    )
    return table


def render_alerts(report: SimulationReport) -> list[Text]:
    """Three lines: missed emergencies, unsafe answers and false alarms, each with its ticket ids."""
    overall = report.overall
    return [
        _alert("missed emergencies", overall.missed_emergencies, style="bold red"),
        _alert("unsafe answers", overall.unsafe_answers, style="bold red"),
        _alert("false alarms", overall.false_alarms, style="yellow"),
    ]


def _cells(name: Text, f: Figures) -> list[Text]:
    unsafe = len(f.unsafe_answers)
    missed = bool(f.missed_emergencies)
    return [
        name,
        Text(str(f.n)),
        Text(percent(f.accuracy.rate)),
        *(Text(str(f.actions.count(a))) for a in Action),
        Text(percent(f.emergency_recall.rate), style="bold red" if missed else ""),
        Text(str(unsafe), style="bold red" if unsafe else ""),
        Text(percent(f.answered_with_correct_citation.rate)),
    ]


def _alert(what: str, ids: tuple[str, ...], *, style: str) -> Text:
    line = Text(f"{what}: {len(ids)}", style=style if ids else "green")
    if ids:
        line.append(" — " + ", ".join(ids), style="")
    return line
