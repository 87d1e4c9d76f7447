"""A stateful fake Confluence Cloud REST v1 (Flask, in memory) serving recorded-shape JSON on a loopback port.

It keeps pages (space, title, storage body, version number and date, status, labels, read
restrictions, parent) and answers what the Confluence source asks for, the way Confluence does:
- ``GET /wiki/rest/api/content/search``: the CQL the source writes (``type = page``, ``space IN (...)``,
  ``lastmodified >= "yyyy-MM-dd HH:mm"`` read in the server's zone with minute precision, ``ORDER BY
  lastmodified ASC``); current and archived pages (trashed ones are gone); cursor pagination through
  ``_links.next``; ``expand`` honoured (no body unless ``body.storage`` is asked for);
- ``GET /wiki/rest/api/content/{id}`` (404 for unknown or trashed pages);
- ``GET /wiki/rest/api/space/{key}/content/page`` with ``start``/``limit`` (current pages only).
``fail_next`` scripts failures (status, headers) for the next matching requests; ``fail_after`` makes
every search after the n-th fail, like a server going down mid-sync.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, request
from werkzeug.serving import make_server

USERNAME = "kb-bot@clinic.example"
TOKEN = "fake-confluence-token-Q7"
EPOCH = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
_SPACES = re.compile(r"space IN \(([^)]*)\)", re.IGNORECASE)
_SINCE = re.compile(r'lastmodified >= "(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"', re.IGNORECASE)


@dataclass
class FakePage:
    id: str
    space: str
    title: str
    body: str
    version: int
    when: datetime
    status: str = "current"
    labels: tuple[str, ...] = ()
    restricted: bool = False
    parent: str | None = None


@dataclass
class _Failure:
    status: int
    headers: dict[str, str]
    path_contains: str


@dataclass
class FakeConfluence:
    """The fake's whole state; ``app`` serves it. ``now`` moves only when a test says so."""

    server_tz: timezone = UTC
    max_limit: int = 50
    now: datetime = EPOCH
    pages: dict[str, FakePage] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    searches_allowed: int | None = None
    _failures: list[_Failure] = field(default_factory=list)
    _next_id: int = 65_536
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # --- seeding and editing -------------------------------------------------------------------
    def add_page(self, space: str, title: str, body: str, **extra: Any) -> str:
        with self._lock:
            self._next_id += 1
            page_id = str(self._next_id)
            self.now += timedelta(seconds=7)
            self.pages[page_id] = FakePage(page_id, space, title, body, 1, self.now, **extra)
            return page_id

    def edit(self, page_id: str, *, body: str | None = None, title: str | None = None, **changes: Any) -> None:
        with self._lock:
            page = self.pages[page_id]
            self.now += timedelta(seconds=7)
            page.body = body if body is not None else page.body
            page.title = title if title is not None else page.title
            for key, value in changes.items():
                setattr(page, key, value)
            page.version += 1
            page.when = self.now

    def trash(self, page_id: str) -> None:
        self.pages[page_id].status = "trashed"  # Confluence keeps the date: no search will report it

    def fail_next(
        self, status: int, *, times: int = 1, path_contains: str = "", headers: dict[str, str] | None = None
    ) -> None:
        self._failures.extend(_Failure(status, headers or {}, path_contains) for _ in range(times))

    def fail_after(self, searches: int | None) -> None:
        """Every content search after the first ``searches`` answers 503 (None: never)."""
        self.searches_allowed = searches

    # --- JSON as Confluence shapes it ----------------------------------------------------------
    def content(self, page: FakePage, expand: set[str], base: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": page.id,
            "type": "page",
            "status": page.status,
            "title": page.title,
            "_links": {
                "webui": f"/spaces/{page.space}/pages/{page.id}/{page.title.replace(' ', '+')}",
                "tinyui": f"/x/{page.id}",
                "self": f"{base}/rest/api/content/{page.id}",
            },
            "_expandable": {"space": f"/rest/api/space/{page.space}", "children": "", "history": ""},
        }
        if "version" in expand:
            when = page.when.astimezone(self.server_tz).isoformat(timespec="milliseconds")
            data["version"] = {
                "by": {"type": "known", "accountId": "5b10a2844c20165700ede21g"},
                "when": when,
                "number": page.version,
                "minorEdit": False,
            }
        if "body.storage" in expand:
            data["body"] = {"storage": {"value": page.body, "representation": "storage"}}
        if "metadata.labels" in expand:
            labels = [{"prefix": "global", "name": name, "id": str(abs(hash(name)) % 10**6)} for name in page.labels]
            data["metadata"] = {"labels": {"results": labels, "start": 0, "limit": 200, "size": len(labels)}}
        if "ancestors" in expand:
            data["ancestors"] = [
                {"id": a.id, "type": "page", "status": a.status, "title": a.title} for a in self._ancestors(page)
            ]
        if any(e.startswith("restrictions.read") for e in expand):
            users = [{"type": "known", "accountId": "5b10ac8d82e05b22cc7d4ef5"}] if page.restricted else []
            data["restrictions"] = {
                "read": {
                    "operation": "read",
                    "restrictions": {
                        "user": {"results": users, "start": 0, "limit": 200, "size": len(users)},
                        "group": {"results": [], "start": 0, "limit": 200, "size": 0},
                    },
                }
            }
        return data

    def _ancestors(self, page: FakePage) -> list[FakePage]:
        chain: list[FakePage] = []
        parent = page.parent
        while parent is not None and parent in self.pages:
            chain.insert(0, self.pages[parent])
            parent = self.pages[parent].parent
        return chain

    # --- the HTTP app --------------------------------------------------------------------------
    @property
    def app(self) -> Flask:
        app = Flask("fake-confluence")

        @app.before_request
        def _check() -> Response | None:
            self.requests.append((request.path, dict(request.args)))
            auth = request.authorization  # Basic (Cloud: email + API token) or Bearer (Server/DC: a PAT)
            if auth is None or TOKEN not in (auth.password, auth.token):
                return Response('{"statusCode":401,"message":"Unauthorized"}', 401, mimetype="application/json")
            for failure in list(self._failures):
                if failure.path_contains in request.path:
                    self._failures.remove(failure)
                    return Response(
                        f'{{"statusCode":{failure.status}}}',
                        failure.status,
                        failure.headers,
                        mimetype="application/json",
                    )
            return None

        app.add_url_rule("/wiki/rest/api/content/search", view_func=self._search)
        app.add_url_rule("/wiki/rest/api/content/<page_id>", view_func=self._get_content)
        app.add_url_rule("/wiki/rest/api/space/<space>/content/page", view_func=self._space_pages)
        return app

    def _base(self) -> str:
        return request.host_url.rstrip("/") + "/wiki"

    def _search(self) -> Response:
        with self._lock:
            if self.searches_allowed is not None:
                if self.searches_allowed <= 0:
                    return Response('{"statusCode":503}', 503, mimetype="application/json")
                self.searches_allowed -= 1
            query = request.args.get("cql", "")
            spaces = _SPACES.search(query)
            wanted = {s.strip().strip('"') for s in spaces.group(1).split(",")} if spaces else set()
            since = _SINCE.search(query)
            floor = (
                datetime.strptime(since.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=self.server_tz) if since else None
            )
            found = sorted(
                (
                    p
                    for p in self.pages.values()
                    if p.space in wanted
                    and p.status in ("current", "archived")
                    and (floor is None or p.when.replace(second=0, microsecond=0) >= floor)
                ),
                key=lambda p: (p.when, p.id),
            )
            limit = min(int(request.args.get("limit", 25)), self.max_limit)
            offset = int(base64.urlsafe_b64decode(request.args["cursor"]).decode()) if "cursor" in request.args else 0
            expand = set(request.args.get("expand", "").split(","))
            batch = found[offset : offset + limit]
            links: dict[str, str] = {
                "base": self._base(),
                "context": "/wiki",
                "self": self._base() + "/rest/api/content/search",
            }
            if offset + limit < len(found):
                token = base64.urlsafe_b64encode(str(offset + limit).encode()).decode()
                args = {"cql": query, "limit": str(limit), "expand": request.args.get("expand", ""), "cursor": token}
                links["next"] = "/rest/api/content/search?" + urlencode(args)
            results = [self.content(p, expand, self._base()) for p in batch]
            return jsonify({"results": results, "start": offset, "limit": limit, "size": len(results), "_links": links})

    def _get_content(self, page_id: str) -> Response:
        page = self.pages.get(page_id)
        if page is None or page.status == "trashed":
            abort(404)
        expand = set(request.args.get("expand", "").split(","))
        return jsonify(self.content(page, expand, self._base()))

    def _space_pages(self, space: str) -> Response:
        with self._lock:
            pages = sorted(
                (p for p in self.pages.values() if p.space == space and p.status == "current"), key=lambda p: int(p.id)
            )
            start, limit = int(request.args.get("start", 0)), min(int(request.args.get("limit", 25)), self.max_limit)
            expand = set(request.args.get("expand", "").split(","))
            batch = pages[start : start + limit]
            links = {"base": self._base(), "context": "/wiki"}
            if start + limit < len(pages):
                links["next"] = f"/rest/api/space/{space}/content/page?start={start + limit}&limit={limit}"
            results = [self.content(p, expand, self._base()) for p in batch]
            return jsonify({"results": results, "start": start, "limit": limit, "size": len(results), "_links": links})


def search_count(fake: FakeConfluence) -> int:
    return sum(1 for path, _ in fake.requests if path.endswith("/content/search"))


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1:<free port> in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
