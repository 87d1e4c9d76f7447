"""`carelayer demo`: the embedded main job on the bundled example clinic.

Syncs the configured knowledge (the example clinic by default), replays the clinic's labelled
ticket history through the triage agent (cross-validated, so no ticket is judged by a model that
trained on it), prints a summary per category and writes the HTML report.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from app.knowledge_commands import sync_knowledge
from app.report_terminal import render_alerts, render_table
from app.triage_commands import simulate, write_report
from carelayer.settings import BUNDLED_CONFIG, Settings

EXAMPLE_TICKETS = BUNDLED_CONFIG.parent / "examples" / "clinic" / "tickets.jsonl"


def run_demo(settings: Settings, args: argparse.Namespace, out: Console, err: Console) -> int:
    started = time.perf_counter()
    reports = sync_knowledge(settings, err)
    for report in reports:
        out.print(report.summary(), highlight=False)
    if not any(r.synced_anything for r in reports):
        return 1
    tickets = Path(args.tickets) if args.tickets else EXAMPLE_TICKETS
    simulation, notes = simulate(settings, str(tickets), err)
    for note in notes:
        out.print(note, highlight=False)
    out.print(render_table(simulation))
    for line in render_alerts(simulation):
        out.print(line)
    report_path = Path(args.report) if args.report else settings.data_dir / "demo-report.html"
    write_report(simulation, report_path, title="carelayer demo: Riverbend Family Health")
    out.print(f"HTML report: {report_path}", highlight=False)
    out.print(f"demo finished in {time.perf_counter() - started:.1f}s", highlight=False)
    return 0
