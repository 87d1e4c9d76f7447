"""Medplum's open-source FHIR router (in-memory repository) served on loopback for the action tests.

The pinned npm packages (``package.json`` beside this file) are installed into ``<repo>/.cache/medplum``
when missing or at another version, the way ``tests/prism.py`` installs Prism; ``server.cjs`` wraps the
router in a plain Node HTTP server. Nothing skips: a missing Node.js or npm fails with what to install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.prism import free_port

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
MEDPLUM_DIR = REPO / ".cache" / "medplum"
MODULES = MEDPLUM_DIR / "node_modules"
START_TIMEOUT_SECONDS = 90.0


def _pinned() -> dict[str, str]:
    return dict(json.loads((HERE / "package.json").read_text(encoding="utf-8"))["dependencies"])


def _installed(name: str) -> str | None:
    manifest = MODULES / name / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8")).get("version") if manifest.is_file() else None


def install_medplum() -> Path:
    """The node_modules folder holding the pinned packages, installed with npm when needed."""
    pinned = _pinned()
    if all(_installed(name) == version for name, version in pinned.items()):
        return MODULES
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.fail(
            "Node.js and npm are needed: the FHIR action tests run Medplum's FHIR router "
            f"({', '.join(f'{n}@{v}' for n, v in pinned.items())}) installed into {MEDPLUM_DIR} "
            "(e.g. apt-get install nodejs npm)",
            pytrace=False,
        )
    MEDPLUM_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "package.json", MEDPLUM_DIR / "package.json")
    command = [npm, "install", "--prefix", str(MEDPLUM_DIR), "--no-audit", "--no-fund", "--omit=dev"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    missing = [n for n, v in pinned.items() if _installed(n) != v]
    if done.returncode != 0 or missing:
        said = done.stderr[-2000:]
        pytest.fail(f"installing the test FHIR server failed ({' '.join(command)}):\n{said}", pytrace=False)
    return MODULES


class FhirServer:
    """A running test FHIR server: its base URL, and a reset that empties its repository."""

    def __init__(self, base_url: str, root: str) -> None:
        self.base_url = base_url
        self._root = root

    def reset(self) -> None:
        requests.post(f"{self._root}/__reset", timeout=10).raise_for_status()

    def load(self, bundle: dict[str, object]) -> None:
        """Run a transaction Bundle; fails the test unless every entry succeeded."""
        response = requests.post(
            f"{self.base_url}/", json=bundle, headers={"Content-Type": "application/fhir+json"}, timeout=60
        )
        response.raise_for_status()
        statuses = [e["response"]["status"] for e in response.json()["entry"]]
        bad = [s for s in statuses if not str(s).startswith("2")]
        assert not bad, f"loading the clinic failed: {bad}"

    def read(self, path: str) -> dict[str, object]:
        response = requests.get(f"{self.base_url}/{path}", timeout=10)
        response.raise_for_status()
        return dict(response.json())


@contextmanager
def run_fhir_server(work: Path) -> Iterator[FhirServer]:
    """Serve the router on a free loopback port until the block ends."""
    modules = install_medplum()
    port = free_port()
    log_path = work / "fhir-server.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            ["node", str(HERE / "server.cjs"), str(modules), str(port)], stdout=log_file, stderr=subprocess.STDOUT
        )
    root = f"http://127.0.0.1:{port}"
    try:
        _wait(process, f"{root}/fhir/R4/Patient?_count=1", log_path)
        yield FhirServer(f"{root}/fhir/R4", root)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait(process: subprocess.Popen[bytes], probe: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log_path.read_text()[-3000:]
            pytest.fail(f"the FHIR server exited ({process.returncode}):\n{said}", pytrace=False)
        try:
            if requests.get(probe, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the FHIR server did not answer within {START_TIMEOUT_SECONDS:.0f}s:\n{log_path.read_text()[-3000:]}")
