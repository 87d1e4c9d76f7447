"""JSM connector tests; ``jsm_harness`` runs ``tests/connectors/test_contract.py`` against the fake JSM.

Handoff groups are request types (the connector's default ``route_by``); the harness reads the fake's records
back in the contract's words (request type name as the group, Jira priority names mapped to carelayer's).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest

from carelayer.settings import JsmSettings
from carelayer.types import Comment
from connectors.jsm.connector import JsmHelpdesk
from tests.connectors.helpdesk_state import HelpdeskState
from tests.connectors.jsm.fake_jsm import TOKEN, FakeJsm, settings_for
from tests.connectors.zendesk.fake_zendesk import serve

OUR_PRIORITIES = {jira: ours for ours, jira in JsmSettings(service_desk_id="1").priorities.items()}


class JsmHarness:
    def __init__(self, fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
        self.fake = fake
        self.helpdesk = helpdesk

    def create_ticket(self, subject: str, body: str, *, tags: Sequence[str] = ()) -> str:
        return self.fake.create_request(subject, body, labels=list(tags))

    def state(self, ticket_id: str) -> HelpdeskState:
        issue = self.fake.issues[ticket_id]
        first = Comment("description", issue["description"], True, issue["reporter"])
        comments = tuple(Comment(c["id"], c["body"], c["public"], c["author"]) for c in issue["comments"])
        group = self.fake.request_types.get(issue["request_type"] or "")
        return HelpdeskState(
            frozenset(issue["labels"]), group, OUR_PRIORITIES.get(issue["priority"]), (first, *comments)
        )


@contextmanager
def jsm_harness(request: pytest.FixtureRequest, *, marker_tag: str = "carelayer_processed") -> Iterator[JsmHarness]:
    """The contract harness: a fake JSM whose request types are the handoff groups, and a connector against it."""
    fake = seeded_fake()
    with (
        serve(fake.app) as base_url,
        JsmHelpdesk(settings_for(base_url), TOKEN, marker_tag=marker_tag, sleep=fake.clock.sleep) as helpdesk,
    ):
        yield JsmHarness(fake, helpdesk)


def seeded_fake() -> FakeJsm:
    """A fake with request types (General enquiry first: a new request's type), and routing alternatives."""
    fake = FakeJsm()
    for name in ("General enquiry", "Nurses", "Front desk", "Billing"):
        fake.add_request_type(name)
    for name in ("Nurses", "Front desk", "Billing"):
        fake.add_organization(name)
        fake.groups.add(name)
    return fake
