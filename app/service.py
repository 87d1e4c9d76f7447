"""Constructing the running service from typed settings: queue, state store, helpdesks, worker.

Everything here is wiring: each part is built once, explicitly, from the settings and secrets.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from agent.build import build_agent
from app.worker import Worker
from carelayer.queue import SqliteQueue
from carelayer.settings import Settings
from carelayer.store import StateStore
from connectors.base import Helpdesk
from connectors.registry import build_helpdesk
from knowledge.index import open_index


def open_queue(settings: Settings) -> SqliteQueue:
    queue = settings.file.queue
    return SqliteQueue(
        settings.data_dir / "queue.sqlite3",
        lease_seconds=queue.lease_seconds,
        max_attempts=queue.max_attempts,
        retry_base_seconds=queue.retry_base_seconds,
        retry_max_seconds=queue.retry_max_seconds,
    )


def open_store(settings: Settings) -> StateStore:
    return StateStore(settings.data_dir / "state.sqlite3")


def open_helpdesks(settings: Settings) -> dict[str, Helpdesk]:
    """Every configured helpdesk by name (the name events carry)."""
    marker = settings.file.tag_prefix
    return {h.name: build_helpdesk(h, settings.secrets, marker_tag=marker) for h in settings.file.helpdesks}


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Service:
    """What a worker process holds: the queue, state, helpdesks and the worker built on them."""

    queue: SqliteQueue
    store: StateStore
    helpdesks: dict[str, Helpdesk]
    worker: Worker


@contextmanager
def running_service(settings: Settings, *, dry_run: bool = False) -> Iterator[Service]:
    """Open everything a worker needs; closes what it opened on exit."""
    with ExitStack() as stack:
        index = open_index(settings)
        stack.callback(index.close)
        helpdesks = open_helpdesks(settings)
        for helpdesk in helpdesks.values():
            close = getattr(helpdesk, "close", None)
            if callable(close):
                stack.callback(close)
        queue, store = open_queue(settings), open_store(settings)
        agent = build_agent(settings, retriever=index, embedder=index.embedder)
        worker = Worker(
            queue=queue, helpdesks=helpdesks, agent=agent, store=store, worker_id=worker_id(), dry_run=dry_run
        )
        yield Service(queue, store, helpdesks, worker)
