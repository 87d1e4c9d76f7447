"""carelayer.jsonvalues: times and ids read the same way for every vendor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from carelayer.jsonvalues import as_utc, numeric_id, parse_time


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-02T09:00:00Z", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        (" 2026-03-02T10:00:00+01:00 ", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        ("2026-03-02T16:00:00.000+0700", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        ("2026-03-02T09:00:00", datetime(2026, 3, 2, 9, tzinfo=UTC)),  # naive means UTC
        ("yesterday", None),
        ("", None),
        (None, None),
        (1772442000, None),
    ],
)
def test_parse_time_gives_aware_utc_or_none(value: object, expected: datetime | None) -> None:
    assert parse_time(value) == expected


def test_as_utc_converts_aware_and_labels_naive_times() -> None:
    eastern = datetime(2026, 3, 2, 4, tzinfo=timezone(timedelta(hours=-5)))

    assert as_utc(eastern) == datetime(2026, 3, 2, 9, tzinfo=UTC) and as_utc(eastern).tzinfo == UTC
    assert as_utc(datetime(2026, 3, 2, 9)) == datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42, "42"),
        ("42", "42"),
        (" 007 ", "7"),
        (0, None),
        ("0", None),
        (-3, None),
        (True, None),
        ("12a", None),
        (None, None),
    ],
)
def test_numeric_id_accepts_positive_numbers_and_numeric_strings_only(value: object, expected: str | None) -> None:
    assert numeric_id(value) == expected
