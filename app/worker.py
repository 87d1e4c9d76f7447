"""The worker: lease a job -> fetch the ticket -> loop guard -> triage -> write back -> activity log.

A job's payload is ``{"helpdesk", "ticket_id", "event_id", "kind", "actor_id"}``
(see ``connectors.base.event_payload``),
enqueued under ``TicketEvent.dedupe_key``. Failures: a retryable helpdesk error is retried with backoff;
a permanent one (or a payload that cannot be understood) goes straight to the dead letters; anything
else is retried and logged by exception class only. Log lines are ``key=value`` with ids only: never
ticket text, drafts or secrets.
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from agent.writeback import apply_decision, comment_reference, event_references, writes_in_place
from app.heartbeat import LeaseHeartbeat
from carelayer.errors import ConfigError, InputError, PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.queue import Job, JobQueue
from carelayer.store import ActivityRecord, Outcome, StateStore
from carelayer.types import Comment, Decision, Ticket
from connectors.base import EventKind, Helpdesk, TicketEvent, event_from_payload

# A ticket's activity records are read newest first to see whether an event was recorded: a ticket has
# a handful of events, so a bounded page is enough and keeps a pathological ticket cheap.
MAX_RECORDS_PER_TICKET = 200

log = logging.getLogger(__name__)


class Triager(Protocol):
    """Anything that decides for a ticket (``agent.pipeline.TriageAgent``, or a fake in tests)."""

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision: ...


class ActionHook(Protocol):
    """Patient actions (``actions.desk.ActionDesk``): may answer a ticket after triage and its safety screen."""

    def decide(self, view: Ticket, event: TicketEvent, decision: Decision) -> Decision: ...


class OutreachHook(ActionHook, Protocol):
    """Outreach campaigns (``outreach.build.OutreachService``): reads replies to campaign messages after
    triage (``decide``) and sends what is due when the queue is idle (``run_due``)."""

    def run_due(self) -> object: ...


def is_own_echo(ticket: Ticket, event: TicketEvent) -> bool:
    """True when ``event`` was caused by carelayer's own write (the loop guard's second layer; the
    webhook adapters drop events whose actor is our API user).

    An event the requester caused is never an echo. Otherwise, walking back from the newest comment:
    a requester comment first means there is something new to answer; a carelayer comment (reference
    line) first means nothing came from the requester since carelayer wrote, unless that comment was
    written for this very event (a redelivery after a crash, which must be allowed to finish its
    remaining writes; each write is deduplicated anyway). Comments by human agents are walked past.
    """
    requester = _requester_ids(ticket)
    if event.actor_id is not None and event.actor_id in requester:
        return False
    ours = event_references(event)
    for comment in reversed(ticket.comments):
        ref = comment_reference(comment)
        if ref is not None:
            return ref not in ours
        if _from_requester(comment, requester):
            return False
    return False


def triage_view(ticket: Ticket, event: TicketEvent) -> Ticket:
    """What is triaged: the ticket as is for ``created``; the subject and the newest public requester
    comment for ``updated`` (when there is one)."""
    if event.kind is not EventKind.UPDATED:
        return ticket
    requester = _requester_ids(ticket)
    newest = next((c for c in reversed(ticket.comments) if _from_requester(c, requester)), None)
    return ticket if newest is None else replace(ticket, body=newest.body)


def _requester_ids(ticket: Ticket) -> frozenset[str]:
    """Who the requester is: the ticket's requester id and the author of the first message, when known."""
    ids = {ticket.requester.id} if ticket.requester and ticket.requester.id else set()
    first = ticket.comments[0] if ticket.comments else None
    if first is not None and first.author_id and first.body == ticket.body and comment_reference(first) is None:
        ids.add(first.author_id)
    return frozenset(ids)


