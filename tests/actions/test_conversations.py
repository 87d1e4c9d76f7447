"""Patient actions end to end: sandbox helpdesk -> worker -> triage (safety screen) -> action desk -> the
Medplum FHIR router holding the synthetic clinic, and back into the ticket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.actions import clinic
from tests.actions.conftest import EMERGENCY_MESSAGE, World, make_world
from tests.actions.fhir_server.harness import FhirServer

JANE_DOB = clinic.JANE["dob"]


def jane_booked(world: World) -> list[str]:
    """Ids of Jane's booked appointments, as the EHR holds them."""
    found = world.search(f"Appointment?patient=Patient/{clinic.JANE['id']}&status=booked")
    return sorted(str(a["id"]) for a in found)


def slot_status(world: World, slot_id: str) -> str:
    return str(world.fhir.read(f"Slot/{slot_id}")["status"])


def test_booking_asks_identity_offers_slots_and_books_only_after_yes(world: World) -> None:
    ticket = world.ask("Appointment", "Hi, can I book an appointment with a dermatologist next week?")
    assert "date of birth" in world.last_public(ticket)
    assert "Reyes" not in world.last_public(ticket)  # nothing from the EHR before identity

    offered = world.reply(ticket, JANE_DOB)
    assert "1. Tuesday 5 March, 2:00 pm with Dr. Miguel Reyes at Main Street Clinic" in offered
    assert "2. Wednesday 6 March, 1:00 pm with Dr. Lena Kowalski at Northside Clinic" in offered
    assert "Reply 1, 2 or 3" in offered
    assert "Patel" not in offered  # family practice, not dermatology

    asked = world.reply(ticket, "1")
    assert "Book Tuesday 5 March, 2:00 pm with Dr. Miguel Reyes" in asked and "Reply YES" in asked
    assert jane_booked(world) == ["appt-jane-1"]  # a choice is not a confirmation
    assert slot_status(world, "slot-reyes-1") == "free"

    done = world.reply(ticket, "Yes please")
    assert "you are booked for Tuesday 5 March, 2:00 pm with Dr. Miguel Reyes" in done
    booked = [a for a in jane_booked(world) if a != "appt-jane-1"]
    assert len(booked) == 1
    appointment = world.fhir.read(f"Appointment/{booked[0]}")
    assert appointment["slot"] == [{"reference": "Slot/slot-reyes-1"}]
    assert slot_status(world, "slot-reyes-1") == "busy"
    steps = world.steps(ticket)
    assert steps[0] == "asked date of birth" and steps[-1] == "booked"
    assert "carelayer_action_appointments_book" in world.snapshot(ticket).tags


def test_a_redelivered_confirmation_books_once_and_writes_once(world: World) -> None:
    ticket = world.ask("Appointment", "I need to book an appointment with a dermatologist")
    world.reply(ticket, JANE_DOB)
    world.reply(ticket, "2")
    world.reply(ticket, "YES")
    comments = len(world.snapshot(ticket).comments)
    world.worker.handle(world.events[-1])  # the webhook delivered the "YES" again
    assert len(world.snapshot(ticket).comments) == comments
    assert len(jane_booked(world)) == 2
    assert slot_status(world, "slot-kowalski-1") == "busy"


def test_reschedule_books_the_new_time_then_cancels_the_old_one(world: World) -> None:
    ticket = world.ask("Visit", "I need to reschedule my appointment please")
    offered = world.reply(ticket, JANE_DOB)
    assert "Free times to replace your appointment on Thursday 7 March, 10:00 am with Dr. Asha Patel" in offered
    assert "1. Tuesday 5 March, 3:00 pm with Dr. Asha Patel" in offered
    assert "Reyes" not in offered  # the same clinician as the visit being moved
    asked = world.reply(ticket, "2")
    assert "Move your appointment from Thursday 7 March" in asked and "to Wednesday 6 March, 9:30 am" in asked
    assert world.fhir.read("Appointment/appt-jane-1")["status"] == "booked"

    done = world.reply(ticket, "confirm")
    assert "moved to Wednesday 6 March, 9:30 am" in done
    assert world.fhir.read("Appointment/appt-jane-1")["status"] == "cancelled"
    assert slot_status(world, "slot-patel-3") == "free"
    assert slot_status(world, "slot-patel-2") == "busy"
    assert len(jane_booked(world)) == 1 and jane_booked(world) != ["appt-jane-1"]


