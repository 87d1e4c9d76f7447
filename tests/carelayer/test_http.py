"""carelayer.http.JsonHttpClient against a real local HTTP server that answers scripted steps.

Every wait goes through the injected ``sleep`` (recorded, never slept); jitter comes from an injected ``rng``.
The vendor here is a made-up one built from the real error tree, as a connector or a source builds its own.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import pytest
import requests

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError, SourceError
from carelayer.http import HttpVendor, JsonHttpClient, retry_after_seconds
from tests.scripted_http import ScriptedServer, Step, serve

USER = "bot@clinic.example"
SECRET = "tok-5e1f0c2d"
PATIENT_TEXT = "My date of birth is 1984-02-29 and my chest hurts"
LOGGER = logging.getLogger("tests.carelayer.vendor")
Served = tuple[ScriptedServer, str]


class AcmeRetryableError(RetryableHelpdeskError):
    """The made-up vendor's retryable error."""


class AcmePermanentError(PermanentHelpdeskError):
    """The made-up vendor's permanent error."""


def acme_error_parts(payload: Mapping[str, Any]) -> list[str]:
    return [str(payload["error"])] if "error" in payload else []


ACME = HttpVendor(
    label="Acme",
    url_example="https://<tenant>.acme.example",
    user_agent="carelayer-test/1",
    retryable=AcmeRetryableError,
    permanent=AcmePermanentError,
    logger=LOGGER,
    error_parts=acme_error_parts,
    status_hint=lambda status: " (check the token)" if status == 401 else "",
)


@pytest.fixture
def server() -> Iterator[tuple[ScriptedServer, str]]:
    script = ScriptedServer()
    with serve(script) as url:
        yield script, url


