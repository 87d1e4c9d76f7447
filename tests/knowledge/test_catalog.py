"""The catalog's list of sources, read on every search, stays right as articles come and go."""

from __future__ import annotations

from pathlib import Path

from carelayer.types import Article, Chunk
from knowledge.catalog import Catalog


def _article(source: str, article_id: str) -> tuple[Article, list[Chunk]]:
    article = Article(source=source, id=article_id, title=article_id, body="text")
    chunk = Chunk(id=f"{source}:{article_id}#0", source=source, article_id=article_id, title="t", text="x", position=0)
    return article, [chunk]


def test_sources_lists_each_source_with_an_article_once_in_order(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.db")
    assert catalog.sources() == []
    catalog.replace_articles([_article(s, f"a{i}") for s in ("zeta", "alpha", "mid") for i in range(3)])
    assert catalog.sources() == ["alpha", "mid", "zeta"]
    catalog.remove_articles("mid", ["a0", "a1", "a2"])
    assert catalog.sources() == ["alpha", "zeta"]
    catalog.remove_articles("alpha", ["a0"])
    assert catalog.sources() == ["alpha", "zeta"]  # two articles left
    catalog.close()
