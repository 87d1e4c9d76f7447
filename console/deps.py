"""What the console's views are built on, constructed once by whoever mounts the console (app/web.py).

The chart and report renderers are passed in as functions: they live in ``app`` (the simulation
report), which the console, a floor below, may not import.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import g, session

from agent.live import LiveAgent
from agent.records import TicketRecord
from agent.simulation import Figures, SimulationReport
from carelayer.console_store import ConsoleStore, effective_settings
from carelayer.settings import Settings
from carelayer.store import StateStore
from console.auth import Authenticator
from console.knowledge_ops import IndexHolder, SyncRunner

# (rows of (label, figures), chart title) -> an inline <svg> of the share of each action per row
ActionsChart = Callable[[Sequence[tuple[str, Figures]], str], str]
# (report, title) -> a whole self-contained HTML page
ReportRenderer = Callable[[SimulationReport, str], str]

KEPT_REPORTS = 5


@dataclass
class ReportShelf:
    """The last few simulation reports rendered in this process, by a random id (never persisted)."""

    reports: OrderedDict[str, str] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, key: str, html: str) -> None:
        with self.lock:
            self.reports[key] = html
            while len(self.reports) > KEPT_REPORTS:
                self.reports.popitem(last=False)

    def get(self, key: str) -> str | None:
        with self.lock:
            return self.reports.get(key)


@dataclass
class ConsoleDeps:
    settings: Settings
    state: StateStore
    store: ConsoleStore
    index: IndexHolder
    sync: SyncRunner
    agent: LiveAgent
    auth: Authenticator
    actions_chart: ActionsChart
    render_report: ReportRenderer
    training: Sequence[TicketRecord]
    clock: Callable[[], datetime]
    reports: ReportShelf = field(default_factory=ReportShelf)

    def effective(self) -> Settings:
        """config.yaml plus the stored overrides, as the agent will use them for the next ticket."""
        return effective_settings(self.settings, self.store)


def actor() -> str:
    """Who is acting in this request: the signed-in admin, or "api token"."""
    return str(g.get("actor") or session.get("user") or "?")
