"""A stateful fake Zendesk Support API (Flask, in memory), served on a loopback port for connector tests.

It keeps tickets, comments, tags, groups and users, and enforces the vendor rules the connector must respect,
so tests check what was actually written rather than which calls were made:
- ``tags`` on Update Ticket and ``POST .../tags`` REPLACE all tags (as Zendesk does); ``additional_tags`` and
  ``PUT .../tags`` add; a comment without ``public`` is public (Zendesk's default);
- 30 updates per 10 minutes per ticket, on an injected clock: the 31st gets 429 with ``Retry-After``;
- cursor pagination (``page[size]``, ``page[after]``, ``meta.has_more``) with a configurable page cap;
- unknown ticket -> 404 ``RecordNotFound``; closed ticket, unknown group, bad priority/status -> 422.
- the cursor-based incremental ticket export, deletions included (``fake_export.py``);
- Help Center articles and their incremental export (``fake_help_center.py``); comments sideload ``users``.
``fail_next`` scripts failures (status, headers) for the next matching requests.

``tests.connectors.zendesk.zendesk_harness`` plugs this fake into ``tests/connectors/test_contract.py``.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Response, abort, jsonify, request

from carelayer.settings import HelpdeskSettings
from tests import scripted_http

BOT_USER_ID = 900001
TOKEN = "fake-token-Zx81"
EMAIL = "carelayer-bot@clinic.example"
UPDATE_LIMIT = 30
UPDATE_WINDOW = 600.0
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
PRIORITIES = ("urgent", "high", "normal", "low")
EPOCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """Monotonic seconds that only move when someone sleeps: the connector's sleep and the fake share it."""

    def __init__(self, start: float = 10_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)


@dataclass
class Seen:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0


@dataclass
class ScriptedFailure:
    status: int
    headers: dict[str, str]
    body: dict[str, Any]
    method: str | None
    path_suffix: str | None


