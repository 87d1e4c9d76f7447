"""Reading the safety screen's data into concepts and combinations (used by ``agent.safety``).

The lexicon is text in one block format (see ``agent.safety_lexicon``), spread over modules by theme: the red
flags and clinical signs (``safety_lexicon``), the clinical questions (``safety_lexicon_clinical``), the acute
presentations found by blind probes (``safety_lexicon_acute``), the context-level cues (``safety_cues``, with the
farewell cues in ``safety_cues_farewell``) and the combinations (``safety_rules``). ``load_lexicon`` joins them in
that order, expands the ``{NAME}`` fragments and the `` ~N`` gaps, and refuses a malformed header or a combination
naming an unknown concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from agent import safety_context as ctx
from agent import safety_cues as cues
from agent import safety_cues_farewell as farewell
from agent import safety_fragments as fragments
from agent import safety_lexicon as lex
from agent import safety_lexicon_acute as acute
from agent import safety_lexicon_clinical as clinical
from agent import safety_rules as rules

__all__ = ["Combo", "Concept", "Level", "load_lexicon"]


class Level(IntEnum):
    """How much a lexicon entry weighs on its own: CONTEXT only feeds combinations."""

    CONTEXT = 0
    CLINICAL = 1
    EMERGENCY = 2


@dataclass(frozen=True, slots=True)
class Concept:
    """A family of phrasings from ``lex.LEXICON``, as one expanded regular expression (see its docstring)."""

    name: str
    signal: str
    label: str
    level: Level
    pattern: str
    scoped: bool = True
    personal: bool = False


@dataclass(frozen=True, slots=True)
class Combo:
    """Fires when every group in ``needs`` has a live concept (in one clause, or anywhere in the message)."""

    signal: str
    label: str
    level: Level
    needs: tuple[frozenset[str], ...]
    same_clause: bool = False
    unless: frozenset[str] = frozenset()


_HEADER = re.compile(r'(\w+): (emergency|clinical|context) (\w+) "([^"]+)"((?: \w+)*)')


def load_lexicon() -> tuple[tuple[Concept, ...], tuple[Combo, ...]]:
    """Parse every lexicon module (see the module doc); raises ValueError on a malformed header (a broken
    lexicon must not load)."""
    concepts: list[Concept] = []
    combos: list[Combo] = []
    text = (
        lex.LEXICON
        + clinical.CLINICAL_LEXICON
        + acute.ACUTE_LEXICON
        + cues.COMBINATION_CUES
        + farewell.FAREWELL_CUES
        + rules.COMBINATIONS
    )
    for block in text.split("\n== ")[1:]:
        head, *lines = block.splitlines()
        m = _HEADER.fullmatch(head)
        if m is None:
            raise ValueError(f"bad lexicon header: {head!r}")
        name, level, signal, label, flags = m[1], Level[m[2].upper()], m[3], m[4], m[5].split()
        kept = [line.strip() for line in lines if not line.startswith("#")]
        body = "".join(kept)
        if "combo" in flags:
            # A combination names concepts, one name per word: its lines are joined with a space.
            needs, _, unless = " ".join(kept).partition("!")
            groups = tuple(frozenset(group.split()) for group in needs.split("&"))
            combos.append(Combo(signal, label, level, groups, "same_clause" in flags, frozenset(unless.split())))
            continue
        pattern = re.sub(r" ~(\d+)", r"(?: \\S+){0,\1}?", _expand(body))
        concepts.append(Concept(name, signal, label, level, pattern, "unscoped" not in flags, "personal" in flags))
    _check_names(concepts, combos)
    return tuple(concepts), tuple(combos)


def _check_names(concepts: list[Concept], combos: list[Combo]) -> None:
    """A combination that names no concept could never fire: refuse it rather than screen without it."""
    known = {c.name for c in concepts}
    for combo in combos:
        unknown = sorted(set().union(*combo.needs, combo.unless) - known)
        if unknown:
            raise ValueError(f"combination {combo.signal!r} ({combo.label}) names unknown concepts: {unknown}")


def _expand(body: str) -> str:
    """Replace the ``{NAME}`` fragments of ``fragments.MACROS`` and ``ctx.MACROS`` until none is left (a fragment
    may use another)."""
    macros = {**ctx.MACROS, **fragments.MACROS}
    for _ in range(len(macros) + 1):
        expanded = body
        for macro, value in macros.items():
            expanded = expanded.replace("{" + macro + "}", value)
        if expanded == body:
            return body
        body = expanded
    raise ValueError("lexicon macros refer to each other in a cycle")
