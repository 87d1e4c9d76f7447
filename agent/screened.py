"""Ticket text as the steps after the safety screen read it: without what the screen set aside.

The deterministic screen (``agent.safety``) reads negation, history and administrative context
("I am not short of breath", "I had a heart attack in 2022", "records from my stroke") and does
not count such red-flag mentions. The classifier and the retrieval query do not read context;
left in, "short of breath" pulls a refill request towards ``emergency`` and the search towards the
urgent-care article. So the phrases the screen cleared are removed before either sees the text,
and the classifier is trained on texts screened the same way.

Guarantees: ``set_aside`` never raises on any ``str``; it only removes whole-word occurrences of
the given phrases (case-insensitive, any run of spaces or punctuation between their words), so a
phrase the screen's normalisation rewrote (a repaired typo) is simply left in place; a phrase the
screen counted as current is never given to it (``SafetyVerdict.cleared`` holds only phrases with
no live occurrence), so nothing that escalated is hidden from later steps. The condition words of a service or
an idiom the screen masked ("stroke" in "the stroke clinic fax") are set aside the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from agent.safety import screen

_WORD = re.compile(r"[a-z0-9]+")


def set_aside(text: str, phrases: Iterable[str]) -> str:
    """``text`` with every whole-word occurrence of each phrase replaced by a space."""
    for phrase in phrases:
        words = _WORD.findall(phrase.lower())
        if words:
            pattern = r"(?<![a-z0-9])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![a-z0-9])"
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return text


# Cross-validation trains several classifiers on the same texts: screen each text once (~5 ms each).
@functools.lru_cache(maxsize=4096)
def screened_text(text: str) -> str:
    """``text`` without the red-flag phrases the screen judged negated, history or administrative
    (for training texts; the pipeline reuses the verdict it already has)."""
    return set_aside(text, screen("", text).cleared)
