"""A stateful fake Freshdesk API v2 (Flask, in memory), served on a loopback port for connector tests.

It follows the published reference (https://developers.freshdesk.com/api/) closely enough that tests check
what was actually written, not which calls were made:
- tickets with Freshdesk's fields and numbers (status 2 open, 3 pending, 4 resolved, 5 closed; priority 1 low
  .. 4 urgent), ``description``/``description_text``; ``tags`` on Update Ticket REPLACE all tags;
- conversations with ``private``, ``incoming``, ``user_id``, ``body`` (HTML) and ``body_text``; notes are
  private unless ``"private": false``; replies are public; unknown request fields are refused (``invalid_field``);
- errors as ``{"description": "Validation failed", "errors": [{"field", "message", "code"}]}``; unknown ticket
  -> 404; spam/deleted ticket -> 405; wrong key -> 401;
- Basic auth ``<api key>:X``; page/per_page pagination (max 100) with ``Link: <...>; rel="next"``;
- ``X-RateLimit-Total``/``-Remaining``/``-Used-CurrentRequest`` on every answer, an account budget per minute
  and per-endpoint budgets on the injected clock, each embed costing one more credit; over budget -> 429 with
  ``Retry-After``;
- ``GET /api/v2/tickets`` with ``updated_since``, ``order_by``, ``order_type`` (spam and deleted left out).
``fail_next`` scripts failures (status, headers) for the next matching requests.
"""

from __future__ import annotations

import html
import math
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Response, abort, jsonify, request

from carelayer.settings import HelpdeskSettings
from tests.connectors.zendesk.fake_zendesk import FakeClock, ScriptedFailure, Seen

API_KEY = "fd-key-Q7x2Lm9Rt4"
BOT_AGENT_ID = 77000001
EPOCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START = 10_000.0  # FakeClock's default start
STATUSES = (2, 3, 4, 5)
PRIORITIES = (1, 2, 3, 4)
UPDATE_FIELDS = frozenset({"status", "priority", "group_id", "tags", "responder_id", "subject", "type"})
NOTE_FIELDS = frozenset({"body", "private", "incoming", "user_id", "notify_emails"})
REPLY_FIELDS = frozenset({"body", "user_id", "from_email", "cc_emails", "bcc_emails"})
DEFAULT_LIMITS = {"account": 200, "ticket_create": 80, "ticket_update": 80, "tickets_list": 20}
_TICKET = re.compile(r"^/api/v2/tickets/[0-9]+$")


