"""Frozen, vendor-neutral views of the FHIR resources patient actions use (mapped in ``actions.mapping``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Risk(StrEnum):
    """How much an action may do: ``needs_approval`` actions become an internal note instead of running."""

    READ = "read"
    WRITE = "write"
    NEEDS_APPROVAL = "needs_approval"


@dataclass(frozen=True, slots=True)
class PatientMatch:
    """A Patient found by the requester's verified contact; never shown to anyone before verification."""

    id: str
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class SlotOption:
    """A free Slot, with who and where in plain words."""

    slot_id: str
    start: datetime
    end: datetime
    practitioner_ref: str | None
    practitioner: str
    location_ref: str | None = None
    location: str = ""


@dataclass(frozen=True, slots=True)
class Visit:
    """One of the patient's upcoming booked Appointments."""

    appointment_id: str
    start: datetime
    end: datetime | None
    slot_id: str | None
    practitioner_ref: str | None
    practitioner: str
    specialty_code: str | None = None


@dataclass(frozen=True, slots=True)
class Provider:
    """A PractitionerRole as the directory shows it."""

    role_id: str
    practitioner_id: str | None
    name: str
    specialty: str
    languages: tuple[str, ...]
    networks: tuple[str, ...]
    locations: tuple[str, ...]
    cities: tuple[str, ...]
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Medicine:
    """An active MedicationRequest on the patient's list."""

    request_id: str
    name: str
    code: str | None = None
    code_system: str | None = None
