"""Fixtures for the connector tests: a sandbox helpdesk on a temporary file with a stepping clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.sandbox import SandboxHelpdesk
from tests.connectors.sandbox_fixtures import MARKER, NOW, StepClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sandbox.sqlite3"


@pytest.fixture
def sandbox(db_path: Path) -> Iterator[SandboxHelpdesk]:
    with SandboxHelpdesk(db_path, marker_tag=MARKER, clock=StepClock(NOW), name="local") as helpdesk:
        yield helpdesk
