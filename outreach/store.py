"""What outreach remembers, in one SQLite file under ``data_dir``: sends, opt-outs, replies, the audit.

``sends`` has one row per campaign + step + patient (the primary key): a row is inserted (``claimed``)
BEFORE the helpdesk is asked to create the ticket, and marked ``sent`` with the ticket id after. Two runs,
two workers or a rerun after a crash can therefore never both start a send: the second insert finds the
row. A crash between claim and confirmation leaves ``claimed``; once that claim is ``stale`` the send is
retried with the same external id, which the helpdesk resolves to the ticket it may already have created
(``connectors.base.Outreach``), so the patient still gets one message. Nothing here holds message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from carelayer.sqlite import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    campaign TEXT NOT NULL, step TEXT NOT NULL, patient_id TEXT NOT NULL, state TEXT NOT NULL,
    helpdesk TEXT NOT NULL, external_id TEXT NOT NULL, ticket_id TEXT, claimed_at TEXT NOT NULL, sent_at TEXT,
    PRIMARY KEY (campaign, step, patient_id)
);
CREATE INDEX IF NOT EXISTS sends_by_ticket ON sends (helpdesk, ticket_id);
CREATE INDEX IF NOT EXISTS sends_by_patient ON sends (patient_id, claimed_at);
CREATE TABLE IF NOT EXISTS optouts (
    patient_id TEXT PRIMARY KEY, at TEXT NOT NULL, campaign TEXT NOT NULL, helpdesk TEXT NOT NULL,
    ticket_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS replies (
    helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL, event_id TEXT NOT NULL, campaign TEXT NOT NULL,
    patient_id TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (helpdesk, ticket_id, event_id)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, campaign TEXT NOT NULL, step TEXT NOT NULL,
    patient_id TEXT NOT NULL, helpdesk TEXT NOT NULL, ticket_id TEXT NOT NULL, what TEXT NOT NULL
)
"""
_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS outreach_audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the outreach audit is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS outreach_audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the outreach audit is append-only'); END",
)


class SendState(StrEnum):
    CLAIMED = "claimed"  # recorded before the helpdesk call; not yet confirmed
    SENT = "sent"  # the helpdesk holds the ticket
    FAILED = "failed"  # the helpdesk refused for good (never retried)


class ReplyOutcome(StrEnum):
    ROUTINE = "routine"
    QUESTION = "question"
    ESCALATED = "escalated"
    OPTED_OUT = "opted_out"


@dataclass(frozen=True, slots=True)
class Send:
    campaign: str
    step: str
    patient_id: str
    state: SendState
    helpdesk: str
    external_id: str
    ticket_id: str | None
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class CampaignCounts:
    """The report's figures for one campaign (patients and tickets, not events)."""

    campaign: str
    sent: int  # sends started (claimed), whatever became of them
    delivered: int  # the helpdesk holds the ticket
    failed: int
    replied: int  # tickets with at least one reply
    escalated: int  # tickets with a reply handed to the clinical team
    opted_out: int  # patients who opted out on this campaign's tickets

    def to_dict(self) -> dict[str, int | str]:
        return {
            "campaign": self.campaign,
            "sent": self.sent,
            "delivered": self.delivered,
            "failed": self.failed,
            "replied": self.replied,
            "escalated": self.escalated,
            "opted_out": self.opted_out,
        }


@dataclass(frozen=True, slots=True)
class RecentSend:
    """One send as the console lists it."""

    step: str
    state: SendState
    claimed_at: datetime
    sent_at: datetime | None


_AUDIT = "INSERT INTO audit (at, campaign, step, patient_id, helpdesk, ticket_id, what) VALUES (?, ?, ?, ?, ?, ?, ?)"
_SEND_COLUMNS = "campaign, step, patient_id, state, helpdesk, external_id, ticket_id, claimed_at"


