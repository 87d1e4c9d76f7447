"""Category overrides: validation (clinical and emergency never auto), audit, and the worker picking
them up without a restart. The audit log: append-only and hash-chained."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.service import running_service
from carelayer.console_store import ConsoleStore, effective_settings, open_console_store
from carelayer.errors import StoreError
from carelayer.types import Action
from connectors.base import EventKind, TicketEvent
from connectors.sandbox.connector import SandboxHelpdesk
from tests.console.conftest import START, Console, console_settings, csrf_from


def _save(console: Console, name: str, **fields: str) -> tuple[int, str]:
    client = console.signed_in()
    token = csrf_from(client.get("/categories").get_data(True))
    response = client.post(f"/categories/{name}", data={**fields, "csrf_token": token})
    return response.status_code, response.get_data(True)


@pytest.mark.parametrize("name", ["clinical", "emergency"])
@pytest.mark.parametrize("mode", ["auto", "draft", "off"])
def test_clinical_and_emergency_cannot_leave_handoff_through_the_form(console: Console, name: str, mode: str) -> None:
    status, body = _save(console, name, mode=mode)
    assert status == 400
    assert f"category {name}: can only hand off to a human" in body
    assert console.deps.store.overrides("category") == {}
    assert {c.name: c.mode for c in console.deps.agent.settings.categories}[name] == "handoff"


def test_clinical_cannot_be_set_to_auto_through_the_api_and_nothing_is_stored(console: Console) -> None:
    client = console.signed_in()
    token = csrf_from(client.get("/").get_data(True))
    body = {"categories": {"billing": {"mode": "auto"}, "clinical": {"mode": "auto"}}}
    response = client.patch("/api/settings", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert "clinical" in response.get_json()["error"]
    assert console.deps.store.overrides("category") == {}  # all or nothing: billing was not applied either


def test_the_api_patch_applies_modes_and_reports_bad_input_as_json(console: Console) -> None:
    client = console.signed_in()
    headers = {"X-CSRFToken": csrf_from(client.get("/").get_data(True))}
    ok = client.patch("/api/settings", json={"categories": {"billing": {"mode": "auto"}}}, headers=headers)
    assert ok.status_code == 200
    assert {c["name"]: c["mode"] for c in ok.get_json()["categories"]}["billing"] == "auto"
    bad_bodies: tuple[dict[str, object], ...] = (
        {"categories": {"nope": {"mode": "off"}}},
        {"categories": []},
        {"other": 1},
        {"categories": {"billing": {"min_confidence": "high"}}},
        {"categories": {"billing": {"name": "x"}}},
    )
    for bad in bad_bodies:
        response = client.patch("/api/settings", json=bad, headers=headers)
        assert response.status_code == 400 and "error" in response.get_json()
    garbage = client.patch("/api/settings", data=b"{not json", headers={**headers, "Content-Type": "application/json"})
    assert garbage.status_code == 400 and garbage.is_json


def test_a_saved_category_is_stored_audited_and_effective(any_console: Console) -> None:
    console = any_console
    status, _ = _save(
        console, "billing", mode="auto", min_confidence="0.8", min_grounding="0.5", handoff_group="Billing",
        description="Bills and payments", examples="Can I pay monthly?\n\nWhy was I charged?",
    )  # fmt: skip
    assert status == 302
    stored = console.deps.store.overrides("category")["billing"]
    assert stored == {
        "mode": "auto",
        "min_confidence": 0.8,
        "description": "Bills and payments",
        "examples": ["Can I pay monthly?", "Why was I charged?"],
    }  # only what differs from config.yaml
    billing = {c.name: c for c in console.deps.agent.settings.categories}["billing"]
    assert (billing.mode, billing.min_confidence, billing.examples[1]) == ("auto", 0.8, "Why was I charged?")
    entry = next(e for e in console.deps.store.audit_entries() if e.action == "set category")
    assert (entry.actor, entry.target, entry.old, entry.new, entry.at) == ("admin", "billing", None, stored, START)
    assert _save(console, "billing", mode="auto", min_confidence="0.8")[0] == 302
    assert len([e for e in console.deps.store.audit_entries() if e.action == "set category"]) == 1  # no change


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"mode": "sometimes"}, "mode must be one of off, draft, auto, handoff"),
        ({"min_confidence": "1.5"}, "min_confidence must be between 0 and 1"),
        ({"min_grounding": "abc"}, "min_grounding must be a number"),
    ],
)
def test_bad_category_input_is_a_clear_400(console: Console, fields: dict[str, str], message: str) -> None:
    status, body = _save(console, "billing", **fields)
    assert status == 400 and f"category billing: {message}" in body


def test_an_unknown_category_is_404(console: Console) -> None:
    assert _save(console, "nope", mode="off")[0] == 404


def test_overrides_take_effect_in_the_worker_agent_without_a_restart(tmp_path: Path) -> None:
    settings = console_settings(tmp_path)
    helpdesk_settings = settings.helpdesk("sandbox")
    assert helpdesk_settings.path is not None
    sandbox = SandboxHelpdesk(helpdesk_settings.path, marker_tag="carelayer", name="sandbox")
    first = sandbox.create_ticket("payment plan", "Can I set up a monthly payment plan for my bill?")
    second = sandbox.create_ticket("payment plan", "Can I pay my bill in monthly instalments?")
    store = open_console_store(settings)
    with running_service(settings, dry_run=True) as service:
        before = service.worker.handle(TicketEvent("sandbox", first.id, "e1", EventKind.CREATED))
        assert before.decision is not None and before.decision["action"] != Action.SKIP.value
        category = before.decision["category"]
        assert category not in ("clinical", "emergency")
        store.set_override("category", category, {"mode": "off"}, actor="admin", at=START)
        after = service.worker.handle(TicketEvent("sandbox", second.id, "e2", EventKind.CREATED))
    assert after.decision is not None
    assert after.decision["action"] == Action.SKIP.value
    assert f"category {category}: mode off" in after.decision["reasons"]


def test_the_emergency_message_override_reaches_the_effective_settings(console: Console) -> None:
    client = console.signed_in()
    token = csrf_from(client.get("/instructions").get_data(True))
    form = {"persona": "A calm clinic assistant", "tone": "warm", "never_say": "diagnoses\nprices",
            "emergency_message": "Call 112 now.", "csrf_token": token}  # fmt: skip
    assert client.post("/instructions", data=form).status_code == 302
    assert effective_settings(console.settings, console.deps.store).file.safety.emergency_message == "Call 112 now."
    assert console.deps.store.instructions().never_say == ("diagnoses", "prices")
    assert "A calm clinic assistant" in client.get("/instructions").get_data(True)


def test_the_audit_log_refuses_updates_and_deletes(tmp_path: Path) -> None:
    store = ConsoleStore(tmp_path / "state.sqlite3")
    store.set_override("category", "billing", {"mode": "off"}, actor="admin", at=START)
    with pytest.raises(StoreError, match="append-only"), store.file.transaction() as db:
        db.execute("UPDATE audit SET actor = 'someone else'")
    with pytest.raises(StoreError, match="append-only"), store.file.transaction() as db:
        db.execute("DELETE FROM audit")
    assert [e.actor for e in store.audit_entries()] == ["admin"]


def _three_audited_changes(tmp_path: Path) -> tuple[ConsoleStore, list[int]]:
    store = ConsoleStore(tmp_path / "state.sqlite3")
    for mode in ("off", "draft", "auto"):
        store.set_override("category", "billing", {"mode": mode}, actor="admin", at=START)
    return store, sorted(e.id for e in store.audit_entries())


def _behind_the_triggers(store: ConsoleStore, trigger: str, sql: str, row: int) -> None:
    """What someone with the database file could do: drop a guard trigger and edit a row directly."""
    raw = sqlite3.connect(store.path)
    raw.execute(f"DROP TRIGGER {trigger}")
    raw.execute(sql, (row,))
    raw.commit()
    raw.close()


def test_the_hash_chain_detects_a_row_changed_behind_the_triggers(tmp_path: Path) -> None:
    store, (_, second, _) = _three_audited_changes(tmp_path)
    assert store.verify_audit() is None
    changed = 'UPDATE audit SET new = \'{"mode": "draft", "by": "me"}\' WHERE id = ?'
    _behind_the_triggers(store, "audit_no_update", changed, second)
    assert store.verify_audit() == second


def test_the_hash_chain_detects_a_deleted_row(tmp_path: Path) -> None:
    store, (_, second, third) = _three_audited_changes(tmp_path)
    _behind_the_triggers(store, "audit_no_delete", "DELETE FROM audit WHERE id = ?", second)
    assert store.verify_audit() == third


def test_the_head_detects_entries_cut_from_the_end(tmp_path: Path) -> None:
    store, (_, second, third) = _three_audited_changes(tmp_path)
    _behind_the_triggers(store, "audit_no_delete", "DELETE FROM audit WHERE id = ?", third)
    assert store.verify_audit() == second + 1
