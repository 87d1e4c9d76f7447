"""`carelayer zendesk app-package`: the zip holds what Zendesk requires of a v2 ticket-sidebar app, is
configured for one carelayer server, and a broken source or a plain-HTTP address is refused clearly."""

from __future__ import annotations

import json
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from tests.clinic_config import write_clinic_config

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "zendesk_app"
SDK = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"
URL = "https://carelayer.clinic.example"


def _package(tmp_path: Path, *extra: str, url: str = URL) -> tuple[int, Path]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = write_clinic_config(tmp_path)
    output = tmp_path / "out" / "app.zip"
    argv = ["--config", str(config), "zendesk", "app-package", "--url", url, "--output", str(output), *extra]
    return main(argv), output


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_zip_holds_every_file_and_manifest_field_zendesk_requires(tmp_path: Path) -> None:
    status, output = _package(tmp_path)
    assert status == 0
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        assert {"manifest.json", "translations/en.json", "assets/iframe.html", "assets/logo.png",
                "assets/logo-small.png"} <= names  # fmt: skip
        assert all(not name.startswith("/") and ".." not in name for name in names)
        manifest = json.loads(archive.read("manifest.json"))
        translations = json.loads(archive.read("translations/en.json"))
        page = archive.read("assets/iframe.html").decode()
        sizes = {name: _png_size(archive.read(name)) for name in ("assets/logo.png", "assets/logo-small.png")}
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
        assert all(src == SDK or src in names or f"assets/{src}" in names for src in scripts)

    assert isinstance(manifest["name"], str) and manifest["name"]
    assert manifest["author"]["name"] and "@" in manifest["author"]["email"]
    assert manifest["defaultLocale"] == "en" and f"translations/{manifest['defaultLocale']}.json" in names
    assert manifest["private"] is True
    assert manifest["frameworkVersion"] == "2.0" and manifest["version"]
    sidebar = manifest["location"]["support"]["ticket_sidebar"]
    assert sidebar["url"] in names and sidebar["flexible"] is True
    parameters = {p["name"]: p for p in manifest["parameters"]}
    assert parameters["shared_secret"]["secure"] is True and parameters["shared_secret"]["required"] is True
    assert parameters["carelayer_url"]["default"] == URL
    assert manifest["domainWhitelist"] == ["carelayer.clinic.example"]
    assert translations["app"]["name"] and set(translations["app"]["parameters"]) == set(parameters)
    assert sizes == {"assets/logo.png": (320, 320), "assets/logo-small.png": (128, 128)}
    assert SDK in scripts and "app.js" in scripts


def test_the_same_source_gives_the_same_zip(tmp_path: Path) -> None:
    _, first = _package(tmp_path / "a")
    _, second = _package(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_a_plain_http_address_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = _package(tmp_path, url="http://carelayer.local")
    assert status == 2 and not output.exists()
    assert "--url: expected carelayer's https address" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda app: (app / "assets" / "logo-small.png").unlink(), "assets/logo-small.png: missing"),
        (lambda app: (app / "assets" / "logo.png").write_bytes(b"not a png"), "assets/logo.png: must be a 320x320 PNG"),
        (
            lambda app: _edit_manifest(app, lambda m: m["parameters"][1].pop("secure")),
            "parameter 'shared_secret' must exist with secure: true",
        ),
        (lambda app: _edit_manifest(app, lambda m: m.pop("author")), "author is required"),
        (
            lambda app: _edit_manifest(app, lambda m: m.update(frameworkVersion="1.0")),
            'frameworkVersion must be "2.0"',
        ),
        (
            lambda app: (app / "assets" / "iframe.html").write_text(
                f'<script src="{SDK}"></script><script src="https://cdn.example/x.js"></script>'
            ),
            "loads scripts from outside Zendesk's SDK",
        ),
        (lambda app: (app / "translations" / "en.json").write_text("{"), "translations/en.json: not valid JSON"),
    ],
    ids=["no-small-logo", "bad-logo", "secret-not-secure", "no-author", "framework-1", "cdn-script", "bad-json"],
)
def test_a_broken_app_folder_is_refused_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breakage: object, message: str
) -> None:
    source = tmp_path / "app"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    assert callable(breakage)
    breakage(source)
    status, output = _package(tmp_path, "--source", str(source))
    assert status == 2 and not output.exists()
    assert message in capsys.readouterr().err


def _edit_manifest(source: Path, change: object) -> None:
    path = source / "manifest.json"
    manifest = json.loads(path.read_text())
    assert callable(change)
    change(manifest)
    path.write_text(json.dumps(manifest))
