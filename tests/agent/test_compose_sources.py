"""The extractive composer's sources line: a cited past ticket says that it is one, with its date."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.compose import ExtractiveComposer
from carelayer.settings import ReplySettings
from carelayer.types import Chunk, SearchHit
from knowledge.embeddings import Embedder


def _hit(title: str, text: str, *, url: str | None = None, updated: datetime | None = None) -> SearchHit:
    chunk = Chunk("c-1", "source", "a-1", title, text, 0, url=url, updated_at=updated)
    return SearchHit(chunk, 1.0)


def test_a_past_ticket_is_cited_as_one_with_its_solved_date(embedder: Embedder) -> None:
    past = _hit(
        "Past ticket: Refill question",
        "Refill requests take up to three business days. You will get a portal message when they are sent.",
        updated=datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
    )
    composition = ExtractiveComposer(ReplySettings(), embedder).compose("How long does a refill take?", [past])

    assert composition is not None
    assert "- Past ticket: Refill question (solved 2026-03-14)" in composition.draft.body


def test_an_article_is_cited_by_its_title_and_link_only(embedder: Embedder) -> None:
    article = _hit(
        "Prescription refills",
        "Refill requests take up to three business days. You will get a portal message when they are sent.",
        url="https://clinic.example/refills",
        updated=datetime(2026, 3, 14, tzinfo=UTC),
    )
    composition = ExtractiveComposer(ReplySettings(), embedder).compose("How long does a refill take?", [article])

    assert composition is not None
    assert "- Prescription refills: https://clinic.example/refills" in composition.draft.body
    assert "solved" not in composition.draft.body
