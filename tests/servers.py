"""Real servers for the scale-out tests: redis-server and PostgreSQL, each on a free loopback port,
started from Debian's packages (scripts/system-packages.sh installs them) and stopped after.

PostgreSQL refuses to run as root, so when the tests run as root its data folder belongs to the
``postgres`` account (created by Debian's package) and its commands run through ``runuser``.
Nothing here downloads anything.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
PG_USER, PG_PASSWORD, PG_DATABASE = "carelayer", "test-only-password", "carelayer"
STARTUP_SECONDS = 30.0
_databases = itertools.count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, what: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {STARTUP_SECONDS:.0f}s")


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@contextmanager
def redis_server(folder: Path, *, port: int | None = None) -> Iterator[RedisServer]:
    """redis-server with an fsync-always append-only file in ``folder`` (as docs/deploy.md advises);
    started again on the same folder, it reloads what was acknowledged."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: run scripts/system-packages.sh as root")
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", ""]
    args += ["--appendonly", "yes", "--appendfsync", "always", "--logfile", str(folder / "redis.log")]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, "redis-server")
        yield RedisServer(port, process)
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class PostgresServer:
    port: int
    data: Path
    bin_dir: Path

    @property
    def url(self) -> str:
        """The URL as config.yaml holds it: no password (that comes from the environment)."""
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{PG_DATABASE}"

    def pg_ctl(self, *args: str) -> None:
        _as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args])

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=on"
        self.pg_ctl("-o", options, "-l", str(self.data / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def new_database(self, prefix: str) -> str:
        """The URL of a new, empty database on this server: for a test whose hash chains must start at
        the genesis link whatever other tests wrote (or tampered with) in the shared one."""
        name = f"{prefix}_{next(_databases)}"
        with psycopg.connect(self.url, password=PG_PASSWORD, autocommit=True) as db:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url.rsplit("/", 1)[0] + f"/{name}"


def _as_postgres(args: list[str]) -> None:
    command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A fresh cluster (initdb, scram-sha-256 passwords on loopback) with database ``carelayer``."""
    if not PG_BIN_DIRS:
        raise RuntimeError("PostgreSQL is missing: run scripts/system-packages.sh as root")
    bin_dir = PG_BIN_DIRS[0]
    root = Path(tempfile.mkdtemp(prefix="carelayer-pg-"))  # under /tmp: the postgres account can reach it
    data, pwfile = root / "data", root / "pwfile"
    pwfile.write_text(PG_PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(pwfile, "postgres")
    server = PostgresServer(free_port(), data, bin_dir)
    try:
        _as_postgres(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", PG_USER, f"--pwfile={pwfile}", "--auth=scram-sha-256"]
        )
        server.start()
        environment = {**os.environ, "PGPASSWORD": PG_PASSWORD}
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", PG_USER, PG_DATABASE],
            check=True,
            env=environment,
            timeout=60,
        )
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # never started, or already stopped
            server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
