"""What the admin console stores beside the state store (same SQLite file, or the same PostgreSQL database
through ``carelayer.console_store_pg`` when ``state.url`` is set): setting overrides, the admin's
password hash, sign-in failures, and the audit log of every change.

config.yaml stays the base; an override replaces some fields of one category (or the safety message)
until it is changed again. ``effective_settings`` merges both and validates the result with the same
rules as the file, so an override can never produce settings the file could not hold (``clinical``
and ``emergency`` stay ``handoff``). Every override write and its audit entry commit together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from carelayer import audit
from carelayer.action_overrides import effective_actions
from carelayer.errors import InputError
from carelayer.settings import CategorySettings, Settings
from carelayer.sqlite import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS overrides (
    scope TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL, PRIMARY KEY (scope, name)
);
CREATE TABLE IF NOT EXISTS console_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sign_in_failures (
    account TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until TEXT
);
"""
CATEGORY, SAFETY, INSTRUCTIONS = "category", "safety", "instructions"
# The category fields an admin may override from the console (name is the key, never changed).
CATEGORY_FIELDS = ("description", "examples", "mode", "handoff_group", "min_confidence", "min_grounding")
# console_meta keys (shared with carelayer.console_store_pg, whose tables have the same shape).
REVISION_KEY, PASSWORD_KEY = "overrides_revision", "admin_password_hash"


@dataclass(frozen=True, slots=True)
class Instructions:
    """Plain-language guidance for the LLM composer (the extractive composer has no words of its own)."""

    persona: str = ""
    tone: str = ""
    never_say: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lockout:
    failures: int
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


