"""`carelayer triage` and `carelayer simulate`: the triage agent on JSONL files, never writing back."""

from __future__ import annotations

import argparse
import json
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from agent.build import build_agent, load_training
from agent.pipeline import TriageAgent
from agent.records import TicketRecord, parse_record
from agent.simulation import SimulationCase, SimulationReport, summarise
from app.jsonl import open_input, open_output, read_objects, write_object
from app.report_html import render_html
from app.report_terminal import render_alerts, render_table
from carelayer.errors import InputError
from carelayer.feedback import recorded_acceptance
from carelayer.settings import Settings
from knowledge.index import KnowledgeIndex, open_index

FOLDS = 5


def read_records(name: str, settings: Settings, err: Console) -> Iterator[TicketRecord]:
    limit = settings.file.limits.max_body_chars
    with open_input(name) as handle:
        for number, record in read_objects(handle, name, lambda m: err.print(m, highlight=False)):
            yield parse_record(record, fallback_id=f"line-{number}", max_body_chars=limit)


def _open_index(settings: Settings, err: Console) -> KnowledgeIndex:
    index = open_index(settings)
    if index.is_empty():
        err.print("warning: the knowledge index is empty, so nothing can be drafted; run `carelayer sync`")
    return index


def run_triage(settings: Settings, args: argparse.Namespace, err: Console) -> int:
    """JSONL tickets in, JSONL decisions out; a dry run that never writes to any helpdesk."""
    index = _open_index(settings, err)
    try:
        agent = build_agent(settings, retriever=index, embedder=index.embedder)
        count = 0
        with open_output(args.output) as output:
            for record in read_records(args.input, settings, err):
                write_object(output, agent.triage(record.ticket, record.notes).to_dict())
                count += 1
    finally:
        index.close()
    err.print(f"triaged {count} tickets (dry run: nothing was written to a helpdesk)", highlight=False)
    return 0


def simulate(settings: Settings, input_name: str, err: Console) -> tuple[SimulationReport, list[str]]:
    """Replay labelled tickets; tickets the classifier trained on are judged by a model that never saw them."""
    records = list(read_records(input_name, settings, err))
    if not records:
        raise InputError(f"{input_name}: no tickets to simulate")
    index = _open_index(settings, err)
    try:
        cases, notes = _replay(settings, index, records)
    finally:
        index.close()
    report = summarise(cases, [c.name for c in settings.categories])
    # Live agents' verdicts from the Zendesk app, beside the replay (carelayer/feedback.py).
    return replace(report, agent_feedback=recorded_acceptance(settings)), notes


def _replay(
    settings: Settings, index: KnowledgeIndex, records: list[TicketRecord]
) -> tuple[list[SimulationCase], list[str]]:
    training = load_training(settings)
    seen = {r.ticket.id for r in training} & {r.ticket.id for r in records}
    folds = FOLDS if seen else 1
    agents = [
        _agent_without(settings, index=index, training=training, records=records, fold=fold, folds=folds)
        for fold in range(folds)
    ]
    cases = []
    for record in records:
        agent = agents[_fold_of(record.ticket.id, folds)]
        started = time.perf_counter()
        decision = agent.triage(record.ticket, record.notes)
        latency = (time.perf_counter() - started) * 1000
        cases.append(SimulationCase(decision, record.category, record.reply, record.articles, latency))
    notes = (
        [f"{len(seen)} tickets were also training data: classified by {folds}-fold cross-validation"] if seen else []
    )
    return cases, notes


def _agent_without(
    settings: Settings,
    *,
    index: KnowledgeIndex,
    training: Sequence[TicketRecord],
    records: Sequence[TicketRecord],
    fold: int,
    folds: int,
) -> TriageAgent:
    held_out = {r.ticket.id for r in records if _fold_of(r.ticket.id, folds) == fold} if folds > 1 else set()
    kept = [r for r in training if r.ticket.id not in held_out]
    return build_agent(settings, retriever=index, embedder=index.embedder, training=kept)


def _fold_of(ticket_id: str, folds: int) -> int:
    return zlib.crc32(ticket_id.encode()) % folds  # stable across runs, unlike hash()


def run_simulate(settings: Settings, args: argparse.Namespace, out: Console, err: Console) -> int:
    report, notes = simulate(settings, args.input, err)
    for note in notes:
        err.print(note, highlight=False)
    if args.report:
        write_report(report, Path(args.report), title=f"carelayer simulation: {Path(args.input).name}")
        err.print(f"report written to {args.report}", highlight=False)
    if args.json:
        out.print(json.dumps(report.to_dict(), indent=2), highlight=False)
    else:
        out.print(render_table(report))
        for line in render_alerts(report):
            out.print(line)
    return 0


def write_report(report: SimulationReport, path: Path, *, title: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_html(report, title=title, generated_at=datetime.now(UTC)), encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot write the report: {error.strerror or error}") from error
