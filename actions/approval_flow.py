"""One-click approval of ``needs_approval`` actions: the internal note with its link (written by the desk),
and the agent's decision (taken in the console: ``/actions/pending/<id>``).

Approve runs the action's confirmed write exactly once: the approval row is claimed in one conditional
UPDATE (a second click finds it decided), and the FHIR write carries the conversation's idempotency key as
every action write does. The patient's answer then goes through ``agent.writeback`` under the event id
``approval-<id>``, so a retried write-back never posts twice. Reject writes nothing to the EHR. Both are
in the actions' audit trail with who and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from actions import appointments, refills
from actions.approvals import Approval, ApprovalStore, new_id
from actions.fhir import FhirGateway
from actions.intents import REFILL
from actions.state import ActionStore, AuditRow, Conversation
from actions.steps import Context, Outcome
from agent.writeback import apply_decision
from carelayer.errors import CarelayerError, FhirError
from carelayer.settings import FileSettings
from carelayer.store import StateStore
from carelayer.types import Action, Decision
from connectors.base import Helpdesk, TicketEvent

PENDING_PATH = "/actions/pending/"
Result = Literal["approved", "rejected", "decided", "expired", "missing", "failed"]


def unlinked_note(action: str) -> str:
    """The note of an approval carelayer cannot prepare (no store, or a choice only the patient can make)."""
    return (
        f"Patient action awaiting approval: {action}. carelayer wrote nothing to the EHR. Verify the requester, "
        "then carry it out, or answer them."
    )


def summary(first: Outcome) -> str:
    """What would run, in the words the patient would have been asked (first paragraph: no policy text)."""
    return first.text.split("\n\n", 1)[0].strip()


def request(
    approvals: ApprovalStore,
    conversation: Conversation,
    first: Outcome,
    *,
    event_id: str,
    now: datetime,
    hours: int,
    public_url: str | None,
) -> Outcome:
    """Store a pending approval for ``first`` (a confirmation step), valid ``hours``, and the internal note
    that links to it."""
    approval = Approval(
        id=new_id(),
        helpdesk=conversation.helpdesk,
        ticket_id=conversation.ticket_id,
        event_id=event_id,
        action=conversation.action,
        category=conversation.category,
        data={**conversation.data, **first.data, "summary": summary(first)},
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    approvals.add(approval)
    path = f"{PENDING_PATH}{approval.id}"
    link = (
        f"{public_url.rstrip('/')}{path}" if public_url else f"{path} in the admin console (console.public_url unset)"
    )
    patient = f"Patient/{approval.data['patient_id']}"
    text = (
        f"Patient action awaiting approval: {approval.action} for {patient}.\n"
        f"Would run: {approval.data['summary']}\n"
        "The requester was matched by their verified contact only (no date of birth asked): check who they are. "
        "Nothing was written to the EHR and nothing was said to the requester.\n"
        f"Approve or reject (sign-in required): {link}"
    )
    return Outcome("note", text, "approval requested", refs=(patient,))


@dataclass(frozen=True, slots=True)
class Decided:
    """What happened to an approval on this click, in words the console shows as is."""

    result: Result
    message: str


class Approver:
    """Approves or rejects pending approvals (the console holds one); thread-safe through the stores."""

    def __init__(
        self,
        *,
        settings: FileSettings,
        gateway: FhirGateway,
        store: ActionStore,
        approvals: ApprovalStore,
        clock: Callable[[], datetime],
    ) -> None:
        self._file, self._gateway, self._store, self._approvals, self._clock = (
            settings, gateway, store, approvals, clock,
        )  # fmt: skip

    def get(self, approval_id: str) -> Approval | None:
        return self._approvals.get(approval_id)

    def reject(self, approval_id: str, *, actor: str) -> Decided:
        """Decide ``rejected``: nothing is read from or written to the EHR."""
        now = self._clock()
        if not self._approvals.claim(approval_id, status="rejected", actor=actor, at=now):
            return self._why_not(approval_id)
        approval = self._approvals.get(approval_id)
        assert approval is not None  # just claimed
        self._audit(approval, f"approval rejected by {actor}", ())
        return Decided("rejected", "Rejected: nothing was written to the EHR. Answer the requester in the helpdesk.")

    def approve(self, approval_id: str, *, actor: str, helpdesk: Helpdesk, state: StateStore) -> Decided:
        """Run the action once and answer the requester on the ticket as the desk would."""
        now = self._clock()
        if not self._approvals.claim(approval_id, status="running", actor=actor, at=now):
            return self._why_not(approval_id)
        approval = self._approvals.get(approval_id)
        assert approval is not None  # just claimed
        try:
            outcome = self._execute(approval, now)
        except FhirError as error:
            self._approvals.finish(approval_id, status="failed")
            self._audit(approval, f"approval by {actor} failed: the EHR could not complete it", ())
            return Decided("failed", f"The EHR could not complete the action ({error}); nothing else was done.")
        self._approvals.finish(approval_id, status="approved", refs=outcome.refs)
        self._audit(approval, f"approved by {actor}; {outcome.step}", outcome.refs)
        try:
            self._write_back(approval, outcome, helpdesk=helpdesk, state=state)
        except CarelayerError as error:
            return Decided("approved", f"Approved and done, but the reply could not be posted ({error}).")
        if outcome.kind != "reply":
            return Decided("approved", f"Approved, but the action handed off instead: {outcome.step}.")
        return Decided("approved", f"Approved: {outcome.step}. The requester was answered on the ticket.")

    def _execute(self, approval: Approval, now: datetime) -> Outcome:
        ctx = Context(
            gateway=self._gateway,
            settings=self._file.actions,
            now=now,
            patient_id=str(approval.data["patient_id"]),
            data=approval.data,
            text="",
            key=str(approval.data["key"]),
        )
        if approval.action == REFILL:
            return refills.execute(ctx)
        return appointments.execute(approval.action, ctx)

    def _write_back(self, approval: Approval, outcome: Outcome, *, helpdesk: Helpdesk, state: StateStore) -> None:
        prefix = self._file.tag_prefix
        kind = Action.REPLY if outcome.kind == "reply" else Action.HANDOFF
        group = next((c.handoff_group for c in self._file.categories if c.name == approval.category), None)
        decision = Decision(
            ticket_id=approval.ticket_id,
            category=approval.category,
            confidence=1.0,
            emergency=False,
            action=kind,
            draft=outcome.text or None,
            tags=(prefix, f"{prefix}_action", f"{prefix}_action_{approval.action.replace('.', '_')}"),
            group=group if kind is Action.HANDOFF else None,
            reasons=(f"patient action {approval.action}: approved by {approval.decided_by}; {outcome.step}",),
        )
        event = TicketEvent(approval.helpdesk, approval.ticket_id, f"approval-{approval.id}")
        apply_decision(decision, helpdesk.fetch_ticket(approval.ticket_id), event, helpdesk, state)

    def _why_not(self, approval_id: str) -> Decided:
        approval = self._approvals.get(approval_id)
        if approval is None:
            return Decided("missing", "There is no such approval.")
        if approval.status == "pending":
            return Decided(
                "expired", f"This approval expired at {approval.expires_at:%Y-%m-%d %H:%M} UTC; nothing ran."
            )
        when = f"{approval.decided_at:%Y-%m-%d %H:%M} UTC" if approval.decided_at else "earlier"
        return Decided("decided", f"Already decided ({approval.status}) by {approval.decided_by} at {when}.")

    def _audit(self, approval: Approval, step: str, refs: tuple[str, ...]) -> None:
        event_id = f"approval-{approval.id}"
        row = AuditRow(self._clock(), approval.helpdesk, approval.ticket_id, event_id, approval.action, step, refs)
        self._store.audit(row)