@dataclass
class FakeFreshdesk:
    """The fake's whole state; ``app`` serves it. Integers are Freshdesk ids, as on the wire."""

    clock: FakeClock = field(default_factory=FakeClock)
    limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    groups: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    rate_limited: int = 0
    _spent: dict[str, list[float]] = field(default_factory=dict)
    _failures: deque[ScriptedFailure] = field(default_factory=deque)
    _next_id: int = 5000
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # --- seeding -------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return EPOCH + timedelta(seconds=self.clock() - START)

    def add_group(self, name: str) -> int:
        group_id = self._new_id()
        stamp = _iso(EPOCH)
        self.groups[group_id] = {"id": group_id, "name": name, "description": None, "agent_ids": [],
                                 "created_at": stamp, "updated_at": stamp}  # fmt: skip
        return group_id

    def add_contact(self, name: str, email: str) -> int:
        contact_id = self._new_id()
        self.contacts[contact_id] = {"id": contact_id, "name": name, "email": email, "mobile": None, "phone": None}
        return contact_id

    def create_ticket(
        self, subject: str, body: str, *, tags: list[str] | tuple[str, ...] = (), status: int = 2, spam: bool = False
    ) -> int:
        with self._lock:
            ticket_id = self._new_id()
            requester = self.add_contact(f"Patient {ticket_id}", f"patient{ticket_id}@example.org")
            stamp = _iso(self.now())
            self.tickets[ticket_id] = {
                "id": ticket_id, "subject": subject, "description": f"<div>{html.escape(body)}</div>",
                "description_text": body, "status": status, "priority": 1, "source": 2, "type": None,
                "group_id": None, "requester_id": requester, "responder_id": None, "company_id": None,
                "product_id": None, "email_config_id": None, "tags": list(dict.fromkeys(tags)), "spam": spam,
                "deleted": False, "fr_escalated": False, "is_escalated": False, "cc_emails": [], "fwd_emails": [],
                "reply_cc_emails": [], "to_emails": None, "custom_fields": {}, "attachments": [],
                "created_at": stamp, "updated_at": stamp, "due_by": stamp, "fr_due_by": stamp,
            }  # fmt: skip
            self.conversations[ticket_id] = []
            return ticket_id

    def add_conversation(
        self, ticket_id: int, body_html: str, *, private: bool, incoming: bool, user_id: int, source: int
    ) -> dict[str, Any]:
        with self._lock:
            stamp = _iso(self.now())
            conversation = {
                "id": self._new_id(), "body": body_html, "body_text": _text(body_html), "incoming": incoming,
                "private": private, "user_id": user_id, "support_email": None, "source": source,
                "ticket_id": ticket_id, "to_emails": [], "from_email": None, "cc_emails": [], "bcc_emails": [],
                "attachments": [], "created_at": stamp, "updated_at": stamp,
            }  # fmt: skip
            self.conversations[ticket_id].append(conversation)
            self.tickets[ticket_id]["updated_at"] = stamp
            return conversation

    def requester_reply(self, ticket_id: int, text: str) -> dict[str, Any]:
        """The requester answers by email (a public, incoming conversation)."""
        requester = int(self.tickets[ticket_id]["requester_id"])
        body = f"<div>{html.escape(text)}</div>"
        return self.add_conversation(ticket_id, body, private=False, incoming=True, user_id=requester, source=0)

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
        body = {"description": f"scripted {status}", "errors": []}
        for _ in range(times):
            self._failures.append(ScriptedFailure(status, headers or {}, body, method, path_suffix))

    # --- reading back --------------------------------------------------------------------------------
    def group_name(self, ticket_id: int) -> str | None:
        group_id = self.tickets[ticket_id]["group_id"]
        return None if group_id is None else str(self.groups[group_id]["name"])

    def writes(self) -> list[Seen]:
        return [s for s in self.requests if s.method != "GET"]

    def _new_id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    # --- the app -------------------------------------------------------------------------------------
    @property
    def app(self) -> Flask:
        app = Flask("fake_freshdesk")
        app.before_request(self._before)
        app.after_request(self._after)
        rule = app.add_url_rule
        rule("/api/v2/tickets", view_func=self._list_tickets, methods=["GET"])
        rule("/api/v2/tickets/<int:ticket_id>", view_func=self._view_ticket, methods=["GET"])
        rule("/api/v2/tickets/<int:ticket_id>", view_func=self._update_ticket, methods=["PUT"])
        rule("/api/v2/tickets/<int:ticket_id>/notes", view_func=self._create_note, methods=["POST"])
        rule("/api/v2/tickets/<int:ticket_id>/reply", view_func=self._create_reply, methods=["POST"])
        rule("/api/v2/tickets/<int:ticket_id>/conversations", view_func=self._list_conversations, methods=["GET"])
        rule("/api/v2/groups", view_func=self._list_groups, methods=["GET"])
        return app

    def _before(self) -> Response | None:
        body = request.get_json(silent=True) if request.data else None
        self.requests.append(Seen(request.method, request.path, dict(request.args), body))
        auth = request.authorization
        if auth is None or auth.username != API_KEY:
            return _json(
                {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}, 401
            )
        failure = self._scripted(request.method, request.path)
        if failure is not None:
            response = _json(failure.body, failure.status)
            response.headers.update(failure.headers)
            return response
        return self._spend()

    def _after(self, response: Response) -> Response:
        self.requests[-1].status = response.status_code
        spent = self._spent.get("account", [])
        response.headers["X-RateLimit-Total"] = str(self.limits["account"])
        response.headers["X-RateLimit-Remaining"] = str(max(0, self.limits["account"] - len(spent)))
        response.headers["X-RateLimit-Used-CurrentRequest"] = str(self._credits())
        return response

    def _credits(self) -> int:
        include = request.args.get("include", "")
        return 1 + len([part for part in include.split(",") if part.strip()])

    def _spend(self) -> Response | None:
        """Count the call against the account and its endpoint; 429 with Retry-After when over either."""
        with self._lock:
            now = self.clock()
            buckets = ["account", *[b for b in [_endpoint(request.method, request.path)] if b in self.limits]]
            waits = []
            for name in buckets:
                recent = [t for t in self._spent.get(name, []) if t > now - 60.0]
                self._spent[name] = recent
                if len(recent) >= self.limits[name]:
                    waits.append(recent[len(recent) - self.limits[name]] + 60.0 - now)
            if waits:
                self.rate_limited += 1
                response = _json({"description": "Rate limit exceeded", "errors": []}, 429)
                response.headers["Retry-After"] = str(max(1, math.ceil(max(waits))))
                return response
            for name in buckets:
                credits = self._credits() if name == "account" else 1
                self._spent[name].extend([now] * credits)
        return None

    def _scripted(self, method: str, path: str) -> ScriptedFailure | None:
        with self._lock:
            for failure in list(self._failures):
                if failure.method in (None, method) and (
                    failure.path_suffix is None or path.endswith(failure.path_suffix)
                ):
                    self._failures.remove(failure)
                    return failure
        return None

    def _ticket(self, ticket_id: int, *, writable: bool = False) -> dict[str, Any]:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            abort(Response(status=404))  # Freshdesk: 404 with an empty body
        if writable and (ticket["spam"] or ticket["deleted"]):
            abort(_json({"code": "method_not_allowed", "message": "Ticket is marked as spam or deleted"}, 405))
        return ticket

    def _view_ticket(self, ticket_id: int) -> Response:
        ticket = dict(self._ticket(ticket_id))
        include = {part.strip() for part in request.args.get("include", "").split(",") if part.strip()}
        if include - {"requester", "conversations", "company", "stats"}:
            return _invalid("include", "It should be one of these values: 'conversations,requester,company,stats'")
        if "requester" in include:
            ticket["requester"] = self.contacts[ticket["requester_id"]]
        if "conversations" in include:
            ticket["conversations"] = self.conversations[ticket_id][:10]
        return jsonify(ticket)

    def _update_ticket(self, ticket_id: int) -> Response:
        ticket = self._ticket(ticket_id, writable=True)
        changes = request.get_json(silent=True)
        if not isinstance(changes, dict):
            return _invalid("", "Request body has invalid json format", "invalid_json")
        problem = self._invalid_update(changes)
        if problem is not None:
            return problem
        with self._lock:
            for key, value in changes.items():
                ticket[key] = list(dict.fromkeys(value)) if key == "tags" else value  # tags: REPLACED
            ticket["updated_at"] = _iso(self.now())
        return jsonify(ticket)

    def _invalid_update(self, changes: dict[str, Any]) -> Response | None:
        for key in changes:
            if key not in UPDATE_FIELDS:
                return _invalid(key, "Unexpected/invalid field in request", "invalid_field")
        if "priority" in changes and changes["priority"] not in PRIORITIES:
            return _invalid("priority", "It should be one of these values: '1,2,3,4'")
        if "status" in changes and changes["status"] not in STATUSES:
            return _invalid("status", "It should be one of these values: '2,3,4,5'")
        if "group_id" in changes and changes["group_id"] not in self.groups:
            return _invalid("group_id", "There is no group matching the given group_id")
        tags = changes.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) and t and "," not in t for t in tags):
            return _invalid("tags", "It should contain elements of type string only", "datatype_mismatch")
        return None

    def _create_note(self, ticket_id: int) -> Response:
        self._ticket(ticket_id, writable=True)
        return self._conversation(ticket_id, NOTE_FIELDS, note=True)

    def _create_reply(self, ticket_id: int) -> Response:
        self._ticket(ticket_id, writable=True)
        return self._conversation(ticket_id, REPLY_FIELDS, note=False)

    def _conversation(self, ticket_id: int, allowed: frozenset[str], *, note: bool) -> Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _invalid("", "Request body has invalid json format", "invalid_json")
        for key in body:
            if key not in allowed:
                return _invalid(key, "Unexpected/invalid field in request", "invalid_field")
        text = body.get("body")
        if not isinstance(text, str) or not _text(text):
            return _invalid("body", "It should be a/an String", "missing_field")
        private = body.get("private", True) is not False if note else False
        created = self.add_conversation(
            ticket_id,
            text,
            private=private,
            incoming=bool(body.get("incoming", False)),
            user_id=int(body.get("user_id") or BOT_AGENT_ID),
            source=2 if note else 0,
        )
        response = jsonify({**created, "notified_to": []} if note else created)
        response.status_code = 201
        response.headers["Location"] = f"{request.host_url}api/v2/tickets/{ticket_id}/conversations"
        return response

    def _list_conversations(self, ticket_id: int) -> Response:
        self._ticket(ticket_id)
        return self._page(self.conversations[ticket_id])

    def _list_groups(self) -> Response:
        return self._page(list(self.groups.values()))

    def _list_tickets(self) -> Response:
        since_text = request.args.get("updated_since")
        live = [t for t in self.tickets.values() if not t["spam"] and not t["deleted"]]
        if since_text is None:
            floor = _iso(self.now() - timedelta(days=30))
            chosen = [t for t in live if t["created_at"] >= floor]
        else:
            since = _parse(since_text)
            if since is None:
                return _invalid("updated_since", "It should be in the 'YYYY-MM-DDTHH:MM:SSZ' format")
            chosen = [t for t in live if (_parse(t["updated_at"]) or EPOCH) >= since]
        order_by = request.args.get("order_by", "created_at")
        if order_by not in ("created_at", "due_by", "updated_at", "status"):
            return _invalid("order_by", "It should be one of these values: 'created_at,due_by,updated_at,status'")
        reverse = request.args.get("order_type", "desc") == "desc"
        chosen.sort(key=lambda t: (t[order_by], t["id"]), reverse=reverse)
        extra: dict[str, Any] = {
            "ticket_cc_emails": [],
            "association_type": None,
            "support_email": None,
            "associated_tickets_count": None,
        }
        hidden = ("description", "description_text")  # listed only with include=description
        return self._page([{**{k: v for k, v in t.items() if k not in hidden}, **extra} for t in chosen])

    def _page(self, items: list[dict[str, Any]]) -> Response:
        try:
            per_page = int(request.args.get("per_page", "30"))
            page = int(request.args.get("page", "1"))
        except ValueError:
            return _invalid("per_page", "It should be a/an Positive Integer", "datatype_mismatch")
        if not 1 <= per_page <= 100 or page < 1:
            return _invalid("per_page", "It should be a Positive Integer less than or equal to 100")
        start = (page - 1) * per_page
        response = jsonify(items[start : start + per_page])
        if start + per_page < len(items):
            args = {**request.args, "page": str(page + 1)}
            query = "&".join(f"{k}={v}" for k, v in args.items())
            response.headers["Link"] = f'<{request.base_url}?{query}>; rel="next"'
        return response


