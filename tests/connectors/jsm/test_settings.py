"""JSM settings and registry wiring: defaults, required fields, clear errors."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pydantic import ValidationError

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings
from connectors.jsm.connector import JsmHelpdesk
from connectors.jsm.webhook import JsmWebhook
from connectors.registry import build_helpdesk, build_webhook_adapter

BASE: dict[str, Any] = {
    "name": "clinic-jsm",
    "kind": "jsm",
    "url": "https://clinic.atlassian.net",
    "email": "bot@clinic.example",
    "jsm": {"service_desk_id": "7"},
}


def test_secret_names_default_per_kind() -> None:
    settings = HelpdeskSettings(**BASE)
    assert (settings.token_env, settings.webhook_secret_env) == ("JSM_API_TOKEN", "JSM_WEBHOOK_SECRET")
    assert settings.jsm is not None and settings.jsm.route_by == "request_type"
    assert HelpdeskSettings(**BASE, token_env="OTHER").token_env == "OTHER"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"jsm": None}, "jsm.service_desk_id"),
        ({"url": None}, "needs url"),
        ({"jsm": {"service_desk_id": "seven"}}, "service_desk_id"),
        ({"jsm": {"service_desk_id": "7", "route_by": "team"}}, "route_by"),
        ({"jsm": {"service_desk_id": "7", "route_field": "Assigned group"}}, "route_field"),
        ({"jsm": {"service_desk_id": "7", "typo": 1}}, "typo"),
    ],
)
def test_invalid_settings_are_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        HelpdeskSettings(**{**BASE, **change})


def test_registry_builds_the_connector_and_needs_the_token() -> None:
    settings = HelpdeskSettings(**BASE)
    with pytest.raises(ConfigError, match="JSM_API_TOKEN"):
        build_helpdesk(settings, {}, marker_tag="carelayer")
    helpdesk = build_helpdesk(settings, {"JSM_API_TOKEN": "t"}, marker_tag="carelayer")
    assert isinstance(helpdesk, JsmHelpdesk) and helpdesk.kind == "jsm"
    helpdesk.close()


def test_registry_refuses_a_missing_webhook_secret_unless_unsigned_is_allowed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(ConfigError, match=r"JSM_WEBHOOK_SECRET.*allow_unsigned_webhooks"):
        build_webhook_adapter(HelpdeskSettings(**BASE), {})
    with caplog.at_level(logging.WARNING):
        unsigned = build_webhook_adapter(HelpdeskSettings(**BASE, allow_unsigned_webhooks=True), {})
    signed = build_webhook_adapter(HelpdeskSettings(**BASE), {"JSM_WEBHOOK_SECRET": "s3cret-value"})
    assert isinstance(unsigned, JsmWebhook) and not unsigned.signed
    assert isinstance(signed, JsmWebhook) and signed.signed
    assert "unsigned" in caplog.text and "s3cret-value" not in caplog.text
