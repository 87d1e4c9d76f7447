"""English glosses of the administrative words in a ticket written in another language.

The offline classifier learns from the taxonomy and from labelled past tickets, nearly all of them in the
language of the knowledge (English by default). A Vietnamese "Phòng khám có nhận bảo hiểm Medicaid không?"
shares no word with what it learnt, so it was filed by the few words it did know (a name, "Medicaid"), often
wrongly: the ticket then waits in the wrong queue. A glossary maps the words patients use for appointments,
bills, refills, records, doctors and opening hours to a fixed English gloss ("insurance", "accept
insurance"), and ``EnglishHints`` puts the glosses of what it finds in front of the text, like a translated
subject line. It is no translation: it only helps the classifier route the ticket. The safety screen never
reads glosses (it reads the patient's own words), and a ticket in a language the screen cannot read still
goes to a person undrafted (``agent.pipeline``).

The glossaries are data, one file per language in ``agent/glossaries/<code>.tsv`` (format and provenance in
that folder's README). Each line is a gloss from ``GLOSSES`` and the phrases that mean it. Phrases are matched
whole-word on case-folded text without accents (and with plain apostrophes); ``*`` at a phrase's end or start
lets letters follow or precede (inflections, attached particles); Chinese phrases are matched anywhere (no
spaces between words).

Guarantees: ``Glossary.gloss`` and ``EnglishHints.__call__`` never raise on any ``str``; a text with nothing
found comes back unchanged; each gloss appears once, in the order of its first phrase in the text.
``Glossary.parse`` raises ``ConfigError`` naming the file and line of anything malformed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Protocol

from agent.safety_foreign import fold
from carelayer.errors import ConfigError

# Every gloss a glossary may use: the English words the classifier's training texts use for these requests.
GLOSSES = frozenset(
    {
        "appointment", "book appointment", "reschedule appointment", "cancel appointment", "appointment reminder",
        "late for appointment", "missed appointment", "today tomorrow this week", "telehealth video visit",
        "bill", "charge fee", "pay", "payment plan monthly", "owe balance", "refund", "insurance",
        "accept insurance", "cost price how much", "copay", "financial assistance", "prior authorization",
        "refill prescription", "prescription", "pharmacy", "medication", "running out of medication",
        "send prescription to pharmacy", "medical records", "copy of records", "send records", "form",
        "signed form letter", "work note school note", "test results", "results in portal",
        "correct record error", "privacy", "doctor", "family doctor", "pediatrician", "specialist",
        "new patient", "switch doctor", "referral", "speaks language", "hours open", "holiday closed",
        "location address", "parking", "directions", "ride transport", "interpreter",
        "wheelchair accessibility", "portal login", "password", "complaint", "feedback compliment",
        "lost item", "wait time", "flu shot vaccine", "bring children companion", "message text",
    }
)  # fmt: skip
# Scripts written without spaces between words: a phrase there is matched anywhere in the text.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FOLDER = "glossaries"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Entry:
    """A gloss and its phrases, each with a literal ``needle`` that must occur in the text before its pattern is
    tried: a substring test costs microseconds, and most phrases are absent from any one ticket."""

    gloss: str
    phrases: tuple[tuple[str, re.Pattern[str]], ...]

    def first(self, folded: str) -> int | None:
        """Where the earliest of its phrases starts in ``folded`` (case and accents folded), or None."""
        starts = [m.start() for needle, p in self.phrases if needle in folded and (m := p.search(folded)) is not None]
        return min(starts) if starts else None


@dataclass(frozen=True, slots=True)
class Glossary:
    """Per language (ISO 639-1), the glosses and the compiled phrases that mean them."""

    entries: Mapping[str, tuple[_Entry, ...]]

    @classmethod
    def shipped(cls) -> Glossary:
        """The glossaries inside the package (read and compiled once per process)."""
        return _shipped()

    @classmethod
    def parse(cls, files: Mapping[str, str], *, source: str = _FOLDER) -> Glossary:
        """A glossary from ``{language: file text}``; ``source`` names the folder in error messages."""
        entries = {language: _parse_file(text, f"{source}/{language}.tsv") for language, text in files.items()}
        return cls(MappingProxyType(entries))

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.entries)

    def gloss(self, text: str, languages: frozenset[str] | None = None) -> tuple[str, ...]:
        """The glosses of the phrases found in ``text``, searched in ``languages`` (all when None)."""
        folded = _fold(text)
        found: dict[str, int] = {}
        for language, entries in self.entries.items():
            if languages is not None and language not in languages:
                continue
            for entry in entries:
                start = entry.first(folded)
                if start is not None:
                    found[entry.gloss] = min(start, found.get(entry.gloss, start))
        return tuple(sorted(found, key=found.__getitem__))


class Detector(Protocol):
    """``agent.language.LanguageDetector``: an ISO 639-1 code, or None when unsure."""

    def detect(self, text: str) -> str | None: ...


class EnglishHints:
    """A text written in another language than ``native``, with the English glosses of its administrative
    words on a first line of their own; any other text unchanged.

    The glossary of the detected language is searched; a language without one (or one the detector confuses
    with a neighbour, Galician for Portuguese) has every glossary searched. Undetected (too short or unsure)
    and native texts are left alone: English tickets must read exactly as the classifier was trained.
    """

    __slots__ = ("_detector", "_glossary", "_native")

    def __init__(self, glossary: Glossary, detector: Detector, *, native: str = "en") -> None:
        self._glossary = glossary
        self._detector = detector
        self._native = native

    def __call__(self, text: str) -> str:
        return self.written_in(text, self._detector.detect(text))

    def written_in(self, text: str, language: str | None) -> str:
        """``__call__`` for a text whose language is already known (None: unknown)."""
        if language is None or language == self._native:
            return text
        languages = frozenset({language}) if language in self._glossary.languages else None
        said = set(_WORD.findall(_fold(text)))
        # An English word the patient already wrote ("doctor" in Spanish, or an English text the detector took
        # for Norwegian) is not said again.
        glosses = [g for g in self._glossary.gloss(text, languages) if not set(g.split()) <= said]
        return f"{' '.join(glosses)} \n {text}" if glosses else text


def _parse_file(text: str, name: str) -> tuple[_Entry, ...]:
    entries: list[_Entry] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        gloss, tab, phrases = line.partition("\t")
        where = f"{name}, line {number}"
        if not tab or not phrases.strip():
            raise ConfigError("expected '<gloss><TAB><phrase> | <phrase> ...'", location=where)
        if gloss.strip() not in GLOSSES:
            raise ConfigError(f"unknown gloss {gloss.strip()!r} (see agent.glossary.GLOSSES)", location=where)
        compiled = tuple(_phrase(p.strip(), where) for p in phrases.split("|") if p.strip())
        entries.append(_Entry(gloss.strip(), compiled))
    return tuple(entries)


def _phrase(phrase: str, where: str) -> tuple[str, re.Pattern[str]]:
    """A literal phrase's needle (its first word) and its regex on folded text: whole words unless ``*`` opens
    an end."""
    open_start, open_end = phrase.startswith("*"), phrase.endswith("*")
    core = _fold(phrase.strip("*")).strip()
    if not core or "*" in core:
        raise ConfigError(f"bad phrase {phrase!r}: '*' may only open its start or end", location=where)
    words = core.split()
    body = r"\s+".join(re.escape(word) for word in words)
    if _UNSPACED.search(core):
        return words[0], re.compile(body)
    # A leading "*" still starts at a word's start: "\w*" tried from every position of a long word is quadratic.
    start = r"(?<!\w)\w*" if open_start else r"(?<!\w)"
    end = r"\w*" if open_end else r"(?!\w)"
    return words[0], re.compile(f"{start}{body}{end}")


def _fold(text: str) -> str:
    """Case and accents folded, the typographic apostrophe phones type ("l’appuntamento") made plain, and the
    Polish ł, which Unicode does not decompose, written l as patients often type it."""
    return fold(text).replace("\u2019", "'").replace("\u0142", "l")


@functools.cache
def _shipped() -> Glossary:
    folder = resources.files("agent").joinpath(_FOLDER)
    files = {
        item.name.removesuffix(".tsv"): item.read_text(encoding="utf-8")
        for item in folder.iterdir()
        if item.name.endswith(".tsv")
    }
    return Glossary.parse(dict(sorted(files.items())))
