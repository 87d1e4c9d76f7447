"""Help Center article JSON -> index items: what is published and public is indexed, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from carelayer.errors import SourceError
from carelayer.types import Article, SyncFailure
from knowledge.sources import Deleted
from knowledge.sources.help_center_mapping import ArticleFilter, article_items, export_page

WANTED = ArticleFilter.of(locales=("en-US",))


def _raw(**changes: Any) -> dict[str, Any]:
    article: dict[str, Any] = {
        "id": 360001,
        "title": "Prescription refills",
        "body": "<h2>How</h2><p>Request refills in the portal.</p><script>track()</script>",
        "html_url": "https://clinic.zendesk.com/hc/en-us/articles/360001",
        "locale": "en-us",
        "draft": False,
        "user_segment_id": None,
        "user_segment_ids": [],
        "label_names": ["refills", "pharmacy"],
        "updated_at": "2026-03-02T10:00:00Z",
        "edited_at": "2026-03-01T09:00:00Z",
    }
    return {**article, **changes}


def test_a_published_public_article_becomes_clean_text_with_its_edit_date() -> None:
    [article] = article_items(_raw(), source="hc", wanted=WANTED)
    assert isinstance(article, Article)
    assert article.id == "360001" and article.title == "Prescription refills"
    assert article.body == "## How\n\nRequest refills in the portal."
    assert article.updated_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # edited_at: when its text changed
    assert article.labels == ("refills", "pharmacy")
    assert article.url == "https://clinic.zendesk.com/hc/en-us/articles/360001"


@pytest.mark.parametrize(
    ("changes", "wanted"),
    [
        ({"draft": True}, WANTED),
        ({"draft": None}, WANTED),  # no flag is no proof of publication
        ({"user_segment_id": 12, "user_segment_ids": [12]}, WANTED),
        ({"user_segment_ids": [12, 13]}, WANTED),  # Enterprise: several segments, user_segment_id null
        ({"locale": "es"}, WANTED),
        ({}, ArticleFilter.of(labels_include=("billing",))),
        ({}, ArticleFilter.of(labels_exclude=("PHARMACY",))),
    ],
)
def test_drafts_restricted_other_locales_and_filtered_labels_yield_deleted(
    changes: dict[str, Any], wanted: ArticleFilter
) -> None:
    assert article_items(_raw(**changes), source="hc", wanted=wanted) == [Deleted("hc", "360001")]


def test_restricted_articles_are_indexed_only_when_allowed() -> None:
    allowed = ArticleFilter.of(include_restricted=True)
    [article] = article_items(_raw(user_segment_id=12), source="hc", wanted=allowed)
    assert isinstance(article, Article)


def test_an_article_without_text_is_reported_and_removed() -> None:
    failure, deleted = article_items(_raw(body="<p> </p>"), source="hc", wanted=WANTED)
    assert isinstance(failure, SyncFailure) and "no text" in failure.reason
    assert deleted == Deleted("hc", "360001")
    [bad] = article_items(_raw(id="x"), source="hc", wanted=WANTED)
    assert isinstance(bad, SyncFailure)


def test_export_page_reads_end_time_and_next_page() -> None:
    page = export_page({"articles": [_raw()], "next_page": "https://x/...?start_time=5", "end_time": 5, "count": 1})
    assert (len(page.articles), page.end_time, page.has_next) == (1, 5, True)
    last = export_page({"articles": [], "next_page": None, "end_time": None})
    assert (last.end_time, last.has_next) == (None, False)
    with pytest.raises(SourceError, match="articles"):
        export_page({"error": "nope"})
