"""A real local HTTP server for client tests: ``serve`` any WSGI app, or a ``ScriptedServer`` answering scripted steps.

Used by the tests of ``carelayer.http`` and of every vendor client (no mocks of our code: real sockets,
real timeouts, real refused connections once the server is closed).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass
class Step:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    method: str
    path: str
    query: str
    authorization: str | None
    body: bytes
    user_agent: str | None = None


class ScriptedServer:
    """Answers each request with the next scripted ``Step`` (200 ``{}`` once the script is used up)."""

    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.received: list[Received] = []
        self._lock = threading.Lock()

    def script(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        with self._lock:
            self.received.append(
                Received(
                    request.method,
                    request.path,
                    request.query_string.decode(),
                    request.headers.get("Authorization"),
                    request.get_data(),
                    request.headers.get("User-Agent"),
                )
            )
            step = self.steps.popleft() if self.steps else Step()
        if step.delay:
            time.sleep(step.delay)
        response = Response(step.body, status=step.status, headers=step.headers, content_type="application/json")
        return response(environ, start_response)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1:<free port> in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="scripted-http")
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
