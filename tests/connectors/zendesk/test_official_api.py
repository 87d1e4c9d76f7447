"""Every request the connector makes, checked against Zendesk's OFFICIAL API definition served by Prism.

Prism validates path, method, query and JSON body of each request (and answers with the spec's examples:
ticket 35436 for any id, groups "DJs" and "MCs"). The ``prism_checked`` fixture fails a test whose requests
made Prism log ``[VALIDATOR] ✖`` or ``Request terminated with error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from carelayer.errors import PermanentHelpdeskError
from connectors.base import EventKind, Handoff
from connectors.zendesk.client import ZendeskClient
from connectors.zendesk.connector import ZendeskHelpdesk
from connectors.zendesk.export import EXPORT_PATH
from tests.connectors.zendesk.fake_zendesk import EMAIL, TOKEN, settings_for
from tests.prism import PrismServer

MARKER = "carelayer_processed"
TICKET = "35436"  # the id in the definition's examples


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    params: Any
    body: Any


class RecordingSession(requests.Session):
    """A real session that also remembers what it sent, so tests can say which endpoints were exercised."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Sent] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        path = urlsplit(str(url)).path
        self.sent.append(Sent(str(method), path, kwargs.get("params"), kwargs.get("json")))
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


def build(prism: PrismServer, session: RecordingSession, **overrides: Any) -> ZendeskHelpdesk:
    return ZendeskHelpdesk(
        settings_for(prism.base_url, max_retries=0, **overrides),
        TOKEN,
        marker_tag=MARKER,
        session=session,
        sleep=lambda _: None,
    )


@pytest.fixture
def helpdesk(prism_checked: PrismServer, session: RecordingSession) -> Iterator[ZendeskHelpdesk]:
    with build(prism_checked, session) as connector:
        yield connector


def test_fetch_ticket_requests_are_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    ticket = helpdesk.fetch_ticket(TICKET)

    assert ticket.id == TICKET
    assert ticket.subject == "Help, my printer is on fire!"
    assert [(c.id, c.public) for c in ticket.comments] == [("1274", True)]
    assert ticket.body == "Thanks for your help!"
    assert [(s.method, s.path) for s in session.sent] == [
        ("GET", f"/api/v2/tickets/{TICKET}.json"),
        ("GET", f"/api/v2/tickets/{TICKET}/comments.json"),
    ]


def test_comment_pages_after_the_first_are_valid(prism_checked: PrismServer) -> None:
    client = ZendeskClient(prism_checked.base_url, EMAIL, TOKEN, timeout=10, max_retries=0, max_retry_wait=1)
    params: dict[str, str | int] = {"page[size]": 100, "page[after]": "eyJvIjoibmljZV9pZCJ9"}

    assert "comments" in client.get(f"/api/v2/tickets/{TICKET}/comments.json", params)


def test_internal_note_request_is_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    helpdesk.add_internal_note(TICKET, "Draft for the agent.")

    (sent,) = session.sent
    assert (sent.method, sent.path) == ("PUT", f"/api/v2/tickets/{TICKET}.json")
    assert sent.body == {
        "ticket": {"comment": {"body": "Draft for the agent.", "public": False}, "additional_tags": [MARKER]}
    }


def test_public_reply_request_is_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    helpdesk.add_public_reply(TICKET, "We are open 8 to 5.")

    assert session.sent[0].body["ticket"]["comment"] == {"body": "We are open 8 to 5.", "public": True}


def test_add_tags_request_is_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    helpdesk.add_tags(TICKET, ["carelayer_billing"])

    (sent,) = session.sent
    assert (sent.method, sent.path, sent.body) == (
        "PUT",
        f"/api/v2/tickets/{TICKET}/tags.json",
        {"tags": ["carelayer_billing", MARKER]},
    )


def test_hand_off_with_group_lookup_is_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    helpdesk.hand_off(TICKET, Handoff(note="Billing question.", group="DJs", priority="high", tags=("carelayer_x",)))

    assert [(s.method, s.path) for s in session.sent] == [
        ("GET", "/api/v2/groups.json"),
        ("PUT", f"/api/v2/tickets/{TICKET}.json"),
    ]
    assert session.sent[1].body == {
        "ticket": {
            "comment": {"body": "Billing question.", "public": False},
            "priority": "high",
            "group_id": 211,
            "additional_tags": ["carelayer_x", MARKER],
        }
    }


