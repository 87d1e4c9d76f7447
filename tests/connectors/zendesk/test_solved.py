"""Past solved tickets from the stateful fake Zendesk: the feed, and end to end into the real embedded index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.knowledge_sources import build_sources, past_tickets_source
from carelayer.errors import ConfigError, SourceError
from carelayer.settings import PastTicketsSourceSettings, Settings, load_settings
from connectors.zendesk.client import ZendeskClient
from connectors.zendesk.export import EXPORT_PATH
from connectors.zendesk.solved import ZendeskSolvedTickets
from knowledge.embeddings import Embedder
from knowledge.index import Method, open_index
from knowledge.sources import Checkpoint, Deleted, SourceItem
from knowledge.sources.past_tickets import PastTicketsSource, SolvedTicket
from knowledge.sync import SyncReport, sync_source
from tests.connectors.zendesk.fake_export import delete_ticket, solve_ticket, wall_clock
from tests.connectors.zendesk.fake_zendesk import BOT_USER_ID, EMAIL, TOKEN, FakeZendesk, serve

QUESTION = (
    "Hi, this is Maria Gonzalez. My phone is 555-201-7788 and my email is maria.g@example.org. "
    "How do I get a refill of my blood pressure pills?"
)
REPLY = "Hi Maria, request refills in the patient portal under Medications; allow three business days."
NOTE = "Checked her chart: wombat allergy flagged, do not mention to patient."


@dataclass
class Clinic:
    """The fake with one agent and helpers to make tickets the way a clinic's agents solve them."""

    fake: FakeZendesk
    agent: int

    def solved(self, subject: str, question: str, reply: str, *, note: str | None = None, name: str = "") -> int:
        requester = self.fake.add_user(name or "Pat Doe", "patient@example.org")
        ticket = self.fake.create_ticket(subject, question, requester_id=requester)
        if note:
            self.fake.add_comment(ticket, note, public=False, author_id=self.agent)
        self.fake.add_comment(ticket, reply, public=True, author_id=self.agent)
        self.tick()
        solve_ticket(self.fake, ticket)
        return ticket

    def tick(self, seconds: float = 5.0) -> None:
        self.fake.clock.now += seconds  # a later change gets a later updated_at (the export's order)


@pytest.fixture
def fake() -> FakeZendesk:
    return FakeZendesk()


@pytest.fixture
def clinic(fake: FakeZendesk) -> Clinic:
    return Clinic(fake, fake.add_user("Agent Smith", "agent@clinic.example", role="agent"))


@pytest.fixture
def base_url(fake: FakeZendesk) -> Iterator[str]:
    with serve(fake.app) as url:
        yield url


@pytest.fixture
def feed(fake: FakeZendesk, base_url: str) -> ZendeskSolvedTickets:
    client = ZendeskClient(base_url, EMAIL, TOKEN, timeout=5, max_retries=2, max_retry_wait=60, sleep=fake.clock.sleep)
    return ZendeskSolvedTickets(
        client, source="past", since_days=30, bot_user_id=str(BOT_USER_ID), now=wall_clock(fake)
    )


def test_feed_gives_question_and_public_agent_replies_only(clinic: Clinic, feed: ZendeskSolvedTickets) -> None:
    solved = clinic.solved("Refill", QUESTION, REPLY, note=NOTE, name="Maria Gonzalez")
    clinic.fake.add_comment(solved, "carelayer draft: capybara", public=True, author_id=BOT_USER_ID)
    still_open = clinic.fake.create_ticket("Parking", "Where do I park?")

    items = list(feed.solved_since(None))

    [ticket] = [i for i in items if isinstance(i, SolvedTicket)]
    assert (ticket.id, ticket.question, ticket.replies) == (str(solved), QUESTION, (REPLY,))
    assert "Maria Gonzalez" in ticket.known_names and "Agent Smith" not in ticket.known_names
    assert ticket.solved_at is not None and ticket.status == "solved"
    assert Deleted("past", str(still_open)) in items  # never solved: nothing to learn, and removed if it was
    assert isinstance(items[-1], Checkpoint)
    assert all("wombat" not in r and "capybara" not in r for r in ticket.replies)


