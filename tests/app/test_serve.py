"""The webhook blueprint under the real production server (waitress) on loopback, driven with requests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from flask import Flask

from app.serve import RunningServer, start_in_thread
from tests.webhooks.test_blueprint import LIMIT, NOW, SECRET, HmacAdapter, MemoryQueue, delivery
from webhooks.blueprint import create_webhooks_blueprint


@pytest.fixture
def queue() -> MemoryQueue:
    return MemoryQueue()


@pytest.fixture
def server(queue: MemoryQueue) -> Iterator[RunningServer]:
    app = Flask(__name__)
    app.register_blueprint(
        create_webhooks_blueprint(
            adapters={"test": HmacAdapter(SECRET)},
            enqueue=queue.enqueue,
            max_body_bytes=LIMIT,
            clock=lambda: NOW,
            health=lambda: {"queue_depth": len(queue.events)},
        )
    )
    running = start_in_thread(app, host="127.0.0.1", port=0, threads=2, max_body_bytes=LIMIT)
    yield running
    running.stop()


def test_a_signed_delivery_over_real_http_is_accepted_then_deduplicated(
    server: RunningServer, queue: MemoryQueue
) -> None:
    assert server.port != 0
    body, headers = delivery(("101", "e1"))
    with requests.Session() as session:
        first = session.post(f"{server.url}/webhooks/test", data=body, headers=headers, timeout=10)
        again = session.post(f"{server.url}/webhooks/test", data=body, headers=headers, timeout=10)
        health = session.get(f"{server.url}/healthz", timeout=10)
    assert (first.status_code, first.json()) == (202, {"accepted": 1, "duplicates": 0})
    assert (again.status_code, again.json()) == (202, {"accepted": 0, "duplicates": 1})
    assert first.headers["Server"] == "carelayer"
    assert health.json() == {"status": "ok", "queue_depth": 1}
    assert list(queue.events) == ["test:101:e1"]


def test_oversized_bodies_are_refused_by_the_server(server: RunningServer, queue: MemoryQueue) -> None:
    _, headers = delivery(("101", "e1"))
    chunks = (b"x" * 1024 for _ in range(LIMIT // 1024 + 2))  # a generator: sent chunked, no Content-Length
    streamed = requests.post(f"{server.url}/webhooks/test", data=chunks, headers=headers, timeout=10)
    declared = requests.post(f"{server.url}/webhooks/test", data=b"x" * (LIMIT + 1), headers=headers, timeout=10)
    assert (streamed.status_code, declared.status_code) == (413, 413)
    assert queue.events == {}


def test_stop_closes_the_listening_socket() -> None:
    running = start_in_thread(Flask(__name__), port=0, threads=1)
    url = running.url
    running.stop()
    running.stop()  # idempotent
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
