"""Constructing the action desk from typed settings (called by the app's wiring, once per worker).

Only this module is safe to import without the ``fhir`` extra: the FHIR client is imported when an
action is enabled, and its absence is a ``ConfigError`` saying what to install.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from actions.intents import ACTIONS
from carelayer.console_store import ConsoleStore, open_console_store
from carelayer.errors import ConfigError
from carelayer.settings import Settings

if TYPE_CHECKING:
    from actions.approval_flow import Approver
    from actions.approvals import ApprovalStore
    from actions.fhir import FhirGateway
    from actions.live import LiveDesk
    from actions.state import ActionStore
    from agent.pipeline import Retriever


def _utc_now() -> datetime:
    return datetime.now(UTC)


def build_desk(
    settings: Settings,
    *,
    retriever: Retriever | None = None,
    clock: Callable[[], datetime] = _utc_now,
    console: ConsoleStore | None = None,
) -> LiveDesk | None:
    """The worker's desk whenever a ``fhir`` section is configured (the console may enable actions later;
    it follows the console's overrides without a restart), None without one and nothing enabled.
    ConfigError when actions are enabled without a ``fhir`` section, name an unknown action or category,
    the FHIR secret is missing or the ``fhir`` extra is not installed."""
    if settings.file.fhir is None:
        if any(settings.file.actions.enabled.values()):
            raise ConfigError("actions are enabled but no fhir section is configured", location="fhir")
        return None
    _check(settings)
    gateway, store, approvals = _parts(settings)
    from actions.live import LiveDesk

    return LiveDesk(
        settings,
        console=console or open_console_store(settings),
        gateway=gateway,
        store=store,
        approvals=approvals,
        check=_check,
        retriever=retriever,
        clock=clock,
    )


def build_approver(settings: Settings, *, clock: Callable[[], datetime] = _utc_now) -> Approver | None:
    """What the console approves and rejects with; None without a ``fhir`` section."""
    if settings.file.fhir is None:
        return None
    gateway, store, approvals = _parts(settings)
    from actions.approval_flow import Approver

    return Approver(settings=settings.file, gateway=gateway, store=store, approvals=approvals, clock=clock)


def _parts(settings: Settings) -> tuple[FhirGateway, ActionStore, ApprovalStore]:
    assert settings.file.fhir is not None  # checked by the callers
    try:
        from actions.approvals import ApprovalStore
        from actions.fhir import FhirGateway, authorization
        from actions.state import ActionStore
    except ImportError as error:
        raise ConfigError(
            f"patient actions need the fhir extra ({error.name} is missing): pip install 'carelayer[fhir]'",
            location="actions",
        ) from error
    gateway = FhirGateway(settings.file.fhir, authorization(settings.file.fhir, settings.secret))
    path = settings.data_dir / "actions.sqlite3"
    return gateway, ActionStore(path), ApprovalStore(path)


def _check(settings: Settings) -> None:
    categories = {c.name for c in settings.categories}
    actions = settings.file.actions
    for category, names in actions.enabled.items():
        where = f"actions.enabled.{category}"
        if categories and category not in categories:
            raise ConfigError(f"unknown category {category!r}", location=where)
        if category in ("emergency", "clinical"):
            raise ConfigError("actions never run for emergency or clinical tickets", location=where)
        unknown = sorted(set(names) - set(ACTIONS))
        if unknown:
            raise ConfigError(f"unknown action(s) {', '.join(unknown)}; known: {', '.join(ACTIONS)}", location=where)
    if actions.match_by == "identifier" and not actions.identifier_system:
        raise ConfigError("match_by identifier needs identifier_system", location="actions.identifier_system")
    try:
        ZoneInfo(actions.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(f"unknown time zone {actions.timezone!r}", location="actions.timezone") from error
    bad_risk = sorted(set(actions.risk) - set(ACTIONS))
    if bad_risk:
        raise ConfigError(f"unknown action(s) {', '.join(bad_risk)}", location="actions.risk")
