"""Confluence pages as knowledge: the spaces in config, current pages only, view-restricted pages skipped.

- ``scan``: every page of the spaces by CQL, oldest change first, with a Checkpoint after each result
  page, so an interrupted first sync resumes where it stopped.
- ``changes``: the same query from ``lastmodified`` minus an overlap window (CQL has minute precision
  and reads times in the server's zone); pages already seen at the same version are skipped.
- ``live_ids``: the ids of the spaces' current pages that may be indexed (no bodies), for pruning
  pages deleted upstream.

A page that is archived, trashed, view-restricted (itself or through an ancestor), labelled with an
excluded label or emptied is reported as ``Deleted`` so it leaves the index if it was there.
CQL: https://developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/
Restrictions are inherited from ancestors: https://support.atlassian.com/confluence-cloud/docs/what-are-page-restrictions/
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from urllib.parse import quote

from carelayer.errors import SourceError
from carelayer.settings import ConfluenceSourceSettings
from carelayer.types import SyncFailure
from knowledge.sources.base import Checkpoint, Deleted, SourceItem, http_options, required_secret
from knowledge.sources.confluence_client import ConfluenceClient, TokenBucket
from knowledge.sources.confluence_mapping import (
    JSON,
    LIST_EXPAND,
    PAGE_EXPAND,
    RESTRICTIONS_EXPAND,
    Cursor,
    PageFacts,
    cql,
    next_params,
    page_facts,
    page_to_article,
    read_restricted,
    skip_reason,
)

log = logging.getLogger(__name__)
_MALFORMED = (KeyError, ValueError, TypeError, AttributeError)


class _Ancestors:
    """Whether any ancestor of a page carries view restrictions; each ancestor is asked once per run."""

    def __init__(self, client: ConfluenceClient) -> None:
        self._client = client
        self._restricted: dict[str, bool] = {}

    def restricted(self, ancestor_ids: Sequence[str]) -> bool:
        """Raises SourceError when an ancestor cannot be read (the caller must not guess)."""
        for ancestor in ancestor_ids:
            if ancestor not in self._restricted:
                content = self._client.get(f"content/{quote(ancestor)}", {"expand": RESTRICTIONS_EXPAND})
                self._restricted[ancestor] = read_restricted(content)
            if self._restricted[ancestor]:
                return True
        return False


class ConfluenceSource:
    """An ``IncrementalSource`` over Confluence REST v1; see the module docstring."""

    def __init__(
        self,
        name: str,
        client: ConfluenceClient,
        *,
        spaces: Sequence[str],
        labels_include: Sequence[str] = (),
        labels_exclude: Sequence[str] = (),
        include_restricted: bool = False,
        page_size: int = 50,
        overlap: timedelta = timedelta(hours=3),
    ) -> None:
        self.name = name
        self._client = client
        self._spaces = tuple(spaces)
        self._include = tuple(labels_include)
        self._exclude = tuple(labels_exclude)
        self._include_restricted = include_restricted
        self._page_size = page_size
        self._overlap = overlap

    def scan(self) -> Iterator[SourceItem]:
        yield from self._listing(Cursor())

    def changes(self, cursor: str) -> Iterator[SourceItem]:
        yield from self._listing(Cursor.decode(cursor))

    def live_ids(self) -> Iterator[str]:
        ancestors = _Ancestors(self._client)
        for space in self._spaces:
            start = 0
            while True:
                params: dict[str, str | int] = {"start": start, "limit": self._page_size, "expand": LIST_EXPAND}
                response = self._client.get(f"space/{quote(space)}/content/page", params)
                results = response.get("results") or []
                for page in results:
                    try:
                        facts = page_facts(page)
                    except _MALFORMED as error:
                        raise SourceError(f"{self.name}: a page in space {space} cannot be read") from error
                    if self._reason(facts, ancestors) is None:
                        yield facts.id
                if len(results) < self._page_size or next_params(response) is None:
                    break
                start += len(results)

    def _listing(self, cursor: Cursor) -> Iterator[SourceItem]:
        ancestors = _Ancestors(self._client)
        params: dict[str, str | int] = {
            "cql": cql(self._spaces, cursor.since, self._overlap),
            "limit": self._page_size,
            "expand": PAGE_EXPAND,
        }
        while True:
            try:
                response = self._client.get("content/search", params)
            except SourceError as error:
                yield SyncFailure(self.name, "content/search", str(error), whole_source=True)
                return
            base = (response.get("_links") or {}).get("base") or self._client.base_url
            results = response.get("results") or []
            handled: list[PageFacts] = []
            for page in results:
                item, facts = self._page_item(page, cursor, ancestors, str(base))
                if item is not None:
                    yield item
                if facts is not None and not isinstance(item, SyncFailure):
                    handled.append(facts)  # a failed page is not "seen": a later run may read it again
            cursor = cursor.advanced(handled, self._overlap)
            yield Checkpoint(cursor.encode())
            following = next_params(response)
            if not following or not results:
                return
            params = {**following, "expand": PAGE_EXPAND}

    def _page_item(
        self, page: JSON, cursor: Cursor, ancestors: _Ancestors, base: str
    ) -> tuple[SourceItem | None, PageFacts | None]:
        """What one search result becomes (nothing when already seen), and its facts for the cursor."""
        try:
            facts = page_facts(page)
        except _MALFORMED:
            return SyncFailure(self.name, f"page {page.get('id', '?')}", "malformed content object"), None
        if cursor.has_seen(facts):
            return None, facts
        return self._page_article(page, facts, ancestors, base), facts

    def _page_article(self, page: JSON, facts: PageFacts, ancestors: _Ancestors, base: str) -> SourceItem:
        try:
            reason = self._reason(facts, ancestors)
        except SourceError as error:
            return SyncFailure(self.name, f"page {facts.id}", f"ancestors unreadable: {error}", facts.id)
        if reason is not None:
            log.debug("confluence page skipped source=%s page=%s reason=%s", self.name, facts.id, reason)
            return Deleted(self.name, facts.id)
        try:
            article = page_to_article(self.name, page, base_url=base, facts=facts)
        except _MALFORMED:
            return SyncFailure(self.name, f"page {facts.id}", "body cannot be converted", facts.id)
        return article if article.body.strip() else Deleted(self.name, facts.id)  # empty: nothing to cite

    def _reason(self, facts: PageFacts, ancestors: _Ancestors) -> str | None:
        reason = skip_reason(
            facts,
            include_restricted=self._include_restricted,
            labels_include=self._include,
            labels_exclude=self._exclude,
        )
        if reason is None and not self._include_restricted and ancestors.restricted(facts.ancestor_ids):
            return "inherits view restrictions"
        return reason


def build_confluence(settings: ConfluenceSourceSettings, secrets: Mapping[str, str]) -> ConfluenceSource:
    """The source for a config entry; ConfigError when its token is not in the environment."""
    location = f"knowledge.sources.{settings.name}.token_env"
    token = required_secret(secrets, settings.token_env, what="the Confluence API token", location=location)
    client = ConfluenceClient(
        settings.url,
        username=settings.username,
        token=token,
        cloud=settings.cloud,
        **http_options(settings),
        bucket=TokenBucket(settings.requests_per_minute),
    )
    return ConfluenceSource(
        settings.name,
        client,
        spaces=settings.spaces,
        labels_include=settings.labels_include,
        labels_exclude=settings.labels_exclude,
        include_restricted=settings.include_restricted,
        page_size=settings.page_size,
        overlap=timedelta(minutes=settings.overlap_minutes),
    )
