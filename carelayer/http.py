"""JSON over HTTP with retries: the one client every helpdesk connector and knowledge source builds on.

What every caller gets, whatever the vendor:

- a ``requests.Session`` (injected or owned), Basic or other ``auth``, a per-request ``timeout``;
- retries of the vendor's retryable statuses (``retry_statuses``, 429 by default), every 5xx and connection
  errors, through tenacity; ``Retry-After`` honoured up to ``max_retry_wait`` (or, with
  ``give_up_on_long_retry_after``, a longer wait fails retryable at once so a job queue retries later), else
  capped exponential backoff with full jitter (``rng() * min(max_retry_wait, 1s * 2**(attempt-1))``);
- a timed-out GET is retried, a timed-out write is never resent (it may have been applied);
- redirects are refused (a redirect means a wrong url; credentials are never resent elsewhere);
- the base URL is checked once (http/https with a host, no credentials, no query);
- every failure becomes the vendor's error class from the one error tree (``raise ... from e``), with the
  vendor's error text and a hint; messages and log lines name the method, path and status only: never a
  request body (ticket text), never a credential.

Vendor quirks are explicit options of ``HttpVendor`` (which statuses retry, how error bodies read, hints) and
an optional ``Throttle`` (a request budget asked before each attempt and told of each response).
Retry-After: https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Required, TypedDict
from urllib.parse import urlsplit

import requests
from requests.auth import AuthBase
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from carelayer.errors import CarelayerError, ConfigError

JSON = dict[str, Any]
Params = Mapping[str, str | int]
Auth = tuple[str, str] | AuthBase | None
BACKOFF_BASE_SECONDS = 1.0
MAX_DETAIL_CHARS = 300
_log = logging.getLogger(__name__)


class ErrorFactory(Protocol):
    """Builds the error to raise; ``status`` is the HTTP status when the server answered one."""

    def __call__(self, message: str, *, status: int | None = None) -> CarelayerError: ...


class Throttle(Protocol):
    """A request budget: asked before every attempt (may wait), told of every response (may pause)."""

    def before_request(self, method: str, path: str) -> None: ...

    def after_response(self, method: str, path: str, response: requests.Response) -> None: ...


def no_hint(status: int) -> str:
    """No advice for any status (the default ``status_hint``)."""
    return ""


def reason_only(payload: Mapping[str, Any]) -> list[str]:
    """Nothing from the error body: the message carries the HTTP reason (the default ``error_parts``)."""
    return []


@dataclass(frozen=True, slots=True)
class HttpVendor:
    """Who we talk to and how its answers read; one frozen value per vendor module.

    ``label`` starts every message (``"Zendesk"``); ``url_example`` shows a valid base url; ``retryable`` and
    ``permanent`` build the errors (from ``carelayer.errors``); ``retry_statuses`` retry besides every 5xx;
    ``error_parts`` pulls the vendor's error text out of a JSON error body; ``status_hint`` adds advice for a
    status (401/403); ``logger`` is the vendor module's, so retry lines name it.
    """

    label: str
    url_example: str
    user_agent: str
    retryable: ErrorFactory
    permanent: ErrorFactory
    logger: logging.Logger = _log
    retry_statuses: frozenset[int] = frozenset({429})
    give_up_on_long_retry_after: bool = False
    error_parts: Callable[[Mapping[str, Any]], list[str]] = reason_only
    status_hint: Callable[[int], str] = no_hint


class ClientOptions(TypedDict, total=False):
    """The knobs a thin vendor client passes through to ``JsonHttpClient`` unchanged (``**options``)."""

    timeout: Required[float]
    max_retries: Required[int]
    max_retry_wait: Required[float]
    session: requests.Session | None
    sleep: Callable[[float], None]
    rng: Callable[[], float]


class _TransientError(Exception):
    """One attempt failed in a way the next attempt may not; only ever seen inside the retry loop."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        self.message = message
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


