"""Sending: for each campaign, who is due for which step today, and one message each, exactly once.

Per patient and step, in order: not yet due -> nothing; already claimed -> nothing (a stale unconfirmed
claim is retried with the same external id); due longer ago than ``catch_up_days`` -> missed, never sent
late; opted out -> never; inside quiet hours -> deferred to the next allowed window (the next run after it
sends); over the frequency cap -> deferred until the cap allows. Otherwise the send is claimed in the store
first, then the helpdesk creates the ticket (see ``outreach.store`` for why this order).
Logs carry campaign, step and ticket ids and counts: never message text, names or addresses.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from carelayer.campaign_settings import CampaignSettings, QuietHoursSettings, StepSettings
from carelayer.errors import CarelayerError, PermanentHelpdeskError, RetryableHelpdeskError
from carelayer.types import Requester
from connectors.base import OutboundMessage, Outreach
from outreach.audience import Audience, AudienceSource, Recipient, earliest_anchor
from outreach.store import OutreachStore, Send, SendState
from outreach.templates import MessageFields, MessageTemplate

log = logging.getLogger(__name__)

STALE_CLAIM_MINUTES = 10.0  # an unconfirmed claim older than this is a crashed send: retry it


@dataclass(frozen=True, slots=True)
class Campaign:
    """A campaign ready to run: its settings, time zone and compiled templates (by step key)."""

    settings: CampaignSettings
    zone: ZoneInfo
    subjects: Mapping[str, MessageTemplate]
    messages: Mapping[str, MessageTemplate]
    tags: tuple[str, ...]


@dataclass
class CampaignRun:
    """What one run of one campaign did (counts of patient-steps)."""

    campaign: str
    due: int = 0
    sent: int = 0
    already_sent: int = 0
    deferred_quiet_hours: int = 0
    deferred_cap: int = 0
    opted_out: int = 0
    missed: int = 0
    failed: int = 0
    unreachable: int = 0
    next_window: datetime | None = None
    error: str | None = None
    paused: bool = False  # paused in the console (outreach.pausing): nothing was looked at


def in_quiet_hours(moment: time, quiet: QuietHoursSettings | None) -> bool:
    """True when local ``moment`` falls in [start, end) (a window may wrap past midnight)."""
    if quiet is None or quiet.start == quiet.end:
        return False
    if quiet.start < quiet.end:
        return quiet.start <= moment < quiet.end
    return moment >= quiet.start or moment < quiet.end


def next_window(local_now: datetime, quiet: QuietHoursSettings | None) -> datetime:
    """The first moment at or after ``local_now`` (zone-aware) when messages may go out."""
    if not in_quiet_hours(local_now.timetz().replace(tzinfo=None), quiet):
        return local_now
    assert quiet is not None  # in_quiet_hours is False without quiet hours
    opening = local_now.replace(hour=quiet.end.hour, minute=quiet.end.minute, second=0, microsecond=0)
    return opening if opening > local_now else opening + timedelta(days=1)


def external_id(campaign: str, step: str, patient_id: str) -> str:
    """The helpdesk-side key of one send: a hash, so no patient id is visible in the helpdesk."""
    digest = hashlib.sha256(f"{campaign}\x1f{step}\x1f{patient_id}".encode()).hexdigest()[:32]
    return f"carelayer-outreach-{digest}"


class CampaignRunner:
    """Runs campaigns now; ``clock`` is injected (tests move it instead of sleeping)."""

    def __init__(
        self,
        *,
        campaigns: Sequence[Campaign],
        store: OutreachStore,
        helpdesks: Mapping[str, Outreach],
        audiences: Mapping[str, AudienceSource],
        clock: Callable[[], datetime],
        paused: Callable[[], Collection[str]] = frozenset,
    ) -> None:
        self.campaigns = {c.settings.name: c for c in campaigns}
        self._paused = paused
        self._store = store
        self._helpdesks = helpdesks
        self._audiences = audiences
        self._clock = clock

    def run(self, names: Sequence[str] | None = None) -> list[CampaignRun]:
        """Run the named enabled campaigns (all when None); a failing one is reported, the others go on; a
        paused one (``outreach.pausing``) comes back as ``paused`` without its audience being read."""
        chosen = [c for n, c in self.campaigns.items() if c.settings.enabled and (names is None or n in names)]
        paused = self._paused() if chosen else frozenset()
        runs = []
        for campaign in chosen:
            if campaign.settings.name in paused:
                log.info("campaign paused campaign=%s", campaign.settings.name)
                runs.append(CampaignRun(campaign.settings.name, paused=True))
            else:
                runs.append(self._run_one(campaign))
        return runs

    def _run_one(self, campaign: Campaign) -> CampaignRun:
        result = CampaignRun(campaign.settings.name)
        now = self._clock()
        local = now.astimezone(campaign.zone)
        try:
            audience = self._audience(campaign, local.date())
        except CarelayerError as error:
            result.error = f"{type(error).__name__}: {error}"
            log.warning("campaign audience failed campaign=%s error=%s", result.campaign, type(error).__name__)
            return result
        result.unreachable = audience.unreachable
        quiet = in_quiet_hours(local.timetz().replace(tzinfo=None), campaign.settings.quiet_hours)
        for recipient in audience.recipients:
            for step in campaign.settings.steps:
                self._consider(campaign, step, recipient, now=now, quiet=quiet, result=result)
        if quiet and result.deferred_quiet_hours:
            result.next_window = next_window(local, campaign.settings.quiet_hours)
        log.info(
            "campaign run campaign=%s due=%d sent=%d already=%d quiet=%d capped=%d opted_out=%d missed=%d failed=%d",
            result.campaign,
            result.due,
            result.sent,
            result.already_sent,
            result.deferred_quiet_hours,
            result.deferred_cap,
            result.opted_out,
            result.missed,
            result.failed,
        )
        return result

    def _audience(self, campaign: Campaign, today: date) -> Audience:
        s = campaign.settings
        since = earliest_anchor(today, max_day=max(step.day for step in s.steps), catch_up_days=s.catch_up_days)
        source = self._audiences[s.audience.kind]
        where = f"campaigns.{s.name}.audience"
        return source.load(s.audience, since=since, zone=campaign.zone, location=where)

    def _consider(
        self, campaign: Campaign, step: StepSettings, who: Recipient, *, now: datetime, quiet: bool, result: CampaignRun
    ) -> None:
        s = campaign.settings
        today = now.astimezone(campaign.zone).date()
        due = who.anchor + timedelta(days=step.day)
        if due > today:
            return
        result.due += 1
        existing = self._store.get(s.name, step.key, who.patient_id)
        if existing is not None and not self._retry(existing, now):
            result.already_sent += 1
        elif due < today - timedelta(days=s.catch_up_days) and existing is None:
            result.missed += 1
        elif self._store.opted_out(who.patient_id):
            result.opted_out += 1
        elif quiet:
            result.deferred_quiet_hours += 1
        elif existing is None and self._capped(s, who.patient_id, now):
            result.deferred_cap += 1
        else:
            self._send(campaign, step, who, existing=existing, now=now, result=result)

    def _retry(self, existing: Send, now: datetime) -> bool:
        """A claim never confirmed and old enough that its sender is gone (crashed, or the helpdesk failed)."""
        stale = now - timedelta(minutes=STALE_CLAIM_MINUTES)
        return existing.state is SendState.CLAIMED and existing.claimed_at < stale

    def _capped(self, s: CampaignSettings, patient_id: str, now: datetime) -> bool:
        cap = s.frequency_cap
        if cap is None:
            return False
        return self._store.recent_sends(patient_id, now - timedelta(days=cap.per_days)) >= cap.max_messages

    def _send(
        self,
        campaign: Campaign,
        step: StepSettings,
        who: Recipient,
        *,
        existing: Send | None,
        now: datetime,
        result: CampaignRun,
    ) -> None:
        s = campaign.settings
        if existing is None:
            claim = Send(
                s.name,
                step.key,
                who.patient_id,
                SendState.CLAIMED,
                s.helpdesk,
                external_id(s.name, step.key, who.patient_id),
                None,
                now,
            )
            send, created = self._store.claim(claim)
        else:
            stale = now - timedelta(minutes=STALE_CLAIM_MINUTES)
            send, created = existing, self._store.reclaim(existing, at=now, stale_before=stale)
        if not created:  # another worker claimed it between our read and our write
            result.already_sent += 1
            return
        message = self._message(campaign, step, who, send.external_id)
        try:
            ticket_id = self._helpdesks[s.helpdesk].start_conversation(message)
        except RetryableHelpdeskError as error:  # the claim stays; retried once it is stale
            result.failed += 1
            log.warning(
                "campaign send will be retried campaign=%s step=%s error=%s", s.name, step.key, type(error).__name__
            )
            return
        except PermanentHelpdeskError as error:
            self._store.finish(send, state=SendState.FAILED, ticket_id=None, at=self._clock())
            result.failed += 1
            log.warning("campaign send refused campaign=%s step=%s error=%s", s.name, step.key, type(error).__name__)
            return
        self._store.finish(send, state=SendState.SENT, ticket_id=ticket_id, at=self._clock())
        result.sent += 1
        log.info("campaign sent campaign=%s step=%s helpdesk=%s ticket=%s", s.name, step.key, s.helpdesk, ticket_id)

    def _message(self, campaign: Campaign, step: StepSettings, who: Recipient, key: str) -> OutboundMessage:
        s = campaign.settings
        fields = MessageFields(first_name=who.first_name, clinic_name=s.clinic_name)
        body = campaign.messages[step.key].render(fields)
        if s.opt_out_hint:
            body = f"{body}\n\n{s.opt_out_hint}"
        subject = campaign.subjects[step.key].render(fields)
        requester = Requester(None, who.first_name or None, who.email)
        return OutboundMessage(key, subject, body, requester, campaign.tags)
