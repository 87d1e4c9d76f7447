"""Deterministic clinical-safety screen: emergency red flags and clinical questions, before any composer.

No model, no network, no state: ``screen`` is a pure function of the ticket text. It works in five steps:

1. normalise: Unicode folding, lowercase, contractions, slang and typo repair (a whole-token map, then a
   small edit distance towards the lexicon's key words, guarded against real words);
2. mask services and idioms named after a condition ("stroke clinic", "chest x-ray", "a pain");
3. split into sentences and clauses ("but", "also", ", and my" ... end a clause);
4. match concept patterns (``agent.safety_lexicon``) and judge each match in its clause: negated ("no",
   "denies" + at most a few light words, or a negated list), history ("in 2019", "history of", "after my")
   unless a present-time cue is near, administrative ("bill for", "records from"), hypothetical ("if I get");
5. combine: single concepts and combinations (pregnancy + bleeding, newborn + fever ...) give the verdict.

When a present-tense red flag is ambiguous the screen escalates: a false alarm costs a nurse a minute, a
missed emergency costs far more.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from agent import safety_lexicon as lex

__all__ = ["Combo", "Concept", "Level", "Risk", "SafetyVerdict", "load_lexicon", "normalise", "screen"]


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


@dataclass(frozen=True, slots=True)
class _Hit:
    concept: Concept
    clause: int
    start: int
    end: int
    quote: str
    status: str = "active"  # active | hypothetical | negated | history | administrative | inside
    level: Level = Level.CONTEXT


@dataclass(frozen=True, slots=True)
class _Cues:
    concepts: tuple[tuple[Concept, re.Pattern[str]], ...]
    combos: tuple[Combo, ...]
    masks: tuple[re.Pattern[str], ...]
    clause_break: re.Pattern[str]
    person: re.Pattern[str]
    history: re.Pattern[str]
    history_object: re.Pattern[str]
    anchor: re.Pattern[str]
    past: re.Pattern[str]
    present: re.Pattern[str]
    hypothetical: re.Pattern[str]
    admin_frame: re.Pattern[str]
    pseudo_negation: re.Pattern[str]


_POST_NEGATION = re.compile(r"^ (?:was|were|is|has been|have been|got|been) (?:ruled out|negative|excluded)")
# "never had chest pain like this" affirms the symptom it seems to deny.
_REAFFIRM = re.compile(r"^ (?:like this|like that|like it is|this bad|so bad|this severe|this strong|until now)\b")
_CONTRACTIONS = (
    (re.compile(r"\bo\.?d'?(?:d|ed)\b"), "overdosed"),  # before "'d" -> "would"
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(he|she|it|that|what|there|who)'s\b"), r"\1 is"),
    (re.compile(r"'s?\b"), ""),
)
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "¿": " ", "¡": " "})
_SENTENCE = re.compile(r"[\n!?;:]+|\.(?!\d)")
_TOKEN = re.compile(r"[a-z0-9]+(?:[./][0-9]+)*|,")
_QUOTE_LIMIT = 48
_HEADER = re.compile(r'(\w+): (emergency|clinical|context) (\w+) "([^"]+)"((?: \w+)*)')


def screen(subject: str, body: str) -> SafetyVerdict:
    """Classify a ticket: EMERGENCY if any red flag is present and current, CLINICAL if it asks something
    only a clinician may answer (symptoms, doses, side effects, results), else NONE. Deterministic."""
    cues = _cues()
    clauses = [c for s in normalise(f"{subject}\n{body}") for c in _clauses(_mask(s, cues), cues)]
    hits: list[_Hit] = []
    for index, clause in enumerate(clauses):
        hits.extend(_judge_clause(_match(clause, index, cues), clause, cues))
    return _verdict(hits, cues.combos)


def normalise(text: str) -> list[str]:
    """Sentences of ``text`` as lowercase ASCII tokens joined by single spaces (commas kept as tokens),
    with contractions expanded and known misspellings of key words repaired."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    # An ellipsis is a pause, not a sentence end: "I want to die... laughing" stays one sentence.
    folded = re.sub(r"\.{2,}|…", " , ", folded.translate(_PUNCT).lower())
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    sentences = (" ".join(_repair(t) for t in _TOKEN.findall(s)) for s in _SENTENCE.split(folded))
    return [s for s in sentences if s.strip(" ,")]


@functools.lru_cache(maxsize=8192)
def _repair(token: str) -> str:
    if token in lex.TOKEN_MAP:
        return lex.TOKEN_MAP[token]
    if len(token) < 4 or not token.isalpha() or token in lex.FUZZY_TARGETS or token in lex.FUZZY_GUARD:
        return token
    return _nearest_target(token) or token


