"""The webhook endpoint: read the raw body (bounded), verify, parse, enqueue, answer 202 in milliseconds.

``POST /webhooks/<name>`` answers, always as JSON:

- 202 ``{"accepted": n_new, "duplicates": n_dup}`` once every event of the delivery is in the queue
  (a delivery with no events, e.g. one the loop guard dropped, is 202 with zeros);
- 404 unknown helpdesk name, 405 any method but POST;
- 413 body over ``max_body_bytes`` (by Content-Length without reading it, or by reading at most
  ``max_body_bytes + 1`` bytes of a streamed body);
- 401 (or the 4xx the adapter chose) when ``verify`` refuses, and also when ``verify`` itself crashes:
  what we could not verify is not authentic (fail closed);
- 400 (or the adapter's 4xx) when ``parse`` refuses;
- 503 with ``Retry-After`` when ``parse`` crashes on a verified delivery or ``enqueue`` raises: the
  helpdesk redelivers, and the dedupe key collapses whatever part of it was already queued.

Never 500, never an HTML error page for a path of this blueprint. ``GET /healthz`` answers
``{"status": "ok", ...health()}`` (503 when ``health`` raises). Logs carry method, path, status,
duration, the helpdesk name, refusal messages (adapters write them for the sender; they never quote
the body) and, for crashes, the exception type and where it was raised: never the body, never an
exception's message (it may quote ticket text).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, g, jsonify, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from connectors.base import TicketEvent, WebhookAdapter, WebhookError

logger = logging.getLogger(__name__)

BLUEPRINT_NAME = "webhooks"
# Zendesk retries a 503 only when its Retry-After is under 60 s; a few seconds lets a busy queue drain.
DEFAULT_RETRY_AFTER_SECONDS = 5
_READ_CHUNK = 64 * 1024
_OTHER_METHODS = ["GET", "PUT", "PATCH", "DELETE"]
_WEBHOOK_ALLOW = "POST"
_HEALTH_ALLOW = "GET, HEAD"

Enqueue = Callable[[TicketEvent], bool]
Health = Callable[[], Mapping[str, object]]


class _RefusedError(Exception):
    """Answer with ``status`` and ``{"error": message}``; raised inside the views, handled below."""

    def __init__(self, status: int, message: str, *, retry_after: int | None = None) -> None:
        self.status = status
        self.message = message
        self.retry_after = retry_after
        super().__init__(message)


class RequestHeaders(Mapping[str, str]):
    """A request's headers as a read-only, case-insensitive mapping; repeated headers are joined by ", "."""

    __slots__ = ("_items",)

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        items: dict[str, tuple[str, str]] = {}
        for name, value in pairs:
            folded = name.lower()
            previous = items.get(folded)
            items[folded] = (previous[0], f"{previous[1]}, {value}") if previous else (name, value)
        self._items = items

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class _Receiver:
    adapters: Mapping[str, WebhookAdapter]
    enqueue: Enqueue
    max_body_bytes: int
    clock: Callable[[], datetime]
    retry_after: int

    def receive(self, name: str) -> tuple[Response, int]:
        """One delivery: every event is in the queue (new or duplicate) before this answers 202."""
        adapter = self.adapters.get(name)
        if adapter is None:
            raise _RefusedError(404, "unknown helpdesk")
        body = _read_body(self.max_body_bytes)
        headers = RequestHeaders(request.headers.items())
        self._verify(name, adapter, headers, body)
        events = self._parse(name, adapter, headers, body)
        accepted = duplicates = 0
        for event in events:
            try:
                is_new = self.enqueue(event)
            except Exception as error:
                _log_crash(name, "enqueue", error)
                raise _RefusedError(503, "queue unavailable, retry later", retry_after=self.retry_after) from error
            accepted, duplicates = (accepted + 1, duplicates) if is_new else (accepted, duplicates + 1)
        return jsonify(accepted=accepted, duplicates=duplicates), 202

    def _verify(self, name: str, adapter: WebhookAdapter, headers: Mapping[str, str], body: bytes) -> None:
        try:
            adapter.verify(headers, body, self.clock())
        except WebhookError as error:
            status = error.status if 400 <= error.status < 500 else 401
            logger.warning("webhook %s refused (%d): %s", name, status, error)
            raise _RefusedError(status, str(error)) from error
        except Exception as error:
            _log_crash(name, "verify", error)
            raise _RefusedError(401, "delivery could not be verified") from error

    def _parse(self, name: str, adapter: WebhookAdapter, headers: Mapping[str, str], body: bytes) -> list[TicketEvent]:
        try:
            return adapter.parse(headers, body)
        except WebhookError as error:
            status = error.status if 400 <= error.status < 500 else 400
            logger.warning("webhook %s refused (%d): %s", name, status, error)
            raise _RefusedError(status, str(error)) from error
        except Exception as error:
            _log_crash(name, "parse", error)
            raise _RefusedError(
                503, "delivery could not be processed, retry later", retry_after=self.retry_after
            ) from error


