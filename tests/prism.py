"""Stoplight Prism serving an OFFICIAL API definition from ../shared/specs, with its log read as verdicts.

Prism is installed into ``<repo>/.cache/prism`` when missing (npm, pinned version) and started with
``--errors``; requests that break the definition show in its log as ``[VALIDATOR] ✖`` or ``Request
terminated with error``. Each vendor's conftest prepares its spec with ``../shared/tools/prism_prep.py``
and calls :func:`run_prism`. Nothing here skips: a missing npm or ``../shared`` fails with what to do.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PRISM_VERSION = "5.14.2"
PRISM_DIR = REPO / ".cache" / "prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
PREP_TOOL = "../shared/tools/prism_prep.py"
VIOLATION = re.compile(r"\[VALIDATOR\] ✖|Request terminated with error")
START_TIMEOUT_SECONDS = 90.0
LOG_SETTLE_SECONDS = 0.3

# Sends one request that the definition accepts (an invalid probe would itself log a violation).
Probe = Callable[[str], object]


class PrismServer:
    """A running Prism mock: its base URL and its log, read as validation verdicts."""

    def __init__(self, base_url: str, log_path: Path) -> None:
        self.base_url = base_url
        self.log_path = log_path
        self._excused: list[tuple[int, int]] = []  # log spans where a test provoked violations on purpose

    def mark(self) -> int:
        return len(self._lines())

    def violations(self, since: int = 0) -> list[str]:
        """Lines reporting a request that broke the definition, after line ``since`` and outside excused spans."""
        time.sleep(LOG_SETTLE_SECONDS)  # Prism writes its log asynchronously
        found = []
        for number, line in enumerate(self._lines()):
            excused = any(start <= number < end for start, end in self._excused)
            if number >= since and not excused and VIOLATION.search(line):
                found.append(line.strip())
        return found

    @contextmanager
    def expecting_violation(self) -> Iterator[None]:
        """For negative controls: the block must produce a violation, which the later checks then ignore."""
        start = self.mark()
        yield
        time.sleep(LOG_SETTLE_SECONDS)
        end = self.mark()
        provoked = [line for line in self._lines()[start:end] if VIOLATION.search(line)]
        self._excused.append((start, end))
        assert provoked, "Prism reported no violation for a request that breaks the definition"

    def excuse(self, since: int) -> None:
        self._excused.append((since, self.mark()))

    def _lines(self) -> list[str]:
        return self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()


def install_prism() -> Path:
    installed = PRISM_BIN.exists() and PRISM_PACKAGE.exists()
    if installed and json.loads(PRISM_PACKAGE.read_text(encoding="utf-8")).get("version") == PRISM_VERSION:
        return PRISM_BIN
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            "npm is not installed: the API contract tests need Node.js 18+ and npm to install "
            f"@stoplight/prism-cli@{PRISM_VERSION} into {PRISM_DIR} (e.g. apt-get install nodejs npm)",
            pytrace=False,
        )
    command = [npm, "install", "--prefix", str(PRISM_DIR), f"@stoplight/prism-cli@{PRISM_VERSION}", "--no-audit"]
    done = subprocess.run([*command, "--no-fund"], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not PRISM_BIN.exists():
        pytest.fail(f"installing Prism failed ({' '.join(command)}):\n{done.stderr[-2000:]}", pytrace=False)
    return PRISM_BIN


def prepare_spec(out: Path, prep_args: Sequence[str]) -> Path:
    """Run ``prism_prep.py`` (from the repo root, paths as ``../shared/...``) writing the mockable spec to ``out``."""
    if not (SHARED / "specs").is_dir() or not (SHARED / "tools" / "prism_prep.py").is_file():
        pytest.fail(f"the official API definitions are expected in {SHARED} (../shared beside the repo)", pytrace=False)
    # The venv's interpreter: prism_prep.py needs PyYAML, a project dependency (a bare python3 may lack it).
    command = [sys.executable, PREP_TOOL, *prep_args, "-o", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not out.is_file():
        pytest.fail(f"prism_prep.py failed:\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}", pytrace=False)
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_answering(process: subprocess.Popen[bytes], server: PrismServer, probe: Probe) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Prism exited ({process.returncode}):\n{server.log_path.read_text()[-3000:]}", pytrace=False)
        try:
            probe(server.base_url)
            return
        except requests.ConnectionError:
            time.sleep(0.25)
    pytest.fail(f"Prism did not answer within {START_TIMEOUT_SECONDS:.0f}s:\n{server.log_path.read_text()[-3000:]}")


@contextmanager
def run_prism(spec: Path, work: Path, probe: Probe, *, vendor: str) -> Iterator[PrismServer]:
    """Serve ``spec`` on a free loopback port; on exit, fail if any request broke the definition."""
    binary = install_prism()
    port = free_port()
    log_path = work / "prism.log"
    command = [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), "--errors", "-v", "warn", str(spec)]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=work)
    server = PrismServer(f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_until_answering(process, server, probe)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    left = server.violations()
    if left:
        pytest.fail(f"requests broke {vendor}'s API definition:\n" + "\n".join(left), pytrace=False)


@contextmanager
def checked(prism: PrismServer, *, vendor: str) -> Iterator[PrismServer]:
    """Fail the test if any request made inside the block broke the definition."""
    start = prism.mark()
    yield prism
    broken = prism.violations(start)
    if broken:
        prism.excuse(start)  # reported here, so the end-of-session check does not report it again
        pytest.fail(f"requests broke {vendor}'s API definition:\n" + "\n".join(broken), pytrace=False)
