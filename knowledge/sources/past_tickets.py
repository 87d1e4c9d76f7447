"""Past solved tickets as knowledge: how the clinic's agents actually answered, redacted, from any helpdesk.

The source is vendor-neutral: it reads a ``SolvedTicketFeed`` (built in ``app/`` from a configured helpdesk;
the Zendesk one is ``connectors/zendesk/solved.py``) and turns each ``SolvedTicket`` into an ``Article``:

- the body is the requester's question and the agents' PUBLIC replies only: a feed never hands over
  internal notes, and this type has no place for them;
- PHI is redacted (``carelayer.redact``, with the people's names the feed knows) BEFORE anything is
  yielded, so neither the index nor a log ever holds it; the subject too;
- title ``Past ticket: <redacted subject>``, labels ``past_ticket`` and the status, ``updated_at`` the
  solved date, no url (an agent-only ticket link must never reach a patient);
- a ticket with fewer than ``min_public_replies`` agent replies, or nothing left after redaction, yields
  ``Deleted``, as do tickets the feed reports deleted or no longer solved (reopened).

``citation_label`` names a cited past ticket with its date, for the composer's sources line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from carelayer.errors import CarelayerError, SourceError
from carelayer.redact import redact
from carelayer.types import Article, Citation, SyncFailure
from knowledge.sources.base import Checkpoint, Deleted, SourceItem
from knowledge.text import tidy

PAST_TICKET_LABEL = "past_ticket"
TITLE_PREFIX = "Past ticket: "


@dataclass(frozen=True, slots=True)
class SolvedTicket:
    """A solved ticket as a feed delivers it, before redaction: never any internal note.

    ``replies`` are the agents' public replies, oldest first; ``known_names`` the names of the people on
    the ticket who are not staff (requester, CCs), so redaction finds them wherever they appear. ``tags`` and
    ``articles`` are not knowledge: they only label a ticket exported for simulation and training.
    """

    id: str
    subject: str
    question: str
    replies: tuple[str, ...]
    solved_at: datetime | None = None
    status: str = "solved"
    known_names: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # the helpdesk's tags, for a human label (``carelayer history``)
    articles: tuple[str, ...] = ()  # ids of knowledge articles the public replies link to, first link first


FeedItem = SolvedTicket | Deleted | Checkpoint | SyncFailure


class SolvedTicketFeed(Protocol):
    """Where solved tickets come from (a helpdesk's read side)."""

    def solved_since(self, cursor: str | None) -> Iterator[FeedItem]:
        """Tickets changed since ``cursor`` (None: as far back as configured): solved ones as SolvedTicket,
        deleted or no-longer-solved ones as Deleted, a Checkpoint after each finished batch."""
        ...

    def solved_ids(self) -> Iterator[str]:
        """The ids of the tickets that are solved now, as far back as configured (no comments read)."""
        ...


class PastTicketsSource:
    """An ``IncrementalSource`` over a ``SolvedTicketFeed``; every text is redacted before it is yielded."""

    def __init__(self, name: str, feed: SolvedTicketFeed, *, min_public_replies: int = 1) -> None:
        self.name = name
        self._feed = feed
        self._min_replies = max(1, min_public_replies)

    def scan(self) -> Iterator[SourceItem]:
        return self._items(None)

    def changes(self, cursor: str) -> Iterator[SourceItem]:
        return self._items(cursor)

    def live_ids(self) -> Iterator[str]:
        try:
            yield from self._feed.solved_ids()
        except SourceError:
            raise
        except CarelayerError as error:
            raise SourceError(f"{self.name}: cannot list solved tickets: {error}") from error

    def _items(self, cursor: str | None) -> Iterator[SourceItem]:
        yielded: set[str] = set()
        try:
            for item in self._feed.solved_since(cursor):
                if isinstance(item, SolvedTicket):
                    if item.id in yielded:  # changed again during the walk: the newer copy replaces the older
                        yield Deleted(self.name, item.id)
                    yielded.add(item.id)
                    yield self.article(item)
                elif isinstance(item, Deleted):
                    yield Deleted(self.name, item.article_id)
                else:
                    yield item
        except SourceError:
            raise
        except CarelayerError as error:  # a helpdesk failure: the sync resumes from the last Checkpoint
            raise SourceError(f"{self.name}: cannot read solved tickets: {error}") from error

    def article(self, ticket: SolvedTicket) -> Article | Deleted:
        """The redacted Article for ``ticket``; Deleted when it has too few replies or no text."""
        subject, question, replies = redacted(ticket)
        if len(replies) < self._min_replies or not question:
            return Deleted(self.name, ticket.id)
        subject = subject or "no subject"
        body = f"Question:\n{question}\n\nAnswer:\n" + "\n\n".join(replies)
        return Article(
            source=self.name,
            id=ticket.id,
            title=TITLE_PREFIX + subject,
            body=body,
            url=None,
            updated_at=ticket.solved_at,
            labels=(PAST_TICKET_LABEL, ticket.status),
        )


def citation_label(citation: Citation) -> str:
    """How a citation is named to a reader: a past ticket's title with its solved date, e.g.
    ``Past ticket: Refill request (solved 2026-03-14)``; any other citation's title unchanged."""
    if not citation.title.startswith(TITLE_PREFIX) or citation.updated_at is None:
        return citation.title
    return f"{citation.title} (solved {citation.updated_at.date().isoformat()})"


def redacted(ticket: SolvedTicket) -> tuple[str, str, list[str]]:
    """The ticket's subject (one line), question and non-empty replies, with PHI replaced by typed placeholders
    (the people the helpdesk knows are found by name wherever they appear)."""
    names = ticket.known_names
    replies = [text for text in (_redacted(r, names) for r in ticket.replies) if text]
    return " ".join(_redacted(ticket.subject, names).split()), _redacted(ticket.question, names), replies


def _redacted(text: str, names: tuple[str, ...]) -> str:
    return tidy(redact(text, known_names=names).text)
