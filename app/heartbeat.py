"""The worker's heartbeat: while a job is being processed, its lease is renewed in the background.

A lease expires so that a job whose worker died goes back to the queue. A worker that is alive but slow
(a language model taking its full timeout, a helpdesk answering 429 with a long Retry-After) must not
lose its job to a second worker meanwhile: both would triage it, and both would pay the model. So the
lease is renewed every third of its length. If the queue stays unreachable for a whole lease, the lease
lapses anyway, which is the safe side: the write ledger keeps a second worker from writing twice. Nothing
from the job is logged, only its id.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from carelayer.queue import JobQueue

log = logging.getLogger(__name__)

BEATS_PER_LEASE = 3


class LeaseHeartbeat:
    """Context manager: renews ``job_id``'s lease for ``worker_id`` until the block ends or the lease is lost.

    ``wait`` is the pause between beats (``threading.Event.wait`` by default; tests pass their own).
    """

    def __init__(
        self,
        queue: JobQueue,
        job_id: int,
        worker_id: str,
        *,
        wait: Callable[[threading.Event, float], bool] | None = None,
    ) -> None:
        self._queue = queue
        self._job_id = job_id
        self._worker_id = worker_id
        self._interval = queue.lease_seconds / BEATS_PER_LEASE
        self._wait = wait or (lambda stop, seconds: stop.wait(seconds))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{job_id}", daemon=True)
        self.beats = 0  # leases renewed (read by the tests)
        self.lost = False

    def __enter__(self) -> LeaseHeartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def beat(self) -> bool:
        """Renew once; False when the lease is gone (then the heartbeat stops)."""
        try:
            renewed = self._queue.renew(self._job_id, self._worker_id)
        except Exception as error:  # the queue is down: try again next beat, never stop the job
            log.warning("lease renewal failed job=%s error=%s", self._job_id, type(error).__name__)
            return True
        if renewed:
            self.beats += 1
            return True
        self.lost = True
        log.warning("lease lost while processing job=%s worker=%s", self._job_id, self._worker_id)
        return False

    def _run(self) -> None:
        while not self._wait(self._stop, self._interval):
            if not self.beat():
                return
