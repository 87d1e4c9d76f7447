"""The safety screen's verdict: what a ticket's judged red-flag matches add up to.

``agent.safety.screen`` reads the text and judges every match (``Hit``: active, hypothetical, negated, history,
administrative); ``verdict`` turns them into a ``SafetyVerdict``: single findings and combinations (two distinct
cues for "a b & a b"), the reasons an auditor reads, and the phrases later steps must not re-read (``cleared``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from agent.safety_loader import Combo, Concept, Level

__all__ = ["Hit", "Risk", "SafetyVerdict", "unique", "verdict"]


class Risk(StrEnum):
    EMERGENCY = "emergency"
    CLINICAL = "clinical"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SafetyVerdict:
    """``signals`` are machine ids (emergency ones first); ``reasons`` explain them, and also name red flags
    that were seen but not counted (negated, history, administrative) so an auditor can follow the call."""

    risk: Risk
    reasons: tuple[str, ...]
    signals: tuple[str, ...]
    # Red-flag and symptom phrases (normalised) judged not current: negated, history or administrative.
    cleared: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a concept in a clause, and how the clause's context judged it."""

    concept: Concept
    clause: int
    start: int
    end: int
    quote: str
    status: str = "active"  # active | hypothetical | negated | history | administrative | inside
    level: Level = Level.CONTEXT
    phrase: str = ""  # the whole match (``quote`` may be shortened)


def verdict(hits: Sequence[Hit], combos: Sequence[Combo], masked: Sequence[str] = ()) -> SafetyVerdict:
    """``masked``: condition words the screen neutralised inside a service or an idiom ("stroke" of "stroke clinic");
    they are set aside like the judged phrases, unless part of a red flag counted as current."""
    live = [h for h in hits if h.status in ("active", "hypothetical")]
    # A symptom told in the past still feeds a clinical question ("I had a rash last week, is that
    # normal?"), but on its own it is history ("records of his ulcer in 2020").
    past = [h for h in hits if h.status == "history" and h.level == Level.CLINICAL]
    findings = [_single_finding(h) for h in live if h.level >= Level.CLINICAL]
    findings += [f for combo in combos if (f := _combo_finding(combo, live, past)) is not None]
    emergencies = [f for f in findings if f[0] == Level.EMERGENCY]
    clinicals = [f for f in findings if f[0] == Level.CLINICAL]
    signals = unique(f[1] for f in [*emergencies, *clinicals])
    reasons = unique(f[2] for f in [*emergencies, *clinicals])
    seen = set(signals)
    reasons += unique(
        f"not counted: {h.concept.label} ({h.status}: '{h.quote}')"
        for h in hits
        if h.status not in ("active", "hypothetical")
        and h.concept.level == Level.EMERGENCY
        and h.concept.signal not in seen
    )
    risk = Risk.EMERGENCY if emergencies else Risk.CLINICAL if clinicals else Risk.NONE
    # What the screen read and set aside, so a later step (the classifier) does not re-escalate it.
    live_phrases = {h.phrase for h in live}
    live_text = " ".join(f" {p} " for p in live_phrases)
    cleared = unique(
        [
            *(
                h.phrase
                for h in hits
                if h.concept.level >= Level.CLINICAL
                and h.status not in ("active", "hypothetical")
                and h.phrase not in live_phrases
            ),
            *(m for m in masked if f" {m} " not in live_text),
        ]
    )
    return SafetyVerdict(risk=risk, reasons=tuple(reasons), signals=tuple(signals), cleared=tuple(cleared))


def _single_finding(hit: Hit) -> tuple[Level, str, str]:
    if hit.level == Level.EMERGENCY and hit.status == "hypothetical":
        reason = f"clinical question: {hit.concept.label} (hypothetical: '{hit.quote}')"
        return Level.CLINICAL, hit.concept.signal, reason
    kind = "emergency red flag" if hit.level == Level.EMERGENCY else "clinical question"
    return hit.level, hit.concept.signal, f"{kind}: {hit.concept.label} ('{hit.quote}')"


def _combo_finding(combo: Combo, live: Sequence[Hit], past: Sequence[Hit]) -> tuple[Level, str, str] | None:
    # A clinical combination may use symptoms told in the past tense; an emergency one only current ones.
    live = [*live, *past] if combo.level == Level.CLINICAL else live
    scopes = sorted({h.clause for h in live}) if combo.same_clause else [None]
    for scope in scopes:
        pool = [h for h in live if scope is None or h.clause == scope]
        if any(h.concept.name in combo.unless for h in pool):
            continue
        parts = _distinct_parts(combo.needs, pool)
        if parts:
            level = Level.CLINICAL if any(h.status == "hypothetical" for h in parts) else combo.level
            quotes = " + ".join(f"'{h.quote}'" for h in parts)
            kind = "emergency red flag" if level == Level.EMERGENCY else "clinical question"
            return level, combo.signal, f"{kind}: {combo.label} ({quotes})"
    return None


def _distinct_parts(needs: Sequence[frozenset[str]], pool: Sequence[Hit]) -> list[Hit]:
    """One hit per group, each of a different concept, so "a b c & a b c" asks for two distinct cues. Tries every
    assignment (groups are few and small), so "headache stiff_neck & stiff_neck rash" is met by a headache and a
    stiff neck even when the stiff neck comes first."""
    if not needs:
        return []
    seen: set[str] = set()
    for hit in pool:
        name = hit.concept.name
        if name in needs[0] and name not in seen:
            seen.add(name)
            rest = _distinct_parts(needs[1:], [h for h in pool if h.concept.name != name])
            if rest or len(needs) == 1:
                return [hit, *rest]
    return []


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