class ConsoleStore:
    """Overrides, credentials and sign-in failures; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = SqliteFile(path, _SCHEMA)
        audit.install(self.file)

    # -- overrides --------------------------------------------------------------------------------

    def revision(self) -> int:
        """Bumped by every override write: a reader rebuilds what depends on overrides when it changes."""
        return int(self._meta(REVISION_KEY) or 0)

    def overrides(self, scope: str) -> dict[str, dict[str, Any]]:
        with self.file.transaction(write=False) as db:
            rows = db.execute("SELECT name, value FROM overrides WHERE scope = ?", (scope,)).fetchall()
        return {name: json.loads(value) for name, value in rows}

    def set_override(self, scope: str, name: str, value: Mapping[str, Any], *, actor: str, at: datetime) -> bool:
        """Store ``value`` as the override of ``scope``/``name`` and audit it; False (no entry) if unchanged."""
        new = dict(value)
        with self.file.transaction() as db:
            row = db.execute("SELECT value FROM overrides WHERE scope = ? AND name = ?", (scope, name)).fetchone()
            old = None if row is None else json.loads(row[0])
            if old == new:
                return False
            db.execute(
                "INSERT INTO overrides (scope, name, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                (scope, name, json.dumps(new, sort_keys=True), at.isoformat(), actor),
            )
            db.execute(
                "INSERT INTO console_meta (key, value) VALUES (?, '1') "
                "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                (REVISION_KEY,),
            )
            audit.append(db, at=at, actor=actor, action=f"set {scope}", target=name, old=old, new=new)
        return True

    def instructions(self) -> Instructions:
        stored = self.overrides(INSTRUCTIONS).get("composer", {})
        return Instructions(
            persona=str(stored.get("persona", "")),
            tone=str(stored.get("tone", "")),
            never_say=tuple(str(rule) for rule in stored.get("never_say", [])),
        )

    # -- audit ------------------------------------------------------------------------------------

    def audit_entries(self, *, limit: int = 100, offset: int = 0) -> list[audit.AuditEntry]:
        return audit.entries(self.file, limit=limit, offset=offset)

    def verify_audit(self) -> int | None:
        """The first tampered audit entry's id, or ``None`` when the chain is intact."""
        return audit.verify(self.file)

    def record_event(self, action: str, *, actor: str, at: datetime, target: str = "", detail: Any = None) -> None:
        """Audit something that is not an override (sign-in, sign-out, password set, sync started)."""
        with self.file.transaction() as db:
            audit.append(db, at=at, actor=actor, action=action, target=target, old=None, new=detail)

    # -- credentials and lock-out ----------------------------------------------------------------

    def password_hash(self) -> str | None:
        return self._meta(PASSWORD_KEY)

    def set_password_hash_once(self, value: str, *, actor: str, at: datetime) -> bool:
        """Store the admin's password hash if none is stored yet; False when one already was."""
        with self.file.transaction() as db:
            cursor = db.execute("INSERT OR IGNORE INTO console_meta (key, value) VALUES (?, ?)", (PASSWORD_KEY, value))
            if cursor.rowcount != 1:
                return False
            audit.append(db, at=at, actor=actor, action="set password", target=actor, old=None, new="(hash stored)")
        return True

    def lockout(self, account: str) -> Lockout:
        with self.file.transaction(write=False) as db:
            row = db.execute(
                "SELECT failures, locked_until FROM sign_in_failures WHERE account = ?", (account,)
            ).fetchone()
        if row is None:
            return Lockout(0, None)
        return Lockout(int(row[0]), None if row[1] is None else datetime.fromisoformat(row[1]))

    def record_failure(self, account: str, *, now: datetime, max_failures: int, lock_for: timedelta) -> Lockout:
        """Count one failed sign-in; the ``max_failures``-th locks the account until ``now + lock_for``."""
        with self.file.transaction() as db:
            row = db.execute("SELECT failures FROM sign_in_failures WHERE account = ?", (account,)).fetchone()
            failures = (0 if row is None else int(row[0])) + 1
            locked_until = now + lock_for if failures >= max_failures else None
            db.execute(
                "INSERT INTO sign_in_failures (account, failures, locked_until) VALUES (?, ?, ?) "
                "ON CONFLICT (account) DO UPDATE SET failures = excluded.failures, "
                "locked_until = excluded.locked_until",
                (account, 0 if locked_until else failures, None if locked_until is None else locked_until.isoformat()),
            )
        return Lockout(0 if locked_until else failures, locked_until)

    def clear_failures(self, account: str) -> None:
        with self.file.transaction() as db:
            db.execute("DELETE FROM sign_in_failures WHERE account = ?", (account,))

    def _meta(self, key: str) -> str | None:
        with self.file.transaction(write=False) as db:
            row = db.execute("SELECT value FROM console_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])


def open_console_store(settings: Settings) -> ConsoleStore:
    """The console's tables live where the state store does: its PostgreSQL database when ``state.url``
    is set (shared by every web host and worker), else its file (``<data_dir>/state.sqlite3``)."""
    if settings.file.state.url:
        from carelayer.console_store_pg import PostgresConsoleStore, postgres_state  # psycopg only for this backend

        return PostgresConsoleStore(postgres_state(settings))
    return ConsoleStore(settings.data_dir / "state.sqlite3")


def merge_category(base: CategorySettings, override: Mapping[str, Any]) -> CategorySettings:
    """``base`` with the overridden fields, validated like config.yaml; InputError names what is wrong."""
    unknown = sorted(set(override) - set(CATEGORY_FIELDS))
    if unknown:
        raise InputError(f"category {base.name}: cannot override {', '.join(unknown)}")
    data = {**base.model_dump(), **override, "name": base.name}
    try:
        return CategorySettings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or base.name}: {e['msg']}" for e in error.errors())
        raise InputError(f"category {base.name}: {problems}") from error


def effective_categories(settings: Settings, store: ConsoleStore) -> tuple[CategorySettings, ...]:
    """config.yaml's categories with the stored overrides applied (same order; unknown names ignored).

    An override that no longer validates (config.yaml changed under it) is ignored for that category,
    so the service keeps running on the file's values.
    """
    overrides = store.overrides(CATEGORY)
    merged = []
    for category in settings.categories:
        try:
            merged.append(merge_category(category, overrides.get(category.name, {})))
        except InputError:
            merged.append(category)
    return tuple(merged)


def effective_settings(settings: Settings, store: ConsoleStore) -> Settings:
    """``settings`` with the stored category and safety overrides: what the agent should run on now."""
    safety = settings.file.safety
    message = store.overrides(SAFETY).get("emergency", {}).get("emergency_message")
    if isinstance(message, str):
        safety = safety.model_copy(update={"emergency_message": message.strip() or None})
    actions = effective_actions(settings.file.actions, store)  # carelayer/action_overrides.py
    file = settings.file.model_copy(
        update={"categories": effective_categories(settings, store), "safety": safety, "actions": actions}
    )
    return replace(settings, file=file)


def utc_now() -> datetime:
    return datetime.now(UTC)
