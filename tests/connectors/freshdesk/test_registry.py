"""Kind ``freshdesk`` in the settings and the registry: defaults, validation, and clear errors for missing secrets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings, load_settings
from connectors.freshdesk.connector import FreshdeskHelpdesk
from connectors.freshdesk.webhook import FreshdeskWebhook
from connectors.registry import KINDS, build_helpdesk, build_webhook_adapter

SECRET = "s3cret-Vq8pZr2LmN4tWx6YbC0dE"
FRESHDESK = HelpdeskSettings(name="clinic", kind="freshdesk", url="https://clinic.freshdesk.com")


def test_freshdesk_defaults_name_its_own_environment_variables() -> None:
    assert "freshdesk" in KINDS
    assert (FRESHDESK.token_env, FRESHDESK.webhook_secret_env) == ("FRESHDESK_API_KEY", "FRESHDESK_WEBHOOK_SECRET")
    assert (FRESHDESK.webhook_header, FRESHDESK.group_ids) == ("X-Carelayer-Webhook-Secret", {})


def test_registry_builds_the_connector_and_the_adapter() -> None:
    secrets = {"FRESHDESK_API_KEY": "key", "FRESHDESK_WEBHOOK_SECRET": SECRET}

    helpdesk = build_helpdesk(FRESHDESK, secrets, marker_tag="carelayer")
    adapter = build_webhook_adapter(FRESHDESK, secrets)

    assert isinstance(helpdesk, FreshdeskHelpdesk) and helpdesk.name == "clinic"
    assert isinstance(adapter, FreshdeskWebhook) and adapter.kind == "freshdesk"
    adapter.verify({"X-Carelayer-Webhook-Secret": SECRET}, b"{}", datetime.now(UTC))
    helpdesk.close()


@pytest.mark.parametrize(
    ("build", "variable"),
    [
        pytest.param(lambda s: build_helpdesk(FRESHDESK, s, marker_tag="m"), "FRESHDESK_API_KEY", id="api-key"),
        pytest.param(lambda s: build_webhook_adapter(FRESHDESK, s), "FRESHDESK_WEBHOOK_SECRET", id="secret"),
    ],
)
def test_a_missing_secret_names_the_variable(build: Callable[[Mapping[str, str]], object], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable) as caught:
        build({})

    assert "clinic" in str(caught.value)


def test_config_file_without_url_names_the_helpdesk(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("helpdesks:\n  - name: fd\n    kind: freshdesk\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"helpdesk 'fd' \(freshdesk\) needs url"):
        load_settings(config, environ={})


def test_config_file_with_group_ids_and_header(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "helpdesks:\n  - name: fd\n    kind: freshdesk\n    url: https://clinic.freshdesk.com\n"
        "    webhook_header: X-Clinic-Token\n    group_ids: {Nurses: 2043000116}\n",
        encoding="utf-8",
    )

    helpdesk = load_settings(config, environ={}).helpdesk("fd")

    assert (helpdesk.webhook_header, helpdesk.group_ids) == ("X-Clinic-Token", {"Nurses": 2043000116})


def test_a_non_positive_group_id_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "helpdesks:\n  - {name: fd, kind: freshdesk, url: 'https://x.freshdesk.com', group_ids: {Nurses: 0}}\n",
        encoding="utf-8",
    )

    with pytest.raises(ConfigError, match="group_ids"):
        load_settings(config, environ={})
