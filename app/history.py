"""``carelayer history``: a clinic's own solved tickets as the JSONL that ``simulate`` and
``classifier.training_data`` read, so the advice "simulate on your past tickets before switching anything on"
can be followed without writing that file by hand.

The tickets come from the helpdesk feed behind a configured ``past_tickets`` knowledge source (today Zendesk's,
``connectors/zendesk/solved.py``). Each line holds:

- ``id``, ``subject`` and ``body`` (the requester's question), and ``reply`` (the first public staff reply),
  all redacted exactly as the past-tickets source redacts them: no patient name, phone, email, date of birth,
  MRN or address reaches the file;
- ``category``, only from a HUMAN label: a ticket tag naming exactly one category (the tag equal to the
  category's name, or the tags given with ``--label-tag category=tag``). carelayer's own ``<prefix>_<category>``
  tags are never read as labels: they are its guesses, and a simulation scored against them would only
  measure how often it agrees with itself;
- ``articles``: the ids of the knowledge articles the staff replies linked to, first link first (what the
  answered-before prior learns from, ``agent/answered_before.py``).

A ticket without a staff reply or without a question left after redaction is skipped. Nothing is sent
anywhere; the file stays where ``--output`` puts it.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from app.jsonl import open_output, write_object
from app.knowledge_sources import solved_ticket_feed
from carelayer.errors import ConfigError, InputError
from carelayer.settings import PastTicketsSourceSettings, Settings
from carelayer.types import SyncFailure
from knowledge.sources.past_tickets import SolvedTicket, redacted


@dataclass(frozen=True, slots=True)
class ExportCounts:
    """What one export wrote and left out."""

    written: int = 0
    labelled: int = 0
    with_articles: int = 0
    skipped: int = 0  # no staff reply, or nothing left of the question after redaction
    unlabelled_ambiguous: int = 0  # tags named more than one category: no label rather than a guess
    failed: int = 0  # tickets the helpdesk could not deliver (named on standard error)


def label_tags(categories: Sequence[str], pairs: Iterable[str]) -> dict[str, str]:
    """``tag -> category``: each category's own name, plus ``category=tag`` pairs from the command line.
    Raises ``InputError`` naming a malformed pair or an unknown category."""
    known = set(categories)
    tags = {name: name for name in categories}
    for pair in pairs:
        category, equals, tag = (part.strip() for part in pair.partition("="))
        if not equals or not category or not tag:
            raise InputError(f"--label-tag {pair!r}: expected CATEGORY=TAG, e.g. billing=billing_question")
        if category not in known:
            raise InputError(f"--label-tag {pair!r}: {category!r} is not a category ({', '.join(categories)})")
        tags[tag] = category
    return tags


def history_record(ticket: SolvedTicket, tags: Mapping[str, str]) -> dict[str, Any] | None:
    """The redacted simulate line for ``ticket``; None when it has no reply or no question to keep."""
    subject, question, replies = redacted(ticket)
    if not question or not replies:
        return None
    record: dict[str, Any] = {"id": ticket.id, "subject": subject, "body": question, "reply": replies[0]}
    labels = _labels(ticket, tags)
    if len(labels) == 1:
        record["category"] = labels.pop()
    if ticket.articles:
        record["articles"] = list(ticket.articles)
    return record


def export(
    items: Iterable[object],
    tags: Mapping[str, str],
    write: Callable[[dict[str, Any]], None],
    *,
    limit: int | None = None,
) -> tuple[ExportCounts, list[SyncFailure]]:
    """``write`` the line of each solved ticket among a feed's ``items`` (other items are ignored), up to
    ``limit`` lines; the counts, and the tickets the helpdesk could not deliver."""
    counts: Counter[str] = Counter()
    failures: list[SyncFailure] = []
    seen: set[str] = set()
    for item in items:
        if limit is not None and counts["written"] >= limit:
            break
        if isinstance(item, SyncFailure):
            failures.append(item)
        elif isinstance(item, SolvedTicket) and item.id not in seen:  # changed during the walk: first copy kept
            seen.add(item.id)
            record = history_record(item, tags)
            if record is None:
                counts["skipped"] += 1
                continue
            write(record)
            counts["written"] += 1
            counts["labelled"] += "category" in record
            counts["with_articles"] += "articles" in record
            counts["unlabelled_ambiguous"] += len(_labels(item, tags)) > 1  # two categories named: none kept
    return ExportCounts(**counts, failed=len(failures)), failures


def _labels(ticket: SolvedTicket, tags: Mapping[str, str]) -> set[str]:
    return {tags[t] for t in ticket.tags if t in tags}


def run_history(settings: Settings, args: argparse.Namespace, out: Console, err: Console) -> int:
    """``carelayer history --source NAME [--output FILE|-] [--limit N] [--since-days N] [--label-tag C=T ...]``."""
    entry = next((s for s in settings.knowledge.sources if s.name == args.source), None)
    if not isinstance(entry, PastTicketsSourceSettings):
        names = [s.name for s in settings.knowledge.sources if isinstance(s, PastTicketsSourceSettings)]
        raise ConfigError(
            f"--source {args.source!r} is not a past_tickets knowledge source "
            f"(configured: {', '.join(names) or 'none; see config.example.yaml'})",
            location="knowledge.sources",
        )
    tags = label_tags([c.name for c in settings.categories], args.label_tag or ())
    if args.since_days is not None:  # this export only: the source's own window stays as configured
        entry = entry.model_copy(update={"since_days": args.since_days})
    feed = solved_ticket_feed(settings, entry)
    with open_output(args.output) as stream:
        counts, failures = export(
            feed.solved_since(None), tags, lambda line: write_object(stream, line), limit=args.limit
        )
    for failure in failures:
        err.print(f"not exported: {failure.location} ({failure.reason})", highlight=False)
    err.print(
        f"{counts.written} tickets written ({counts.labelled} with a category, {counts.with_articles} naming "
        f"articles); {counts.skipped} without a reply skipped, {counts.unlabelled_ambiguous} left unlabelled "
        f"(tags named two categories), {counts.failed} not delivered by the helpdesk",
        highlight=False,
    )
    return 0 if not failures else 1
