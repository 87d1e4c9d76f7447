"""The job queue on Redis, for workers on many machines: the same guarantees as ``SqliteQueue``.

Why plain redis-py with Lua scripts rather than huey, RQ, Dramatiq or Celery: none of them keeps all
of our guarantees at once. Dedupe for ever by key (a redelivered webhook a week later must not make a
second job) is not theirs (RQ and Celery have none; huey and Dramatiq dedupe only while a task is
pending or for a lock TTL); a lease that expires when its worker is SIGKILLed and counts as an
attempt is Dramatiq's only (heartbeats), and none lets a poison job that kills its worker every
time end in the dead letters. Each operation below is one Lua script, which Redis runs atomically
(https://redis.io/docs/latest/develop/interact/programmability/eval-intro/), so workers on any
number of machines never lease the same job while its lease runs.

Layout, every key under ``prefix`` (in braces, so a Redis Cluster keeps them in one slot):
``{p}:seq`` the id counter; ``{p}:keys`` dedupe key -> id (never deleted before ``purge``);
``{p}:job:<id>`` one hash per job; ``{p}:ready`` pending ids by due time; ``{p}:leased`` leased ids by
lease expiry; ``{p}:dead`` dead ids; ``{p}:done`` done ids by completion time.

Durability is Redis's: run it with ``appendonly yes`` and ``appendfsync always`` (or ``everysec``,
accepting the loss of the last second on a power cut; see docs/deploy.md). Times come from the
caller's clock, so machines must keep NTP time (leases are minutes long; skew of seconds is harmless).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import redis

from carelayer.errors import StoreError
from carelayer.queue import MAX_ERROR_CHARS, STATES, Job

_ENQUEUE = """
local p, key = ARGV[1], ARGV[2]
if redis.call('HEXISTS', p .. ':keys', key) == 1 then return 0 end
local id = redis.call('INCR', p .. ':seq')
redis.call('HSET', p .. ':keys', key, id)
redis.call('HSET', p .. ':job:' .. id, 'key', key, 'payload', ARGV[3], 'state', 'pending', 'attempts', 0,
           'available_at', ARGV[4], 'created_at', ARGV[4])
redis.call('ZADD', p .. ':ready', ARGV[4], id)
return 1
"""
# An expired lease whose job used every attempt sends it to the dead letters (a job that kills its
# worker every time must not loop for ever); any other expired lease, or else the due pending job
# that has waited longest, is leased.
_LEASE = """
local p, worker, now, lease, max_attempts = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local pick = nil
for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. ':leased', '-inf', now, 'LIMIT', 0, 100)) do
  local job = p .. ':job:' .. id
  if tonumber(redis.call('HGET', job, 'attempts')) >= max_attempts then
    redis.call('ZREM', p .. ':leased', id)
    redis.call('HSET', job, 'state', 'dead', 'last_error', 'lease expired', 'updated_at', ARGV[3])
    redis.call('HDEL', job, 'leased_by', 'lease_expires_at')
    redis.call('ZADD', p .. ':dead', id, id)
  elseif pick == nil then
    pick = id
  end
end
if pick == nil then
  local ready = redis.call('ZRANGEBYSCORE', p .. ':ready', '-inf', now, 'LIMIT', 0, 1)
  if #ready == 0 then return false end
  pick = ready[1]
  redis.call('ZREM', p .. ':ready', pick)