def create_webhooks_blueprint(
    *,
    adapters: Mapping[str, WebhookAdapter],
    enqueue: Enqueue,
    max_body_bytes: int,
    clock: Callable[[], datetime],
    health: Health | None = None,
    retry_after_seconds: int = DEFAULT_RETRY_AFTER_SECONDS,
) -> Blueprint:
    """The blueprint serving ``POST /webhooks/<name>`` (name -> adapter) and ``GET /healthz``.

    ``enqueue`` returns True for a new event, False for a duplicate of its ``dedupe_key``, and must
    raise (never return quietly) when the event could not be stored. ``clock`` gives the aware UTC
    "now" that ``verify`` checks timestamps against. Register it on an app once, with any url_prefix.
    """
    if max_body_bytes < 1 or retry_after_seconds < 0:
        raise ValueError("max_body_bytes must be >= 1 and retry_after_seconds >= 0")
    receiver = _Receiver(dict(adapters), enqueue, max_body_bytes, clock, retry_after_seconds)
    blueprint = Blueprint(BLUEPRINT_NAME, __name__)
    blueprint.add_url_rule("/webhooks/<name>", "receive", receiver.receive, methods=["POST"])
    blueprint.add_url_rule("/webhooks/<name>", "receive_other", _not_allowed(_WEBHOOK_ALLOW), methods=_OTHER_METHODS)
    blueprint.add_url_rule("/healthz", "health", _health_view(health), methods=["GET"])
    blueprint.add_url_rule("/healthz", "health_other", _not_allowed(_HEALTH_ALLOW), methods=["POST", *_OTHER_METHODS])
    _install_error_handlers(blueprint)
    _install_request_log(blueprint)
    return blueprint


def _read_body(limit: int) -> bytes:
    """The raw request body, or 413 when it is longer than ``limit``; never reads more than ``limit + 1``."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise _RefusedError(413, f"body larger than {limit} bytes")
    stream = request.stream
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = stream.read(min(remaining, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    if remaining <= 0:
        raise _RefusedError(413, f"body larger than {limit} bytes")
    return b"".join(chunks)


def _health_view(health: Health | None) -> Callable[[], tuple[Response, int]]:
    def view() -> tuple[Response, int]:
        try:
            details = dict(health()) if health else {}
            return jsonify({"status": "ok", **details}), 200
        except Exception as error:
            _log_crash("-", "health", error)
            return jsonify(status="unavailable"), 503

    return view


def _not_allowed(allow: str) -> Callable[..., tuple[Response, int, dict[str, str]]]:
    def view(**_: str) -> tuple[Response, int, dict[str, str]]:
        return jsonify(error="method not allowed"), 405, {"Allow": allow}

    return view


def _install_error_handlers(blueprint: Blueprint) -> None:
    """JSON for every error of this blueprint's paths; routing errors (404, 405 for unusual methods)
    are raised before a blueprint is chosen, so they get an app-level handler scoped to our paths."""
    prefixes: list[str] = []

    def remember_prefix(state: BlueprintSetupState) -> None:
        prefixes.append((state.url_prefix or "").rstrip("/"))

    def ours(path: str) -> bool:
        return any(path in (f"{p}/healthz", f"{p}/webhooks") or path.startswith(f"{p}/webhooks/") for p in prefixes)

    def refusal(error: _RefusedError) -> tuple[Response, int, dict[str, str]]:
        retry = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else {}
        return jsonify(error=error.message), error.status, retry

    def http_error(error: HTTPException) -> tuple[Response, int, dict[str, str]]:
        status = error.code if error.code and error.code < 500 else 503
        headers: dict[str, str] = {}
        if isinstance(error, MethodNotAllowed):  # werkzeug's list would include our catch-all 405 rules
            headers["Allow"] = _HEALTH_ALLOW if request.path.endswith("/healthz") else _WEBHOOK_ALLOW
        if status == 503:
            headers["Retry-After"] = str(DEFAULT_RETRY_AFTER_SECONDS)
        return jsonify(error=error.name.lower()), status, headers

    def routing_error(error: HTTPException) -> HTTPException | tuple[Response, int, dict[str, str]]:
        if not ours(request.path):
            return error  # another part of the app: Flask's default answer
        answer = http_error(error)
        _log_request(answer[1])
        return answer

    def unexpected(error: Exception) -> tuple[Response, int, dict[str, str]]:
        _log_crash(request.view_args.get("name", "-") if request.view_args else "-", "request", error)
        return jsonify(error="temporarily unavailable"), 503, {"Retry-After": str(DEFAULT_RETRY_AFTER_SECONDS)}

    blueprint.record(remember_prefix)
    blueprint.register_error_handler(_RefusedError, refusal)
    blueprint.register_error_handler(HTTPException, http_error)
    blueprint.register_error_handler(Exception, unexpected)
    blueprint.app_errorhandler(NotFound)(routing_error)
    blueprint.app_errorhandler(MethodNotAllowed)(routing_error)


def _install_request_log(blueprint: Blueprint) -> None:
    """One line per request of this blueprint: method, path, status, milliseconds (no body, no query)."""

    def start() -> None:
        g.carelayer_webhook_started = time.perf_counter()

    def finish(response: Response) -> Response:
        _log_request(response.status_code)
        return response

    blueprint.before_request(start)
    blueprint.after_request(finish)


def _log_request(status: int) -> None:
    started = g.get("carelayer_webhook_started")
    elapsed_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    logger.info("%s %s %d %.1fms", request.method, request.path, status, elapsed_ms)


def _log_crash(name: str, stage: str, error: BaseException) -> None:
    """An error line naming the exception type and where it was raised, never its message."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = (
        f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno} in {frame.tb_frame.f_code.co_name}" if frame else "?"
    )
    logger.error("webhook %s: %s failed with %s at %s", name, stage, type(error).__name__, where)
