"""FreshdeskClient: auth, error mapping, retries and the rate budget, against the fake Freshdesk and a scripted server.

Every wait goes through the injected ``sleep``: the fake's clock moves only when the client sleeps, so the waits
are observed exactly and nothing is slept for real.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from connectors.freshdesk.client import FreshdeskClient, FreshdeskPermanentError, FreshdeskRetryableError
from connectors.freshdesk.ratelimit import RateBudget
from tests.connectors.freshdesk.fake_freshdesk import API_KEY, FakeFreshdesk
from tests.connectors.zendesk.fake_zendesk import serve
from tests.scripted_http import ScriptedServer, Step

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "freshdesk"
PATIENT_TEXT = "My date of birth is 1984-02-29 and my chest hurts"


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedServer, str]]:
    server = ScriptedServer()
    with serve(server) as base_url:
        yield server, base_url


def make_client(
    url: str,
    fake: FakeFreshdesk | None = None,
    *,
    max_retries: int = 3,
    max_retry_wait: float = 60.0,
    timeout: float = 5.0,
    limits: dict[str, int] | None = None,
    rng: Callable[[], float] = lambda: 0.5,
) -> FreshdeskClient:
    clock = fake.clock if fake is not None else FakeFreshdesk().clock
    return FreshdeskClient(
        url,
        API_KEY,
        timeout=timeout,
        max_retries=max_retries,
        max_retry_wait=max_retry_wait,
        budget=RateBudget(limits, clock=clock, sleep=clock.sleep),
        sleep=clock.sleep,
        clock=clock,
        rng=rng,
    )


def test_basic_auth_is_the_key_and_x(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script(Step(200, b"[]", headers={"X-RateLimit-Total": "200", "X-RateLimit-Remaining": "199"}))

    answer = make_client(url).get("/api/v2/groups")

    expected = "Basic " + base64.b64encode(f"{API_KEY}:X".encode()).decode()
    assert server.received[0].authorization == expected
    assert answer.data == []
    assert (answer.rate.total, answer.rate.remaining, answer.rate.used_by_request) == (200, 199, None)


def test_rate_headers_and_next_page_are_read_from_the_fake(fake: FakeFreshdesk, fake_url: str) -> None:
    for _ in range(3):
        fake.create_ticket("s", "b")
    client = make_client(fake_url, fake)

    first = client.get("/api/v2/tickets", {"per_page": 2, "page": 1})
    last = client.get("/api/v2/tickets", {"per_page": 2, "page": 2})

    assert (len(first.data), first.has_next) == (2, True)
    assert (len(last.data), last.has_next) == (1, False)
    assert (last.rate.total, last.rate.remaining, last.rate.used_by_request) == (200, 198, 1)


def test_429_waits_exactly_retry_after_then_succeeds(fake: FakeFreshdesk, fake_url: str) -> None:
    fake.fail_next(429, headers={"Retry-After": "34"})
    client = make_client(fake_url, fake)

    assert client.get("/api/v2/groups").data != []
    assert fake.clock.sleeps == [34.0]
    assert len(fake.requests) == 2


def test_retry_after_longer_than_the_cap_fails_retryable_at_once(fake: FakeFreshdesk, fake_url: str) -> None:
    fake.fail_next(429, headers={"Retry-After": "3600"})
    client = make_client(fake_url, fake, max_retry_wait=60)

    with pytest.raises(FreshdeskRetryableError, match="asked to wait 3600s") as caught:
        client.get("/api/v2/groups")

    assert caught.value.status == 429
    assert fake.clock.sleeps == [] and len(fake.requests) == 1


def test_a_429_pauses_the_next_calls_too(fake: FakeFreshdesk, fake_url: str) -> None:
    """Freshdesk's limit is the account's: after Retry-After, no call (of any endpoint) goes out early."""
    fake.fail_next(429, headers={"Retry-After": "20"}, method="GET")
    client = make_client(fake_url, fake, max_retries=0)
    with pytest.raises(RetryableHelpdeskError):
        client.get("/api/v2/groups")

    client.get("/api/v2/tickets", {"per_page": 1})

    assert fake.clock.sleeps == [20.0]


def test_429_without_retry_after_backs_off_with_jitter(fake: FakeFreshdesk, fake_url: str) -> None:
    fake.fail_next(429, times=3)
    client = make_client(fake_url, fake, rng=lambda: 0.5)

    client.get("/api/v2/groups")

    assert fake.clock.sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried(fake: FakeFreshdesk, fake_url: str, status: int) -> None:
    fake.fail_next(status, times=2)

    make_client(fake_url, fake).get("/api/v2/groups")

    assert [s.status for s in fake.requests] == [status, status, 200]


def test_exhausted_retries_raise_retryable_with_status_and_cause(fake: FakeFreshdesk, fake_url: str) -> None:
    fake.fail_next(503, times=4)

    with pytest.raises(FreshdeskRetryableError, match="HTTP 503") as caught:
        make_client(fake_url, fake, max_retries=3).get("/api/v2/groups")

    assert caught.value.status == 503
    assert caught.value.__cause__ is not None
    assert len(fake.requests) == 4


@pytest.mark.parametrize("status", [400, 403, 404, 405, 409, 415])
def test_client_errors_are_permanent_and_never_retried(fake: FakeFreshdesk, fake_url: str, status: int) -> None:
    fake.fail_next(status)

    with pytest.raises(FreshdeskPermanentError) as caught:
        make_client(fake_url, fake).get("/api/v2/groups")

    assert caught.value.status == status
    assert len(fake.requests) == 1 and fake.clock.sleeps == []


def test_validation_error_names_each_field_message_and_code(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script(Step(400, (FIXTURES / "error_400_validation.json").read_bytes()))

    with pytest.raises(PermanentHelpdeskError) as caught:
        make_client(url).put("/api/v2/tickets/20", {"priority": 9})

    message = str(caught.value)
    assert "Freshdesk answered 400 to PUT /api/v2/tickets/20: Validation failed" in message
    assert "priority: It should be one of these values: '1,2,3,4' (invalid_value)" in message
    assert "group_id: There is no group matching the given group_id (invalid_value)" in message


def test_wrong_key_is_401_with_freshdesks_message_and_never_the_key(fake: FakeFreshdesk, fake_url: str) -> None:
    client = FreshdeskClient(fake_url, "wrong-key", timeout=5, max_retries=3, max_retry_wait=60, sleep=fake.clock.sleep)

    with pytest.raises(FreshdeskPermanentError) as caught:
        client.get("/api/v2/groups")

    assert caught.value.status == 401
    assert "You have to be logged in" in str(caught.value) and "check the API key" in str(caught.value)
    assert "wrong-key" not in str(caught.value) and len(fake.requests) == 1


def test_empty_404_uses_the_reason(fake: FakeFreshdesk, fake_url: str) -> None:
    with pytest.raises(FreshdeskPermanentError, match="404 to GET /api/v2/tickets/1: NOT FOUND"):
        make_client(fake_url, fake).get("/api/v2/tickets/1")


def test_redirect_is_not_followed(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script(Step(302, b"", headers={"Location": "https://elsewhere.example/api/v2/groups"}))

    with pytest.raises(PermanentHelpdeskError, match="redirect"):
        make_client(url).get("/api/v2/groups")

    assert len(server.received) == 1


def test_success_that_is_not_json_is_permanent(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script(Step(200, b"<html>Sign in</html>"))

    with pytest.raises(PermanentHelpdeskError, match="not JSON"):
        make_client(url).get("/api/v2/groups")


def test_connection_errors_are_retried_then_retryable() -> None:
    with serve(ScriptedServer()) as url:
        pass  # the port is closed again: every connection is refused
    fake = FakeFreshdesk()
    client = make_client(url, fake, max_retries=2, rng=lambda: 1.0)

    with pytest.raises(RetryableHelpdeskError, match="cannot reach Freshdesk") as caught:
        client.get("/api/v2/groups")

    assert fake.clock.sleeps == [1.0, 2.0]
    chain = caught.value.__cause__
    assert chain is not None and isinstance(chain.__cause__, requests.ConnectionError)


def test_read_timeout_is_retried_for_reads(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script(Step(200, delay=1.0), Step(200, b'{"id": 1}'))

    assert make_client(url, timeout=0.2).get("/api/v2/tickets/1").data == {"id": 1}
    assert len(server.received) == 2


def test_read_timeout_on_a_write_is_not_resent(scripted: tuple[ScriptedServer, str]) -> None:
    server, url = scripted
    server.script(Step(201, delay=1.0))

    with pytest.raises(RetryableHelpdeskError, match="may or may not have been applied") as caught:
        make_client(url, timeout=0.2).post("/api/v2/tickets/1/notes", {"body": "<p>x</p>", "private": True})

    assert len(server.received) == 1
    assert isinstance(caught.value.__cause__, requests.Timeout)


def test_endpoint_budget_is_waited_for_not_hit(fake: FakeFreshdesk, fake_url: str) -> None:
    """Tickets List allows 20 calls a minute on Growth: the 21st waits for the window, Freshdesk never says 429."""
    client = make_client(fake_url, fake)

    for _ in range(21):
        client.get("/api/v2/tickets", {"per_page": 1})
    client.get("/api/v2/groups")  # another endpoint: only the account budget applies, no wait

    assert fake.rate_limited == 0
    assert fake.clock.sleeps == [60.0]


def test_embeds_cost_extra_credits(fake: FakeFreshdesk, fake_url: str) -> None:
    ticket = fake.create_ticket("s", "b")
    client = make_client(fake_url, fake, limits={"account": 4})

    client.get(f"/api/v2/tickets/{ticket}", {"include": "requester"})  # 2 credits
    client.get(f"/api/v2/tickets/{ticket}", {"include": "requester"})  # 2 more: the account's 4
    client.get("/api/v2/groups")

    assert fake.clock.sleeps == [60.0]


def test_when_freshdesk_is_stricter_its_429_is_honoured(fake: FakeFreshdesk, fake_url: str) -> None:
    """Another app spends the same account budget: Freshdesk refuses first, the client waits its Retry-After."""
    fake.limits["account"] = 2
    client = make_client(fake_url, fake)

    for _ in range(3):
        client.get("/api/v2/groups")

    assert fake.rate_limited == 1
    assert fake.clock.sleeps == [60.0]
    assert [s.status for s in fake.requests] == [200, 200, 429, 200]


def test_logs_never_carry_the_key_or_ticket_text(
    scripted: tuple[ScriptedServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    server, url = scripted
    server.script(Step(429, headers={"Retry-After": "1"}), Step(503), Step(400, b'{"description": "x", "errors": []}'))
    caplog.set_level(logging.DEBUG)

    with pytest.raises(PermanentHelpdeskError):
        make_client(url).post("/api/v2/tickets/9/notes", {"body": PATIENT_TEXT, "private": True})

    retries = [r for r in caplog.records if r.name == "connectors.freshdesk.client"]
    assert len(retries) == 2 and "POST /api/v2/tickets/9/notes" in retries[0].getMessage()
    for record in caplog.records:
        assert API_KEY not in record.getMessage() and PATIENT_TEXT not in record.getMessage()


@pytest.mark.parametrize(
    "url",
    ["", "clinic.freshdesk.com", "ftp://clinic.freshdesk.com", "https://k:X@clinic.freshdesk.com", "https://x?y=1"],
)
def test_bad_base_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError):
        FreshdeskClient(url, API_KEY, timeout=1, max_retries=0, max_retry_wait=1)


def test_missing_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        FreshdeskClient("https://clinic.freshdesk.com", "", timeout=1, max_retries=0, max_retry_wait=1)