def test_feed_carries_tags_and_the_help_center_articles_the_replies_link(
    clinic: Clinic, feed: ZendeskSolvedTickets
) -> None:
    solved = clinic.solved(
        "Refill",
        "How do I refill?",
        "See https://clinic.zendesk.com/hc/en-us/articles/360001-Refills and /hc/articles/77, then 360001 again: "
        "https://clinic.zendesk.com/hc/es/articles/360001",
    )
    clinic.fake.tickets[solved]["tags"] = ["refill_request", "carelayer_prescriptions"]  # an agent's tagging

    [ticket] = [i for i in feed.solved_since(None) if isinstance(i, SolvedTicket)]

    assert ticket.tags == ("refill_request", "carelayer_prescriptions")
    assert ticket.articles == ("360001", "77")  # in order of first link, each once


def test_deleted_and_reopened_tickets_yield_deleted(clinic: Clinic, feed: ZendeskSolvedTickets) -> None:
    gone = clinic.solved("Refill", "How do I refill?", "Use the portal.")
    reopened = clinic.solved("Parking", "Where do I park?", "Garage B.")
    first = list(feed.solved_since(None))
    cursor = next(i.cursor for i in reversed(first) if isinstance(i, Checkpoint))

    clinic.tick()
    delete_ticket(clinic.fake, gone)
    clinic.tick()
    solve_ticket(clinic.fake, reopened, status="open")
    later = list(feed.solved_since(cursor))

    assert [i for i in later if isinstance(i, Deleted)] == [Deleted("past", str(gone)), Deleted("past", str(reopened))]
    assert list(feed.solved_ids()) == []


def test_solved_ids_lists_solved_and_closed_tickets_without_reading_comments(
    clinic: Clinic, feed: ZendeskSolvedTickets
) -> None:
    one = clinic.solved("Refill", "How do I refill?", "Use the portal.")
    two = clinic.solved("Parking", "Where do I park?", "Garage B.")
    clinic.tick()
    solve_ticket(clinic.fake, two, status="closed")
    clinic.fake.create_ticket("Open one", "Still waiting")
    seen = len(clinic.fake.requests)

    assert sorted(feed.solved_ids()) == sorted([str(one), str(two)])
    assert {s.path for s in clinic.fake.requests[seen:]} == {EXPORT_PATH}


def test_every_page_of_comments_is_read(clinic: Clinic, feed: ZendeskSolvedTickets) -> None:
    clinic.fake.max_page_size = 2
    ticket = clinic.solved("Billing", "Can I pay monthly?", "Yes, we offer payment plans.")
    for n in range(3):
        clinic.fake.add_comment(ticket, f"Follow-up answer {n}.", public=True, author_id=clinic.agent)
    clinic.tick()
    solve_ticket(clinic.fake, ticket)

    [solved] = [i for i in feed.solved_since(None) if isinstance(i, SolvedTicket)]

    assert solved.replies == (
        "Yes, we offer payment plans.",
        "Follow-up answer 0.",
        "Follow-up answer 1.",
        "Follow-up answer 2.",
    )
    comment_pages = [s for s in clinic.fake.requests if s.path.endswith("/comments.json")]
    assert [s.query.get("page[after]") for s in comment_pages] == [None, "c2", "c4"]


# --- end to end: app wiring -> feed -> source -> sync -> index ---------------------------------------------


@pytest.fixture
def settings(base_url: str, write_config: Callable[..., Path]) -> Settings:
    config = write_config(
        {
            "helpdesks": [{"name": "zendesk", "kind": "zendesk", "url": base_url, "email": EMAIL, "max_retries": 2}],
            "knowledge": {"sources": [{"name": "past", "type": "past_tickets", "helpdesk": "zendesk"}]},
        }
    )
    return load_settings(config, environ={"ZENDESK_API_TOKEN": TOKEN})


def _entry(settings: Settings) -> PastTicketsSourceSettings:
    entry = settings.knowledge.sources[0]
    assert isinstance(entry, PastTicketsSourceSettings)
    return entry


def _source(settings: Settings, fake: FakeZendesk) -> PastTicketsSource:
    source = past_tickets_source(settings, _entry(settings), now=wall_clock(fake))
    feed = source._feed
    assert isinstance(feed, ZendeskSolvedTickets)
    feed._client._sleep = fake.clock.sleep  # Retry-After waits move the fake's clock, not real time
    return source


def _sync(settings: Settings, embedder: Embedder, source: Any, **kwargs: Any) -> SyncReport:
    index = open_index(settings, embedder=embedder)
    try:
        index.prepare()
        return sync_source(source, index, **kwargs)
    finally:
        index.close()


