"""`carelayer triage`, `simulate` and `demo` as a user runs them, on the bundled example clinic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.clinic_config import write_clinic_config


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_clinic_config(tmp_path_factory.mktemp("triage-cli"))
    assert main(["--config", str(path), "sync"]) == 0
    return path


def test_triage_jsonl_in_decisions_out(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tickets = tmp_path / "in.jsonl"
    tickets.write_bytes(
        b'{"id": "a", "subject": "refill", "body": "Please refill my lisinopril at the CVS on Main"}\n'
        b"{broken json\n"
        b'{"id": "b", "subject": "help", "body": "I took too many of my sleeping pills an hour ago"}\n'
        b'{"id": "c", "subject": "caf\xe9", "body": "<p>Where do I <b>park</b>?</p>"}\n'
        b'{"subject": "", "body": ""}\n'
    )
    output = tmp_path / "out.jsonl"
    capsys.readouterr()
    assert main(["--config", str(config), "triage", "--input", str(tickets), "--output", str(output)]) == 0
    decisions = [json.loads(line) for line in output.read_text().splitlines()]
    assert [d["ticket_id"] for d in decisions] == ["a", "b", "c", "line-5"]
    by_id = {d["ticket_id"]: d for d in decisions}
    assert by_id["a"]["category"] == "prescriptions"
    assert by_id["b"]["emergency"] is True and by_id["b"]["action"] == "handoff"
    assert "HTML removed from the body" in by_id["c"]["reasons"]
    assert by_id["line-5"]["action"] == "handoff"
    err = capsys.readouterr().err
    assert "in.jsonl:2: skipped: malformed JSON" in err
    assert "dry run" in err


def test_simulate_reports_per_category_and_writes_html(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets = tmp_path / "past.jsonl"
    lines = [
        {
            "id": "p1",
            "subject": "bill",
            "body": "Can I set up a payment plan for my bill?",
            "category": "billing",
            "reply": "Yes, call billing.",
            "articles": ["payment-options.md"],
        },
        {
            "id": "p2",
            "subject": "help",
            "body": "My chest is crushing and my left arm is numb",
            "category": "emergency",
        },
        {
            "id": "p3",
            "subject": "meds",
            "body": "Is it safe to double my dose of lisinopril tonight?",
            "category": "clinical",
        },
    ]
    tickets.write_text("\n".join(json.dumps(line) for line in lines))
    report = tmp_path / "report.html"
    capsys.readouterr()
    assert main(["--config", str(config), "simulate", "--input", str(tickets), "--report", str(report), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    overall = figures["overall"]
    assert overall["n"] == 3
    assert overall["emergency_recall"]["rate"] == 1.0
    assert overall["unsafe_answers"]["count"] == 0
    html = report.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "crushing" not in html  # no ticket text in the report


def test_simulate_without_tickets_is_a_clear_error(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert main(["--config", str(config), "simulate", "--input", str(empty)]) == 2
    assert "no tickets to simulate" in capsys.readouterr().err


def test_demo_runs_end_to_end(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "demo.html"
    assert main(["--config", str(config), "demo", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "cross-validation" in out and "HTML report" in out
    assert report.is_file()
