"""Answers to campaign messages, read after triage inside the worker (``app.worker.Worker(outreach=...)``).

A reply on a ticket a campaign opened arrives as an ordinary ``updated`` event and goes through the whole
pipeline first (safety screen, classifier, actions); then, in order:

1. an emergency or clinical verdict from the pipeline stays as it is (urgent / high priority handoff),
   tagged as a campaign escalation;
2. a post-discharge warning sign (``outreach.reading``) becomes a clinical handoff to the campaign's
   escalation group with the clinical priority, in the same processing cycle;
3. an opt-out ("STOP", "please don't contact me") is remembered for every campaign and confirmed once;
4. a routine answer ("all good, thanks") closes the loop with a tag and nothing else;
5. anything else (a question) keeps the pipeline's usual decision (grounded draft, reply or handoff).

Each reply is recorded once per event (ids and the outcome, never the text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from carelayer.campaign_settings import CampaignSettings
from carelayer.settings import FileSettings
from carelayer.types import Action, Decision, Ticket
from connectors.base import EventKind, TicketEvent
from outreach.reading import read_reply
from outreach.store import OutreachStore, ReplyOutcome, Send

log = logging.getLogger(__name__)

CLINICAL, EMERGENCY = "clinical", "emergency"
DEFAULT_OPT_OUT_REPLY = str(CampaignSettings.model_fields["opt_out_reply"].default)


class CampaignReplies:
    """The worker's outreach hook for replies: ``decide`` after triage, like the action desk."""

    def __init__(self, *, settings: FileSettings, store: OutreachStore, clock: Callable[[], datetime]) -> None:
        self._settings = settings
        self._store = store
        self._clock = clock
        self._campaigns = {c.name: c for c in settings.campaigns}
        self._categories = {c.name: c for c in settings.categories}

    def decide(self, view: Ticket, event: TicketEvent, decision: Decision) -> Decision:
        """``decision`` unchanged unless ``event`` is a reply on a ticket a campaign opened."""
        if event.kind is not EventKind.UPDATED:
            return decision
        send = self._store.send_for_ticket(event.helpdesk, event.ticket_id)
        if send is None:
            return decision
        reading = read_reply(view.body)
        outcome, decided = self._outcome(
            send, decision, reading.warning_signs, opt_out=reading.opt_out, routine=reading.routine
        )
        first = self._store.record_reply(
            send, event_id=event.event_id, outcome=outcome, opt_out=reading.opt_out, at=self._clock()
        )
        if first:
            log.info(
                "campaign reply campaign=%s step=%s helpdesk=%s ticket=%s event=%s outcome=%s",
                send.campaign,
                send.step,
                send.helpdesk,
                send.ticket_id,
                event.event_id,
                outcome.value,
            )
        return decided

    def _outcome(
        self, send: Send, decision: Decision, signs: tuple[str, ...], *, opt_out: bool, routine: bool
    ) -> tuple[ReplyOutcome, Decision]:
        tags = self._tags(send)
        if self._pipeline_escalated(decision):
            # The screen already handed it on; the campaign's own reading still tells the nurse which sign it was.
            named = (_signs_reason(signs),) if signs else ()
            escalated = replace(decision, reasons=(*decision.reasons, *named))
            return ReplyOutcome.ESCALATED, self._tagged(escalated, *tags, self._tag("campaign_escalated"))
        if signs:
            return ReplyOutcome.ESCALATED, self._escalation(send, decision, signs, tags)
        if opt_out:
            campaign = self._campaigns.get(send.campaign)
            text = campaign.opt_out_reply if campaign else DEFAULT_OPT_OUT_REPLY
            reasons = ("campaign reply: the patient asked not to be contacted; remembered for every campaign",)
            opted = replace(
                decision, action=Action.REPLY, draft=text, citations=(), group=None, priority=None, reasons=reasons
            )
            return ReplyOutcome.OPTED_OUT, self._tagged(opted, *tags, self._tag("campaign_opted_out"))
        if routine:
            reasons = ("campaign reply: routine answer, nothing to do",)
            done = replace(
                decision, action=Action.SKIP, draft=None, citations=(), group=None, priority=None, reasons=reasons
            )
            return ReplyOutcome.ROUTINE, self._tagged(done, *tags, self._tag("campaign_ok"))
        return ReplyOutcome.QUESTION, self._tagged(decision, *tags)

    def _pipeline_escalated(self, decision: Decision) -> bool:
        """The safety screen or the classifier already sent it to the clinical or emergency team."""
        if decision.action is not Action.HANDOFF:
            return False
        safety = self._settings.safety
        clinical = decision.emergency or decision.category in (CLINICAL, EMERGENCY)
        return clinical or decision.priority in (safety.clinical_priority, safety.emergency_priority)

    def _escalation(self, send: Send, decision: Decision, signs: tuple[str, ...], tags: tuple[str, ...]) -> Decision:
        campaign = self._campaigns.get(send.campaign)
        clinical = self._categories.get(CLINICAL) or self._categories.get(EMERGENCY)
        group = (campaign.escalate_group if campaign else None) or (clinical.handoff_group if clinical else None)
        prefix = self._settings.tag_prefix
        reasons = (
            _signs_reason(signs),
            "handed to the clinical team with priority (the AI never answers)",
        )
        handoff = replace(
            decision,
            category=CLINICAL,
            confidence=1.0,
            action=Action.HANDOFF,
            draft=None,
            citations=(),
            tags=(prefix, f"{prefix}_{CLINICAL}", f"{prefix}_handoff"),
            group=group,
            priority=self._settings.safety.clinical_priority,
            reasons=reasons,
        )
        return self._tagged(handoff, *tags, self._tag("campaign_escalated"))

    def _tag(self, name: str) -> str:
        return f"{self._settings.tag_prefix}_{name}"

    def _tags(self, send: Send) -> tuple[str, ...]:
        return (self._tag("campaign"), self._tag(f"campaign_{send.campaign}"))

    @staticmethod
    def _tagged(decision: Decision, *tags: str) -> Decision:
        return replace(decision, tags=tuple(dict.fromkeys((*decision.tags, *tags))))


def _signs_reason(signs: tuple[str, ...]) -> str:
    return f"campaign reply: post-discharge warning sign(s): {', '.join(signs)}"
