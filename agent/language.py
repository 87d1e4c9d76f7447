"""Which language a ticket is written in, offline (py3langid ships its model inside the wheel).

The approved knowledge and the reply templates are written in one language (``replies.language``).
A ticket confidently written in another one is still triaged and drafted (the draft helps the agent
who answers it), but it is never auto-replied in a language the patient did not write in, and it
is tagged ``<prefix>_lang_<code>`` so the helpdesk can route it to a colleague who reads it.

Short texts are guessed poorly ("MRI authorization status" reads as German at 0.36): a language is
only reported from enough words and with a high normalised probability; otherwise None (unknown).
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from agent.redact import PLACEHOLDER

# Below these, py3langid's guesses on ticket-like texts were unreliable (measured on short subjects).
MIN_WORDS = 4
MIN_PROBABILITY = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")


class LanguageDetector:
    """``detect`` takes well under a millisecond; the shipped model is loaded once per process."""

    def __init__(self) -> None:
        self._identifier = _shipped_model()

    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of ``text``'s language, or None when it cannot be told with confidence."""
        text = PLACEHOLDER.sub(" ", text)
        if len(_WORD.findall(text)) < MIN_WORDS:
            return None
        code, probability = self._identifier.classify(text)
        return str(code) if float(probability) >= MIN_PROBABILITY else None


# Read-only data inside the wheel, like the safety lexicon's compiled patterns: one load (~0.2 s) serves every
# agent (cross-validation builds one per fold, the console two per fold, the worker one per settings change).
@functools.cache
def _shipped_model() -> LanguageIdentifier:
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
