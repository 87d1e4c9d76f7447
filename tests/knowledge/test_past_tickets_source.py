"""The vendor-neutral past-tickets source over an in-memory feed: redaction, filtering, citations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from carelayer.errors import PermanentHelpdeskError, SourceError
from carelayer.types import Article, Citation, SyncFailure
from knowledge.sources import Checkpoint, Deleted
from knowledge.sources.past_tickets import (
    PAST_TICKET_LABEL,
    FeedItem,
    PastTicketsSource,
    SolvedTicket,
    citation_label,
)

SOLVED = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
TICKET = SolvedTicket(
    id="101",
    subject="Refill question from Maria Gonzalez",
    question=(
        "Hi, this is Maria Gonzalez. My phone is 555-201-7788 and my email is maria.g@example.org. "
        "How do I get a refill of my blood pressure pills?"
    ),
    replies=("Hi Maria, request refills in the patient portal under Medications; allow three business days.",),
    solved_at=SOLVED,
    known_names=("Maria Gonzalez",),
)


class ListFeed:
    """A feed that hands out fixed items and remembers the cursors it was asked for."""

    def __init__(self, items: list[FeedItem], ids: tuple[str, ...] = (), error: Exception | None = None) -> None:
        self.items = items
        self.ids = ids
        self.error = error
        self.asked: list[str | None] = []

    def solved_since(self, cursor: str | None) -> Iterator[FeedItem]:
        self.asked.append(cursor)
        yield from self.items
        if self.error is not None:
            raise self.error

    def solved_ids(self) -> Iterator[str]:
        if self.error is not None:
            raise self.error
        yield from self.ids


def test_a_past_ticket_becomes_a_redacted_article_with_its_solved_date() -> None:
    [article] = PastTicketsSource("past", ListFeed([TICKET])).scan()

    assert isinstance(article, Article)
    assert article.title == "Past ticket: Refill question from [NAME]"
    assert article.updated_at == SOLVED
    assert article.labels == (PAST_TICKET_LABEL, "solved")
    assert article.url is None  # an agent-only ticket link must never reach a patient
    text = f"{article.title}\n{article.body}"
    for phi in ("Maria", "Gonzalez", "555-201-7788", "maria.g@example.org"):
        assert phi not in text
    assert "[PHONE]" in text and "[EMAIL]" in text
    assert "request refills in the patient portal" in article.body
    assert "blood pressure pills" in article.body


def test_too_few_replies_or_nothing_left_yields_deleted() -> None:
    silent = SolvedTicket(id="7", subject="s", question="Can I park here?", replies=())
    two_needed = SolvedTicket(id="8", subject="s", question="Can I park here?", replies=("Yes, in garage B.",))
    items = list(PastTicketsSource("past", ListFeed([silent, two_needed]), min_public_replies=2).scan())
    assert items == [Deleted("past", "7"), Deleted("past", "8")]


def test_feed_items_pass_through_with_the_source_name_and_cursor() -> None:
    failure = SyncFailure("past", "ticket 9", "comments unreadable (500)", "9")
    feed = ListFeed([Deleted("", "5"), failure, Checkpoint("abc")])
    items = list(PastTicketsSource("past", feed).changes("xyz"))
    assert items == [Deleted("past", "5"), failure, Checkpoint("abc")]
    assert feed.asked == ["xyz"]


def test_a_ticket_seen_twice_in_one_walk_is_replaced_by_the_newer_copy() -> None:
    newer = SolvedTicket(id="101", subject="s", question="Where do I park?", replies=("Garage B, level 2.",))
    items = list(PastTicketsSource("past", ListFeed([TICKET, newer])).scan())
    assert [type(i).__name__ for i in items] == ["Article", "Deleted", "Article"]
    assert isinstance(items[-1], Article) and "Garage B" in items[-1].body


def test_helpdesk_failures_become_source_errors() -> None:
    feed = ListFeed([TICKET], error=PermanentHelpdeskError("Zendesk answered 403"))
    source = PastTicketsSource("past", feed)
    with pytest.raises(SourceError, match="403"):
        list(source.scan())
    with pytest.raises(SourceError, match="403"):
        list(source.live_ids())


def test_live_ids_are_the_feeds_solved_ids() -> None:
    assert list(PastTicketsSource("past", ListFeed([], ids=("1", "2"))).live_ids()) == ["1", "2"]


def test_citation_label_shows_a_past_ticket_with_its_date_and_leaves_others_alone() -> None:
    past = Citation("past", "101", "Past ticket: Refill question", None, SOLVED)
    article = Citation("hc", "1", "Parking", "https://clinic.example/parking", SOLVED)
    assert citation_label(past) == "Past ticket: Refill question (solved 2026-03-14)"
    assert citation_label(article) == "Parking"
    assert citation_label(Citation("past", "102", "Past ticket: Undated")) == "Past ticket: Undated"
