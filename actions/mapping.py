"""FHIR R4 JSON -> the frozen views of ``actions.types``; pure, no network.

Field names follow the R4 resources: https://hl7.org/fhir/R4/patient.html, slot.html, appointment.html,
practitionerrole.html, medicationrequest.html. Accepted insurance is read from the Da Vinci Plan-Net
``network-reference`` extension on PractitionerRole (the US directory convention; R4 core has no field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from actions.types import Medicine, PatientMatch, Provider, SlotOption, Visit

Json = Mapping[str, Any]
NETWORK_EXTENSION = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference"


def patient(resource: Json) -> PatientMatch:
    return PatientMatch(str(resource["id"]), _date(resource.get("birthDate")))


def slot(resource: Json, *, practitioner: tuple[str | None, str], location: tuple[str | None, str]) -> SlotOption:
    """A free slot; ``practitioner``/``location`` are (reference, display) found through its Schedule."""
    return SlotOption(
        slot_id=str(resource["id"]),
        start=_instant(resource["start"]),
        end=_instant(resource["end"]),
        practitioner_ref=practitioner[0],
        practitioner=practitioner[1],
        location_ref=location[0],
        location=location[1],
    )


def visit(resource: Json) -> Visit:
    """An Appointment; the practitioner is its first Practitioner participant."""
    doctor: Json = next(
        (p["actor"] for p in resource.get("participant", ()) if _ref_type(p.get("actor")) == "Practitioner"), {}
    )
    slots = resource.get("slot") or [{}]
    specialty = _first_code(resource.get("specialty", ()))
    return Visit(
        appointment_id=str(resource["id"]),
        start=_instant(resource["start"]),
        end=_instant(resource["end"]) if resource.get("end") else None,
        slot_id=ref_id(slots[0]),
        practitioner_ref=doctor.get("reference"),
        practitioner=str(doctor.get("display") or "your clinician"),
        specialty_code=specialty,
    )


def practitioner_name(resource: Json) -> str:
    """'Dr. Asha Patel' from the first HumanName (prefix, given names, family)."""
    names = resource.get("name") or [{}]
    name = names[0]
    parts = [*name.get("prefix", ()), *name.get("given", ()), name.get("family", "")]
    return " ".join(p for p in parts if p) or str(name.get("text") or "a clinician")


def provider(role: Json, practitioners: Mapping[str, Json], locations: Mapping[str, Json]) -> Provider:
    """A directory entry from a PractitionerRole and the Practitioner/Location resources it references."""
    doctor = practitioners.get(str(role.get("practitioner", {}).get("reference", "")), {})
    places = [locations[r] for r in _refs(role.get("location", ())) if r in locations]
    languages = tuple(
        str(c.get("text") or next((x.get("display") for x in c.get("coding", ())), ""))
        for c in doctor.get("communication", ())
    )
    networks = tuple(
        str(e.get("valueReference", {}).get("display", ""))
        for e in role.get("extension", ())
        if e.get("url") == NETWORK_EXTENSION
    )
    specialty = next((_concept_text(c) for c in role.get("specialty", ())), "")
    phone = next((t.get("value") for t in role.get("telecom", ()) if t.get("system") == "phone"), None)
    return Provider(
        role_id=str(role["id"]),
        practitioner_id=ref_id(role.get("practitioner")),
        name=practitioner_name(doctor) if doctor else str(role.get("practitioner", {}).get("display", "")),
        specialty=specialty,
        languages=tuple(x for x in languages if x),
        networks=tuple(x for x in networks if x),
        locations=tuple(str(p.get("name", "")) for p in places),
        cities=tuple(str(p.get("address", {}).get("city", "")) for p in places),
        phone=phone,
    )


def medicine(resource: Json) -> Medicine:
    concept = resource.get("medicationCodeableConcept") or {}
    coding: Json = next(iter(concept.get("coding", ())), {})
    return Medicine(
        request_id=str(resource["id"]),
        name=_concept_text(concept) or "a medicine",
        code=coding.get("code"),
        code_system=coding.get("system"),
    )


def bundle_resources(bundle: Json, resource_type: str | None = None) -> list[Json]:
    """The entries' resources of a searchset Bundle (of one type when given)."""
    found = [e["resource"] for e in bundle.get("entry", ()) if "resource" in e]
    return [r for r in found if resource_type is None or r.get("resourceType") == resource_type]


def _concept_text(concept: Json) -> str:
    return str(concept.get("text") or next((c.get("display") for c in concept.get("coding", ())), "") or "")


def _first_code(concepts: Iterable[Json]) -> str | None:
    for concept in concepts:
        for coding in concept.get("coding", ()):
            if coding.get("code"):
                return str(coding["code"])
    return None


def _refs(items: Iterable[Json]) -> list[str]:
    return [str(i["reference"]) for i in items if i.get("reference")]


def _ref_type(ref: Json | None) -> str | None:
    text = str((ref or {}).get("reference", ""))
    return text.split("/", 1)[0] if "/" in text else None


def ref_id(ref: Json | None) -> str | None:
    text = str((ref or {}).get("reference", ""))
    return text.split("/", 1)[1] if "/" in text else None


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None  # a partial FHIR date (1980 or 1980-03) cannot verify anyone
