"""``carelayer history``: solved tickets as redacted, human-labelled simulate lines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from app.cli import EXIT_USAGE, main
from app.history import export, history_record, label_tags
from app.triage_commands import read_records
from carelayer.errors import InputError
from carelayer.settings import BUNDLED_CONFIG, load_settings
from carelayer.types import SyncFailure
from knowledge.sources import Checkpoint, Deleted
from knowledge.sources.past_tickets import SolvedTicket
from tests.connectors.zendesk.fake_export import solve_ticket
from tests.connectors.zendesk.fake_zendesk import EMAIL, TOKEN, FakeZendesk, serve

CATEGORIES = ["appointments", "billing", "prescriptions", "clinical"]
QUESTION = "Hi, this is Dana Whitfield, 555-201-7788, dana.w@example.org. Why was I billed twice for one visit?"
REPLY = (
    "Hi Dana, the second charge was a duplicate; we refunded it. See https://clinic.zendesk.com/hc/en-us/articles/42"
)


def _ticket(ticket_id: str = "101", **changes: Any) -> SolvedTicket:
    values: dict[str, Any] = {
        "id": ticket_id,
        "subject": "billed twice - Dana Whitfield",
        "question": QUESTION,
        "replies": (REPLY, "Anything else, Dana?"),
        "known_names": ("Dana Whitfield",),
        "tags": ("billing", "carelayer_appointments", "vip"),
        "articles": ("42",),
    }
    values.update(changes)
    return SolvedTicket(**values)


def test_a_line_is_redacted_labelled_by_a_human_tag_and_names_the_linked_article() -> None:
    record = history_record(_ticket(), label_tags(CATEGORIES, []))
    assert record is not None
    text = json.dumps(record)
    for phi in ("Dana", "Whitfield", "555-201-7788", "dana.w@example.org"):
        assert phi not in text
    assert record["category"] == "billing"  # carelayer's own carelayer_appointments tag is not a label
    assert record["reply"].startswith("Hi [NAME], the second charge") and "Anything else" not in record["reply"]
    assert record["articles"] == ["42"]
    assert set(record) == {"id", "subject", "body", "reply", "category", "articles"}


def test_tags_naming_two_categories_leave_the_line_unlabelled() -> None:
    tags = label_tags(CATEGORIES, ["prescriptions=refill_request"])
    record = history_record(_ticket(tags=("billing", "refill_request")), tags)
    assert record is not None and "category" not in record
    assert history_record(_ticket(tags=("refill_request",)), tags)["category"] == "prescriptions"  # type: ignore[index]
    assert "category" not in history_record(_ticket(tags=("carelayer_billing",)), tags)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("pair", "message"), [("billing", "expected CATEGORY=TAG"), ("=x", "expected"), ("bills=x", "not a category")]
)
def test_a_bad_label_tag_is_refused_naming_it(pair: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        label_tags(CATEGORIES, [pair])
    assert repr(pair) in str(caught.value)


def test_export_skips_what_cannot_teach_counts_everything_and_stops_at_the_limit() -> None:
    failure = SyncFailure("past", "ticket 9", "comments unreadable (500)", "9")
    items = [
        _ticket("1"),
        Checkpoint("c1"),
        _ticket("2", replies=()),  # never answered by staff
        Deleted("past", "3"),
        failure,
        _ticket("1", replies=("a later copy",)),  # changed during the walk: the first copy stays
        _ticket("4", tags=("billing", "appointments")),
        _ticket("5", tags=(), articles=()),
        _ticket("6"),
    ]
    lines: list[dict[str, Any]] = []
    counts, failures = export(items, label_tags(CATEGORIES, []), lines.append, limit=3)
    assert [line["id"] for line in lines] == ["1", "4", "5"]
    assert (counts.written, counts.labelled, counts.with_articles) == (3, 1, 2)
    assert (counts.skipped, counts.unlabelled_ambiguous, counts.failed) == (1, 1, 1)
    assert failures == [failure]


# --- end to end: the command against the stateful fake Zendesk ---------------------------------------------


@pytest.fixture
def zendesk() -> Iterator[tuple[FakeZendesk, str]]:
    fake = FakeZendesk()
    with serve(fake.app) as url:
        yield fake, url


def _config(write_config: Callable[..., Path], url: str) -> Path:
    return write_config(
        {
            "helpdesks": [{"name": "zendesk", "kind": "zendesk", "url": url, "email": EMAIL, "max_retries": 1}],
            # one day back: only the command's --since-days reaches the fake's tickets (dated 2026-03-02)
            "knowledge": {
                "sources": [{"name": "past", "type": "past_tickets", "helpdesk": "zendesk", "since_days": 1}]
            },
            "categories": [c.model_dump(mode="json") for c in load_settings(BUNDLED_CONFIG, environ={}).categories],
        }
    )


def test_the_command_writes_lines_simulate_reads(
    zendesk: tuple[FakeZendesk, str],
    write_config: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake, url = zendesk
    agent = fake.add_user("Agent Smith", "agent@clinic.example", role="agent")
    patient = fake.add_user("Dana Whitfield", "dana.w@example.org")
    billed = fake.create_ticket("billed twice", QUESTION, tags=["billing_q"], requester_id=patient)
    fake.add_comment(billed, REPLY, public=True, author_id=agent)
    solve_ticket(fake, billed)
    unanswered = fake.create_ticket("parking", "Where do I park?", tags=["billing_q"], requester_id=patient)
    solve_ticket(fake, unanswered)
    config = _config(write_config, url)
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    out = tmp_path / "past.jsonl"

    command = ["history", "--source", "past", "--output", str(out), "--label-tag", "billing=billing_q"]
    code = main(["--config", str(config), *command, "--since-days", "36500"])

    assert code == 0
    [line] = [json.loads(text) for text in out.read_text().splitlines()]
    assert (line["id"], line["category"], line["articles"]) == (str(billed), "billing", ["42"])
    assert "Dana" not in json.dumps(line)
    assert "1 tickets written (1 with a category, 1 naming articles); 1 without a reply skipped" in (
        capsys.readouterr().err.replace("\n", " ")
    )
    [record] = read_records(str(out), load_settings(config, environ={}), Console(stderr=True))
    assert (record.category, record.articles, record.ticket.id) == ("billing", ("42",), str(billed))


def test_an_unknown_source_is_refused_naming_the_ones_configured(
    zendesk: tuple[FakeZendesk, str], write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(write_config, zendesk[1])
    assert main(["--config", str(config), "history", "--source", "kb"]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "'kb' is not a past_tickets knowledge source" in error and "configured: past" in error
