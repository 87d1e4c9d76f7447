"""Freshdesk connector tests; ``freshdesk_harness`` runs ``tests/connectors/test_contract.py`` against the fake."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest

from carelayer.types import Comment
from connectors.freshdesk.connector import FreshdeskHelpdesk
from connectors.freshdesk.mapping import PRIORITY_WORDS
from tests.connectors.freshdesk.fake_freshdesk import API_KEY, FakeFreshdesk, settings_for
from tests.connectors.helpdesk_state import HelpdeskState
from tests.connectors.zendesk.fake_zendesk import serve


class FreshdeskHarness:
    def __init__(self, fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
        self.fake = fake
        self.helpdesk = helpdesk

    def create_ticket(self, subject: str, body: str, *, tags: Sequence[str] = ()) -> str:
        return str(self.fake.create_ticket(subject, body, tags=list(tags)))

    def state(self, ticket_id: str) -> HelpdeskState:
        """Read from the fake's own records: the description first, then each conversation (public = not private)."""
        key = int(ticket_id)
        ticket = self.fake.tickets[key]
        first = Comment(f"d{key}", ticket["description_text"], True, str(ticket["requester_id"]))
        comments = tuple(
            Comment(str(c["id"]), c["body_text"], not c["private"], str(c["user_id"]))
            for c in self.fake.conversations[key]
        )
        # Freshdesk always has a priority (a new ticket is Low): read back as carelayer's word.
        return HelpdeskState(
            frozenset(ticket["tags"]), self.fake.group_name(key), PRIORITY_WORDS[ticket["priority"]], (first, *comments)
        )


@contextmanager
def freshdesk_harness(
    request: pytest.FixtureRequest, *, marker_tag: str = "carelayer_processed"
) -> Iterator[FreshdeskHarness]:
    """The contract harness: a fake Freshdesk (groups Nurses, Front desk, Billing) and a connector against it."""
    fake = FakeFreshdesk()
    for name in ("Nurses", "Front desk", "Billing"):
        fake.add_group(name)
    with serve(fake.app) as base_url:
        helpdesk = FreshdeskHelpdesk(
            settings_for(base_url), API_KEY, marker_tag=marker_tag, sleep=fake.clock.sleep, clock=fake.clock
        )
        with helpdesk:
            yield FreshdeskHarness(fake, helpdesk)
