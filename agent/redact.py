"""PHI redaction, re-exported: the pure module lives in ``carelayer/redact.py`` so that ``knowledge/``
(which redacts past tickets before indexing them) can use it too. Everything here is that module."""

from carelayer.redact import PLACEHOLDER, Redaction, luhn_valid, redact, redact_for_log, without_placeholders

__all__ = ["PLACEHOLDER", "Redaction", "luhn_valid", "redact", "redact_for_log", "without_placeholders"]
