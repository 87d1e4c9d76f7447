"""A stateful fake Jira Service Management site (Flask, in memory), served on a loopback port for connector tests.

It answers from the recorded-shape templates in ``tests/fixtures/jsm/`` and enforces the vendor rules the
connector must respect, so tests check what was actually written rather than which calls were made:
- comments are created only with ``POST /rest/servicedeskapi/request/{key}/comment``; a comment without
  ``public`` is public; ``GET .../comment`` honours ``public``/``internal`` and ``start``/``limit`` paging;
- Edit Issue (``PUT /rest/api/3/issue/{key}``, 204): ``update.labels[].add`` adds, ``fields.labels`` REPLACES,
  a label with a space is rejected (400), unknown priorities, request types, organisations, groups and fields
  are rejected (400), as Jira does;
- workflow transitions (``GET``/``POST /rest/api/3/issue/{key}/transitions``) change the JSM status;
- ``GET /rest/api/3/search/jql`` understands the connector's query (project + ``updated >= <epoch ms>``);
- unknown issue -> 404 with each API's own error body; missing or wrong Basic auth -> 401.
``fail_next`` scripts failures (status, headers) for the next matching requests.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, request

from carelayer.settings import HelpdeskSettings
from tests.connectors.jsm.fake_edit import GROUP_FIELD, ORGANIZATION_FIELD, REQUEST_TYPE_FIELD, apply_edit
from tests.connectors.zendesk.fake_zendesk import FakeClock, ScriptedFailure, Seen

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "jsm"
EMAIL = "carelayer-bot@clinic.example"
TOKEN = "fake-jsm-token-Qp42"
BOT_ACCOUNT_ID = "557058:carelayer-bot"
SERVICE_DESK_ID = "7"
PROJECT_KEY = "CL"
EPOCH_MS = 1_772_442_000_000  # 2026-03-02T09:00:00Z
JQL = re.compile(r'^project = "([A-Z][A-Z0-9_]*)" AND updated >= ([0-9]+) ORDER BY updated ASC$')


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def jira_time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}+0000"


def date_dto(ms: int) -> dict[str, Any]:
    stamp = jira_time(ms)
    return {"epochMillis": ms, "friendly": "Today", "iso8601": stamp[:19] + "+0000", "jira": stamp}


@dataclass
class FakeJsm:
    """The fake's whole state; ``app`` serves it. ``now_ms`` moves one second per write (a stepping clock)."""

    clock: FakeClock = field(default_factory=FakeClock)
    page_limit: int = 50  # JSM caps ``limit``: paging must follow ``isLastPage``
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    request_types: dict[str, str] = field(default_factory=dict)  # id -> name
    organizations: dict[str, str] = field(default_factory=dict)  # id -> name
    groups: set[str] = field(default_factory=set)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    now_ms: int = EPOCH_MS
    _failures: deque[ScriptedFailure] = field(default_factory=deque)
    _next_id: int = 10000
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.add_user(BOT_ACCOUNT_ID, "carelayer", EMAIL)

    # --- seeding -------------------------------------------------------------------------------------
    def add_user(self, account_id: str, name: str, email: str) -> dict[str, Any]:
        user = {**fixture("user.json"), "accountId": account_id, "name": account_id, "key": account_id}
        user.update(displayName=name, emailAddress=email)
        self.users[account_id] = user
        return user

    def add_request_type(self, name: str, type_id: str | None = None) -> str:
        type_id = type_id or str(self._new_id())
        self.request_types[type_id] = name
        return type_id

    def add_organization(self, name: str, org_id: str | None = None) -> str:
        org_id = org_id or str(self._new_id())
        self.organizations[org_id] = name
        return org_id

    def create_request(self, summary: str, description: str, *, labels: list[str] | tuple[str, ...] = ()) -> str:
        with self._lock:
            issue_id = self._new_id()
            key = f"{PROJECT_KEY}-{len(self.issues) + 1}"
            reporter = f"557058:patient-{issue_id}"
            self.add_user(reporter, f"Patient {issue_id}", f"patient{issue_id}@example.org")
            stamp = self._tick()
            self.issues[key] = {
                "id": str(issue_id),
                "key": key,
                "summary": summary,
                "description": description,
                "reporter": reporter,
                "labels": list(dict.fromkeys(labels)),
                "priority": "Medium",
                "request_type": next(iter(self.request_types), None),
                "organizations": [],
                "group": None,
                "status": "Waiting for support",
                "created": stamp,
                "updated": stamp,
                "comments": [],
            }
            return key

    def add_comment(self, key: str, body: str, *, public: bool, author: str) -> dict[str, Any]:
        with self._lock:
            issue = self.issues[key]
            comment = {"id": str(self._new_id()), "body": body, "public": public, "author": author}
            comment["created"] = issue["updated"] = self._tick()
            issue["comments"].append(comment)
            return comment

    def fail_next(
        self, status: int, *, times: int = 1, headers: dict[str, str] | None = None, method: str | None = None
    ) -> None:
        body = {"errorMessages": [f"scripted {status}"], "errors": {}}
        for _ in range(times):
            self._failures.append(ScriptedFailure(status, headers or {}, body, method, None))

    def writes(self) -> list[Seen]:
        return [s for s in self.requests if s.method != "GET"]

    def _new_id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def _tick(self) -> int:
        with self._lock:
            self.now_ms += 1000
            return self.now_ms

    # --- the app -------------------------------------------------------------------------------------
    @property
    def app(self) -> Flask:
        app = Flask("fake_jsm")
        app.before_request(self._before)
        app.after_request(self._after)
        sd, issue = "/rest/servicedeskapi", "/rest/api/3/issue/<key>"
        app.add_url_rule(f"{sd}/request/<key>", view_func=self._get_request)
        app.add_url_rule(f"{sd}/request/<key>/comment", view_func=self._comments, methods=["GET", "POST"])
        app.add_url_rule(f"{sd}/servicedesk/<desk>", view_func=self._service_desk)
        app.add_url_rule(f"{sd}/servicedesk/<desk>/requesttype", view_func=self._request_types)
        app.add_url_rule(f"{sd}/servicedesk/<desk>/organization", view_func=self._organizations)
        app.add_url_rule(issue, view_func=self._get_issue, methods=["GET"])
        app.add_url_rule(issue, view_func=self._edit_issue, methods=["PUT"])
        app.add_url_rule(f"{issue}/transitions", view_func=self._transitions, methods=["GET", "POST"])
        app.add_url_rule("/rest/api/3/search/jql", view_func=self._search)
        return app

    def _before(self) -> Response | None:
        body = request.get_json(silent=True) if request.data else None
        self.requests.append(Seen(request.method, request.path, dict(request.args), body))
        auth = request.authorization
        if not auth or auth.username != EMAIL or auth.password != TOKEN:
            return _error(401, ["Client must be authenticated to access this resource."])
        with self._lock:
            failure = next((f for f in self._failures if f.method in (None, request.method)), None)
            if failure is not None:
                self._failures.remove(failure)
        if failure is not None:
            response = jsonify(failure.body)
            response.status_code = failure.status
            response.headers.update(failure.headers)
            return response
        return None

    def _after(self, response: Response) -> Response:
        self.requests[-1].status = response.status_code
        return response

    def _issue(self, key: str, *, servicedesk: bool) -> dict[str, Any]:
        found = self.issues.get(key) or next((i for i in self.issues.values() if i["id"] == key), None)
        if found is None:
            if servicedesk:
                abort(_sd_error(404, "Request does not exist or you do not have permission to see it."))
            abort(_error(404, ["Issue does not exist or you do not have permission to see it."]))
        return found

    def _get_request(self, key: str) -> Response:
        issue = self._issue(key, servicedesk=True)
        dto = fixture("request.json")
        dto.update(issueId=issue["id"], issueKey=issue["key"], summary=issue["summary"])
        dto.update(serviceDeskId=SERVICE_DESK_ID, requestTypeId=issue["request_type"] or "")
        dto["createdDate"] = date_dto(issue["created"])
        dto["reporter"] = self.users[issue["reporter"]]
        dto["requestFieldValues"][0]["value"] = issue["summary"]
        dto["requestFieldValues"][1].update(value=issue["description"], renderedValue={"html": "<p>…</p>"})
        dto["currentStatus"].update(status=issue["status"], statusDate=date_dto(issue["updated"]))
        if "requestType" in request.args.get("expand", "").split(",") and issue["request_type"]:
            dto["requestType"] = {"id": issue["request_type"], "name": self.request_types[issue["request_type"]]}
        return jsonify(dto)

    def _comments(self, key: str) -> Response:
        issue = self._issue(key, servicedesk=True)
        if request.method == "POST":
            body = request.get_json(silent=True)
            if not isinstance(body, dict) or not str(body.get("body", "")).strip():
                return _sd_error(400, "The comment body must not be empty.")
            comment = self.add_comment(
                key, str(body["body"]), public=body.get("public", True) is not False, author=BOT_ACCOUNT_ID
            )
            return jsonify(self._comment_dto(comment)), 201  # type: ignore[return-value]
        public = request.args.get("public", "true") != "false"
        internal = request.args.get("internal", "true") != "false"
        shown = [c for c in issue["comments"] if (c["public"] and public) or (not c["public"] and internal)]
        return self._page([self._comment_dto(c) for c in shown])

    def _comment_dto(self, comment: dict[str, Any]) -> dict[str, Any]:
        dto = fixture("comment.json")
        dto.update(id=comment["id"], body=comment["body"], public=comment["public"])
        dto.update(author=self.users[comment["author"]], created=date_dto(comment["created"]))
        return dict(dto)

    def _page(self, values: list[dict[str, Any]]) -> Response:
        start = int(request.args.get("start", "0"))
        limit = min(int(request.args.get("limit", "50")), self.page_limit)
        chunk = values[start : start + limit]
        last = start + limit >= len(values)
        return jsonify(
            {"_expands": [], "size": len(chunk), "start": start, "limit": limit, "isLastPage": last, "values": chunk}
        )

    def _service_desk(self, desk: str) -> Response:
        if desk != SERVICE_DESK_ID:
            return _sd_error(404, "The service desk does not exist.")
        return jsonify({"id": desk, "projectId": "10000", "projectName": "Clinic support", "projectKey": PROJECT_KEY})

    def _request_types(self, desk: str) -> Response:
        return self._page([{"id": i, "name": n, "serviceDeskId": desk} for i, n in self.request_types.items()])

    def _organizations(self, desk: str) -> Response:
        return self._page([{"id": i, "name": n, "scimManaged": False} for i, n in self.organizations.items()])

    def _get_issue(self, key: str) -> Response:
        issue = self._issue(key, servicedesk=False)
        every = {
            "labels": issue["labels"],
            "priority": {**fixture("issue.json")["fields"]["priority"], "name": issue["priority"]},
            "created": jira_time(issue["created"]),
            "updated": jira_time(issue["updated"]),
            REQUEST_TYPE_FIELD: {"requestType": {"id": issue["request_type"]}} if issue["request_type"] else None,
            ORGANIZATION_FIELD: [{"id": o, "name": self.organizations[o]} for o in issue["organizations"]],
            GROUP_FIELD: {"name": issue["group"], "groupId": "g-" + issue["group"]} if issue["group"] else None,
        }
        wanted = request.args.get("fields", "").split(",")
        dto = fixture("issue.json")
        dto.update(id=issue["id"], key=issue["key"], fields={k: v for k, v in every.items() if k in wanted})
        return jsonify(dto)

    def _edit_issue(self, key: str) -> Response:
        issue = self._issue(key, servicedesk=False)
        body = request.get_json(silent=True)
        with self._lock:
            problem = apply_edit(self, issue, body)
            if problem is not None:
                return _error(400, [], problem)
            issue["updated"] = self._tick()
        return Response(status=204)

    def _transitions(self, key: str) -> Response:
        issue = self._issue(key, servicedesk=False)
        listed = fixture("transitions.json")
        if request.method == "GET":
            return jsonify(listed)
        body = request.get_json(silent=True)
        wanted = body.get("transition", {}).get("id") if isinstance(body, dict) else None
        match = next((t for t in listed["transitions"] if t["id"] == wanted), None)
        if match is None:
            return _error(400, [], {"transition": "Transition id is not valid for this issue."})
        with self._lock:
            issue["status"] = match["to"]["name"]
            issue["updated"] = self._tick()
        return Response(status=204)

    def _search(self) -> Response:
        found = JQL.match(request.args.get("jql", ""))
        if found is None:
            return _error(400, ["The fake understands only the connector's JQL."])
        since, limit = int(found.group(2)), int(request.args.get("maxResults", "50"))
        hits = sorted((i for i in self.issues.values() if i["updated"] >= since), key=lambda i: i["updated"])
        fields = request.args.get("fields", "").split(",")
        issues = [
            {
                "id": i["id"],
                "key": i["key"],
                "fields": {k: jira_time(i[k]) for k in ("created", "updated") if k in fields},
            }
            for i in hits[:limit]
        ]
        return jsonify({"issues": issues, "isLast": len(hits) <= limit})


def _error(status: int, messages: list[str], errors: dict[str, str] | None = None) -> Response:
    response = jsonify({"errorMessages": messages, "errors": errors or {}})
    response.status_code = status
    return response


def _sd_error(status: int, message: str) -> Response:
    response = jsonify({"errorMessage": message, "i18nErrorMessage": {"i18nKey": "sd.error", "parameters": []}})
    response.status_code = status
    return response


def settings_for(base_url: str, **overrides: Any) -> HelpdeskSettings:
    jsm = {"service_desk_id": SERVICE_DESK_ID, **overrides.pop("jsm", {})}
    values: dict[str, Any] = {
        "name": "jsm",
        "kind": "jsm",
        "url": base_url,
        "email": EMAIL,
        "max_retries": 3,
        "max_retry_wait_seconds": 60,
        "timeout_seconds": 5,
        "bot_user_id": BOT_ACCOUNT_ID,
        "jsm": jsm,
    }
    return HelpdeskSettings(**{**values, **overrides})