def _endpoint(method: str, path: str) -> str | None:
    if path == "/api/v2/tickets":
        return "tickets_list" if method == "GET" else "ticket_create" if method == "POST" else None
    return "ticket_update" if method == "PUT" and _TICKET.match(path) else None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _text(markup: str) -> str:
    """Freshdesk's ``body_text``: the HTML's text, paragraphs and breaks as newlines."""
    text = re.sub(
        r"</(p|div)>\s*", "\n\n", re.sub(r"<br\s*/?>", "\n", markup, flags=re.IGNORECASE), flags=re.IGNORECASE
    )
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _json(payload: Any, status: int) -> Response:
    response = jsonify(payload)
    response.status_code = status
    return response


def _invalid(field_name: str, message: str, code: str = "invalid_value") -> Response:
    return _json(
        {"description": "Validation failed", "errors": [{"field": field_name, "message": message, "code": code}]}, 400
    )


def settings_for(base_url: str, **overrides: Any) -> HelpdeskSettings:
    values: dict[str, Any] = {
        "name": "freshdesk",
        "kind": "freshdesk",
        "url": base_url,
        "max_retries": 3,
        "max_retry_wait_seconds": 60,
        "timeout_seconds": 5,
        "bot_user_id": str(BOT_AGENT_ID),
    }
    return HelpdeskSettings(**{**values, **overrides})
