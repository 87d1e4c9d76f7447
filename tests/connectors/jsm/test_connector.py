"""JsmHelpdesk against the stateful fake JSM: what lands in the site, routing, statuses and failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from carelayer.errors import ConfigError, PermanentHelpdeskError, RetryableHelpdeskError
from connectors.base import Handoff
from connectors.jsm.connector import JsmHelpdesk
from tests.connectors.jsm.fake_edit import GROUP_FIELD
from tests.connectors.jsm.fake_jsm import BOT_ACCOUNT_ID, TOKEN, FakeJsm, settings_for

MARKER = "carelayer_processed"


def build(fake: FakeJsm, url: str, **overrides: Any) -> JsmHelpdesk:
    return JsmHelpdesk(settings_for(url, **overrides), TOKEN, marker_tag=MARKER, sleep=fake.clock.sleep)


@pytest.fixture
def routed(fake: FakeJsm, fake_url: str, request: pytest.FixtureRequest) -> Iterator[JsmHelpdesk]:
    with build(fake, fake_url, jsm=request.param) as connector:
        yield connector


def test_fetch_maps_description_comments_and_fields(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Invoice", "I was billed twice.", labels=["vip"])
    fake.add_comment(key, "Internal: check the ledger.", public=False, author=BOT_ACCOUNT_ID)
    reporter = fake.issues[key]["reporter"]
    fake.add_comment(key, "Any news?", public=True, author=reporter)

    ticket = helpdesk.fetch_ticket(key)

    assert (ticket.id, ticket.subject, ticket.body) == (key, "Invoice", "I was billed twice.")
    assert [(c.id, c.body, c.public, c.author_id) for c in ticket.comments] == [
        ("description", "I was billed twice.", True, reporter),
        (fake.issues[key]["comments"][0]["id"], "Internal: check the ledger.", False, BOT_ACCOUNT_ID),
        (fake.issues[key]["comments"][1]["id"], "Any news?", True, reporter),
    ]
    assert ticket.requester is not None and ticket.requester.id == reporter
    assert (ticket.tags, ticket.priority, ticket.status, ticket.group) == (
        ("vip",),
        "normal",
        "waiting for support",
        "General enquiry",
    )
    assert ticket.created_at is not None and ticket.created_at.tzinfo is not None


def test_fetch_asks_for_public_and_internal_comments_and_follows_pages(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    fake.page_limit = 2
    key = fake.create_request("Many", "First.")
    for number in range(5):
        fake.add_comment(key, f"comment {number}", public=number % 2 == 0, author=BOT_ACCOUNT_ID)

    comments = helpdesk.fetch_ticket(key).comments

    assert [c.body for c in comments] == ["First.", *(f"comment {n}" for n in range(5))]
    pages = [s for s in fake.requests if s.path.endswith("/comment")]
    assert [(p.query["public"], p.query["internal"], p.query["start"]) for p in pages] == [
        ("true", "true", "0"),
        ("true", "true", "2"),
        ("true", "true", "4"),
    ]


def test_notes_and_replies_post_the_public_flag_and_add_the_marker(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Hours", "When are you open?", labels=["portal"])

    helpdesk.add_internal_note(key, "Draft.")
    helpdesk.add_public_reply(key, "8 to 5.")

    posted = [s.body for s in fake.writes() if s.method == "POST"]
    assert posted == [{"body": "Draft.", "public": False}, {"body": "8 to 5.", "public": True}]
    assert fake.issues[key]["labels"] == ["portal", MARKER]


def test_labels_are_added_never_replaced_and_spaces_become_underscores(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Refill", "I need a refill.", labels=["vip"])

    helpdesk.add_tags(key, ["carelayer prescriptions", "vip"])

    assert fake.issues[key]["labels"] == ["vip", "carelayer_prescriptions", MARKER]
    (edit,) = fake.writes()
    assert edit.body == {"update": {"labels": [{"add": "carelayer_prescriptions"}, {"add": "vip"}, {"add": MARKER}]}}
    assert "fields" not in edit.body


def test_no_tags_no_call(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Refill", "I need a refill.")

    helpdesk.add_tags(key, ["  ", ""])

    assert fake.writes() == []


def test_hand_off_is_one_edit_then_one_internal_note(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Chest pain", "Chest pain since this morning.")

    helpdesk.hand_off(key, Handoff(note="Red flag.", group="nurses", priority="urgent", tags=("carelayer_emergency",)))

    edit, note = fake.writes()
    nurses = next(i for i, n in fake.request_types.items() if n == "Nurses")
    assert (edit.method, edit.path) == ("PUT", f"/rest/api/3/issue/{key}")
    assert edit.body["fields"] == {"priority": {"name": "Highest"}, "customfield_10010": nurses}
    assert (note.method, note.body) == ("POST", {"body": "Red flag.", "public": False})
    assert (fake.issues[key]["priority"], fake.issues[key]["request_type"]) == ("Highest", nurses)


@pytest.mark.parametrize("routed", [{"route_by": "organization"}], indirect=True)
def test_hand_off_by_organization(fake: FakeJsm, routed: JsmHelpdesk) -> None:
    key = fake.create_request("Bill", "Question about my bill.")

    routed.hand_off(key, Handoff(note="Billing.", group="Billing"))

    billing = next(i for i, n in fake.organizations.items() if n == "Billing")
    assert fake.issues[key]["organizations"] == [billing]
    assert routed.fetch_ticket(key).group == "Billing"


@pytest.mark.parametrize("routed", [{"route_by": "group_field", "route_field": GROUP_FIELD}], indirect=True)
def test_hand_off_by_group_picker_field(fake: FakeJsm, routed: JsmHelpdesk) -> None:
    key = fake.create_request("Records", "Please send my records.")

    routed.hand_off(key, Handoff(note="Records team.", group="Front desk"))

    assert fake.issues[key]["group"] == "Front desk"
    assert routed.fetch_ticket(key).group == "Front desk"
    assert [s for s in fake.requests if "/servicedesk/" in s.path] == []  # a group needs no lookup


def test_group_field_route_needs_the_field(fake: FakeJsm, fake_url: str) -> None:
    with pytest.raises(ConfigError, match="route_field"):
        build(fake, fake_url, jsm={"route_by": "group_field"})


@pytest.mark.parametrize(
    ("handoff", "message"),
    [
        pytest.param(Handoff(note="why", group="Radiology"), "no request type named 'Radiology'", id="group"),
        pytest.param(Handoff(note="why", priority="critical"), "priority 'critical'", id="priority"),
        pytest.param(Handoff(note="  "), "empty comment", id="empty-note"),
    ],
)
def test_bad_handoff_writes_nothing(fake: FakeJsm, helpdesk: JsmHelpdesk, handoff: Handoff, message: str) -> None:
    key = fake.create_request("Question", "A question.")

    with pytest.raises(PermanentHelpdeskError, match=message):
        helpdesk.hand_off(key, handoff)

    assert fake.writes() == []


def test_set_status_uses_the_configured_transition(fake: FakeJsm, fake_url: str) -> None:
    key = fake.create_request("Done", "Thanks!")
    with build(fake, fake_url, jsm={"transitions": {"solved": "Resolve this issue"}}) as helpdesk:
        helpdesk.set_status(key, "solved")
        assert helpdesk.fetch_ticket(key).status == "resolved"
    assert [s.body for s in fake.writes() if s.path.endswith("/transitions")] == [{"transition": {"id": "51"}}]


def test_unknown_status_names_the_available_transitions(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Status", "Any news?")

    with pytest.raises(PermanentHelpdeskError, match=r"no transition to 'archived'.*Resolve this issue"):
        helpdesk.set_status(key, "archived")
    assert fake.writes() == []  # the transition is found before the marker label is added


def test_status_after_handoff_from_settings(fake: FakeJsm, fake_url: str) -> None:
    key = fake.create_request("Question", "A question.")
    with build(fake, fake_url, set_status="in progress") as helpdesk:
        helpdesk.hand_off(key, Handoff(note="Routing."))

    assert fake.issues[key]["status"] == "In Progress"


def test_429_waits_retry_after_then_succeeds(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Busy", "Hello?")
    fake.fail_next(429, headers={"Retry-After": "7"}, method="POST")

    helpdesk.add_public_reply(key, "Hi.")

    assert fake.clock.sleeps == [7.0]
    assert [c["body"] for c in fake.issues[key]["comments"]] == ["Hi."]


def test_5xx_is_retried_with_backoff(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Flaky", "Hello?")
    fake.fail_next(503, times=2, method="GET")

    assert helpdesk.fetch_ticket(key).subject == "Flaky"
    assert len(fake.clock.sleeps) == 2 and all(0 <= s <= 2 for s in fake.clock.sleeps)


def test_retries_run_out_as_a_retryable_error(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    fake.fail_next(502, times=4, method="GET")

    with pytest.raises(RetryableHelpdeskError, match="still failing after 4 attempts"):
        helpdesk.fetch_ticket("CL-1")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_other_statuses_are_not_retried(fake: FakeJsm, helpdesk: JsmHelpdesk, status: int) -> None:
    key = fake.create_request("Once", "Hello?")
    fake.fail_next(status, method="PUT")

    with pytest.raises(PermanentHelpdeskError, match=f"answered {status}"):
        helpdesk.add_tags(key, ["x"])

    assert fake.clock.sleeps == [] and len(fake.writes()) == 1


def test_connection_errors_are_retried(fake: FakeJsm) -> None:
    from tests.prism import free_port

    with (
        build(fake, f"http://127.0.0.1:{free_port()}", max_retries=2) as helpdesk,
        pytest.raises(RetryableHelpdeskError, match="cannot reach"),
    ):
        helpdesk.fetch_ticket("CL-1")
    assert len(fake.clock.sleeps) == 2


def test_wrong_token_is_a_permanent_error_with_a_hint(fake: FakeJsm, fake_url: str) -> None:
    with (
        JsmHelpdesk(settings_for(fake_url), "wrong", marker_tag=MARKER, sleep=fake.clock.sleep) as helpdesk,
        pytest.raises(PermanentHelpdeskError, match=r"401.*API token"),
    ):
        helpdesk.fetch_ticket("CL-1")


def test_not_a_key_is_refused_without_a_call(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    with pytest.raises(PermanentHelpdeskError, match="not a Jira issue key"):
        helpdesk.add_internal_note("../admin", "x")
    assert fake.requests == []


def test_retry_after_is_capped_by_max_retry_wait(fake: FakeJsm, helpdesk: JsmHelpdesk) -> None:
    key = fake.create_request("Busy", "Hello?")
    fake.fail_next(429, headers={"Retry-After": "86400"}, method="GET")

    helpdesk.fetch_ticket(key)

    assert fake.clock.sleeps == [60.0]


class TimingOutWrites(requests.Session):
    """A real session whose writes time out after being sent: the outcome of the write is unknown."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        if str(method) != "GET":
            self.writes += 1
            raise requests.ReadTimeout("read timed out")
        return super().request(method, url, *args, **kwargs)


def test_a_write_that_timed_out_is_not_resent(fake: FakeJsm, fake_url: str) -> None:
    key = fake.create_request("Slow", "Hello?")
    session = TimingOutWrites()
    helpdesk = JsmHelpdesk(settings_for(fake_url), TOKEN, marker_tag=MARKER, session=session, sleep=fake.clock.sleep)

    with pytest.raises(RetryableHelpdeskError, match="not resent"):
        helpdesk.add_public_reply(key, "Hi.")

    assert session.writes == 1 and fake.clock.sleeps == []


def test_unknown_status_after_handoff_writes_nothing(fake: FakeJsm, fake_url: str) -> None:
    key = fake.create_request("Question", "A question.")
    with build(fake, fake_url, set_status="archived") as helpdesk, pytest.raises(PermanentHelpdeskError):
        helpdesk.hand_off(key, Handoff(note="Routing.", group="Billing"))

    assert fake.writes() == []