class OutreachStore:
    """Each method is one short transaction; safe from several threads and processes (WAL)."""

    def __init__(self, path: Path) -> None:
        self._file = SqliteFile(path, _SCHEMA)
        with self._file.transaction() as db:
            for trigger in _TRIGGERS:
                db.execute(trigger)

    def claim(self, send: Send) -> tuple[Send, bool]:
        """The row for ``send``'s key and whether this call created it (only then may the caller send)."""
        with self._file.transaction() as db:
            cursor = db.execute(
                f"INSERT OR IGNORE INTO sends ({_SEND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*_send_values(send),),
            )
            created = cursor.rowcount == 1
            if created:
                db.execute(
                    _AUDIT,
                    (
                        _iso(send.claimed_at),
                        send.campaign,
                        send.step,
                        send.patient_id,
                        send.helpdesk,
                        "-",
                        "send claimed",
                    ),
                )
            row = db.execute(
                f"SELECT {_SEND_COLUMNS} FROM sends WHERE campaign = ? AND step = ? AND patient_id = ?",
                (send.campaign, send.step, send.patient_id),
            ).fetchone()
        return _send(row), created

    def get(self, campaign: str, step: str, patient_id: str) -> Send | None:
        with self._file.transaction(write=False) as db:
            row = db.execute(
                f"SELECT {_SEND_COLUMNS} FROM sends WHERE campaign = ? AND step = ? AND patient_id = ?",
                (campaign, step, patient_id),
            ).fetchone()
        return None if row is None else _send(row)

    def reclaim(self, send: Send, *, at: datetime, stale_before: datetime) -> bool:
        """Take over a claim older than ``stale_before`` that was never confirmed (a crashed or failed send)."""
        with self._file.transaction() as db:
            cursor = db.execute(
                "UPDATE sends SET claimed_at = ? WHERE campaign = ? AND step = ? AND patient_id = ? "
                "AND state = 'claimed' AND claimed_at < ?",
                (_iso(at), send.campaign, send.step, send.patient_id, _iso(stale_before)),
            )
            return cursor.rowcount == 1

    def finish(self, send: Send, *, state: SendState, ticket_id: str | None, at: datetime) -> None:
        with self._file.transaction() as db:
            db.execute(
                "UPDATE sends SET state = ?, ticket_id = ?, sent_at = ? WHERE campaign = ? AND step = ? "
                "AND patient_id = ?",
                (state.value, ticket_id, _iso(at), send.campaign, send.step, send.patient_id),
            )
            what = f"send {state.value}"
            db.execute(
                _AUDIT,
                (_iso(at), send.campaign, send.step, send.patient_id, send.helpdesk, ticket_id or "-", what),
            )

    def recent_sends(self, patient_id: str, since: datetime) -> int:
        """Messages started to the patient (any campaign) after ``since``, failed ones excluded."""
        with self._file.transaction(write=False) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM sends WHERE patient_id = ? AND claimed_at > ? AND state != 'failed'",
                (patient_id, _iso(since)),
            ).fetchone()
        return int(row[0])

    def send_for_ticket(self, helpdesk: str, ticket_id: str) -> Send | None:
        """The campaign send that opened this ticket, if any."""
        with self._file.transaction(write=False) as db:
            row = db.execute(
                f"SELECT {_SEND_COLUMNS} FROM sends WHERE helpdesk = ? AND ticket_id = ?", (helpdesk, ticket_id)
            ).fetchone()
        return None if row is None else _send(row)

    def opted_out(self, patient_id: str) -> bool:
        with self._file.transaction(write=False) as db:
            return db.execute("SELECT 1 FROM optouts WHERE patient_id = ?", (patient_id,)).fetchone() is not None

    def record_reply(self, send: Send, *, event_id: str, outcome: ReplyOutcome, opt_out: bool, at: datetime) -> bool:
        """Record one reply event (and the opt-out it carries, whatever the outcome); False when this event was
        recorded before."""
        ticket = send.ticket_id or "-"
        with self._file.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO replies (helpdesk, ticket_id, event_id, campaign, patient_id, outcome, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (send.helpdesk, ticket, event_id, send.campaign, send.patient_id, outcome.value, _iso(at)),
            )
            if cursor.rowcount != 1:
                return False
            if opt_out:
                db.execute(
                    "INSERT OR IGNORE INTO optouts (patient_id, at, campaign, helpdesk, ticket_id) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (send.patient_id, _iso(at), send.campaign, send.helpdesk, ticket),
                )
            db.execute(
                _AUDIT,
                (_iso(at), send.campaign, send.step, send.patient_id, send.helpdesk, ticket, f"reply {outcome}"),
            )
            return True

    def counts(self, campaign: str) -> CampaignCounts:
        with self._file.transaction(write=False) as db:
            states = dict(
                db.execute("SELECT state, COUNT(*) FROM sends WHERE campaign = ? GROUP BY state", (campaign,))
            )
            per_outcome = dict(
                db.execute(
                    "SELECT outcome, COUNT(DISTINCT helpdesk || ':' || ticket_id) FROM replies WHERE campaign = ? "
                    "GROUP BY outcome",
                    (campaign,),
                )
            )
            replied = db.execute(
                "SELECT COUNT(DISTINCT helpdesk || ':' || ticket_id) FROM replies WHERE campaign = ?", (campaign,)
            ).fetchone()[0]
            opted = db.execute("SELECT COUNT(*) FROM optouts WHERE campaign = ?", (campaign,)).fetchone()[0]
        return CampaignCounts(
            campaign=campaign,
            sent=sum(int(n) for n in states.values()),
            delivered=int(states.get("sent", 0)),
            failed=int(states.get("failed", 0)),
            replied=int(replied),
            escalated=int(per_outcome.get("escalated", 0)),
            opted_out=int(opted),
        )

    def recent(self, campaign: str, *, limit: int) -> list[RecentSend]:
        """The campaign's latest sends, newest first: step, state and times only (no patient, no text)."""
        with self._file.transaction(write=False) as db:
            rows = db.execute(
                "SELECT step, state, claimed_at, sent_at FROM sends WHERE campaign = ? "
                "ORDER BY claimed_at DESC, step LIMIT ?",
                (campaign, limit),
            ).fetchall()
        return [
            RecentSend(str(step), SendState(state), datetime.fromisoformat(claimed), _parse(sent))
            for step, state, claimed, sent in rows
        ]

    def opted_out_total(self) -> int:
        """Patients who opted out, on any campaign (an opt-out holds for every campaign)."""
        with self._file.transaction(write=False) as db:
            return int(db.execute("SELECT COUNT(*) FROM optouts").fetchone()[0])

    def audit_trail(self, campaign: str) -> list[tuple[str, str, str, str]]:
        """(step, patient id, ticket id, what) in order, for tests and investigations."""
        with self._file.transaction(write=False) as db:
            rows = db.execute(
                "SELECT step, patient_id, ticket_id, what FROM audit WHERE campaign = ? ORDER BY id", (campaign,)
            )
            return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def _iso(moment: datetime) -> str:
    """UTC ISO text: stored times compare correctly as strings whatever zone the clock gave."""
    return moment.astimezone(UTC).isoformat()


def _parse(moment: str | None) -> datetime | None:
    return None if moment is None else datetime.fromisoformat(moment)


def _send_values(send: Send) -> tuple[str | None, ...]:
    return (
        send.campaign,
        send.step,
        send.patient_id,
        send.state.value,
        send.helpdesk,
        send.external_id,
        send.ticket_id,
        _iso(send.claimed_at),
    )


def _send(row: tuple[str, ...]) -> Send:
    campaign, step, patient, state, helpdesk, external, ticket, claimed = row
    return Send(campaign, step, patient, SendState(state), helpdesk, external, ticket, datetime.fromisoformat(claimed))
