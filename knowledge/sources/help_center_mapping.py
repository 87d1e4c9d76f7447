"""Zendesk Help Center article JSON -> ``Article`` / ``Deleted`` / ``SyncFailure``. Pure: no I/O, no clock.

What is indexed: a published article (``draft`` false) in a configured locale, visible to everyone
(``user_segment_id`` null and ``user_segment_ids`` empty) unless restricted ones are allowed, passing the
label filters. Anything else yields ``Deleted``: an article that became a draft, was restricted or lost
its label must leave the index, whatever it looked like when it was indexed.

Article object: https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/
Incremental export (``end_time``, ``next_page``): https://developer.zendesk.com/documentation/help_center/help-center-api/understanding-incremental-article-exports/
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from carelayer.errors import SourceError
from carelayer.jsonvalues import parse_time
from carelayer.types import Article, SyncFailure
from knowledge.sources.base import Deleted
from knowledge.text import html_to_document

JSON = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles a source may index (locales and labels compared case-insensitively)."""

    locales: frozenset[str] = frozenset()  # empty: every locale
    labels_include: frozenset[str] = frozenset()  # non-empty: at least one of these labels
    labels_exclude: frozenset[str] = frozenset()
    include_restricted: bool = False

    @classmethod
    def of(
        cls,
        *,
        locales: Iterable[str] = (),
        labels_include: Iterable[str] = (),
        labels_exclude: Iterable[str] = (),
        include_restricted: bool = False,
    ) -> ArticleFilter:
        def folded(values: Iterable[str]) -> frozenset[str]:
            return frozenset(v.strip().casefold() for v in values if v.strip())

        return cls(folded(locales), folded(labels_include), folded(labels_exclude), include_restricted)


@dataclass(frozen=True, slots=True)
class ExportPage:
    """One page of the incremental article export and where the next one starts (None: it was the last)."""

    articles: list[JSON]
    end_time: int | None
    has_next: bool


def article_id(raw: JSON) -> str | None:
    """The article's id as a string; None when missing or not a positive integer."""
    value = raw.get("id")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return str(value)


def exclusion(raw: JSON, wanted: ArticleFilter) -> str | None:
    """Why this article must not be indexed ("draft", "restricted", "locale", "label"), or None."""
    if raw.get("draft") is not False:  # a missing flag is not proof of publication
        return "draft"
    if not wanted.include_restricted and _restricted(raw):
        return "restricted"
    locale = raw.get("locale")
    if wanted.locales and (not isinstance(locale, str) or locale.casefold() not in wanted.locales):
        return "locale"
    labels = {label.casefold() for label in _labels(raw)}
    if wanted.labels_include and not labels & wanted.labels_include:
        return "label"
    if labels & wanted.labels_exclude:
        return "label"
    return None


def article_items(raw: JSON, *, source: str, wanted: ArticleFilter) -> list[Article | Deleted | SyncFailure]:
    """The index items for one exported article: ``[Article]``; ``[Deleted]`` when excluded; a SyncFailure
    (plus ``Deleted``, so an article emptied upstream leaves the index) when it has no text or no id."""
    found = article_id(raw)
    if found is None:
        return [SyncFailure(source, "incremental article export", "an article without an id was skipped")]
    if exclusion(raw, wanted) is not None:
        return [Deleted(source, found)]
    body = raw.get("body")
    text = html_to_document(body).text if isinstance(body, str) and body.strip() else ""
    title = raw.get("title")
    title_text = title.strip() if isinstance(title, str) else ""
    if not text:
        return [
            SyncFailure(source, f"article {found}", "the article has no text; it is not indexed"),
            Deleted(source, found),
        ]
    url = raw.get("html_url")
    article = Article(
        source=source,
        id=found,
        title=title_text or f"Article {found}",
        body=text,
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        updated_at=parse_time(raw.get("edited_at")) or parse_time(raw.get("updated_at")),
        labels=tuple(_labels(raw)),
    )
    return [article]


def export_page(payload: JSON) -> ExportPage:
    """The articles, ``end_time`` and whether a ``next_page`` follows; SourceError without an articles list."""
    articles = payload.get("articles")
    if not isinstance(articles, list):
        raise SourceError("Zendesk Help Center answered the incremental article export without an 'articles' list")
    end_time = payload.get("end_time")
    next_page = payload.get("next_page")
    return ExportPage(
        [a for a in articles if isinstance(a, Mapping)],
        end_time if isinstance(end_time, int) and not isinstance(end_time, bool) else None,
        isinstance(next_page, str) and bool(next_page.strip()),
    )


def latest_update(articles: Iterable[JSON]) -> int | None:
    """The latest ``updated_at`` of ``articles`` in unix seconds (a page's end when Zendesk gives none)."""
    stamps = [parse_time(a.get("updated_at")) for a in articles]
    known = [int(s.timestamp()) for s in stamps if s is not None]
    return max(known) if known else None


def _restricted(raw: JSON) -> bool:
    segment = raw.get("user_segment_id")
    segments = raw.get("user_segment_ids")
    return segment is not None or (isinstance(segments, list) and len(segments) > 0)


def _labels(raw: JSON) -> list[str]:
    labels = raw.get("label_names")
    if not isinstance(labels, list):
        return []
    return [label.strip() for label in labels if isinstance(label, str) and label.strip()]
