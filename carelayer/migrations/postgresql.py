"""The PostgreSQL state store's schema, one numbered migration each; never edit a released one, add the next.

``carelayer.store_pg.migrate`` applies the missing ones in order, each in its own transaction, under
an advisory lock (several processes starting at once migrate once) and records them in
``schema_migrations``.
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
)
