"""What the safety screen sets aside, how a subject follows its body, and the text later steps read.

Phrasings here were written for these tests, not taken from the example tickets.
"""

from __future__ import annotations

import pytest

from agent.classifier import OfflineClassifier
from agent.safety import Risk, screen
from agent.screened import screened_text, set_aside
from carelayer.settings import CategorySettings


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Please refill my Symbicort, I'm not short of breath at all, I just ran out.", "short of breath"),
        ("No chest pain, no fever. I only need a copy of my vaccine card.", "chest pain"),
        ("My wife had a stroke in 2019 and I need her records sent to the rehab place.", "stroke"),
    ],
)
def test_negated_and_dated_red_flags_are_set_aside(text: str, phrase: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE, verdict
    assert phrase in verdict.cleared


def test_a_red_flag_counted_anywhere_is_never_set_aside() -> None:
    verdict = screen("", "I had chest pain in 2020. Since this morning I have chest pain again and my arm aches.")
    assert verdict.risk is Risk.EMERGENCY
    assert "chest pain" not in verdict.cleared
    assert verdict.cleared == () or all(p not in ("chest pain", "pain") for p in verdict.cleared)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Could you fax the referral to the seizure clinic on Elm?", "seizure"),
        ("Does the overdose prevention class still meet on Thursdays?", "overdose"),
    ],
)
def test_a_condition_named_in_a_service_is_set_aside(text: str, phrase: str) -> None:
    # the screen masks "seizure clinic"; the classifier should read "the xref clinic", not "seizure"
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE
    assert phrase in verdict.cleared
    assert phrase not in screened_text(text).lower()


def test_a_masked_word_that_is_also_a_current_red_flag_is_kept() -> None:
    verdict = screen("", "At the stroke clinic now and my dad is having a stroke, his face is drooping")
    assert verdict.risk is Risk.EMERGENCY
    assert "stroke" not in verdict.cleared


def test_an_ordinary_ticket_sets_nothing_aside() -> None:
    assert screen("billing", "Why was I charged twice for my visit on Monday?").cleared == ()


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("new cardiologist after heart attack", "I had a heart attack in 2021. I'm well and want a new cardiologist."),
        ("stroke follow-up", "My husband had a stroke two years ago; please book his yearly check with neurology."),
        ("heart attack", "Can you send the records from my heart attack to my insurer?"),
    ],
)
def test_a_subject_takes_the_bodys_history_or_paperwork_judgment(subject: str, body: str) -> None:
    verdict = screen(subject, body)
    assert verdict.risk is Risk.NONE, verdict


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # the body tells of it as current
        ("heart attack?", "I had a heart attack in 2019 and I think I am having another one right now."),
        ("seizure", "My son had a seizure this morning and is very sleepy, can someone call me?"),
        ("seizure", "My daughter had a seizure yesterday at school, do we need to come in?"),
        # the subject has its own present cue
        ("chest pain again", "I had chest pain back in 2020 and they said it was nothing."),
        # the body does not mention it at all
        ("can't breathe", "please call me back"),
    ],
)
def test_a_subject_red_flag_still_escalates_unless_the_body_dates_it(subject: str, body: str) -> None:
    assert screen(subject, body).risk is Risk.EMERGENCY


def test_history_with_a_year_is_not_an_emergency_but_yesterday_is() -> None:
    assert screen("", "I had a seizure in 2015 and need a note for my driving licence.").risk is Risk.NONE
    assert screen("", "I had a seizure yesterday and I am still confused.").risk is Risk.EMERGENCY


@pytest.mark.parametrize(
    ("text", "phrases", "expected"),
    [
        ("I'm NOT short  of breath, just out of pills", ["short of breath"], "I'm NOT  , just out of pills"),
        ("Chest-pain? none. Need a refill", ["chest pain"], " ? none. Need a refill"),
        ("painless biopsy, no pain", ["pain"], "painless biopsy, no  "),
        ("nothing to remove here", ["stroke", ""], "nothing to remove here"),
    ],
)
def test_set_aside_removes_whole_words_only(text: str, phrases: list[str], expected: str) -> None:
    assert set_aside(text, phrases) == expected


def test_screened_text_keeps_current_red_flags() -> None:
    assert "short of breath" in screened_text("I am short of breath and dizzy right now")
    assert "short of breath" not in screened_text("I am not short of breath, I just need my inhaler refilled")


def test_negated_red_flags_do_not_push_the_classifier_to_emergency() -> None:
    categories = [
        CategorySettings(
            name="prescriptions",
            description="Refill requests; pharmacy questions",
            examples=("Please refill my inhaler", "I need more of my blood pressure pills sent to the pharmacy"),
        ),
        CategorySettings(
            name="emergency",
            description="Emergencies: trouble breathing, chest pain",
            examples=("I am short of breath and can't talk", "My chest hurts and I can't breathe"),
            mode="handoff",
        ),
    ]
    classifier = OfflineClassifier.train(categories, use_embeddings=False)
    text = "I am not short of breath, I just need my inhaler refilled"
    raw = classifier.classify("", text).scores["emergency"]
    screened = classifier.classify("", screened_text(text)).scores["emergency"]
    assert screened < raw
    assert classifier.classify("", screened_text(text)).category == "prescriptions"
