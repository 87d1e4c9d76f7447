"""Knowledge sources from settings, including those that read a helpdesk (past solved tickets).

``knowledge.sources.build_source`` builds every source that needs only its own settings; a
``past_tickets`` source needs a helpdesk's read side, which only ``app/`` may wire to ``knowledge/``.
``carelayer sync`` and the worker's scheduled sync both build their sources here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from carelayer.errors import ConfigError
from carelayer.settings import PastTicketsSourceSettings, Settings, SourceSettings
from knowledge.sources import Source, build_source
from knowledge.sources.past_tickets import PastTicketsSource, SolvedTicketFeed


def build_sources(settings: Settings, chosen: Iterable[SourceSettings]) -> list[Source]:
    """One source per config entry in ``chosen``; ConfigError naming the entry when one cannot be built."""
    return [build_one(settings, entry) for entry in chosen]


def build_one(settings: Settings, entry: SourceSettings) -> Source:
    if isinstance(entry, PastTicketsSourceSettings):
        return past_tickets_source(settings, entry)
    return build_source(entry, settings.secrets)


def past_tickets_source(
    settings: Settings, entry: PastTicketsSourceSettings, *, now: Callable[[], float] = time.time
) -> PastTicketsSource:
    """A past-tickets source over the read side of the helpdesk ``entry.helpdesk`` names."""
    return PastTicketsSource(
        entry.name, solved_ticket_feed(settings, entry, now=now), min_public_replies=entry.min_public_replies
    )


def solved_ticket_feed(
    settings: Settings, entry: PastTicketsSourceSettings, *, now: Callable[[], float] = time.time
) -> SolvedTicketFeed:
    """The helpdesk's solved-ticket feed; ConfigError for an unknown helpdesk, a kind without one, or no token."""
    location = f"knowledge.sources.{entry.name}"
    known = {h.name: h for h in settings.file.helpdesks}
    helpdesk = known.get(entry.helpdesk)
    if helpdesk is None:
        names = ", ".join(known) or "none configured"
        raise ConfigError(f"helpdesk {entry.helpdesk!r} is not configured (helpdesks: {names})", location=location)
    if helpdesk.kind != "zendesk" or not helpdesk.url or not helpdesk.email:
        raise ConfigError(
            f"past tickets can be read from a zendesk helpdesk today; {helpdesk.name!r} is {helpdesk.kind}",
            location=location,
        )
    token = settings.secret(helpdesk.token_env)
    if not token:
        raise ConfigError(
            f"helpdesk {helpdesk.name!r} needs its API token in the environment variable {helpdesk.token_env}",
            location=location,
        )
    from connectors.base import client_options
    from connectors.zendesk.client import ZendeskClient
    from connectors.zendesk.solved import ZendeskSolvedTickets

    client = ZendeskClient(helpdesk.url, helpdesk.email, token, **client_options(helpdesk))
    return ZendeskSolvedTickets(
        client,
        source=entry.name,
        statuses=entry.statuses,
        since_days=entry.since_days,
        bot_user_id=helpdesk.bot_user_id,
        now=now,
    )
