"""Constructing the desk from config: clear errors for bad settings, and the FHIR auth choices."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from actions.build import build_desk
from actions.fhir import SmartBackendToken, authorization
from carelayer.errors import ConfigError, FhirError
from carelayer.settings import FhirSettings, FileSettings, Settings

BASE = {
    "categories": [
        {"name": "appointments"},
        {"name": "general"},
        {"name": "clinical", "mode": "handoff"},
        {"name": "emergency", "mode": "handoff"},
    ]
}


def settings(tmp_path: Path, secrets: dict[str, str] | None = None, **extra: Any) -> Settings:
    file = FileSettings.model_validate({**BASE, "data_dir": str(tmp_path), **extra})
    return Settings(tmp_path / "config.yaml", file, secrets or {})


def test_no_enabled_action_builds_nothing(tmp_path: Path) -> None:
    assert build_desk(settings(tmp_path)) is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"actions": {"enabled": {"appointments": ["appointments.book"]}}}, "no fhir section"),
        ({"actions": {"enabled": {"appointments": ["appointments.teleport"]}}}, "unknown action(s) appointments.tele"),
        ({"actions": {"enabled": {"emergency": ["appointments.book"]}}}, "never run for emergency"),
        ({"actions": {"enabled": {"billing": ["appointments.book"]}}}, "unknown category 'billing'"),
        ({"actions": {"enabled": {"appointments": ["appointments.list"]}, "timezone": "Mars/Olympus"}}, "time zone"),
        ({"actions": {"enabled": {"appointments": ["appointments.list"]}, "match_by": "identifier"}}, "identifier_sys"),
    ],
)
def test_bad_settings_name_what_and_where(tmp_path: Path, extra: dict[str, Any], message: str) -> None:
    extra.setdefault("fhir", {"base_url": "http://127.0.0.1:1/fhir", "auth": "none"})
    if "no fhir" in message:
        extra.pop("fhir")
    with pytest.raises(ConfigError, match=r"actions|fhir") as caught:
        build_desk(settings(tmp_path, **extra))
    assert message in str(caught.value)


def test_bearer_token_comes_from_the_named_environment_variable(tmp_path: Path) -> None:
    fhir = FhirSettings(base_url="https://ehr.example/fhir", auth="bearer", token_env="EHR_TOKEN")
    with pytest.raises(ConfigError, match="EHR_TOKEN"):
        authorization(fhir, lambda name: None)
    secret = settings(tmp_path, {"EHR_TOKEN": "s3cret"}).secret
    assert authorization(fhir, secret)() == "Bearer s3cret"


def test_unknown_config_key_is_refused() -> None:
    with pytest.raises(ValueError, match="extra"):
        FileSettings.model_validate({"actions": {"enabeld": {}}})


class _TokenEndpoint(BaseHTTPRequestHandler):
    seen: list[dict[str, list[str]]] = []  # noqa: RUF012 - one test's record

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        type(self).seen.append(form)
        body = json.dumps({"access_token": f"token-{len(self.seen)}", "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def token_url() -> Iterator[str]:
    _TokenEndpoint.seen = []
    server = HTTPServer(("127.0.0.1", 0), _TokenEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token"
    server.shutdown()
    server.server_close()


def test_smart_backend_services_signs_an_assertion_and_reuses_the_token(token_url: str) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    fhir = FhirSettings(
        base_url="https://ehr.example/fhir", auth="smart_backend", token_url=token_url, client_id="carelayer",
        key_id="k1",
    )  # fmt: skip
    now = [1_000_000.0]
    token = SmartBackendToken(fhir, pem, clock=lambda: now[0])
    assert token() == "token-1"
    assert token() == "token-1"  # cached
    now[0] += 400  # past expiry: fetched again
    assert token() == "token-2"
    form = _TokenEndpoint.seen[0]
    assert form["grant_type"] == ["client_credentials"]
    assert form["client_assertion_type"] == ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
    claims = jwt.decode(
        form["client_assertion"][0], key.public_key(), algorithms=["RS384"], audience=token_url,
        options={"verify_exp": False},
    )  # fmt: skip
    assert claims["iss"] == claims["sub"] == "carelayer"
    assert jwt.get_unverified_header(form["client_assertion"][0])["kid"] == "k1"


def test_smart_backend_refusal_is_a_fhir_error() -> None:
    fhir = FhirSettings(
        base_url="https://ehr.example/fhir", auth="smart_backend", token_url="http://127.0.0.1:9/token", client_id="c"
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(FhirError, match="token endpoint"):
        SmartBackendToken(fhir, pem)()


def test_the_commented_example_in_config_example_yaml_is_valid(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "config.example.yaml").read_text(encoding="utf-8")
    start = text.index("# fhir:\n")
    block = text[start : text.index("\n\n", start)]
    lines = [line[2:] for line in block.splitlines() if not line.startswith("#   #")]
    data = yaml.safe_load("\n".join(lines))
    data["categories"] = yaml.safe_load(text)["categories"]
    desk = build_desk(settings(tmp_path, {"CARELAYER_FHIR_TOKEN": "t"}, **data))
    assert desk is not None
