"""A stateful fake ``Helpdesk``: tickets, comments and tags in memory, every write recorded.

With ``path`` the state lives in a JSON file (read before and written atomically after every call), so
a child process and the test share one helpdesk, and a process killed mid-call leaves it whole.
Errors are injected per method with ``fail_next`` (consumed in order), never with mocks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from carelayer.errors import PermanentHelpdeskError
from carelayer.types import Comment, Requester, Ticket
from connectors.base import Handoff

REQUESTER_ID = "patient-1"
AGENT_ID = "agent-7"
BOT_ID = "carelayer-bot"


class FakeHelpdesk:
    """Implements ``connectors.base.Helpdesk``; ``writes`` lists every write as a dict, in order."""

    kind = "fake"

    def __init__(self, *, marker_tag: str = "carelayer", path: Path | None = None) -> None:
        self.marker_tag = marker_tag
        self._path = path
        self._state: dict[str, Any] = {"tickets": {}, "writes": [], "next_id": 1}
        self._failures: dict[str, list[Exception]] = {}
        self._load()

    # -- what the outside world does -------------------------------------------------------------

    def create_ticket(self, subject: str, body: str, *, requester_id: str = REQUESTER_ID) -> str:
        self._load()
        ticket_id = str(self._next_id())
        self._state["tickets"][ticket_id] = {
            "subject": subject,
            "requester_id": requester_id,
            "tags": [],
            "group": None,
            "priority": None,
            "status": "new",
            "comments": [],
        }
        self._comment(ticket_id, body, public=True, author=requester_id)
        self._save()
        return ticket_id

    def add_requester_comment(self, ticket_id: str, body: str) -> None:
        self._load()
        self._comment(ticket_id, body, public=True, author=self._ticket(ticket_id)["requester_id"])
        self._save()

    def add_agent_comment(self, ticket_id: str, body: str, *, public: bool = True) -> None:
        self._load()
        self._comment(ticket_id, body, public=public, author=AGENT_ID)
        self._save()

    def fail_next(self, method: str, error: Exception) -> None:
        """The next call of ``method`` raises ``error`` (queue several to fail several calls)."""
        self._failures.setdefault(method, []).append(error)

    # -- the Helpdesk contract -------------------------------------------------------------------

    def fetch_ticket(self, ticket_id: str) -> Ticket:
        self._maybe_fail("fetch_ticket")
        self._load()
        data = self._ticket(ticket_id)
        comments = tuple(Comment(c["id"], c["body"], c["public"], c["author_id"]) for c in data["comments"])
        return Ticket(
            id=ticket_id,
            subject=data["subject"],
            body=comments[0].body,
            comments=comments,
            tags=tuple(sorted(data["tags"])),
            requester=Requester(id=data["requester_id"]),
            status=data["status"],
            priority=data["priority"],
            group=data["group"],
            helpdesk="fake",
        )

    def add_internal_note(self, ticket_id: str, body: str) -> None:
        self._write("add_internal_note", ticket_id, {"kind": "note", "body": body})
        self._comment(ticket_id, body, public=False, author=BOT_ID)
        self._save()

    def add_public_reply(self, ticket_id: str, body: str) -> None:
        self._write("add_public_reply", ticket_id, {"kind": "reply", "body": body})
        self._comment(ticket_id, body, public=True, author=BOT_ID)
        self._save()

    def add_tags(self, ticket_id: str, tags: Sequence[str]) -> None:
        self._write("add_tags", ticket_id, {"kind": "tags", "tags": list(tags)})
        self._tag(ticket_id, tags)
        self._save()

    def hand_off(self, ticket_id: str, handoff: Handoff) -> None:
        record = {"kind": "handoff", "body": handoff.note, "group": handoff.group, "priority": handoff.priority}
        self._write("hand_off", ticket_id, {**record, "tags": list(handoff.tags)})
        ticket = self._ticket(ticket_id)
        ticket["group"] = handoff.group or ticket["group"]
        ticket["priority"] = handoff.priority or ticket["priority"]
        self._tag(ticket_id, handoff.tags)
        self._comment(ticket_id, handoff.note, public=False, author=BOT_ID)
        self._save()

    def set_status(self, ticket_id: str, status: str) -> None:
        self._write("set_status", ticket_id, {"kind": "status", "status": status})
        self._ticket(ticket_id)["status"] = status
        self._save()

    # -- what tests look at ----------------------------------------------------------------------

    @property
    def writes(self) -> list[dict[str, Any]]:
        self._load()
        return [dict(w) for w in self._state["writes"]]

    def notes(self, ticket_id: str) -> list[Comment]:
        return [c for c in self.fetch_ticket(ticket_id).comments if not c.public]

    def public_comments(self, ticket_id: str) -> list[Comment]:
        return [c for c in self.fetch_ticket(ticket_id).comments if c.public]

    # -- internals -------------------------------------------------------------------------------

    def _write(self, method: str, ticket_id: str, record: dict[str, Any]) -> None:
        """Start a carelayer write: injected failure, fresh state, the ticket must exist; then record it."""
        self._maybe_fail(method)
        self._load()
        self._ticket(ticket_id)
        self._state["writes"].append({"ticket_id": ticket_id, **record})
        self._tag(ticket_id, [self.marker_tag])  # like a real connector: every write carries the marker

    def _maybe_fail(self, method: str) -> None:
        pending = self._failures.get(method)
        if pending:
            raise pending.pop(0)

    def _ticket(self, ticket_id: str) -> dict[str, Any]:
        ticket: dict[str, Any] | None = self._state["tickets"].get(ticket_id)
        if ticket is None:
            raise PermanentHelpdeskError(f"fake helpdesk: no ticket {ticket_id!r}")
        return ticket

    def _comment(self, ticket_id: str, body: str, *, public: bool, author: str) -> None:
        comment = {"id": str(self._next_id()), "body": body, "public": public, "author_id": author}
        self._ticket(ticket_id)["comments"].append(comment)

    def _tag(self, ticket_id: str, tags: Sequence[str]) -> None:
        ticket = self._ticket(ticket_id)
        ticket["tags"] = sorted(set(ticket["tags"]) | set(tags))

    def _next_id(self) -> int:
        value = int(self._state["next_id"])
        self._state["next_id"] = value + 1
        return value

    def _load(self) -> None:
        if self._path is not None and self._path.exists():
            self._state = json.loads(self._path.read_text(encoding="utf-8"))

    def _save(self) -> None:
        if self._path is None:
            return
        temporary = self._path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self._state), encoding="utf-8")
        os.replace(temporary, self._path)  # atomic: a kill mid-save leaves the previous state
