"""ZendeskClient retries against a real local HTTP server that answers scripted status sequences.

Every wait goes through the injected ``sleep`` (recorded, never slept); jitter comes from an injected ``rng``.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from connectors.zendesk.client import ZendeskClient, ZendeskPermanentError, ZendeskRetryableError
from tests.scripted_http import ScriptedServer, Step, serve

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zendesk"
TOKEN = "tok-9f8e7d6c5b4a"
EMAIL = "bot@clinic.example"
PATIENT_TEXT = "My date of birth is 1984-02-29 and my chest hurts"


def zendesk_error(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def server() -> Iterator[tuple[ScriptedServer, str]]:
    scripted = ScriptedServer()
    with serve(scripted) as base_url:
        yield scripted, base_url


class Recorder:
    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def make_client(
    base_url: str,
    *,
    max_retries: int = 4,
    max_retry_wait: float = 30.0,
    timeout: float = 5.0,
    rng: Callable[[], float] = lambda: 0.5,
) -> tuple[ZendeskClient, Recorder]:
    sleeps = Recorder()
    client = ZendeskClient(
        base_url,
        EMAIL,
        TOKEN,
        timeout=timeout,
        max_retries=max_retries,
        max_retry_wait=max_retry_wait,
        sleep=sleeps,
        rng=rng,
    )
    return client, sleeps


def test_sends_token_basic_auth_and_returns_json(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(body=b'{"ticket": {"id": 1}}'))
    client, sleeps = make_client(url)

    assert client.get("/api/v2/tickets/1.json", {"include": "users"}) == {"ticket": {"id": 1}}

    (seen,) = scripted.received
    assert (seen.method, seen.path, seen.query) == ("GET", "/api/v2/tickets/1.json", "include=users")
    assert seen.authorization == "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
    assert sleeps.sleeps == []


def test_put_sends_the_json_body(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    client, _ = make_client(url)

    client.put("/api/v2/tickets/1.json", {"ticket": {"status": "open"}})

    assert json.loads(scripted.received[0].body) == {"ticket": {"status": "open"}}


def test_429_with_retry_after_waits_exactly_that_long(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(429, headers={"Retry-After": "7"}), Step(200, b'{"ok": true}'))
    client, sleeps = make_client(url)

    assert client.get("/api/v2/groups.json") == {"ok": True}
    assert len(scripted.received) == 2
    assert sleeps.sleeps == [7.0]


def test_retry_after_is_capped_at_max_retry_wait(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(429, headers={"Retry-After": "3600"}), Step(200))
    client, sleeps = make_client(url, max_retry_wait=30)

    client.get("/api/v2/groups.json")

    assert sleeps.sleeps == [30.0]


def test_429_without_retry_after_backs_off_exponentially_with_full_jitter(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(429), Step(429), Step(429), Step(200))
    client, sleeps = make_client(url, rng=lambda: 0.5)

    client.get("/api/v2/groups.json")

    assert sleeps.sleeps == [0.5, 1.0, 2.0]  # rng * 1s, 2s, 4s


def test_backoff_ceiling_is_capped(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(*[Step(503)] * 5, Step(200))
    client, sleeps = make_client(url, max_retries=5, max_retry_wait=3.0, rng=lambda: 1.0)

    client.get("/api/v2/groups.json")

    assert sleeps.sleeps == [1.0, 2.0, 3.0, 3.0, 3.0]


def test_jitter_draws_from_the_injected_rng(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    draws = iter([0.1, 0.9])
    scripted.script(Step(500), Step(502), Step(200))
    client, sleeps = make_client(url, rng=lambda: next(draws))

    client.get("/api/v2/groups.json")

    assert sleeps.sleeps == pytest.approx([0.1, 1.8])


def test_unreadable_retry_after_falls_back_to_backoff(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(429, headers={"Retry-After": "soon"}), Step(200))
    client, sleeps = make_client(url, rng=lambda: 0.25)

    client.get("/api/v2/groups.json")

    assert sleeps.sleeps == [0.25]


@pytest.mark.parametrize("status", [409, 500, 502, 503, 504])
def test_conflict_and_server_errors_are_retried(server: tuple[ScriptedServer, str], status: int) -> None:
    scripted, url = server
    scripted.script(Step(status, headers={"Retry-After": "2"}), Step(200, b'{"ticket": {}}'))
    client, sleeps = make_client(url)

    assert client.put("/api/v2/tickets/1.json", {"ticket": {}}) == {"ticket": {}}
    assert [r.method for r in scripted.received] == ["PUT", "PUT"]
    assert sleeps.sleeps == [2.0]


def test_exhausted_retries_raise_retryable_with_status_and_cause(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(*[Step(503)] * 10)
    client, sleeps = make_client(url, max_retries=2)

    with pytest.raises(RetryableHelpdeskError) as caught:
        client.get("/api/v2/tickets/1.json")

    assert len(scripted.received) == 3
    assert len(sleeps.sleeps) == 2
    assert isinstance(caught.value, ZendeskRetryableError) and caught.value.status == 503
    assert "503" in str(caught.value) and "3 attempts" in str(caught.value)
    assert caught.value.__cause__ is not None


def test_no_retries_when_max_retries_is_zero(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(429, headers={"Retry-After": "1"}))
    client, sleeps = make_client(url, max_retries=0)

    with pytest.raises(RetryableHelpdeskError):
        client.get("/api/v2/groups.json")

    assert (len(scripted.received), sleeps.sleeps) == (1, [])


@pytest.mark.parametrize(
    ("status", "fixture", "expected"),
    [
        (401, "error_401.json", "Couldn't authenticate you"),
        (403, "error_403.json", "Forbidden: You do not have access"),
        (404, "error_404.json", "RecordNotFound; Not found"),
        (422, "error_422.json", "status: Status: closed prevents ticket update"),
    ],
)
def test_client_errors_are_permanent_and_never_retried(
    server: tuple[ScriptedServer, str], status: int, fixture: str, expected: str
) -> None:
    scripted, url = server
    scripted.script(Step(status, zendesk_error(fixture), headers={"Retry-After": "5"}), Step(200))
    client, sleeps = make_client(url)

    with pytest.raises(PermanentHelpdeskError) as caught:
        client.put("/api/v2/tickets/4711.json", {"ticket": {"comment": {"body": PATIENT_TEXT, "public": False}}})

    assert len(scripted.received) == 1
    assert sleeps.sleeps == []
    assert isinstance(caught.value, ZendeskPermanentError) and caught.value.status == status
    message = str(caught.value)
    assert str(status) in message and expected in message and "PUT /api/v2/tickets/4711.json" in message
    assert TOKEN not in message and PATIENT_TEXT not in message


def test_permanent_error_without_json_body_uses_the_reason(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(404, b"<html>Not here</html>"))
    client, _ = make_client(url)

    with pytest.raises(PermanentHelpdeskError, match=r"404.*NOT FOUND") as caught:
        client.get("/api/v2/tickets/1.json")

    assert "<html>" not in str(caught.value)


def test_long_error_detail_is_trimmed(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(422, json.dumps({"error": "RecordInvalid", "description": "x" * 5000}).encode()))
    client, _ = make_client(url)

    with pytest.raises(PermanentHelpdeskError) as caught:
        client.get("/api/v2/tickets/1.json")

    assert len(str(caught.value)) < 500


def test_redirect_is_not_followed(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(302, headers={"Location": "http://elsewhere.example/api"}))
    client, _ = make_client(url)

    with pytest.raises(PermanentHelpdeskError, match="redirect"):
        client.get("/api/v2/tickets/1.json")

    assert len(scripted.received) == 1


def test_success_that_is_not_json_is_permanent(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(200, b"<html>Sign in</html>"))
    client, _ = make_client(url)

    with pytest.raises(PermanentHelpdeskError, match="not JSON"):
        client.get("/api/v2/tickets/1.json")


def test_connection_errors_are_retried_then_retryable() -> None:
    with serve(ScriptedServer()) as url:
        pass  # the port is closed again: every connection is refused
    client, sleeps = make_client(url, max_retries=2, rng=lambda: 1.0)

    with pytest.raises(RetryableHelpdeskError) as caught:
        client.get("/api/v2/tickets/1.json")

    assert sleeps.sleeps == [1.0, 2.0]
    chain = caught.value.__cause__
    assert chain is not None and isinstance(chain.__cause__, requests.ConnectionError)
    assert "cannot reach Zendesk" in str(caught.value)


def test_read_timeout_is_retried_for_reads(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(200, delay=1.0), Step(200, b'{"ok": 1}'))
    client, sleeps = make_client(url, timeout=0.2)

    assert client.get("/api/v2/tickets/1.json") == {"ok": 1}
    assert len(sleeps.sleeps) == 1


def test_read_timeout_on_a_write_is_not_resent(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    scripted.script(Step(200, delay=1.0))
    client, sleeps = make_client(url, timeout=0.2)

    with pytest.raises(RetryableHelpdeskError, match="may or may not have been applied") as caught:
        client.put("/api/v2/tickets/1.json", {"ticket": {"comment": {"body": "x", "public": False}}})

    assert len(scripted.received) == 1 and sleeps.sleeps == []
    assert isinstance(caught.value.__cause__, requests.Timeout)


def test_logs_never_carry_token_or_ticket_text(
    server: tuple[ScriptedServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    scripted, url = server
    scripted.script(Step(429, headers={"Retry-After": "1"}), Step(503), Step(422, zendesk_error("error_422.json")))
    client, _ = make_client(url)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(PermanentHelpdeskError):
        client.put("/api/v2/tickets/9.json", {"ticket": {"comment": {"body": PATIENT_TEXT, "public": False}}})

    retries = [r for r in caplog.records if r.name == "connectors.zendesk.client"]
    assert len(retries) == 2
    assert "PUT /api/v2/tickets/9.json" in retries[0].getMessage()
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and PATIENT_TEXT not in record.getMessage()


@pytest.mark.parametrize(
    "url", ["", "clinic.zendesk.com", "ftp://clinic.zendesk.com", "https://user:pw@clinic.zendesk.com", "https://x?y=1"]
)
def test_bad_base_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError):
        ZendeskClient(url, EMAIL, TOKEN, timeout=1, max_retries=0, max_retry_wait=1)


def test_missing_token_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        ZendeskClient("https://clinic.zendesk.com", EMAIL, "", timeout=1, max_retries=0, max_retry_wait=1)


def test_trailing_slash_in_base_url_is_harmless(server: tuple[ScriptedServer, str]) -> None:
    scripted, url = server
    client, _ = make_client(url + "/")

    client.get("/api/v2/groups.json")

    assert scripted.received[0].path == "/api/v2/groups.json"
