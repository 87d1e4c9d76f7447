"""Every request the Confluence source makes, checked by Stoplight Prism against Atlassian's OFFICIAL
Confluence Cloud REST v1 definition (../shared/specs); any violation fails the test.

Prism answers with the definition's minimal examples (empty result lists), so the source is run
against it directly, and the requests of a full sync against the stateful fake (pagination cursors,
ancestor look-ups, id listings) are replayed to it as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import pytest
import requests

from knowledge.sources import Checkpoint
from knowledge.sources.confluence import ConfluenceSource
from knowledge.sources.confluence_client import ConfluenceClient, TokenBucket
from knowledge.sources.confluence_mapping import Cursor
from tests.knowledge.fake_confluence import TOKEN, USERNAME, FakeConfluence, serve
from tests.prism import PrismServer, checked, prepare_spec, run_prism

SPEC = "../shared/specs/confluence-cloud-v1.swagger.v3.2021-11-23.json"
USED_PATHS = {
    "/wiki/rest/api/content/search",
    "/wiki/rest/api/content/{id}",
    "/wiki/rest/api/space/{spaceKey}/content/{type}",
}


def _probe(base_url: str) -> None:
    try:
        requests.get(f"{base_url}/wiki/rest/api/space/PS/content/page", auth=("probe", "x"), timeout=10)
    except requests.Timeout as error:  # Prism still loading the large definition: the waiter tries again
        raise requests.ConnectionError(str(error)) from error


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    work = tmp_path_factory.mktemp("confluence-prism")
    spec = _only_used_paths(prepare_spec(work / "confluence.json", [SPEC, "--min-examples"]))
    with run_prism(spec, work, _probe, vendor="Confluence") as server:
        yield server


def _only_used_paths(spec: Path) -> Path:
    """The definition cut to the operations the source calls, unchanged: Prism starts in a fraction of
    the time on a loaded machine, and a request to any other path fails as an unknown route anyway."""
    document = json.loads(spec.read_text(encoding="utf-8"))
    document["paths"] = {path: item for path, item in document["paths"].items() if path in USED_PATHS}
    assert set(document["paths"]) == USED_PATHS
    spec.write_text(json.dumps(document), encoding="utf-8")
    return spec


@pytest.fixture
def prism_checked(prism: PrismServer) -> Iterator[PrismServer]:
    with checked(prism, vendor="Confluence") as server:
        yield server


def _source(url: str, **options: object) -> ConfluenceSource:
    client = ConfluenceClient(
        url, username=USERNAME, token=TOKEN, cloud=True, max_retries=0, bucket=TokenBucket(100_000)
    )
    return ConfluenceSource("wiki", client, spaces=("PS", "HR"), page_size=2, **options)  # type: ignore[arg-type]


def test_scan_changes_and_live_ids_follow_the_definition(prism_checked: PrismServer) -> None:
    source = _source(prism_checked.base_url, labels_include=("faq",))
    assert list(islice(source.scan(), 20))
    since = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
    assert list(islice(source.changes(Cursor(since, {}).encode()), 20))
    list(islice(source.live_ids(), 20))


def test_requests_of_a_whole_sync_follow_the_definition(prism_checked: PrismServer, tmp_path: Path) -> None:
    fake = FakeConfluence()
    parent = fake.add_page("PS", "Team space", "<p>Rotas.</p>", restricted=True)
    fake.add_page("PS", "Team child", "<p>Child.</p>", parent=parent)
    for n in range(5):
        fake.add_page("PS", f"Page {n}", f"<p>Text {n}.</p>", labels=("faq",))
    with serve(fake.app) as url:
        source = _source(url)
        items = list(source.scan())
        cursor = next(item for item in reversed(items) if isinstance(item, Checkpoint))
        list(source.changes(cursor.cursor))
        list(source.live_ids())
    paths = {path.split("/rest/api/")[1].split("/")[0] for path, _ in fake.requests}
    assert paths == {"content", "space"}
    assert any("cursor" in args for _, args in fake.requests)  # a paginated search was replayed too
    distinct = {(path, tuple(sorted(args.items()))) for path, args in fake.requests}
    for path, args in sorted(distinct):  # a loaded machine makes Prism slow: generous timeout
        requests.get(prism_checked.base_url + path, params=dict(args), auth=(USERNAME, TOKEN), timeout=60)


def test_prism_catches_a_request_that_breaks_the_definition(prism: PrismServer) -> None:
    with prism.expecting_violation():
        requests.get(
            f"{prism.base_url}/wiki/rest/api/content/search",
            params={"cql": "type = page", "limit": "many"},
            auth=(USERNAME, TOKEN),
            timeout=10,
        )