class RecordingThrottle:
    """A request budget that only notes what it was asked and told (the ``Throttle`` protocol)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, str, int | None]] = []

    def before_request(self, method: str, path: str) -> None:
        self.events.append(("before", method, path, None))

    def after_response(self, method: str, path: str, response: requests.Response) -> None:
        self.events.append(("after", method, path, response.status_code))


def make(
    url: str,
    *,
    vendor: HttpVendor = ACME,
    max_retries: int = 3,
    max_retry_wait: float = 30.0,
    timeout: float = 5.0,
    rng: Callable[[], float] = lambda: 0.5,
    throttle: RecordingThrottle | None = None,
) -> tuple[JsonHttpClient, list[float]]:
    sleeps: list[float] = []
    client = JsonHttpClient(
        url,
        vendor=vendor,
        auth=(USER, SECRET),
        timeout=timeout,
        max_retries=max_retries,
        max_retry_wait=max_retry_wait,
        throttle=throttle,
        sleep=sleeps.append,
        rng=rng,
    )
    return client, sleeps


def test_get_sends_auth_params_and_user_agent_and_decodes_json(server: Served) -> None:
    script, url = server
    script.steps.append(Step(body=b'{"ticket": {"id": 1}}'))
    client, sleeps = make(url + "/")

    assert client.get("/api/items/1", {"include": "users"}) == {"ticket": {"id": 1}}

    (seen,) = script.received
    assert (seen.method, seen.path, seen.query) == ("GET", "/api/items/1", "include=users")
    assert seen.authorization == "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    assert seen.user_agent == "carelayer-test/1" and sleeps == []


def test_post_and_put_send_the_json_body_and_empty_answers_are_empty_objects(
    server: Served,
) -> None:
    script, url = server
    script.steps.extend([Step(201, b""), Step(204, b"")])
    client, _ = make(url)

    assert client.post("/api/items", {"note": "x"}) == {}
    assert client.put("/api/items/1", {"status": "open"}) == {}
    assert [(s.method, json.loads(s.body)) for s in script.received] == [
        ("POST", {"note": "x"}),
        ("PUT", {"status": "open"}),
    ]


def test_429_with_retry_after_waits_exactly_that_long(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(429, headers={"Retry-After": "7"}), Step(200, b'{"ok": true}')])
    client, sleeps = make(url)

    assert client.get("/api/items") == {"ok": True}
    assert (len(script.received), sleeps) == (2, [7.0])


def test_429_without_retry_after_backs_off_exponentially_with_full_jitter(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(429), Step(429, headers={"Retry-After": "soon"}), Step(429), Step(200)])
    client, sleeps = make(url, rng=lambda: 0.5)

    client.get("/api/items")

    assert sleeps == [0.5, 1.0, 2.0]  # rng * 1 s, 2 s, 4 s; an unreadable Retry-After counts as none


def test_retry_after_and_backoff_are_capped_at_max_retry_wait(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(429, headers={"Retry-After": "3600"}), *[Step(503)] * 3, Step(200)])
    client, sleeps = make(url, max_retries=5, max_retry_wait=3.0, rng=lambda: 1.0)

    client.get("/api/items")

    assert sleeps == [3.0, 2.0, 3.0, 3.0]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_for_writes_too(server: Served, status: int) -> None:
    script, url = server
    script.steps.extend([Step(status, headers={"Retry-After": "2"}), Step(200, b'{"done": 1}')])
    client, sleeps = make(url)

    assert client.put("/api/items/1", {"x": 1}) == {"done": 1}
    assert [s.method for s in script.received] == ["PUT", "PUT"] and sleeps == [2.0]


def test_exhausted_retries_raise_the_vendors_retryable_error_with_status_and_cause(
    server: Served,
) -> None:
    script, url = server
    script.steps.extend([Step(503)] * 5)
    client, sleeps = make(url, max_retries=2)

    with pytest.raises(AcmeRetryableError) as caught:
        client.get("/api/items/1")

    assert len(script.received) == 3 and len(sleeps) == 2
    assert caught.value.status == 503 and caught.value.__cause__ is not None
    assert str(caught.value) == "Acme GET /api/items/1 still failing after 3 attempts: HTTP 503"


def test_409_is_retried_only_where_the_vendor_says_so(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(409), Step(200, b'{"put": 1}'), Step(409)])
    retrying = replace(ACME, retry_statuses=frozenset({409, 429}))

    assert make(url, vendor=retrying)[0].put("/api/items/1", {}) == {"put": 1}
    with pytest.raises(AcmePermanentError) as caught:
        make(url)[0].put("/api/items/1", {})

    assert caught.value.status == 409 and len(script.received) == 3


def test_a_long_retry_after_fails_at_once_when_the_vendor_gives_up_on_those(server: Served) -> None:
    script, url = server
    script.steps.append(Step(429, headers={"Retry-After": "3600"}))
    vendor = replace(ACME, give_up_on_long_retry_after=True)
    client, sleeps = make(url, vendor=vendor, max_retry_wait=60)

    with pytest.raises(AcmeRetryableError, match="asked to wait 3600s") as caught:
        client.get("/api/items")

    assert caught.value.status == 429 and sleeps == [] and len(script.received) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_permanent_never_retried_and_carry_the_vendors_text(server: Served, status: int) -> None:
    script, url = server
    script.steps.extend([Step(status, b'{"error": "RecordInvalid"}', headers={"Retry-After": "1"}), Step(200)])
    client, sleeps = make(url)

    with pytest.raises(AcmePermanentError) as caught:
        client.post("/api/items/9/notes", {"body": PATIENT_TEXT})

    assert len(script.received) == 1 and sleeps == []
    message = str(caught.value)
    assert caught.value.status == status
    assert message.startswith(f"Acme answered {status} to POST /api/items/9/notes: RecordInvalid")
    assert message.endswith(" (check the token)") == (status == 401)
    assert SECRET not in message and PATIENT_TEXT not in message


def test_an_error_body_that_is_not_json_gives_the_reason_and_long_text_is_trimmed(
    server: Served,
) -> None:
    script, url = server
    script.steps.extend([Step(404, b"<html>Not here</html>"), Step(422, json.dumps({"error": "x" * 5000}).encode())])
    client, _ = make(url)

    with pytest.raises(AcmePermanentError, match=r"404 to GET /api/items/1: NOT FOUND$") as html:
        client.get("/api/items/1")
    with pytest.raises(AcmePermanentError) as long:
        client.get("/api/items/1")

    assert "<html>" not in str(html.value) and len(str(long.value)) < 400


def test_a_redirect_is_refused_not_followed(server: Served) -> None:
    script, url = server
    script.steps.append(Step(302, b"", headers={"Location": "http://elsewhere.example/steal"}))
    client, _ = make(url)

    with pytest.raises(
        AcmePermanentError, match=r"redirect: check the configured url, https://<tenant>\.acme\.example"
    ):
        client.get("/api/items")

    assert len(script.received) == 1


def test_success_that_is_not_json_or_not_an_object_is_permanent(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(200, b"<html>Sign in</html>"), Step(200, b"[1, 2]")])
    client, _ = make(url)

    with pytest.raises(AcmePermanentError, match="not JSON"):
        client.get("/api/items")
    with pytest.raises(AcmePermanentError, match="not an object"):
        client.get("/api/items")
    assert client.decode(client.send("GET", "/api/items"), "GET", "/api/items") == {}  # send gives the response


def test_connection_errors_are_retried_then_retryable() -> None:
    with serve(ScriptedServer()) as url:
        pass  # the port is closed again: every connection is refused
    client, sleeps = make(url, max_retries=2, rng=lambda: 1.0)

    with pytest.raises(AcmeRetryableError, match="cannot reach Acme") as caught:
        client.get("/api/items")

    assert sleeps == [1.0, 2.0]
    chain = caught.value.__cause__
    assert chain is not None and isinstance(chain.__cause__, requests.ConnectionError)


def test_a_get_that_times_out_is_retried(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(200, delay=1.0), Step(200, b'{"ok": 1}')])
    client, sleeps = make(url, timeout=0.2)

    assert client.get("/api/items/1") == {"ok": 1}
    assert len(script.received) == 2 and len(sleeps) == 1


def test_a_write_that_times_out_is_never_resent(server: Served) -> None:
    script, url = server
    script.steps.append(Step(201, delay=1.0))
    client, sleeps = make(url, timeout=0.2)

    with pytest.raises(AcmeRetryableError, match="may or may not have been applied") as caught:
        client.post("/api/items/1/notes", {"body": PATIENT_TEXT})

    assert len(script.received) == 1 and sleeps == []
    assert isinstance(caught.value.__cause__, requests.Timeout) and PATIENT_TEXT not in str(caught.value)


def test_the_throttle_is_asked_before_every_attempt_and_told_of_every_answer(
    server: Served,
) -> None:
    script, url = server
    script.steps.extend([Step(429, headers={"Retry-After": "1"}), Step(200)])
    throttle = RecordingThrottle()
    client, _ = make(url, throttle=throttle)

    client.get("/api/items")

    assert throttle.events == [
        ("before", "GET", "/api/items", None),
        ("after", "GET", "/api/items", 429),
        ("before", "GET", "/api/items", None),
        ("after", "GET", "/api/items", 200),
    ]


def test_retry_log_lines_name_method_path_and_status_under_the_vendors_logger_only(
    server: Served, caplog: pytest.LogCaptureFixture
) -> None:
    script, url = server
    script.steps.extend([Step(429, headers={"Retry-After": "1"}), Step(503), Step(422, b'{"error": "Invalid"}')])
    client, _ = make(url)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(AcmePermanentError):
        client.put("/api/items/9", {"comment": PATIENT_TEXT})

    retries = [r.getMessage() for r in caplog.records if r.name == LOGGER.name]
    assert retries == [
        "Acme PUT /api/items/9: HTTP 429; retry 1 of 3 in 1.0s",
        "Acme PUT /api/items/9: HTTP 503; retry 2 of 3 in 1.0s",
    ]
    assert all(SECRET not in r.getMessage() and PATIENT_TEXT not in r.getMessage() for r in caplog.records)


def test_a_source_gets_source_errors_with_the_status(server: Served) -> None:
    script, url = server
    script.steps.extend([Step(403), Step(503), Step(503)])
    vendor = replace(ACME, label="Wiki", retryable=SourceError, permanent=SourceError, error_parts=lambda _: [])
    client, _ = make(url, vendor=vendor, max_retries=1)

    with pytest.raises(SourceError, match="Wiki answered 403 to GET /a") as refused:
        client.get("/a")
    with pytest.raises(SourceError, match="still failing after 2 attempts") as unavailable:
        client.get("/a")

    assert (refused.value.status, unavailable.value.status) == (403, 503)


@pytest.mark.parametrize(
    "url", ["", "acme.example", "ftp://acme.example", "https://user:pw@acme.example", "https://acme.example?x=1"]
)
def test_a_bad_base_url_is_a_config_error_naming_the_vendor(url: str) -> None:
    with pytest.raises(ConfigError, match=r"^Acme url must"):
        make(url)


@pytest.mark.parametrize(
    ("value", "seconds"), [("7", 7.0), (" 2.5 ", 2.5), ("-3", 0.0), ("soon", None), ("nan", None), ("inf", None)]
)
def test_retry_after_reads_seconds_only(value: str, seconds: float | None) -> None:
    response = requests.Response()
    response.headers["Retry-After"] = value
    assert retry_after_seconds(response) == seconds
