"""A desk that follows the console's stored overrides without a restart (like ``agent.live.LiveAgent``).

Before each event ``LiveDesk`` reads the console store's revision (one small read); when an admin changed
anything, the ``ActionDesk`` is rebuilt on ``effective_settings``: config.yaml plus the overrides of
categories and of actions (``carelayer.action_overrides``). The FHIR gateway and the stores are kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from actions.approvals import ApprovalStore
from actions.desk import ActionDesk
from actions.fhir import FhirGateway
from actions.state import ActionStore
from agent.pipeline import Retriever
from carelayer.console_store import ConsoleStore, effective_settings
from carelayer.errors import ConfigError
from carelayer.settings import Settings
from carelayer.types import Decision, Ticket
from connectors.base import TicketEvent

Check = Callable[[Settings], None]


class LiveDesk:
    """The worker's action hook: an ``ActionDesk`` on the settings as of each event."""

    def __init__(
        self,
        settings: Settings,
        *,
        console: ConsoleStore,
        gateway: FhirGateway,
        store: ActionStore,
        approvals: ApprovalStore,
        check: Check,
        retriever: Retriever | None,
        clock: Callable[[], datetime],
    ) -> None:
        self._base, self._console, self._check = settings, console, check
        self._gateway, self._store, self._approvals = gateway, store, approvals
        self._retriever, self._clock = retriever, clock
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._desk: ActionDesk | None = None

    def decide(self, view: Ticket, event: TicketEvent, decision: Decision) -> Decision:
        """``ActionDesk.decide`` with the current overrides."""
        return self.current().decide(view, event, decision)

    def expire_due(self) -> int:
        return self.current().expire_due()

    def current(self) -> ActionDesk:
        """The desk for the store's current revision; thread-safe, rebuilt at most once per change."""
        with self._lock:
            revision = self._console.revision()
            if self._desk is None or revision != self._revision:
                self._desk = self._build(self._settings())
                self._revision = revision
            return self._desk

    def _settings(self) -> Settings:
        """The effective settings; stored action overrides that fail the desk's checks are left out."""
        effective = effective_settings(self._base, self._console)
        try:
            self._check(effective)
        except ConfigError:
            file = effective.file.model_copy(update={"actions": self._base.file.actions})
            return replace(effective, file=file)
        return effective

    def _build(self, settings: Settings) -> ActionDesk:
        return ActionDesk(
            settings=settings.file,
            gateway=self._gateway,
            store=self._store,
            approvals=self._approvals,
            retriever=self._retriever,
            clock=self._clock,
        )
