"""Running a WSGI app under waitress, the production server.

Why waitress: pure Python (no compiled dependency, nothing to build on a clinic's locked-down machine),
one process with a pool of threads (``web.threads``), so the app and its SQLite queue live in one
process; it runs the same on Linux, macOS and Windows; it buffers each request before the app sees it
(a slow client holds a socket, never a worker thread) and refuses bodies over
``max_request_body_size`` itself, before buffering them.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from socket import socket
from typing import TYPE_CHECKING

from waitress import wasyncore
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server
from waitress.trigger import trigger

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

logger = logging.getLogger(__name__)

SERVER_IDENT = "carelayer"
WAITRESS_MAX_BODY_BYTES = 1 << 30  # waitress's own default


def build_server(
    app: WSGIApplication,
    *,
    host: str,
    port: int,
    threads: int,
    max_body_bytes: int | None = None,
    socket_map: dict[int, socket] | None = None,
) -> BaseWSGIServer | MultiSocketServer:
    """A bound, not yet running, waitress server (``port`` 0 picks a free port)."""
    if threads < 1:
        raise ValueError("threads must be >= 1")
    return create_server(
        app,
        map=socket_map,
        host=host,
        port=port,
        threads=threads,
        ident=SERVER_IDENT,
        asyncore_use_poll=True,  # poll(), not select(): no 1024-descriptor ceiling
        max_request_body_size=WAITRESS_MAX_BODY_BYTES if max_body_bytes is None else max_body_bytes,
    )


def serve(app: WSGIApplication, *, host: str, port: int, threads: int, max_body_bytes: int | None = None) -> None:
    """Serve ``app`` until interrupted (Ctrl-C, SystemExit), then let running requests finish (a few s).

    ``max_body_bytes`` makes waitress answer 413 itself for larger bodies, before buffering them; pass
    the same limit the webhooks blueprint enforces.
    """
    server = build_server(app, host=host, port=port, threads=threads, max_body_bytes=max_body_bytes)
    server.print_listen("carelayer serving on http://{}:{}")
    try:
        server.run()  # returns after Ctrl-C, having shut the worker threads down
    finally:
        server.close()


@dataclass
class RunningServer:
    """A waitress server running in a background thread of this process; ``stop()`` ends it."""

    host: str
    port: int
    _server: BaseWSGIServer
    _socket_map: dict[int, socket]
    _thread: threading.Thread = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        """Close the listening socket and every connection, stop the threads; safe to call twice."""
        if not self._thread.is_alive():
            return
        wakers = [d for d in list(self._socket_map.values()) if isinstance(d, trigger)]
        if wakers:  # close from the server's own loop thread, which the trigger wakes up
            wakers[0].pull_trigger(self._close_all)
        self._thread.join(timeout)

    def _close_all(self, _: None = None) -> None:
        wasyncore.close_all(self._socket_map, ignore_all=True)


def start_in_thread(
    app: WSGIApplication, *, host: str = "127.0.0.1", port: int = 0, threads: int = 4, max_body_bytes: int | None = None
) -> RunningServer:
    """Start ``app`` under waitress in a daemon thread; the returned server knows its real port."""
    socket_map: dict[int, socket] = {}
    server = build_server(
        app, host=host, port=port, threads=threads, max_body_bytes=max_body_bytes, socket_map=socket_map
    )
    if not isinstance(server, BaseWSGIServer):
        server.close()
        raise ValueError(f"{host!r} resolves to several addresses; give one (e.g. 127.0.0.1)")

    def run() -> None:
        try:
            server.run()
        finally:
            server.task_dispatcher.shutdown()

    bound_port = int(server.getsockname()[1])
    thread = threading.Thread(target=run, name=f"waitress-{bound_port}", daemon=True)
    thread.start()
    return RunningServer(host, bound_port, server, socket_map, thread)
