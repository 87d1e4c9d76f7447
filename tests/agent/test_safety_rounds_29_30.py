"""Readings of the safety screen with a rule of their own, added after blind probe rounds 25-30 (the table-driven cases
are in ``tests/agent/safety_cases_session8.py``)."""

from __future__ import annotations

from agent.safety import Risk, screen


def test_a_non_fading_rash_alone_goes_to_a_nurse_and_escalates_with_fever_or_a_stiff_neck() -> None:
    rash = "spots on her belly that don't go when you press a glass on them"
    assert screen("", rash).risk is Risk.CLINICAL
    assert screen("", rash + ", and she has a fever and a stiff neck").risk is Risk.EMERGENCY


def test_drooling_is_not_repaired_into_drooping() -> None:
    # the spelling repair once read "his mouth is drooling" (a teething baby) as a drooping mouth
    assert screen("", "baby is teething and his mouth is drooling all day").risk is not Risk.EMERGENCY


def test_a_message_of_a_line_or_two_is_about_its_writer() -> None:
    assert screen("", "cough 3 wk no fever").risk is Risk.CLINICAL
    assert screen("", "chest xray results in yet?").risk is Risk.NONE
