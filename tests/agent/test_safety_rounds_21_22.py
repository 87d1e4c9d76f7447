"""Readings of the safety screen with a rule of their own, added after blind probe rounds 21-24 (the table-driven cases
are in ``tests/agent/safety_cases_session8.py``)."""

from __future__ import annotations

from agent.safety import Risk, screen
from agent.safety_foreign import foreign_red_flags


def test_back_in_dates_an_event_only_when_a_time_follows() -> None:
    assert screen("", "fell on my back in the yard, can not feel or move my legs").risk is Risk.EMERGENCY
    assert screen("", "had a seizure back in 2019, need the records for my new doctor").risk is Risk.NONE


def test_a_red_flag_told_as_history_returns_when_the_same_thing_happens_again() -> None:
    assert screen("", "He had a seizure last March. Today the same thing is back, he is shaking").risk is Risk.EMERGENCY
    assert screen("", "He had a seizure last March and recovered, need the records").risk is Risk.NONE


def test_a_combination_finds_distinct_parts_in_any_order() -> None:
    # the stiff neck comes first and could fill either group; the headache must still be paired with it
    text = "my neck is getting stiff and I have the worst headache, vomiting too"
    assert "meningitis" in screen("", text).signals


def test_hinglish_and_tagalog_red_flags() -> None:
    assert "hi: meningitis or sepsis signs" in foreign_red_flags("beta ki gardan mein bahut akad hai aur bukhar")
    assert "tl: trouble breathing" in foreign_red_flags("hirap huminga si lola")