def _index_text(settings: Settings, embedder: Embedder) -> tuple[set[str], str]:
    index = open_index(settings, embedder=embedder)
    try:
        rows = list(index.catalog.iter_index_rows())
        return set(index.catalog.article_hashes("past")), "\n".join(f"{r[2]}\n{r[4]}" for r in rows)
    finally:
        index.close()


def _lexical(settings: Settings, embedder: Embedder, query: str) -> list[Any]:
    index = open_index(settings, embedder=embedder)
    try:
        return index.search(query, k=10, method=Method.LEXICAL)
    finally:
        index.close()


def test_internal_notes_and_phi_never_reach_the_index(clinic: Clinic, settings: Settings, embedder: Embedder) -> None:
    ticket = clinic.solved("Refill for Maria Gonzalez", QUESTION, REPLY, note=NOTE, name="Maria Gonzalez")

    report = _sync(settings, embedder, _source(settings, clinic.fake))

    assert report.added == 1
    ids, text = _index_text(settings, embedder)
    assert ids == {str(ticket)}
    for secret in ("wombat", "Maria", "Gonzalez", "555-201-7788", "maria.g@example.org"):
        assert secret not in text
    assert not [h for h in _lexical(settings, embedder, "wombat allergy") if "wombat" in h.chunk.text]
    [hit] = [
        h for h in _lexical(settings, embedder, "refill patient portal Medications") if h.article_id == str(ticket)
    ]
    assert hit.chunk.title == "Past ticket: Refill for [NAME]"
    assert hit.citation().updated_at is not None  # the solved date travels with the citation


def test_a_ticket_deleted_upstream_disappears_after_the_next_sync(
    clinic: Clinic, settings: Settings, embedder: Embedder
) -> None:
    ticket = clinic.solved("Parking", "Where can I park for my visit?", "Park in garage B; the gecko sign marks it.")
    _sync(settings, embedder, _source(settings, clinic.fake))
    assert [h for h in _lexical(settings, embedder, "gecko sign") if h.article_id == str(ticket)]

    clinic.tick()
    delete_ticket(clinic.fake, ticket)
    report = _sync(settings, embedder, _source(settings, clinic.fake))

    assert report.incremental and report.removed == 1
    assert not [h for h in _lexical(settings, embedder, "gecko sign") if h.article_id == str(ticket)]


class _DiesAfterFirstCheckpoint:
    def __init__(self, source: PastTicketsSource, fake: FakeZendesk) -> None:
        self.name = source.name
        self._source = source
        self._fake = fake

    def scan(self) -> Iterator[SourceItem]:
        for item in self._source.scan():
            yield item
            if isinstance(item, Checkpoint):
                self._fake.fail_next(503, times=50, path_suffix=EXPORT_PATH)


def test_an_interrupted_sync_resumes_from_its_cursor(clinic: Clinic, settings: Settings, embedder: Embedder) -> None:
    clinic.fake.max_page_size = 2  # export pages of two tickets
    made = [
        clinic.solved(f"Question {n}", f"How does thing {n} work?", f"Thing {n} works like this.") for n in range(5)
    ]
    with pytest.raises(SourceError, match="503"):
        _sync(settings, embedder, _DiesAfterFirstCheckpoint(_source(settings, clinic.fake), clinic.fake))
    assert _index_text(settings, embedder)[0] == {str(made[0]), str(made[1])}

    clinic.fake._failures.clear()
    seen = len(clinic.fake.requests)
    report = _sync(settings, embedder, _source(settings, clinic.fake))

    exports = [s for s in clinic.fake.requests[seen:] if s.path == EXPORT_PATH]
    assert "cursor" in exports[0].query and "start_time" not in exports[0].query
    assert report.incremental and report.added == 3
    assert _index_text(settings, embedder)[0] == {str(t) for t in made}


def test_wiring_names_what_is_missing(settings: Settings, write_config: Callable[..., Path], base_url: str) -> None:
    assert isinstance(build_sources(settings, settings.knowledge.sources)[0], PastTicketsSource)
    no_token = load_settings(settings.config_path, environ={})
    with pytest.raises(ConfigError, match="ZENDESK_API_TOKEN"):
        build_sources(no_token, no_token.knowledge.sources)
    config = write_config(
        {
            "helpdesks": [{"name": "local", "kind": "sandbox"}],
            "knowledge": {"sources": [{"name": "past", "type": "past_tickets", "helpdesk": "elsewhere"}]},
        },
        name="other.yaml",
    )
    other = load_settings(config, environ={})
    with pytest.raises(ConfigError, match="'elsewhere' is not configured"):
        build_sources(other, other.knowledge.sources)
