"""Readers of the small values every vendor's JSON carries: ISO-8601 times and positive numeric ids. Pure.

The ``mapping.py`` of each helpdesk and the knowledge sources' mappings read these the same way; the
vendor-specific shapes (JSM's ``DateDTO``, issue keys ...) stay in their vendor module.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_DIGITS = re.compile(r"^[0-9]{1,20}$")


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_time(value: object) -> datetime | None:
    """An ISO-8601 timestamp (``Z`` and ``+0700`` offsets included) as an aware UTC datetime.

    None when absent, empty or unreadable; a naive timestamp means UTC.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return as_utc(parsed)


def numeric_id(value: object) -> str | None:
    """A positive numeric id (JSON number or numeric string) as a string; None for null, empty, 0 or non-numeric."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value > 0 else None
    if isinstance(value, str) and _DIGITS.match(value.strip()) and int(value) > 0:
        return str(int(value))
    return None
