"""The safety screen after blind probe rounds 19-30: what a red flag is about (a talk, a class, a past visit's
reason, an episode told as over, a death), and the presentations and questions those rounds found missing. The
cases are in ``tests/agent/safety_cases_session8.py``; the readings with a rule of their own are tested here and
in ``test_safety_rounds_21_22.py`` and ``test_safety_rounds_29_30.py``.
"""

from __future__ import annotations

import pytest

from agent.safety import Risk, screen
from agent.safety_foreign import foreign_red_flags
from tests.agent.safety_cases_session8 import (
    CLINICAL,
    EMERGENCIES,
    FOREIGN,
    NOT_EMERGENCIES,
    ROUTINE,
    STILL_EMERGENCIES,
)


@pytest.mark.parametrize(("text", "signal"), EMERGENCIES)
def test_emergencies_of_rounds_19_30_are_caught(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.EMERGENCY, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_questions_of_rounds_19_30_go_to_a_nurse(text: str) -> None:
    assert screen("", text).risk is Risk.CLINICAL


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_topics_past_visits_episodes_told_as_over_and_deaths_are_not_emergencies(text: str) -> None:
    assert screen("", text).risk is not Risk.EMERGENCY


@pytest.mark.parametrize("text", ROUTINE)
def test_administrative_requests_stay_routine(text: str) -> None:
    assert screen("", text).risk is Risk.NONE


@pytest.mark.parametrize("text", STILL_EMERGENCIES)
def test_a_frame_never_clears_a_current_emergency(text: str) -> None:
    assert screen("", text).risk is Risk.EMERGENCY


@pytest.mark.parametrize(("text", "flag"), FOREIGN)
def test_more_languages_have_red_flags(text: str, flag: str) -> None:
    assert flag in foreign_red_flags(text)


def test_a_frame_carries_along_a_list_but_stops_at_a_person() -> None:
    listed = screen("", "the scout talk will be about stroke signs, choking and bleeding control")
    assert listed.risk is not Risk.EMERGENCY
    assert screen("", "the scout talk was about stroke signs and then my dad was choking").risk is Risk.EMERGENCY


def test_a_farewell_is_read_even_when_the_writer_lives_in_another_state() -> None:
    text = "I'm in another state. My brother texted: I love you, tell mom I'm sorry, take care of Rex for me."
    assert screen("", text).risk is Risk.EMERGENCY
    moving = "We are moving to another state, thank you for everything over the years, goodbye to everyone!"
    assert screen("", moving).risk is not Risk.EMERGENCY