def _from_requester(comment: Comment, requester: frozenset[str]) -> bool:
    """A public comment carelayer did not write, by the requester when that can be told."""
    if not comment.public or comment_reference(comment) is not None:
        return False
    return not requester or comment.author_id is None or comment.author_id in requester


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Worker:
    """Processes queued ticket events one at a time; many workers may share a queue and a store."""

    def __init__(
        self,
        *,
        queue: JobQueue,
        helpdesks: Mapping[str, Helpdesk],
        agent: Triager,
        store: StateStore,
        worker_id: str,
        dry_run: bool = False,
        clock: Callable[[], datetime] = _utc_now,
        idle_task: Callable[[], object] | None = None,
        actions: ActionHook | None = None,
        outreach: OutreachHook | None = None,
    ) -> None:
        self._queue = queue
        self._helpdesks = dict(helpdesks)
        self._agent = agent
        self._store = store
        self._worker_id = worker_id
        self._dry_run = dry_run
        self._clock = clock
        self._idle_task = idle_task  # e.g. the scheduled knowledge sync (app/scheduler.py), run when idle
        self._actions = actions
        self._outreach = outreach

    def run_once(self) -> bool:
        """Process one job if one is available; False when the queue had nothing to lease."""
        job = self._queue.lease(self._worker_id)
        if job is None:
            return False
        try:
            with LeaseHeartbeat(self._queue, job.id, self._worker_id):
                self._process(job)
        except RetryableHelpdeskError as error:
            self._fail(job, error, permanent=False)
        except (PermanentHelpdeskError, InputError, ConfigError) as error:
            self._fail(job, error, permanent=True)
        except Exception as error:  # a bug or an outage we do not know: retry, log the class only
            self._fail(job, error, permanent=False)
        else:
            if not self._queue.complete(job.id, self._worker_id):
                log.warning(_kv(msg="lease lost before completion", job=job.id, worker=self._worker_id))
        return True

    def run(self, stop: threading.Event, idle_sleep: float = 1.0) -> None:
        """Process jobs until ``stop`` is set; sleeps ``idle_sleep`` when the queue is empty or failing."""
        log.info(_kv(msg="worker started", worker=self._worker_id, dry_run=self._dry_run))
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception as error:  # the queue itself failed (disk, lock): wait and try again
                log.error(_kv(msg="queue unavailable", worker=self._worker_id, error=_error_text(error)))
                busy = False
            if not busy:
                self._run_idle_task()
                stop.wait(idle_sleep)
        log.info(_kv(msg="worker stopped", worker=self._worker_id))

    def _run_idle_task(self) -> None:
        sends = None if self._outreach is None or self._dry_run else self._outreach.run_due
        tasks = [t for t in (self._idle_task, sends) if t is not None]
        for task in tasks:
            try:
                task()
            except Exception as error:  # never let background upkeep stop the job loop
                log.error(_kv(msg="idle task failed", worker=self._worker_id, error=_error_text(error)))

    def _process(self, job: Job) -> None:
        self.handle(event_from_payload(job.payload), job=job)

    def handle(self, event: TicketEvent, *, job: Job | None = None) -> ActivityRecord:
        """Fetch, guard, triage and write back one event (also used by `carelayer process`)."""
        helpdesk = self._helpdesks.get(event.helpdesk)
        if helpdesk is None:
            raise ConfigError(f"no helpdesk named {event.helpdesk!r} is configured", location="helpdesks")
        ticket = helpdesk.fetch_ticket(event.ticket_id)
        if is_own_echo(ticket, event):
            return self._record(job, event, None, (), Outcome.DROPPED_LOOP)
        view = triage_view(ticket, event)
        decision = self._agent.triage(view)
        if self._actions is not None and not self._dry_run:  # an emergency verdict always wins (actions/desk.py)
            decision = self._actions.decide(view, event, decision)
        if self._outreach is not None and not self._dry_run:  # replies to campaign messages (outreach/replies.py)
            decision = self._outreach.decide(view, event, decision)
        if self._dry_run:
            return self._record(job, event, decision, (), Outcome.DRY_RUN)
        writes = apply_decision(decision, ticket, event, helpdesk, self._store) or self._unrecorded_writes(
            decision, event
        )
        return self._record(job, event, decision, writes, Outcome.WRITTEN if writes else Outcome.SKIPPED)

    def _unrecorded_writes(self, decision: Decision, event: TicketEvent) -> tuple[str, ...]:
        """The writes an earlier attempt made for ``event`` before it stopped (killed, lease lost) without
        recording them: the activity log still owes a ``written`` record, so this attempt makes it."""
        earlier = writes_in_place(decision, event, self._store)
        if not earlier:
            return ()
        records, _ = self._store.activity_page(ticket_id=event.ticket_id, limit=MAX_RECORDS_PER_TICKET)
        recorded = any(
            r.helpdesk == event.helpdesk and r.event_id == event.event_id and r.outcome is Outcome.WRITTEN
            for r in records
        )
        return () if recorded else earlier

    def _record(
        self, job: Job | None, event: TicketEvent, decision: Decision | None, writes: tuple[str, ...], outcome: Outcome
    ) -> ActivityRecord:
        record = ActivityRecord(
            helpdesk=event.helpdesk,
            ticket_id=event.ticket_id,
            event_id=event.event_id,
            at=self._clock(),
            decision=None if decision is None else decision.to_dict(),
            writes=writes,
            outcome=outcome,
        )
        self._store.record_activity(record)
        log.info(
            _kv(
                msg="processed",
                job=None if job is None else job.id,
                attempt=None if job is None else job.attempts,
                helpdesk=event.helpdesk,
                ticket=event.ticket_id,
                event=event.event_id,
                kind=event.kind.value,
                outcome=outcome.value,
                action=None if decision is None else decision.action.value,
                category=None if decision is None else decision.category,
                writes=",".join(writes) or "-",
            )
        )
        return record

    def _fail(self, job: Job, error: Exception, *, permanent: bool) -> None:
        text = _error_text(error)
        held = self._queue.fail(job.id, self._worker_id, text, permanent=permanent)
        dead = held and (permanent or job.attempts >= self._queue.max_attempts)
        fields = {"job": job.id, "attempt": job.attempts, "worker": self._worker_id, "error": text, "dead": dead}
        log.warning(_kv(msg="job failed" if held else "job failed after its lease was lost", **fields))


def _error_text(error: BaseException) -> str:
    """The exception's class, its status when it has one, and where it was raised; never its message
    (messages can quote ticket text)."""
    parts = [type(error).__name__]
    status = getattr(error, "status", None)
    if isinstance(status, int):
        parts.append(f"status={status}")
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        parts.append(f"at={Path(frames[-1].filename).name}:{frames[-1].lineno}")
    return " ".join(parts)


def _kv(**fields: object) -> str:
    """One structured log line of ``key=value`` pairs. A value with spaces, quotes, ``=`` or control
    characters is JSON-quoted, so an id from a payload can never forge a second log line."""
    parts = []
    for key, value in fields.items():
        text = "-" if value is None else str(value)
        plain = text and text.isprintable() and not any(c in text for c in ' "=')
        parts.append(f"{key}={text}" if plain else f"{key}={json.dumps(text)}")
    return " ".join(parts)
