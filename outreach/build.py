"""Constructing outreach from typed settings (called by the app's wiring, once per process).

``build_outreach`` checks what pydantic cannot (time zone, helpdesk, templates, the fhir section) and
returns an ``OutreachService``: the worker's hook for replies (``decide``) and for scheduled sends
(``run_due``, called when the worker is idle), plus ``run_now`` and ``report`` for the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carelayer.campaign_settings import CampaignSettings
from carelayer.errors import ConfigError
from carelayer.settings import Settings
from carelayer.types import Decision, Ticket
from connectors.base import Helpdesk, Outreach, TicketEvent
from outreach.audience import AudienceSource, CsvAudience
from outreach.pausing import Paused, console_pauses
from outreach.replies import CampaignReplies
from outreach.runner import Campaign, CampaignRun, CampaignRunner
from outreach.store import CampaignCounts, OutreachStore, RecentSend
from outreach.templates import MessageTemplate


def _utc_now() -> datetime:
    return datetime.now(UTC)


class OutreachService:
    """Replies (``decide``), scheduled runs (``run_due``) and the report, over one store."""

    def __init__(
        self, *, runner: CampaignRunner, replies: CampaignReplies, store: OutreachStore, clock: Callable[[], datetime]
    ) -> None:
        self._runner = runner
        self._replies = replies
        self._store = store
        self._clock = clock
        # Each campaign is first run as soon as the worker is idle, then every run_every_minutes.
        self._next_at: dict[str, datetime] = {}

    @property
    def campaign_names(self) -> list[str]:
        return list(self._runner.campaigns)

    def decide(self, view: Ticket, event: TicketEvent, decision: Decision) -> Decision:
        """The worker's hook after triage: campaign replies (``outreach.replies``); other tickets unchanged."""
        return self._replies.decide(view, event, decision)

    def run_due(self) -> list[CampaignRun]:
        """Run each campaign whose interval has passed; never raises for one campaign's failure."""
        now = self._clock()
        due = [n for n in self._runner.campaigns if self._next_at.get(n, now) <= now]
        if not due:
            return []
        for name in due:
            every = self._runner.campaigns[name].settings.run_every_minutes
            self._next_at[name] = now + timedelta(minutes=every)
        return self._runner.run(due)

    def run_now(self, names: Sequence[str] | None = None) -> list[CampaignRun]:
        return self._runner.run(names)

    def report(self) -> list[CampaignCounts]:
        return [self._store.counts(name) for name in self._runner.campaigns]

    def settings_of(self, name: str) -> CampaignSettings:
        """The configured settings of campaign ``name`` (KeyError when there is none)."""
        return self._runner.campaigns[name].settings

    def recent_sends(self, name: str, *, limit: int = 20) -> list[RecentSend]:
        return self._store.recent(name, limit=limit)

    def opted_out_total(self) -> int:
        return self._store.opted_out_total()


def build_outreach(
    settings: Settings,
    *,
    helpdesks: Mapping[str, Helpdesk],
    clock: Callable[[], datetime] = _utc_now,
    paused: Paused | None = None,
) -> OutreachService | None:
    """The service when any campaign is configured (None otherwise); ConfigError naming the key when a
    campaign's time zone, helpdesk, template or audience cannot work. ``paused`` (default: the console's
    pauses, ``outreach.pausing``) is asked before every run."""
    configured = settings.file.campaigns
    if not configured:
        return None
    outbound: dict[str, Outreach] = {}
    campaigns = []
    for index, entry in enumerate(configured):
        where = f"campaigns[{index}]"
        helpdesk = helpdesks.get(entry.helpdesk)
        if helpdesk is None:
            raise ConfigError(f"no helpdesk named {entry.helpdesk!r} is configured", location=f"{where}.helpdesk")
        if not isinstance(helpdesk, Outreach):
            raise ConfigError(
                f"helpdesk {entry.helpdesk!r} ({helpdesk.kind}) cannot start conversations yet",
                location=f"{where}.helpdesk",
            )
        outbound[entry.helpdesk] = helpdesk
        campaigns.append(_compile(entry, where, settings.file.tag_prefix))
    store = OutreachStore(settings.data_dir / "outreach.sqlite3")
    runner = CampaignRunner(
        campaigns=campaigns,
        store=store,
        helpdesks=outbound,
        audiences=_audiences(settings),
        clock=clock,
        paused=paused or console_pauses(settings),
    )
    replies = CampaignReplies(settings=settings.file, store=store, clock=clock)
    return OutreachService(runner=runner, replies=replies, store=store, clock=clock)


def _compile(entry: CampaignSettings, where: str, prefix: str) -> Campaign:
    try:
        zone = ZoneInfo(entry.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(f"unknown time zone {entry.timezone!r}", location=f"{where}.timezone") from error
    if entry.audience.kind == "csv" and entry.audience.path is None:
        raise ConfigError("a csv audience needs path", location=f"{where}.audience.path")
    if entry.audience.kind == "screening_due" and not entry.audience.code:
        raise ConfigError("a screening_due audience needs code (system|code)", location=f"{where}.audience.code")
    subjects, messages = {}, {}
    for number, step in enumerate(entry.steps):
        subjects[step.key] = MessageTemplate(step.subject, location=f"{where}.steps[{number}].subject")
        messages[step.key] = MessageTemplate(step.message, location=f"{where}.steps[{number}].message")
    tags = (f"{prefix}_campaign", f"{prefix}_campaign_{entry.name}")
    return Campaign(entry, zone, subjects, messages, tags)


def _audiences(settings: Settings) -> dict[str, AudienceSource]:
    """An audience source per kind in use: CSV paths are read relative to the config file's folder."""
    kinds = {c.audience.kind for c in settings.file.campaigns}
    sources: dict[str, AudienceSource] = {"csv": CsvAudience(settings.config_path.parent)}
    fhir_kinds = sorted(kinds - {"csv"})
    if not fhir_kinds:
        return sources
    if settings.file.fhir is None:
        raise ConfigError(f"a {fhir_kinds[0]} audience needs the fhir section", location="fhir")
    try:
        from actions.fhir import authorization
        from outreach.fhir_audience import FhirAudience
    except ImportError as error:
        raise ConfigError(
            f"FHIR audiences need the fhir extra ({error.name} is missing): pip install 'carelayer[fhir]'",
            location="campaigns",
        ) from error
    gateway = FhirAudience(settings.file.fhir, authorization(settings.file.fhir, settings.secret))
    sources.update(dict.fromkeys(fhir_kinds, gateway))
    return sources
