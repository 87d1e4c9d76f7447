"""The Campaigns page and ``GET /api/campaigns``: outreach campaigns as configured, their report, recent
sends, a pause per campaign and "Send due now".

The outreach service is built by whoever mounts the console (``app/web.py``, which opens the helpdesks)
and handed in with ``install_campaigns``; without it (no campaigns configured) the page says so. "Send due
now" runs the campaign runner once in a background thread, like the knowledge sync, so the request never
waits on a helpdesk. Nothing here shows message text, names or patient ids.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from console.deps import ConsoleDeps, actor
from console.pages import error_page
from outreach.build import OutreachService
from outreach.pausing import CAMPAIGN_SCOPE, paused_campaigns
from outreach.runner import CampaignRun
from outreach.store import CampaignCounts

log = logging.getLogger(__name__)

EXTENSION = "carelayer.campaigns"
REPORT_FIELDS = ("sent", "delivered", "failed", "replied", "escalated", "opted_out")
RECENT_SENDS = 20
# (rows of (label, count), chart title) -> an inline <svg> bar chart (app.report_svg.count_chart)
CountChart = Callable[[Sequence[tuple[str, int]], str], str]


@dataclass
class SendState:
    """The latest "Send due now" started from the console (a snapshot, safe to render)."""

    running: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    runs: tuple[CampaignRun, ...] = ()
    error: str | None = None


@dataclass
class CampaignConsole:
    """The outreach service and the one background "Send due now" at a time."""

    service: OutreachService | None
    chart: CountChart
    clock: Callable[[], datetime]
    _state: SendState = field(default_factory=SendState)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def state(self) -> SendState:
        with self._lock:
            s = self._state
            return SendState(s.running, s.started_at, s.finished_at, s.runs, s.error)

    def start(self) -> bool:
        """Run every campaign once in a daemon thread; False when a run is going or nothing is configured."""
        with self._lock:
            if self.service is None or self._state.running:
                return False
            self._state = SendState(running=True, started_at=self.clock())
        self._thread = threading.Thread(target=self._run, name="console-campaigns", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        assert self.service is not None
        runs: tuple[CampaignRun, ...] = ()
        error = None
        try:
            runs = tuple(self.service.run_now())
        except Exception as exc:  # shown to the admin; logged by class only (messages may quote patient data)
            error = f"{type(exc).__name__}: the run stopped; see the server log and run `carelayer campaigns run`"
            log.warning("console campaign run failed: %s", type(exc).__name__)
        with self._lock:
            self._state.running, self._state.finished_at = False, self.clock()
            self._state.runs, self._state.error = runs, error


def install_campaigns(app: Flask, service: OutreachService | None, *, chart: CountChart) -> None:
    """Give the console's Campaigns page its service (call after ``install_console``)."""
    deps: ConsoleDeps = app.extensions["carelayer.console"]
    app.extensions[EXTENSION] = CampaignConsole(service, chart, deps.clock)


def _parts() -> tuple[ConsoleDeps, CampaignConsole]:
    deps: ConsoleDeps = current_app.extensions["carelayer.console"]
    campaigns = current_app.extensions.get(EXTENSION)
    if campaigns is None:  # mounted without install_campaigns: as if nothing were configured
        campaigns = current_app.extensions[EXTENSION] = CampaignConsole(None, lambda rows, title: "", deps.clock)
    return deps, campaigns


def _report(deps: ConsoleDeps, service: OutreachService) -> list[dict[str, Any]]:
    """Per configured campaign: its settings, counts and whether it is paused (the page's and API's rows)."""
    paused = paused_campaigns(deps.store)
    rows = []
    for counts in service.report():
        s = service.settings_of(counts.campaign)
        rows.append(
            {
                "campaign": counts.campaign,
                "paused": counts.campaign in paused,
                "enabled": s.enabled,
                "audience": _audience(s.audience.kind, s.audience.encounter_class, s.audience.code, s.audience.path),
                "schedule": [{"step": step.key, "day": step.day} for step in s.steps],
                "timezone": s.timezone,
                "quiet_hours": None
                if s.quiet_hours is None
                else {"start": s.quiet_hours.start.strftime("%H:%M"), "end": s.quiet_hours.end.strftime("%H:%M")},
                "frequency_cap": None if s.frequency_cap is None else s.frequency_cap.model_dump(),
                "helpdesk": s.helpdesk,
                "report": _counts(counts),
            }
        )
    return rows


def _audience(kind: str, encounter_class: str | None, code: str | None, path: object) -> str:
    if kind == "discharges":
        return f"discharges ({encounter_class or 'any class'})"
    if kind == "screening_due":
        return f"screening due ({code})"
    return f"CSV ({path})"


def _counts(counts: CampaignCounts) -> dict[str, int]:
    data = counts.to_dict()
    return {name: int(data[name]) for name in REPORT_FIELDS}


def campaigns_page() -> ResponseReturnValue:
    deps, campaigns = _parts()
    service = campaigns.service
    rows = _report(deps, service) if service is not None else []
    for row in rows:
        bars = [(name.replace("_", " "), row["report"][name]) for name in REPORT_FIELDS]
        row["chart"] = Markup(campaigns.chart(bars, f"Campaign {row['campaign']}: messages and answers"))
        row["recent"] = service.recent_sends(row["campaign"], limit=RECENT_SENDS) if service else []
    return render_template(
        "campaigns.html",
        active="campaigns",
        configured=service is not None,
        rows=rows,
        fields=REPORT_FIELDS,
        opted_out_total=service.opted_out_total() if service is not None else 0,
        send=campaigns.state(),
    )


def campaigns_send() -> ResponseReturnValue:
    deps, campaigns = _parts()
    if campaigns.service is None:
        flash("No campaigns are configured (campaigns: in config.yaml).")
    elif campaigns.start():
        deps.store.record_event("campaigns run", actor=actor(), at=deps.clock())
        flash("Sending what is due now; this page shows the result when it is done.")
    else:
        flash("A run is already going.")
    return redirect(url_for("console.campaigns"))


def campaign_pause(name: str) -> ResponseReturnValue:
    deps, campaigns = _parts()
    service = campaigns.service
    if service is None or name not in service.campaign_names:
        return error_page(404, f"there is no campaign named {name[:60]!r}")
    wanted = request.form.get("paused", "")
    if wanted not in ("0", "1"):
        return error_page(400, f"campaign {name}: paused must be 0 or 1")
    paused = wanted == "1"
    if deps.store.set_override(CAMPAIGN_SCOPE, name, {"paused": paused}, actor=actor(), at=deps.clock()):
        effect = "no messages go out" if paused else "messages go out again"
        flash(f"{'Paused' if paused else 'Resumed'} {name}: {effect} from the next run.")
    else:
        flash(f"No change to {name}.")
    return redirect(url_for("console.campaigns") + f"#campaign-{name}")


def api_campaigns() -> ResponseReturnValue:
    deps, campaigns = _parts()
    service = campaigns.service
    rows = _report(deps, service) if service is not None else []
    total = service.opted_out_total() if service is not None else 0
    return jsonify(campaigns=rows, opted_out_total=total)


ROUTES = (
    ("/campaigns", "campaigns", campaigns_page, ["GET"]),
    ("/campaigns/send", "campaigns_send", campaigns_send, ["POST"]),
    ("/campaigns/<name>/pause", "campaign_pause", campaign_pause, ["POST"]),
    ("/api/campaigns", "api_campaigns", api_campaigns, ["GET"]),
)
