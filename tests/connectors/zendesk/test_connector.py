"""ZendeskHelpdesk against the stateful fake Zendesk: what was actually written, and how many calls it took."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carelayer.errors import ConfigError, PermanentHelpdeskError
from carelayer.types import Requester
from connectors.base import Handoff
from connectors.zendesk.connector import TicketUpdateLimiter, ZendeskHelpdesk
from tests.connectors.zendesk.fake_zendesk import BOT_USER_ID, TOKEN, FakeClock, FakeZendesk, settings_for

MARKER = "carelayer_processed"


def ticket_writes(fake: FakeZendesk, ticket_id: int) -> list[str]:
    return [f"{s.method} {s.path}" for s in fake.writes() if f"/tickets/{ticket_id}" in s.path]


# --- fetch -------------------------------------------------------------------------------------------
def test_fetch_maps_the_ticket_with_requester_and_comments(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    requester = fake.add_user("Jordan Example", "jordan@example.org")
    ticket_id = fake.create_ticket("Parking", "Where can I park?", tags=["web"], requester_id=requester)
    fake.add_comment(ticket_id, "Agent-only remark", public=False, author_id=77)

    ticket = helpdesk.fetch_ticket(str(ticket_id))

    assert (ticket.id, ticket.subject, ticket.body, ticket.status) == (
        str(ticket_id),
        "Parking",
        "Where can I park?",
        "new",
    )
    assert ticket.requester == Requester(str(requester), "Jordan Example", "jordan@example.org")
    assert [(c.body, c.public) for c in ticket.comments] == [("Where can I park?", True), ("Agent-only remark", False)]
    assert ticket.tags == ("web",)
    assert ticket.helpdesk == "zendesk"
    reads = [(s.path, s.query) for s in fake.requests]
    assert reads[0] == (f"/api/v2/tickets/{ticket_id}.json", {"include": "users"})
    assert reads[1] == (f"/api/v2/tickets/{ticket_id}/comments.json", {"page[size]": "100"})


def test_fetch_follows_comment_pagination(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    fake.max_page_size = 2
    ticket_id = fake.create_ticket("Long thread", "first")
    for n in range(2, 8):
        fake.add_comment(ticket_id, f"comment {n}", public=n % 2 == 0, author_id=5)

    ticket = helpdesk.fetch_ticket(str(ticket_id))

    assert [c.body for c in ticket.comments] == ["first"] + [f"comment {n}" for n in range(2, 8)]
    pages = [s.query for s in fake.requests if s.path.endswith("/comments.json")]
    assert [q.get("page[after]") for q in pages] == [None, "c2", "c4", "c6"]


def test_fetch_unknown_ticket_is_permanent_404(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    with pytest.raises(PermanentHelpdeskError, match="404"):
        helpdesk.fetch_ticket("987654321")


@pytest.mark.parametrize("bad", ["abc", "12/../users", "", "1.json", "-4"])
def test_non_numeric_ticket_id_is_refused_without_a_request(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk, bad: str
) -> None:
    with pytest.raises(PermanentHelpdeskError, match="not a Zendesk ticket id"):
        helpdesk.fetch_ticket(bad)
    with pytest.raises(PermanentHelpdeskError):
        helpdesk.add_internal_note(bad, "note")

    assert fake.requests == []


# --- comments ----------------------------------------------------------------------------------------
def test_internal_note_is_one_private_comment_and_keeps_tags(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("Invoice", "Billed twice", tags=["vip", "portal"])

    helpdesk.add_internal_note(str(ticket_id), "Draft: refund policy applies.")

    (note,) = fake.notes(ticket_id)
    assert (note["body"], note["public"], note["author_id"]) == ("Draft: refund policy applies.", False, BOT_USER_ID)
    assert len(fake.comments[ticket_id]) == 2
    assert fake.tags(ticket_id) == ["vip", "portal", MARKER]
    (write,) = fake.writes()
    assert (write.method, write.path) == ("PUT", f"/api/v2/tickets/{ticket_id}.json")
    assert write.body == {
        "ticket": {"comment": {"body": "Draft: refund policy applies.", "public": False}, "additional_tags": [MARKER]}
    }


def test_public_reply_is_public(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("Hours", "When are you open?")

    helpdesk.add_public_reply(str(ticket_id), "8 to 5 on weekdays.")

    last = fake.comments[ticket_id][-1]
    assert (last["body"], last["public"]) == ("8 to 5 on weekdays.", True)
    assert fake.notes(ticket_id) == []


def test_each_call_adds_exactly_one_comment_even_after_a_retry(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("Refill", "Need a refill")
    fake.fail_next(429, headers={"Retry-After": "3"}, method="PUT")
    fake.fail_next(503, method="PUT")

    helpdesk.add_internal_note(str(ticket_id), "one")
    helpdesk.add_internal_note(str(ticket_id), "two")

    assert [n["body"] for n in fake.notes(ticket_id)] == ["one", "two"]
    assert fake.clock.sleeps[0] == 3.0
    assert len(fake.clock.sleeps) == 2


def test_empty_note_is_refused_without_a_request(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("x", "y")

    with pytest.raises(PermanentHelpdeskError, match="empty"):
        helpdesk.add_internal_note(str(ticket_id), "  \n")

    assert fake.writes() == []


def test_closed_ticket_is_a_permanent_error_with_zendesks_reason(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("Old", "Old question")
    fake.tickets[ticket_id]["status"] = "closed"

    with pytest.raises(PermanentHelpdeskError, match=r"422.*closed prevents ticket update"):
        helpdesk.add_public_reply(str(ticket_id), "Hello again")

    assert len(fake.writes()) == 1


# --- tags --------------------------------------------------------------------------------------------
def test_add_tags_adds_with_put_and_never_replaces(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("Refill", "Need a refill", tags=["vip", "portal"])

    helpdesk.add_tags(str(ticket_id), ["carelayer_prescriptions"])
    helpdesk.add_tags(str(ticket_id), ["carelayer_draft", "vip"])

    assert set(fake.tags(ticket_id)) == {"vip", "portal", "carelayer_prescriptions", "carelayer_draft", MARKER}
    assert ticket_writes(fake, ticket_id) == [f"PUT /api/v2/tickets/{ticket_id}/tags.json"] * 2
    assert fake.writes()[0].body == {"tags": ["carelayer_prescriptions", MARKER]}


def test_add_no_tags_makes_no_call(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("x", "y")

    helpdesk.add_tags(str(ticket_id), [])
    helpdesk.add_tags(str(ticket_id), ["", "  "])

    assert fake.writes() == []


def test_tags_with_spaces_are_not_split(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("x", "y")

    helpdesk.add_tags(str(ticket_id), ["needs review"])

    assert "needs_review" in fake.tags(ticket_id)


def test_add_tags_to_unknown_ticket_is_permanent(helpdesk: ZendeskHelpdesk) -> None:
    with pytest.raises(PermanentHelpdeskError, match="404"):
        helpdesk.add_tags("987654321", ["x"])


# --- hand_off ----------------------------------------------------------------------------------------
def test_hand_off_is_one_update_with_group_priority_tags_and_note(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    nurses = fake.add_group("Nurses")
    fake.add_group("Billing")
    ticket_id = fake.create_ticket("Chest pain", "Chest pain since this morning", tags=["web"])

    helpdesk.hand_off(
        str(ticket_id),
        Handoff(note="Emergency red flag.", group="Nurses", priority="urgent", tags=("carelayer_emergency",)),
    )

    assert ticket_writes(fake, ticket_id) == [f"PUT /api/v2/tickets/{ticket_id}.json"]
    ticket = fake.tickets[ticket_id]
    assert (ticket["group_id"], ticket["priority"], ticket["status"]) == (nurses, "urgent", "new")
    assert fake.tags(ticket_id) == ["web", "carelayer_emergency", MARKER]
    assert [(n["body"], n["public"]) for n in fake.notes(ticket_id)] == [("Emergency red flag.", False)]
    assert "tags" not in fake.writes()[0].body["ticket"]


def test_group_list_is_fetched_once_and_cached(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    fake.add_group("Billing")
    one, two = fake.create_ticket("a", "b"), fake.create_ticket("c", "d")

    helpdesk.hand_off(str(one), Handoff(note="why", group="Billing"))
    helpdesk.hand_off(str(two), Handoff(note="why", group="billing"))  # case-insensitive match

    assert [s.path for s in fake.requests].count("/api/v2/groups.json") == 1
    assert fake.group_name(one) == fake.group_name(two) == "Billing"


def test_group_created_later_is_found_by_refreshing(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    fake.add_group("Billing")
    ticket_id = fake.create_ticket("a", "b")
    helpdesk.hand_off(str(ticket_id), Handoff(note="first", group="Billing"))
    fake.add_group("Records")

    helpdesk.hand_off(str(ticket_id), Handoff(note="second", group="Records"))

    assert fake.group_name(ticket_id) == "Records"


def test_groups_are_read_across_pages_without_deleted_ones(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    fake.max_page_size = 2
    for name in ("A", "B", "C", "D"):
        fake.add_group(name)
    fake.add_group("Nurses", deleted=True)
    nurses = fake.add_group("Nurses")
    ticket_id = fake.create_ticket("a", "b")

    helpdesk.hand_off(str(ticket_id), Handoff(note="why", group="Nurses"))

    assert fake.tickets[ticket_id]["group_id"] == nurses
    group_pages = [s.query for s in fake.requests if s.path == "/api/v2/groups.json"]
    assert len(group_pages) == 3 and all(q["exclude_deleted"] == "true" for q in group_pages)


def test_unknown_group_is_permanent_names_the_group_and_writes_nothing(
    fake: FakeZendesk, helpdesk: ZendeskHelpdesk
) -> None:
    fake.add_group("Billing")
    ticket_id = fake.create_ticket("a", "b")

    with pytest.raises(PermanentHelpdeskError, match=r"no group named 'Nurse line'.*Billing"):
        helpdesk.hand_off(str(ticket_id), Handoff(note="why", group="Nurse line"))

    assert fake.writes() == []


def test_hand_off_without_group_or_priority_keeps_them(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    front = fake.add_group("Front desk")
    ticket_id = fake.create_ticket("a", "b")
    helpdesk.hand_off(str(ticket_id), Handoff(note="first", group="Front desk", priority="normal"))

    helpdesk.hand_off(str(ticket_id), Handoff(note="second"))

    assert (fake.tickets[ticket_id]["group_id"], fake.tickets[ticket_id]["priority"]) == (front, "normal")
    assert set(fake.writes()[-1].body["ticket"]) == {"comment", "additional_tags"}


def test_hand_off_sets_the_configured_status_in_the_same_update(fake: FakeZendesk, fake_url: str) -> None:
    fake.add_group("Nurses")
    ticket_id = fake.create_ticket("a", "b")
    settings = settings_for(fake_url, set_status="open")

    with ZendeskHelpdesk(settings, TOKEN, marker_tag=MARKER, sleep=fake.clock.sleep, clock=fake.clock) as helpdesk:
        helpdesk.hand_off(str(ticket_id), Handoff(note="why", group="Nurses", priority="high"))

    assert len(fake.writes()) == 1
    assert fake.tickets[ticket_id]["status"] == "open"


def test_invalid_priority_is_refused_before_any_call(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("a", "b")

    with pytest.raises(PermanentHelpdeskError, match="priority"):
        helpdesk.hand_off(str(ticket_id), Handoff(note="why", group="Nurses", priority="critical"))

    assert fake.requests == []


# --- status ------------------------------------------------------------------------------------------
def test_set_status(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("a", "b")

    helpdesk.set_status(str(ticket_id), "pending")

    assert fake.tickets[ticket_id]["status"] == "pending"
    assert helpdesk.fetch_ticket(str(ticket_id)).status == "pending"
    assert fake.writes()[0].body == {"ticket": {"status": "pending", "additional_tags": [MARKER]}}


def test_invalid_status_is_refused_without_a_call(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    with pytest.raises(PermanentHelpdeskError, match="status"):
        helpdesk.set_status(str(fake.create_ticket("a", "b")), "archived")

    assert fake.writes() == []


# --- the per-ticket update limit ---------------------------------------------------------------------
def test_per_ticket_update_limit_is_waited_for_not_hit(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("Busy", "Many updates")

    for n in range(35):
        helpdesk.add_internal_note(str(ticket_id), f"note {n}")

    assert fake.rate_limited == 0
    assert len(fake.notes(ticket_id)) == 35
    assert len(fake.clock.sleeps) == 1 and fake.clock.sleeps[0] == pytest.approx(600.0)


def test_the_limit_counts_each_ticket_separately(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    one, two = fake.create_ticket("a", "b"), fake.create_ticket("c", "d")

    for _ in range(30):
        helpdesk.set_status(str(one), "open")
        helpdesk.set_status(str(two), "open")

    assert fake.clock.sleeps == []


def test_tag_calls_count_towards_the_limit(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    ticket_id = fake.create_ticket("a", "b")

    for n in range(30):
        helpdesk.add_tags(str(ticket_id), [f"t{n}"])
    helpdesk.add_internal_note(str(ticket_id), "one more")

    assert fake.rate_limited == 0 and len(fake.clock.sleeps) == 1


def test_a_429_from_zendesk_is_still_honoured(fake: FakeZendesk, helpdesk: ZendeskHelpdesk) -> None:
    """Updates made by someone else with our user count too: the limiter cannot see them, Retry-After can."""
    ticket_id = fake.create_ticket("a", "b")
    fake.updates[ticket_id] = [fake.clock() - 590] * 30

    helpdesk.add_internal_note(str(ticket_id), "after the wait")

    assert fake.rate_limited == 1
    assert fake.clock.sleeps == [10.0]  # Retry-After
    assert [n["body"] for n in fake.notes(ticket_id)] == ["after the wait"]


def test_limiter_terminates_even_if_the_clock_never_moves() -> None:
    sleeps: list[float] = []
    limiter = TicketUpdateLimiter(limit=2, window=60, clock=lambda: 5.0, sleep=sleeps.append)

    for _ in range(5):
        limiter.acquire("7")

    assert len(sleeps) == 2 and all(s >= 60.0 for s in sleeps)  # the 3rd and the 5th waited


def test_limiter_slides(clock: FakeClock | None = None) -> None:
    clock = FakeClock(0.0)
    limiter = TicketUpdateLimiter(limit=3, window=10, clock=clock, sleep=clock.sleep)
    for at in (0.0, 4.0, 8.0):
        clock.now = at
        limiter.acquire("1")

    clock.now = 9.0
    limiter.acquire("1")  # must wait until the t=0 slot leaves the window

    assert clock.sleeps == [1.0]


# --- construction ------------------------------------------------------------------------------------
def test_kind_marker_and_name(helpdesk: ZendeskHelpdesk) -> None:
    assert (helpdesk.kind, helpdesk.marker_tag, helpdesk.name) == ("zendesk", MARKER, "zendesk")


@pytest.mark.parametrize(
    ("overrides", "marker"),
    [({"set_status": "archived"}, MARKER), ({}, "  ")],
)
def test_bad_construction_is_a_config_error(fake_url: str, overrides: dict[str, str], marker: str) -> None:
    with pytest.raises(ConfigError):
        ZendeskHelpdesk(settings_for(fake_url, **overrides), TOKEN, marker_tag=marker)


@pytest.fixture
def wrong_token_helpdesk(fake_url: str) -> Iterator[ZendeskHelpdesk]:
    with ZendeskHelpdesk(settings_for(fake_url), "wrong-token", marker_tag=MARKER) as helpdesk:
        yield helpdesk


def test_wrong_token_is_permanent_401_without_the_token(wrong_token_helpdesk: ZendeskHelpdesk) -> None:
    with pytest.raises(PermanentHelpdeskError, match="401") as caught:
        wrong_token_helpdesk.fetch_ticket("1")

    assert "wrong-token" not in str(caught.value)
