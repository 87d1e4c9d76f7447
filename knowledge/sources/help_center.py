"""Zendesk Help Center as a knowledge source: published articles, kept fresh by the incremental export.

- ``scan`` and ``changes(cursor)`` read ``GET /api/v2/help_center/incremental/articles.json?start_time=T``
  (``scan`` from 0). Each page holds up to 1,000 articles changed at or after ``T``; its ``end_time`` (the
  last article's change) is the next page's start, so the boundary article comes again and is yielded
  once per run. After each page a ``Checkpoint(str(end_time))`` is yielded: an interrupted sync resumes
  from the last finished page. Paging stops when there is no ``next_page`` or ``end_time`` does not move.
- Drafts, articles restricted to a user segment (unless ``include_restricted``), other locales and
  label-filtered articles yield ``Deleted``: an article that became one of these leaves the index.
- ``live_ids`` lists ``GET /api/v2/help_center/{locale}/articles.json`` (cursor pagination) for each
  configured locale: the ids that pass the same filters. Deleted articles are absent there, and are
  pruned by the sync (the export does not report deletions).

The export allows 10 requests per minute (agents or admins only); ``requests_per_minute`` (default 10)
budgets every request of the source, and 429 ``Retry-After`` is honoured (``help_center_client.py``).

Export guide: https://developer.zendesk.com/documentation/help_center/help-center-api/understanding-incremental-article-exports/
List Articles: https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/#list-articles
Pagination: https://developer.zendesk.com/api-reference/introduction/pagination/
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

import requests

from carelayer.errors import SourceError
from carelayer.settings import HelpCenterSourceSettings
from knowledge.sources.base import Checkpoint, Deleted, SourceItem, http_options, required_secret
from knowledge.sources.help_center_client import HelpCenterClient, RequestBudget
from knowledge.sources.help_center_mapping import (
    JSON,
    ArticleFilter,
    article_id,
    article_items,
    exclusion,
    export_page,
    latest_update,
)

EXPORT_PATH = "/api/v2/help_center/incremental/articles.json"
PAGE_SIZE = 100
MAX_PAGES = 10_000


class HelpCenterSource:
    """The published, public (by default) articles of one Help Center; an ``IncrementalSource``."""

    def __init__(self, name: str, client: HelpCenterClient, wanted: ArticleFilter, *, locales: tuple[str, ...]) -> None:
        self.name = name
        self._client = client
        self._wanted = wanted
        self._locales = locales

    @classmethod
    def from_settings(
        cls,
        settings: HelpCenterSourceSettings,
        secrets: Mapping[str, str],
        *,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> HelpCenterSource:
        """The source a config entry describes; ConfigError naming the variable when the token is missing."""
        token = required_secret(
            secrets,
            settings.token_env,
            what="a Zendesk API token",
            location=f"knowledge.sources.{settings.name}",
        )
        client = HelpCenterClient(
            settings.url,
            settings.email,
            token,
            budget=RequestBudget(settings.requests_per_minute, clock=clock, sleep=sleep),
            **http_options(settings),
            session=session,
            sleep=sleep,
        )
        wanted = ArticleFilter.of(
            locales=settings.locales,
            labels_include=settings.labels_include,
            labels_exclude=settings.labels_exclude,
            include_restricted=settings.include_restricted,
        )
        return cls(settings.name, client, wanted, locales=settings.locales)

    def close(self) -> None:
        self._client.close()

    def scan(self) -> Iterator[SourceItem]:
        """Every article changed since the epoch (all that exist), filtered; Checkpoints after each page."""
        return self._export(0)

    def changes(self, cursor: str) -> Iterator[SourceItem]:
        """Articles changed at or after ``cursor`` (unix seconds, from a Checkpoint of this source)."""
        try:
            start = int(cursor)
        except ValueError as error:
            raise SourceError(
                f"{self.name}: the stored cursor {cursor!r} is not a Help Center export time; run `carelayer sync "
                f"--source {self.name} --full`"
            ) from error
        return self._export(max(0, start))

    def live_ids(self) -> Iterator[str]:
        """Ids of the articles that should be indexed now, per configured locale; SourceError on failure."""
        seen: set[str] = set()
        for locale in self._locales:
            for raw in self._list_articles(locale):
                found = article_id(raw)
                if found is not None and found not in seen and exclusion(raw, self._wanted) is None:
                    seen.add(found)
                    yield found

    def _export(self, start: int) -> Iterator[SourceItem]:
        yielded: dict[str, object] = {}  # article id -> updated_at already yielded in this run
        for _ in range(MAX_PAGES):
            page = export_page(self._client.get(EXPORT_PATH, {"start_time": start}))
            for raw in page.articles:
                key = article_id(raw)
                if key is not None and key in yielded:
                    if yielded[key] == raw.get("updated_at"):
                        continue  # the page boundary repeats the last article: once per run is enough
                    yield Deleted(self.name, key)  # changed again mid-run: the newer copy replaces the older
                if key is not None:
                    yielded[key] = raw.get("updated_at")
                yield from article_items(raw, source=self.name, wanted=self._wanted)
            end = page.end_time if page.end_time is not None else latest_update(page.articles)
            if end is None or end <= start:
                yield Checkpoint(str(start))
                return
            yield Checkpoint(str(end))
            if not page.has_next:
                return
            start = end
        raise SourceError(f"{self.name}: the incremental article export did not end after {MAX_PAGES} pages")

    def _list_articles(self, locale: str) -> Iterator[JSON]:
        path = f"/api/v2/help_center/{quote(locale, safe='')}/articles.json"
        query: dict[str, str | int] = {"page[size]": PAGE_SIZE}
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = self._client.get(path, query)
            articles = page.get("articles")
            if not isinstance(articles, list):
                raise SourceError(f"Zendesk Help Center answered {path} without an 'articles' list")
            yield from (a for a in articles if isinstance(a, Mapping))
            cursor = _after_cursor(page)
            if cursor is None:
                return
            if cursor in seen:
                raise SourceError(f"Zendesk Help Center {path}: pagination returned the same cursor twice")
            seen.add(cursor)
            query = {"page[size]": PAGE_SIZE, "page[after]": cursor}
        raise SourceError(f"Zendesk Help Center {path}: more than {MAX_PAGES} pages")


def _after_cursor(page: Mapping[str, Any]) -> str | None:
    meta = page.get("meta")
    if not isinstance(meta, Mapping) or meta.get("has_more") is not True:
        return None
    cursor = meta.get("after_cursor")
    return cursor if isinstance(cursor, str) and cursor else None
