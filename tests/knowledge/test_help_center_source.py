"""The Zendesk Help Center source against the stateful fake Zendesk (over HTTP) and the real embedded index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from carelayer.errors import ConfigError, SourceError
from carelayer.settings import HelpCenterSourceSettings, Settings, load_settings
from carelayer.types import Article, SyncFailure
from knowledge.embeddings import Embedder
from knowledge.index import KnowledgeIndex, Method, open_index
from knowledge.sources import Checkpoint, Deleted, SourceItem, build_source
from knowledge.sources.help_center import EXPORT_PATH, HelpCenterSource
from knowledge.sync import SyncReport, sync_source
from tests.connectors.zendesk.fake_help_center import add_article, delete_article, edit_article
from tests.connectors.zendesk.fake_zendesk import EMAIL, TOKEN, FakeZendesk, serve

PARKING = "<h2>Parking</h2><p>Park in garage B, level 2. The zebrafish mural marks the entrance.</p>"


@pytest.fixture
def fake() -> FakeZendesk:
    return FakeZendesk()


@pytest.fixture
def base_url(fake: FakeZendesk) -> Iterator[str]:
    with serve(fake.app) as url:
        yield url


@pytest.fixture
def settings(base_url: str, write_config: Callable[..., Path]) -> Settings:
    source = {"name": "hc", "type": "zendesk_help_center", "url": base_url, "email": EMAIL, "max_retries": 2}
    config = write_config({"knowledge": {"sources": [source]}})
    return load_settings(config, environ={"ZENDESK_API_TOKEN": TOKEN})


def _entry(settings: Settings, **changes: Any) -> HelpCenterSourceSettings:
    entry = settings.knowledge.sources[0]
    assert isinstance(entry, HelpCenterSourceSettings)
    return entry.model_copy(update=changes)


def _source(settings: Settings, fake: FakeZendesk, **changes: Any) -> HelpCenterSource:
    """The source with the fake's clock: budget and Retry-After waits move it instead of real time."""
    return HelpCenterSource.from_settings(
        _entry(settings, **changes), settings.secrets, clock=fake.clock, sleep=fake.clock.sleep
    )


def _sync(settings: Settings, embedder: Embedder, source: HelpCenterSource, **kwargs: Any) -> SyncReport:
    index = open_index(settings, embedder=embedder)
    try:
        index.prepare()
        return sync_source(source, index, **kwargs)
    finally:
        index.close()


def _indexed(settings: Settings, embedder: Embedder) -> tuple[set[str], str]:
    """The article ids in the catalog and every indexed passage's text, joined."""
    index = open_index(settings, embedder=embedder)
    try:
        ids = set(index.catalog.article_hashes("hc"))
        text = "\n".join(row[4] for row in index.catalog.iter_index_rows())
        return ids, text
    finally:
        index.close()


def _lexical_ids(settings: Settings, embedder: Embedder, query: str) -> set[str]:
    index: KnowledgeIndex = open_index(settings, embedder=embedder)
    try:
        return {hit.article_id for hit in index.search(query, k=10, method=Method.LEXICAL)}
    finally:
        index.close()


def test_build_source_makes_a_help_center_source_and_names_a_missing_token(settings: Settings) -> None:
    entry = _entry(settings)
    assert isinstance(build_source(entry, settings.secrets), HelpCenterSource)
    with pytest.raises(ConfigError, match="ZENDESK_API_TOKEN") as caught:
        build_source(entry, {})
    assert "knowledge.sources.hc" in str(caught.value)