end
local job = p .. ':job:' .. pick
local expires = tostring(now + lease)
redis.call('ZADD', p .. ':leased', expires, pick)
redis.call('HSET', job, 'state', 'leased', 'leased_by', worker, 'lease_expires_at', expires, 'updated_at', ARGV[3])
redis.call('HINCRBY', job, 'attempts', 1)
local fields = redis.call('HMGET', job, 'key', 'payload', 'attempts', 'available_at', 'last_error')
return {pick, fields[1], fields[2], fields[3], fields[4], fields[5] or ''}
"""
# A lease already expired is not renewed: the job may be leased again at any moment, so the worker
# that let it lapse must stop rather than race the next one.
_RENEW = """
local p, id, worker, now, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local job = p .. ':job:' .. id
local state, holder, expires = unpack(redis.call('HMGET', job, 'state', 'leased_by', 'lease_expires_at'))
if state ~= 'leased' or holder ~= worker or tonumber(expires) <= now then return 0 end
local renewed = tostring(now + lease)
redis.call('ZADD', p .. ':leased', renewed, id)
redis.call('HSET', job, 'lease_expires_at', renewed, 'updated_at', ARGV[4])
return 1
"""
_COMPLETE = """
local p, id, worker = ARGV[1], ARGV[2], ARGV[3]
local job = p .. ':job:' .. id
local state, holder = unpack(redis.call('HMGET', job, 'state', 'leased_by'))
if state ~= 'leased' or holder ~= worker then return 0 end
redis.call('ZREM', p .. ':leased', id)
redis.call('HSET', job, 'state', 'done', 'updated_at', ARGV[4])
redis.call('HDEL', job, 'leased_by', 'lease_expires_at')
redis.call('ZADD', p .. ':done', ARGV[4], id)
return 1
"""
# Backoff: base * 2^(attempts-1), capped, then "equal jitter" (half to all of it), like SqliteQueue.
_FAIL = """
local p, id, worker, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local job = p .. ':job:' .. id
local state, holder, attempts = unpack(redis.call('HMGET', job, 'state', 'leased_by', 'attempts'))
if state ~= 'leased' or holder ~= worker then return 0 end
attempts = tonumber(attempts)
redis.call('ZREM', p .. ':leased', id)
redis.call('HDEL', job, 'leased_by', 'lease_expires_at')
if ARGV[6] == '1' or attempts >= tonumber(ARGV[7]) then
  redis.call('HSET', job, 'state', 'dead', 'available_at', ARGV[4], 'last_error', ARGV[5], 'updated_at', ARGV[4])
  redis.call('ZADD', p .. ':dead', id, id)
  return 2
end
local exponent = math.min(math.max(attempts, 1) - 1, 60)
local delay = math.min(tonumber(ARGV[9]), tonumber(ARGV[8]) * 2 ^ exponent) * (0.5 + 0.5 * tonumber(ARGV[10]))
local due = tostring(now + delay)
redis.call('HSET', job, 'state', 'pending', 'available_at', due, 'last_error', ARGV[5], 'updated_at', ARGV[4])
redis.call('ZADD', p .. ':ready', due, id)
return 1
"""
_REPLAY = """
local p, id = ARGV[1], ARGV[2]
local job = p .. ':job:' .. id
if redis.call('HGET', job, 'state') ~= 'dead' then return 0 end
redis.call('ZREM', p .. ':dead', id)
redis.call('HSET', job, 'state', 'pending', 'attempts', 0, 'available_at', ARGV[3], 'updated_at', ARGV[3])
redis.call('HDEL', job, 'last_error')
redis.call('ZADD', p .. ':ready', ARGV[3], id)
return 1
"""
# Retention: done jobs finished before the cut-off are forgotten, dedupe key included.
_PURGE = """
local p = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', p .. ':done', '-inf', ARGV[2], 'LIMIT', 0, 1000)
for _, id in ipairs(ids) do
  local job = p .. ':job:' .. id
  redis.call('HDEL', p .. ':keys', redis.call('HGET', job, 'key'))
  redis.call('DEL', job)
  redis.call('ZREM', p .. ':done', id)
