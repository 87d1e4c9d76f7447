"""Zendesk connector tests; ``zendesk_harness`` runs ``tests/connectors/test_contract.py`` against the fake.

Wire it there with ``HARNESS_FACTORIES["zendesk"] = zendesk_harness`` (marker tag ``carelayer_processed``,
as the contract's ``MARKER``; pass ``marker_tag=`` through ``functools.partial`` for another).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest

from carelayer.types import Comment
from connectors.zendesk.connector import ZendeskHelpdesk
from tests.connectors.helpdesk_state import HelpdeskState
from tests.connectors.zendesk.fake_zendesk import TOKEN, FakeZendesk, serve, settings_for


class ZendeskHarness:
    def __init__(self, fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
        self.fake = fake
        self.helpdesk = helpdesk

    def create_ticket(self, subject: str, body: str, *, tags: Sequence[str] = ()) -> str:
        return str(self.fake.create_ticket(subject, body, tags=list(tags)))

    def state(self, ticket_id: str) -> HelpdeskState:
        key = int(ticket_id)
        ticket = self.fake.tickets[key]
        comments = tuple(
            Comment(str(c["id"]), c["body"], c["public"], str(c["author_id"])) for c in self.fake.comments[key]
        )
        return HelpdeskState(frozenset(ticket["tags"]), self.fake.group_name(key), ticket["priority"], comments)


@contextmanager
def zendesk_harness(
    request: pytest.FixtureRequest, *, marker_tag: str = "carelayer_processed"
) -> Iterator[ZendeskHarness]:
    """The contract harness: a fake Zendesk (groups Nurses, Front desk, Billing) and a connector against it."""
    fake = FakeZendesk()
    for name in ("Nurses", "Front desk", "Billing"):
        fake.add_group(name)
    with serve(fake.app) as base_url:
        helpdesk = ZendeskHelpdesk(
            settings_for(base_url), TOKEN, marker_tag=marker_tag, sleep=fake.clock.sleep, clock=fake.clock
        )
        with helpdesk:
            yield ZendeskHarness(fake, helpdesk)
