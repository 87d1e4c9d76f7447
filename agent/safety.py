"""Deterministic clinical-safety screen: emergency red flags and clinical questions, before any composer.

No model, no network, no state: ``screen`` is a pure function of the ticket text. It works in five steps:

1. normalise (``agent.safety_rules``): Unicode folding, lowercase, contractions, slang and typo repair (a
   whole-token map, then a small edit distance towards the key words, guarded against real words);
2. mask services and idioms named after a condition ("stroke clinic", "chest x-ray", "a pain");
3. split into sentences and clauses ("but", "also", ", and my" ... end a clause);
4. match concept patterns (``agent.safety_lexicon``) and judge each match against the cues of
   ``agent.safety_context``: negated ("no", "denies" + a few light words, or a negated list), history ("in
   2019", "history of", a month or weekday in a clause told in the past, "she's fine now") unless a present
   cue or a present verb is near, administrative ("bill for"), hypothetical ("if I get"); a clinical mention
   told in the past is history too when the message says it is over or asks for a letter, form or note;
5. combine: single concepts and combinations (pregnancy + bleeding, two distinct farewell cues ...).

A subject has no tense of its own: its red flag follows the body when the body tells of it only as history or
paperwork. ``SafetyVerdict.cleared`` lists the phrases set aside, so later steps do not re-read them.

When a present-tense red flag is ambiguous the screen escalates: a false alarm costs a nurse a minute, a
missed emergency costs far more.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from agent import safety_context as ctx
from agent import safety_frames as frames
from agent.safety_loader import Combo, Concept, Level, load_lexicon
from agent.safety_rules import clauses_of, normalise
from agent.safety_tense import (
    BARE_NOW,
    PAST_EVENT,
    RECURRENCE,
    RESOLVED,
    dated_history,
    recent,
    tense_turns_present,
    told_as_over,
)
from agent.safety_verdict import Hit, Risk, SafetyVerdict, verdict

__all__ = [
    "SCREENED_LANGUAGES",
    "Combo",
    "Concept",
    "Level",
    "Risk",
    "SafetyVerdict",
    "load_lexicon",
    "normalise",
    "screen",
]

# The languages the lexicon is written in (ISO 639-1). A ticket in another one cannot be screened: the
# pipeline hands it to a person instead of trusting a verdict of "nothing found".
SCREENED_LANGUAGES = frozenset({"en", "es"})


@dataclass(frozen=True, slots=True)
class _Cues:
    concepts: tuple[tuple[Concept, re.Pattern[str]], ...]
    combos: tuple[Combo, ...]
    masks: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class _Scope:
    """A clause's sentence, whether its message says an episode is over or asks for paperwork, whether it
    is a job or volunteer application, whether it gives a family medical history, and whether it names a vet."""

    sentence: str
    settled: bool
    applying: bool = False
    family: bool = False
    vet: bool = False
    listed: bool = False  # a bare list of conditions right after a form names it ("a checklist: seizures, ...")
    closed_after: bool = False  # this sentence or a later one says the episode is over or asks for paperwork
    deceased: bool = False  # the message tells of a death ("passed away last week", a funeral, an estate)


_QUOTE_LIMIT = 48
# Words (subject and body) up to which a message is short enough that its symptoms are the writer's own.
_SHORT_MESSAGE = 16

# The context cues of ``agent.safety_context``, compiled once, each by its own name.
_PERSON, _HISTORY_OBJECT, _TOLD_AT_VISIT, _HYPOTHETICAL, _ADMIN_FRAME = map(
    re.compile, (ctx.PERSON, ctx.HISTORY_OBJECT, ctx.TOLD_AT_VISIT, ctx.HYPOTHETICAL, frames.ADMIN_FRAME)
)
_PSEUDO_NEGATION, _POST_NEGATION, _REAFFIRM, _PAPERWORK, _INSTRUCTION = map(
    re.compile, (ctx.PSEUDO_NEGATION, ctx.POST_NEGATION, ctx.REAFFIRM, ctx.PAPERWORK, ctx.INSTRUCTION)
)
_APPLICATION, _EXPERIENCE, _FAMILY_HISTORY, _RELATIVE = map(
    re.compile, (frames.APPLICATION, frames.EXPERIENCE, ctx.FAMILY_HISTORY, ctx.RELATIVE)
)
_VET, _DEATH = re.compile(frames.VET), re.compile(frames.DEATH)
_DECEASED_SUBJECT = re.compile(r"(?:he|she) ")
_FORM_INTRO, _CONFESSED = re.compile(ctx.FORM_INTRO), re.compile(ctx.CONFESSED)
_TOPIC, _CARE_REASON = re.compile(frames.TOPIC), re.compile(frames.CARE_REASON)
_SIGNS_SHOWN, _WARNING_SIGNS_AFTER, _SHOWING_BEFORE = map(
    re.compile, (ctx.SIGNS_SHOWN, ctx.WARNING_SIGNS_AFTER, ctx.SHOWING_BEFORE)
)


def screen(subject: str, body: str) -> SafetyVerdict:
    """Classify a ticket: EMERGENCY if any red flag is present and current, CLINICAL if it asks something
    only a clinician may answer (symptoms, doses, side effects, results), else NONE. Deterministic."""
    cues = _cues()
    titled = len(normalise(subject))  # the subject's sentences come first
    masked: list[str] = []  # condition words inside a service or an idiom ("stroke" of "stroke clinic")
    sentences = [_mask(s, cues, masked) for s in normalise(f"{subject}\n{body}")]
    closing = [bool(RESOLVED.search(s) or _PAPERWORK.search(s)) for s in sentences]
    settled = any(closing)
    applying = any(_APPLICATION.search(s) for s in sentences)
    family = any(_FAMILY_HISTORY.search(s) for s in sentences)
    vet = any(_VET.search(s) for s in sentences)
    deceased = any(_DEATH.search(s) for s in sentences)
    listed = [n > 0 and _form_list(sentences[n - 1], s) for n, s in enumerate(sentences)]
    clauses = [
        (c, _Scope(s, settled, applying, family, vet, listed[n], any(closing[n:]), deceased), n < titled)
        for n, s in enumerate(sentences)
        for c in clauses_of(s)
    ]
    # A message of a line or two is about the writer or whoever it names ("cough 2 wk, no fever"): its symptoms
    # count as personal even where no person is named in the clause.
    short = sum(len(s.split()) for s in sentences) <= _SHORT_MESSAGE
    hits: list[Hit] = []
    for index, (clause, scope, _) in enumerate(clauses):
        hits.extend(_judge_clause(_match(clause, index, cues, short), clause, scope))
    return verdict(_recurring(_title_follows_body(hits, clauses), sentences), cues.combos, masked)


def _recurring(hits: list[Hit], sentences: Sequence[str]) -> list[Hit]:
    """A red flag told as history is current again when the message says the same thing is happening again ("the
    bill for his ER visit for chest pains ... he's having the same pain again right now")."""
    if not any(RECURRENCE.search(s) for s in sentences):
        return hits
    return [replace(h, status="active") if h.status == "history" and h.level == Level.EMERGENCY else h for h in hits]


def _title_follows_body(hits: list[Hit], clauses: Sequence[tuple[str, _Scope, bool]]) -> list[Hit]:
    """A subject is a title with no tense of its own ("new cardiologist after heart attack"): a red flag in
    it takes the body's judgment when the body tells of the same red flag only as history or paperwork
    ("I had a heart attack in 2022"), in sentences that say nothing of now. A subject with a present cue
    ("chest pain again"), or a red flag the body does not mention, or mentions as current or next to a
    present cue ("had one in 2019 and I think I'm having another right now"), keeps its own judgment."""
    titles = {h.clause for h in hits if h.status == "active" and clauses[h.clause][2]}
    titles = {i for i in titles if not recent(clauses[i][0])}
    if not titles:  # the usual case: nothing to decide, and no more regexes to run
        return hits
    told: dict[str, set[str]] = {}
    for hit in hits:
        if not clauses[hit.clause][2]:
            sentence = clauses[hit.clause][1].sentence
            now = recent(sentence) or tense_turns_present(sentence)
            told.setdefault(hit.concept.signal, set()).add("current" if now else hit.status)
    judged = []
    for hit in hits:
        statuses = told.get(hit.concept.signal, set())
        follows = hit.clause in titles and hit.status == "active" and statuses <= {"history", "administrative"}
        judged.append(replace(hit, status=min(statuses)) if follows and statuses else hit)
    return judged


@functools.cache
def _cues() -> _Cues:
    concepts, combos = load_lexicon()
    return _Cues(
        concepts=tuple((c, re.compile(r"(?<![^ ])(?:" + c.pattern + r")(?![^ ])")) for c in concepts),
        combos=combos,
        masks=tuple(re.compile(m) for m in ctx.MASKS),
    )


def _mask(sentence: str, cues: _Cues, masked: list[str]) -> str:
    """``sentence`` with services and idioms named after a condition neutralised; what was replaced is added to
    ``masked``."""

    def neutralise(m: re.Match[str]) -> str:
        word = m.group(0)[len(m.group(1)) :].strip()
        if word and word != ctx.MASK_TOKEN:
            masked.append(word)
        return m.group(1) + ctx.MASK_TOKEN

    for mask in cues.masks:
        sentence = mask.sub(neutralise, sentence)
    return sentence


def _match(clause: str, index: int, cues: _Cues, short: bool = False) -> Iterator[Hit]:
    personal = short or _PERSON.search(clause) is not None
    for concept, pattern in cues.concepts:
        level = concept.level if personal or not concept.personal else Level.CONTEXT
        for m in pattern.finditer(clause):
            quote = m.group(0) if len(m.group(0)) <= _QUOTE_LIMIT else m.group(0)[: _QUOTE_LIMIT - 3] + "..."
            yield Hit(concept, index, m.start(), m.end(), quote, level=level, phrase=m.group(0))


def _judge_clause(hits: Iterable[Hit], clause: str, scope: _Scope) -> list[Hit]:
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    judged: list[Hit] = []
    for hit in ordered:
        status = _status(hit, clause, (ordered, judged), scope) if hit.concept.scoped else "active"
        # A match inside a cancelled one ("pain" in "no chest pain") is cancelled with it.
        outer = [j for j in judged if j.concept.scoped and j.start <= hit.start and hit.end <= j.end]
        if hit.concept.scoped and outer and outer[0].status not in ("active", "hypothetical"):
            status = "inside"
        told_if = any(m.start() <= hit.start < m.end() for m in _INSTRUCTION.finditer(clause))
        hypothetical = told_if or scope.listed or _read_about(clause, hit)
        if status == "active" and hypothetical and _CONFESSED.search(clause) is None:
            status = "hypothetical"
        judged.append(replace(hit, status=status))
    return judged


def _read_about(clause: str, hit: Hit) -> bool:
    """A hypothetical ("if he gets chest pain"), or signs one reads about rather than shows ("the warning signs
    of a stroke", "chest pain warning signs"); "he is showing signs of a stroke" is current."""
    prefix = clause[: hit.start]
    if _HYPOTHETICAL.search(_SIGNS_SHOWN.sub(r"\1", prefix)):
        return True
    return _WARNING_SIGNS_AFTER.match(clause, hit.end) is not None and not _SHOWING_BEFORE.search(prefix)


def _status(hit: Hit, clause: str, seen: tuple[Sequence[Hit], Sequence[Hit]], scope: _Scope) -> str:
    """``seen`` holds the clause's matches, in order, and those already judged."""
    prefix, rest = clause[: hit.start], clause[hit.end :]
    negated = _negated(hit, prefix, seen[0]) or _listed_after(hit, clause, seen[1], "negated")
    if negated and not _REAFFIRM.match(rest):
        return "negated"
    if _POST_NEGATION.match(rest):
        return "negated"
    before, after = " ".join([*prefix.split()[-8:], clause[hit.start : hit.end]]), " ".join(rest.split()[:8])
    # "now" after the symptom describes today ("uses a wheelchair now"); it does not bring the event back.
    present = recent(f"{before} {BARE_NOW.sub(' ', after)}") or tense_turns_present(clause[: hit.end])
    history = dated_history(f"{before} {after}", prefix, clause, hit.concept.level)
    relative = scope.family and _RELATIVE.search(clause) is not None  # a relative's, in a family history
    tail = prefix.rstrip()
    told_at_visit = hit.concept.level < Level.EMERGENCY and _TOLD_AT_VISIT.search(tail) is not None
    if _HISTORY_OBJECT.search(tail) or ((history or relative or told_at_visit) and not present):
        return "history"
    topic = _ADMIN_FRAME.search(tail) or _TOPIC.search(tail) or _CARE_REASON.search(tail)
    framed = topic is not None and (history or not present)
    # In a job or volunteer application, experience ("handled cardiac arrests") is a skill, not an event.
    skill = scope.applying and _EXPERIENCE.search(clause) is not None and not present
    animal = scope.vet and frames.animal_subject(prefix)
    listed = _listed_after(hit, clause, seen[1], "administrative") and not present
    if framed or skill or animal or listed or frames.told_story(prefix):
        return "administrative"
    # A clinical mention told in the past, in a message that says it is over or asks for paperwork ("had
    # strep, fully recovered, need a note for school"), is history; an emergency needs a date to be history.
    told = RESOLVED.sub(" ", clause)
    told_past = PAST_EVENT.search(told) is not None and not tense_turns_present(told)
    clinical_over = scope.settled and hit.concept.level < Level.EMERGENCY and told_past and not recent(scope.sentence)
    # An emergency needs more: a dated sentence told in the past, then said to be over ("I'm fine now" after it:
    # "she was doing fine. On Monday she collapsed" is not over).
    over = clinical_over or (scope.closed_after and told_as_over(scope.sentence))
    # In a message about a death, "he had a massive stroke" told in the past is how he died, not an emergency now;
    # anyone else, or any "now", keeps it current ("now my son took all his pills").
    died = scope.deceased and told_past and _DECEASED_SUBJECT.match(clause) is not None
    over = over or (died and not recent(scope.sentence) and not BARE_NOW.search(scope.sentence))
    return "history" if over else "active"


def _form_list(before: str, sentence: str) -> bool:
    """``sentence`` is what a form, checklist or questionnaire named in ``before`` lists: it follows a sentence
    ending on that form, and names nobody and no time ("heart disease, chest pain during exercise, seizures").
    "The intake form: I have chest pain right now" names someone, so it stays a patient's own words."""
    return (
        _FORM_INTRO.search(before) is not None
        and _PERSON.search(sentence) is None
        and not recent(sentence)
        and not tense_turns_present(sentence)
    )


def _negated(hit: Hit, prefix: str, ordered: Sequence[Hit]) -> bool:
    """A negator up to four light words before the match ("not having any chest pain"), unless the negator
    belongs to another match ("can not breathe and chest hurts") or only hedges ("not sure if")."""
    words = prefix.split()
    for back in range(1, min(len(words), 5) + 1):
        word = words[-back]
        if word in ctx.NEGATORS:
            offset = len(" ".join(words[:-back])) + (1 if len(words) > back else 0)
            inside = any(o.start <= offset < o.end for o in ordered if o is not hit and o.end <= hit.start)
            hedge = _PSEUDO_NEGATION.match(" ".join(words[len(words) - back + 1 :]) or "x")
            return not inside and hedge is None
        if word not in ctx.NEGATION_LIGHT:
            return False
    return False


def _listed_after(hit: Hit, clause: str, judged: Sequence[Hit], status: str) -> bool:
    """A reading carries along a list: in "no fever, cough or chest pain" each item is denied, and in "a bill for
    chest pain and stroke" each item is paperwork."""
    before = [j for j in judged if j.end <= hit.start and j.concept.scoped]
    if not before:
        return False
    last = max(before, key=lambda j: j.end)
    gap = clause[last.end : hit.start].split()
    return last.status == status and all(w in ctx.LIST_GLUE for w in gap)
