"""Fixtures: the stateful fake Zendesk, and Stoplight Prism serving Zendesk's OFFICIAL API definition.

Prism (``prism``, session-scoped) is installed into ``<repo>/.cache/prism`` when missing, serves the spec that
``../shared/tools/prism_prep.py`` derives from ``../shared/specs/`` with ``--errors``, and its log is checked for
requests that broke the definition (``[VALIDATOR] ✖`` or ``Request terminated with error``): after every test
that used it (``prism_checked``) and once more when the session ends. It never skips: a missing npm or
``../shared`` fails with a message saying what to install or where.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from connectors.zendesk.connector import ZendeskHelpdesk
from tests.connectors.zendesk.fake_zendesk import TOKEN, FakeZendesk, serve, settings_for

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
PRISM_VERSION = "5.14.2"
PRISM_DIR = REPO / ".cache" / "prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
SUPPORT_SPEC = "../shared/specs/zendesk-support-oas.2026-08-02.yaml"
HELP_CENTER_SPEC = "../shared/specs/zendesk-help-center-oas.2026-08-02.yaml"
PREP_TOOL = "../shared/tools/prism_prep.py"
VIOLATION = re.compile(r"\[VALIDATOR\] ✖|Request terminated with error")
START_TIMEOUT_SECONDS = 90.0
LOG_SETTLE_SECONDS = 0.3


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


def _install_prism() -> Path:
    installed = PRISM_BIN.exists() and PRISM_PACKAGE.exists()
    if installed and json.loads(PRISM_PACKAGE.read_text(encoding="utf-8")).get("version") == PRISM_VERSION:
        return PRISM_BIN
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            "npm is not installed: the Zendesk contract tests need Node.js 18+ and npm to install "
            f"@stoplight/prism-cli@{PRISM_VERSION} into {PRISM_DIR} (e.g. apt-get install nodejs npm)",
            pytrace=False,
        )
    command = [npm, "install", "--prefix", str(PRISM_DIR), f"@stoplight/prism-cli@{PRISM_VERSION}", "--no-audit"]
    done = subprocess.run([*command, "--no-fund"], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not PRISM_BIN.exists():
        pytest.fail(f"installing Prism failed ({' '.join(command)}):\n{done.stderr[-2000:]}", pytrace=False)
    return PRISM_BIN


def _prepare_spec(out_dir: Path) -> Path:
    if not (SHARED / "specs").is_dir() or not (SHARED / "tools" / "prism_prep.py").is_file():
        pytest.fail(f"the official API definitions are expected in {SHARED} (../shared beside the repo)", pytrace=False)
    out = out_dir / "zd.json"
    # The venv's interpreter: prism_prep.py needs PyYAML, a project dependency (a bare python3 may lack it).
    command = [sys.executable, PREP_TOOL, SUPPORT_SPEC, "--merge", HELP_CENTER_SPEC, "--json-suffix", "alias"]
    command += ["--tags-body", "-o", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not out.is_file():
        pytest.fail(f"prism_prep.py failed:\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}", pytrace=False)
    return out


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_answering(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Prism exited ({process.returncode}):\n{log_path.read_text()[-3000:]}", pytrace=False)
        try:  # an authenticated, valid request: an unauthenticated probe would itself log a violation
            requests.get(f"{base_url}/api/v2/groups.json", auth=("probe@example.org/token", "x"), timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.25)
    pytest.fail(f"Prism did not answer within {START_TIMEOUT_SECONDS:.0f}s:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    binary = _install_prism()
    work = tmp_path_factory.mktemp("prism")
    spec = _prepare_spec(work)
    port = _free_port()
    log_path = work / "prism.log"
    command = [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), "--errors", "-v", "warn", str(spec)]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=work)
    server = PrismServer(f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_until_answering(process, server.base_url, log_path)
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
        pytest.fail("requests broke Zendesk's API definition:\n" + "\n".join(left), pytrace=False)


@pytest.fixture
def prism_checked(prism: PrismServer) -> Iterator[PrismServer]:
    """Prism, and after the test: fail if any request the test made broke the definition."""
    start = prism.mark()
    yield prism
    broken = prism.violations(start)
    if broken:
        prism.excuse(start)  # reported here, so the end-of-session check does not report it again
        pytest.fail("requests broke Zendesk's API definition:\n" + "\n".join(broken), pytrace=False)


@pytest.fixture
def fake() -> FakeZendesk:
    return FakeZendesk()


@pytest.fixture
def fake_url(fake: FakeZendesk) -> Iterator[str]:
    with serve(fake.app) as base_url:
        yield base_url


@pytest.fixture
def helpdesk(fake: FakeZendesk, fake_url: str) -> Iterator[ZendeskHelpdesk]:
    with ZendeskHelpdesk(
        settings_for(fake_url), TOKEN, marker_tag="carelayer_processed", sleep=fake.clock.sleep, clock=fake.clock
    ) as connector:
        yield connector