def test_hand_off_with_status_from_settings_is_valid(prism_checked: PrismServer, session: RecordingSession) -> None:
    with build(prism_checked, session, set_status="open") as helpdesk:
        helpdesk.hand_off(TICKET, Handoff(note="Routing.", group="MCs"))

    assert session.sent[-1].body["ticket"]["status"] == "open"
    assert session.sent[-1].body["ticket"]["group_id"] == 122


def test_set_status_request_is_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    helpdesk.set_status(TICKET, "pending")

    assert session.sent[0].body == {"ticket": {"status": "pending", "additional_tags": [MARKER]}}


def test_unknown_group_only_reads_groups(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    with pytest.raises(PermanentHelpdeskError, match="no group named 'Nurses'"):
        helpdesk.hand_off(TICKET, Handoff(note="why", group="Nurses"))

    assert [s.method for s in session.sent] == ["GET"]


def test_incremental_export_requests_are_valid(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    """First page by ``start_time`` (an hour before the injected clock), the next by the ``after_cursor`` given."""
    events, cursor = helpdesk.events_since(0, now=lambda: 1_700_000_000.0)
    again, _ = helpdesk.events_since(cursor)

    assert [(e.ticket_id, e.kind, e.event_id) for e in events] == [
        (TICKET, EventKind.UPDATED, "export:2011-05-05T10:38:52Z")
    ]
    assert again == events  # Prism answers the definition's example page every time
    assert cursor == "MTU3NjYxMzUzOS4wfHw0Njd8"
    assert [(s.method, s.path, s.params) for s in session.sent] == [
        ("GET", EXPORT_PATH, {"start_time": 1_700_000_000 - 3600}),
        ("GET", EXPORT_PATH, {"cursor": cursor}),
    ]


def test_every_request_kind_is_exercised(helpdesk: ZendeskHelpdesk, session: RecordingSession) -> None:
    helpdesk.fetch_ticket(TICKET)
    helpdesk.add_internal_note(TICKET, "note")
    helpdesk.add_public_reply(TICKET, "reply")
    helpdesk.add_tags(TICKET, ["t"])
    helpdesk.hand_off(TICKET, Handoff(note="why", group="DJs", priority="urgent"))
    helpdesk.set_status(TICKET, "open")
    helpdesk.events_since(0)

    assert {(s.method, s.path.replace(TICKET, "{id}")) for s in session.sent} == {
        ("GET", "/api/v2/tickets/{id}.json"),
        ("GET", "/api/v2/tickets/{id}/comments.json"),
        ("GET", "/api/v2/groups.json"),
        ("PUT", "/api/v2/tickets/{id}.json"),
        ("PUT", "/api/v2/tickets/{id}/tags.json"),
        ("GET", EXPORT_PATH),
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param(f"/api/v2/tickets/{TICKET}/tags.json", {"tagz": ["x"]}, id="tags-without-tags"),
        pytest.param(f"/api/v2/tickets/{TICKET}.json", {"ticket": {"priority": "critical"}}, id="bad-priority"),
        pytest.param(f"/api/v2/tickets/{TICKET}.json", {"ticket": {"status": "archived"}}, id="bad-status"),
    ],
)
def test_negative_control_prism_catches_requests_that_break_the_definition(
    prism_checked: PrismServer, path: str, body: dict[str, Any]
) -> None:
    """Proves the check is not vacuous: a request the definition forbids is reported (and then excused)."""
    client = ZendeskClient(prism_checked.base_url, EMAIL, TOKEN, timeout=10, max_retries=0, max_retry_wait=1)

    with prism_checked.expecting_violation(), pytest.raises(PermanentHelpdeskError, match="422"):
        client.put(path, body)


def test_negative_control_prism_checks_the_export_query(prism_checked: PrismServer) -> None:
    """The export's ``start_time`` is an integer in the definition: a date string is reported."""
    client = ZendeskClient(prism_checked.base_url, EMAIL, TOKEN, timeout=10, max_retries=0, max_retry_wait=1)

    with prism_checked.expecting_violation(), pytest.raises(PermanentHelpdeskError, match="422"):
        client.get(EXPORT_PATH, {"start_time": "2026-03-02"})
