"""The helpdesk contract, written once and run against every connector kind.

Each kind plugs in a harness factory (see ``HARNESS_FACTORIES``): it builds the connector under test and
gives the test a way to create tickets and to read the helpdesk's own state back, independently of the
connector's ``fetch_ticket`` (the sandbox reads its SQLite file; a vendor reads its stateful fake server).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

import pytest

from carelayer.errors import PermanentHelpdeskError
from connectors.base import Handoff, Helpdesk
from connectors.sandbox.connector import SandboxHelpdesk
from tests.connectors.freshdesk import freshdesk_harness
from tests.connectors.helpdesk_state import HelpdeskState
from tests.connectors.jsm import jsm_harness
from tests.connectors.zendesk import zendesk_harness

MARKER = "carelayer_processed"
UNKNOWN_TICKET = "987654321"


class HelpdeskHarness(Protocol):
    """What a contract test needs from one connector kind."""

    @property
    def helpdesk(self) -> Helpdesk: ...

    def create_ticket(self, subject: str, body: str, *, tags: Sequence[str] = ()) -> str:
        """A new ticket opened by a requester (first comment = ``body``); its id."""
        ...

    def state(self, ticket_id: str) -> HelpdeskState: ...


# A factory gets the pytest request (for tmp_path or any fixture it needs, such as a fake server)
# and yields a harness; code after the yield tears it down.
HarnessFactory = Callable[[pytest.FixtureRequest], AbstractContextManager[HelpdeskHarness]]


class SandboxHarness:
    def __init__(self, sandbox: SandboxHelpdesk) -> None:
        self.sandbox = sandbox
        self.helpdesk: Helpdesk = sandbox

    def create_ticket(self, subject: str, body: str, *, tags: Sequence[str] = ()) -> str:
        return self.sandbox.create_ticket(subject, body, tags=tags).id

    def state(self, ticket_id: str) -> HelpdeskState:
        snap = self.sandbox.snapshot(ticket_id)
        return HelpdeskState(tags=snap.tags, group=snap.group, priority=snap.priority, comments=snap.comments)


@contextmanager
def sandbox_harness(request: pytest.FixtureRequest) -> Iterator[HelpdeskHarness]:
    tmp_path: Path = request.getfixturevalue("tmp_path")
    with SandboxHelpdesk(tmp_path / "sandbox.sqlite3", marker_tag=MARKER) as sandbox:
        yield SandboxHarness(sandbox)


# ---------------------------------------------------------------------------------------------------
# Connector kinds under contract. ZENDESK ENGINEER: add "zendesk": <factory> here, a context manager
# that starts the stateful fake Zendesk server, builds ZendeskHelpdesk(settings, token, marker_tag=MARKER)
# against it, and yields a harness whose state() reads the fake server's records.
# ---------------------------------------------------------------------------------------------------
HARNESS_FACTORIES: dict[str, HarnessFactory] = {
    "sandbox": sandbox_harness,
    "zendesk": zendesk_harness,
    "freshdesk": freshdesk_harness,
    "jsm": jsm_harness,
}


@pytest.fixture(params=sorted(HARNESS_FACTORIES))
def helpdesk_factory(request: pytest.FixtureRequest) -> Iterator[HelpdeskHarness]:
    with HARNESS_FACTORIES[request.param](request) as harness:
        yield harness


def test_kind_and_marker_are_declared(helpdesk_factory: HelpdeskHarness) -> None:
    assert helpdesk_factory.helpdesk.kind in HARNESS_FACTORIES
    assert helpdesk_factory.helpdesk.marker_tag == MARKER


def test_fetch_returns_subject_body_and_public_comments(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Parking at the clinic", "Where can I park on Saturday?")

    ticket = helpdesk_factory.helpdesk.fetch_ticket(ticket_id)

    assert ticket.id == ticket_id
    assert ticket.subject == "Parking at the clinic"
    assert ticket.body == "Where can I park on Saturday?"
    assert [(c.body, c.public) for c in ticket.comments] == [("Where can I park on Saturday?", True)]


def test_fetch_keeps_comment_order_and_public_flags(helpdesk_factory: HelpdeskHarness) -> None:
    helpdesk = helpdesk_factory.helpdesk
    ticket_id = helpdesk_factory.create_ticket("Invoice", "I was billed twice.")

    helpdesk.add_internal_note(ticket_id, "Draft: refund policy applies.")
    helpdesk.add_public_reply(ticket_id, "We are looking into the double charge.")

    comments = helpdesk.fetch_ticket(ticket_id).comments
    assert [(c.body, c.public) for c in comments] == [
        ("I was billed twice.", True),
        ("Draft: refund policy applies.", False),
        ("We are looking into the double charge.", True),
    ]
    assert len({c.id for c in comments}) == 3
    assert helpdesk.fetch_ticket(ticket_id).body == "I was billed twice."


def test_internal_note_is_not_public(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Records", "Please send my records.")

    helpdesk_factory.helpdesk.add_internal_note(ticket_id, "Draft for the agent.")

    last = helpdesk_factory.state(ticket_id).comments[-1]
    assert (last.body, last.public) == ("Draft for the agent.", False)


def test_public_reply_is_public(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Hours", "When are you open?")

    helpdesk_factory.helpdesk.add_public_reply(ticket_id, "We are open 8 to 5 on weekdays.")

    last = helpdesk_factory.state(ticket_id).comments[-1]
    assert (last.body, last.public) == ("We are open 8 to 5 on weekdays.", True)


def test_add_tags_keeps_existing_tags(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Refill", "I need a refill.", tags=["vip", "portal"])

    helpdesk_factory.helpdesk.add_tags(ticket_id, ["carelayer_prescriptions"])
    helpdesk_factory.helpdesk.add_tags(ticket_id, ["carelayer_draft"])

    tags = helpdesk_factory.state(ticket_id).tags
    assert {"vip", "portal", "carelayer_prescriptions", "carelayer_draft"} <= tags


def test_hand_off_sets_routing_tags_and_exactly_one_note(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Chest pain", "I have chest pain since this morning.", tags=["web"])
    before = helpdesk_factory.state(ticket_id)

    helpdesk_factory.helpdesk.hand_off(
        ticket_id,
        Handoff(
            note="Emergency red flag: chest pain.", group="Nurses", priority="urgent", tags=("carelayer_emergency",)
        ),
    )

    after = helpdesk_factory.state(ticket_id)
    assert (after.group, after.priority) == ("Nurses", "urgent")
    assert {"web", "carelayer_emergency"} <= after.tags
    assert len(after.notes) == len(before.notes) + 1
    assert after.notes[-1].body == "Emergency red flag: chest pain."
    assert len(after.comments) == len(before.comments) + 1


def test_hand_off_without_group_or_priority_keeps_them(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Question", "A question about my visit.")
    helpdesk_factory.helpdesk.hand_off(ticket_id, Handoff(note="first", group="Front desk", priority="normal"))

    helpdesk_factory.helpdesk.hand_off(ticket_id, Handoff(note="second"))

    state = helpdesk_factory.state(ticket_id)
    assert (state.group, state.priority) == ("Front desk", "normal")
    assert [n.body for n in state.notes] == ["first", "second"]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda h, t: h.add_internal_note(t, "note"), id="internal_note"),
        pytest.param(lambda h, t: h.add_public_reply(t, "reply"), id="public_reply"),
        pytest.param(lambda h, t: h.add_tags(t, ["carelayer_billing"]), id="add_tags"),
        pytest.param(lambda h, t: h.hand_off(t, Handoff(note="why", group="Billing")), id="hand_off"),
        pytest.param(lambda h, t: h.set_status(t, "open"), id="set_status"),
    ],
)
def test_marker_tag_present_after_our_writes(
    helpdesk_factory: HelpdeskHarness, write: Callable[[Helpdesk, str], None]
) -> None:
    ticket_id = helpdesk_factory.create_ticket("Bill", "Question about my bill.")
    assert MARKER not in helpdesk_factory.state(ticket_id).tags

    write(helpdesk_factory.helpdesk, ticket_id)

    assert MARKER in helpdesk_factory.state(ticket_id).tags
    assert MARKER in helpdesk_factory.helpdesk.fetch_ticket(ticket_id).tags


def test_set_status_is_visible_on_fetch(helpdesk_factory: HelpdeskHarness) -> None:
    ticket_id = helpdesk_factory.create_ticket("Status", "Any news?")

    helpdesk_factory.helpdesk.set_status(ticket_id, "pending")

    assert helpdesk_factory.helpdesk.fetch_ticket(ticket_id).status == "pending"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda h: h.fetch_ticket(UNKNOWN_TICKET), id="fetch_ticket"),
        pytest.param(lambda h: h.add_internal_note(UNKNOWN_TICKET, "note"), id="internal_note"),
        pytest.param(lambda h: h.add_public_reply(UNKNOWN_TICKET, "reply"), id="public_reply"),
        pytest.param(lambda h: h.add_tags(UNKNOWN_TICKET, ["x"]), id="add_tags"),
        pytest.param(lambda h: h.hand_off(UNKNOWN_TICKET, Handoff(note="why")), id="hand_off"),
        pytest.param(lambda h: h.set_status(UNKNOWN_TICKET, "open"), id="set_status"),
    ],
)
def test_unknown_ticket_is_permanent_error(
    helpdesk_factory: HelpdeskHarness, call: Callable[[Helpdesk], object]
) -> None:
    with pytest.raises(PermanentHelpdeskError):
        call(helpdesk_factory.helpdesk)
