"""Every request the two Zendesk knowledge sources make, checked against Zendesk's OFFICIAL API definitions.

Prism serves the Support and Help Center definitions (``prism_checked`` fails a test whose requests broke
them) and answers with the spec's examples: one draft article (id 35467, user segment 12), and one export
page holding ticket 35436 (status ``open``) with ``end_of_stream: true``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from carelayer.errors import SourceError
from carelayer.settings import HelpCenterSourceSettings
from connectors.zendesk.client import ZendeskClient
from connectors.zendesk.export import EXPORT_PATH
from connectors.zendesk.solved import ZendeskSolvedTickets
from knowledge.sources import Checkpoint, Deleted
from knowledge.sources.help_center import EXPORT_PATH as ARTICLES_EXPORT_PATH
from knowledge.sources.help_center import HelpCenterSource
from knowledge.sources.help_center_client import HelpCenterClient, RequestBudget
from knowledge.sources.past_tickets import SolvedTicket
from tests.connectors.zendesk.fake_zendesk import EMAIL, TOKEN
from tests.prism import PrismServer


class RecordingSession(requests.Session):
    """A real session that also remembers the paths and query it sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, Any]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        self.sent.append((urlsplit(str(url)).path, kwargs.get("params")))
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


def _help_center(prism: PrismServer, session: RecordingSession, **changes: Any) -> HelpCenterSource:
    values: dict[str, Any] = {
        "type": "zendesk_help_center",
        "name": "hc",
        "url": prism.base_url,
        "email": EMAIL,
        "max_retries": 0,
        **changes,
    }
    settings = HelpCenterSourceSettings(**values)
    return HelpCenterSource.from_settings(settings, {"ZENDESK_API_TOKEN": TOKEN}, session=session, sleep=lambda _: None)


def test_help_center_export_and_listing_requests_are_valid(
    prism_checked: PrismServer, session: RecordingSession
) -> None:
    source = _help_center(prism_checked, session, locales=("en-us", "es"))

    scanned = list(source.scan())
    changed = list(source.changes("1404345231"))
    live = list(source.live_ids())

    assert Deleted("hc", "35467") in scanned  # the definition's example article is a draft
    assert Deleted("hc", "35467") in changed and isinstance(changed[-1], Checkpoint)
    assert live == []
    assert [path for path, _ in session.sent] == [
        ARTICLES_EXPORT_PATH,
        ARTICLES_EXPORT_PATH,
        "/api/v2/help_center/en-us/articles.json",
        "/api/v2/help_center/es/articles.json",
    ]
    assert session.sent[1][1] == {"start_time": 1404345231}


def test_help_center_restricted_articles_count_only_when_allowed(
    prism_checked: PrismServer, session: RecordingSession
) -> None:
    # The example article is a draft either way: including restricted articles never publishes a draft.
    source = _help_center(prism_checked, session, include_restricted=True)
    assert Deleted("hc", "35467") in list(source.scan())


@pytest.fixture
def feed(prism_checked: PrismServer, session: RecordingSession) -> Iterator[ZendeskSolvedTickets]:
    client = ZendeskClient(
        prism_checked.base_url, EMAIL, TOKEN, timeout=10, max_retries=0, max_retry_wait=1, session=session
    )
    # The definition's example ticket is "open": counting "open" as solved makes the feed read its comments.
    yield ZendeskSolvedTickets(client, source="past", statuses=("open",), since_days=30, now=lambda: 1_800_000_000.0)


def test_solved_ticket_export_and_comment_requests_are_valid(
    feed: ZendeskSolvedTickets, session: RecordingSession
) -> None:
    items = list(feed.solved_since(None))
    again = list(feed.solved_since("MTU3NjYxMzUzOS4wfHw0Njd8"))
    ids = list(feed.solved_ids())

    assert [type(i) for i in items] == [SolvedTicket, Checkpoint]
    assert isinstance(again[0], SolvedTicket) and again[0].id == "35436"
    assert ids == ["35436"]
    paths = [path for path, _ in session.sent]
    assert paths == [
        EXPORT_PATH,
        "/api/v2/tickets/35436/comments.json",
        EXPORT_PATH,
        "/api/v2/tickets/35436/comments.json",
        EXPORT_PATH,
    ]
    assert session.sent[0][1] == {"start_time": 1_800_000_000 - 30 * 86_400}
    assert session.sent[1][1] == {"include": "users", "page[size]": 100}


def test_prism_does_check_the_article_export_query(prism_checked: PrismServer, session: RecordingSession) -> None:
    """Negative control: a start_time that is not an integer breaks the definition, and Prism says so."""
    client = HelpCenterClient(
        prism_checked.base_url, EMAIL, TOKEN, budget=RequestBudget(100), max_retries=0, session=session
    )
    with prism_checked.expecting_violation(), pytest.raises(SourceError):
        client.get(ARTICLES_EXPORT_PATH, {"start_time": "yesterday"})
