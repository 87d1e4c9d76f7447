"""The JQL polling fallback: issues of the service desk's project updated since a cursor, as ticket events.

Jira compares a date field with a number as epoch milliseconds, which sidesteps the site's time zone (a
formatted date in JQL is read in the API user's zone, with minute precision). The search is
``GET /rest/api/3/search/jql`` (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
#api-rest-api-3-search-jql-get), ordered by ``updated`` ascending, one page per call.

The cursor is JSON (``{"since": <epoch ms>, "keys": [...]}``): ``updated >= since`` would return the last
issue again, so the keys already reported at exactly ``since`` are remembered and skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from carelayer.errors import InputError
from connectors.base import TicketEvent
from connectors.jsm.client import JsmClient
from connectors.jsm.mapping import search_events

SEARCH_PATH = "/rest/api/3/search/jql"
PAGE_SIZE = 100
FIRST_WINDOW_SECONDS = 3600


def start_cursor(cursor: object, now: Callable[[], float]) -> tuple[int, frozenset[str]]:
    """``(since_ms, keys seen at since)`` from a stored cursor; 0/None: an hour before ``now()`` (unix seconds).

    InputError for anything else (a cursor written by another connector kind, or edited by hand).
    """
    if cursor in (0, None):
        return round((now() - FIRST_WINDOW_SECONDS) * 1000), frozenset()
    if isinstance(cursor, Mapping):
        since, keys = cursor.get("since"), cursor.get("keys", [])
        if isinstance(since, int) and not isinstance(since, bool) and since >= 0 and isinstance(keys, list):
            return since, frozenset(k for k in keys if isinstance(k, str))
    raise InputError(f"JSM poll cursor must be 0 or {{'since': <epoch ms>, 'keys': [...]}} (got {cursor!r})")


def jql_for(project_key: str, since_ms: int) -> str:
    """Issues of the project updated at or after ``since_ms``, oldest update first."""
    project = project_key.replace("\\", "\\\\").replace('"', '\\"')
    return f'project = "{project}" AND updated >= {since_ms} ORDER BY updated ASC'


def poll_events(
    client: JsmClient, cursor: object, *, project_key: str, helpdesk: str, now: Callable[[], float]
) -> tuple[list[TicketEvent], dict[str, Any]]:
    """One page of events after ``cursor`` and the cursor to pass next (unchanged when nothing is new)."""
    since, seen = start_cursor(cursor, now)
    params: dict[str, str | int] = {
        "jql": jql_for(project_key, since),
        "fields": "created,updated",
        "maxResults": PAGE_SIZE,
    }
    page = client.get(SEARCH_PATH, params)
    issues = page.get("issues")
    found = search_events(
        [i for i in issues if isinstance(i, Mapping)] if isinstance(issues, list) else [], helpdesk=helpdesk
    )
    fresh = [(e, ms) for e, ms in found if ms > since or (ms == since and e.ticket_id not in seen)]
    if not fresh:
        return [], {"since": since, "keys": sorted(seen)}
    latest = max(ms for _, ms in fresh)
    at_latest = {e.ticket_id for e, ms in fresh if ms == latest}
    keys = at_latest | seen if latest == since else at_latest
    return [e for e, _ in fresh], {"since": latest, "keys": sorted(keys)}
