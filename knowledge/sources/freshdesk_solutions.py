"""Freshdesk solution articles as a knowledge source: published articles in folders visible to all users.

``scan`` walks the knowledge base (https://developers.freshdesk.com/api/#solutions):
``GET /api/v2/solutions/categories`` -> ``/categories/{id}/folders`` -> (``/folders/{id}/subfolders`` when
``sub_folders_count`` > 0) -> ``/folders/{id}/articles``, each paged with ``page``/``per_page=100`` while the
``Link`` header names a next page. Only folders with ``visibility`` 1 ("All users") are read, and in them only
articles with ``status`` 2 (published): drafts and articles of logged-in-only, agent-only or company/segment
folders never reach a patient, so they are not yielded and leave the index at the next scan.

Failures: a listing that fails yields a ``SyncFailure`` with ``whole_source=True`` (the scan is incomplete,
so nothing is pruned) and the walk goes on with the next folder; an article without an id or text yields a
``SyncFailure`` for that article only. ``knowledge/`` may not import the Freshdesk connector; both build on the
shared ``carelayer.http`` client: Basic auth ``<api key>:X``; 429 (``Retry-After`` honoured up to
``max_retry_wait``), 5xx and connection errors retried with the injected ``sleep``; anything else is a
``SourceError`` naming the path and status (never the key).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests

from carelayer.errors import ConfigError, SourceError
from carelayer.http import HttpVendor, JsonHttpClient
from carelayer.jsonvalues import parse_time
from carelayer.types import Article, SyncFailure
from knowledge.text import html_to_document, tidy

log = logging.getLogger(__name__)

VISIBLE_TO_ALL = 1  # folder visibility: 1 all users, 2 logged-in users, 3 agents, 4+ companies/segments
PUBLISHED = 2  # article status: 1 draft, 2 published
PAGE_SIZE = 100
MAX_PAGES = 500
MAX_DEPTH = 5  # Freshdesk's flexible hierarchy nests folders a few levels deep
USER_AGENT = "carelayer-freshdesk-solutions/0.1"

FRESHDESK_SOLUTIONS = HttpVendor(
    label="Freshdesk",
    url_example="https://<account>.freshdesk.com",
    user_agent=USER_AGENT,
    retryable=SourceError,
    permanent=SourceError,
    logger=log,
    retry_statuses=frozenset({429}),
)


class FreshdeskSolutionsSource:
    """The public, published solution articles of one Freshdesk account (a ``Source``: ``scan`` only)."""

    def __init__(
        self,
        name: str,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 3,
        max_retry_wait: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not base_url.startswith(("https://", "http://")) or not api_key:
            raise ConfigError(f"source {name!r}: Freshdesk needs url (https://<account>.freshdesk.com) and an API key")
        self.name = name
        self._http = JsonHttpClient(
            base_url,
            vendor=FRESHDESK_SOLUTIONS,
            auth=(api_key, "X"),  # Freshdesk: the key is the user name, any password (documented: X)
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            session=session,
            sleep=sleep,
            rng=rng,
        )
        self._base = self._http.base_url

    def scan(self) -> Iterator[Article | SyncFailure]:
        """Every public published article, plus a SyncFailure for each listing or article that failed."""
        try:
            categories = self._all("/api/v2/solutions/categories")
        except SourceError as error:
            yield SyncFailure(self.name, "categories", str(error), whole_source=True)
            return
        for category in categories:
            category_id = _id(category)
            if category_id is None:
                yield SyncFailure(self.name, "categories", "a category without an id", whole_source=True)
                continue
            yield from self._folders(f"/api/v2/solutions/categories/{category_id}/folders", depth=0)

    def _folders(self, path: str, *, depth: int) -> Iterator[Article | SyncFailure]:
        try:
            folders = self._all(path)
        except SourceError as error:
            yield SyncFailure(self.name, path, str(error), whole_source=True)
            return
        for folder in folders:
            if folder.get("visibility") != VISIBLE_TO_ALL:
                continue  # not public: its articles (and its subfolders') must not answer patients
            folder_id = _id(folder)
            if folder_id is None:
                yield SyncFailure(self.name, path, "a folder without an id", whole_source=True)
                continue
            yield from self._articles(f"/api/v2/solutions/folders/{folder_id}/articles")
            if _positive(folder.get("sub_folders_count")) and depth < MAX_DEPTH:
                yield from self._folders(f"/api/v2/solutions/folders/{folder_id}/subfolders", depth=depth + 1)

    def _articles(self, path: str) -> Iterator[Article | SyncFailure]:
        try:
            articles = self._all(path)
        except SourceError as error:
            yield SyncFailure(self.name, path, str(error), whole_source=True)
            return
        for raw in articles:
            if raw.get("status") == PUBLISHED:
                yield self._article(raw, path)

    def _article(self, raw: Mapping[str, Any], path: str) -> Article | SyncFailure:
        article_id = _id(raw)
        title = raw.get("title")
        markup = raw.get("description")
        text = html_to_document(markup).text if isinstance(markup, str) and markup.strip() else ""
        if not text and isinstance(raw.get("description_text"), str):
            text = tidy(str(raw["description_text"]))
        if article_id is None:
            return SyncFailure(self.name, path, "an article without an id", whole_source=True)
        if not isinstance(title, str) or not title.strip() or not text:
            return SyncFailure(self.name, path, "an article without a title or text", article_id=article_id)
        tags = raw.get("tags")
        return Article(
            source=self.name,
            id=article_id,
            title=title.strip(),
            body=text,
            url=f"{self._base}/support/solutions/articles/{article_id}",
            updated_at=parse_time(raw.get("updated_at")),
            labels=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        )

    def _all(self, path: str) -> list[Mapping[str, Any]]:
        """Every item of a paged list; SourceError when a page cannot be read."""
        items: list[Mapping[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            response = self._http.send("GET", path, params={"per_page": PAGE_SIZE, "page": page})
            data = self._http.decode(response, "GET", path)
            if not isinstance(data, list):
                raise SourceError(f"Freshdesk GET {path}: the answer is not a list")
            items.extend(item for item in data if isinstance(item, Mapping))
            if "next" not in response.links:
                return items
        raise SourceError(f"Freshdesk GET {path}: more than {MAX_PAGES} pages")


def _id(raw: Mapping[str, Any]) -> str | None:
    value = raw.get("id")
    return str(value) if _positive(value) else None


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
