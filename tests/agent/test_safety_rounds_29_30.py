"""The safety screen after blind probe rounds 29-30 (a city hospital's inbox; British, Irish and Caribbean English),
in wordings other than the probes' own."""

from __future__ import annotations

import pytest

from agent.safety import Risk, screen
from agent.safety_foreign import foreign_red_flags

EMERGENCIES = [
    ("he's been shaking on the bathroom floor for 4 minutes", "seizure"),
    ("foaming at the mouth and jerking", "seizure"),
    ("retrosternal pressure radiating to the left arm, with diaphoresis", "chest_pain"),
    ("the pills I saved are lined up on the bed", "suicidal"),
    ("my 3 yr old had grandad's pill box open and the slots for the week are empty", "overdose"),
    ("she got into the dosette box and is very drowsy", "overdose"),
    ("a high squeaky noise when he breathes in and he can't swallow his spit", "breathing"),
    ("drooling and sitting leaned forward to breathe", "breathing"),
    ("numb around my bottom and I wet myself without feeling it", "spinal"),
    ("feverish and purple spots on his legs, they don't fade", "meningitis"),
    ("spots on her belly that don't go when you press a glass on them", "symptoms"),
    ("he took a whack from a hurley, was out cold, now keeps asking the same thing", "head_injury"),
    ("took something a bloke gave me, heart going mental", "overdose"),
]

FOREIGN = [
    ("Ele está tremendo sem parar e não responde", "pt: seizure"),
    ("Colegul meu nu mai poate respira", "ro: trouble breathing"),
    ("Kolega nie odpowiada i dziwnie oddycha", "pl: unconscious"),
]


@pytest.mark.parametrize(("text", "signal"), EMERGENCIES)
def test_round_29_30_emergencies_are_caught(text: str, signal: str) -> None:
    verdict = screen("", text)
    if signal == "symptoms":  # a non-fading rash alone goes to a nurse; with a fever or a stiff neck it escalates
        assert verdict.risk is Risk.CLINICAL, verdict
        assert screen("", text + ", and she has a fever and a stiff neck").risk is Risk.EMERGENCY
        return
    assert verdict.risk is Risk.EMERGENCY, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize(("text", "flag"), FOREIGN)
def test_romanian_polish_and_portuguese_red_flags(text: str, flag: str) -> None:
    assert flag in foreign_red_flags(text)


def test_drooling_is_not_repaired_into_drooping() -> None:
    # the spelling repair once read "his mouth is drooling" (a teething baby) as a drooping mouth
    assert screen("", "baby is teething and his mouth is drooling all day").risk is not Risk.EMERGENCY
