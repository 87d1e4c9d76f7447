from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main


@pytest.fixture
def config(write_config: Callable[..., Path]) -> Path:
    helpdesk = {"name": "zendesk", "kind": "zendesk", "url": "https://clinic.zendesk.example", "email": "bot@x.example"}
    return write_config({"helpdesks": [helpdesk]})


def test_setup_prints_webhook_and_triggers(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "zendesk", "setup", "--endpoint", "https://carelayer.example/"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["webhook"]["endpoint"] == "https://carelayer.example/webhooks/zendesk"
    assert [t["title"] for t in plan["triggers"]] == ["carelayer: new ticket", "carelayer: requester follow-up"]


def test_apply_needs_the_webhook_id_and_the_token(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZENDESK_API_TOKEN", raising=False)
    args = ["--config", str(config), "zendesk", "setup", "--endpoint", "https://c.example", "--apply"]
    assert main(args) == 2
    assert "--apply needs --webhook-id" in capsys.readouterr().err
    assert main([*args, "--webhook-id", "7"]) == 2
    assert "needs its API token in the environment variable ZENDESK_API_TOKEN" in capsys.readouterr().err
