"""The clinical-safety screen: emergencies in everyday wording, clinical questions, admin look-alikes."""

from __future__ import annotations

import dataclasses

import pytest

from agent import safety, safety_fragments, safety_lexicon, safety_rules
from agent.safety import Risk, load_lexicon, normalise, screen
from tests.agent.safety_cases import (
    ADMINISTRATIVE,
    CLASS_CASES,
    CLINICAL,
    CONTEXT_CASES,
    EMERGENCIES,
)
from tests.agent.safety_cases_later import (
    GENERALISATION_ADMINISTRATIVE,
    GENERALISATION_CLASSES,
    GENERALISATION_CLINICAL,
    GENERALISATION_EMERGENCIES,
    NURSE_LINE_CASES,
    NURSE_LINE_GENERALISATION,
)


@pytest.mark.parametrize(("text", "signal"), EMERGENCIES + GENERALISATION_EMERGENCIES)
def test_emergency_red_flags_are_caught(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.EMERGENCY, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize(("text", "signal"), CLINICAL + GENERALISATION_CLINICAL)
def test_clinical_questions_go_to_a_nurse(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.CLINICAL, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize("text", ADMINISTRATIVE + GENERALISATION_ADMINISTRATIVE)
def test_administrative_look_alikes_do_not_fire(text: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE, verdict
    assert verdict.signals == ()


@pytest.mark.parametrize(
    ("text", "risk", "signal"), CLASS_CASES + GENERALISATION_CLASSES + NURSE_LINE_CASES + NURSE_LINE_GENERALISATION
)
def test_red_flag_classes_from_the_example_tickets(text: str, risk: Risk, signal: str | None) -> None:
    verdict = screen("", text)
    assert verdict.risk is risk, verdict
    if signal is not None:
        assert signal in verdict.signals, verdict
    if risk is Risk.NONE:
        assert verdict.signals == (), verdict


@pytest.mark.parametrize(("text", "risk"), CONTEXT_CASES)
def test_negation_history_and_recurrence(text: str, risk: Risk) -> None:
    assert screen("", text).risk is risk


def test_tables_are_large_enough() -> None:
    assert len(EMERGENCIES) >= 60
    assert len(CLINICAL) >= 30
    assert len(ADMINISTRATIVE) >= 40


def test_the_subject_alone_can_carry_the_emergency() -> None:
    verdict = screen("URGENT: can't breathe", "")
    assert verdict.risk is Risk.EMERGENCY
    assert verdict.signals == ("breathing",)


def test_an_admin_subject_does_not_hide_an_emergency_body() -> None:
    verdict = screen("Billing question", "Also my father's speech is slurred since lunch.")
    assert verdict.risk is Risk.EMERGENCY
    assert "stroke" in verdict.signals


def test_reasons_name_the_red_flag_and_quote_it_briefly() -> None:
    verdict = screen("", "I have crushing pain in my chest")
    assert verdict.reasons[0] == "emergency red flag: chest pain ('crushing pain in my chest')"
    long_ticket = "my chest is " + "really " * 5 + "hurting so much"
    assert all(len(reason) < 120 for reason in screen("", long_ticket).reasons)


def test_emergency_signals_come_before_clinical_ones() -> None:
    verdict = screen("", "I have a rash and I'm coughing up blood")
    assert verdict.risk is Risk.EMERGENCY
    assert verdict.signals[0] == "bleeding"
    assert "symptoms" in verdict.signals


def test_cancelled_red_flags_are_explained_for_the_audit_trail() -> None:
    assert screen("", "no shortness of breath").reasons == (
        "not counted: trouble breathing (negated: 'shortness of breath')",
    )
    assert any("history" in r for r in screen("", "I had a seizure in 2019, need the records").reasons)
    assert any("administrative" in r for r in screen("", "I got an invoice for my overdose").reasons)


def test_a_hypothetical_red_flag_is_clinical_not_emergency() -> None:
    verdict = screen("", "what should I do if I get chest pain after the procedure?")
    assert verdict.risk is Risk.CLINICAL
    assert "hypothetical" in verdict.reasons[0]


def test_empty_and_punctuation_only_tickets_are_none() -> None:
    assert screen("", "").risk is Risk.NONE
    assert screen(" ", "?!... ,,,").risk is Risk.NONE


def test_verdicts_are_frozen_and_deterministic() -> None:
    first = screen("Re: help", "my chest hurts and my left arm is numb")
    assert first == screen("Re: help", "my chest hurts and my left arm is numb")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.risk = Risk.NONE  # type: ignore[misc]


def test_a_red_flag_at_the_end_of_a_long_ticket_is_found() -> None:
    filler = "Please update my billing address and send the invoice again. " * 800
    verdict = screen("", filler + "Also I can't breathe.")
    assert verdict.risk is Risk.EMERGENCY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chest PIAN!", ["chest pain"]),
        ("I can’t breathe", ["i can not breathe"]),
        ("cant breath. cheast hurts", ["can not breath", "chest hurts"]),
        ("suicidel thoughts", ["suicidal thoughts"]),
        ("tuvo una convulsión", ["tuvo una convulsion"]),
        ("my mom's bill, he's fine", ["my mom bill , he is fine"]),
        ("fever of 101.5; temp 38.9", ["fever of 101.5", "temp 38.9"]),
        # real words near a key word are never "repaired"
        (
            "selling my house, breaking news, chess club, paint",
            ["selling my house , breaking news , chess club , paint"],
        ),
        # typed one word per line: one text; a list of short symptom lines keeps a sentence per line
        ("Please\ncall\nmy\nwife\nshe\ncant\nbreathe", ["please call my wife she can not breathe"]),
        (
            "Chest pain\nSweating\nNo fever\nDizzy\nLeft arm numb\nHelp",
            ["chest pain", "sweating", "no fever", "dizzy", "left arm numb", "help"],
        ),
    ],
)
def test_normalise(text: str, expected: list[str]) -> None:
    assert normalise(text) == expected


def test_the_lexicon_loads_and_every_combination_names_real_concepts() -> None:
    concepts, combos = load_lexicon()
    names = {c.name for c in concepts}
    assert len(names) == len(concepts)
    for combo in combos:
        for group in (*combo.needs, combo.unless):
            assert group <= names, (combo.signal, group - names)
    assert {c.signal for c in concepts if c.level == safety.Level.EMERGENCY} >= {
        "chest_pain",
        "breathing",
        "stroke",
        "suicidal",
        "overdose",
        "bleeding",
        "anaphylaxis",
        "seizure",
        "unconscious",
    }


def test_fuzzy_guard_words_are_real_words_near_targets() -> None:
    assert not safety_rules.FUZZY_GUARD & safety_rules.FUZZY_TARGETS
    assert normalise("selling") == ["selling"]


def test_a_malformed_lexicon_header_refuses_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety_lexicon, "LEXICON", "\n== broken header without level\nchest")
    with pytest.raises(ValueError, match="bad lexicon header"):
        load_lexicon()


