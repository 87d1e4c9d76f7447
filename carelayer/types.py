"""Core types shared by every floor: frozen, vendor-neutral, UTC datetimes, string ids.

No raw vendor JSON ever reaches these types; each connector or source maps its own data at the edge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One piece of approved knowledge, as a source delivered it (text already cleaned).

    ``id`` is the source's own id (kept as given, so results can be checked against judged ids);
    ``key`` is unique across sources.
    """

    source: str
    id: str
    title: str
    body: str
    url: str | None = None
    updated_at: datetime | None = None
    labels: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.source}:{self.id}"

    def content_hash(self) -> str:
        """A hash of everything that changes what is indexed: equal hash -> nothing to re-embed."""
        digest = hashlib.sha256()
        for part in (self.title, self.url or "", self.body, "\x1f".join(self.labels)):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x1e")
        return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage of an article: the unit that is embedded, searched and cited."""

    id: str
    source: str
    article_id: str
    title: str
    text: str
    position: int
    url: str | None = None
    heading: str = ""
    updated_at: datetime | None = None  # the article's date, for freshness


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a sentence of a reply comes from, as shown to an agent or patient."""

    source: str
    id: str
    title: str
    url: str | None = None
    updated_at: datetime | None = None  # when the article last changed, if its source says

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "updated_at": None if self.updated_at is None else self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked retrieval result: the best chunk of an article and how it was found."""

    chunk: Chunk
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None

    @property
    def article_id(self) -> str:
        return self.chunk.article_id

    def citation(self) -> Citation:
        chunk = self.chunk
        return Citation(chunk.source, chunk.article_id, chunk.title, chunk.url, updated_at=chunk.updated_at)


@dataclass(frozen=True, slots=True)
class SyncFailure:
    """An item a source could not deliver (bad line, undecodable file ...); the sync goes on."""

    source: str
    location: str
    reason: str
    # The article this failure is about, when known: it is kept as last indexed, not removed.
    article_id: str | None = None
    # True when nothing could be read (path missing, server down): nothing of the source is removed.
    whole_source: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.location}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Requester:
    id: str | None = None
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """A ticket comment; ``public`` False means an internal note that a patient never sees."""

    id: str
    body: str
    public: bool
    author_id: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Ticket:
    """A helpdesk ticket in vendor-neutral form; ``body`` is the requester's first message."""

    id: str
    subject: str
    body: str
    comments: tuple[Comment, ...] = ()
    tags: tuple[str, ...] = ()
    requester: Requester | None = None
    status: str | None = None
    priority: str | None = None
    group: str | None = None
    created_at: datetime | None = None
    helpdesk: str | None = None


class Action(StrEnum):
    REPLY = "reply"  # public first-line reply (category in auto mode)
    NOTE = "note"  # internal-note draft for an agent
    HANDOFF = "handoff"  # route to a human group, nothing drafted for the patient
    SKIP = "skip"  # do nothing (category off)


@dataclass(frozen=True, slots=True)
class Draft:
    """A composed reply and the passages it stands on; ``grounding`` is in [0, 1]."""

    body: str
    citations: tuple[Citation, ...] = ()
    grounding: float = 0.0
    composer: str = "extractive"


@dataclass(frozen=True, slots=True)
class LlmCall:
    """Cost and latency of one call to a language model, kept with the decision for the audit trail.

    ``purpose``: ``compose`` or ``classify``; ``outcome``: ``ok``, ``timeout``, ``error`` or ``malformed``.
    Token counts are None when the provider did not report them. Never holds prompt or reply text.
    """

    purpose: str
    provider: str
    model: str
    seconds: float
    outcome: str
    input_tokens: int | None = None
    output_tokens: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "provider": self.provider,
            "model": self.model,
            "seconds": round(self.seconds, 3),
            "outcome": self.outcome,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """What carelayer decided for one ticket, and why. Serialises to the JSON shape in DESIGN.md."""

    ticket_id: str
    category: str
    confidence: float
    emergency: bool
    action: Action
    draft: str | None = None
    citations: tuple[Citation, ...] = ()
    tags: tuple[str, ...] = ()
    group: str | None = None
    priority: str | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)
    llm: tuple[LlmCall, ...] = ()  # calls to a language model for this decision (none: no "llm" key)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ticket_id": self.ticket_id,
            "category": self.category,
            "confidence": round(self.confidence, 4),
            "emergency": self.emergency,
            "action": self.action.value,
            "draft": self.draft,
            "citations": [c.to_dict() for c in self.citations],
            "tags": list(self.tags),
            "group": self.group,
            "priority": self.priority,
            "reasons": list(self.reasons),
        }
        if self.llm:
            out["llm"] = [call.to_dict() for call in self.llm]
        return out
