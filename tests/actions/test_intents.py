"""Reading patients' messages: actions asked for, dates of birth, choices and explicit confirmations."""

from __future__ import annotations

from datetime import date

import pytest

from actions import intents

TODAY = date(2030, 3, 4)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Hi, I need to cancel my appointment on Thursday", intents.CANCEL),
        ("I can't make it to my visit tomorrow, please cancel", intents.CANCEL),
        ("Could I reschedule my appointment?", intents.RESCHEDULE),
        ("Can I move my visit to next week?", intents.RESCHEDULE),
        ("When is my next appointment?", intents.LIST),
        ("I'd like to book an appointment with a dermatologist", intents.BOOK),
        ("I need a refill of my lisinopril", intents.REFILL),
        ("Find a cardiologist who speaks Spanish", intents.DIRECTORY),
        ("What are your opening hours?", None),
    ],
)
def test_detect(text: str, action: str | None) -> None:
    found = intents.detect(text, intents.ACTIONS)
    assert (found.action if found else None) == action


def test_detect_only_among_enabled_actions() -> None:
    assert intents.detect("please cancel my appointment", [intents.BOOK]) is None


def test_specialty_codes() -> None:
    assert intents.specialty("a skin doctor please") == "394582007"
    assert intents.specialty("my heart doctor") == "394579002"
    assert intents.specialty("someone nice") is None


@pytest.mark.parametrize(
    "text", ["1980-02-03", "it's 02/03/1980", "Feb 3, 1980", "3rd February 1980", "born February 3rd, 1980"]
)
def test_date_of_birth_formats(text: str) -> None:
    assert intents.date_of_birth(text, today=TODAY) == date(1980, 2, 3)


@pytest.mark.parametrize("text", ["yes", "13/45/1980", "2031-01-01", "1899-12-31", "my birthday is in spring"])
def test_no_date_of_birth(text: str) -> None:
    assert intents.date_of_birth(text, today=TODAY) is None


def test_choices_and_confirmations() -> None:
    assert intents.choice("2", 3) == 2
    assert intents.choice("Option 1 please", 3) == 1
    assert intents.choice("4", 3) is None
    assert intents.choice("12 o'clock", 3) is None
    assert intents.confirms("Yes please") and intents.confirms("CONFIRM")
    assert not intents.confirms("1") and not intents.confirms("I guess yes") and not intents.confirms("")
    assert intents.declines("No, keep it") and intents.declines("never mind")
    assert not intents.declines("now is fine")


def test_mentioned_matches_whole_words_only() -> None:
    names = {"BlueCross", "Aetna", "Springfield", "English"}
    assert intents.mentioned("takes BlueCross near springfield", names) == {"BlueCross", "Springfield"}
    assert intents.mentioned("Englishman", names) == set()
