"""Every servicedeskapi request the connector makes, checked against JSM's OFFICIAL definition served by Prism.

Prism validates path, method, query and JSON body (and answers the definition's examples: request HELPDESK-1
for any key, request types "Get IT Help" / "Hardware request", organisations 1-3, service desk "ITH"). The
definition covers ``/rest/servicedeskapi`` only; the Jira platform requests (``/rest/api/3/...``: Edit Issue,
transitions, JQL search) are routed to the stateful fake in the same test, which enforces their rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from carelayer.errors import PermanentHelpdeskError
from connectors.base import Handoff
from connectors.jsm.client import JsmClient
from connectors.jsm.connector import JsmHelpdesk
from tests.connectors.jsm.fake_jsm import EMAIL, TOKEN, FakeJsm, settings_for
from tests.prism import PrismServer

MARKER = "carelayer_processed"
SD = "/rest/servicedeskapi"


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    params: Any
    body: Any


class RoutingSession(requests.Session):
    """A real session: servicedeskapi requests go to Prism, Jira platform ones to the fake; all are recorded."""

    def __init__(self, fake_url: str) -> None:
        super().__init__()
        self.fake_url = fake_url
        self.sent: list[Sent] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        parts = urlsplit(str(url))
        if parts.path.startswith("/rest/api/"):
            url = self.fake_url + parts.path
        else:
            self.sent.append(Sent(str(method), parts.path, kwargs.get("params"), kwargs.get("json")))
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def session(fake_url: str) -> RoutingSession:
    return RoutingSession(fake_url)


@pytest.fixture
def key(fake: FakeJsm) -> str:
    for type_id, name in (("11001", "Get IT Help"), ("11003", "Hardware request")):
        fake.add_request_type(name, type_id)  # the ids in the definition's examples
    for org_id, name in (("2", "Atlas Coffee Co"), ("3", "The Adjustment Bureau")):
        fake.add_organization(name, org_id)
    return fake.create_request("Parking", "Where can I park?")


def build(prism: PrismServer, session: RoutingSession, **overrides: Any) -> JsmHelpdesk:
    settings = settings_for(prism.base_url, max_retries=0, **overrides)
    return JsmHelpdesk(settings, TOKEN, marker_tag=MARKER, session=session, sleep=lambda _: None)


@pytest.fixture
def helpdesk(prism_checked: PrismServer, session: RoutingSession) -> Iterator[JsmHelpdesk]:
    with build(prism_checked, session) as connector:
        yield connector


def test_fetch_ticket_requests_are_valid(helpdesk: JsmHelpdesk, session: RoutingSession, key: str) -> None:
    ticket = helpdesk.fetch_ticket(key)

    assert (ticket.id, ticket.subject, ticket.body) == (
        "HELPDESK-1",
        "Request JSD help via REST",
        "I need a new *mouse* for my Mac",
    )
    assert [(c.id, c.public) for c in ticket.comments] == [("description", True), ("1000", True)]
    assert [(s.method, s.path, s.params) for s in session.sent] == [
        ("GET", f"{SD}/request/{key}", {"expand": "requestType"}),
        ("GET", f"{SD}/request/{key}/comment", {"public": "true", "internal": "true", "start": 0, "limit": 100}),
        ("GET", f"{SD}/request/{key}/comment", {"public": "true", "internal": "true", "start": 1, "limit": 100}),
    ]


@pytest.mark.parametrize("public", [False, True])
def test_comment_requests_are_valid(helpdesk: JsmHelpdesk, session: RoutingSession, key: str, public: bool) -> None:
    if public:
        helpdesk.add_public_reply(key, "We are open 8 to 5.")
    else:
        helpdesk.add_internal_note(key, "Draft for the agent.")

    (sent,) = session.sent
    text = "We are open 8 to 5." if public else "Draft for the agent."
    assert (sent.method, sent.path, sent.body) == (
        "POST",
        f"{SD}/request/{key}/comment",
        {"body": text, "public": public},
    )


def test_hand_off_by_request_type_is_valid(
    helpdesk: JsmHelpdesk, session: RoutingSession, fake: FakeJsm, key: str
) -> None:
    helpdesk.hand_off(key, Handoff(note="Hardware.", group="Hardware request", priority="high"))

    assert [(s.method, s.path) for s in session.sent] == [
        ("GET", f"{SD}/servicedesk/7/requesttype"),
        ("GET", f"{SD}/servicedesk/7/requesttype"),
        ("POST", f"{SD}/request/{key}/comment"),
    ]
    assert (fake.issues[key]["request_type"], fake.issues[key]["priority"]) == ("11003", "High")


def test_hand_off_by_organization_is_valid(
    prism_checked: PrismServer, session: RoutingSession, fake: FakeJsm, key: str
) -> None:
    with build(prism_checked, session, jsm={"route_by": "organization"}) as helpdesk:
        helpdesk.hand_off(key, Handoff(note="Routing.", group="The Adjustment Bureau"))

    assert session.sent[0].path == f"{SD}/servicedesk/7/organization"
    assert fake.issues[key]["organizations"] == ["3"]


def test_poll_reads_the_project_key(helpdesk: JsmHelpdesk, session: RoutingSession, fake: FakeJsm) -> None:
    helpdesk.events_since(0, now=lambda: 1_772_442_000.0)

    assert [(s.method, s.path) for s in session.sent] == [("GET", f"{SD}/servicedesk/7")]
    (search,) = [s for s in fake.requests if s.path == "/rest/api/3/search/jql"]
    assert search.query["jql"].startswith('project = "ITH" AND updated >= 1772438400000')


def test_every_servicedeskapi_request_kind_is_exercised(
    prism_checked: PrismServer, session: RoutingSession, key: str
) -> None:
    with build(prism_checked, session) as helpdesk:
        helpdesk.fetch_ticket(key)
        helpdesk.add_internal_note(key, "note")
        helpdesk.add_public_reply(key, "reply")
        helpdesk.hand_off(key, Handoff(note="why", group="Get IT Help"))
        helpdesk.events_since(0)
    with build(prism_checked, session, jsm={"route_by": "organization"}) as helpdesk:
        helpdesk.hand_off(key, Handoff(note="why", group="Atlas Coffee Co"))

    assert {(s.method, s.path.replace(key, "{key}")) for s in session.sent} == {
        ("GET", f"{SD}/request/{{key}}"),
        ("GET", f"{SD}/request/{{key}}/comment"),
        ("POST", f"{SD}/request/{{key}}/comment"),
        ("GET", f"{SD}/servicedesk/7/requesttype"),
        ("GET", f"{SD}/servicedesk/7/organization"),
        ("GET", f"{SD}/servicedesk/7"),
    }


@pytest.mark.parametrize(
    ("method", "path", "params", "body"),
    [
        pytest.param("POST", f"{SD}/request/CL-1/comment", None, {"body": "x", "public": "no"}, id="public-not-bool"),
        pytest.param("POST", f"{SD}/request/CL-1/comment", None, {"body": ["x"]}, id="body-not-string"),
        pytest.param("GET", f"{SD}/request/CL-1/comment", {"start": "first"}, None, id="start-not-int"),
    ],
)
def test_negative_control_prism_catches_requests_that_break_the_definition(
    prism_checked: PrismServer, method: str, path: str, params: Any, body: Any
) -> None:
    """Proves the check is not vacuous: a request the definition forbids is reported (and then excused)."""
    client = JsmClient(prism_checked.base_url, EMAIL, TOKEN, timeout=10, max_retries=0, max_retry_wait=1)

    with prism_checked.expecting_violation(), pytest.raises(PermanentHelpdeskError):
        client.request(method, path, params=params, json_body=body)
