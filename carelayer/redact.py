"""PHI redaction: identifiers in ticket text become typed placeholders before text leaves the process (or is
indexed from past tickets). Pure: imported by `agent` (pipeline) and `knowledge` (past-ticket sources).

Guarantees of ``redact``:

- every match is replaced whole (a phone with its extension, a card with its separators): never a partial
  identifier;
- it is idempotent: ``redact(redact(x).text).text == redact(x).text`` (placeholders are never re-matched);
- it is deterministic and offline (stdlib ``re`` only).

Placeholders: [EMAIL] [PHONE] [SSN] [CARD] [DOB] [MRN] [ACCOUNT] [MEMBER_ID] [ID] [ADDRESS] [NAME].
Deliberately kept: dates that are not introduced as a birth date (appointment dates are needed to help),
times, dollar amounts, short ticket numbers ("#1234"), provider names after "Dr." (needed for routing,
not patient identifiers). An unlabelled run of 9+ digits, or a code mixing letters with 6+ digits, is
treated as some identifier: [ID].
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["PLACEHOLDER", "Redaction", "luhn_valid", "redact", "redact_for_log", "without_placeholders"]

# Any placeholder ``redact`` writes ("[PHONE]", "[MEMBER_ID]").
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*\]")


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted text and how many identifiers of each kind were replaced (kind -> count)."""

    text: str
    counts: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None  # extra validation of the value (Luhn for cards)


