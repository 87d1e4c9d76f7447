"""Agents' verdicts from the Zendesk app in the simulation report: acceptance per category, each ticket
counted once by its latest verdict, and no state file created where carelayer has none."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.simulation import SimulationCase, summarise
from app.report_html import render_html
from carelayer.feedback import Feedback, FeedbackKind, FeedbackStore, recorded_acceptance
from carelayer.settings import load_settings
from carelayer.types import Action, Decision
from tests.clinic_config import write_clinic_config

AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _store(folder: Path) -> FeedbackStore:
    store = FeedbackStore(folder / "data" / "state.sqlite3")
    verdicts = [
        ("1", "billing", FeedbackKind.INSERTED),
        ("2", "billing", FeedbackKind.INSERTED),
        ("2", "billing", FeedbackKind.EDITED),  # the same ticket, later: counts once, as edited
        ("3", "billing", FeedbackKind.NOT_HELPFUL),
        ("4", "appointments", FeedbackKind.NOT_HELPFUL),
    ]
    for minute, (ticket, category, kind) in enumerate(verdicts):
        store.record(Feedback("zendesk", ticket, category, kind, "zendesk user 7", AT + timedelta(minutes=minute)))
    return store


def test_acceptance_counts_each_ticket_once_by_its_latest_verdict(tmp_path: Path) -> None:
    store = _store(tmp_path)
    appointments, billing = store.acceptance()
    assert (billing.inserted, billing.edited, billing.not_helpful, billing.total) == (1, 1, 1, 3)
    assert billing.acceptance == 2 / 3 and billing.as_is == 1 / 3
    assert (appointments.category, appointments.acceptance) == ("appointments", 0.0)
    [recent] = store.acceptance(since=AT + timedelta(minutes=4))
    assert (recent.category, recent.not_helpful) == ("appointments", 1)


def test_the_report_shows_acceptance_per_category(tmp_path: Path) -> None:
    decision = Decision("1", "billing", 0.9, False, Action.NOTE, draft="Hello")
    report = summarise([SimulationCase(decision, "billing", None)], ["billing", "clinical", "emergency"])
    without = render_html(report, title="t", generated_at=AT)
    assert "Agents&#x27; verdicts" not in without and "agent_feedback" not in report.to_dict()

    report = replace(report, agent_feedback=tuple(_store(tmp_path).acceptance()))
    html = render_html(report, title="t", generated_at=AT)
    assert "Agents&#x27; verdicts on live drafts (Zendesk app)" in html
    section = html[html.index("Agents&#x27; verdicts") :]
    billing_row = section[section.index('<th scope="row">billing</th>') :].split("</tr>")[0]
    assert [cell for cell in billing_row.split("<td>")[1:]] == [
        "3</td>", "1</td>", "1</td>", "1</td>", "66.7%</td>", "33.3%</td>"
    ]  # fmt: skip
    assert report.to_dict()["agent_feedback"][1] == {
        "category": "billing", "inserted": 1, "edited": 1, "not_helpful": 1, "total": 3,
        "acceptance": 2 / 3, "as_is": 1 / 3,
    }  # fmt: skip


def test_a_report_on_a_fresh_machine_creates_no_state_file(tmp_path: Path) -> None:
    settings = load_settings(write_clinic_config(tmp_path), environ={})
    assert recorded_acceptance(settings) == ()
    assert not (settings.data_dir / "state.sqlite3").exists()
    _store(tmp_path)
    assert [a.category for a in recorded_acceptance(settings)] == ["appointments", "billing"]
