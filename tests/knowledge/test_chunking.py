from __future__ import annotations

import re

from carelayer.types import Article
from knowledge.chunking import chunk_article, header_text, indexable_text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _article(body: str) -> Article:
    return Article("kb", "a1", "Billing", body, url="https://x.example/a1")


def test_sections_become_passages_with_their_heading() -> None:
    body = (
        "## Payment plans\n\n"
        + "Plans run up to twelve months. " * 12
        + "\n\n## Assistance\n\n"
        + "Apply online. " * 30
    )
    chunks = chunk_article(_article(body), max_chars=600, min_chars=100)
    assert [c.heading for c in chunks] == ["Payment plans", "Assistance"]
    assert all(c.article_id == "a1" and c.source == "kb" and c.url for c in chunks)
    assert [c.position for c in chunks] == [0, 1]
    assert chunks[0].id == "kb:a1#0"


def test_every_word_appears_once_and_passages_respect_the_limit() -> None:
    paragraphs = [f"Paragraph {i} " + "word " * (i * 40) + "end." for i in range(1, 8)]
    body = "\n\n".join(paragraphs) + "\n\n## Later\n\n" + "A very long sentence without an end " * 80
    chunks = chunk_article(_article(body), max_chars=500)
    assert all(len(c.text) <= 500 for c in chunks)
    assert _words(" ".join(c.text for c in chunks)) == [w for w in _words(body) if w != "Later"]


def test_tiny_sections_join_the_next_so_no_heading_stands_alone() -> None:
    body = "## Hours\n\nOpen 8-5.\n\n## Weekends\n\nSaturday 9-1.\n\n## Holidays\n\n" + "Closed on holidays. " * 30
    chunks = chunk_article(_article(body), max_chars=2000, min_chars=300)
    assert len(chunks) == 1
    assert chunks[0].heading == "Hours / Weekends / Holidays"


def test_indexable_and_header_text_carry_title_and_heading() -> None:
    [chunk] = chunk_article(_article("## Plans\n\nTwelve months."))
    assert header_text(chunk) == "Billing\nPlans"
    assert indexable_text(chunk) == "Billing\nPlans\nTwelve months."


def test_empty_body_gives_no_passages() -> None:
    assert chunk_article(_article("  \n\n ")) == []