def test_a_combination_naming_an_unknown_concept_refuses_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two names run together across a line break ("fw_reunionfw_unreachable") once made a combo silently inert.
    monkeypatch.setattr(safety_rules, "COMBINATIONS", '\n== twin: emergency x "x" combo\nfever\n& chest_painbreathing')
    with pytest.raises(ValueError, match="unknown concepts: \\['chest_painbreathing'\\]"):
        load_lexicon()


def test_a_combination_may_break_its_names_over_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety_rules, "COMBINATIONS", '\n== pair: emergency x "x" combo\nfever\nheadache\n& stiff_neck')
    combo = next(c for c in load_lexicon()[1] if c.label == "x")
    assert combo.needs == (frozenset({"fever", "headache"}), frozenset({"stiff_neck"}))


def test_lexicon_macros_expand_inside_each_other_and_refuse_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    concepts, _ = load_lexicon()
    assert not any("{DOSE}" in c.pattern or "{MED}" in c.pattern for c in concepts)
    monkeypatch.setattr(safety_fragments, "MACROS", {"A": "x{B}", "B": "y{A}"})
    monkeypatch.setattr(safety_lexicon, "LEXICON", '\n== loop: clinical loop "loop"\n{A}')
    with pytest.raises(ValueError, match="cycle"):
        load_lexicon()
