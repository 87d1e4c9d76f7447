"""The `carelayer` command: every subcommand, one place that turns user mistakes into clear messages."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from rich.console import Console

from app import demo, knowledge_commands, triage_commands
from carelayer.errors import CarelayerError
from carelayer.settings import Settings, load_settings

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carelayer", description="An AI layer for patient support.")
    parser.add_argument("--config", help="config file (default: $CARELAYER_CONFIG, ./config.yaml, the bundled example)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to standard error")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="index the bundled example clinic and show what carelayer does")
    demo.add_argument("--tickets", help="JSONL labelled tickets to replay (default: the example clinic's)")
    demo.add_argument("--report", help="where to write the HTML report (default: <data_dir>/demo-report.html)")

    sync = commands.add_parser("sync", help="bring the knowledge index up to date (incremental)")
    sync.add_argument("--source", help="only this knowledge source")
    sync.add_argument("--full", action="store_true", help="re-embed every article, changed or not")

    search = commands.add_parser("search", help="show what retrieval returns for a question")
    search.add_argument("query", nargs="?", help="the question")
    search.add_argument("--k", type=_positive, default=5, help="results per question (default 5)")
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
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 1 and 100, got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    try:
        settings = load_settings(args.config)
        return _dispatch(args, settings, out, err)
    except CarelayerError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.print("interrupted; the index stays usable and the next sync finishes the job")
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    if args.command == "sync":
        return knowledge_commands.run_sync(settings, args, err)
    if args.command == "search":
        return knowledge_commands.run_search(settings, args, out, err)
    if args.command == "triage":
        return triage_commands.run_triage(settings, args, err)
    if args.command == "simulate":
        return triage_commands.run_simulate(settings, args, out, err)
    return demo.run_demo(settings, args, out, err)


if __name__ == "__main__":
    sys.exit(main())
