"""Confluence REST v1 JSON to core types, CQL text and sync cursors: pure functions, no HTTP.

Content (page) object: https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content/
CQL ``lastmodified`` takes ``"yyyy-MM-dd HH:mm"`` read in the server's (Cloud: the user's) time zone,
minute precision: https://developer.atlassian.com/cloud/confluence/cql-fields/#last-modified
so an incremental query starts an overlap window before the newest change already seen, in the
offset the API reported with that change, and pages seen inside the window are skipped by id+version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from carelayer.types import Article
from knowledge.sources.confluence_storage import storage_to_document

JSON = Mapping[str, Any]
_READ_RESTRICTIONS = "restrictions.read.restrictions.user,restrictions.read.restrictions.group"
# What a listing needs to decide whether a page may be indexed (no bodies).
LIST_EXPAND = f"version,metadata.labels,ancestors,{_READ_RESTRICTIONS}"
# The same plus the body, for pages that will be indexed.
PAGE_EXPAND = f"body.storage,{LIST_EXPAND}"
RESTRICTIONS_EXPAND = _READ_RESTRICTIONS


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What decides whether (and how freshly) a page is indexed."""

    id: str
    version: int
    when: datetime | None  # as Confluence reported it, with its offset
    status: str
    labels: tuple[str, ...]
    restricted: bool  # view restrictions on the page itself (ancestors are checked separately)
    ancestor_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where an incremental sync resumes: the newest change seen, and id -> (version, date) of the pages
    seen within the overlap window before it (re-listed there, they are skipped, not fetched again)."""

    since: datetime | None = None
    seen: Mapping[str, tuple[int, datetime]] = field(default_factory=dict)

    def encode(self) -> str:
        since = None if self.since is None else self.since.isoformat()
        seen = {k: [version, when.isoformat()] for k, (version, when) in self.seen.items()}
        return json.dumps({"since": since, "seen": seen}, sort_keys=True)

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """A cursor from ``encode``; anything unreadable is an empty cursor (the next query lists everything)."""
        try:
            data = json.loads(text)
            since = datetime.fromisoformat(data["since"]) if data.get("since") else None
            seen = {str(k): (int(v[0]), datetime.fromisoformat(v[1])) for k, v in dict(data.get("seen") or {}).items()}
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return cls()
        return cls(since, seen)

    def has_seen(self, facts: PageFacts) -> bool:
        entry = self.seen.get(facts.id)
        return entry is not None and entry[0] >= facts.version

    def advanced(self, pages: Sequence[PageFacts], overlap: timedelta) -> Cursor:
        """The cursor once ``pages`` are stored: newest change, and what lies in the window before it."""
        merged = dict(self.seen)
        merged.update({p.id: (p.version, p.when) for p in pages if p.when is not None})
        dates = [when for _, when in merged.values()] + ([self.since] if self.since else [])
        if not dates:
            return self
        since = max(dates)
        horizon = since - overlap
        return Cursor(since, {k: v for k, v in merged.items() if v[1] >= horizon})


def cql(spaces: Sequence[str], since: datetime | None, overlap: timedelta) -> str:
    """The CQL for current pages of ``spaces`` (changed since ``since`` minus ``overlap``), oldest change first."""
    keys = ", ".join(_quote(space) for space in spaces)
    query = f"type = page AND space IN ({keys})"
    if since is not None:
        query += f' AND lastmodified >= "{(since - overlap).strftime("%Y-%m-%d %H:%M")}"'
    return query + " ORDER BY lastmodified ASC"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_facts(page: JSON) -> PageFacts:
    """Facts of a content object; raises KeyError/ValueError/TypeError on a malformed one."""
    version = page.get("version") or {}
    when_text = version.get("when")
    labels = ((page.get("metadata") or {}).get("labels") or {}).get("results") or []
    return PageFacts(
        id=str(page["id"]),
        version=int(version.get("number", 0)),
        when=datetime.fromisoformat(when_text) if when_text else None,
        status=str(page.get("status", "current")),
        labels=tuple(str(label["name"]).lower() for label in labels),
        restricted=read_restricted(page),
        ancestor_ids=tuple(str(a["id"]) for a in page.get("ancestors") or ()),
    )


def read_restricted(content: JSON) -> bool:
    """True when the content carries view (read) restrictions for any user or group."""
    read = ((content.get("restrictions") or {}).get("read") or {}).get("restrictions") or {}
    for kind in ("user", "group"):
        holder = read.get(kind) or {}
        if holder.get("results") or int(holder.get("size") or 0) > 0:
            return True
    return False


def skip_reason(
    facts: PageFacts, *, include_restricted: bool, labels_include: Sequence[str], labels_exclude: Sequence[str]
) -> str | None:
    """Why a page must not be indexed (None: it may be). Restrictions inherited from ancestors are not seen here."""
    if facts.status != "current":
        return f"status {facts.status}"
    if facts.restricted and not include_restricted:
        return "view-restricted"
    excluded = set(facts.labels) & {label.lower() for label in labels_exclude}
    if excluded:
        return f"label {sorted(excluded)[0]}"
    if labels_include and not set(facts.labels) & {label.lower() for label in labels_include}:
        return "none of the included labels"
    return None


def page_to_article(source: str, page: JSON, *, base_url: str, facts: PageFacts) -> Article:
    """The article for a page: clean body text, web link, version date in UTC, labels."""
    storage = (((page.get("body") or {}).get("storage") or {}).get("value")) or ""
    title = str(page.get("title") or f"Page {facts.id}")
    document = storage_to_document(str(storage), title=title)
    webui = (page.get("_links") or {}).get("webui")
    url = f"{base_url.rstrip('/')}{webui}" if isinstance(webui, str) and webui.startswith("/") else None
    return Article(
        source,
        facts.id,
        title,
        document.text,
        url=url,
        updated_at=None if facts.when is None else facts.when.astimezone(UTC),
        labels=facts.labels,
    )


def next_params(response: JSON) -> dict[str, str] | None:
    """The query of the ``_links.next`` link (Cloud: ``cursor``; Server/DC: ``start``), or None at the end."""
    link = (response.get("_links") or {}).get("next")
    if not isinstance(link, str) or not link:
        return None
    return dict(parse_qsl(urlsplit(link).query))
