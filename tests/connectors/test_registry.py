"""The connector registry: helpdesk kinds built from settings, with clear errors for missing secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings
from connectors.base import WebhookError
from connectors.registry import KINDS, build_helpdesk, build_webhook_adapter
from connectors.sandbox import SIGNATURE_HEADER, SandboxHelpdesk, sign
from tests.connectors.sandbox_fixtures import BODY, MARKER, NOW

# -- registry ----------------------------------------------------------------------------------------


def test_registry_builds_the_sandbox(db_path: Path) -> None:
    settings = HelpdeskSettings(name="local", kind="sandbox", path=db_path, webhook_secret_env="SANDBOX_SECRET")

    helpdesk = build_helpdesk(settings, {}, marker_tag=MARKER)
    adapter = build_webhook_adapter(settings, {"SANDBOX_SECRET": "s3cret"})

    assert isinstance(helpdesk, SandboxHelpdesk)
    assert (helpdesk.kind, helpdesk.marker_tag, helpdesk.name, helpdesk.path) == ("sandbox", MARKER, "local", db_path)
    helpdesk.close()
    assert adapter.kind == "sandbox"
    adapter.verify({SIGNATURE_HEADER: sign("s3cret", BODY)}, BODY, NOW)
    assert adapter.parse({}, BODY)[0].helpdesk == "local"
    with pytest.raises(WebhookError):
        adapter.verify({}, BODY, NOW)
    assert {"sandbox", "zendesk", "jsm"} <= set(KINDS)  # each vendor helper adds its kind


def test_registry_sandbox_without_path_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="path"):
        build_helpdesk(HelpdeskSettings(name="local", kind="sandbox"), {}, marker_tag=MARKER)


ZENDESK = HelpdeskSettings(
    name="clinic", kind="zendesk", url="https://clinic.zendesk.com", email="bot@clinic.org", token_env="ZD_TOKEN"
)


def test_registry_zendesk_without_token_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="ZD_TOKEN") as caught:
        build_helpdesk(ZENDESK, {"ZD_TOKEN": ""}, marker_tag=MARKER)

    assert "clinic" in str(caught.value)


def test_registry_zendesk_without_webhook_secret_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="ZENDESK_WEBHOOK_SECRET") as caught:
        build_webhook_adapter(ZENDESK, {"ZD_TOKEN": "t"})

    assert "clinic" in str(caught.value)