def _nearest_target(token: str) -> str | None:
    # One edit for short words (only a swap at four letters: "pian"), two from eight letters; the first
    # letter must agree, because misspellings rarely start wrong and that keeps false repairs rare.
    limit = 1 if len(token) <= 7 else 2
    best: tuple[int, str] | None = None
    for target in sorted(lex.FUZZY_TARGETS):
        if target[0] != token[0] or abs(len(target) - len(token)) > limit:
            continue
        if len(token) == 4 and sorted(target) != sorted(token):
            continue
        distance = _edit_distance(token, target, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, target)
    return best[1] if best else None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (swaps count as one edit); anything above ``limit`` is limit+1."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


@functools.cache
def _cues() -> _Cues:
    concepts, combos = load_lexicon()
    return _Cues(
        concepts=tuple((c, re.compile(r"(?<![^ ])(?:" + c.pattern + r")(?![^ ])")) for c in concepts),
        combos=combos,
        masks=tuple(re.compile(m) for m in lex.MASKS),
        clause_break=re.compile(lex.CLAUSE_BREAK),
        person=re.compile(lex.PERSON),
        history=re.compile(lex.HISTORY),
        history_object=re.compile(lex.HISTORY_OBJECT),
        anchor=re.compile(lex.ANCHOR),
        past=re.compile(lex.PAST),
        present=re.compile(lex.PRESENT),
        hypothetical=re.compile(lex.HYPOTHETICAL),
        admin_frame=re.compile(r"\b" + lex.ADMIN_FRAME),
        pseudo_negation=re.compile(lex.PSEUDO_NEGATION),
    )


def load_lexicon() -> tuple[tuple[Concept, ...], tuple[Combo, ...]]:
    """Parse ``lex.LEXICON``; raises ValueError on a malformed header (a broken lexicon must not load)."""
    concepts: list[Concept] = []
    combos: list[Combo] = []
    for block in lex.LEXICON.split("\n== ")[1:]:
        head, *lines = block.splitlines()
        m = _HEADER.fullmatch(head)
        if m is None:
            raise ValueError(f"bad lexicon header: {head!r}")
        name, level, signal, label, flags = m[1], Level[m[2].upper()], m[3], m[4], m[5].split()
        body = "".join(line.strip() for line in lines if not line.startswith("#"))
        if "combo" in flags:
            needs, _, unless = body.partition("!")
            groups = tuple(frozenset(group.split()) for group in needs.split("&"))
            combos.append(Combo(signal, label, level, groups, "same_clause" in flags, frozenset(unless.split())))
            continue
        for macro, value in lex.MACROS.items():
            body = body.replace("{" + macro + "}", value)
        pattern = re.sub(r" ~(\d)", r"(?: \\S+){0,\1}?", body)
        concepts.append(Concept(name, signal, label, level, pattern, "unscoped" not in flags, "personal" in flags))
    return tuple(concepts), tuple(combos)


def _mask(sentence: str, cues: _Cues) -> str:
    for mask in cues.masks:
        sentence = mask.sub(r"\g<1>" + lex.MASK_TOKEN, sentence)
    return sentence


def _clauses(sentence: str, cues: _Cues) -> list[str]:
    parts = cues.clause_break.split(f" {sentence} ")
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def _match(clause: str, index: int, cues: _Cues) -> Iterator[_Hit]:
    personal = cues.person.search(clause) is not None
    for concept, pattern in cues.concepts:
        level = concept.level if personal or not concept.personal else Level.CONTEXT
        for m in pattern.finditer(clause):
            quote = m.group(0) if len(m.group(0)) <= _QUOTE_LIMIT else m.group(0)[: _QUOTE_LIMIT - 3] + "..."
            yield _Hit(concept, index, m.start(), m.end(), quote, level=level)


def _judge_clause(hits: Iterable[_Hit], clause: str, cues: _Cues) -> list[_Hit]:
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    judged: list[_Hit] = []
    for hit in ordered:
        status = _status(hit, clause, ordered, judged, cues) if hit.concept.scoped else "active"
        # A match inside a cancelled one ("pain" in "no chest pain") is cancelled with it.
        outer = [j for j in judged if j.concept.scoped and j.start <= hit.start and hit.end <= j.end]
        if hit.concept.scoped and outer and outer[0].status not in ("active", "hypothetical"):
            status = "inside"
        if status == "active" and cues.hypothetical.search(clause[: hit.start]):
            status = "hypothetical"
        judged.append(_Hit(hit.concept, hit.clause, hit.start, hit.end, hit.quote, status, hit.level))
    return judged


def _status(hit: _Hit, clause: str, ordered: Sequence[_Hit], judged: Sequence[_Hit], cues: _Cues) -> str:
    prefix = clause[: hit.start]
    negated = _negated(hit, prefix, ordered, cues) or _list_negated(hit, clause, judged)
    if negated and not _REAFFIRM.match(clause[hit.end :]):
        return "negated"
    if _POST_NEGATION.match(clause[hit.end :]):
        return "negated"
    window = " ".join([*prefix.split()[-8:], hit.quote, *clause[hit.end :].split()[:8]])
    present = cues.present.search(window) is not None
    history = any(_dates_symptom(window, m.start(), prefix, cues) for m in cues.history.finditer(window))
    if cues.history_object.search(prefix.rstrip()) or (history and not present):
        return "history"
    if cues.admin_frame.search(prefix.rstrip()) and (history or not present):
        return "administrative"
    return "active"


