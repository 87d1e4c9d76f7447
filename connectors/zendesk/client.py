"""HTTP to the Zendesk Support API: auth, timeouts, retries, and the one place HTTP failures become our errors.

Retried (with ``Retry-After`` when Zendesk sends it, else capped exponential backoff with full jitter):
429, 409, every 5xx and connection errors. Never retried: 401, 403, 404, 422 and every other status; they
become ``PermanentHelpdeskError`` carrying the status and Zendesk's own error text. Request bodies (ticket
text) and the token never appear in a message or a log line: only the method, the path and the status.

Rate limits: https://developer.zendesk.com/api-reference/introduction/rate-limits/
Errors: https://developer.zendesk.com/api-reference/introduction/requests/#response-format
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError

log = logging.getLogger(__name__)

JSON = dict[str, Any]
Params = Mapping[str, str | int]
RETRYABLE_STATUSES = frozenset({409, 429})  # and every 5xx
BACKOFF_BASE_SECONDS = 1.0
USER_AGENT = "carelayer-zendesk/0.1"
_MAX_DETAIL_CHARS = 300


class ZendeskPermanentError(PermanentHelpdeskError):
    """A call retrying cannot fix; ``status`` is the HTTP status when Zendesk answered one."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class ZendeskRetryableError(RetryableHelpdeskError):
    """A call that may succeed later (retries exhausted, or an outcome we cannot know)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class _TransientError(Exception):
    """One attempt failed in a way the next attempt may not; only ever seen inside the retry loop."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        self.message = message
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


class ZendeskClient:
    """JSON over HTTPS to one Zendesk account with an API token (``{email}/token:{token}`` Basic auth).

    ``sleep`` and ``rng`` are injected so tests observe every wait without waiting.
    """

    def __init__(
        self,
        base_url: str,
        email: str,
        token: str,
        *,
        timeout: float,
        max_retries: int,
        max_retry_wait: float,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = _checked_base_url(base_url)
        if not email or not token:
            raise ConfigError("the Zendesk client needs the API user's email and an API token")
        self._auth = (f"{email}/token", token)
        self._timeout = timeout
        self._max_retries = max(0, max_retries)
        self._max_wait = max_retry_wait
        self._session = session if session is not None else requests.Session()
        self._owns_session = session is None
        self._sleep = sleep
        self._rng = rng

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def get(self, path: str, params: Params | None = None) -> JSON:
        return self.request("GET", path, params=params)

    def put(self, path: str, body: Mapping[str, Any]) -> JSON:
        return self.request("PUT", path, json_body=body)

    def request(self, method: str, path: str, *, params: Params | None = None, json_body: Any = None) -> JSON:
        """The decoded JSON object Zendesk answered; retries as described above, then raises a HelpdeskError."""
        retrying = Retrying(
            stop=stop_after_attempt(self._max_retries + 1),
            wait=self._wait_seconds,
            retry=retry_if_exception_type(_TransientError),
            sleep=self._sleep,
            before_sleep=_log_retry(method, path, self._max_retries),
            reraise=True,
        )
        try:
            response: requests.Response = retrying(self._attempt, method, path, params, json_body)
        except _TransientError as error:
            raise ZendeskRetryableError(
                f"Zendesk {method} {path} still failing after {self._max_retries + 1} attempts: {error.message}",
                status=error.status,
            ) from error
        return _decode(response, method, path)

    def _attempt(self, method: str, path: str, params: Params | None, json_body: Any) -> requests.Response:
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                params=params,
                json=json_body,
                auth=self._auth,
                timeout=self._timeout,
                allow_redirects=False,  # a redirect means a wrong url; never resend credentials elsewhere
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            )
        except requests.ConnectionError as error:  # includes connect timeouts: the request never arrived
            raise _TransientError(f"cannot reach Zendesk ({type(error).__name__})") from error
        except requests.Timeout as error:
            if method == "GET":
                raise _TransientError(f"no answer within {self._timeout:g}s") from error
            # The write may or may not have been applied: resending could post a comment twice.
            raise ZendeskRetryableError(
                f"Zendesk {method} {path}: no answer within {self._timeout:g}s; the write may or may not have "
                "been applied, so it is not resent here"
            ) from error
        except requests.RequestException as error:
            raise ZendeskPermanentError(f"Zendesk {method} {path}: request failed ({type(error).__name__})") from error
        _raise_for_status(response, method, path)
        return response

    def _wait_seconds(self, state: RetryCallState) -> float:
        """``Retry-After`` capped at max_retry_wait; else full jitter over a capped exponential ceiling."""
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _TransientError) and error.retry_after is not None:
            return min(error.retry_after, self._max_wait)
        ceiling = min(self._max_wait, BACKOFF_BASE_SECONDS * 2.0 ** (state.attempt_number - 1))
        return self._rng() * ceiling


