"""Replies to campaign messages, through the real worker and triage agent, in one processing cycle each."""

from __future__ import annotations

from outreach.store import OutreachStore
from tests.actions import clinic
from tests.actions.conftest import EMERGENCY_MESSAGE
from tests.outreach.conftest import OutreachWorld


def _jane(world: OutreachWorld) -> str:
    world.run()
    (ticket_id,) = world.tickets_for(clinic.JANE["email"])
    return ticket_id


def _store(world: OutreachWorld) -> OutreachStore:
    return OutreachStore(world.folder / "data" / "outreach.sqlite3")


def test_a_worrying_answer_is_escalated_to_the_clinical_team_in_the_same_cycle(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "The wound is red and hot since this morning.")
    assert (after.group, after.priority) == ("Nurse Triage", "high")
    assert {"carelayer_clinical", "carelayer_campaign_escalated", "carelayer_campaign"} <= after.tags
    (note,) = after.notes
    assert "wound redness or heat" in note.body
    assert [c.author_id for c in after.public_comments] == ["carelayer", "requester"]  # the AI never answers it


def test_an_emergency_answer_gets_the_clinics_emergency_message_and_the_urgent_group(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "I can't breathe properly")
    assert (after.group, after.priority) == ("Urgent Clinical", "urgent")
    assert EMERGENCY_MESSAGE in after.public_comments[-1].body
    assert "carelayer_campaign_escalated" in after.tags


def test_a_negated_warning_sign_is_routine(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "All good, no fever and the wound is not red. Thanks!")
    assert "carelayer_campaign_ok" in after.tags
    assert after.group is None and after.priority is None


def test_a_routine_answer_closes_the_loop_with_a_tag_only(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "All good, thanks!")
    assert "carelayer_campaign_ok" in after.tags
    assert after.notes == () and after.group is None
    assert [c.author_id for c in after.public_comments] == ["carelayer", "requester"]


def test_a_symptom_question_goes_to_the_nurse_like_any_ticket(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "Is it normal to feel this tired?")
    assert after.group == "Nurse Triage"
    assert "carelayer_campaign_escalated" in after.tags


def test_a_question_gets_the_usual_pipeline_decision(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "When is my follow-up appointment? I could not find the letter.")
    assert "carelayer_appointments" in after.tags  # the triage agent's own decision, tagged as a campaign reply
    assert "carelayer_campaign" in after.tags and "carelayer_campaign_escalated" not in after.tags
    assert "carelayer_campaign_ok" not in after.tags


def test_stop_ends_the_campaign_for_that_patient_and_is_remembered(world: OutreachWorld) -> None:
    ticket = _jane(world)
    after = world.reply(ticket, "STOP")
    assert "carelayer_campaign_opted_out" in after.tags
    assert "We will not send you these messages again" in after.public_comments[-1].body
    world.clock.advance(days=5)  # day 7 for Jane, Omar and Lee
    later = world.run()["post-discharge"]
    assert (later.sent, later.opted_out) == (2, 1)
    assert len(world.tickets_for(clinic.JANE["email"])) == 1
    assert world.rebuild().run_now()[0].sent == 0  # remembered across processes


def test_everyday_opt_out_wording_is_honoured(world: OutreachWorld) -> None:
    world.run()
    (ticket,) = world.tickets_for(clinic.OMAR["email"])
    world.reply(ticket, "Please don't contact me again about this.")
    assert _store(world).opted_out(clinic.OMAR["id"])


def test_a_redelivered_reply_is_counted_once_and_written_once(world: OutreachWorld) -> None:
    ticket = _jane(world)
    event = world.helpdesk.add_requester_comment(ticket, "STOP")
    world.worker.handle(event)
    world.worker.handle(event)
    assert len(world.helpdesk.snapshot(ticket).public_comments) == 3
    assert _store(world).counts("post-discharge").replied == 1


def test_the_report_counts_sends_replies_escalations_and_opt_outs(world: OutreachWorld) -> None:
    world.run()
    jane, omar, lee = (
        world.tickets_for(e)[0] for e in (clinic.JANE["email"], clinic.OMAR["email"], "sam.lee@example.org")
    )
    world.reply(jane, "all good thanks")
    world.reply(jane, "actually the incision is leaking and hot")
    world.reply(omar, "stop")
    world.reply(lee, "Where do I park for my follow-up visit?")
    counts = world.outreach.report()[0]
    assert counts.to_dict() == {
        "campaign": "post-discharge",
        "sent": 4,
        "delivered": 4,
        "failed": 0,
        "replied": 3,
        "escalated": 1,
        "opted_out": 1,
    }
    trail = _store(world).audit_trail("post-discharge")
    assert ("day2", clinic.JANE["id"], jane, "reply escalated") in trail
    assert all("incision" not in what for *_, what in trail)
