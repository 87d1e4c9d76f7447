"""Typed settings of patient actions over FHIR (``fhir:``, ``actions:``; actions/README.md).
Re-exported by ``carelayer.settings``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from carelayer.settings_base import Strict as _Strict


class FhirSettings(_Strict):
    """The EHR's FHIR R4 endpoint for patient actions (actions/README.md); the secret comes from the env."""

    base_url: str = Field(pattern=r"^https?://[^\s]+$")
    auth: Literal["none", "bearer", "smart_backend"] = "bearer"
    token_env: str = "CARELAYER_FHIR_TOKEN"  # bearer: the token itself
    token_url: str | None = None  # smart_backend: the authorization server's token endpoint
    client_id: str | None = None
    private_key_env: str = "CARELAYER_FHIR_PRIVATE_KEY"  # smart_backend: PEM of the registered RS384/ES384 key
    key_id: str | None = None
    scope: str = "system/Patient.rs system/Appointment.cruds system/Slot.rus system/Task.c"
    timeout_seconds: float = Field(default=15, gt=0, le=120)


class ActionsSettings(_Strict):
    """Patient actions over FHIR: which run for which category, and how a requester is matched."""

    enabled: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # category -> action names
    risk: dict[str, Literal["read", "write", "needs_approval"]] = Field(default_factory=dict)  # overrides
    match_by: Literal["email", "identifier"] = "email"  # requester email, or requester id as an identifier
    identifier_system: str | None = None  # match_by identifier: the Patient.identifier system
    ask_date_of_birth: bool = True
    pending_minutes: int = Field(default=60, ge=1, le=10080)
    approval_hours: int = Field(default=72, ge=1, le=720)  # how long a needs_approval link stays valid
    slot_days: int = Field(default=14, ge=1, le=90)
    max_options: int = Field(default=3, ge=1, le=9)
    refill_as: Literal["task", "medication_request"] = "task"
    controlled_extra: tuple[str, ...] = ()  # more ingredient names that always hand off (actions/refills.py)
    policy_article: str | None = "cancellation-policy.md"  # knowledge article quoted on cancel
    directory_url: str | None = None  # e.g. https://clinic.example/doctors/{id}
    timezone: str = "UTC"  # IANA name the clinic's times are told in, e.g. America/Chicago
