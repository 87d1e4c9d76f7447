"""The PostgreSQL state store's schema, one numbered migration each; never edit a released one, add the next.

``carelayer.store_pg.migrate`` applies the missing ones in order, each in its own transaction, under
an advisory lock (several processes starting at once migrate once) and records them in
``schema_migrations``.

Migration 3 holds what the admin console and the Zendesk sidebar store (``carelayer.console_store_pg``):
the same tables as their SQLite schema, and ``audit_head`` (the newest audit link, seeded from the rows
already there) so that entries cut from the end of the chain are noticed, as on SQLite.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "ledger, activity, cursors, audit",
        """
CREATE TABLE ledger (
    key TEXT PRIMARY KEY, detail TEXT NOT NULL, recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ledger_by_time ON ledger (recorded_at);
CREATE TABLE activity (
    id BIGSERIAL PRIMARY KEY, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL, event_id TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL, category TEXT, action TEXT, decision TEXT, writes JSONB NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX activity_by_ticket ON activity (helpdesk, ticket_id);
CREATE INDEX activity_by_time ON activity (at);
CREATE TABLE cursors (
    name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
""",
    ),
    (
        2,
        "activity hash chain",
        """
ALTER TABLE activity ADD COLUMN prev_hash TEXT, ADD COLUMN hash TEXT;
""",
    ),
    (
        3,
        "console overrides, credentials, lock-out, draft feedback, audit head",
        """
CREATE TABLE overrides (
    scope TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL, PRIMARY KEY (scope, name)
);
CREATE TABLE console_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sign_in_failures (
    account TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until TIMESTAMPTZ
);
CREATE TABLE draft_feedback (
    id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL,
    category TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL
);
CREATE INDEX draft_feedback_by_ticket ON draft_feedback (helpdesk, ticket_id);
CREATE TABLE audit_head (one INTEGER PRIMARY KEY CHECK (one = 1), id BIGINT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_head (one, id, hash) SELECT 1, id, hash FROM audit ORDER BY id DESC LIMIT 1;
""",
    ),
)