def test_drafts_restricted_and_filtered_articles_are_not_indexed(
    settings: Settings, fake: FakeZendesk, embedder: Embedder
) -> None:
    public = add_article(fake, "Parking", PARKING, labels=("visitors",))
    draft = add_article(fake, "Refills (draft)", "<p>The quokka refill rule is not approved yet.</p>", draft=True)
    staff = add_article(fake, "Staff rota", "<p>Narwhal shift swaps for staff only.</p>", user_segment_id=77)
    spanish = add_article(fake, "Estacionamiento", "<p>Garaje B, axolotl.</p>", locale="es")
    internal = add_article(fake, "Old FAQ", "<p>Pangolin archive.</p>", labels=("internal",))

    report = _sync(settings, embedder, _source(settings, fake, labels_exclude=("Internal",)))

    ids, text = _indexed(settings, embedder)
    assert ids == {str(public)}
    assert report.added == 1
    for word in ("quokka", "narwhal", "axolotl", "pangolin"):
        assert word not in text.lower()
    assert str(public) in _lexical_ids(settings, embedder, "zebrafish mural")
    assert {str(draft), str(staff), str(spanish), str(internal)}.isdisjoint(_lexical_ids(settings, embedder, "quokka"))


def test_article_becoming_draft_or_restricted_leaves_the_index_on_the_next_sync(
    settings: Settings, fake: FakeZendesk, embedder: Embedder
) -> None:
    parking = add_article(fake, "Parking", PARKING)
    refills = add_article(fake, "Refills", "<p>Refills take three business days; the ocelot form helps.</p>")
    _sync(settings, embedder, _source(settings, fake))
    assert _indexed(settings, embedder)[0] == {str(parking), str(refills)}

    edit_article(fake, parking, draft=True)
    edit_article(fake, refills, user_segment_id=12)
    report = _sync(settings, embedder, _source(settings, fake))

    assert report.incremental and report.removed == 2
    ids, text = _indexed(settings, embedder)
    assert ids == set()
    assert "zebrafish" not in text and "ocelot" not in text


def test_article_deleted_upstream_disappears_from_search_after_the_next_sync(
    settings: Settings, fake: FakeZendesk, embedder: Embedder
) -> None:
    parking = add_article(fake, "Parking", PARKING)
    keep = add_article(fake, "Refills", "<p>Refills take three business days.</p>")
    _sync(settings, embedder, _source(settings, fake))
    assert str(parking) in _lexical_ids(settings, embedder, "zebrafish")

    delete_article(fake, parking)
    report = _sync(settings, embedder, _source(settings, fake), prune=True)

    assert report.pruned and report.removed == 1
    assert str(parking) not in _lexical_ids(settings, embedder, "zebrafish")
    assert _indexed(settings, embedder)[0] == {str(keep)}
    assert any(s.path == "/api/v2/help_center/en-us/articles.json" for s in fake.requests)


def test_edited_article_old_text_no_longer_matches(settings: Settings, fake: FakeZendesk, embedder: Embedder) -> None:
    parking = add_article(fake, "Parking", PARKING)
    _sync(settings, embedder, _source(settings, fake))

    edit_article(fake, parking, body="<p>Park in the new okapi lot on Elm Street.</p>")
    report = _sync(settings, embedder, _source(settings, fake))

    assert (report.incremental, report.updated) == (True, 1)
    assert str(parking) not in _lexical_ids(settings, embedder, "zebrafish")
    assert str(parking) in _lexical_ids(settings, embedder, "okapi")


class _DiesAfterFirstCheckpoint:
    """The real source, but Zendesk goes down for good right after the first page was stored."""

    def __init__(self, source: HelpCenterSource, fake: FakeZendesk) -> None:
        self.name = source.name
        self._source = source
        self._fake = fake

    def scan(self) -> Iterator[SourceItem]:
        for item in self._source.scan():
            yield item
            if isinstance(item, Checkpoint):
                self._fake.fail_next(503, times=50, path_suffix=EXPORT_PATH)


