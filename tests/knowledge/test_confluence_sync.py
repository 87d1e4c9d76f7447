"""The Confluence source synced into the real embedded index, against the stateful fake Confluence."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from carelayer.errors import ConfigError
from carelayer.settings import Settings, load_settings
from knowledge.embeddings import Embedder
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import SyncReport, sync_source
from tests.knowledge.fake_confluence import TOKEN, USERNAME, FakeConfluence, search_count, serve

STAFF_ONLY = "<p>Staff only: the escalation phone line is 555-0199 for zebra protocol.</p>"


@pytest.fixture
def fake() -> FakeConfluence:
    fake = FakeConfluence()
    fake.add_page("PS", "Billing FAQ", "<h2>Paying</h2><p>Pay your bill in the patient portal or by phone.</p>")
    fake.add_page("PS", "Parking", "<p>Park in garage B, level 2, and validate the ticket at the front desk.</p>")
    fake.add_page(
        "PS", "Old flu clinic", "<p>The autumn flu clinic runs on saturdays in the atrium.</p>", status="archived"
    )
    fake.add_page("PS", "Escalations", STAFF_ONLY, restricted=True)
    parent = fake.add_page("PS", "Team space", "<p>Team notes about rotas and lunch.</p>", restricted=True)
    fake.add_page("PS", "Team child", "<p>Child page: the quartz override code is 8812.</p>", parent=parent)
    fake.add_page("PS", "Draft macro", "<p>Internal triage cheatsheet with walrus steps.</p>", labels=("internal",))
    fake.add_page("HR", "Payroll", "<p>Payroll closes on the 25th for employees.</p>")
    return fake


@pytest.fixture
def fake_url(fake: FakeConfluence) -> Iterator[str]:
    with serve(fake.app) as url:
        yield url


@pytest.fixture
def settings(write_config: Callable[..., Path], fake_url: str) -> Settings:
    source: dict[str, Any] = {
        "name": "wiki",
        "type": "confluence",
        "url": fake_url,
        "spaces": ["PS"],
        "username": USERNAME,
        "labels_exclude": ["internal"],
        "requests_per_minute": 100_000,
        "page_size": 2,
        "max_retries": 1,
        "max_retry_wait_seconds": 0.01,
    }
    config = write_config({"knowledge": {"sources": [source]}})
    return load_settings(config, environ={"CONFLUENCE_API_TOKEN": TOKEN})


def _sync(settings: Settings, embedder: Embedder, **kwargs: Any) -> SyncReport:
    index = open_index(settings, embedder=embedder)
    try:
        index.prepare()
        return sync_source(build_source(settings.knowledge.sources[0], settings.secrets), index, **kwargs)
    finally:
        index.close()


def _titles(settings: Settings, embedder: Embedder, query: str) -> list[str]:
    index = open_index(settings, embedder=embedder)
    try:
        return [hit.chunk.title for hit in index.search(query, k=10)]
    finally:
        index.close()


def _passages(settings: Settings, embedder: Embedder) -> dict[str, str]:
    """Chunk id -> passage text of everything the catalog holds."""
    index = open_index(settings, embedder=embedder)
    try:
        return {row[0]: row[4] for row in index.catalog.iter_index_rows()}
    finally:
        index.close()


def _indexed(settings: Settings, embedder: Embedder) -> set[str]:
    index = open_index(settings, embedder=embedder)
    try:
        return {row[2] for row in index.catalog.iter_index_rows()}
    finally:
        index.close()


def test_only_current_unrestricted_pages_of_the_spaces_are_indexed(settings: Settings, embedder: Embedder) -> None:
    report = _sync(settings, embedder)
    assert (report.added, report.failed) == (2, 0)
    assert _indexed(settings, embedder) == {"Billing FAQ", "Parking"}
    assert "Old flu clinic" not in _titles(settings, embedder, "autumn flu clinic saturdays atrium")
    assert not {"Escalations", "Team child"} & set(
        _titles(settings, embedder, "escalation phone zebra quartz override")
    )


def test_citations_carry_the_page_link_and_its_version_date(
    settings: Settings, embedder: Embedder, fake: FakeConfluence, fake_url: str
) -> None:
    _sync(settings, embedder)
    index = open_index(settings, embedder=embedder)
    try:
        [hit, *_] = index.search("garage B level 2 parking", k=1)
    finally:
        index.close()
    citation = hit.citation()
    page = next(p for p in fake.pages.values() if p.title == "Parking")
    assert citation.url == f"{fake_url}/wiki/spaces/PS/pages/{page.id}/Parking"
    assert citation.updated_at == page.when
    assert citation.to_dict()["updated_at"] == page.when.isoformat()


def test_edited_page_loses_its_old_text_and_the_next_sync_is_incremental(
    settings: Settings, embedder: Embedder, fake: FakeConfluence
) -> None:
    _sync(settings, embedder)
    page = next(p for p in fake.pages.values() if p.title == "Parking")
    fake.edit(page.id, body="<p>Parking moved to the new Elm Street lot behind the pharmacy.</p>")
    fake.requests.clear()
    report = _sync(settings, embedder)
    assert report.incremental and (report.updated, report.added) == (1, 0)
    assert all("lastmodified >=" in args["cql"] for path, args in fake.requests if path.endswith("/search"))
    assert not any("garage" in text for text in _passages(settings, embedder).values())
    assert _titles(settings, embedder, "Elm Street lot behind the pharmacy")[0] == "Parking"


def test_pages_seen_at_the_same_version_are_not_delivered_again(
    settings: Settings, embedder: Embedder, fake: FakeConfluence
) -> None:
    _sync(settings, embedder)
    again = _sync(settings, embedder)  # everything is inside the overlap window: listed, then skipped
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 0, 0)


def test_archived_or_restricted_later_leaves_the_index_on_the_next_sync(
    settings: Settings, embedder: Embedder, fake: FakeConfluence
) -> None:
    _sync(settings, embedder)
    billing = next(p for p in fake.pages.values() if p.title == "Billing FAQ")
    parking = next(p for p in fake.pages.values() if p.title == "Parking")
    fake.edit(billing.id, status="archived")
    fake.edit(parking.id, restricted=True)
    report = _sync(settings, embedder)
    assert report.removed == 2
    assert _indexed(settings, embedder) == set()


def test_page_deleted_upstream_disappears_after_a_sync_with_prune(
    settings: Settings, embedder: Embedder, fake: FakeConfluence
) -> None:
    _sync(settings, embedder)
    parking = next(p for p in fake.pages.values() if p.title == "Parking")
    fake.trash(parking.id)
    assert _sync(settings, embedder).removed == 0  # a trashed page is in no change listing
    assert "Parking" in _indexed(settings, embedder)
    report = _sync(settings, embedder, prune=True)
    assert report.pruned and report.removed == 1
    assert "Parking" not in _titles(settings, embedder, "garage B level 2 validate ticket")
    assert not any("garage" in text for text in _passages(settings, embedder).values())


def test_prune_finds_pages_restricted_through_a_parent_without_an_edit(
    settings: Settings, embedder: Embedder, fake: FakeConfluence
) -> None:
    fake.pages[next(p.id for p in fake.pages.values() if p.title == "Team space")].restricted = False
    _sync(settings, embedder)
    assert "Team child" in _indexed(settings, embedder)
    fake.pages[next(p.id for p in fake.pages.values() if p.title == "Team space")].restricted = True
    assert _sync(settings, embedder, prune=True).removed >= 1
    assert "Team child" not in _indexed(settings, embedder)


def test_interrupted_sync_resumes_from_its_cursor(settings: Settings, embedder: Embedder, fake: FakeConfluence) -> None:
    for n in range(6):
        fake.add_page("PS", f"Clinic hours {n}", f"<p>Site {n} opens at {7 + n} in the morning on weekdays.</p>")
    fake.fail_after(3)  # 2 pages per search: the server goes down after 6 of the 13 pages
    first = _sync(settings, embedder)
    assert any(f.whole_source for f in first.failures) and first.removed == 0
    indexed_before = _indexed(settings, embedder)
    assert 0 < len(indexed_before) < 8
    fake.fail_after(None)
    fake.requests.clear()
    second = _sync(settings, embedder)
    assert second.incremental and second.failed == 0
    assert "lastmodified >=" in next(args["cql"] for path, args in fake.requests if path.endswith("/search"))
    assert _indexed(settings, embedder) == {"Billing FAQ", "Parking"} | {f"Clinic hours {n}" for n in range(6)}
    assert second.added == 8 - len(indexed_before)


def test_a_failed_listing_never_prunes(settings: Settings, embedder: Embedder, fake: FakeConfluence) -> None:
    _sync(settings, embedder)
    fake.fail_next(500, times=5, path_contains="/space/")
    report = _sync(settings, embedder, prune=True)
    assert not report.pruned and report.removed == 0
    assert any(f.whole_source for f in report.failures)
    assert _indexed(settings, embedder) == {"Billing FAQ", "Parking"}


def test_wrong_token_is_reported_for_the_whole_source(
    write_config: Callable[..., Path], fake_url: str, embedder: Embedder, fake: FakeConfluence
) -> None:
    source = {"name": "wiki", "type": "confluence", "url": fake_url, "spaces": ["PS"], "username": USERNAME}
    settings = load_settings(write_config({"knowledge": {"sources": [source]}}), environ={"CONFLUENCE_API_TOKEN": "x"})
    report = _sync(settings, embedder)
    assert not report.synced_anything
    assert "HTTP 401" in str(report.failures[0]) and "x" not in str(report.failures[0]).split("HTTP 401")[1]
    assert search_count(fake) == 1  # 401 is never retried


def test_missing_token_names_the_environment_variable(write_config: Callable[..., Path], fake_url: str) -> None:
    source = {"name": "wiki", "type": "confluence", "url": fake_url, "spaces": ["PS"], "token_env": "WIKI_TOKEN"}
    settings = load_settings(write_config({"knowledge": {"sources": [source]}}), environ={})
    with pytest.raises(ConfigError, match="WIKI_TOKEN"):
        build_source(settings.knowledge.sources[0], settings.secrets)


def test_a_page_that_failed_is_read_again_by_the_next_sync(
    settings: Settings, embedder: Embedder, fake: FakeConfluence
) -> None:
    parent = fake.add_page("PS", "Front desk", "<p>Front desk overview.</p>")
    fake.add_page("PS", "Front desk hours", "<p>The front desk opens at 7 on weekdays.</p>", parent=parent)
    fake.fail_next(503, times=2, path_contains=f"/content/{parent}")  # its ancestor cannot be checked
    first = _sync(settings, embedder)
    assert [f.location for f in first.failures] == [f"page {int(parent) + 1}"]
    assert "Front desk hours" not in _indexed(settings, embedder)
    second = _sync(settings, embedder)
    assert second.incremental and second.failed == 0
    assert "Front desk hours" in _indexed(settings, embedder)
