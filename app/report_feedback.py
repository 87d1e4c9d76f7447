"""The report's "agents' verdicts" section: how often support agents used carelayer's live drafts, per
category, as the Zendesk sidebar app recorded it (carelayer/feedback.py). Figures only, never text."""

from __future__ import annotations

from html import escape

from agent.simulation import SimulationReport
from app.report_format import percent

HEADING = "Agents' verdicts on live drafts (Zendesk app)"
_COLUMNS = ("Category", "Judged drafts", "Inserted as is", "Edited", "Not helpful", "Acceptance", "Used as is")


def feedback_table(report: SimulationReport) -> str:
    """A table of acceptance per category, or "" when no agent has judged a draft yet."""
    if not report.agent_feedback:
        return ""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in _COLUMNS)
    rows = []
    for entry in report.agent_feedback:
        cells = [
            str(entry.total),
            str(entry.inserted),
            str(entry.edited),
            str(entry.not_helpful),
            percent(entry.acceptance),
            percent(entry.as_is),
        ]
        rows.append(
            f'<tr><th scope="row">{escape(entry.category)}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    note = (
        '<p class="notice">From live tickets, not from this replay: each ticket counts once, by the agent\'s '
        "latest verdict. Acceptance = drafts inserted into the reply (as is or edited) / drafts judged.</p>"
    )
    body = "".join(rows)
    table = f'<table class="figures"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'{note}<div class="scroll">{table}</div>'
