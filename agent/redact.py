"""PHI redaction, re-exported: the pure module lives in ``carelayer/redact.py`` so that ``knowledge/``
(which redacts past tickets before indexing them) can use it too. Everything here is that module."""

from carelayer.redact import Redaction, luhn_valid, redact, redact_for_log

__all__ = ["Redaction", "luhn_valid", "redact", "redact_for_log"]