end
return #ids
"""


class RedisQueue:
    """A durable, deduplicating job queue with leases, retries and dead letters on one Redis server.

    The methods, their arguments and their guarantees are ``SqliteQueue``'s; ``client`` is any
    ``redis.Redis`` (``redis_client(url, password)`` builds one).
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "carelayer",
        lease_seconds: float,
        max_attempts: int,
        retry_base_seconds: float,
        retry_max_seconds: float,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if lease_seconds <= 0 or max_attempts < 1 or retry_base_seconds <= 0 or retry_max_seconds <= 0:
            raise ValueError("lease_seconds, retry seconds must be > 0 and max_attempts >= 1")
        self._redis = client
        self._prefix = "{" + prefix + "}"
        self._lease_seconds = lease_seconds
        self._max_attempts = max_attempts
        self._retry_base = retry_base_seconds
        self._retry_max = retry_max_seconds
        self._clock = clock
        self._rng = rng
        self._scripts = {
            name: client.register_script(source)
            for name, source in (
                ("enqueue", _ENQUEUE),
                ("lease", _LEASE),
                ("renew", _RENEW),
                ("complete", _COMPLETE),
                ("fail", _FAIL),
                ("replay", _REPLAY),
                ("purge", _PURGE),
            )
        }

    @property
    def max_attempts(self) -> int:
        return self._max_attempts

    @property
    def lease_seconds(self) -> float:
        return self._lease_seconds

    def enqueue(self, key: str, payload: Mapping[str, Any]) -> bool:
        """Add a job; False when a job with ``key`` already exists (pending, leased, done or dead)."""
        body = json.dumps(dict(payload), sort_keys=True)
        return bool(self._run("enqueue", key, body, repr(self._clock())))

    def lease(self, worker_id: str) -> Job | None:
        """Claim the oldest due job (an expired lease first) for ``lease_seconds``; None when none is due."""
        args = (worker_id, repr(self._clock()), repr(float(self._lease_seconds)), self._max_attempts)
        row = self._run("lease", *args)
        if not row:
            return None
        job_id, key, payload, attempts, available_at, last_error = (_text(v) for v in row)
        return Job(
            id=int(job_id),
            key=key,
            payload=MappingProxyType(json.loads(payload)),
            attempts=int(attempts),
            available_at=float(available_at),
            last_error=last_error or None,
        )

    def renew(self, job_id: int, worker_id: str) -> bool:
        """Extend the lease to ``lease_seconds`` from now; False when ``worker_id`` no longer holds it."""
        return bool(self._run("renew", job_id, worker_id, repr(self._clock()), repr(float(self._lease_seconds))))

    def complete(self, job_id: int, worker_id: str) -> bool:
        """Mark the job done; False (and no change) when ``worker_id`` no longer holds its lease."""
        return bool(self._run("complete", job_id, worker_id, repr(self._clock())))

    def fail(self, job_id: int, worker_id: str, error: str, *, permanent: bool = False) -> bool:
        """Retry later with backoff, or dead-letter when attempts are used up or ``permanent``; False
        (and no change) when ``worker_id`` no longer holds the lease."""
        short = " ".join(error.split())[:MAX_ERROR_CHARS]
        flags = ("1" if permanent else "0", self._max_attempts, repr(self._retry_base), repr(self._retry_max))
        return bool(self._run("fail", job_id, worker_id, repr(self._clock()), short, *flags, repr(float(self._rng()))))

    def backoff(self, attempts: int) -> float:
        """The same schedule the Lua script applies (for callers that want to show it)."""
        exponent = min(max(attempts, 1) - 1, 60)
        return min(self._retry_max, self._retry_base * 2.0**exponent) * (0.5 + 0.5 * self._rng())

    def dead_letters(self) -> list[Job]:
        with self._errors():
            ids = [int(_text(i)) for i in self._redis.zrange(f"{self._prefix}:dead", 0, -1)]
            pipe = self._redis.pipeline(transaction=False)
            for job_id in ids:
                pipe.hmget(f"{self._prefix}:job:{job_id}", "key", "payload", "attempts", "available_at", "last_error")
            rows = pipe.execute()
        return [_job(job_id, row) for job_id, row in zip(ids, rows, strict=True) if row[0] is not None]

    def replay(self, job_id: int) -> bool:
        """Send a dead letter back to the queue with fresh attempts; False when it is not a dead letter."""
        return bool(self._run("replay", job_id, repr(self._clock())))

    def stats(self) -> dict[str, int]:
        """How many jobs are in each state (a leased job whose lease expired still counts as leased)."""
        with self._errors():
            pipe = self._redis.pipeline(transaction=False)
            for name in ("ready", "leased", "done", "dead"):
                pipe.zcard(f"{self._prefix}:{name}")
            counts = [int(n) for n in pipe.execute()]
        return dict(zip(STATES, counts, strict=True))

    def purge_done(self, before: float) -> int:
        """Forget done jobs finished before ``before`` (epoch seconds), their dedupe keys too; how many."""
        total = 0
        while True:
            removed = int(self._run("purge", repr(before)))
            total += removed
            if removed < 1000:
                return total

    def _run(self, script: str, *args: str | int | float) -> Any:
        with self._errors():
            return self._scripts[script](args=[self._prefix, *args])

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except redis.RedisError as error:
            raise StoreError(f"redis queue {self._prefix}: {type(error).__name__}") from error


def redis_client(url: str, *, password: str | None = None) -> redis.Redis:
    """A client for ``url`` (``redis://host:port/db`` or ``rediss://``); the password comes from the
    environment, never from the URL in config.yaml. Connections are made lazily and re-made after
    a server restart."""
    return redis.Redis.from_url(
        url,
        password=password,
        socket_timeout=10,
        socket_connect_timeout=5,
        health_check_interval=30,
        retry_on_timeout=True,
    )


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _job(job_id: int, row: list[Any]) -> Job:
    key, payload, attempts, available_at, last_error = (None if v is None else _text(v) for v in row)
    return Job(
        id=job_id,
        key=str(key),
        payload=MappingProxyType(json.loads(payload or "{}")),
        attempts=int(attempts or 0),
        available_at=float(available_at or 0),
        last_error=last_error or None,
    )
