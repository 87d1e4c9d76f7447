"""`carelayer campaigns run|report` on a CSV audience, and the worker running campaigns when idle."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.worker import Worker
from carelayer.console_store import ConsoleStore
from carelayer.queue import SqliteQueue
from carelayer.store import StateStore
from carelayer.types import Decision, Ticket
from connectors.sandbox.connector import SandboxHelpdesk
from outreach.pausing import CAMPAIGN_SCOPE
from tests.outreach.conftest import OutreachWorld, campaign


def _config(tmp_path: Path, write_config: Callable[..., Path]) -> Path:
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    (tmp_path / "cohort.csv").write_text(
        "patient_id,first_name,email,anchor_date\n"
        f"p1,Ana,ana@example.org,{two_days_ago}\n"
        f"p2,Ben,,{two_days_ago}\n"  # no email: unreachable
        f"p3,Cy,cy@example.org,{two_days_ago}\n",
        encoding="utf-8",
    )
    entry = campaign(
        audience={"kind": "csv", "path": "cohort.csv"}, timezone="UTC", quiet_hours=None, frequency_cap=None
    )
    return write_config({"helpdesks": [{"name": "sandbox", "kind": "sandbox"}], "campaigns": [entry]})


def test_campaigns_run_sends_once_and_report_counts(
    tmp_path: Path, write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, write_config)
    assert main(["--config", str(config), "campaigns", "run"]) == 0
    assert main(["--config", str(config), "campaigns", "run"]) == 0
    with SandboxHelpdesk(tmp_path / "data" / "sandbox.sqlite3", marker_tag="carelayer") as desk:
        tickets = desk.list_tickets()
        assert sorted(str(t.requester.email) for t in tickets if t.requester) == ["ana@example.org", "cy@example.org"]
        desk.add_requester_comment(tickets[0].id, "STOP")  # not processed by a worker here: no reply counted
    capsys.readouterr()
    assert main(["--config", str(config), "campaigns", "report", "--json"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert json.loads(line) == {
        "campaign": "post-discharge",
        "sent": 2,
        "delivered": 2,
        "failed": 0,
        "replied": 0,
        "escalated": 0,
        "opted_out": 0,
    }
    assert main(["--config", str(config), "campaigns", "report"]) == 0
    assert "post-discharge" in capsys.readouterr().out


def test_campaigns_run_skips_a_campaign_paused_in_the_console(
    tmp_path: Path, write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, write_config)
    store = ConsoleStore(tmp_path / "data" / "state.sqlite3")  # where the console keeps its overrides
    store.set_override(CAMPAIGN_SCOPE, "post-discharge", {"paused": True}, actor="admin", at=datetime.now(UTC))
    assert main(["--config", str(config), "campaigns", "run"]) == 0
    assert "post-discharge: paused in the admin console; nothing sent" in capsys.readouterr().out
    with SandboxHelpdesk(tmp_path / "data" / "sandbox.sqlite3", marker_tag="carelayer") as desk:
        assert desk.list_tickets() == []
    store.set_override(CAMPAIGN_SCOPE, "post-discharge", {"paused": False}, actor="admin", at=datetime.now(UTC))
    assert main(["--config", str(config), "campaigns", "run"]) == 0
    with SandboxHelpdesk(tmp_path / "data" / "sandbox.sqlite3", marker_tag="carelayer") as desk:
        assert len(desk.list_tickets()) == 2


def test_campaigns_commands_explain_bad_input(
    tmp_path: Path, write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, write_config)
    assert main(["--config", str(config), "campaigns", "run", "--campaign", "flu-shots"]) == 2
    assert "no campaign named flu-shots" in capsys.readouterr().err
    (tmp_path / "cohort.csv").write_text("patient_id,email\np1,a@example.org\n", encoding="utf-8")
    assert main(["--config", str(config), "campaigns", "run"]) == 1
    assert "missing column(s) first_name, anchor_date" in capsys.readouterr().err
    empty = write_config({}, name="empty.yaml")
    assert main(["--config", str(empty), "campaigns", "report"]) == 2
    assert "no campaigns are configured" in capsys.readouterr().err


def test_the_worker_runs_campaigns_when_idle_on_their_interval(world: OutreachWorld) -> None:
    stop = threading.Event()
    worker = Worker(
        queue=SqliteQueue(
            world.folder / "idle-queue.sqlite3",
            lease_seconds=60,
            max_attempts=3,
            retry_base_seconds=1,
            retry_max_seconds=5,
        ),
        helpdesks={"sandbox": world.helpdesk},
        agent=_NoTriage(),
        store=StateStore(world.folder / "idle.sqlite3"),
        worker_id="idle-worker",
        idle_task=stop.set,
        outreach=world.outreach,
    )
    worker.run(stop, idle_sleep=0)  # one idle pass: the knowledge task stops the loop, outreach sends
    assert len(world.helpdesk.list_tickets()) == 4
    assert world.outreach.run_due() == []  # not due again until run_every_minutes have passed
    world.clock.advance(minutes=15)
    assert [r.already_sent for r in world.outreach.run_due()] == [4]


class _NoTriage:
    """The idle loop never triages: a triager that fails the test if it is ever asked."""

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        raise AssertionError("nothing should be triaged")
