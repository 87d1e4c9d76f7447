"""Constructing the running service from typed settings: queue, state store, helpdesks, worker.

Everything here is wiring: each part is built once, explicitly, from the settings and secrets.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from actions.build import build_desk
from agent.live import LiveAgent
from app.knowledge_sources import build_one
from app.scheduler import SyncScheduler
from app.worker import Worker
from carelayer.backends import open_job_queue, open_state_store
from carelayer.console_store import open_console_store
from carelayer.queue import JobQueue
from carelayer.settings import Settings
from carelayer.store import StateStore
from connectors.base import Helpdesk
from connectors.registry import build_helpdesk
from knowledge.index import open_index
from outreach.build import build_outreach


def open_queue(settings: Settings) -> JobQueue:
    """The configured job queue: embedded SQLite by default, Redis when ``queue.backend`` says so."""
    return open_job_queue(settings)


def open_store(settings: Settings) -> StateStore:
    """The configured state store: ``<data_dir>/state.sqlite3`` by default, PostgreSQL by ``state.url``;
    decisions sealed with the keys named by ``state.encryption_keys_env`` when set."""
    return open_state_store(settings)


def open_helpdesks(settings: Settings) -> dict[str, Helpdesk]:
    """Every configured helpdesk by name (the name events carry)."""
    marker = settings.file.tag_prefix
    return {h.name: build_helpdesk(h, settings.secrets, marker_tag=marker) for h in settings.file.helpdesks}


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Service:
    """What a worker process holds: the queue, state, helpdesks and the worker built on them."""

    queue: JobQueue
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
        # The console's stored overrides apply from the next ticket on, without a restart.
        agent = LiveAgent(settings, store=open_console_store(settings), retriever=index, embedder=index.embedder)
        # Each source with sync_every_minutes is synced between jobs, on the index the agent reads.
        scheduler = SyncScheduler(
            index=index, entries=settings.knowledge.sources, build=lambda e: build_one(settings, e)
        )
        worker = Worker(
            queue=queue,
            helpdesks=helpdesks,
            agent=agent,
            store=store,
            worker_id=worker_id(),
            dry_run=dry_run,
            idle_task=scheduler.run_due,
            # Verified patient actions over FHIR, when any is enabled; the safety screen still wins.
            actions=build_desk(settings, retriever=index),
            # Outreach campaigns run when idle; replies on their tickets are read here too.
            outreach=build_outreach(settings, helpdesks=helpdesks),
        )
        yield Service(queue, store, helpdesks, worker)
