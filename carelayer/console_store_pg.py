"""The admin console's store and the agents' draft feedback on PostgreSQL, for when ``state.url`` is set:
every web host and worker then shares one set of overrides, one lock-out count and one audit log.

Same interface and guarantees as ``ConsoleStore`` and ``FeedbackStore`` on SQLite, over the state
store's connection handling (``PostgresStateStore``: one connection a thread, a broken one dropped and
reported as ``StoreError``) and its migrations (migration 3 creates these tables):

- an override write, the revision bump and its audit entry commit in one transaction; the revision is
  read from the database on every call, so a process sees another's change on its next check;
- a failed sign-in is one atomic ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: the row lock
  serialises hosts, so N failures anywhere count N;
- the audit log is the state store's ``audit`` table (append-only triggers, ``carelayer.audit``'s
  hash chain and ``audit_head``); admin changes and agent feedback chain with it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from carelayer import audit
from carelayer.console_store import PASSWORD_KEY, REVISION_KEY, ConsoleStore, Lockout
from carelayer.errors import ConfigError
from carelayer.feedback import (
    AUDIT_ACTION,
    CategoryAcceptance,
    Feedback,
    FeedbackKind,
    FeedbackStore,
    acceptance_by_category,
)
from carelayer.settings import Settings
from carelayer.store_pg import AUDIT_LOCK, PostgresStateStore, append_audit


def postgres_state(settings: Settings) -> PostgresStateStore:
    """The state store's database (``state.url``, password from ``state.password_env``), migrated."""
    state = settings.file.state
    if not state.url:
        raise ConfigError("not set (the console's PostgreSQL store needs it)", location="state.url")
    return PostgresStateStore(state.url, password=settings.secret(state.password_env))


class PostgresConsoleStore(ConsoleStore):
    """Overrides, credentials, sign-in failures and the audit log in the state store's PostgreSQL database."""

    def __init__(self, state: PostgresStateStore) -> None:  # no SQLite file: the base's tables are not used
        self.state = state

    # -- overrides --------------------------------------------------------------------------------

    def overrides(self, scope: str) -> dict[str, dict[str, Any]]:
        with self.state.transaction() as db:
            rows = db.execute("SELECT name, value FROM overrides WHERE scope = %s", (scope,)).fetchall()
        return {name: json.loads(value) for name, value in rows}

    def set_override(self, scope: str, name: str, value: Mapping[str, Any], *, actor: str, at: datetime) -> bool:
        """Store ``value`` as the override of ``scope``/``name`` and audit it; False (no entry) if unchanged."""
        new = dict(value)
        with self.state.transaction() as db:
            # Taken first so that comparing with the stored value and writing are one step across hosts.
            db.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK,))
            row = db.execute("SELECT value FROM overrides WHERE scope = %s AND name = %s", (scope, name)).fetchone()
            old = None if row is None else json.loads(row[0])
            if old == new:
                return False
            db.execute(
                "INSERT INTO overrides (scope, name, value, updated_at, updated_by) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                (scope, name, json.dumps(new, sort_keys=True), at, actor),
            )
            db.execute(
                "INSERT INTO console_meta (key, value) VALUES (%s, '1') "
                "ON CONFLICT (key) DO UPDATE SET value = (console_meta.value::BIGINT + 1)::TEXT",
                (REVISION_KEY,),
            )
            append_audit(db, at=at, actor=actor, action=f"set {scope}", target=name, old=old, new=new)
        return True

    # -- audit ------------------------------------------------------------------------------------

    def audit_entries(self, *, limit: int = 100, offset: int = 0) -> list[audit.AuditEntry]:
        return self.state.audit_entries(limit=limit, offset=offset)

    def verify_audit(self) -> int | None:
        """The first tampered audit entry's id, or ``None`` when the chain is intact."""
        return self.state.verify_audit()

    def record_event(self, action: str, *, actor: str, at: datetime, target: str = "", detail: Any = None) -> None:
        self.state.audit_append(at=at, actor=actor, action=action, target=target, old=None, new=detail)

    # -- credentials and lock-out ----------------------------------------------------------------

    def set_password_hash_once(self, value: str, *, actor: str, at: datetime) -> bool:
        """Store the admin's password hash if none is stored yet; False when one already was (on any host)."""
        with self.state.transaction() as db:
            cursor = db.execute(
                "INSERT INTO console_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                (PASSWORD_KEY, value),
            )
            if cursor.rowcount != 1:
                return False
            append_audit(db, at=at, actor=actor, action="set password", target=actor, old=None, new="(hash stored)")
        return True

    def lockout(self, account: str) -> Lockout:
        with self.state.transaction() as db:
            row = db.execute(
                "SELECT failures, locked_until FROM sign_in_failures WHERE account = %s", (account,)
            ).fetchone()
        if row is None:
            return Lockout(0, None)
        return Lockout(int(row[0]), None if row[1] is None else row[1].astimezone(UTC))

    def record_failure(self, account: str, *, now: datetime, max_failures: int, lock_for: timedelta) -> Lockout:
        """Count one failed sign-in; the ``max_failures``-th (counted over every host) locks the account
        until ``now + lock_for`` and starts the count again."""
        with self.state.transaction() as db:
            row = db.execute(
                "INSERT INTO sign_in_failures (account, failures, locked_until) VALUES (%s, 1, NULL) "
                "ON CONFLICT (account) DO UPDATE SET failures = sign_in_failures.failures + 1, locked_until = NULL "
                "RETURNING failures",
                (account,),
            ).fetchone()
            failures = int(row[0]) if row else 1
            if failures < max_failures:
                return Lockout(failures, None)
            locked_until = now + lock_for
            db.execute(
                "UPDATE sign_in_failures SET failures = 0, locked_until = %s WHERE account = %s",
                (locked_until, account),
            )
        return Lockout(0, locked_until)

    def clear_failures(self, account: str) -> None:
        with self.state.transaction() as db:
            db.execute("DELETE FROM sign_in_failures WHERE account = %s", (account,))

    def _meta(self, key: str) -> str | None:
        with self.state.transaction() as db:
            row = db.execute("SELECT value FROM console_meta WHERE key = %s", (key,)).fetchone()
        return None if row is None else str(row[0])


