"""Refill requests: a Task (or a MedicationRequest proposal) for the care team, for a medicine on the
patient's active list. Controlled substances, and anything not on the list, go to a human.

The controlled list is a floor (US DEA schedule II-V ingredients most often refilled); clinics add their
own with ``actions.controlled_extra``. A refill request is a request: nothing is prescribed here.
"""

from __future__ import annotations

from actions import intents
from actions.steps import Context, Outcome, ask_confirmation
from actions.types import Medicine

CONTROLLED = (
    "oxycodone", "hydrocodone", "morphine", "fentanyl", "hydromorphone", "oxymorphone", "methadone", "codeine",
    "tramadol", "tapentadol", "buprenorphine", "alprazolam", "lorazepam", "diazepam", "clonazepam", "temazepam",
    "zolpidem", "eszopiclone", "amphetamine", "dextroamphetamine", "lisdexamfetamine", "methylphenidate",
    "dexmethylphenidate", "modafinil", "armodafinil", "pregabalin", "carisoprodol", "phenobarbital",
    "testosterone", "ketamine", "adderall", "xanax", "ritalin", "vyvanse", "percocet", "vicodin", "ambien",
)  # fmt: skip


def start(ctx: Context) -> Outcome:
    """A confirmation for the one refillable medicine the message names; anything else goes to a human."""
    controlled = (*CONTROLLED, *(c.lower() for c in ctx.settings.controlled_extra))
    if intents.mentioned(ctx.text, controlled):
        return Outcome("handoff", "", "refill of a controlled substance: the care team decides")
    medicines = ctx.gateway.active_medicines(ctx.patient_id)
    named = [m for m in medicines if intents.mentioned(ctx.text, {_ingredient(m)})]
    if any(_is_controlled(m, controlled) for m in named):
        return Outcome("handoff", "", "refill of a controlled substance: the care team decides")
    if len(named) != 1:
        # Not on the active list (or not named, or several): a human reads what was asked.
        return Outcome("handoff", "", f"refill names {len(named)} medicine(s) of the active list, not exactly one")
    medicine = named[0]
    return ask_confirmation(
        "offered refill",
        f"Send a refill request for {medicine.name} to your care team?",
        request_id=medicine.request_id,
    )


def execute(ctx: Context) -> Outcome:
    """The request for the care team, created once per conversation key."""
    medicine = next(
        (m for m in ctx.gateway.active_medicines(ctx.patient_id) if m.request_id == ctx.data["request_id"]), None
    )
    if medicine is None:
        return Outcome("handoff", "", "the medicine left the active list before the refill was confirmed")
    ref = ctx.gateway.request_refill(
        patient_id=ctx.patient_id, medicine=medicine, kind=ctx.settings.refill_as, key=ctx.key
    )
    text = (
        f"Your refill request for {medicine.name} is with your care team. They review each request "
        "and will let you or your pharmacy know."
    )
    return Outcome("reply", text, "refill requested", refs=(ref, f"MedicationRequest/{medicine.request_id}"))


def _ingredient(medicine: Medicine) -> str:
    """The first word of the medicine's name ('Lisinopril 10 mg tablet' -> 'lisinopril')."""
    return medicine.name.split()[0].lower() if medicine.name.split() else ""


def _is_controlled(medicine: Medicine, controlled: tuple[str, ...]) -> bool:
    return bool(intents.mentioned(medicine.name, controlled))
