"""FreshdeskSolutionsSource.scan against a small stateful fake of Freshdesk's solutions API (served over HTTP).

Shapes follow https://developers.freshdesk.com/api/#solutions: categories -> folders (``visibility`` 1 all
users, 2 logged-in users, 3 agents, 4 companies) -> subfolders -> articles (``status`` 1 draft, 2 published),
paged with ``page``/``per_page`` and ``Link: rel="next"``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask, Response, jsonify, request

from carelayer.errors import ConfigError
from carelayer.types import Article, SyncFailure
from knowledge.sources.freshdesk_solutions import FreshdeskSolutionsSource
from tests.connectors.zendesk.fake_zendesk import serve

API_KEY = "fd-kb-key-81x"


@dataclass
class FakeSolutions:
    categories: list[dict[str, Any]] = field(default_factory=list)
    folders: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # category or parent folder -> folders
    articles: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # folder -> articles
    failures: deque[tuple[str, int, dict[str, str]]] = field(default_factory=deque)  # path suffix, status, headers
    paths: list[str] = field(default_factory=list)

    def folder(self, parent: int, folder_id: int, visibility: int, *, subfolders: int = 0) -> None:
        self.folders.setdefault(parent, []).append(
            {"id": folder_id, "name": f"Folder {folder_id}", "visibility": visibility, "sub_folders_count": subfolders}
        )

    def article(self, folder_id: int, article_id: int, *, status: int = 2, html: str | None = None) -> None:
        self.articles.setdefault(folder_id, []).append(
            {
                "id": article_id,
                "type": 1,
                "folder_id": folder_id,
                "title": f"Article {article_id}",
                "description": html if html is not None else f"<h2>Parking</h2><p>Answer {article_id}.</p>",
                "description_text": f"Parking Answer {article_id}.",
                "status": status,
                "tags": ["parking"],
                "created_at": "2026-01-05T08:00:00Z",
                "updated_at": "2026-02-10T12:30:00Z",
            }
        )

    @property
    def app(self) -> Flask:
        app = Flask("fake_freshdesk_solutions")

        @app.get("/api/v2/solutions/<path:rest>")
        def listing(rest: str) -> Response:
            self.paths.append(request.path)
            if request.authorization is None or request.authorization.username != API_KEY:
                return _status(401)
            for failure in list(self.failures):
                if request.path.endswith(failure[0]):
                    self.failures.remove(failure)
                    response = _status(failure[1])
                    response.headers.update(failure[2])
                    return response
            return self._page(self._items(rest.split("/")))

        return app

    def _items(self, parts: list[str]) -> list[dict[str, Any]]:
        if parts == ["categories"]:
            return self.categories
        if len(parts) == 3 and parts[2] in ("folders", "subfolders"):
            return self.folders.get(int(parts[1]), [])
        return self.articles.get(int(parts[1]), [])

    def _page(self, items: list[dict[str, Any]]) -> Response:
        per_page, page = int(request.args.get("per_page", "30")), int(request.args.get("page", "1"))
        response = jsonify(items[(page - 1) * per_page : page * per_page])
        if page * per_page < len(items):
            response.headers["Link"] = f'<{request.base_url}?per_page={per_page}&page={page + 1}>; rel="next"'
        return response


def _status(status: int) -> Response:
    response = jsonify({"code": "error", "message": f"status {status}"})
    response.status_code = status
    return response


@pytest.fixture
def kb() -> FakeSolutions:
    fake = FakeSolutions(categories=[{"id": 1, "name": "Patients"}, {"id": 2, "name": "Staff"}])
    fake.folder(1, 10, visibility=1, subfolders=1)
    fake.folder(10, 11, visibility=1)  # a public subfolder
    fake.folder(10, 12, visibility=3)  # an agents-only subfolder
    fake.folder(2, 20, visibility=2)  # logged-in users only
    fake.folder(2, 21, visibility=4)  # selected companies
    fake.article(10, 100)
    fake.article(10, 101, status=1)  # draft
    fake.article(11, 110)
    fake.article(12, 120)
    fake.article(20, 200)
    fake.article(21, 210)
    return fake


@pytest.fixture
def source(kb: FakeSolutions) -> Iterator[tuple[FreshdeskSolutionsSource, list[float]]]:
    sleeps: list[float] = []
    with serve(kb.app) as url:
        yield FreshdeskSolutionsSource("fd_kb", url, API_KEY, sleep=sleeps.append, rng=lambda: 0.5), sleeps


def test_only_published_articles_of_public_folders_are_yielded(
    source: tuple[FreshdeskSolutionsSource, list[float]],
) -> None:
    items = list(source[0].scan())

    assert [item.id for item in items if isinstance(item, Article)] == ["100", "110"]
    assert not [item for item in items if isinstance(item, SyncFailure)]


def test_an_article_is_cleaned_cited_and_labelled(source: tuple[FreshdeskSolutionsSource, list[float]]) -> None:
    article = next(item for item in source[0].scan() if isinstance(item, Article))

    assert (article.source, article.id, article.title) == ("fd_kb", "100", "Article 100")
    assert article.body == "## Parking\n\nAnswer 100."
    assert article.url is not None and article.url.endswith("/support/solutions/articles/100")
    assert article.updated_at == datetime(2026, 2, 10, 12, 30, tzinfo=UTC)
    assert article.labels == ("parking",)


def test_articles_are_read_across_pages(
    kb: FakeSolutions, source: tuple[FreshdeskSolutionsSource, list[float]]
) -> None:
    for n in range(150):
        kb.article(11, 1000 + n)

    ids = [item.id for item in source[0].scan() if isinstance(item, Article)]

    assert len(ids) == 152 and len(set(ids)) == 152


def test_a_failed_folder_is_reported_and_stops_pruning_but_not_the_scan(
    kb: FakeSolutions, source: tuple[FreshdeskSolutionsSource, list[float]]
) -> None:
    kb.failures.append(("/folders/10/articles", 403, {}))

    items = list(source[0].scan())

    failures = [item for item in items if isinstance(item, SyncFailure)]
    assert [(f.location, f.whole_source) for f in failures] == [("/api/v2/solutions/folders/10/articles", True)]
    assert "403" in failures[0].reason and API_KEY not in failures[0].reason
    assert [item.id for item in items if isinstance(item, Article)] == ["110"]


def test_rate_limit_and_server_errors_are_retried(
    kb: FakeSolutions, source: tuple[FreshdeskSolutionsSource, list[float]]
) -> None:
    kb.failures.extend([("/categories", 429, {"Retry-After": "7"}), ("/folders/11/articles", 503, {})])

    items = list(source[0].scan())

    assert [item.id for item in items if isinstance(item, Article)] == ["100", "110"]
    assert source[1] == [7.0, 0.5]


def test_unreachable_knowledge_base_is_one_whole_source_failure(kb: FakeSolutions) -> None:
    with serve(kb.app) as url:
        pass  # closed again
    sleeps: list[float] = []
    scan = FreshdeskSolutionsSource("fd_kb", url, API_KEY, max_retries=1, sleep=sleeps.append).scan()

    (failure,) = list(scan)

    assert isinstance(failure, SyncFailure) and failure.whole_source and failure.location == "categories"


def test_an_article_without_text_fails_alone(
    kb: FakeSolutions, source: tuple[FreshdeskSolutionsSource, list[float]]
) -> None:
    kb.article(11, 111, html="<p>   </p>")
    kb.articles[11][-1]["description_text"] = ""

    items = list(source[0].scan())

    failures = [item for item in items if isinstance(item, SyncFailure)]
    assert [(f.article_id, f.whole_source) for f in failures] == [("111", False)]


def test_missing_url_or_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        FreshdeskSolutionsSource("fd_kb", "clinic.freshdesk.com", API_KEY)
    with pytest.raises(ConfigError):
        FreshdeskSolutionsSource("fd_kb", "https://clinic.freshdesk.com", "")


def test_a_configured_source_is_built_from_settings_and_its_key_from_the_environment(kb: FakeSolutions) -> None:
    from pydantic import TypeAdapter

    from carelayer.settings import SourceSettings
    from knowledge.sources import build_source

    entry = TypeAdapter(SourceSettings).validate_python(
        {"type": "freshdesk_solutions", "name": "fd-kb", "url": "https://clinic.freshdesk.com"}
    )
    with pytest.raises(ConfigError, match="FRESHDESK_API_KEY"):
        build_source(entry, {})
    with serve(kb.app) as base_url:
        local = entry.model_copy(update={"url": base_url})
        built = build_source(local, {"FRESHDESK_API_KEY": API_KEY})
        items = list(built.scan())
    assert built.name == "fd-kb"
    assert [item.id for item in items if isinstance(item, Article)] == ["100", "110"]  # published, public only
