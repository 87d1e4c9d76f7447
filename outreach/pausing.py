"""Pausing a campaign from the admin console, read by the runner before every run.

The pause is a console override (scope ``campaign``, ``{"paused": true}``) in the console store, so it is
audited there like every other console change and shared by every web host and worker (SQLite file or
PostgreSQL, whichever holds the state). ``console_pauses`` is the one place the runner reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from typing import Any, Protocol

from carelayer.console_store import open_console_store
from carelayer.settings import Settings

CAMPAIGN_SCOPE = "campaign"

Paused = Callable[[], Collection[str]]


class OverrideReader(Protocol):
    def overrides(self, scope: str) -> dict[str, dict[str, Any]]: ...


def paused_campaigns(store: OverrideReader) -> frozenset[str]:
    """The names of the campaigns an admin paused (a malformed override pauses nothing)."""
    return frozenset(name for name, value in store.overrides(CAMPAIGN_SCOPE).items() if value.get("paused") is True)


def console_pauses(settings: Settings) -> Paused:
    """A function returning the paused campaigns now; the console store is opened on its first call."""
    lock = threading.Lock()
    opened: list[OverrideReader] = []

    def paused() -> frozenset[str]:
        with lock:
            if not opened:
                opened.append(open_console_store(settings))
        return paused_campaigns(opened[0])

    return paused
