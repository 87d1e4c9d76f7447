"""``JsmHelpdesk``: the ``Helpdesk`` contract over Jira Service Management (servicedeskapi + Jira platform).

Vendor rules this module exists to respect (links in README.md):
- comments go through ``POST /rest/servicedeskapi/request/{key}/comment``; ``"public": false`` is internal;
- labels are the tags, and are only ever ADDED (``{"update": {"labels": [{"add": ...}]}}`` on Edit Issue):
  ``fields.labels`` would replace them all; a Jira label cannot hold a space;
- priority, request type, organisations and group fields are Jira fields set with Edit Issue; status
  changes are workflow transitions (the agent's, from the Jira platform API: the servicedeskapi lists only
  the customer's transitions).
Every write first adds ``marker_tag`` (an idempotent label), so events our own writes cause can be recognised.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import requests

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings, JsmSettings
from carelayer.types import Ticket
from connectors.base import ClientOwner, Handoff, TicketEvent, client_options, match_name, unique_tags
from connectors.jsm.client import JSON, JsmClient, JsmPermanentError, Params
from connectors.jsm.mapping import issue_key, routing_value, ticket_from_json
from connectors.jsm.poll import poll_events

log = logging.getLogger(__name__)

SD = "/rest/servicedeskapi"
ISSUE = "/rest/api/3/issue"
PAGE_SIZE = 100
MAX_PAGES = 200
# JSM's own fields on cloud sites; an admin overrides them with ``jsm.route_field`` when the ids differ.
DEFAULT_ROUTE_FIELDS = {"request_type": "customfield_10010", "organization": "customfield_10002"}


class JsmHelpdesk(ClientOwner[JsmClient]):
    """One JSM service desk, built from its ``HelpdeskSettings`` and an agent's API token.

    ``sleep`` and ``rng`` are injected for tests; ``session`` lets a caller share a connection pool.
    """

    kind: str = "jsm"

    def __init__(
        self,
        settings: HelpdeskSettings,
        token: str,
        *,
        marker_tag: str,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if settings.kind != "jsm" or not settings.url or not settings.email or settings.jsm is None:
            raise ConfigError(f"helpdesk {settings.name!r}: a JSM connector needs kind jsm, url, email and jsm")
        if not marker_tag.strip():
            raise ConfigError(f"helpdesk {settings.name!r}: the marker tag cannot be empty")
        jsm = settings.jsm
        if jsm.route_by == "group_field" and jsm.route_field is None:
            raise ConfigError(f"helpdesk {settings.name!r}: jsm.route_by group_field needs jsm.route_field")
        self.name = settings.name
        self.marker_tag = _label(marker_tag)
        self._jsm: JsmSettings = jsm
        self._route_field = jsm.route_field or DEFAULT_ROUTE_FIELDS.get(jsm.route_by, "")
        self._status_after_handoff = settings.set_status
        options = client_options(settings, session=session, sleep=sleep, rng=rng)
        self._client = JsmClient(settings.url, settings.email, token, **options)
        self._routes: dict[str, str] = {}  # request type or organisation name -> id, refreshed on a miss
        self._project_key: str | None = None

    @property
    def client(self) -> JsmClient:
        return self._client

    def fetch_ticket(self, ticket_id: str) -> Ticket:
        """Get Customer Request (with its request type), every page of its comments (public AND internal),
        then the issue's labels, priority and routing field from the Jira platform API."""
        key = _key(ticket_id)
        request = self._client.get(f"{SD}/request/{key}", {"expand": "requestType"})
        comments = self._paged(f"{SD}/request/{key}/comment", {"public": "true", "internal": "true"})
        wanted = ["labels", "priority"] + ([self._route_field] if self._jsm.route_by != "request_type" else [])
        issue = self._client.get(f"{ISSUE}/{key}", {"fields": ",".join(wanted)})
        raw_fields = issue.get("fields")
        fields: Mapping[str, Any] = raw_fields if isinstance(raw_fields, Mapping) else {}
        if self._jsm.route_by == "request_type":
            group = routing_value(request.get("requestType"))
        else:
            group = routing_value(fields.get(self._route_field))
        return ticket_from_json(
            request, comments, fields, priorities=self._jsm.priorities, group=group, helpdesk=self.name
        )

    def add_internal_note(self, ticket_id: str, body: str) -> None:
        self._comment(ticket_id, body, public=False)

    def add_public_reply(self, ticket_id: str, body: str) -> None:
        self._comment(ticket_id, body, public=True)

    def add_tags(self, ticket_id: str, tags: Sequence[str]) -> None:
        """Labels added with Edit Issue's ``update.labels[].add``: every existing label stays. No call when empty."""
        if not _labels(tags):
            _key(ticket_id)
            return
        self._edit(ticket_id, {}, tags=tags)

    def hand_off(self, ticket_id: str, handoff: Handoff) -> None:
        """Routing field, priority and labels in ONE Edit Issue, then the internal note (and ``set_status``)."""
        key = _key(ticket_id)
        if not handoff.note or not handoff.note.strip():
            raise JsmPermanentError("refusing to post an empty comment")
        fields: dict[str, Any] = {}
        if handoff.priority:
            fields["priority"] = {"name": self._priority_name(handoff.priority)}
        if handoff.group:
            fields[self._route_field] = self._route_value(handoff.group)
        status = self._status_after_handoff
        transition = self._transition_id(key, status) if status else None  # every lookup before any write
        self._edit(key, fields, tags=handoff.tags)
        self._post_comment(key, handoff.note, public=False)
        if transition is not None:
            self._transition(key, transition)

    def set_status(self, ticket_id: str, status: str) -> None:
        """The workflow transition configured for ``status`` (``jsm.transitions``), else one named like it or
        leading to a status of that name; PermanentHelpdeskError naming the available ones when none fits."""
        key = _key(ticket_id)
        transition = self._transition_id(key, status)
        self._edit(key, {})
        self._transition(key, transition)

    def events_since(self, cursor: object, *, now: Callable[[], float] = time.time) -> tuple[list[TicketEvent], object]:
        """Issues of this service desk's project updated since ``cursor`` as events (``poll.py``), and the next
        cursor. InputError for a cursor this connector did not write."""
        return poll_events(self._client, cursor, project_key=self._project(), helpdesk=self.name, now=now)

    def _comment(self, ticket_id: str, body: str, *, public: bool) -> None:
        key = _key(ticket_id)
        if not body or not body.strip():
            raise JsmPermanentError("refusing to post an empty comment")
        self._edit(key, {})  # the marker label first: re-adding it on a retry is harmless, a comment is not
        self._post_comment(key, body, public=public)

    def _post_comment(self, key: str, body: str, *, public: bool) -> None:
        self._client.post(f"{SD}/request/{key}/comment", {"body": body, "public": public})
        log.info("JSM request %s: %s comment added", key, "public" if public else "internal")

    def _edit(self, ticket_id: str, fields: Mapping[str, Any], *, tags: Iterable[str] = ()) -> None:
        key = _key(ticket_id)
        update = {"labels": [{"add": label} for label in _labels([*tags, self.marker_tag])]}
        body: dict[str, Any] = {"update": update, **({"fields": dict(fields)} if fields else {})}
        self._client.put(f"{ISSUE}/{key}", body)
        log.info("JSM issue %s edited (%s)", key, ", ".join(["labels", *sorted(fields)]))

    def _transition_id(self, key: str, status: str) -> str:
        """The id of the agent transition reaching ``status`` (configured name, transition name or target status)."""
        wanted = self._jsm.transitions.get(status, status).strip().casefold()
        listed = self._client.get(f"{ISSUE}/{key}/transitions")
        options = [t for t in listed.get("transitions") or [] if isinstance(t, Mapping)]
        for option in options:
            target = option.get("to")
            target_name = target.get("name", "") if isinstance(target, Mapping) else ""
            names = {str(option.get("name", "")).casefold(), str(target_name).casefold()}
            if wanted in names and option.get("id"):
                return str(option["id"])
        known = ", ".join(sorted(str(o.get("name")) for o in options)) or "none"
        raise JsmPermanentError(f"JSM issue {key}: no transition to {status!r} (available: {known})")

    def _transition(self, key: str, transition_id: str) -> None:
        self._client.post(f"{ISSUE}/{key}/transitions", {"transition": {"id": transition_id}})
        log.info("JSM issue %s transitioned", key)

    def _priority_name(self, priority: str) -> str:
        name = self._jsm.priorities.get(priority)
        if name is None:
            known = ", ".join(sorted(self._jsm.priorities))
            raise JsmPermanentError(f"priority {priority!r} has no Jira priority in jsm.priorities (known: {known})")
        return name

    def _route_value(self, group: str) -> Any:
        """The Edit Issue value that routes to ``group`` under the configured ``route_by``."""
        if self._jsm.route_by == "group_field":
            return {"name": group.strip()}
        found = self._route_id(group)
        return found if self._jsm.route_by == "request_type" else [int(found)]

    def _route_id(self, name: str) -> str:
        """The id of the request type / organisation called ``name`` (exact, else case-insensitive); cached."""
        found = match_name(self._routes, name)
        if found is None:
            self._routes = self._load_routes()
            found = match_name(self._routes, name)
        if found is None:
            what = "request type" if self._jsm.route_by == "request_type" else "organization"
            known = ", ".join(sorted(self._routes)[:20]) or "none"
            raise JsmPermanentError(f"JSM service desk has no {what} named {name.strip()!r} (known: {known})")
        return found

    def _load_routes(self) -> dict[str, str]:
        desk = self._jsm.service_desk_id
        path = "requesttype" if self._jsm.route_by == "request_type" else "organization"
        routes: dict[str, str] = {}
        for item in self._paged(f"{SD}/servicedesk/{desk}/{path}", {}):
            item_id, item_name = item.get("id"), item.get("name")
            if isinstance(item_id, str) and item_id.isdigit() and isinstance(item_name, str):
                routes[item_name] = item_id
        return routes

    def _project(self) -> str:
        if self._project_key is None:
            desk = self._client.get(f"{SD}/servicedesk/{self._jsm.service_desk_id}")
            project = desk.get("projectKey")
            if not isinstance(project, str) or not project:
                raise JsmPermanentError(f"JSM service desk {self._jsm.service_desk_id} answered without a projectKey")
            self._project_key = project
        return self._project_key

    def _paged(self, path: str, params: Params) -> list[JSON]:
        """Every ``values`` item of a servicedeskapi page list (``start``/``limit`` until ``isLastPage``).

        A page that brings no new item ends the list too: a server that ignored ``start`` would repeat forever.
        """
        items: list[JSON] = []
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = self._client.get(path, {**params, "start": len(items), "limit": PAGE_SIZE})
            values = [v for v in page.get("values") or [] if isinstance(v, dict)]
            new = [v for v in values if str(v.get("id")) not in seen]
            seen.update(str(v.get("id")) for v in new)
            items.extend(new)
            if page.get("isLastPage") is not False or not new:
                return items
        raise JsmPermanentError(f"JSM {path}: more than {MAX_PAGES} pages")


def _key(ticket_id: str) -> str:
    key = issue_key(ticket_id)
    if key is None:
        raise JsmPermanentError(f"{ticket_id!r} is not a Jira issue key or id")
    return key


def _label(tag: str) -> str:
    """A Jira label: no whitespace (Jira rejects it), at most 255 characters."""
    return "_".join(tag.split())[:255]


def _labels(tags: Iterable[str]) -> list[str]:
    return unique_tags(tags, _label)
