"""Constants and a stepping clock shared by the sandbox connector tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

MARKER = "carelayer_processed"
REPO_ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class StepClock:
    """A clock that moves one minute each time it is read."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


# A sandbox webhook delivery body.
BODY = json.dumps({"ticket_id": "12", "event_id": "34", "kind": "updated"}).encode()