class PostgresFeedbackStore(FeedbackStore):
    """Agents' feedback on drafts in the state store's PostgreSQL database; each row commits with its
    audit entry, as on SQLite."""

    def __init__(self, state: PostgresStateStore) -> None:  # no SQLite file: the base's table is not used
        self.state = state

    def record(self, feedback: Feedback) -> None:
        """Store ``feedback`` and its audit entry in one transaction."""
        detail = {"kind": feedback.kind.value, "category": feedback.category}
        with self.state.transaction() as db:
            db.execute(
                "INSERT INTO draft_feedback (at, helpdesk, ticket_id, category, kind, actor) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (feedback.at, feedback.helpdesk, feedback.ticket_id, feedback.category, feedback.kind.value,
                 feedback.actor),
            )  # fmt: skip
            target = f"{feedback.helpdesk}:{feedback.ticket_id}"
            append_audit(db, at=feedback.at, actor=feedback.actor, action=AUDIT_ACTION, target=target, old=None,
                         new=detail)  # fmt: skip

    def latest(self, helpdesk: str, ticket_id: str) -> Feedback | None:
        """The newest report for one ticket, or ``None``."""
        with self.state.transaction() as db:
            row = db.execute(
                "SELECT at, helpdesk, ticket_id, category, kind, actor FROM draft_feedback "
                "WHERE helpdesk = %s AND ticket_id = %s ORDER BY id DESC LIMIT 1",
                (helpdesk, ticket_id),
            ).fetchone()
        if row is None:
            return None
        at, desk, ticket, category, kind, actor = row
        return Feedback(desk, ticket, category, FeedbackKind(kind), actor, at.astimezone(UTC))

    def acceptance(self, *, since: datetime | None = None) -> list[CategoryAcceptance]:
        """Per category (sorted by name), each ticket counted once by its latest report (since ``since``)."""
        query = (
            "SELECT category, kind FROM draft_feedback WHERE id IN (SELECT MAX(id) FROM draft_feedback "
            "WHERE %(since)s::TIMESTAMPTZ IS NULL OR at >= %(since)s::TIMESTAMPTZ GROUP BY helpdesk, ticket_id)"
        )
        with self.state.transaction() as db:
            rows = db.execute(query, {"since": since}).fetchall()
        return acceptance_by_category(rows)
