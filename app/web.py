"""The WSGI application served by `carelayer serve`: the webhook endpoints and the health check.

Wiring only: the adapters come from the connector registry, the enqueue function writes to the
durable queue, and nothing on this path calls a helpdesk or the agent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape

from flask import Flask

from agent.simulation import Figures, SimulationReport
from app.report_format import ACTION_COLOURS, ACTION_NAMES
from app.report_html import render_html
from app.report_svg import ChartRow, actions_chart, count_chart
from app.service import open_helpdesks, open_queue, open_store
from carelayer.queue import JobQueue
from carelayer.settings import Settings
from connectors.base import TicketEvent, WebhookAdapter, event_payload
from connectors.registry import build_webhook_adapter
from console.campaigns import install_campaigns
from console.web import build_console, install_console
from outreach.build import build_outreach
from webhooks.blueprint import create_webhooks_blueprint

log = logging.getLogger(__name__)


def create_app(settings: Settings, *, queue: JobQueue | None = None) -> Flask:
    """The Flask app for ``settings``; every configured helpdesk gets ``POST /webhooks/<name>``."""
    queue = queue or open_queue(settings)
    adapters: Mapping[str, WebhookAdapter] = {
        helpdesk.name: build_webhook_adapter(helpdesk, settings.secrets) for helpdesk in settings.file.helpdesks
    }

    def enqueue(event: TicketEvent) -> bool:
        return queue.enqueue(event.dedupe_key, event_payload(event))

    app = Flask("carelayer")
    app.config["MAX_CONTENT_LENGTH"] = settings.file.web.max_body_bytes
    app.register_blueprint(
        create_webhooks_blueprint(
            adapters=adapters,
            enqueue=enqueue,
            max_body_bytes=settings.file.web.max_body_bytes,
            clock=lambda: datetime.now(UTC),
            health=lambda: {"queue": queue.stats()},
        )
    )
    _mount_console(app, settings)
    return app


def _mount_console(app: Flask, settings: Settings) -> None:
    """The admin console, when its session key is set; without it only the webhooks and /healthz run."""
    if not settings.secret(settings.file.console.secret_key_env):
        log.warning(
            "admin console disabled: set %s to serve it (see README, Admin console)",
            settings.file.console.secret_key_env,
        )
        return
    console = build_console(
        settings, state=open_store(settings), actions_chart=console_chart, render_report=console_report
    )
    install_console(app, console)
    outreach = build_outreach(settings, helpdesks=open_helpdesks(settings)) if settings.file.campaigns else None
    install_campaigns(app, outreach, chart=campaign_chart)


def console_chart(rows: Sequence[tuple[str, Figures]], title: str) -> str:
    """The simulation report's stacked action bars (with their legend) for the console's overview."""
    legend = "".join(
        f'<span><span class="swatch" style="background:{ACTION_COLOURS[a]}"></span>{escape(ACTION_NAMES[a])}</span>'
        for a in ACTION_COLOURS
    )
    chart = actions_chart([ChartRow(name, figures) for name, figures in rows], title=title)
    return f'<p class="legend">{legend}</p>{chart}'


def campaign_chart(rows: Sequence[tuple[str, int]], title: str) -> str:
    """The console's per-campaign report bars (sent, delivered, ... opted out)."""
    return count_chart(rows, title=title)


def console_report(report: SimulationReport, title: str) -> str:
    return render_html(report, title=title, generated_at=datetime.now(UTC))