class JsonHttpClient:
    """JSON over HTTP(S) to one base url, retried and mapped to our errors as the module docstring says.

    ``sleep`` and ``rng`` are injected so tests observe every wait without waiting.
    """

    def __init__(
        self,
        base_url: str,
        *,
        vendor: HttpVendor,
        auth: Auth,
        timeout: float,
        max_retries: int,
        max_retry_wait: float,
        throttle: Throttle | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.vendor = vendor
        self.base_url = checked_base_url(base_url, vendor)
        self._auth = auth
        self._timeout = timeout
        self._max_retries = max(0, max_retries)
        self._max_wait = max_retry_wait
        self._throttle = throttle
        self._session = session if session is not None else requests.Session()
        self._owns_session = session is None
        self._sleep = sleep
        self._rng = rng

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def get(self, path: str, params: Params | None = None) -> JSON:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Mapping[str, Any]) -> JSON:
        return self.request("POST", path, json_body=body)

    def put(self, path: str, body: Mapping[str, Any]) -> JSON:
        return self.request("PUT", path, json_body=body)

    def request(self, method: str, path: str, *, params: Params | None = None, json_body: Any = None) -> JSON:
        """The decoded JSON object answered ({} for an empty body); retries, then raises the vendor's error."""
        payload = self.decode(self.send(method, path, params=params, json_body=json_body), method, path)
        if not isinstance(payload, dict):
            raise self.vendor.permanent(f"{self.vendor.label} answered {method} {path} with JSON that is not an object")
        return payload

    def send(self, method: str, path: str, *, params: Params | None = None, json_body: Any = None) -> requests.Response:
        """The 2xx response to ``method path`` after the retries described above; raises the vendor's error."""
        retrying = Retrying(
            stop=stop_after_attempt(self._max_retries + 1),
            wait=self._wait_seconds,
            retry=retry_if_exception(self._worth_retrying),
            sleep=self._sleep,
            before_sleep=self._log_retry(method, path),
            reraise=True,
        )
        try:
            response: requests.Response = retrying(self._attempt, method, path, params, json_body)
        except _TransientError as error:
            raise self.vendor.retryable(self._exhausted(method, path, error), status=error.status) from error
        return response

    def decode(self, response: requests.Response, method: str, path: str) -> Any:
        """The JSON of a 2xx ``response`` ({} when empty); the vendor's permanent error when it is not JSON."""
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError as error:
            raise self.vendor.permanent(
                f"{self.vendor.label} answered {response.status_code} to {method} {path} with a body that is not "
                "JSON (check the configured url)",
                status=response.status_code,
            ) from error

    def _attempt(self, method: str, path: str, params: Params | None, json_body: Any) -> requests.Response:
        label = self.vendor.label
        if self._throttle is not None:
            self._throttle.before_request(method, path)
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                params=params,
                json=json_body,
                auth=self._auth,
                timeout=self._timeout,
                allow_redirects=False,  # a redirect means a wrong url; never resend credentials elsewhere
                headers={"Accept": "application/json", "User-Agent": self.vendor.user_agent},
            )
        except requests.ConnectionError as error:  # includes connect timeouts: the request never arrived
            raise _TransientError(f"cannot reach {label} ({type(error).__name__})") from error
        except requests.Timeout as error:
            if method == "GET":
                raise _TransientError(f"no answer within {self._timeout:g}s") from error
            # The write may or may not have been applied: resending could post a comment twice.
            raise self.vendor.retryable(
                f"{label} {method} {path}: no answer within {self._timeout:g}s; the write may or may not have "
                "been applied, so it is not resent here"
            ) from error
        except requests.RequestException as error:
            raise self.vendor.permanent(f"{label} {method} {path}: request failed ({type(error).__name__})") from error
        if self._throttle is not None:
            self._throttle.after_response(method, path, response)
        self._raise_for_status(response, method, path)
        return response

    def _raise_for_status(self, response: requests.Response, method: str, path: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status in self.vendor.retry_statuses or status >= 500:
            raise _TransientError(f"HTTP {status}", status=status, retry_after=retry_after_seconds(response))
        hint = self.vendor.status_hint(status)
        if 300 <= status < 400:
            hint = f" (a redirect: check the configured url, {self.vendor.url_example})"
        detail = error_detail(response, self.vendor.error_parts)
        raise self.vendor.permanent(
            f"{self.vendor.label} answered {status} to {method} {path}: {detail}{hint}", status=status
        )

    def _worth_retrying(self, error: BaseException) -> bool:
        """Transient, unless the vendor asked for a longer wait than we may sleep and we give up on those."""
        if not isinstance(error, _TransientError):
            return False
        return not self._too_long(error)

    def _too_long(self, error: _TransientError) -> bool:
        return (
            self.vendor.give_up_on_long_retry_after
            and error.retry_after is not None
            and error.retry_after > self._max_wait
        )

    def _wait_seconds(self, state: RetryCallState) -> float:
        """``Retry-After`` capped at max_retry_wait; else full jitter over a capped exponential ceiling."""
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _TransientError) and error.retry_after is not None:
            return min(error.retry_after, self._max_wait)
        ceiling = min(self._max_wait, BACKOFF_BASE_SECONDS * 2.0 ** (state.attempt_number - 1))
        return self._rng() * ceiling

    def _exhausted(self, method: str, path: str, error: _TransientError) -> str:
        label = self.vendor.label
        if self._too_long(error):
            return (
                f"{label} {method} {path}: rate limited, asked to wait {error.retry_after:.0f}s "
                f"(more than max_retry_wait_seconds={self._max_wait:g}); the call is retried later"
            )
        return f"{label} {method} {path} still failing after {self._max_retries + 1} attempts: {error.message}"

    def _log_retry(self, method: str, path: str) -> Callable[[RetryCallState], None]:
        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            reason = error.message if isinstance(error, _TransientError) else type(error).__name__
            wait = float(state.next_action.sleep) if state.next_action else 0.0
            self.vendor.logger.warning(
                "%s %s %s: %s; retry %d of %d in %.1fs",
                self.vendor.label,
                method,
                path,
                reason,
                state.attempt_number,
                self._max_retries,
                wait,
            )

        return before_sleep


def checked_base_url(base_url: str, vendor: HttpVendor) -> str:
    """``base_url`` without a trailing slash; ConfigError unless http(s) with a host, no credentials, no query."""
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{vendor.label} url must look like {vendor.url_example} (got {base_url!r})")
    if parts.username or parts.password or parts.query:
        raise ConfigError(f"{vendor.label} url must not carry credentials or a query string")
    return base_url.rstrip("/")


def retry_after_seconds(response: requests.Response) -> float | None:
    """Seconds from ``Retry-After``; None when absent or not a finite number (HTTP dates are not used by vendors)."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def error_detail(response: requests.Response, parts: Callable[[Mapping[str, Any]], list[str]]) -> str:
    """The vendor's error text from a JSON error body (``parts``), else the HTTP reason; trimmed, never HTML."""
    try:
        payload = response.json()
    except ValueError:
        return response.reason or "no error description"
    if not isinstance(payload, dict):
        return response.reason or "no error description"
    text = "; ".join(p for p in parts(payload) if p) or response.reason or "no error description"
    return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"
