"""The whole loop on the sandbox helpdesk, as a user runs it: webhook -> queue -> worker -> write-back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.web import create_app
from carelayer.settings import load_settings
from connectors.sandbox.connector import SandboxHelpdesk
from connectors.sandbox.webhook import sign
from tests.clinic_config import write_clinic_config


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_clinic_config(tmp_path_factory.mktemp("service-cli"))
    assert main(["--config", str(path), "sync"]) == 0
    return path


def _sandbox(config: Path) -> SandboxHelpdesk:
    settings = load_settings(config, environ={})
    path = settings.helpdesk("sandbox").path
    assert path is not None
    return SandboxHelpdesk(path, marker_tag="carelayer")


def test_sandbox_ticket_is_triaged_and_answered_once(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "--config",
                str(config),
                "sandbox",
                "create",
                "--subject",
                "plan",
                "--body",
                "Can I pay my bill in monthly payments?",
            ]
        )
        == 0
    )
    assert main(["--config", str(config), "worker", "--once"]) == 0
    assert main(["--config", str(config), "worker", "--once"]) == 0  # nothing left: no second write
    ticket_id = _sandbox(config).list_tickets()[-1].id
    snapshot = _sandbox(config).snapshot(ticket_id)
    assert len(snapshot.notes) == 1 and not snapshot.public_comments[1:]
    assert {"carelayer", "carelayer_billing", "carelayer_note"} <= set(snapshot.tags)
    capsys.readouterr()
    assert main(["--config", str(config), "process", ticket_id, "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["writes"] == []


def test_webhook_delivery_is_queued_deduplicated_and_processed(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(config, environ={"SANDBOX_WEBHOOK_SECRET": "s3cret"})
    ticket = _sandbox(config).create_ticket("help", "my wife is having a seizure right now and won't stop shaking")
    body = json.dumps({"ticket_id": ticket.id, "event_id": "evt-1", "kind": "created"}).encode()
    client = create_app(settings).test_client()
    headers = {"X-Carelayer-Signature": sign("s3cret", body), "Content-Type": "application/json"}
    assert client.post("/webhooks/sandbox", data=body, headers=headers).status_code == 202
    again = client.post("/webhooks/sandbox", data=body, headers=headers)
    assert again.status_code == 202 and again.get_json() == {"accepted": 0, "duplicates": 1}
    assert (
        client.post(
            "/webhooks/sandbox", data=body, headers={**headers, "X-Carelayer-Signature": "sha256=00"}
        ).status_code
        == 401
    )
    assert (
        client.post(
            "/webhooks/sandbox", data=b"{nope", headers={"X-Carelayer-Signature": sign("s3cret", b"{nope")}
        ).status_code
        == 400
    )
    assert client.get("/healthz").status_code == 200
    assert main(["--config", str(config), "worker", "--once"]) == 0
    snapshot = _sandbox(config).snapshot(ticket.id)
    assert (snapshot.group, snapshot.priority) == ("Urgent Clinical", "urgent")
    assert "carelayer_emergency" in snapshot.tags


def test_jobs_and_unknown_helpdesk(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "jobs"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"pending", "leased", "done", "dead"}
    assert main(["--config", str(config), "process", "1", "--helpdesk", "nope"]) == 2
    assert "no helpdesk named 'nope'" in capsys.readouterr().err
    assert main(["--config", str(config), "jobs", "replay", "999"]) == 2
