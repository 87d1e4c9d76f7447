"""`carelayer campaigns run` (send what is due now, once) and `carelayer campaigns report [--json]`."""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack

from rich.console import Console
from rich.table import Table

from app.service import open_helpdesks
from carelayer.errors import ConfigError
from carelayer.settings import Settings
from outreach.build import OutreachService, build_outreach

REPORT_COLUMNS = ("sent", "delivered", "failed", "replied", "escalated", "opted_out")
RUN_COLUMNS = ("due", "sent", "already_sent", "deferred_quiet_hours", "deferred_cap", "opted_out", "missed", "failed")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    campaigns = commands.add_parser("campaigns", help="outreach campaigns: send what is due, report per campaign")
    sub = campaigns.add_subparsers(dest="campaigns_command", required=True)
    run = sub.add_parser("run", help="send every message due now (each at most once; quiet hours apply)")
    run.add_argument("--campaign", action="append", help="only this campaign (repeatable)")
    report = sub.add_parser("report", help="per campaign: sent, delivered, replied, escalated, opted out")
    report.add_argument("--json", action="store_true", help="one JSON object per campaign, one per line")


def run_campaigns(settings: Settings, args: argparse.Namespace, out: Console, err: Console) -> int:
    """`run`: exit 1 when a campaign could not run (its error on stderr); `report`: the counts."""
    with ExitStack() as stack:
        service = _service(settings, stack)
        if args.campaigns_command == "run":
            return _run(service, args, out, err)
        counts = service.report()
        if args.json:
            for row in counts:
                out.print(json.dumps(row.to_dict()), highlight=False, soft_wrap=True)
            return 0
        table = Table("campaign", *REPORT_COLUMNS)
        for row in counts:
            table.add_row(row.campaign, *(str(row.to_dict()[c]) for c in REPORT_COLUMNS))
        out.print(table)
        return 0


def _run(service: OutreachService, args: argparse.Namespace, out: Console, err: Console) -> int:
    unknown = sorted(set(args.campaign or ()) - set(service.campaign_names))
    if unknown:
        raise ConfigError(f"no campaign named {', '.join(unknown)}", location="campaigns")
    table = Table("campaign", *RUN_COLUMNS, "next window")
    runs = service.run_now(args.campaign)
    for run in runs:
        window = run.next_window.isoformat(timespec="minutes") if run.next_window else "-"
        table.add_row(run.campaign, *(str(getattr(run, c)) for c in RUN_COLUMNS), window)
    out.print(table)
    for run in runs:
        if run.paused:  # outreach.pausing: an admin paused it on the console's Campaigns page
            out.print(f"campaign {run.campaign}: paused in the admin console; nothing sent", highlight=False)
        if run.error is not None:
            err.print(f"[bold red]error:[/] campaign {run.campaign}: {run.error}", highlight=False)
    return 1 if any(run.error is not None for run in runs) else 0


def _service(settings: Settings, stack: ExitStack) -> OutreachService:
    helpdesks = open_helpdesks(settings)
    for helpdesk in helpdesks.values():
        close = getattr(helpdesk, "close", None)
        if callable(close):
            stack.callback(close)
    service = build_outreach(settings, helpdesks=helpdesks)
    if service is None:
        raise ConfigError("no campaigns are configured (outreach/README.md)", location="campaigns")
    return service