def test_interrupted_sync_resumes_from_its_cursor(settings: Settings, fake: FakeZendesk, embedder: Embedder) -> None:
    fake.max_export_articles = 2
    ids = [add_article(fake, f"Article {n}", f"<p>Topic number {n} lemur{n}.</p>") for n in range(5)]
    with pytest.raises(SourceError, match="503"):
        _sync(settings, embedder, _DiesAfterFirstCheckpoint(_source(settings, fake), fake))  # type: ignore[arg-type]
    index = open_index(settings, embedder=embedder)
    try:
        cursor = index.catalog.state("hc").cursor
    finally:
        index.close()
    second_time = fake.articles[ids[1]]["updated_at"]
    assert cursor == str(int(_unix(second_time)))
    assert _indexed(settings, embedder)[0] == {str(ids[0]), str(ids[1])}

    fake._failures.clear()  # Zendesk is back
    seen = len(fake.requests)
    report = _sync(settings, embedder, _source(settings, fake))

    exports = [s for s in fake.requests[seen:] if s.path == EXPORT_PATH]
    assert exports[0].query == {"start_time": cursor}  # resumed, not started over
    assert report.incremental and report.added == 3
    assert _indexed(settings, embedder)[0] == {str(i) for i in ids}


def test_the_budget_keeps_under_ten_requests_a_minute(settings: Settings, fake: FakeZendesk) -> None:
    fake.max_export_articles = 2  # each page repeats the boundary article: 14 articles take 13 requests
    for n in range(14):
        add_article(fake, f"Article {n}", f"<p>Body {n}.</p>")
    started = fake.clock()

    items = list(_source(settings, fake).scan())

    assert len([i for i in items if isinstance(i, Article)]) == 14
    assert not [s for s in fake.requests if s.status == 429]  # the budget waited before Zendesk had to refuse
    assert fake.export_requests >= 13
    assert fake.clock() - started >= 60.0


def test_429_retry_after_is_honoured_when_the_budget_is_set_too_high(settings: Settings, fake: FakeZendesk) -> None:
    fake.max_export_articles = 2
    for n in range(14):
        add_article(fake, f"Article {n}", f"<p>Body {n}.</p>")

    items = list(_source(settings, fake, requests_per_minute=600).scan())

    assert len([i for i in items if isinstance(i, Article)]) == 14
    refused = [s for s in fake.requests if s.status == 429]
    assert refused, "the fake should have refused the 11th request within a minute"
    assert any(wait >= 1.0 for wait in fake.clock.sleeps)  # the Retry-After wait, on the injected clock


def test_scan_yields_each_article_once_across_page_boundaries(settings: Settings, fake: FakeZendesk) -> None:
    fake.max_export_articles = 2
    made = [add_article(fake, f"Article {n}", f"<p>Body {n}.</p>") for n in range(5)]

    items = list(_source(settings, fake).scan())

    articles = [i.id for i in items if isinstance(i, Article)]
    assert sorted(articles) == sorted(str(i) for i in made)
    assert [i for i in items if isinstance(i, Checkpoint)], "a Checkpoint after each page"
    assert not [i for i in items if isinstance(i, SyncFailure | Deleted)]


def test_an_unreadable_cursor_is_a_clear_source_error(settings: Settings, fake: FakeZendesk) -> None:
    with pytest.raises(SourceError, match="--full"):
        list(_source(settings, fake).changes("not-a-time"))


def _unix(stamp: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(stamp).timestamp()


def test_a_typo_in_the_source_config_names_the_key(write_config: Callable[..., Path]) -> None:
    source = {"name": "hc", "type": "zendesk_help_center", "url": "https://x.zendesk.com", "email": "a@b.c"}
    config = write_config({"knowledge": {"sources": [{**source, "labels_inclde": ["faq"]}]}})
    with pytest.raises(ConfigError, match=r"knowledge\.sources\[0\]\.labels_inclde: unknown key"):
        load_settings(config, environ={})
    config = write_config(
        {"knowledge": {"sources": [{"name": "p", "type": "past_tickets", "helpdesk": "z", "statuses": ["open"]}]}}
    )
    with pytest.raises(ConfigError, match=r"sources\[0\]\.statuses\[0\]: Input should be 'solved' or 'closed'"):
        load_settings(config, environ={})
