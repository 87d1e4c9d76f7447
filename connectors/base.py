"""The helpdesk contract: what carelayer needs from any helpdesk, in vendor-neutral words.

Everything above ``connectors/`` speaks only this module. Each helpdesk folder implements
``Helpdesk`` (read and write) and ``WebhookAdapter`` (verify and parse deliveries), and registers
its kind in ``connectors.registry``. Errors are ``carelayer.errors.HelpdeskError`` subclasses:
``RetryableHelpdeskError`` (429, 409, 5xx, connection) or ``PermanentHelpdeskError``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar, runtime_checkable

import requests

from carelayer.errors import CarelayerError, InputError
from carelayer.http import ClientOptions
from carelayer.settings import HelpdeskSettings
from carelayer.types import Requester, Ticket


class EventKind(StrEnum):
    CREATED = "created"  # a new ticket
    UPDATED = "updated"  # a new comment or change on an existing ticket


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One thing that happened to a ticket, as a webhook or a poll reported it.

    ``event_id`` identifies the delivery's cause (the helpdesk's event id, or a stable stand-in such as
    the ticket's update time), so the same event delivered twice has the same ``dedupe_key``.
    """

    helpdesk: str
    ticket_id: str
    event_id: str
    kind: EventKind = EventKind.CREATED
    actor_id: str | None = None  # who caused it, when the helpdesk says: our own API user -> loop guard
    occurred_at: datetime | None = None

    @property
    def dedupe_key(self) -> str:
        return f"{self.helpdesk}:{self.ticket_id}:{self.event_id}"


_PAYLOAD_KEYS = ("helpdesk", "ticket_id", "event_id", "kind", "actor_id")


def event_payload(event: TicketEvent) -> dict[str, str | None]:
    """The job payload for ``event``; enqueue it under ``event.dedupe_key``."""
    return {
        "helpdesk": event.helpdesk,
        "ticket_id": event.ticket_id,
        "event_id": event.event_id,
        "kind": event.kind.value,
        "actor_id": event.actor_id,
    }


def event_from_payload(payload: Mapping[str, Any]) -> TicketEvent:
    """The event a job is about; InputError (the job is dead-lettered) when the payload is malformed."""
    values = {key: payload.get(key) for key in _PAYLOAD_KEYS}
    if not all(isinstance(values[key], str) and values[key] for key in ("helpdesk", "ticket_id", "event_id")):
        raise InputError("job payload needs helpdesk, ticket_id and event_id as non-empty strings")
    try:
        kind = EventKind(values["kind"] or EventKind.CREATED.value)
    except ValueError as error:
        raise InputError("job payload kind must be 'created' or 'updated'") from error
    actor = values["actor_id"]
    return TicketEvent(
        str(values["helpdesk"]),
        str(values["ticket_id"]),
        str(values["event_id"]),
        kind,
        None if actor is None else str(actor),
    )


@dataclass(frozen=True, slots=True)
class Handoff:
    """Routing a ticket to humans: the group, priority and tags to set, and the internal note why."""

    note: str
    group: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] = ()


class HelpdeskReader(Protocol):
    def fetch_ticket(self, ticket_id: str) -> Ticket:
        """The ticket with every comment (public flag kept); PermanentHelpdeskError if it does not exist."""
        ...


class HelpdeskWriter(Protocol):
    def add_internal_note(self, ticket_id: str, body: str) -> None:
        """A comment only agents see."""
        ...

    def add_public_reply(self, ticket_id: str, body: str) -> None:
        """A comment the requester sees."""
        ...

    def add_tags(self, ticket_id: str, tags: Sequence[str]) -> None:
        """Add tags, keeping every tag already on the ticket."""
        ...

    def hand_off(self, ticket_id: str, handoff: Handoff) -> None:
        """Set group and priority, add tags, and leave the internal note, in as few calls as the API allows."""
        ...

    def set_status(self, ticket_id: str, status: str) -> None: ...


class Helpdesk(HelpdeskReader, HelpdeskWriter, Protocol):
    """A helpdesk carelayer can read from and write to; ``kind`` names its connector."""

    kind: str
    # Marks every write carelayer makes, so events caused by our own writes can be recognised.
    marker_tag: str


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """A conversation carelayer starts (outreach): the first, public comment goes to ``requester``.

    ``external_id`` is stable per campaign + step + patient: the helpdesk keeps it on the ticket, so a send
    retried after a crash finds the ticket it already created instead of creating a second one.
    """

    external_id: str
    subject: str
    body: str
    requester: Requester
    tags: tuple[str, ...] = ()


@runtime_checkable
class Outreach(Protocol):
    """A helpdesk that can start conversations (optional: campaigns need it, triage does not)."""

    def start_conversation(self, message: OutboundMessage) -> str:
        """The id of a ticket whose first comment is ``message.body``, public, by carelayer, status pending.
        Once per ``external_id``: a second call returns the first ticket's id and creates nothing."""
        ...


class WebhookError(CarelayerError):
    """A delivery was refused; ``status`` is the HTTP status to answer (never 500)."""

    def __init__(self, message: str, *, status: int) -> None:
        self.status = status
        super().__init__(message)


class WebhookAdapter(Protocol):
    """Verifies and parses one helpdesk's webhook deliveries; pure, no network, no slow work."""

    kind: str

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        """Raise WebhookError(status=401) unless the delivery is authentic and fresh."""
        ...

    def parse(self, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        """The events in a verified delivery; WebhookError(status=400) when it cannot be understood."""
        ...


class _Closable(Protocol):
    def close(self) -> None: ...


ClientT = TypeVar("ClientT", bound=_Closable)


class ClientOwner(Generic[ClientT]):
    """For a connector that owns an HTTP client: ``close`` closes it, and ``with`` closes it on exit."""

    _client: ClientT

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def client_options(
    settings: HelpdeskSettings,
    *,
    session: requests.Session | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
) -> ClientOptions:
    """The HTTP client knobs a helpdesk's settings give (timeout, retries, their cap), plus injected test seams."""
    return ClientOptions(
        timeout=settings.timeout_seconds,
        max_retries=settings.max_retries,
        max_retry_wait=settings.max_retry_wait_seconds,
        session=session,
        sleep=sleep,
        rng=rng,
    )


def match_name(known: Mapping[str, str], name: str) -> str | None:
    """The id of ``name`` in ``known`` (name -> id): an exact match, else the one whose name differs only in
    case; None when there is none or the case-insensitive match is ambiguous."""
    wanted = name.strip()
    if wanted in known:
        return known[wanted]
    folded = [key for found, key in known.items() if found.casefold() == wanted.casefold()]
    return folded[0] if len(folded) == 1 else None


def unique_tags(tags: Iterable[str], clean: Callable[[str], str]) -> list[str]:
    """Each tag as ``clean`` makes it acceptable to the helpdesk, empty ones dropped, first occurrence kept."""
    out: list[str] = []
    for tag in tags:
        cleaned = clean(tag)
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return out