def test_cancel_quotes_the_policy_from_the_knowledge_base_and_cancels_on_yes(world: World) -> None:
    ticket = world.ask("Cancel", "Please cancel my appointment, I can't come.")
    asked = world.reply(ticket, "February 3, 1980")
    assert "Cancel your appointment on Thursday 7 March, 10:00 am with Dr. Asha Patel?" in asked
    assert "Our cancellation policy: Please cancel or reschedule at least 24 hours before" in asked
    assert world.fhir.read("Appointment/appt-jane-1")["status"] == "booked"

    done = world.reply(ticket, "yes")
    assert "is cancelled" in done
    assert world.fhir.read("Appointment/appt-jane-1")["status"] == "cancelled"
    assert slot_status(world, "slot-patel-3") == "free"


def test_directory_answers_in_plain_words_without_asking_identity(world: World) -> None:
    ticket = world.ask("Doctor", "Could you find a dermatologist who speaks Spanish and takes BlueCross?")
    answer = world.last_public(ticket)
    assert "Dr. Miguel Reyes, Dermatology, Main Street Clinic (Springfield)" in answer
    assert "speaks English, Spanish" in answer and "accepts BlueCross, Medicare" in answer
    assert "Kowalski" not in answer and "Patel" not in answer
    assert "date of birth" not in answer
    assert world.steps(ticket) == ["directory answered"]


def test_directory_filters_by_place(world: World) -> None:
    ticket = world.ask("Doctor", "Can you recommend any dermatologists in Shelbyville?")
    answer = world.last_public(ticket)
    assert "Dr. Lena Kowalski" in answer and "Reyes" not in answer


def test_refill_request_creates_a_task_for_a_medicine_on_the_active_list(world: World) -> None:
    ticket = world.ask("Refill", "Hello, I need a refill of my lisinopril please")
    asked = world.reply(ticket, JANE_DOB)
    assert "Send a refill request for Lisinopril 10 mg tablet to your care team?" in asked
    assert world.search("Task") == []
    done = world.reply(ticket, "yes")
    assert "refill request for Lisinopril 10 mg tablet is with your care team" in done
    tasks = world.search("Task")
    assert len(tasks) == 1
    assert tasks[0]["focus"]["reference"] == "MedicationRequest/med-jane-lisinopril"
    assert tasks[0]["for"] == {"reference": f"Patient/{clinic.JANE['id']}"}
    assert tasks[0]["status"] == "requested"


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("I need a refill of my oxycodone", "controlled substance"),
        ("Can I get a refill of my metformin?", "not exactly one"),  # stopped: not on the active list
    ],
)
def test_controlled_or_unlisted_refills_hand_off(world: World, message: str, reason: str) -> None:
    ticket = world.ask("Refill", message)
    world.reply(ticket, JANE_DOB)
    snapshot = world.snapshot(ticket)
    assert snapshot.group == "Pharmacy"
    assert reason in snapshot.notes[-1].body
    assert world.search("Task") == [] and world.search("MedicationRequest?intent=proposal") == []


def test_wrong_date_of_birth_hands_off_and_reveals_nothing(world: World) -> None:
    ticket = world.ask("Appointment", "I want to book an appointment")
    public_before = len(world.snapshot(ticket).public_comments)
    world.reply(ticket, "1980-02-04")
    snapshot = world.snapshot(ticket)
    assert snapshot.group == "Scheduling"
    assert len(snapshot.public_comments) == public_before + 1  # only the patient's own reply
    assert "identity not verified: date of birth does not match" in snapshot.notes[-1].body
    assert len(jane_booked(world)) == 1


