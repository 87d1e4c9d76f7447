"""Stale citations: per-source maximum ages, unknown dates, and the reason text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carelayer.settings import KnowledgeSettings
from carelayer.types import Citation
from knowledge.freshness import max_ages, stale_citations, stale_reason

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _cite(source: str, article_id: str, days_old: float | None) -> Citation:
    when = None if days_old is None else NOW - timedelta(days=days_old)
    return Citation(source, article_id, f"Article {article_id}", updated_at=when)


def test_one_age_for_all_sources() -> None:
    cites = [_cite("kb", "old", 400), _cite("kb", "new", 10), _cite("kb", "undated", None)]
    assert [c.id for c in stale_citations(cites, NOW, timedelta(days=365))] == ["old"]
    assert stale_citations(cites, NOW, None) == []


def test_per_source_ages_from_settings() -> None:
    knowledge = KnowledgeSettings.model_validate(
        {
            "max_age_days": 365,
            "sources": [
                {"name": "kb", "type": "files", "path": "kb"},
                {
                    "name": "wiki",
                    "type": "confluence",
                    "url": "https://x.atlassian.net",
                    "spaces": ["PS"],
                    "max_age_days": 30,
                },
            ],
        }
    )
    ages = max_ages(knowledge)
    assert ages == {"kb": timedelta(days=365), "wiki": timedelta(days=30)}
    cites = [_cite("kb", "a", 100), _cite("wiki", "b", 100), _cite("other", "c", 5000)]
    assert [c.id for c in stale_citations(cites, NOW, ages)] == ["b"]


def test_citation_json_keeps_its_keys_and_adds_the_date() -> None:
    cite = _cite("wiki", "42", 3)
    assert cite.to_dict() == {
        "source": "wiki",
        "id": "42",
        "title": "Article 42",
        "url": None,
        "updated_at": "2026-11-25T12:00:00+00:00",
    }
    assert Citation("kb", "1", "T").to_dict()["updated_at"] is None
    assert stale_reason(_cite("wiki", "42", 400), NOW) == (
        "stale source: wiki:42 'Article 42', last updated 2025-10-24 (400 days ago)"
    )
