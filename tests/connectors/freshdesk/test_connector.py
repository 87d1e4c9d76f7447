"""FreshdeskHelpdesk against the stateful fake: what ends up in Freshdesk, and the requests that put it there."""

from __future__ import annotations

import json
from typing import Any

import pytest

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from connectors.base import Handoff
from connectors.freshdesk.connector import FreshdeskHelpdesk
from tests.connectors.freshdesk.fake_freshdesk import API_KEY, BOT_AGENT_ID, FakeFreshdesk, settings_for
from tests.connectors.zendesk.fake_zendesk import FakeClock, serve
from tests.scripted_http import ScriptedServer, Step

MARKER = "carelayer_processed"


def writes(fake: FakeFreshdesk) -> list[tuple[str, str]]:
    return [(s.method, s.path) for s in fake.writes()]


def test_fetch_maps_description_and_every_conversation(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("Invoice", "I was billed twice.", tags=["portal"])
    fake.add_conversation(key, "<p>internal</p>", private=True, incoming=False, user_id=BOT_AGENT_ID, source=2)
    for n in range(104):
        fake.requester_reply(key, f"reply {n}")

    ticket = helpdesk.fetch_ticket(str(key))

    assert (ticket.subject, ticket.body, ticket.tags, ticket.status) == (
        "Invoice",
        "I was billed twice.",
        ("portal",),
        "open",
    )
    assert len(ticket.comments) == 106
    assert [(c.body, c.public) for c in ticket.comments[:3]] == [
        ("I was billed twice.", True),
        ("internal", False),
        ("reply 0", True),
    ]
    assert ticket.comments[-1].body == "reply 103"
    assert ticket.requester is not None and ticket.requester.email == f"patient{key}@example.org"
    pages = [s.query.get("page") for s in fake.requests if s.path.endswith("/conversations")]
    assert pages == ["1", "2"]


def test_internal_note_is_private_html_and_keeps_tags(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("Records", "Send my records", tags=["vip"])

    helpdesk.add_internal_note(str(key), "Draft <b>1</b>\n\nSecond line")

    note = fake.conversations[key][-1]
    assert (note["private"], note["user_id"], note["body_text"]) == (
        True,
        BOT_AGENT_ID,
        "Draft <b>1</b>\n\nSecond line",
    )
    assert note["body"] == "<p>Draft &lt;b&gt;1&lt;/b&gt;</p><p>Second line</p>"
    assert fake.tickets[key]["tags"] == ["vip", MARKER]
    assert writes(fake) == [("POST", f"/api/v2/tickets/{key}/notes"), ("PUT", f"/api/v2/tickets/{key}")]


def test_second_write_skips_the_tag_update(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("Records", "Send my records")

    helpdesk.add_internal_note(str(key), "first")
    helpdesk.add_public_reply(str(key), "second")

    assert writes(fake) == [
        ("POST", f"/api/v2/tickets/{key}/notes"),
        ("PUT", f"/api/v2/tickets/{key}"),
        ("POST", f"/api/v2/tickets/{key}/reply"),
    ]
    assert [c["private"] for c in fake.conversations[key]] == [True, False]


def test_add_tags_writes_the_union(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("Refill", "I need a refill", tags=["vip", "portal"])

    helpdesk.add_tags(str(key), ["carelayer prescriptions", "vip", "", "a,b"])

    put = fake.writes()[-1]
    assert put.body == {"tags": ["vip", "portal", "carelayer_prescriptions", "a_b", MARKER]}
    assert fake.tickets[key]["tags"] == ["vip", "portal", "carelayer_prescriptions", "a_b", MARKER]


def test_add_no_tags_makes_no_call(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("Refill", "I need a refill")

    helpdesk.add_tags(str(key), [" ", ""])

    assert fake.requests == []


def test_tags_dropped_by_a_concurrent_writer_are_merged_again() -> None:
    """Freshdesk has no conditional update: when the answer lacks our tag, we read and merge once more."""
    server = ScriptedServer()
    ticket = {"id": 7, "tags": ["a"]}
    server.script(
        Step(200, json.dumps(ticket).encode()),  # our read
        Step(200, json.dumps(ticket).encode()),  # our write's answer: someone overwrote the tags meanwhile
        Step(200, json.dumps({"id": 7, "tags": ["a", "b"]}).encode()),  # read again: their tag b
        Step(200, json.dumps({"id": 7, "tags": ["a", "b", "x", MARKER]}).encode()),
    )
    clock = FakeClock()
    with serve(server) as url, _connector(url, clock) as helpdesk:
        helpdesk.add_tags("7", ["x"])

    puts = [json.loads(r.body) for r in server.received if r.method == "PUT"]
    assert puts == [{"tags": ["a", "x", MARKER]}, {"tags": ["a", "b", "x", MARKER]}]


def test_hand_off_is_one_update_then_one_private_note(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("Chest pain", "Chest pain since this morning", tags=["web"])
    nurses = next(g for g, v in fake.groups.items() if v["name"] == "Nurses")

    helpdesk.hand_off(
        str(key), Handoff(note="Red flag", group="nurses", priority="urgent", tags=("carelayer_emergency",))
    )

    assert writes(fake) == [("PUT", f"/api/v2/tickets/{key}"), ("POST", f"/api/v2/tickets/{key}/notes")]
    assert fake.writes()[0].body == {"priority": 4, "group_id": nurses, "tags": ["web", "carelayer_emergency", MARKER]}
    assert (fake.tickets[key]["group_id"], fake.tickets[key]["priority"]) == (nurses, 4)
    assert [(c["body_text"], c["private"]) for c in fake.conversations[key]] == [("Red flag", True)]


def test_group_list_is_read_once_and_cached(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    first, second = fake.create_ticket("a", "a"), fake.create_ticket("b", "b")

    helpdesk.hand_off(str(first), Handoff(note="n", group="Billing"))
    helpdesk.hand_off(str(second), Handoff(note="n", group="Billing"))

    assert len([s for s in fake.requests if s.path == "/api/v2/groups"]) == 1


def test_configured_group_ids_need_no_lookup(fake: FakeFreshdesk, fake_url: str) -> None:
    billing = next(g for g, v in fake.groups.items() if v["name"] == "Billing")
    key = fake.create_ticket("a", "a")
    settings = settings_for(fake_url, group_ids={"Money": billing})
    with FreshdeskHelpdesk(settings, API_KEY, marker_tag=MARKER, sleep=fake.clock.sleep, clock=fake.clock) as helpdesk:
        helpdesk.hand_off(str(key), Handoff(note="n", group="Money"))

    assert fake.tickets[key]["group_id"] == billing
    assert not [s for s in fake.requests if s.path == "/api/v2/groups"]


def test_group_created_later_is_found_by_refreshing(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("a", "a")
    helpdesk.hand_off(str(key), Handoff(note="n", group="Billing"))
    late = fake.add_group("Pharmacy")

    helpdesk.hand_off(str(key), Handoff(note="n", group="Pharmacy"))

    assert fake.tickets[key]["group_id"] == late


def test_unknown_group_is_permanent_names_it_and_writes_nothing(
    fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk
) -> None:
    key = fake.create_ticket("a", "a")

    with pytest.raises(PermanentHelpdeskError, match=r"no group named 'Radiology'.*Billing, Front desk, Nurses"):
        helpdesk.hand_off(str(key), Handoff(note="n", group="Radiology"))

    assert fake.writes() == []


def test_a_failed_note_is_retried_without_a_second_note(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("a", "a")
    fake.fail_next(503, times=4, method="POST", path_suffix="/notes")
    handoff = Handoff(note="why", group="Nurses", priority="high")
    with pytest.raises(RetryableHelpdeskError):
        helpdesk.hand_off(str(key), handoff)

    helpdesk.hand_off(str(key), handoff)

    assert [c["body_text"] for c in fake.conversations[key]] == ["why"]
    assert fake.group_name(key) == "Nurses" and fake.tickets[key]["priority"] == 3


def test_hand_off_sets_the_configured_status(fake: FakeFreshdesk, fake_url: str) -> None:
    key = fake.create_ticket("a", "a")
    settings = settings_for(fake_url, set_status="open")
    fake.tickets[key]["status"] = 3
    with FreshdeskHelpdesk(settings, API_KEY, marker_tag=MARKER, sleep=fake.clock.sleep, clock=fake.clock) as helpdesk:
        helpdesk.hand_off(str(key), Handoff(note="n"))

    assert fake.tickets[key]["status"] == 2


@pytest.mark.parametrize(("word", "number"), [("pending", 3), ("solved", 4), ("resolved", 4), ("closed", 5)])
def test_set_status(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk, word: str, number: int) -> None:
    key = fake.create_ticket("a", "a")

    helpdesk.set_status(str(key), word)

    assert fake.tickets[key]["status"] == number


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda h: h.set_status("7", "hold"), id="status"),
        pytest.param(lambda h: h.hand_off("7", Handoff(note="n", priority="critical")), id="priority"),
        pytest.param(lambda h: h.add_internal_note("7", "  "), id="empty-note"),
        pytest.param(lambda h: h.add_public_reply("ticket-7", "x"), id="bad-id"),
    ],
)
def test_bad_values_are_refused_before_any_request(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk, call: Any) -> None:
    with pytest.raises(PermanentHelpdeskError):
        call(helpdesk)

    assert fake.requests == []


def test_spam_ticket_is_permanent_405(fake: FakeFreshdesk, helpdesk: FreshdeskHelpdesk) -> None:
    key = fake.create_ticket("spam", "buy now", spam=True)

    with pytest.raises(PermanentHelpdeskError, match="405"):
        helpdesk.add_internal_note(str(key), "note")


def test_kind_marker_and_name(helpdesk: FreshdeskHelpdesk) -> None:
    assert (helpdesk.kind, helpdesk.marker_tag, helpdesk.name) == ("freshdesk", MARKER, "freshdesk")


@pytest.mark.parametrize(
    ("overrides", "marker"),
    [({"kind": "zendesk", "email": "a@b.c"}, MARKER), ({}, "  "), ({"set_status": "hold"}, MARKER)],
)
def test_bad_construction_is_a_config_error(fake_url: str, overrides: dict[str, Any], marker: str) -> None:
    with pytest.raises(ConfigError):
        FreshdeskHelpdesk(settings_for(fake_url, **overrides), API_KEY, marker_tag=marker)


def _connector(url: str, clock: FakeClock) -> FreshdeskHelpdesk:
    return FreshdeskHelpdesk(settings_for(url), API_KEY, marker_tag=MARKER, sleep=clock.sleep, clock=clock)
