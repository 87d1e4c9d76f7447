"""Two web hosts serving the console on one PostgreSQL state database (``state.url`` set): what an admin
saves on one is what the other's agent runs on and what its audit page shows; wrong passwords count
against the account on every host."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.conftest import PASSWORD, Console, console_settings, csrf_from, make_console
from tests.servers import PostgresServer


@pytest.fixture
def hosts(postgres: PostgresServer, tmp_path: Path) -> tuple[Console, Console]:
    url = postgres.new_database("hosts")
    for name in ("web-1", "web-2"):
        (tmp_path / name).mkdir()
    first = make_console(console_settings(tmp_path / "web-1", state_url=url))
    second = make_console(console_settings(tmp_path / "web-2", state_url=url))  # shares only the database
    return first, second


def test_a_category_saved_on_one_host_is_effective_and_audited_on_the_other(hosts: tuple[Console, Console]) -> None:
    first, second = hosts
    assert {c.name: c.mode for c in second.deps.agent.settings.categories}["billing"] != "off"
    client = first.signed_in()
    token = csrf_from(client.get("/categories").get_data(True))
    assert client.post("/categories/billing", data={"mode": "off", "csrf_token": token}).status_code == 302
    assert {c.name: c.mode for c in second.deps.agent.settings.categories}["billing"] == "off"
    audit_page = second.signed_in().get("/audit").get_data(True)
    assert "set category" in audit_page and "billing" in audit_page
    assert second.deps.store.verify_audit() is None
    assert not (first.settings.data_dir / "state.sqlite3").exists()


def test_wrong_passwords_on_two_hosts_lock_the_account_on_both(hosts: tuple[Console, Console]) -> None:
    clients = [host.client() for host in hosts]
    tokens = [csrf_from(client.get("/sign-in").get_data(True)) for client in clients]

    def sign_in(index: int, password: str) -> int:
        form = {"user": "admin", "password": password, "csrf_token": tokens[index]}
        return clients[index].post("/sign-in", data=form).status_code

    assert [sign_in(0, "wrong password!"), sign_in(1, "wrong password!")] == [401, 401]
    assert sign_in(0, "wrong password!") == 429  # the third failure, counted over both hosts
    assert sign_in(1, PASSWORD) == 429  # the other host refuses even the right password while locked
    hosts[1].clock.advance(minutes=11)
    assert sign_in(1, PASSWORD) == 302
