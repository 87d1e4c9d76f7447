"""Reading a patient's message: which action it asks for, its parameters, and replies to a pending step.

Deterministic rules on lowercased text (no model): a wrong guess costs a handoff, never a wrong write,
because every write still needs an explicit confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

BOOK, RESCHEDULE = "appointments.book", "appointments.reschedule"
CANCEL, LIST = "appointments.cancel", "appointments.list"
DIRECTORY, REFILL = "directory.search", "refill.request"
ACTIONS = (BOOK, RESCHEDULE, CANCEL, LIST, DIRECTORY, REFILL)

_APPOINTMENT = r"(appointment|appt|visit|check-?up|consult\w*)"
_INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CANCEL, re.compile(rf"\bcancel\w*\b.*\b{_APPOINTMENT}|\b{_APPOINTMENT}\b.*\bcancel|\bcan'?t make it\b")),
    (RESCHEDULE, re.compile(rf"\breschedul\w*|\b(move|change|push back|switch)\b.*\b{_APPOINTMENT}")),
    (
        LIST,
        re.compile(rf"\bwhen is my (next )?{_APPOINTMENT}|\bupcoming {_APPOINTMENT}|\bwhat time is my {_APPOINTMENT}"),
    ),
    (REFILL, re.compile(r"\brefill\w*|\brenew\w* my (prescription|medication|meds)\b|\brunning (low|out) (of|on)\b")),
    (
        DIRECTORY,
        re.compile(
            r"\b(find|looking for|recommend|list|which|any|need)\b.*\b(doctors?|dermatologists?|cardiologists?|"
            r"providers?|physicians?|specialists?|pediatricians?)\b.*\b(who|that|speaks?|takes?|accepts?|in|near)\b"
            r"|\bwho (speaks|accepts|takes)\b"
        ),
    ),
    (BOOK, re.compile(rf"\b(book|schedule|make|set up|need|want|get|request)\b.*\b{_APPOINTMENT}|\bsee (a|the|dr)\b")),
)

# SNOMED CT practice-setting codes as used in PractitionerRole.specialty (R4 value set c80-practice-codes).
SPECIALTY_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("394582007", re.compile(r"\bdermatolog\w*|\bskin (doctor|specialist|check)")),
    ("394579002", re.compile(r"\bcardiolog\w*|\bheart (doctor|specialist)")),
    ("394537008", re.compile(r"\bpediatric\w*|\bpaediatric\w*|\bchild(ren'?s)? doctor")),
    ("419772000", re.compile(r"\bfamily (doctor|medicine|practice|physician)|\bprimary care|\bgp\b|\bgeneral practi")),
)

_CHOICE = re.compile(r"^\W*(?:option|number|no\.?|#)?\s*([1-9])(?:\W|$)")
_YES = frozenset({"yes", "yes.", "yes!", "confirm", "confirmed", "yes,", "y"})
_NO = re.compile(r"^\W*(no|nope|stop|don'?t|do not|never ?mind|not now)\b")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}  # fmt: skip
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_SLASHED = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_WORDY = re.compile(
    r"\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b"  # Feb 3, 1980
    r"|\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3,9}),? (\d{4})\b"  # 3rd February 1980
)


@dataclass(frozen=True, slots=True)
class Request:
    """What a first message asks: the action and its parameters (None when not said)."""

    action: str
    specialty_code: str | None = None


def detect(text: str, allowed: Iterable[str]) -> Request | None:
    """The first allowed action the text asks for, in a fixed precedence (cancel before book ...)."""
    lowered = " ".join(text.lower().split())
    wanted = set(allowed)
    for action, pattern in _INTENTS:
        if action in wanted and pattern.search(lowered):
            return Request(action, specialty(lowered))
    return None


def specialty(text: str) -> str | None:
    lowered = text.lower()
    return next((code for code, pattern in SPECIALTY_WORDS if pattern.search(lowered)), None)


def mentioned(text: str, names: Iterable[str]) -> set[str]:
    """Which of ``names`` (cities, languages, insurance networks, medicines) the text names, as given."""
    lowered = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    found = set()
    for name in names:
        words = " ".join(re.findall(r"[a-z0-9]+", name.lower()))
        if words and f" {words} " in lowered:
            found.add(name)
    return found


def choice(text: str, count: int) -> int | None:
    """The option number (1-based) a reply picks, when it starts with one in 1..count."""
    found = _CHOICE.match(text.strip().lower())
    number = int(found.group(1)) if found else None
    return number if number is not None and 1 <= number <= count else None


def confirms(text: str) -> bool:
    """Only an explicit YES/CONFIRM as the reply's first word confirms; anything else does not."""
    words = text.strip().lower().split()
    return bool(words) and words[0] in _YES


def declines(text: str) -> bool:
    return bool(_NO.match(text.strip().lower()))


def date_of_birth(text: str, *, today: date) -> date | None:
    """A date of birth written as 1980-02-03, 02/03/1980 (month first), Feb 3, 1980 or 3 February 1980."""
    lowered = text.lower()
    candidates: list[tuple[int, int, int]] = []
    for y, m, d in _ISO.findall(lowered):
        candidates.append((int(y), int(m), int(d)))
    for m, d, y in _SLASHED.findall(lowered):
        candidates.append((int(y), int(m), int(d)))
    for month1, day1, year1, day2, month2, year2 in _WORDY.findall(lowered):
        month = _MONTHS.get((month1 or month2)[:3])
        if month:
            candidates.append((int(year1 or year2), month, int(day1 or day2)))
    for year, month, day in candidates:
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if date(1900, 1, 1) <= found <= today:
            return found
    return None


def when(moment: datetime, zone: tzinfo = UTC) -> str:
    """'Tuesday 5 March, 3:00 pm' in the clinic's time zone (``actions.timezone``)."""
    moment = moment.astimezone(zone)
    hour = moment.strftime("%I").lstrip("0")
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B')}, {hour}:{moment.strftime('%M %p').lower()}"
