"""Zendesk starting conversations: request shapes against the OFFICIAL API definition (Prism), and the
once-per-external-id rule against a small stateful fake serving recorded-shape JSON over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask, Response, request

from carelayer.types import Requester
from connectors.base import OutboundMessage, Outreach
from connectors.zendesk.connector import ZendeskHelpdesk
from tests.connectors.zendesk.conftest import prism, prism_checked
from tests.connectors.zendesk.fake_zendesk import TOKEN, serve, settings_for
from tests.prism import PrismServer

__all__ = ["prism", "prism_checked"]  # the session's Prism, shared with the Zendesk connector tests

MESSAGE = OutboundMessage(
    "carelayer-outreach-0123abcd",
    "Checking in after your stay",
    "Hello Jane, how are you feeling since you went home?",
    Requester(None, "Jane", "jane.doe@example.org"),
    ("carelayer_campaign",),
)


class NothingFoundYet(requests.Session):
    """A real session to Prism, except that List Tickets by external id finds nothing (Prism's example list
    is never empty), so Create Ticket is sent too and checked against the definition."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, Any]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        path = urlsplit(str(url)).path
        self.sent.append((str(method), path, kwargs.get("json")))
        if str(method) == "GET" and path == "/api/v2/tickets.json":
            response = super().request(method, url, *args, **kwargs)  # validated by Prism all the same
            response._content = json.dumps({"tickets": [], "count": 0}).encode()
            return response
        return super().request(method, url, *args, **kwargs)


def test_start_conversation_requests_are_valid(prism_checked: PrismServer) -> None:
    session = NothingFoundYet()
    settings = settings_for(prism_checked.base_url, max_retries=0)
    with ZendeskHelpdesk(settings, TOKEN, marker_tag="carelayer", session=session, sleep=lambda _: None) as desk:
        assert isinstance(desk, Outreach)
        ticket_id = desk.start_conversation(MESSAGE)
    assert ticket_id.isdigit()
    assert [(m, p) for m, p, _ in session.sent] == [("GET", "/api/v2/tickets.json"), ("POST", "/api/v2/tickets.json")]
    body = session.sent[1][2]["ticket"]
    assert body["requester"] == {"email": "jane.doe@example.org", "name": "Jane"}
    assert body["comment"] == {"body": MESSAGE.body, "public": True}
    assert (body["external_id"], body["status"]) == (MESSAGE.external_id, "pending")
    assert set(body["tags"]) == {"carelayer_campaign", "carelayer"}


class FakeTickets:
    """List Tickets (by external_id) and Create Ticket, in memory, answering Zendesk's recorded shapes."""

    def __init__(self) -> None:
        self.tickets: list[dict[str, Any]] = []
        self.app = Flask("fake-zendesk-outreach")
        self.app.add_url_rule("/api/v2/tickets.json", view_func=self._list, methods=["GET"])
        self.app.add_url_rule("/api/v2/tickets.json", view_func=self._create, methods=["POST"], endpoint="create")

    def _list(self) -> Response:
        wanted = request.args.get("external_id")
        found = [t for t in self.tickets if t["external_id"] == wanted]
        return Response(json.dumps({"tickets": found, "count": len(found), "next_page": None}), 200,
                        content_type="application/json")  # fmt: skip

    def _create(self) -> Response:
        ticket = dict((request.get_json() or {})["ticket"])
        ticket.update(id=35436 + len(self.tickets), requester_id=900 + len(self.tickets), url="https://x/api/v2/t")
        self.tickets.append(ticket)
        return Response(json.dumps({"ticket": ticket}), 201, content_type="application/json")


@pytest.fixture
def fake_tickets() -> Iterator[tuple[FakeTickets, str]]:
    fake = FakeTickets()
    with serve(fake.app) as url:
        yield fake, url


def test_a_second_send_with_the_same_external_id_finds_the_first_ticket(fake_tickets: tuple[FakeTickets, str]) -> None:
    fake, url = fake_tickets
    with ZendeskHelpdesk(settings_for(url, max_retries=0), TOKEN, marker_tag="carelayer", sleep=lambda _: None) as desk:
        first = desk.start_conversation(MESSAGE)
        assert desk.start_conversation(MESSAGE) == first == "35436"
        other = OutboundMessage("carelayer-outreach-other", MESSAGE.subject, MESSAGE.body, MESSAGE.requester)
        assert desk.start_conversation(other) == "35437"
    assert len(fake.tickets) == 2
