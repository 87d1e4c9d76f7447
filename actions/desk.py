"""The action desk: after the safety screen, lets an enabled patient action answer a ticket instead of
the triage pipeline, one conversation step per ticket event.

Order of precedence, every time: an emergency or clinical verdict (the pipeline's, and this desk's own
run of the deterministic screen) wins and closes any pending step; then a redelivered event gets the
answer it already got; then an expired step is closed; then a pending step takes the patient's reply;
then a new message may start an enabled action. Identity comes before any PHI: the requester is
matched to exactly one Patient by their verified contact and, when configured, the date of birth they
give; whatever fails hands off, with the same (absent) public answer, so nobody learns whether a
patient exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from actions import appointments, approval_flow, directory, intents, refills
from actions.approvals import ApprovalStore
from actions.fhir import FhirGateway
from actions.intents import DIRECTORY, REFILL, Request
from actions.state import ActionStore, AuditRow, Conversation
from actions.steps import Context, Outcome
from actions.types import Risk
from agent.pipeline import Retriever
from agent.safety import Risk as SafetyRisk
from agent.safety import screen
from agent.writeback import comment_reference
from carelayer.errors import FhirError
from carelayer.settings import FileSettings
from carelayer.types import Action, Decision, Ticket
from connectors.base import EventKind, TicketEvent

DEFAULT_RISK = {a: Risk.WRITE for a in intents.ACTIONS} | {intents.LIST: Risk.READ, DIRECTORY: Risk.READ}
SAFETY_CATEGORIES = ("emergency", "clinical")
MAX_UNCLEAR_REPLIES = 2
ASK_DOB = (
    "To protect your privacy, please reply with your date of birth (for example 1980-02-03) so we can "
    "verify who you are before we look anything up."
)
EXPIRED = "Your earlier request timed out, so nothing was changed. Please write to us again if you still need it."
STOPPED = "OK, nothing was changed."
EXPIRED_STAGE = "expired"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ActionDesk:
    """Decides whether a patient action answers ``view`` (``app.worker`` calls ``decide`` after triage)."""

    def __init__(
        self,
        *,
        settings: FileSettings,
        gateway: FhirGateway,
        store: ActionStore,
        retriever: Retriever | None = None,
        clock: Callable[[], datetime] = _utc_now,
        approvals: ApprovalStore | None = None,
    ) -> None:
        self._file, self._settings = settings, settings.actions
        self._gateway, self._store, self._retriever, self._clock = gateway, store, retriever, clock
        self._approvals = approvals  # None: needs_approval actions leave a note without a link

    def decide(self, view: Ticket, event: TicketEvent, decision: Decision) -> Decision:
        """The decision to write back for this event: the pipeline's, or an action's step. Idempotent per event."""
        helpdesk, ticket_id = event.helpdesk, event.ticket_id
        stored = self._store.answer_for(helpdesk, ticket_id, event.event_id)
        if stored is not None:
            return _from_dict(stored)
        conversation = self._store.conversation(helpdesk, ticket_id)
        if self._unsafe(view, decision):
            if conversation is not None:
                self._store.close(helpdesk, ticket_id)
                self._audit(event, conversation.action, "closed: safety screen wins")
            return decision
        now = self._clock()
        text = view.body if event.kind is EventKind.UPDATED else f"{view.subject}\n{view.body}"
        if conversation is not None and conversation.expires_at <= now:
            self._store.close(helpdesk, ticket_id)
            if conversation.stage != EXPIRED_STAGE:  # expire_due audited it already
                self._audit(event, conversation.action, "expired")
            if _looks_like_reply(text):
                return self._answer(event, decision, conversation.category, Outcome("reply", EXPIRED, "expired"))
            conversation = None
        if conversation is not None:
            outcome = self._guarded(lambda: self._continue(conversation, view, text, event))
            category, action = conversation.category, conversation.action
        else:
            request = intents.detect(text, self._settings.enabled.get(decision.category, ()))
            if request is None:
                return decision
            outcome = self._guarded(lambda: self._start(request, view, event, decision.category))
            category, action = decision.category, request.action
        if outcome.kind == "pass":
            self._audit(event, action, outcome.step)
            return decision
        self._audit(event, action, outcome.step, outcome.refs)
        return self._answer(event, decision, category, outcome, action=action)

    def expire_due(self) -> int:
        """Close every conversation whose pending step expired: what it held is deleted and the audit says so;
        the number closed. Meant for the worker's idle task; a late reply is still told it timed out."""
        closed = 0
        for conversation in self._store.expired(self._clock()):
            if conversation.stage == EXPIRED_STAGE:
                continue
            # Only a marker stays (no patient id, no offers), so a late reply is still told it timed out.
            self._store.save(replace(conversation, stage=EXPIRED_STAGE, data={}, attempts=0))
            event = TicketEvent(conversation.helpdesk, conversation.ticket_id, "-")
            self._audit(event, conversation.action, "expired")
            closed += 1
        return closed

    # -- steps ----------------------------------------------------------------------------------

    def _start(self, request: Request, view: Ticket, event: TicketEvent, category: str) -> Outcome:
        risk = self._settings.risk.get(request.action, DEFAULT_RISK[request.action])
        if risk == Risk.NEEDS_APPROVAL:
            return self._approval(request, view, event, category)
        if request.action == DIRECTORY:
            return directory.answer(self._gateway, self._settings, f"{view.subject}\n{view.body}")
        data = {"specialty": request.specialty_code, "key": f"{event.helpdesk}:{event.ticket_id}:{event.event_id}"}
        conversation = Conversation(
            event.helpdesk, event.ticket_id, request.action, category, "dob", self._expiry(), data
        )
        if self._settings.ask_date_of_birth:
            self._store.save(conversation)
            return Outcome("reply", ASK_DOB, "asked date of birth")
        return self._verified(conversation, view, None)

    def _continue(self, conversation: Conversation, view: Ticket, text: str, event: TicketEvent) -> Outcome:
        if intents.declines(text):
            self._store.close(event.helpdesk, event.ticket_id)
            return Outcome("reply", STOPPED, "declined")
        if conversation.stage == "dob":
            born = intents.date_of_birth(text, today=self._clock().date())
            if born is None:
                return self._unclear(conversation, ASK_DOB)
            return self._verified(conversation, view, born)
        ctx = self._context(conversation, text)
        if conversation.stage == "choose":
            options: list[dict[str, str]] = conversation.data.get("options", [])
            number = intents.choice(text, len(options))
            if number is None:
                return self._unclear(conversation, f"Please reply with a number from 1 to {len(options)}.")
            outcome = _module_chosen(conversation.action, ctx, options[number - 1])
        elif intents.confirms(text):
            outcome = _module_execute(conversation.action, ctx)
        else:
            return self._unclear(conversation, "Please reply YES to confirm, or NO to stop.")
        return self._advance(conversation, outcome)

    def _verified(self, conversation: Conversation, view: Ticket, born: date | None) -> Outcome:
        """Match the requester to exactly one Patient (and the date of birth), then take the action's first step."""
        self._store.close(conversation.helpdesk, conversation.ticket_id)
        patient_id, why = self._match(view, born)
        if patient_id is None:
            return Outcome("handoff", "", f"identity not verified: {why}")
        conversation = replace(conversation, data={**conversation.data, "patient_id": patient_id})
        first = self._first_step(conversation, view)
        return self._advance(conversation, replace(first, step=f"verified; {first.step}"))

    def _first_step(self, conversation: Conversation, view: Ticket) -> Outcome:
        ctx = self._context(conversation, _request_text(view))
        return refills.start(ctx) if conversation.action == REFILL else appointments.start(conversation.action, ctx)

    def _approval(self, request: Request, view: Ticket, event: TicketEvent, category: str) -> Outcome:
        """A ``needs_approval`` action: the requester matched by their verified contact only (an agent checks
        the rest), the action's first step read, and a pending approval with its link in an internal note.
        Nothing is written to the EHR and nothing is said to the requester until an agent approves."""
        if self._approvals is None or request.action == DIRECTORY:
            return Outcome("note", approval_flow.unlinked_note(request.action), "approval requested")
        patient_id, why = self._match(view, None, check_birth=False)
        if patient_id is None:
            return Outcome("handoff", "", f"identity not verified: {why}")
        key = f"{event.helpdesk}:{event.ticket_id}:{event.event_id}"
        data = {"specialty": request.specialty_code, "key": key, "patient_id": patient_id}
        conversation = Conversation(event.helpdesk, event.ticket_id, request.action, category, "approval",
                                    self._expiry(), data)  # fmt: skip
        first = self._first_step(conversation, view)
        if first.kind == "handoff":
            return first
        if first.stage != "confirm":  # a choice only the patient can make: an agent takes it from here
            return Outcome("note", approval_flow.unlinked_note(request.action), "approval requested: choice needed")
        return approval_flow.request(
            self._approvals,
            conversation,
            first,
            event_id=event.event_id,
            now=self._clock(),
            hours=self._settings.approval_hours,
            public_url=self._file.console.public_url,
        )

    def _match(self, view: Ticket, born: date | None, *, check_birth: bool = True) -> tuple[str | None, str]:
        requester = view.requester
        if self._settings.match_by == "email":
            contact = requester.email if requester else None
            patients = self._gateway.find_patients(email=contact) if contact else []
        else:
            system, rid = self._settings.identifier_system, requester.id if requester else None
            patients = self._gateway.find_patients(identifier=f"{system}|{rid}") if system and rid else []
        if len(patients) != 1:
            return None, "no patient" if not patients else "several patients share the requester's contact"
        if check_birth and self._settings.ask_date_of_birth and patients[0].birth_date != born:
            return None, "date of birth does not match"
        return patients[0].id, "matched"

    def _advance(self, conversation: Conversation, outcome: Outcome) -> Outcome:
        """Keep the conversation at the outcome's stage, or close it when the outcome ends it."""
        if outcome.stage is None:
            self._store.close(conversation.helpdesk, conversation.ticket_id)
        else:
            self._store.save(conversation.at(outcome.stage, self._expiry(), **outcome.data))
        return outcome

    def _unclear(self, conversation: Conversation, again: str) -> Outcome:
        """A reply that answers nothing: ask once more, then leave the ticket to the pipeline."""
        if conversation.attempts + 1 >= MAX_UNCLEAR_REPLIES:
            self._store.close(conversation.helpdesk, conversation.ticket_id)
            return Outcome("pass", "", "abandoned after unclear replies")
        self._store.save(replace(conversation, attempts=conversation.attempts + 1))
        return Outcome("reply", again, "asked again")

    # -- helpers --------------------------------------------------------------------------------

    def _context(self, conversation: Conversation, text: str) -> Context:
        data = conversation.data
        return Context(
            gateway=self._gateway,
            settings=self._settings,
            now=self._clock(),
            patient_id=str(data.get("patient_id", "")),
            data=data,
            text=text,
            key=str(data.get("key", f"{conversation.helpdesk}:{conversation.ticket_id}")),
            policy=self._policy,
        )

    def _guarded(self, step: Callable[[], Outcome]) -> Outcome:
        try:
            return step()
        except FhirError as error:
            return Outcome("handoff", "", f"the EHR could not complete the step ({error})")

    def _policy(self) -> str | None:
        """The cancellation policy passage from the knowledge base (the configured article), if indexed."""
        wanted = self._settings.policy_article
        if self._retriever is None or not wanted:
            return None
        hits = self._retriever.search("cancellation policy late cancel fee notice", k=10)
        passage = next((h.chunk.text for h in hits if h.article_id == wanted), None)
        return " ".join(passage.replace("**", "").split()) if passage else None  # markdown bold reads oddly

    def _unsafe(self, view: Ticket, decision: Decision) -> bool:
        if decision.emergency or decision.category in SAFETY_CATEGORIES:
            return True
        nurse = next((c.handoff_group for c in self._file.categories if c.name == "clinical"), None)
        if decision.action is Action.HANDOFF and nurse is not None and decision.group == nurse:
            return True  # the classifier's clinical suspicion
        return screen(view.subject, view.body).risk is not SafetyRisk.NONE

    def _expiry(self) -> datetime:
        return self._clock() + timedelta(minutes=self._settings.pending_minutes)

    def _audit(self, event: TicketEvent, action: str, step: str, refs: tuple[str, ...] = ()) -> None:
        row = AuditRow(self._clock(), event.helpdesk, event.ticket_id, event.event_id, action, step, refs)
        self._store.audit(row)

    def _answer(
        self, event: TicketEvent, base: Decision, category: str, outcome: Outcome, *, action: str = ""
    ) -> Decision:
        prefix = self._file.tag_prefix
        kind = {"reply": Action.REPLY, "note": Action.NOTE}.get(outcome.kind, Action.HANDOFF)
        group = next((c.handoff_group for c in self._file.categories if c.name == category), None)
        tags = [prefix, f"{prefix}_{category}", f"{prefix}_{kind.value}", f"{prefix}_action"]
        if action:
            tags.append(f"{prefix}_action_{action.replace('.', '_')}")
        decision = Decision(
            ticket_id=base.ticket_id,
            category=category,
            confidence=base.confidence,
            emergency=False,
            action=kind,
            draft=outcome.text or None,
            tags=tuple(tags),
            group=group if kind is Action.HANDOFF else None,
            reasons=(f"patient action {action or 'conversation'}: {outcome.step}",),
        )
        self._store.remember(event.helpdesk, event.ticket_id, event.event_id, decision.to_dict())
        return decision


def _module_chosen(action: str, ctx: Context, option: dict[str, str]) -> Outcome:
    return appointments.chosen(action, ctx, option)  # only appointment steps offer numbered options


def _module_execute(action: str, ctx: Context) -> Outcome:
    return refills.execute(ctx) if action == REFILL else appointments.execute(action, ctx)


def _request_text(view: Ticket) -> str:
    """The subject and what the requester wrote on the ticket (carelayer's own comments left out)."""
    said = [c.body for c in view.comments if c.public and comment_reference(c) is None]
    return "\n".join([view.subject, *(said or [view.body])])


def _looks_like_reply(text: str) -> bool:
    return intents.confirms(text) or intents.choice(text, 9) is not None or intents.declines(text)


def _from_dict(data: dict[str, Any]) -> Decision:
    return Decision(
        ticket_id=str(data["ticket_id"]),
        category=str(data["category"]),
        confidence=float(data["confidence"]),
        emergency=bool(data["emergency"]),
        action=Action(data["action"]),
        draft=data.get("draft"),
        tags=tuple(data.get("tags", ())),
        group=data.get("group"),
        priority=data.get("priority"),
        reasons=tuple(data.get("reasons", ())),
    )
