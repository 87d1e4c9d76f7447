"""Console fixtures: the example clinic's settings with a session key and an admin password, and an app
built around an injectable clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from app.web import console_chart, console_report
from carelayer.backends import open_state_store
from carelayer.settings import Settings, load_settings
from console.deps import ConsoleDeps
from console.web import build_console, install_console
from tests.clinic_config import write_clinic_config
from tests.servers import PG_PASSWORD, PostgresServer

PASSWORD = "correct horse battery staple"
SECRET_KEY = "test-secret-key-0123456789abcdef"
START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def console_settings(
    folder: Path, *, environ: dict[str, str] | None = None, state_url: str | None = None, **console: Any
) -> Settings:
    """The example clinic under ``folder`` with console settings; the admin password is ``PASSWORD``.
    With ``state_url``, the state (and so the console's store) is on that PostgreSQL database."""
    path = write_clinic_config(folder)
    data = yaml.safe_load(path.read_text())
    data["console"] = {"secure_cookies": False, "max_failures": 3, "lockout_minutes": 10, **console}
    if state_url:
        data["state"] = {"url": state_url}
    path.write_text(yaml.safe_dump(data))
    env = {"CARELAYER_SECRET_KEY": SECRET_KEY, "CARELAYER_ADMIN_PASSWORD_HASH": generate_password_hash(PASSWORD)}
    env["CARELAYER_DATABASE_PASSWORD"] = PG_PASSWORD
    return load_settings(path, environ=env if environ is None else environ)


@dataclass
class Console:
    app: Flask
    deps: ConsoleDeps
    clock: FakeClock
    settings: Settings

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def signed_in(self) -> FlaskClient:
        client = self.client()
        page = client.get("/sign-in")
        response = client.post(
            "/sign-in", data={"user": "admin", "password": PASSWORD, "csrf_token": csrf_from(page.get_data(True))}
        )
        assert response.status_code == 302, response.get_data(True)
        return client


def csrf_from(html: str) -> str:
    marker = 'name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def make_console(settings: Settings, clock: FakeClock | None = None) -> Console:
    clock = clock or FakeClock()
    app = Flask("console-test")
    deps = build_console(
        settings,
        state=open_state_store(settings),
        actions_chart=console_chart,
        render_report=console_report,
        clock=clock,
    )
    install_console(app, deps)
    return Console(app, deps, clock, settings)


@pytest.fixture
def console(tmp_path: Path) -> Console:
    return make_console(console_settings(tmp_path))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_console(request: pytest.FixtureRequest, tmp_path: Path) -> Console:
    """The console on each state backend: the embedded SQLite file, then a fresh PostgreSQL database
    (``state.url`` set), so a test taking it proves the page works the same on both."""
    if request.param == "sqlite":
        return make_console(console_settings(tmp_path))
    postgres: PostgresServer = request.getfixturevalue("postgres")
    return make_console(console_settings(tmp_path, state_url=postgres.new_database("console")))


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., Console]:
    def build(**console: Any) -> Console:
        return make_console(console_settings(tmp_path, **console))

    return build
