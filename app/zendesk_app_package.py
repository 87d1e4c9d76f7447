"""`carelayer zendesk app-package`: the zip a Zendesk admin uploads as a private app.

The source (``zendesk_app/``) is checked for what Zendesk requires before anything is written, and
the zip is made for one carelayer server: its host goes into ``domainWhitelist`` (Zendesk sends secure
settings only to listed domains) and its URL becomes the ``carelayer_url`` setting's default.
Manifest reference: https://developer.zendesk.com/documentation/apps/app-developer-guide/manifest/
Required files: https://developer.zendesk.com/documentation/apps/app-developer-guide/about-the-zendesk-apps-framework/
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from carelayer.errors import InputError

ZAF_SDK_URL = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"
# path in the zip -> (width, height) for images, None for other files
REQUIRED_FILES: dict[str, tuple[int, int] | None] = {
    "manifest.json": None,
    "translations/en.json": None,
    "assets/iframe.html": None,
    "assets/app.js": None,
    "assets/app.css": None,
    "assets/logo.png": (320, 320),
    "assets/logo-small.png": (128, 128),
}
MANIFEST_FIELDS = ("name", "author", "defaultLocale", "private", "location", "version", "frameworkVersion")
SECRET_PARAMETER, URL_PARAMETER = "shared_secret", "carelayer_url"
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # fixed, so the same source always gives the same zip
_EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"'](https?:)?//[^\"']+[\"']", re.IGNORECASE)


def build_package(source: Path, output: Path, *, carelayer_url: str) -> list[str]:
    """Validate ``source`` and write the zip to ``output``; returns the files it holds.

    InputError naming the file and the problem when the source lacks something Zendesk requires,
    or when ``carelayer_url`` is not an https address.
    """
    host = _https_host(carelayer_url)
    problems = source_problems(source)
    if problems:
        raise InputError(f"the Zendesk app in {source} cannot be packaged: " + "; ".join(problems))
    manifest = _configured(json.loads((source / "manifest.json").read_text("utf-8")), carelayer_url, host)
    names = sorted(REQUIRED_FILES)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            data = (
                (json.dumps(manifest, indent=2) + "\n").encode()
                if name == "manifest.json"
                else (source / name).read_bytes()
            )
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return names


def source_problems(source: Path) -> list[str]:
    """Everything Zendesk would refuse in the app folder ``source`` (empty when it is fine)."""
    problems = [f"{name}: missing" for name in REQUIRED_FILES if not (source / name).is_file()]
    if problems:
        return problems
    problems += manifest_problems(_read_json(source / "manifest.json", problems))
    translations = _read_json(source / "translations" / "en.json", problems)
    app = translations.get("app") if isinstance(translations, dict) else None
    if not isinstance(app, dict) or not isinstance(app.get("name"), str) or not app["name"].strip():
        problems.append("translations/en.json: app.name must be a non-empty string")
    for name, size in REQUIRED_FILES.items():
        if size is not None and png_size((source / name).read_bytes()) != size:
            problems.append(f"{name}: must be a {size[0]}x{size[1]} PNG")
    page = (source / "assets" / "iframe.html").read_text("utf-8")
    if ZAF_SDK_URL not in page:
        problems.append(f"assets/iframe.html: must load Zendesk's SDK from {ZAF_SDK_URL}")
    outside = [m.group(0) for m in _EXTERNAL_SCRIPT.finditer(page) if ZAF_SDK_URL not in m.group(0)]
    if outside:
        problems.append("assets/iframe.html: loads scripts from outside Zendesk's SDK: " + ", ".join(outside))
    return problems


def manifest_problems(manifest: Any) -> list[str]:
    """What the manifest lacks for a v2 ticket-sidebar app with carelayer's two settings."""
    if not isinstance(manifest, dict):
        return ["manifest.json: expected a JSON object"]
    problems = [f"manifest.json: {key} is required" for key in MANIFEST_FIELDS if key not in manifest]
    author = manifest.get("author")
    if not isinstance(author, dict) or not author.get("name") or not author.get("email"):
        problems.append("manifest.json: author needs name and email")
    if manifest.get("frameworkVersion") != "2.0":
        problems.append('manifest.json: frameworkVersion must be "2.0"')
    sidebar = _dig(manifest, "location", "support", "ticket_sidebar")
    if not isinstance(sidebar, dict) or sidebar.get("url") != "assets/iframe.html":
        problems.append('manifest.json: location.support.ticket_sidebar.url must be "assets/iframe.html"')
    listed = manifest.get("parameters")
    parameters = {p.get("name"): p for p in (listed if isinstance(listed, list) else []) if isinstance(p, dict)}
    secret = parameters.get(SECRET_PARAMETER)
    if not secret or secret.get("secure") is not True:
        problems.append(f"manifest.json: parameter {SECRET_PARAMETER!r} must exist with secure: true")
    if URL_PARAMETER not in parameters:
        problems.append(f"manifest.json: parameter {URL_PARAMETER!r} must exist")
    return problems


def _dig(value: Any, *keys: str) -> Any:
    """``value[k1][k2]...``, or ``None`` where a level is missing or not an object."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, or ``None`` when ``data`` is not a PNG."""
    if len(data) < 24 or not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _read_json(path: Path, problems: list[str]) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        problems.append(f"{path.parent.name}/{path.name}: not valid JSON ({error})")
        return None


def _https_host(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise InputError(f"--url: expected carelayer's https address, e.g. https://carelayer.clinic.org (got {url!r})")
    return parts.hostname


def _configured(manifest: dict[str, Any], url: str, host: str) -> dict[str, Any]:
    """The manifest for one server: its host may receive secure settings; its URL is the default setting."""
    parameters = [
        {**p, "default": url.strip().rstrip("/")} if p.get("name") == URL_PARAMETER else p
        for p in manifest.get("parameters", [])
    ]
    return {**manifest, "domainWhitelist": [host], "parameters": parameters}
