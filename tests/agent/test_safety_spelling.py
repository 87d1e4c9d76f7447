"""The spelling repair must never turn a word the lexicon itself spells into another word.

``agent.safety_rules.normalise`` moves a misspelt token to the nearest repair target ("seizre" -> "seizure")
before any pattern runs. A real word within reach of a target was moved too: "spurting" became "slurring",
"sangrando" became "sangrado", "no respira" became "no respirar", and those patterns could never match. This
test reads every word written in the safety modules and fails on any that the repair changes, unless it is a
deliberate misspelling, a regex stem or an inflection repaired to its own word, listed below.
"""

from __future__ import annotations

import importlib
import re

from agent.safety_rules import TOKEN_MAP, normalise

MODULES = [
    "agent.safety_lexicon",
    "agent.safety_lexicon_acute",
    "agent.safety_lexicon_clinical",
    "agent.safety_cues",
    "agent.safety_cues_farewell",
    "agent.safety_context",
    "agent.safety_frames",
    "agent.safety_fragments",
]

# Repaired on purpose: misspellings the lexicon lists, regex stems, and forms repaired to the same word.
ALLOWED = {
    "alergica": "allergic",
    "antibiotic": "antibiotics",
    "breth": "breath",
    "convulsi": "convulsing",
    "dropp": "droop",
    "headach": "headache",
    "headaches": "headache",
    "hemorrhag": "hemorrhage",
    "inhalers": "inhaler",
    "insulina": "insulin",
    "insuln": "insulin",
    "medicina": "medicine",
    "medicinas": "medicine",
    "migraines": "migraine",
    "nause": "nausea",
    "overdos": "overdose",
    "overdoses": "overdose",
    "palpitation": "palpitations",
    "pregnan": "pregnant",
    "seazure": "seizure",
    "siezure": "seizure",
    "suicid": "suicide",
    "temperatura": "temperature",
}


def test_words_the_lexicon_spells_reach_the_patterns_unchanged() -> None:
    words: set[str] = set()
    for name in MODULES:
        module = importlib.import_module(name)
        assert module.__file__ is not None
        with open(module.__file__, encoding="utf-8") as source:
            words |= set(re.findall(r"[a-z]{4,}", source.read()))
    changed = {}
    for word in sorted(words - TOKEN_MAP.keys()):
        (repaired,) = normalise(word)
        if repaired != word:
            changed[word] = repaired
    assert changed == ALLOWED
