"""Signing in: the guard, CSRF, the lock-out, first-time set-up, the session cookie and the session key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.web import create_app
from carelayer.errors import ConfigError
from tests.console.conftest import PASSWORD, SECRET_KEY, Console, console_settings, csrf_from, make_console


def _sign_in(client: FlaskClient, password: str, token: str) -> tuple[int, str]:
    response = client.post("/sign-in", data={"user": "admin", "password": password, "csrf_token": token})
    return response.status_code, response.get_data(True)


@pytest.mark.parametrize("path", ["/", "/categories", "/activity", "/try", "/simulation", "/knowledge", "/audit"])
def test_every_page_redirects_to_sign_in_without_a_session(console: Console, path: str) -> None:
    response = console.client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("path", ["/api/settings", "/api/decisions", "/api/tickets/7/draft", "/api/sync"])
def test_the_api_answers_401_json_without_a_session(console: Console, path: str) -> None:
    response = console.client().get(path)
    assert response.status_code == 401
    assert response.is_json and response.get_json() == {"error": "sign in first"}


def test_only_webhooks_and_health_are_reachable_unsigned_on_the_served_app(tmp_path: Path) -> None:
    app = create_app(console_settings(tmp_path))
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    unsigned = client.post("/webhooks/sandbox", data=b"{}", headers={"Content-Type": "application/json"})
    assert unsigned.status_code in (202, 400)  # the webhook answers for itself: never a sign-in redirect
    assert client.get("/").status_code == 302
    assert client.get("/api/settings").status_code == 401


def test_sign_in_then_pages_open_and_sign_out_closes_them(console: Console) -> None:
    client = console.signed_in()
    assert client.get("/").status_code == 200
    page = client.get("/categories").get_data(True)
    response = client.post("/sign-out", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    actions = [e.action for e in console.deps.store.audit_entries()]
    assert actions[:2] == ["sign out", "sign in"]


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused_with_400(console: Console) -> None:
    client = console.client()
    client.get("/sign-in")
    status, body = _sign_in(client, PASSWORD, "")
    assert status == 400 and "security token" in body
    signed = console.signed_in()
    form = {"mode": "off", "csrf_token": "not-the-token"}
    assert signed.post("/categories/billing", data=form).status_code == 400
    assert console.deps.store.overrides("category") == {}
    patch = signed.patch("/api/settings", json={"categories": {"billing": {"mode": "off"}}})
    assert patch.status_code == 400 and patch.is_json


def test_repeated_wrong_passwords_lock_the_account_until_the_lockout_ends(console: Console) -> None:
    client = console.client()
    token = csrf_from(client.get("/sign-in").get_data(True))
    assert [_sign_in(client, "wrong password!", token)[0] for _ in range(2)] == [401, 401]
    status, body = _sign_in(client, "wrong password!", token)
    assert status == 429 and "locked until 09:10 UTC" in body
    assert _sign_in(client, PASSWORD, token)[0] == 429  # even the right password, while locked
    console.clock.advance(minutes=9)
    assert _sign_in(client, PASSWORD, token)[0] == 429
    console.clock.advance(minutes=2)
    assert _sign_in(client, PASSWORD, token)[0] == 302
    assert console.deps.store.lockout("admin").failures == 0


def test_a_wrong_user_name_counts_as_a_failure_and_says_nothing_more(console: Console) -> None:
    client = console.client()
    token = csrf_from(client.get("/sign-in").get_data(True))
    response = client.post("/sign-in", data={"user": "root", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 401
    assert "user name or password is not right" in response.get_data(True)
    assert console.deps.store.lockout("admin").failures == 1


def test_after_sign_in_only_local_paths_are_followed(console: Console) -> None:
    client = console.client()
    token = csrf_from(client.get("/sign-in").get_data(True))
    for target, expected in (("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/activity?page=2", None)):
        form = {"user": "admin", "password": PASSWORD, "csrf_token": token, "next": target}
        response = client.post("/sign-in", data=form)
        assert response.headers["Location"] == (expected or target)
        client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").get_data(True))})
        token = csrf_from(client.get("/sign-in").get_data(True))


def test_the_setup_token_lets_the_first_visitor_choose_the_password_once(tmp_path: Path) -> None:
    env = {"CARELAYER_SECRET_KEY": SECRET_KEY, "CARELAYER_SETUP_TOKEN": "one-time-token-42"}
    console = make_console(console_settings(tmp_path, environ=env))
    client = console.client()
    assert client.get("/sign-in").headers["Location"] == "/set-up"
    token = csrf_from(client.get("/set-up").get_data(True))
    wrong = {"token": "guess", "password": "a good long password", "confirm": "a good long password"}
    assert client.post("/set-up", data={**wrong, "csrf_token": token}).status_code == 401
    short = {"token": "one-time-token-42", "password": "short", "confirm": "short", "csrf_token": token}
    assert "12 to 256 characters" in client.post("/set-up", data=short).get_data(True)
    good = {**short, "password": "a good long password", "confirm": "a good long password"}
    assert client.post("/set-up", data=good).headers["Location"] == "/"
    assert client.get("/").status_code == 200
    stored = console.deps.store.password_hash()
    assert stored is not None and "a good long password" not in stored
    assert console.client().get("/set-up").headers["Location"] == "/sign-in"  # the token is spent


def test_the_session_cookie_is_httponly_samesite_lax_and_secure_by_default(make: Callable[..., Console]) -> None:
    console = make(secure_cookies=True)
    client = console.client()
    client.get("/sign-in")
    cookie = client.get_cookie("carelayer_session")
    assert cookie is not None
    assert cookie.http_only and cookie.same_site == "Lax" and cookie.secure


def test_the_console_refuses_to_start_without_a_session_key(tmp_path: Path) -> None:
    settings = console_settings(tmp_path, environ={})
    with pytest.raises(ConfigError, match="CARELAYER_SECRET_KEY"):
        make_console(settings)
    app = create_app(settings)  # serve still runs the webhooks and health check, without the console
    assert isinstance(app, Flask)
    assert app.test_client().get("/").status_code == 404
    assert app.test_client().get("/healthz").status_code == 200


def test_an_api_token_works_for_the_api_only_and_is_audited_as_such(tmp_path: Path) -> None:
    env = {"CARELAYER_SECRET_KEY": SECRET_KEY, "CARELAYER_API_TOKEN": "script-token-0123456789"}
    console = make_console(console_settings(tmp_path, environ=env))
    client = console.client()
    good = {"Authorization": "Bearer script-token-0123456789"}
    response = client.patch("/api/settings", json={"categories": {"billing": {"mode": "off"}}}, headers=good)
    assert response.status_code == 200
    assert console.deps.store.audit_entries()[0].actor == "api token"
    wrong = client.get("/api/settings", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401 and wrong.is_json
    assert client.get("/categories", headers=good).status_code == 302  # pages still need a signed-in admin