def _checked_base_url(base_url: str) -> str:
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"Zendesk url must look like https://<subdomain>.zendesk.com (got {base_url!r})")
    if parts.username or parts.password or parts.query:
        raise ConfigError("Zendesk url must not carry credentials or a query string")
    return base_url.rstrip("/")


def _log_retry(method: str, path: str, max_retries: int) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        reason = error.message if isinstance(error, _TransientError) else type(error).__name__
        wait = float(state.next_action.sleep) if state.next_action else 0.0
        log.warning(
            "Zendesk %s %s: %s; retry %d of %d in %.1fs", method, path, reason, state.attempt_number, max_retries, wait
        )

    return before_sleep


def _raise_for_status(response: requests.Response, method: str, path: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if status in RETRYABLE_STATUSES or status >= 500:
        raise _TransientError(f"HTTP {status}", status=status, retry_after=_retry_after(response))
    hint = ""
    if status in (401, 403):
        hint = " (check the API user's email, the token and that token access is enabled)"
    elif 300 <= status < 400:
        hint = " (a redirect: check the configured url)"
    raise ZendeskPermanentError(
        f"Zendesk answered {status} to {method} {path}: {_error_detail(response)}{hint}", status=status
    )


def _retry_after(response: requests.Response) -> float | None:
    """Seconds to wait from ``Retry-After``; None when absent or not a number (HTTP dates are not used by Zendesk)."""
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


def _error_detail(response: requests.Response) -> str:
    """Zendesk's error code and description (``{"error": ..., "description": ..., "details": ...}``), trimmed."""
    try:
        payload = response.json()
    except ValueError:
        return response.reason or "no error description"
    if not isinstance(payload, dict):
        return response.reason or "no error description"
    parts = [_error_text(payload.get("error")), _error_text(payload.get("description"))]
    details = payload.get("details")
    if isinstance(details, dict):
        for field, problems in details.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                text = _error_text(problem.get("description") if isinstance(problem, dict) else problem)
                parts.append(f"{field}: {text}" if text else str(field))
    text = "; ".join(p for p in parts if p) or response.reason or "no error description"
    return text if len(text) <= _MAX_DETAIL_CHARS else text[: _MAX_DETAIL_CHARS - 1] + "…"


def _error_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):  # some endpoints answer {"error": {"title": ..., "message": ...}}
        return ": ".join(str(value[k]).strip() for k in ("title", "message") if value.get(k))
    return ""


def _decode(response: requests.Response, method: str, path: str) -> JSON:
    if not response.content:
        return {}
    try:
        payload = response.json()
    except ValueError as error:
        raise ZendeskPermanentError(
            f"Zendesk answered {response.status_code} to {method} {path} with a body that is not JSON "
            "(check the configured url)",
            status=response.status_code,
        ) from error
    if not isinstance(payload, dict):
        raise ZendeskPermanentError(f"Zendesk answered {method} {path} with JSON that is not an object")
    return payload
