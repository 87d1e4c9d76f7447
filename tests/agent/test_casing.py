"""Shouted lines are lowercased for reading; ordinary text, acronyms and placeholders are kept."""

from __future__ import annotations

import pytest

from agent.casing import unshout


def test_a_shouted_line_is_lowercased_and_its_placeholders_kept() -> None:
    assert unshout("CALL ME AT [PHONE] ABOUT MY REFILL!!") == "call me at [PHONE] about my refill!!"


@pytest.mark.parametrize(
    "text",
    [
        "My MRI results from the ER are not in the portal",  # acronyms in an ordinary sentence
        "Need my HSA statement",
        "OK THX",  # too short to be shouting
        "[NAME] [DOB] [PHONE]",  # only placeholders
        "",
        "¿Dónde está la clínica?",
        "😀😀😀",
    ],
)
def test_ordinary_text_is_left_as_written(text: str) -> None:
    assert unshout(text) == text


def test_only_the_shouted_lines_of_a_ticket_change() -> None:
    text = "Hello Dr. Reyes,\nI HAVE ASKED THREE TIMES FOR THIS FORM\nThanks, Ann"
    assert unshout(text) == "Hello Dr. Reyes,\ni have asked three times for this form\nThanks, Ann"


def test_a_mostly_shouted_line_with_a_few_lowercase_words_counts_as_shouting() -> None:
    text = "WHY IS MY BILL SO HIGH THIS MONTH?? my copay is $20"
    assert unshout(text) == text.lower()