def _dates_symptom(window: str, at: int, prefix: str, cues: _Cues) -> bool:
    """Whether the history cue at ``at`` dates the symptom itself (see ``lex.ANCHOR``)."""
    return not cues.anchor.search(window[:at]) or cues.past.search(prefix) is not None


def _negated(hit: _Hit, prefix: str, ordered: Sequence[_Hit], cues: _Cues) -> bool:
    """A negator up to four light words before the match ("not having any chest pain"), unless the negator
    belongs to another match ("can not breathe and chest hurts") or only hedges ("not sure if")."""
    words = prefix.split()
    for back in range(1, min(len(words), 5) + 1):
        word = words[-back]
        if word in lex.NEGATORS:
            offset = len(" ".join(words[:-back])) + (1 if len(words) > back else 0)
            inside = any(o.start <= offset < o.end for o in ordered if o is not hit and o.end <= hit.start)
            hedge = cues.pseudo_negation.match(" ".join(words[len(words) - back + 1 :]) or "x")
            return not inside and hedge is None
        if word not in lex.NEGATION_LIGHT:
            return False
    return False


def _list_negated(hit: _Hit, clause: str, judged: Sequence[_Hit]) -> bool:
    """Negation carries along a list: in "no fever, cough or chest pain" each item is denied."""
    before = [j for j in judged if j.end <= hit.start and j.concept.scoped]
    if not before:
        return False
    last = max(before, key=lambda j: j.end)
    gap = clause[last.end : hit.start].split()
    return last.status == "negated" and all(w in lex.LIST_GLUE for w in gap)


def _verdict(hits: Sequence[_Hit], combos: Sequence[Combo]) -> SafetyVerdict:
    live = [h for h in hits if h.status in ("active", "hypothetical")]
    # A symptom told in the past still feeds a clinical question ("I had a rash last week, is that
    # normal?"), but on its own it is history ("records of his ulcer in 2020").
    past = [h for h in hits if h.status == "history" and h.level == Level.CLINICAL]
    findings = [_single_finding(h) for h in live if h.level >= Level.CLINICAL]
    findings += [f for combo in combos if (f := _combo_finding(combo, live, past)) is not None]
    emergencies = [f for f in findings if f[0] == Level.EMERGENCY]
    clinicals = [f for f in findings if f[0] == Level.CLINICAL]
    signals = _unique(f[1] for f in [*emergencies, *clinicals])
    reasons = _unique(f[2] for f in [*emergencies, *clinicals])
    seen = set(signals)
    reasons += _unique(
        f"not counted: {h.concept.label} ({h.status}: '{h.quote}')"
        for h in hits
        if h.status not in ("active", "hypothetical")
        and h.concept.level == Level.EMERGENCY
        and h.concept.signal not in seen
    )
    risk = Risk.EMERGENCY if emergencies else Risk.CLINICAL if clinicals else Risk.NONE
    return SafetyVerdict(risk=risk, reasons=tuple(reasons), signals=tuple(signals))


def _single_finding(hit: _Hit) -> tuple[Level, str, str]:
    if hit.level == Level.EMERGENCY and hit.status == "hypothetical":
        reason = f"clinical question: {hit.concept.label} (hypothetical: '{hit.quote}')"
        return Level.CLINICAL, hit.concept.signal, reason
    kind = "emergency red flag" if hit.level == Level.EMERGENCY else "clinical question"
    return hit.level, hit.concept.signal, f"{kind}: {hit.concept.label} ('{hit.quote}')"


def _combo_finding(combo: Combo, live: Sequence[_Hit], past: Sequence[_Hit]) -> tuple[Level, str, str] | None:
    # A clinical combination may use symptoms told in the past tense; an emergency one only current ones.
    live = [*live, *past] if combo.level == Level.CLINICAL else live
    scopes = sorted({h.clause for h in live}) if combo.same_clause else [None]
    for scope in scopes:
        pool = [h for h in live if scope is None or h.clause == scope]
        if any(h.concept.name in combo.unless for h in pool):
            continue
        chosen = [next((h for h in pool if h.concept.name in group), None) for group in combo.needs]
        if all(chosen):
            parts = [h for h in chosen if h is not None]
            level = Level.CLINICAL if any(h.status == "hypothetical" for h in parts) else combo.level
            quotes = " + ".join(f"'{h.quote}'" for h in parts)
            kind = "emergency red flag" if level == Level.EMERGENCY else "clinical question"
            return level, combo.signal, f"{kind}: {combo.label} ({quotes})"
    return None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