@dataclass
class FakeZendesk:
    """The fake's whole state; ``app`` serves it. Integers are Zendesk ids, as on the wire."""

    clock: FakeClock = field(default_factory=FakeClock)
    max_page_size: int = 100
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    groups: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    articles: dict[int, dict[str, Any]] = field(default_factory=dict)  # Help Center (fake_help_center.py)
    max_export_articles: int = 1000
    export_requests: int = 0
    requests: list[Seen] = field(default_factory=list)
    updates: dict[int, list[float]] = field(default_factory=dict)
    rate_limited: int = 0
    _failures: deque[ScriptedFailure] = field(default_factory=deque)
    _next_id: int = 1000
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.users[BOT_USER_ID] = {"id": BOT_USER_ID, "name": "carelayer", "email": EMAIL, "role": "agent"}

    # --- seeding -------------------------------------------------------------------------------------
    def add_group(self, name: str, *, deleted: bool = False) -> int:
        group_id = self._new_id()
        stamp = _iso(EPOCH)
        self.groups[group_id] = {"id": group_id, "name": name, "deleted": deleted, "created_at": stamp}
        return group_id

    def add_user(self, name: str, email: str, *, role: str = "end-user") -> int:
        user_id = self._new_id()
        self.users[user_id] = {"id": user_id, "name": name, "email": email, "role": role}
        return user_id

    def create_ticket(
        self, subject: str, body: str, *, tags: tuple[str, ...] | list[str] = (), requester_id: int | None = None
    ) -> int:
        with self._lock:
            ticket_id = self._new_id()
            requester = requester_id or self.add_user(f"Patient {ticket_id}", f"patient{ticket_id}@example.org")
            stamp = _iso(EPOCH + timedelta(seconds=ticket_id))
            self.tickets[ticket_id] = {
                "id": ticket_id,
                "subject": subject,
                "raw_subject": subject,
                "description": body,
                "status": "new",
                "priority": None,
                "group_id": None,
                "requester_id": requester,
                "submitter_id": requester,
                "tags": list(dict.fromkeys(tags)),
                "created_at": stamp,
                "updated_at": stamp,
            }
            self.comments[ticket_id] = []
            self.add_comment(ticket_id, body, public=True, author_id=requester)
            return ticket_id

    def add_comment(self, ticket_id: int, body: str, *, public: bool, author_id: int) -> dict[str, Any]:
        with self._lock:
            comment = {
                "id": self._new_id(),
                "type": "Comment",
                "author_id": author_id,
                "body": body,
                "html_body": f"<div class='zd-comment'><p>{body}</p></div>",
                "plain_body": body,
                "public": public,
                "created_at": _iso(EPOCH + timedelta(seconds=self.clock())),
            }
            self.comments[ticket_id].append(comment)
            return comment

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        method: str | None = None,
        path_suffix: str | None = None,
    ) -> None:
        """The next ``times`` requests matching method/path answer ``status`` (and nothing is changed)."""
        body = {"error": "Scripted", "description": f"scripted {status}"}
        for _ in range(times):
            self._failures.append(ScriptedFailure(status, headers or {}, body, method, path_suffix))

    # --- reading back --------------------------------------------------------------------------------
    def tags(self, ticket_id: int) -> list[str]:
        return list(self.tickets[ticket_id]["tags"])

    def group_name(self, ticket_id: int) -> str | None:
        group_id = self.tickets[ticket_id]["group_id"]
        return None if group_id is None else str(self.groups[group_id]["name"])

    def notes(self, ticket_id: int) -> list[dict[str, Any]]:
        return [c for c in self.comments[ticket_id] if not c["public"]]

    def writes(self) -> list[Seen]:
        return [s for s in self.requests if s.method != "GET"]

    def _new_id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def _scripted(self, method: str, path: str) -> ScriptedFailure | None:
        with self._lock:
            for failure in list(self._failures):
                if (failure.method in (None, method)) and (
                    failure.path_suffix is None or path.endswith(failure.path_suffix)
                ):
                    self._failures.remove(failure)
                    return failure
        return None

    def _count_update(self, ticket_id: int) -> float | None:
        """Record an update; the seconds to wait instead when the ticket is at Zendesk's limit."""
        now = self.clock()
        recent = [t for t in self.updates.get(ticket_id, []) if t > now - UPDATE_WINDOW]
        if len(recent) >= UPDATE_LIMIT:
            self.rate_limited += 1
            return recent[0] + UPDATE_WINDOW - now
        self.updates[ticket_id] = [*recent, now]
        return None

    # --- the app -------------------------------------------------------------------------------------
    @property
    def app(self) -> Flask:
        app = Flask("fake_zendesk")
        app.before_request(self._before)
        app.after_request(self._after)
        app.add_url_rule("/api/v2/tickets/<int:ticket_id>.json", view_func=self._show_ticket, methods=["GET"])
        app.add_url_rule("/api/v2/tickets/<int:ticket_id>.json", view_func=self._update_ticket, methods=["PUT"])
        app.add_url_rule("/api/v2/tickets/<int:ticket_id>/comments.json", view_func=self._list_comments)
        app.add_url_rule(
            "/api/v2/tickets/<int:ticket_id>/tags.json", view_func=self._tags, methods=["GET", "PUT", "POST"]
        )
        app.add_url_rule("/api/v2/groups.json", view_func=self._list_groups)
        from tests.connectors.zendesk.fake_export import register_export  # it imports this module

        register_export(app, self)  # GET /api/v2/incremental/tickets/cursor.json (fake_export.py)
        from tests.connectors.zendesk.fake_help_center import register_help_center

        register_help_center(app, self)  # Help Center articles and their incremental export
        return app

    def _before(self) -> Response | None:
        body = request.get_json(silent=True) if request.data else None
        self.requests.append(Seen(request.method, request.path, dict(request.args), body))
        if not request.authorization or request.authorization.username != f"{EMAIL}/token":
            return _error(401, "Couldn't authenticate you")
        if request.authorization.password != TOKEN:
            return _error(401, "Couldn't authenticate you")
        failure = self._scripted(request.method, request.path)
        if failure is not None:
            response = jsonify(failure.body)
            response.status_code = failure.status
            response.headers.update(failure.headers)
            return response
        return None

    def _after(self, response: Response) -> Response:
        self.requests[-1].status = response.status_code
        return response

    def _ticket(self, ticket_id: int) -> dict[str, Any]:
        if ticket_id not in self.tickets:
            abort(_error(404, "RecordNotFound", "Not found"))
        return self.tickets[ticket_id]

    def _show_ticket(self, ticket_id: int) -> Response:
        ticket = self._ticket(ticket_id)
        payload: dict[str, Any] = {"ticket": {**ticket, "url": f"{request.host_url}api/v2/tickets/{ticket_id}.json"}}
        if "users" in request.args.get("include", "").split(","):
            ids = {ticket["requester_id"], ticket["submitter_id"]}
            payload["users"] = [self.users[i] for i in sorted(ids) if i in self.users]
        return jsonify(payload)

    def _list_comments(self, ticket_id: int) -> Response:
        self._ticket(ticket_id)
        response = self._page(self.comments[ticket_id], "comments")
        if "users" not in request.args.get("include", "").split(","):
            return response
        payload = response.get_json()  # sideloading: the authors of this page's comments
        authors = sorted({c["author_id"] for c in payload["comments"]})
        payload["users"] = [self.users[i] for i in authors if i in self.users]
        return jsonify(payload)

    def _list_groups(self) -> Response:
        groups = list(self.groups.values())
        if request.args.get("exclude_deleted") == "true":
            groups = [g for g in groups if not g["deleted"]]
        return self._page(groups, "groups")

    def _page(self, items: list[dict[str, Any]], key: str) -> Response:
        size = min(int(request.args.get("page[size]", "100")), self.max_page_size)
        start = int(request.args.get("page[after]", "c0")[1:])
        chunk = items[start : start + size]
        has_more = start + size < len(items)
        after = f"c{start + size}" if has_more else None
        return jsonify(
            {key: chunk, "meta": {"has_more": has_more, "after_cursor": after, "before_cursor": f"c{start}"}}
        )

    def _tags(self, ticket_id: int) -> Response:
        ticket = self._ticket(ticket_id)
        if request.method == "GET":
            return jsonify({"tags": ticket["tags"]})
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("tags"), list):
            return _error(400, "InvalidValue", "tags must be a list")
        wait = self._count_update(ticket_id)
        if wait is not None:
            return _rate_limited(wait)
        new = [str(t) for t in body["tags"]]
        ticket["tags"] = list(dict.fromkeys([*ticket["tags"], *new])) if request.method == "PUT" else new
        return jsonify({"tags": ticket["tags"]})

    def _update_ticket(self, ticket_id: int) -> Response:
        ticket = self._ticket(ticket_id)
        body = request.get_json(silent=True)
        changes = body.get("ticket") if isinstance(body, dict) else None
        if not isinstance(changes, dict):
            return _error(400, "InvalidValue", "expected {'ticket': {...}}")
        problem = self._invalid(ticket, changes)
        if problem is not None:
            return _error(422, "RecordInvalid", "Record validation errors", problem)
        wait = self._count_update(ticket_id)
        if wait is not None:
            return _rate_limited(wait)
        self._apply(ticket_id, ticket, changes)
        return jsonify({"ticket": ticket, "audit": {"id": self._new_id(), "events": []}})

    def _invalid(self, ticket: dict[str, Any], changes: dict[str, Any]) -> tuple[str, str] | None:
        if ticket["status"] == "closed":
            return "status", "Status: closed prevents ticket update"
        if "group_id" in changes and changes["group_id"] not in self.groups:
            return "group", "Group: is invalid"
        if "priority" in changes and changes["priority"] not in PRIORITIES:
            return "priority", "Priority: is invalid"
        if "status" in changes and changes["status"] not in STATUSES:
            return "status", "Status: is invalid"
        comment = changes.get("comment")
        if comment is not None and not (isinstance(comment, dict) and str(comment.get("body", "")).strip()):
            return "comment", "Comment: Body cannot be blank"
        return None

    def _apply(self, ticket_id: int, ticket: dict[str, Any], changes: dict[str, Any]) -> None:
        with self._lock:
            if "tags" in changes:  # Zendesk: REPLACES every tag
                ticket["tags"] = list(dict.fromkeys(changes["tags"]))
            extra = changes.get("additional_tags", [])
            ticket["tags"] = list(dict.fromkeys([*ticket["tags"], *extra]))
            removed = set(changes.get("remove_tags", []))
            ticket["tags"] = [t for t in ticket["tags"] if t not in removed]
            for key in ("group_id", "priority", "status"):
                if key in changes:
                    ticket[key] = changes[key]
            comment = changes.get("comment")
            if isinstance(comment, dict):
                self.add_comment(
                    ticket_id,
                    str(comment["body"]),
                    public=comment.get("public", True) is not False,
                    author_id=BOT_USER_ID,
                )
            ticket["updated_at"] = _iso(EPOCH + timedelta(seconds=self.clock()))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(status: int, error: str, description: str | None = None, detail: tuple[str, str] | None = None) -> Response:
    payload: dict[str, Any] = {"error": error}
    if description:
        payload["description"] = description
    if detail:
        payload["details"] = {detail[0]: [{"description": detail[1], "error": "InvalidValue"}]}
    response = jsonify(payload)
    response.status_code = status
    return response


def _rate_limited(wait: float) -> Response:
    response = _error(429, "TooManyRequests", "Ticket update rate limit exceeded")
    response.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
    return response


serve = scripted_http.serve  # the one local-server helper of the client tests


def settings_for(base_url: str, **overrides: Any) -> HelpdeskSettings:
    values: dict[str, Any] = {
        "name": "zendesk",
        "kind": "zendesk",
        "url": base_url,
        "email": EMAIL,
        "max_retries": 3,
        "max_retry_wait_seconds": 60,
        "timeout_seconds": 5,
        "bot_user_id": str(BOT_USER_ID),
    }
    return HelpdeskSettings(**{**values, **overrides})
