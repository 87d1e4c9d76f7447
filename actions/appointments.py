"""Appointments: list, book, reschedule (book the new slot, then cancel the old one) and cancel.

Every write waits for an explicit YES; the cancellation policy quoted comes from the clinic's knowledge
base. A reschedule is all-or-nothing for the patient: if the old visit cannot be cancelled, the new one is
cancelled again and the ticket goes to a human.
"""

from __future__ import annotations

from actions import intents
from actions.intents import BOOK, CANCEL, LIST, RESCHEDULE
from actions.steps import Context, Outcome, ask_confirmation, offer
from actions.types import SlotOption, Visit
from carelayer.errors import FhirError

CANCEL_REASON = "Cancelled by the patient through patient support"


def start(action: str, ctx: Context) -> Outcome:
    """The first step after identity: what the patient can choose or confirm."""
    if action == BOOK:
        return _offer_slots(ctx, ctx.data.get("specialty"), intro="These times are free:")
    visits = ctx.gateway.upcoming_visits(ctx.patient_id, ctx.now)
    if not visits:
        return Outcome("handoff", "", "no upcoming appointment on the patient's record")
    if action == LIST:
        lines = ["Your upcoming appointments:", *(f"- {_visit_label(ctx, v)}" for v in visits)]
        refs = tuple(f"Appointment/{v.appointment_id}" for v in visits)
        return Outcome("reply", "\n".join(lines), "listed", refs=refs)
    if len(visits) == 1:
        return _after_visit(action, ctx, visits[0])
    options = [(v.appointment_id, _visit_label(ctx, v)) for v in visits[: ctx.settings.max_options]]
    verb = "cancel" if action == CANCEL else "move"
    return offer("offered visits", f"Which appointment would you like to {verb}?", options, purpose="visit")


def chosen(action: str, ctx: Context, option: dict[str, str]) -> Outcome:
    """The patient picked an option: a visit (then slots or a confirmation) or a slot (then a confirmation)."""
    if ctx.data.get("purpose") == "visit":
        visits = {v.appointment_id: v for v in ctx.gateway.upcoming_visits(ctx.patient_id, ctx.now)}
        visit = visits.get(option["id"])
        if visit is None:
            return Outcome("handoff", "", "the chosen appointment is no longer upcoming")
        return _after_visit(action, ctx, visit)
    old = ctx.data.get("old_label")
    question = f"Move your appointment from {old} to {option['label']}?" if old else f"Book {option['label']}?"
    return ask_confirmation("chose slot", question, slot_id=option["id"], slot_label=option["label"])


def execute(action: str, ctx: Context) -> Outcome:
    """The confirmed write, once per conversation key (a retry finds what the first attempt created)."""
    if action == CANCEL:
        ctx.gateway.cancel(str(ctx.data["appointment_id"]), reason=CANCEL_REASON)
        text = f"Your appointment on {ctx.data['visit_label']} is cancelled."
        return Outcome("reply", text, "cancelled", refs=(f"Appointment/{ctx.data['appointment_id']}",))
    try:
        booked = ctx.gateway.book(slot_id=str(ctx.data["slot_id"]), patient_id=ctx.patient_id, key=ctx.key)
    except FhirError:
        return ctx_slot_gone(ctx)
    refs = (f"Appointment/{booked}", f"Slot/{ctx.data['slot_id']}")
    if action == RESCHEDULE:
        old = str(ctx.data["appointment_id"])
        try:
            ctx.gateway.cancel(old, reason="Rescheduled by the patient through patient support")
        except FhirError:
            ctx.gateway.cancel(booked, reason="Reschedule rolled back: the earlier visit could not be cancelled")
            return Outcome("handoff", "", "reschedule rolled back: the earlier visit could not be cancelled", refs=refs)
        text = f"Done: your appointment is moved to {ctx.data['slot_label']}. The earlier time is cancelled."
        return Outcome("reply", text, "rescheduled", refs=(*refs, f"Appointment/{old}"))
    return Outcome("reply", f"Done: you are booked for {ctx.data['slot_label']}.", "booked", refs=refs)


def ctx_slot_gone(ctx: Context) -> Outcome:
    """The chosen slot was taken meanwhile: offer fresh times instead of failing."""
    actors = [str(a) for a in ctx.data.get("actors", ())]
    intro = "Sorry, that time was just taken. These times are still free:"
    return _offer_slots(ctx, ctx.data.get("specialty"), intro=intro, actors=actors)


def _after_visit(action: str, ctx: Context, visit: Visit) -> Outcome:
    label = _visit_label(ctx, visit)
    if action == CANCEL:
        policy = ctx.policy()
        quoted = f"\n\nOur cancellation policy: {policy}" if policy else ""
        return ask_confirmation(
            "offered cancellation",
            f"Cancel your appointment on {label}?{quoted}",
            appointment_id=visit.appointment_id,
            visit_label=label,
        )
    actors = [visit.practitioner_ref] if visit.practitioner_ref else []
    data = {"appointment_id": visit.appointment_id, "old_label": label, "visit_label": label}
    return _offer_slots(ctx, None, intro=f"Free times to replace your appointment on {label}:", actors=actors, **data)


def _offer_slots(
    ctx: Context, specialty: object, *, intro: str, actors: list[str] | None = None, **data: object
) -> Outcome:
    wanted = actors if actors else ctx.gateway.practitioners_for(str(specialty) if specialty else None)
    slots = ctx.gateway.free_slots(actors=wanted, start=ctx.now, end=ctx.horizon, limit=ctx.settings.max_options)
    if not slots:
        return Outcome("handoff", "", f"no free slot in the next {ctx.settings.slot_days} days")
    options = [(s.slot_id, _slot_label(ctx, s)) for s in slots]
    return offer("offered slots", intro, options, purpose="slot", actors=actors or [], **data)


def _slot_label(ctx: Context, slot: SlotOption) -> str:
    where = f" at {slot.location}" if slot.location else ""
    return f"{intents.when(slot.start, ctx.zone)} with {slot.practitioner}{where}"


def _visit_label(ctx: Context, visit: Visit) -> str:
    return f"{intents.when(visit.start, ctx.zone)} with {visit.practitioner}"