def test_an_unknown_requester_gets_the_same_words_as_a_known_one(world: World) -> None:
    known = world.ask("Appointment", "I want to book an appointment")
    unknown = world.ask("Appointment", "I want to book an appointment", email="nobody@example.org")
    said = [world.last_public(t).split("carelayer ref:")[0] for t in (known, unknown)]
    assert said[0] == said[1] and "date of birth" in said[0]
    world.reply(unknown, JANE_DOB)
    assert world.snapshot(unknown).group == "Scheduling"
    assert "identity not verified: no patient" in world.snapshot(unknown).notes[-1].body


def test_two_patients_sharing_an_email_hand_off_even_with_a_correct_date_of_birth(world: World) -> None:
    ticket = world.ask("Appointment", "Please cancel my appointment", email=clinic.SHARED_EMAIL)
    world.reply(ticket, clinic.KIM_PARENT_DOB)
    snapshot = world.snapshot(ticket)
    assert snapshot.group == "Scheduling"
    assert "several patients share the requester's contact" in snapshot.notes[-1].body
    assert "Kim" not in "".join(c.body for c in snapshot.public_comments if c.author_id == "carelayer")


def test_a_confirmation_that_never_comes_expires_and_changes_nothing(world: World) -> None:
    ticket = world.ask("Appointment", "Can I book an appointment with a dermatologist?")
    world.reply(ticket, JANE_DOB)
    world.reply(ticket, "1")
    world.clock.advance(minutes=61)
    late = world.reply(ticket, "YES")
    assert "timed out, so nothing was changed" in late
    assert jane_booked(world) == ["appt-jane-1"]
    assert slot_status(world, "slot-reyes-1") == "free"
    assert "expired" in world.steps(ticket)
    assert world.actions.conversation("sandbox", ticket) is None


def test_chest_pain_in_a_reply_wins_over_the_pending_booking(world: World) -> None:
    ticket = world.ask("Appointment", "Can I book an appointment with a dermatologist?")
    world.reply(ticket, JANE_DOB)
    world.reply(ticket, "actually I have chest pain right now")
    snapshot = world.snapshot(ticket)
    assert snapshot.group == "Urgent Clinical" and snapshot.priority == "urgent"
    assert EMERGENCY_MESSAGE in snapshot.public_comments[-1].body
    assert world.steps(ticket)[-1] == "closed: safety screen wins"
    world.reply(ticket, "1")  # the old offer is gone: a number books nothing
    world.reply(ticket, "yes")
    assert jane_booked(world) == ["appt-jane-1"]


def test_an_emergency_in_the_first_message_never_starts_an_action(world: World) -> None:
    ticket = world.ask("Appointment", "I need to book an appointment, I can't breathe and my chest hurts")
    snapshot = world.snapshot(ticket)
    assert snapshot.group == "Urgent Clinical"
    assert world.steps(ticket) == []


def test_declining_stops_without_changes(world: World) -> None:
    ticket = world.ask("Cancel", "Please cancel my appointment")
    world.reply(ticket, JANE_DOB)
    assert "OK, nothing was changed." in world.reply(ticket, "No, keep it")
    assert world.actions.conversation("sandbox", ticket) is None
    assert world.fhir.read("Appointment/appt-jane-1")["status"] == "booked"


@pytest.fixture
def approval_world(clinic_server: FhirServer, tmp_path: Path) -> Iterator[World]:
    yield from make_world(clinic_server, tmp_path, risk={"refill.request": "needs_approval"})


def test_needs_approval_leaves_an_internal_note_and_touches_no_ehr(approval_world: World) -> None:
    ticket = approval_world.ask("Refill", "I need a refill of my lisinopril")
    snapshot = approval_world.snapshot(ticket)
    assert snapshot.public_comments[-1].author_id == "requester"  # nothing said to the patient
    assert "awaiting approval: refill.request" in snapshot.notes[-1].body
    assert approval_world.search("Task") == []
    assert approval_world.steps(ticket) == ["approval requested"]


