"""Typed settings of outreach campaigns (``campaigns:`` in config.yaml; outreach/README.md).

Only the shape is checked here; ``outreach.build`` checks what needs more than pydantic (templates use only
whitelisted fields, the time zone exists, the helpdesk is configured and can start conversations).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from carelayer.settings_base import Strict as _Strict


class AudienceSettings(_Strict):
    """Who a campaign reaches: a FHIR search, or a CSV the clinic uploaded.

    ``discharges``: finished Encounters (of ``encounter_class`` when set), anchored on the discharge time
    (``period.end``). ``screening_due``: active ServiceRequests with ``code`` (``system|code``), anchored on
    the due date (``occurrenceDateTime``). ``csv``: columns ``patient_id,first_name,email,anchor_date``
    (``path`` relative to the config file's folder).
    """

    kind: Literal["discharges", "screening_due", "csv"]
    encounter_class: str | None = None  # e.g. IMP (inpatient); any class when unset
    code: str | None = None  # screening_due: the ServiceRequest code token, e.g. http://loinc.org|24606-6
    path: Path | None = None  # csv only


class StepSettings(_Strict):
    """One message: sent on ``day`` (days after the anchor's local date; negative = before a due date)."""

    day: int = Field(ge=-365, le=365)
    subject: str = Field(min_length=1, max_length=200)
    message: str = Field(min_length=1, max_length=5000)  # Jinja (sandboxed): {{ first_name }}, {{ clinic_name }}
    name: str | None = Field(default=None, pattern=r"^[a-z0-9_-]+$")  # default: day<N>

    @property
    def key(self) -> str:
        return self.name or f"day{self.day}"


class QuietHoursSettings(_Strict):
    """No message goes out from ``start`` to ``end`` (local time; may wrap past midnight)."""

    start: time = time(20, 0)
    end: time = time(8, 0)


class FrequencyCapSettings(_Strict):
    """At most ``max_messages`` outreach messages (all campaigns) per patient in any ``per_days`` days."""

    max_messages: int = Field(default=1, ge=1, le=50)
    per_days: int = Field(default=1, ge=1, le=365)


class CampaignSettings(_Strict):
    name: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    enabled: bool = True
    audience: AudienceSettings
    steps: tuple[StepSettings, ...] = Field(min_length=1)
    helpdesk: str = Field(min_length=1)  # the name of an entry in helpdesks
    clinic_name: str = Field(min_length=1, max_length=200)
    timezone: str = "UTC"  # IANA name; days, quiet hours and the report are in this zone
    quiet_hours: QuietHoursSettings | None = QuietHoursSettings()
    frequency_cap: FrequencyCapSettings | None = FrequencyCapSettings()
    catch_up_days: int = Field(default=1, ge=0, le=30)  # a step missed for longer is never sent late
    opt_out_hint: str | None = "Reply STOP if you would rather not get these messages."
    opt_out_reply: str = "Thank you. We will not send you these messages again. You can still write to us here."
    escalate_group: str | None = None  # default: the clinical (or emergency) category's handoff group
    run_every_minutes: int = Field(default=15, ge=1, le=1440)  # how often `carelayer worker` runs it when idle

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: tuple[StepSettings, ...]) -> tuple[StepSettings, ...]:
        keys = [s.key for s in steps]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"step names must be unique; repeated: {', '.join(repeated)}")
        return steps


def check_unique_campaigns(campaigns: tuple[CampaignSettings, ...]) -> tuple[CampaignSettings, ...]:
    """``campaigns`` unchanged; ValueError naming the repeated names when two campaigns share one."""
    names = [c.name for c in campaigns]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"campaign names must be unique; repeated: {', '.join(repeated)}")
    return campaigns
