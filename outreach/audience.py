"""Who a campaign reaches, and from which day each patient's schedule counts: the shared types and the
CSV audience (FHIR audiences: ``outreach.fhir_audience``, imported only when one is configured).

Patients without an email address are left out (counted as unreachable), never guessed at.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Protocol

from carelayer.campaign_settings import AudienceSettings
from carelayer.errors import ConfigError, InputError

CSV_COLUMNS = ("patient_id", "first_name", "email", "anchor_date")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One patient a campaign may message: ``anchor`` is the local date the steps' days count from."""

    patient_id: str
    first_name: str
    email: str
    anchor: date


@dataclass(frozen=True, slots=True)
class Audience:
    recipients: tuple[Recipient, ...]
    unreachable: int  # in the cohort but no active Patient or no email address


class AudienceSource(Protocol):
    def load(self, audience: AudienceSettings, *, since: date, zone: tzinfo, location: str) -> Audience: ...


class CsvAudience:
    """An uploaded CSV (``patient_id,first_name,email,anchor_date``); paths relative to ``base``."""

    def __init__(self, base: Path) -> None:
        self._base = base

    def load(self, audience: AudienceSettings, *, since: date, zone: tzinfo, location: str) -> Audience:
        if audience.path is None:
            raise ConfigError("a csv audience needs path", location=f"{location}.path")
        path = audience.path if audience.path.is_absolute() else self._base / audience.path
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise InputError(f"{path}: cannot read the audience CSV ({type(error).__name__})") from error
        recipients, unreachable = [], 0
        for line, row in enumerate(rows, start=2):
            missing = [c for c in CSV_COLUMNS if c not in row]
            if missing:
                raise InputError(f"{path}: line {line}: missing column(s) {', '.join(missing)}")
            try:
                anchor = date.fromisoformat(str(row["anchor_date"]).strip())
            except ValueError as error:
                raise InputError(f"{path}: line {line}: anchor_date must be YYYY-MM-DD") from error
            email = str(row["email"] or "").strip()
            if not email or "@" not in email or not str(row["patient_id"] or "").strip():
                unreachable += 1
                continue
            name = str(row["first_name"] or "").strip()
            recipients.append(Recipient(str(row["patient_id"]).strip(), name, email, anchor))
        return Audience(tuple(r for r in recipients if r.anchor >= since), unreachable)


def earliest_anchor(today: date, *, max_day: int, catch_up_days: int) -> date:
    """The oldest anchor whose last step can still be due today (older cohorts are not read at all)."""
    return today - timedelta(days=max(max_day, 0) + catch_up_days)
