"""Sending end to end: the FHIR discharge cohort -> the sandbox helpdesk, with the injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from carelayer.errors import RetryableHelpdeskError
from connectors.base import OutboundMessage
from connectors.sandbox.connector import SandboxHelpdesk
from outreach.store import OutreachStore
from tests.actions import clinic
from tests.outreach import cohort
from tests.outreach.conftest import OutreachWorld, campaign

DAY2_EMAILS = (clinic.JANE["email"], clinic.OMAR["email"], cohort.LEE["email"])


def test_the_cohort_gets_its_day_2_message_once_even_when_the_scheduler_runs_twice(world: OutreachWorld) -> None:
    first = world.run()["post-discharge"]
    assert (first.sent, first.unreachable, first.missed) == (4, 1, 1)  # 3 day-2, Kim's day 7; no email; missed day 2
    for email in DAY2_EMAILS:
        assert len(world.tickets_for(email)) == 1, email
    assert len(world.tickets_for(clinic.SHARED_EMAIL)) == 1  # the parent's day 7; the child is not due yet

    again = world.run()["post-discharge"]
    assert (again.sent, again.already_sent) == (0, 4)
    restarted = world.rebuild().run_due()  # another process, same store: still nothing new
    assert [r.sent for r in restarted] == [0]
    assert len(world.helpdesk.list_tickets()) == 4


def test_the_message_is_the_clinics_template_with_the_first_name_only(world: OutreachWorld) -> None:
    world.run()
    (ticket_id,) = world.tickets_for(clinic.JANE["email"])
    ticket = world.helpdesk.fetch_ticket(ticket_id)
    (message,) = ticket.comments
    assert message.public and message.author_id == "carelayer"
    assert message.body.startswith("Hello Jane, this is Main Street Clinic. How are you feeling since you went home?")
    assert "Reply STOP" in message.body
    assert "Doe" not in message.body and clinic.JANE["dob"] not in message.body
    assert ticket.subject == "Checking in after your stay"
    assert ticket.status == "pending"
    assert {"carelayer", "carelayer_campaign", "carelayer_campaign_post-discharge"} <= set(ticket.tags)


def test_the_next_step_goes_out_on_its_day(world: OutreachWorld) -> None:
    world.run()
    world.clock.advance(days=5)  # Saturday 9 March: Jane, Omar and Lee reach day 7
    later = world.run()["post-discharge"]
    assert later.sent == 3
    assert later.missed == 1  # the child's day 2 was due Tuesday: too late now, never sent late
    assert len(world.tickets_for(clinic.JANE["email"])) == 2


def test_quiet_hours_delay_a_send_to_the_next_allowed_window(world: OutreachWorld) -> None:
    world.clock.now = cohort.EVENING  # 21:00 in Chicago
    quiet = world.run()["post-discharge"]
    assert (quiet.sent, quiet.deferred_quiet_hours) == (0, 4)
    assert quiet.next_window == datetime.fromisoformat("2030-03-05T08:00:00-06:00")
    assert world.helpdesk.list_tickets() == []

    world.clock.now = datetime.fromisoformat("2030-03-05T07:59:00-06:00")
    assert world.run()["post-discharge"].sent == 0
    world.clock.now = datetime.fromisoformat("2030-03-05T08:00:00-06:00")
    opened = world.run()["post-discharge"]
    assert opened.sent == 5  # the four deferred (within catch_up_days) and the child's day 2, due today
    assert len(world.tickets_for(clinic.JANE["email"])) == 1


def test_the_frequency_cap_holds_a_second_campaign_until_the_cap_allows(
    make_outreach: Callable[..., OutreachWorld],
) -> None:
    reminder = campaign(
        name="medicines",
        steps=[
            {
                "day": 2,
                "subject": "Your medicines",
                "message": "Hi {{ first_name }}, any questions about your medicines?",
            }
        ],
    )
    world = make_outreach(campaign(), reminder)
    runs = world.run()
    assert runs["post-discharge"].sent == 4
    assert (runs["medicines"].sent, runs["medicines"].deferred_cap) == (0, 3)  # one message a day per patient
    assert len(world.tickets_for(clinic.JANE["email"])) == 1

    world.clock.advance(days=1)
    runs = world.run()
    assert runs["post-discharge"].sent == 1  # the child's day 2 (campaigns run in the order configured)
    assert (runs["medicines"].sent, runs["medicines"].deferred_cap) == (3, 1)  # a day later, within catch_up_days
    assert len(world.tickets_for(clinic.JANE["email"])) == 2


class _CrashAfterCreate:
    """A helpdesk whose answer is lost once: the ticket is created, then the call fails (a timeout)."""

    def __init__(self, inner: SandboxHelpdesk) -> None:
        self.inner, self.kind, self.marker_tag, self.crashed = inner, inner.kind, inner.marker_tag, 0

    def start_conversation(self, message: OutboundMessage) -> str:
        ticket = self.inner.start_conversation(message)
        if not self.crashed:
            self.crashed += 1
            raise RetryableHelpdeskError("timed out reading the answer")
        return ticket

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_a_send_whose_answer_was_lost_is_retried_without_a_second_message(world: OutreachWorld) -> None:
    flaky = world.rebuild({"sandbox": _CrashAfterCreate(world.helpdesk)})  # type: ignore[dict-item]
    first = flaky.run_now()[0]
    assert first.failed == 1 and first.sent == 3
    assert len(world.helpdesk.list_tickets()) == 4  # the lost answer's ticket exists

    world.clock.advance(minutes=5)  # the claim is fresh: its sender might still be working
    assert flaky.run_now()[0].sent == 0
    world.clock.advance(minutes=10)  # stale: retried with the same external id
    assert flaky.run_now()[0].sent == 1
    assert len(world.helpdesk.list_tickets()) == 4
    counts = OutreachStore(world.folder / "data" / "outreach.sqlite3").counts("post-discharge")
    assert (counts.sent, counts.delivered, counts.failed) == (4, 4, 0)
