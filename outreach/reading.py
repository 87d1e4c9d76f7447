"""Deterministic reading of a patient's answer to a campaign message: opt-out, warning sign, routine.

Warning signs are the post-discharge return precautions nurses give (a red, hot, swollen or oozing wound,
fever, bleeding, calf pain, fluids not kept down). They add to ``agent.safety.screen``, which already knows
the emergency red flags ("I can't breathe", chest pain): in reply to a check-in these answers are clinical
even without a question mark. A warning sign right after a negation ("no fever", "not red") is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPT_OUT = re.compile(
    r"^\W*(stop|stop all|unsubscribe|opt[ -]?out)\W*$"
    r"|\b(do not|don'?t|dont|never|please stop|stop)\s+(contact|message|messag|text|e-?mail|call|writ)\w*\s+me\b"
    r"|\bstop\s+(sending|contacting|messaging|texting|emailing)\b"
    r"|\b(no more|no further)\s+(messages|emails|texts|reminders|check-?ins)\b"
    r"|\b(unsubscribe|opt me out|remove me from)\b"
    r"|\bleave me alone\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(no|not|isn'?t|aren'?t|wasn'?t|without|never|none|nor|don'?t|doesn'?t|didn'?t)\b", re.IGNORECASE
)
_NEGATION_REACH = 25  # characters before a warning sign that may negate it
_WARNING_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "wound redness or heat",
            r"\b(wound|incision|cut|scar|stitches|site)\b[\w\s,]{0,30}\b(red|hot|warm|swollen|swelling|oozing|leaking|pus|smell\w*|open(ed)?)\b",
        ),
        ("wound redness or heat", r"\b(red|hot|swollen|oozing|leaking)\b[\w\s,]{0,20}\b(wound|incision|stitches)\b"),
        ("fever", r"\b(fever|feverish|temperature|chills|shivering)\b"),
        ("bleeding", r"\b(bleeding|blood)\b"),
        ("calf pain or swelling", r"\b(calf|leg)\b[\w\s,]{0,20}\b(pain|hurts|swollen|swelling)\b"),
        (
            "cannot keep fluids down",
            r"\b(can'?t|cannot|unable to)\s+(keep|hold)\s+(anything|food|fluids|water)\s+down\b"
            r"|\bvomiting\b|\bthrowing up\b",
        ),
        (
            "worsening pain",
            r"\b(pain|hurts?)\b[\w\s,]{0,20}\b(worse|worsening|unbearable|severe)\b"
            r"|\b(severe|unbearable|worse)\b[\w\s,]{0,10}\bpain\b",
        ),
        ("confusion or fainting", r"\b(confused|confusion|fainted|fainting|passed out|dizzy)\b"),
    )
)
_ROUTINE = re.compile(
    r"\b(all good|all fine|all ok|all okay|doing (well|fine|good|great|ok|okay|better)"
    r"|feeling (fine|good|great|better|ok|okay|well)|i'?m (fine|good|great|ok|okay|well|better)"
    r"|no (problems|issues|complaints|concerns)|everything('?s| is) (fine|good|ok|okay|great)"
    r"|recovering well|thank(s| you)|thx|ok|okay|fine|great|good)\b",
    re.IGNORECASE,
)
ROUTINE_MAX_WORDS = 15


@dataclass(frozen=True, slots=True)
class Reading:
    opt_out: bool
    warning_signs: tuple[str, ...]
    routine: bool


def read_reply(text: str) -> Reading:
    """What a reply says, read deterministically: an opt-out, warning signs, or a routine 'all good'."""
    signs = warning_signs(text)
    opt_out = bool(_OPT_OUT.search(text))
    words = len(text.split())
    routine = (
        not signs and not opt_out and "?" not in text and words <= ROUTINE_MAX_WORDS and bool(_ROUTINE.search(text))
    )
    return Reading(opt_out=opt_out, warning_signs=signs, routine=routine)


def warning_signs(text: str) -> tuple[str, ...]:
    """The names of the post-discharge warning signs the text reports (negated mentions left out)."""
    found: list[str] = []
    for clause in re.split(r"[.;!?\n]|\bbut\b", text):
        for name, pattern in _WARNING_SIGNS:
            match = pattern.search(clause)
            if match is None or name in found:
                continue
            if not _NEGATION.search(clause[max(0, match.start() - _NEGATION_REACH) : match.end()]):
                found.append(name)
    return tuple(found)
