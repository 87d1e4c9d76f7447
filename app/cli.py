"""The `carelayer` command: every subcommand, one place that turns user mistakes into clear messages."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from rich.console import Console

from app import (
    campaign_commands,
    demo,
    history,
    knowledge_commands,
    service_commands,
    sources_commands,
    state_commands,
    triage_commands,
    zendesk_commands,
)
from carelayer.errors import CarelayerError
from carelayer.logs import use_json_logs
from carelayer.settings import Settings, load_settings

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carelayer", description="An AI layer for patient support.")
    parser.add_argument("--config", help="config file (default: $CARELAYER_CONFIG, ./config.yaml, the bundled example)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to standard error")
    parser.add_argument("--log-json", action="store_true", help="log JSON lines (no ticket text) for a log shipper")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="index the bundled example clinic and show what carelayer does")
    demo.add_argument("--tickets", help="JSONL labelled tickets to replay (default: the example clinic's)")
    demo.add_argument("--report", help="where to write the HTML report (default: <data_dir>/demo-report.html)")

    sync = commands.add_parser("sync", help="bring the knowledge index up to date (incremental)")
    sync.add_argument("--source", help="only this knowledge source")
    sync.add_argument("--full", action="store_true", help="re-embed every article, changed or not")
    sync.add_argument("--prune", action="store_true", help="also remove articles deleted upstream (listing ids)")

    sources = commands.add_parser("sources", help="list knowledge sources: last sync, counts, errors, cursor")
    sources.add_argument("--json", action="store_true", help="print JSON")

    search = commands.add_parser("search", help="show what retrieval returns for a question")
    search.add_argument("query", nargs="?", help="the question")
    search.add_argument("--k", type=_whole_number(1, 100), default=5, help="results per question (default 5)")
    search.add_argument("--source", help="only this knowledge source")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--input", help="JSONL file of {id, question} ('-' for stdin): one JSONL line of results each")
    search.add_argument("--output", default="-", help="where --input results go (default stdout)")
    search.add_argument("--method", choices=("hybrid", "lexical", "dense"), default="hybrid", help=argparse.SUPPRESS)

    triage = commands.add_parser("triage", help="decide for JSONL tickets (dry run: never writes to a helpdesk)")
    triage.add_argument(
        "--input", default="-", help="JSONL tickets {id, subject, body, tags?, requester?} (default stdin)"
    )
    triage.add_argument("--output", default="-", help="JSONL decisions (default stdout)")

    simulate = commands.add_parser("simulate", help="replay labelled past tickets and report per category")
    simulate.add_argument("--input", required=True, help="JSONL past tickets with category, reply, articles (optional)")
    simulate.add_argument("--report", help="write a self-contained HTML report here")
    simulate.add_argument("--json", action="store_true", help="print the figures as JSON")
    _add_service_commands(commands)
    campaign_commands.add_parser(commands)
    return parser


def _add_service_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser("serve", help="serve the webhooks and health check (production WSGI server)")
    worker = commands.add_parser("worker", help="process queued tickets: triage and write back")
    worker.add_argument("--dry-run", action="store_true", help="decide but never write to the helpdesk")
    worker.add_argument("--once", action="store_true", help="stop when the queue is empty")
    worker.add_argument("--idle-sleep", type=float, default=1.0, help=argparse.SUPPRESS)
    process = commands.add_parser("process", help="fetch one ticket, triage it, write back once")
    process.add_argument("ticket_id")
    process.add_argument("--helpdesk", help="helpdesk name (default: the first configured)")
    process.add_argument("--dry-run", action="store_true", help="show the decision, write nothing")
    poll = commands.add_parser("poll", help="queue what the helpdesk reports since the last poll")
    poll.add_argument("--helpdesk", help="helpdesk name (default: the first configured)")
    jobs = commands.add_parser("jobs", help="the job queue: stats, dead letters, replay")
    jobs_commands = jobs.add_subparsers(dest="jobs_command")
    jobs_commands.add_parser("stats")
    jobs_commands.add_parser("dead")
    replay = jobs_commands.add_parser("replay")
    replay.add_argument("job_id", type=int)
    sandbox = commands.add_parser("sandbox", help="the local sandbox helpdesk: create or show a ticket")
    sandbox.add_argument("--helpdesk", help="sandbox helpdesk name (default: the first configured)")
    sandbox_commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    create = sandbox_commands.add_parser("create")
    create.add_argument("--subject", required=True)
    create.add_argument("--body", required=True)
    create.add_argument("--requester", default=None)
    show = sandbox_commands.add_parser("show")
    show.add_argument("ticket_id")
    zendesk = commands.add_parser("zendesk", help="Zendesk admin helpers")
    zendesk_commands = zendesk.add_subparsers(dest="zendesk_command", required=True)
    setup = zendesk_commands.add_parser("setup", help="print (or --apply) the webhook and triggers carelayer needs")
    setup.add_argument(
        "--endpoint", required=True, help="carelayer's public base URL, e.g. https://carelayer.clinic.org"
    )
    setup.add_argument("--webhook-id", help="the id of the webhook created in Admin Center (needed for --apply)")
    setup.add_argument("--helpdesk", help="Zendesk helpdesk name (default: the first configured)")
    setup.add_argument("--apply", action="store_true", help="create the triggers through the API")
    package = zendesk_commands.add_parser("app-package", help="build the sidebar app's zip for upload to Zendesk")
    package.add_argument("--url", required=True, help="carelayer's https address, e.g. https://carelayer.clinic.org")
    package.add_argument("--output", help="where to write the zip (default: ./carelayer-zendesk-app.zip)")
    package.add_argument("--source", help="the app folder (default: the zendesk_app/ shipped with carelayer)")
    history = commands.add_parser(
        "history", help="export solved helpdesk tickets, redacted, as JSONL for simulate and training"
    )
    history.add_argument("--source", required=True, help="a past_tickets knowledge source (names the helpdesk)")
    history.add_argument("--output", default="-", help="JSONL file to write (default: standard output)")
    history.add_argument("--limit", type=_whole_number(1), help="stop after this many tickets")
    history.add_argument(
        "--since-days", type=_whole_number(1), help="how far back to read (default: the source's since_days)"
    )
    history.add_argument(
        "--label-tag",
        action="append",
        metavar="CATEGORY=TAG",
        help="a helpdesk tag your agents set that means this category (repeatable; a tag equal to a category's "
        "name always counts)",
    )
    purge = commands.add_parser("purge", help="delete activity, ledger and done jobs older than the retention")
    purge.add_argument("--days", type=_whole_number(1), help="override state.retention_days")
    commands.add_parser("rotate-keys", help="re-seal stored decisions with the first encryption key")


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (no upper bound when None)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bounds}, got {value}")
        return value

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if args.log_json:
        use_json_logs(logging.INFO if args.verbose else logging.WARNING)
    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    if not out.is_terminal:
        out.width = max(out.width, 120)  # piped or logged output: tables need not fit a narrow default
    try:
        settings = load_settings(args.config)
        return _dispatch(args, settings, out, err)
    except CarelayerError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.print("interrupted; the index stays usable and the next sync finishes the job")
        return 130


Command = Callable[[Settings, argparse.Namespace, Console, Console], int]

COMMANDS: dict[str, Command] = {
    "demo": demo.run_demo,
    "sync": lambda s, a, out, err: knowledge_commands.run_sync(s, a, err),
    "search": knowledge_commands.run_search,
    "sources": lambda s, a, out, err: sources_commands.run_sources(s, a, out),
    "triage": lambda s, a, out, err: triage_commands.run_triage(s, a, err),
    "simulate": triage_commands.run_simulate,
    "serve": lambda s, a, out, err: service_commands.run_serve(s, err),
    "worker": lambda s, a, out, err: service_commands.run_worker(s, a, err),
    "process": lambda s, a, out, err: service_commands.run_process(s, a, out),
    "poll": lambda s, a, out, err: service_commands.run_poll(s, a, err),
    "jobs": lambda s, a, out, err: service_commands.run_jobs(s, a, out),
    "sandbox": lambda s, a, out, err: service_commands.run_sandbox(s, a, out),
    "zendesk": lambda s, a, out, err: zendesk_commands.run_zendesk(s, a, out),
    "purge": lambda s, a, out, err: state_commands.run_purge(s, a, out),
    "rotate-keys": lambda s, a, out, err: state_commands.run_rotate_keys(s, out),
    "campaigns": campaign_commands.run_campaigns,
    "history": history.run_history,
}


def _dispatch(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    return COMMANDS[args.command](settings, args, out, err)


if __name__ == "__main__":
    sys.exit(main())
