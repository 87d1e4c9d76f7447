"""When a red flag happened, read from its words: present cues, dated history, a tense that turns present.

Used by ``agent.safety`` to tell "I have chest pain right now" from "I had chest pain in 2019". Patterns are the
cues of ``agent.safety_context``; the text is already normalised (``agent.safety_rules.normalise``).
"""

from __future__ import annotations

import re

from agent import safety_context as ctx
from agent.safety_loader import Level

__all__ = [
    "BARE_NOW",
    "PAST_EVENT",
    "RECURRENCE",
    "RESOLVED",
    "dated_history",
    "recent",
    "tense_turns_present",
    "told_as_over",
]

# "now" on its own describes today ("uses a wheelchair now"); "right now" is a present cue.
BARE_NOW = re.compile(r"(?<!right )\bnow\b")
PAST_EVENT, RESOLVED = re.compile(ctx.PAST_EVENT), re.compile(ctx.RESOLVED)
# "the same pain again", "it's happening again": an episode told as history is back now.
RECURRENCE = re.compile(
    r"\b(?:the |that |this )?same (?:pain|pains|thing|symptoms?|feeling|episode|attack|problem) (?:\S+ )?"
    r"(?:again|is back|are back|came back|coming back|has come back|has returned|returned)\b|"
    r"\b(?:it|this|that) is (?:happening|starting|back) again\b|\bhaving (?:it|one|another one) again\b"
)
_HISTORY, _DATED, _PRESENT, _PRESENT_VERB, _ANCHOR, _PAST = map(
    re.compile, (ctx.HISTORY, ctx.DATED, ctx.PRESENT, ctx.PRESENT_VERB, ctx.ANCHOR, ctx.PAST)
)


def recent(text: str) -> bool:
    """A present cue, not counting the "now" of a resolution ("she's fine now") or a bare "now"."""
    return _PRESENT.search(BARE_NOW.sub(" ", RESOLVED.sub(" ", text))) is not None


def dated_history(window: str, prefix: str, clause: str, level: Level) -> bool:
    """A history cue that dates the symptom; a month, weekday or date counts only in a clause told in the
    past. A resolution ("fully recovered", "totally fine now") near a clinical mention closes it too; an
    emergency needs a date ("swallowed a battery and is fine now" is still an emergency)."""
    cues_at = [m.start() for m in _HISTORY.finditer(window)]
    if PAST_EVENT.search(clause):
        cues_at += [m.start() for m in _DATED.finditer(window)]
    if any(_dates_symptom(window, at, prefix) for at in cues_at):
        return True
    return level < Level.EMERGENCY and RESOLVED.search(window) is not None


def told_as_over(sentence: str) -> bool:
    """A sentence told in the past and dated, with nothing of now in it ("back in 2015 I had a bad reaction ...
    my throat swelled up"): in a message that also says the episode is over, even an emergency in it is history."""
    dated = _HISTORY.search(sentence) is not None or _DATED.search(sentence) is not None
    return (
        dated and PAST_EVENT.search(sentence) is not None and not recent(sentence) and not tense_turns_present(sentence)
    )


def tense_turns_present(text: str) -> bool:
    """A present verb after the last past one: "had a c-section last week and is bleeding" is current."""
    pasts = list(PAST_EVENT.finditer(text))
    return bool(pasts) and _PRESENT_VERB.search(text, pasts[-1].end()) is not None


def _dates_symptom(window: str, at: int, prefix: str) -> bool:
    """Whether the history cue at ``at`` dates the symptom itself (see ``ctx.ANCHOR``)."""
    return not _ANCHOR.search(window[:at]) or _PAST.search(prefix) is not None
