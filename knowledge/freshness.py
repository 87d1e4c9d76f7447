"""Freshness: which cited articles are older than the configured maximum age.

``knowledge.max_age_days`` sets the default, a source's own ``max_age_days`` overrides it; with neither,
a source is never stale. An article whose source gave no date is never called stale (unknown is not old).
The agent adds ``stale_reason`` texts to a decision's reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from carelayer.settings import KnowledgeSettings
from carelayer.types import Citation

# One age for every source, or one per source name (sources not named are never stale).
MaxAge = timedelta | Mapping[str, timedelta] | None


def max_ages(knowledge: KnowledgeSettings) -> dict[str, timedelta]:
    """The maximum age of each configured source that has one (its own, else the knowledge default)."""
    ages: dict[str, timedelta] = {}
    for source in knowledge.sources:
        days = getattr(source, "max_age_days", None) or knowledge.max_age_days
        if days:
            ages[source.name] = timedelta(days=days)
    return ages


def stale_citations(citations: Iterable[Citation], now: datetime, max_age: MaxAge) -> list[Citation]:
    """The citations (in order) whose article was last updated more than its maximum age before ``now``."""
    stale = []
    for citation in citations:
        limit = max_age.get(citation.source) if isinstance(max_age, Mapping) else max_age
        if limit is not None and citation.updated_at is not None and now - citation.updated_at > limit:
            stale.append(citation)
    return stale


def stale_reason(citation: Citation, now: datetime) -> str:
    """A reason line for a decision: which source, and how old (ids and titles only)."""
    when = citation.updated_at
    age = "" if when is None else f", last updated {when.date().isoformat()} ({(now - when).days} days ago)"
    return f"stale source: {citation.source}:{citation.id} {citation.title!r}{age}"
