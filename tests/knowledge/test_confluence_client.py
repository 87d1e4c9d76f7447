"""Confluence HTTP (retries, Retry-After, the request budget) and the pure CQL/cursor mapping."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from knowledge.sources.confluence_client import ConfluenceClient, ConfluenceError, TokenBucket
from knowledge.sources.confluence_mapping import Cursor, PageFacts, cql, skip_reason
from tests.knowledge.fake_confluence import TOKEN, USERNAME, FakeConfluence, serve


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake() -> FakeConfluence:
    fake = FakeConfluence()
    fake.add_page("PS", "Parking", "<p>Garage B.</p>")
    return fake


@pytest.fixture
def client(fake: FakeConfluence) -> Iterator[tuple[ConfluenceClient, Clock]]:
    clock = Clock()
    with serve(fake.app) as url:
        bucket = TokenBucket(100_000, clock=clock, sleep=clock.sleep)
        yield (
            ConfluenceClient(
                url,
                username=USERNAME,
                token=TOKEN,
                cloud=True,
                max_retries=3,
                max_retry_wait=60,
                bucket=bucket,
                sleep=clock.sleep,
                rng=lambda: 0.5,
            ),
            clock,
        )


def test_429_waits_as_long_as_retry_after_says(client: tuple[ConfluenceClient, Clock], fake: FakeConfluence) -> None:
    api, clock = client
    fake.fail_next(429, times=2, headers={"Retry-After": "7"})
    page = api.get("space/PS/content/page", {"limit": 5})
    assert [p["title"] for p in page["results"]] == ["Parking"]
    assert clock.sleeps == [7.0, 7.0]


def test_5xx_backs_off_exponentially_then_gives_up(
    client: tuple[ConfluenceClient, Clock], fake: FakeConfluence
) -> None:
    api, clock = client
    fake.fail_next(503, times=10)
    with pytest.raises(ConfluenceError, match="4 attempts") as raised:
        api.get("space/PS/content/page")
    assert raised.value.status == 503
    assert clock.sleeps == [0.5, 1.0, 2.0]  # full jitter (rng 0.5) under 1, 2, 4 s


def test_client_errors_are_not_retried(client: tuple[ConfluenceClient, Clock], fake: FakeConfluence) -> None:
    api, clock = client
    with pytest.raises(ConfluenceError, match="HTTP 404") as raised:
        api.get("content/999")
    assert raised.value.status == 404 and clock.sleeps == []


def test_token_bucket_spaces_requests_to_the_budget() -> None:
    clock = Clock()
    bucket = TokenBucket(60, burst=2, clock=clock, sleep=clock.sleep)
    waits = [bucket.take() for _ in range(5)]
    assert waits[:2] == [0.0, 0.0]
    assert waits[2:] == pytest.approx([1.0, 1.0, 1.0])
    clock.now += 120  # idle: the burst refills, never beyond its size
    assert [bucket.take() for _ in range(3)] == pytest.approx([0.0, 0.0, 1.0])


def test_cql_quotes_space_keys_and_starts_an_overlap_before_the_cursor() -> None:
    since = datetime(2026, 11, 20, 10, 5, 31, tzinfo=timezone(timedelta(hours=-5)))
    query = cql(["PS", 'we"ird'], since, timedelta(hours=3))
    assert query == (
        'type = page AND space IN ("PS", "we\\"ird") AND lastmodified >= "2026-11-20 07:05" ORDER BY lastmodified ASC'
    )
    assert cql(["PS"], None, timedelta(hours=3)) == 'type = page AND space IN ("PS") ORDER BY lastmodified ASC'


def _facts(page_id: str, version: int, when: datetime, **extra: object) -> PageFacts:
    values: dict[str, object] = {"status": "current", "labels": (), "restricted": False, "ancestor_ids": ()}
    values.update(extra)
    return PageFacts(page_id, version, when, **values)  # type: ignore[arg-type]


def test_cursor_remembers_versions_inside_the_overlap_window_only() -> None:
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    pages = [
        _facts("1", 3, start),
        _facts("2", 1, start + timedelta(hours=5)),
        _facts("3", 2, start + timedelta(hours=6)),
    ]
    cursor = Cursor().advanced(pages, timedelta(hours=3))
    assert cursor.since == start + timedelta(hours=6)
    assert set(cursor.seen) == {"2", "3"}  # page 1 is older than the window: it will not be listed again
    again = Cursor.decode(cursor.encode())
    assert again == cursor
    assert again.has_seen(_facts("3", 2, start)) and not again.has_seen(_facts("3", 3, start))
    assert Cursor.decode("not json") == Cursor()


def test_skip_reasons() -> None:
    when = datetime(2026, 11, 20, tzinfo=UTC)
    rules = {"include_restricted": False, "labels_include": (), "labels_exclude": ("internal",)}
    assert skip_reason(_facts("1", 1, when), **rules) is None  # type: ignore[arg-type]
    assert skip_reason(_facts("1", 1, when, status="archived"), **rules) == "status archived"  # type: ignore[arg-type]
    assert skip_reason(_facts("1", 1, when, restricted=True), **rules) == "view-restricted"  # type: ignore[arg-type]
    assert skip_reason(_facts("1", 1, when, labels=("internal",)), **rules) == "label internal"  # type: ignore[arg-type]
    only_faq = {**rules, "labels_include": ("faq",)}
    assert skip_reason(_facts("1", 1, when), **only_faq) == "none of the included labels"  # type: ignore[arg-type]
    assert skip_reason(_facts("1", 1, when, labels=("faq",)), **only_faq) is None  # type: ignore[arg-type]


def test_server_data_center_uses_its_own_context_path_and_a_personal_access_token(fake: FakeConfluence) -> None:
    with serve(fake.app) as url:
        # A Server/DC site at <host>/wiki (its context path): no /wiki is added, the PAT goes as Bearer.
        server = ConfluenceClient(f"{url}/wiki", username=None, token=TOKEN, cloud=False, bucket=TokenBucket(10_000))
        assert [p["title"] for p in server.get("space/PS/content/page")["results"]] == ["Parking"]
        cloud = ConfluenceClient(url, username=USERNAME, token=TOKEN, cloud=True, bucket=TokenBucket(10_000))
        assert cloud.base_url == f"{url}/wiki"
        wrong = ConfluenceClient(f"{url}/wiki", username=None, token="nope", cloud=False, bucket=TokenBucket(10_000))
        with pytest.raises(ConfluenceError, match="HTTP 401"):
            wrong.get("space/PS/content/page")
    assert fake.requests[0][0] == "/wiki/rest/api/space/PS/content/page"
