"""The safety screen on a lesion a clinician took off, and on what a patient told a clinician at a past visit.

Both are administrative readings that only set a mention aside: what the site or the patient does now is still read
on its own, and an emergency told about is still an emergency. Wordings written for this file.
"""

from __future__ import annotations

import pytest

from agent.safety import Risk, screen

# A lesion removed or biopsied is a procedure; the ticket is about results, forms or bills.
PROCEDURES = [
    "Dr. Brooks removed a spot on my shoulder on Tuesday. When will the biopsy be in the portal?",
    "the dermatologist froze off two warts last month, do I owe a copay for that visit?",
    "I had a small mole on my back removed in March, can you send the pathology report to my new doctor",
    "She excised a cyst from my wrist and I need a work note for the two days off",
    "had a skin tag taken off at Northgate, the bill says it was cosmetic, is that right?",
]

# What the site does now is current, even next to the procedure.
STILL_CLINICAL = [
    "Dr. Brooks removed a mole on my arm yesterday and the site is bleeding through the dressing",
    "they cut out a cyst on friday and now my whole hand is swollen and throbbing",
    "I have a new mole on my neck that keeps getting bigger and darker",
    "a lump came up under my arm last week and it hurts",
    "They froze a wart off my finger on Monday and now the area is red and oozing",
    "the site where they took the biopsy is swollen and warm to touch",
]

# A waiting or parking area is not a wound site.
NOT_A_SITE = [
    "the waiting area is so hot, please fix the AC",
    "the parking area was full again, where else can I park",
]

# What was told at a past visit is reported, not reported now (clinical mentions only).
TOLD_AT_A_VISIT = [
    "Dr. Hale was dismissive and did not listen when I explained my pain. I want a different doctor.",
    "the nurse rolled her eyes when I mentioned my rash, I would like to file a complaint",
    "I felt rushed when I described my headaches to Dr Lin. Is there another doctor at Eastside?",
]

STILL_CURRENT_AFTER_TELLING = [
    ("when I described my headaches she laughed. the headaches are getting worse now, what can I take?", Risk.CLINICAL),
    ("He ignored me when I told him about my chest pain", Risk.EMERGENCY),
    ("when I mentioned my chest pain they sent me home, it is crushing now and I am sweating", Risk.EMERGENCY),
]


@pytest.mark.parametrize("text", PROCEDURES)
def test_a_lesion_a_clinician_took_off_is_not_a_symptom(text: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE, verdict


@pytest.mark.parametrize("text", STILL_CLINICAL)
def test_what_a_lesion_or_its_site_does_now_still_goes_to_a_nurse(text: str) -> None:
    assert screen("", text).risk is not Risk.NONE


@pytest.mark.parametrize("text", NOT_A_SITE)
def test_an_area_of_the_building_is_not_a_wound_site(text: str) -> None:
    assert screen("", text).risk is Risk.NONE


@pytest.mark.parametrize("text", TOLD_AT_A_VISIT)
def test_a_symptom_told_at_a_past_visit_is_not_a_clinical_question(text: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE, verdict


@pytest.mark.parametrize(("text", "risk"), STILL_CURRENT_AFTER_TELLING)
def test_a_symptom_current_now_or_an_emergency_told_about_is_still_read(text: str, risk: Risk) -> None:
    assert screen("", text).risk is risk


def test_the_removed_lesion_is_set_aside_for_the_classifier() -> None:
    # Masked condition words join 'cleared', so the classifier does not read "spot" as a symptom either.
    verdict = screen("biopsy result timing", "Dr. Brooks removed a spot on my shoulder on Tuesday.")
    assert "spot" in verdict.cleared
