"""The safety screen after blind probe round 31 (a city health system's portal, many immigrant families, day
surgery and work injuries). Every case is worded here, not copied from the probe file.
"""

from __future__ import annotations

import pytest

from agent.safety import Risk, screen
from agent.safety_foreign import foreign_red_flags
from agent.safety_rules import normalise

EMERGENCIES = [
    # bleeding that pulses, spurts or comes through the wrapping
    ("sliced my palm on a meat slicer, it's squirting with every heartbeat", "bleeding"),
    ("wrapped his leg in a hoodie but the blood is still coming through it", "bleeding"),
    ("the cut on my thumb keeps pulsing out blood", "bleeding"),
    # a surgical wound that opened, with something showing or pushing out
    ("c-section scar split open when I sneezed and I can see some yellow fat", "bleeding"),
    ("after the hernia repair the wound opened and something is poking out of it", "bleeding"),
    # bright red blood brought up, as after a tonsillectomy
    ("she is coughing up bright red blood a week after her tonsils came out", "bleeding"),
    # Spanish: heavy bleeding, a bone showing, a child who drank a cleaner
    ("mi esposo se cortó con la sierra y está sangrando muchísimo", "bleeding"),
    ("se cayó del andamio y se le ve el hueso de la pierna", "bleeding"),
    ("mi niña se tomó un poco de limpiador del baño y le arde la garganta", "overdose"),
    # a gun bought, with the intent said
    ("I picked up a pistol this afternoon and I am going to end this with him tonight", "violence"),
    # a belly hard as a board with fever or vomiting
    ("his stomach is hard as a board and he keeps vomiting", "severe_pain"),
    # an infected wound with near-fainting
    ("my incision is oozing pus and I feel like I'm going to pass out", "sepsis"),
]

# Words the lexicon spells must reach it unchanged: the spelling repair had turned "spurting" into "slurring",
# "sangrando" into "sangrado", "respira" into "respirar" and "injections" into "infection".
KEPT_WORDS = ["spurting", "sangrando", "respira", "respiraba", "injections", "ingestion", "reaccion", "allergies"]


@pytest.mark.parametrize(("text", "signal"), EMERGENCIES)
def test_round_31_emergencies_are_caught(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.EMERGENCY, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize("word", KEPT_WORDS)
def test_the_spelling_repair_keeps_words_the_lexicon_spells(word: str) -> None:
    assert normalise(f"she {word} now") == [f"she {word} now"]


def test_no_respira_is_read_in_spanish() -> None:
    assert screen("", "mi bebé no respira bien y tiene los labios medio morados").risk is Risk.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "the ER gave me cephalexin, can I keep breastfeeding while taking it?",
        "is it ok to keep nursing while on cefdinir",
    ],
)
def test_breastfeeding_on_a_named_antibiotic_is_a_medicine_question(text: str) -> None:
    assert screen("", text).risk is Risk.CLINICAL


ROUTINE = [
    "the blood drive is coming through the neighbourhood on Saturday, can staff sign up?",
    "I bought a gun safe and need a letter for my permit, can Dr. Lee sign it?",
    "we have already decided to switch to Dr. Park, please move my records",
    "the hernia repair went fine, I need the discharge summary for my employer",
]


@pytest.mark.parametrize("text", ROUTINE)
def test_round_31_look_alikes_stay_routine(text: str) -> None:
    assert screen("", text).risk is not Risk.EMERGENCY


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Mẹ tôi tự nhiên nói không rõ và miệng bị méo", "stroke signs"),
        ("Ông tôi bị liệt nửa người từ sáng", "stroke signs"),
        ("meu filho está com a língua grossa e o rosto inchado depois do amendoim", "severe allergic reaction"),
        ("minha mãe está com dificuldade para respirar", "trouble breathing"),
    ],
)
def test_vietnamese_and_portuguese_red_flags(text: str, concept: str) -> None:
    assert any(concept in flag for flag in foreign_red_flags(text))
