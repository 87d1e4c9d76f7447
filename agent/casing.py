"""Shouted ticket text, lowercased: capitals carry no meaning the later steps can use.

Patients who are upset often write whole lines in capitals ("THIRD TIME ASKING FOR MY REFILL").
The embedding model reads "REFILL" and "refill" as different tokens (cosine 0.31 between the two
forms of one sentence, measured), so a shouted ticket is misread by both the classifier's meaning
features and the search. A line that is mostly capitals is lowercased; ordinary lines keep their
acronyms ("MRI", "HSA") and names, and redaction placeholders ("[PHONE]") are left as they are.
"""

from __future__ import annotations

import re

from agent.redact import PLACEHOLDER

# A line is shouted when at least this share of its cased letters are capitals ...
SHOUTED_SHARE = 0.7
# ... and it has at least this many of them ("OK", "ER" or "MRI?" alone are not shouting).
SHOUTED_MIN_LETTERS = 8
_LINE = re.compile(r"[^\n]+")


def unshout(text: str) -> str:
    """``text`` with each mostly-capitals line lowercased (placeholders kept); never raises on a str."""
    return _LINE.sub(_calm_line, text)


def _calm_line(match: re.Match[str]) -> str:
    line = match.group(0)
    letters = [c for c in PLACEHOLDER.sub(" ", line) if c.isalpha() and (c.isupper() or c.islower())]
    capitals = sum(c.isupper() for c in letters)
    if len(letters) < SHOUTED_MIN_LETTERS or capitals < SHOUTED_SHARE * len(letters):
        return line
    pieces, last = [], 0
    for placeholder in PLACEHOLDER.finditer(line):
        pieces += [line[last : placeholder.start()].lower(), placeholder.group(0)]
        last = placeholder.end()
    return "".join([*pieces, line[last:].lower()])