def test_a_dry_run_worker_never_runs_an_action(clinic_server: FhirServer, tmp_path: Path) -> None:
    for world in make_world(clinic_server, tmp_path, dry_run=True):  # `carelayer process --dry-run`
        ticket = world.ask("Appointment", "Please cancel my appointment")
        assert world.snapshot(ticket).public_comments[-1].author_id == "requester"
        assert world.steps(ticket) == [] and world.actions.conversation("sandbox", ticket) is None


def test_times_are_told_in_the_clinics_time_zone(clinic_server: FhirServer, tmp_path: Path) -> None:
    for world in make_world(clinic_server, tmp_path, timezone="America/Chicago"):
        ticket = world.ask("Appointment", "Can I book an appointment with a dermatologist?")
        offered = world.reply(ticket, JANE_DOB)
        assert "1. Tuesday 5 March, 8:00 am with Dr. Miguel Reyes" in offered  # 14:00 UTC, CST before DST


def test_an_unreachable_ehr_hands_off_after_identity_is_asked(tmp_path: Path) -> None:
    down = FhirServer("http://127.0.0.1:9/fhir/R4", "http://127.0.0.1:9")  # nothing listens on port 9
    for world in make_world(down, tmp_path):
        ticket = world.ask("Appointment", "I need to cancel my appointment")
        world.reply(ticket, JANE_DOB)
        snapshot = world.snapshot(ticket)
        assert snapshot.group == "Scheduling"
        assert "the EHR could not complete the step" in snapshot.notes[-1].body


def test_listing_upcoming_appointments_is_a_read(world: World) -> None:
    ticket = world.ask("Visit", "When is my next appointment?")
    listed = world.reply(ticket, JANE_DOB)
    assert "- Thursday 7 March, 10:00 am with Dr. Asha Patel" in listed
    assert world.steps(ticket)[-1] == "verified; listed"


def test_matching_by_helpdesk_identifier(clinic_server: FhirServer, tmp_path: Path) -> None:
    for world in make_world(clinic_server, tmp_path, match_by="identifier", identifier_system=clinic.HELPDESK_SYSTEM):
        ticket = world.ask("Refill", "Refill please", email="someone@else.example", requester_id="req-omar")
        world.reply(ticket, clinic.OMAR["dob"])
        # Omar is verified (his list is empty, so the refill goes to the pharmacy team with that reason)
        assert "refill names 0 medicine(s)" in world.snapshot(ticket).notes[-1].body
        other = world.ask("Refill", "Refill please", requester_id="req-unknown")
        world.reply(other, clinic.OMAR["dob"])
        assert "identity not verified: no patient" in world.snapshot(other).notes[-1].body


def test_expired_steps_are_swept_keeping_only_a_marker(world: World) -> None:
    ticket = world.ask("Cancel", "Please cancel my appointment")
    world.reply(ticket, JANE_DOB)
    desk = world.desk
    assert desk.expire_due() == 0
    world.clock.advance(hours=2)
    assert desk.expire_due() == 1
    assert desk.expire_due() == 0  # once
    left = world.actions.conversation("sandbox", ticket)
    assert left is not None and left.data == {}  # no patient id, no offer kept
    assert "timed out" in world.reply(ticket, "yes")
    assert world.fhir.read("Appointment/appt-jane-1")["status"] == "booked"
    assert world.steps(ticket).count("expired") == 1


def test_without_a_date_of_birth_question_the_verified_email_alone_identifies(
    clinic_server: FhirServer, tmp_path: Path
) -> None:
    for world in make_world(clinic_server, tmp_path, ask_date_of_birth=False):
        ticket = world.ask("Appointment", "Can I book an appointment with a dermatologist?")
        assert "1. Tuesday 5 March, 2:00 pm with Dr. Miguel Reyes" in world.last_public(ticket)
        shared = world.ask("Appointment", "Can I book an appointment?", email=clinic.SHARED_EMAIL)
        assert world.snapshot(shared).group == "Scheduling"