_SEP = r"\b\s*(?:#|no\.?|num(?:ber)?|nbr)?\s*(?:is|was|of|shows|says|reads|:|=|-)?\s*#?\s*"
# An identifier: its first group holds a digit; more digit groups may follow after single spaces.
_VALUE = r"(?P<v>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,24}[A-Za-z0-9](?: \d[\d-]*\d)*)(?![\w-])"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{1,2}}-\d{{1,2}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_DAY}\s+(?:of\s+|de\s+)?{_MONTH},?\s+(?:de\s+)?\d{{4}}|{_MONTH}\s+{_DAY}|{_MONTH},?\s+\d{{4}}|"
    rf"{_DAY}\s+(?:of\s+)?{_MONTH}|(?:19|20)\d{{2}})"
)
_STATES = (
    r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|PR|RI|S[CD]|T[NX]|UT|"
    r"V[AIT]|W[AIVY])"
)
_STRONG_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|parkway|pkwy|highway|hwy|terrace|ter|drive|"
    r"(?-i:Dr)|court|ct|circle|cir|place|pl|way)"
)
_STREET_WORD = (
    r"(?!(?:at|in|on|to|for|from|of|the|a|an|and|or|is|was|my|your|his|her|pm|am|mg|ml|times|pills|tablets|"
    r"days|weeks|hours|minutes|minute|min|mins|mile|miles|km|hour|by|with|per|each|every|about|since|until|"
    r"dr|last|next|this|that)\b)"
    # A word ends in a letter or digit, so a street never runs over a sentence's end ("6785 last month. Dr.
    # Lee" is not a street); a single letter may keep its period ("12 N. Main St").
    r"(?:[A-Za-z]\.|[A-Za-z0-9](?:[A-Za-z0-9'.-]*[A-Za-z0-9])?)"
)
_UNIT = r"(?:,?\s*(?:apt|apartment|unit|suite|ste|fl|floor|rm|room|bldg|building|#)\.?\s*#?\s*[A-Za-z0-9-]+)"
_CITY_STATE_ZIP = (
    rf"(?-i:,?\s+(?:[A-Z][A-Za-z.'-]+\s+){{0,2}}[A-Z][A-Za-z.'-]+,?\s+{_STATES}\b\.?(?:\s+\d{{5}}(?:-\d{{4}})?)?)"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that look like a name after a cue but are not one ("This is Urgent", "Thanks, Doctor").
_NOT_NAMES = _words(
    "i a an the this that it is am are was not no yes so very just still really also now here there again "
    "back new your my his her our their on in at with from for to and or but if when about regarding re "
    "calling writing following reaching emailing asking requesting looking trying having getting wondering "
    "wanting hoping doctor dr nurse team everyone all everybody you much support billing clinic office "
    "staff sir madam maam mam friends folks ok okay please thanks thank hope happy good morning afternoon "
    "evening hospital patient customer service care department front desk scheduling records pharmacy "
    "insurance sorry confused concerned worried urgent important type diabetic pregnant allergic sick ill "
    "unable able out over under currently due interested hi hello hey dear regards best sincerely cheers "
    "again sent mr mrs ms miss mx god lord name there's monday tuesday wednesday thursday friday saturday sunday"
)
# Known-name tokens that are also everyday words only match when capitalised ("Bill" yes, "bill" no).
_WORDLIKE_NAMES = _words(
    "will bill may june april august hope grace joy faith mark rose summer dawn ray frank jack pat sue max "
    "art chase lane case page young white black brown green long king hall wood price rich love bell hill "
    "park autumn sky star angel honey amber ruby pearl crystal iris lily ivy daisy holly violet robin drew "
    "gene rod sandy penny buck dean don gale hunter miles norm reed skip stone wade rusty sunny glen cash"
)
_NAME = r"(?:[A-Z][a-z]*['’-]?[A-Za-z]+|[A-Z]\.)"
_NAME_ANY = r"(?:[A-Za-z][A-Za-z'’-]+)"
_SIGN_OFF = (
    r"(?:thanks(?: again| so much)?|thank you(?: so much)?|thx|many thanks|best regards|kind regards|warm regards|"
    r"regards|best wishes|best|sincerely|yours truly|respectfully|cheers|take care|gracias|saludos|atentamente)"
)


def redact(text: str, *, known_names: Sequence[str] = ()) -> Redaction:
    """Replace the identifiers in ``text`` by typed placeholders (see the module docstring)."""
    counts: Counter[str] = Counter()
    for rule in _rules():
        text = _apply(rule, text, counts)
    text = _redact_names(text, known_names, counts)
    return Redaction(text=text, counts=dict(counts))


def redact_for_log(text: str) -> str:
    """``redact(text).text``: the form of ticket text that may be written to a log."""
    return redact(text).text


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (13 to 19 of them) pass the Luhn checksum used by payment cards."""
    if not (13 <= len(digits) <= 19 and digits.isdigit()):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _phone_digits(digits: str) -> bool:
    return 8 <= len(digits) <= 15


def _apply(rule: _Rule, text: str, counts: Counter[str]) -> str:
    def replace(m: re.Match[str]) -> str:
        group = "v" if "v" in m.re.groupindex and m.group("v") is not None else 0
        value = m.group(group)
        if rule.check is not None and not rule.check(re.sub(r"\D", "", value)):
            return m.group(0)
        counts[rule.kind] += 1
        start, end = m.span(group)
        # A street suffix's period may also end the sentence: keep it ("12 Oak Dr." -> "[ADDRESS].").
        tail = "." if value.endswith(".") else ""
        return m.string[m.start() : start] + f"[{rule.kind}]{tail}" + m.string[end : m.end()]

    return rule.pattern.sub(replace, text)


_I = re.IGNORECASE
# (kind, pattern, flags, check) in order: labelled identifiers first, then the bare shapes that could
# otherwise swallow them (an MRN looks like a phone), names last (see ``_redact_names``).
_SPECS: tuple[tuple[str, str, int, Callable[[str], bool] | None], ...] = (
    ("EMAIL", r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", 0, None),
    (
        "SSN",
        r"\b(?:ssn|ss#|social security(?: number| no\.?| #)?|social)"
        + _SEP
        + r"(?P<v>\d{3}[- ]?\d{2}[- ]?\d{4})(?!\d)",
        _I,
        None,
    ),
    (
        "SSN",
        r"\b(?:(?:ssn|social(?: security(?: number)?)?)\s*(?:ending in|ends in|last (?:4|four)(?: digits)?)"
        r"|last (?:4|four)(?: digits)? of (?:my|his|her|the) (?:ssn|social(?: security(?: number)?)?))"
        r"(?: is| are|:)?\s*(?P<v>\d{4})(?!\d)",
        _I,
        None,
    ),
    (
        "DOB",
        r"\b(?:d\.?o\.?b\.?|date of birth|birth ?date|birthday|b-?day|born(?: on| in)?|fecha de nacimiento|"
        r"nacid[oa](?: el| en)?)\s*(?:is|was|:|-|=|of)?\s*(?P<v>" + _DATE + r")(?![\w/-])",
        _I,
        None,
    ),
    (
        "MRN",
        r"\b(?:medical record|med(?:ical)? rec(?:ord)?|mrn|patient (?:id|identifier)|patient(?= number)|"
        r"chart|record|hospital (?:id|number)|pt id)" + _SEP + _VALUE,
        _I,
        None,
    ),
    (
        "MEMBER_ID",
        r"\b(?:member(?: id)?|subscriber(?: id)?|policy(?: id)?|group(?: id)?|insurance id|"
        r"(?:medicaid|medicare)(?: id)?|mbi|id card)" + _SEP + _VALUE,
        _I,
        None,
    ),
    (
        "ACCOUNT",
        r"\b(?:account|acct\.?|billing (?:id|account)|guarantor(?: id)?|invoice|statement|claim(?: id)?)"
        + _SEP
        + _VALUE,
        _I,
        None,
    ),
    ("CARD", r"\b(?:cvv2?|cvc|security code)\s*(?:is|:)?\s*(?P<v>\d{3,4})(?!\d)", _I, None),
    (
        "CARD",
        r"\b(?:card|visa|master ?card|amex|american express|discover|debit|credit)(?: card)?(?: number)?,?\s*"
        r"(?:that )?(?:ending|ends)\s*(?:in|with)?\s*(?:#|:)?\s*(?P<v>\d{4})(?!\d)",
        _I,
        None,
    ),
    (
        "CARD",
        r"\b(?:exp(?:iration|iry)?(?: date)?|expires)\s*(?:is|:)?\s*(?P<v>\d{1,2}\s*/\s*\d{2,4})(?![\d/])",
        _I,
        None,
    ),
    (
        "CARD",
        r"(?<![\d-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})(?![\d-])",
        0,
        luhn_valid,
    ),
    # Card-shaped groups that fail Luhn are still some identifier: never leave them readable.
    ("ID", r"(?<![\d-])\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?![\d-])", 0, None),
    ("SSN", r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", 0, None),
    (
        "PHONE",
        r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}"
        r"(?:\s*,?\s*(?:ext\.?|extension|x|#)\s*\d{1,6})?(?!\d)",
        _I,
        None,
    ),
    ("PHONE", r"(?<![\w+])(?:\+?1)?\d{10}(?!\d)|(?<![\w.-])\d{3}[.-]\d{4}(?![\w.-])", 0, None),
    ("PHONE", r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\d-])", 0, _phone_digits),
    ("ADDRESS", r"\bp\.?\s?o\.?\s+box\s+\d+" + _CITY_STATE_ZIP + r"?", _I, None),
    (
        "ADDRESS",
        r"\b\d{1,6}(?:-\d{1,4})?[A-Za-z]?(?:\s+" + _STREET_WORD + r"){1,4}\s+" + _STRONG_SUFFIX + r"\b\.?"
        r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?" + _UNIT + r"?" + _CITY_STATE_ZIP + r"?",
        _I,
        None,
    ),
    ("ADDRESS", r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s" + _STATES + r"\s\d{5}(?:-\d{4})?\b", 0, None),
    ("ADDRESS", r"\bzip(?: code)?\s*(?:is|:)?\s*(?P<v>\d{5}(?:-\d{4})?)\b", _I, None),
    (
        "ID",
        r"(?<![\w-])\d{9,}(?![\w-])|\b(?=[A-Za-z]*\d)(?=(?:[A-Za-z]*\d){6})(?=\w*[A-Za-z])[A-Za-z0-9]{8,}\b",
        0,
        None,
    ),
)


@functools.cache
def _rules() -> tuple[_Rule, ...]:
    return tuple(_Rule(kind, re.compile(pattern, flags), check) for kind, pattern, flags, check in _SPECS)


def _redact_names(text: str, known_names: Sequence[str], counts: Counter[str]) -> str:
    found = _cue_names(text)
    tokens = {t for name in known_names for t in re.split(r"[\s,]+", name)}
    tokens |= {text[s:e] for s, e in found}
    pattern = _name_pattern(tokens)
    spans = sorted(set(found) | ({m.span() for m in pattern.finditer(text)} if pattern else set()))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 2 and not text[merged[-1][1] : start].strip(" ,"):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + "[NAME]" + text[end:]
    if merged:
        counts["NAME"] += len(merged)
    return text


def _name_pattern(tokens: set[str]) -> re.Pattern[str] | None:
    alternatives = []
    for token in sorted({t.strip('.,;:()"') for t in tokens}, key=len, reverse=True):
        if len(token) < 2 or token.lower() in _NOT_NAMES or not re.search(r"[A-Za-z]", token):
            continue
        if token.lower() in _WORDLIKE_NAMES:
            alternatives.append(rf"(?-i:{re.escape(token[0].upper() + token[1:].lower())}|{re.escape(token.upper())})")
        else:
            alternatives.append(re.escape(token))
    if not alternatives:
        return None
    return re.compile(r"(?<![\w\[])(?:" + "|".join(alternatives) + r")(?![\w\]])", re.IGNORECASE)


def _cue_names(text: str) -> list[tuple[int, int]]:
    """Spans of single name words introduced by a cue: "my name is", "Patient:", "Dear", a sign-off ..."""
    spans: list[tuple[int, int]] = []
    for cue, word, upto in _name_cues():
        for m in cue.finditer(text):
            spans.extend(_take_names(text, m.end(), word, upto))
    return spans


def _take_names(text: str, position: int, word: re.Pattern[str], upto: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while len(spans) < upto:
        m = word.match(text, position)
        if m is None or m.group(1).lower().strip(".'’") in _NOT_NAMES:
            break
        spans.append(m.span(1))
        position = m.end()
    return spans


@functools.cache
def _name_cues() -> tuple[tuple[re.Pattern[str], re.Pattern[str], int], ...]:
    i, m = re.IGNORECASE, re.IGNORECASE | re.MULTILINE
    capital = re.compile(r"[ \t]*(" + _NAME + r")(?![\w\]])")
    anycase = re.compile(r"[ \t]*(" + _NAME_ANY + r")(?![\w\]])")
    return (
        (re.compile(r"\b(?:my name is|my name's|name is|me llamo|mi nombre es)", i), anycase, 3),
        (re.compile(r"\b(?:patient(?: name)?|pt|full name|name)\s*:", i), anycase, 3),
        (re.compile(r"^[ \t]*(?:(?:hi|hello|hey)[ \t,!]+)?(?:this is|i'm|i am|it's)(?=[ \t])", m), capital, 3),
        (re.compile(r"\b(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))(?=[ \t])", i), capital, 2),
        (re.compile(r"\b(?:mr|mrs|ms|miss|mx)\.?(?=[ \t])", i), capital, 2),
        (
            re.compile(
                r"\bmy (?:son|daughter|husband|wife|mom|mother|dad|father|child|baby|brother|sister|partner|"
                r"boyfriend|girlfriend|grandson|granddaughter|grandmother|grandfather|kid)(?=[ \t])",
                i,
            ),
            capital,
            2,
        ),
        (
            re.compile(
                r"(?:^|(?<=[.!?]))[ \t]*" + _SIGN_OFF + r"[ \t]*[,.!-]*[ \t]*(?:\r?\n[ \t]*)*(?=[ \t]*" + _NAME + r")",
                m,
            ),
            capital,
            3,
        ),
        (re.compile(r"^[ \t]*[-–—~]+(?=[ \t]*" + _NAME + r"[ \t]*(?:" + _NAME + r"[ \t]*)?$)", m), capital, 2),
    )


def without_placeholders(text: str) -> str:
    """``text`` without redaction placeholders: for searching, where "[PHONE]" or "[DOB]" would match
    articles about phone numbers or birth dates although the patient asked about neither."""
    return PLACEHOLDER.sub(" ", text)
