"""The fake Zendesk's Help Center: articles, the incremental article export and List Articles by locale.

Registered by ``FakeZendesk.app``; state lives in ``fake.articles`` (id -> article JSON as Zendesk shows it
to an agent: drafts and restricted articles included, with ``draft`` and ``user_segment_id``):
- ``GET /api/v2/help_center/incremental/articles.json?start_time=T``: articles with ``updated_at >= T``
  ordered by (``updated_at``, id), ``fake.max_export_articles`` per page; ``end_time`` is the last one's
  time and ``next_page`` repeats the request from there (``null`` on the last page), as Zendesk documents;
  deleted articles are simply gone (the export does not report them); 10 requests per minute on the
  fake's clock, the 11th gets 429 with ``Retry-After``;
- ``GET /api/v2/help_center/{locale}/articles.json``: that locale's articles, cursor-paginated like the
  rest of the fake (``page[size]``, ``page[after]``, ``meta.has_more``).
Seeding helpers move the fake's clock one second per change, so every change has its own time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response, jsonify, request

from tests.connectors.zendesk.fake_zendesk import EPOCH, FakeZendesk

EXPORT_PATH = "/api/v2/help_center/incremental/articles.json"
REQUESTS_PER_MINUTE = 10


def register_help_center(app: Flask, fake: FakeZendesk) -> None:
    stamps: list[float] = []

    def export() -> Response:
        now = fake.clock()
        recent = [t for t in stamps if t > now - 60.0]
        if len(recent) >= REQUESTS_PER_MINUTE:
            stamps[:] = recent
            return _error(429, "TooManyRequests", retry_after=recent[0] + 60.0 - now)
        stamps[:] = [*recent, now]
        fake.export_requests += 1
        return _export(fake)

    def by_locale(locale: str) -> Response:
        with fake._lock:
            articles = [dict(a) for a in sorted(fake.articles.values(), key=lambda a: a["id"]) if a["locale"] == locale]
        return fake._page(articles, "articles")

    app.add_url_rule(EXPORT_PATH, endpoint="help_center_incremental_articles", view_func=export)
    app.add_url_rule("/api/v2/help_center/<locale>/articles.json", endpoint="help_center_articles", view_func=by_locale)


def add_article(
    fake: FakeZendesk,
    title: str,
    body: str,
    *,
    locale: str = "en-us",
    draft: bool = False,
    user_segment_id: int | None = None,
    labels: tuple[str, ...] = (),
) -> int:
    """A new article (an HTML body) as Zendesk stores it; its id."""
    with fake._lock:
        article_id = fake._new_id()
        stamp = _tick(fake)
        fake.articles[article_id] = {
            "id": article_id,
            "url": f"https://clinic.zendesk.com/api/v2/help_center/{locale}/articles/{article_id}.json",
            "html_url": f"https://clinic.zendesk.com/hc/{locale}/articles/{article_id}",
            "author_id": 900001,
            "comments_disabled": False,
            "draft": draft,
            "promoted": False,
            "position": 0,
            "vote_sum": 0,
            "vote_count": 0,
            "section_id": 360000001,
            "permission_group_id": 13,
            "user_segment_id": user_segment_id,
            "user_segment_ids": [] if user_segment_id is None else [user_segment_id],
            "title": title,
            "source_locale": locale,
            "locale": locale,
            "outdated": False,
            "outdated_locales": [],
            "label_names": list(labels),
            "content_tag_ids": [],
            "body": body,
            "created_at": stamp,
            "updated_at": stamp,
            "edited_at": stamp,
        }
        return article_id


def edit_article(fake: FakeZendesk, article_id: int, **changes: Any) -> None:
    """Change fields (``body``, ``title``, ``draft``, ``user_segment_id``, ``label_names``); a new updated_at."""
    with fake._lock:
        article = fake.articles[article_id]
        article.update(changes)
        if "user_segment_id" in changes:
            segment = changes["user_segment_id"]
            article["user_segment_ids"] = [] if segment is None else [segment]
        article["updated_at"] = _tick(fake)
        if "body" in changes or "title" in changes:
            article["edited_at"] = article["updated_at"]


def delete_article(fake: FakeZendesk, article_id: int) -> None:
    """Delete (archive) an article: it vanishes from every listing, the export included."""
    with fake._lock:
        del fake.articles[article_id]
        _tick(fake)


def _export(fake: FakeZendesk) -> Response:
    start = request.args.get("start_time", "")
    if not start.isdigit():
        return _error(400, "InvalidValue")
    with fake._lock:
        ordered = sorted(((_unix(a["updated_at"]), a["id"]), dict(a)) for a in fake.articles.values())
    after = [article for key, article in ordered if key[0] >= int(start)]
    page = after[: fake.max_export_articles]
    full = len(after) > len(page)
    end_time = _unix(page[-1]["updated_at"]) if page else None
    next_page = f"{request.host_url}{EXPORT_PATH[1:]}?start_time={end_time}" if full else None
    return jsonify({"articles": page, "next_page": next_page, "end_time": end_time, "count": len(page)})


def _tick(fake: FakeZendesk) -> str:
    with fake.clock._lock:
        fake.clock.now += 1.0
        moment = EPOCH + timedelta(seconds=fake.clock.now)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _unix(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp).timestamp())


def _error(status: int, error: str, *, retry_after: float | None = None) -> Response:
    response = jsonify({"error": error})
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(max(1, int(retry_after + 0.999)))
    return response
