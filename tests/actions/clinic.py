"""A synthetic clinic as one FHIR transaction Bundle: patients, practitioners, roles, locations, schedules,
slots, appointments and medication lists. Every name, date and address is invented.

Times are fixed in 2030 so they are in the future for the FHIR server and the tests' injected clock alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # a Monday morning
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
NETWORK = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference"
SPECIALTIES = {"family": ("419772000", "Family practice"), "derm": ("394582007", "Dermatology"),
               "cardio": ("394579002", "Cardiology")}  # fmt: skip

JANE = {"email": "jane.doe@example.org", "dob": "1980-02-03", "id": "pat-jane"}
OMAR = {"email": "omar.h@example.org", "dob": "1990-11-20", "id": "pat-omar", "helpdesk_id": "req-omar"}
HELPDESK_SYSTEM = "urn:example:helpdesk-user"  # Omar's helpdesk user id is on his Patient record
SHARED_EMAIL = "the.kims@example.org"  # a parent and a child share it
KIM_PARENT_DOB = "1975-06-01"


def _at(day: int, hour: int, minute: int = 0) -> str:
    return (NOW + timedelta(days=day)).replace(hour=hour, minute=minute).isoformat().replace("+00:00", "Z")


def _patient(pid: str, family: str, given: str, dob: str, email: str) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": pid, "active": True, "name": [{"family": family, "given": [given]}],
            "birthDate": dob, "telecom": [{"system": "email", "value": email}]}  # fmt: skip


def _doctor(did: str, prefix: str, given: str, family: str, languages: list[str]) -> dict[str, Any]:
    return {"resourceType": "Practitioner", "id": did, "active": True,
            "name": [{"prefix": [prefix], "given": [given], "family": family}],
            "communication": [{"text": lang} for lang in languages]}  # fmt: skip


def _location(lid: str, name: str, city: str) -> dict[str, Any]:
    return {"resourceType": "Location", "id": lid, "status": "active", "name": name,
            "address": {"line": ["1 Example Way"], "city": city, "state": "ZZ"}}  # fmt: skip


def _role(rid: str, did: str, lid: str, specialty: str, networks: list[str]) -> dict[str, Any]:
    code, text = SPECIALTIES[specialty]
    return {"resourceType": "PractitionerRole", "id": rid, "active": True,
            "practitioner": {"reference": f"Practitioner/{did}"}, "location": [{"reference": f"Location/{lid}"}],
            "specialty": [{"coding": [{"system": SNOMED, "code": code, "display": text}], "text": text}],
            "telecom": [{"system": "phone", "value": "555-0100"}],
            "extension": [{"url": NETWORK, "valueReference": {"display": n}} for n in networks]}  # fmt: skip


def _schedule(sid: str, *, doctor: tuple[str, str], place: tuple[str, str], specialty: str) -> dict[str, Any]:
    code, text = SPECIALTIES[specialty]
    return {"resourceType": "Schedule", "id": sid, "active": True,
            "specialty": [{"coding": [{"system": SNOMED, "code": code, "display": text}]}],
            "actor": [{"reference": f"Practitioner/{doctor[0]}", "display": doctor[1]},
                      {"reference": f"Location/{place[0]}", "display": place[1]}]}  # fmt: skip


def _slot(slot_id: str, sid: str, start: str, status: str = "free") -> dict[str, Any]:
    end = datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(minutes=30)
    return {"resourceType": "Slot", "id": slot_id, "schedule": {"reference": f"Schedule/{sid}"}, "status": status,
            "start": start, "end": end.isoformat().replace("+00:00", "Z")}  # fmt: skip


def _medicine(mid: str, pid: str, name: str, code: str, status: str = "active") -> dict[str, Any]:
    return {"resourceType": "MedicationRequest", "id": mid, "status": status, "intent": "order",
            "subject": {"reference": f"Patient/{pid}"},
            "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": code}], "text": name}}  # fmt: skip


def resources() -> list[dict[str, Any]]:
    """Every resource of the clinic, ids fixed so tests can name them."""
    patients = [
        _patient(JANE["id"], "Doe", "Jane", JANE["dob"], JANE["email"]),
        {
            **_patient(OMAR["id"], "Haddad", "Omar", OMAR["dob"], OMAR["email"]),
            "identifier": [{"system": HELPDESK_SYSTEM, "value": OMAR["helpdesk_id"]}],
        },
        _patient("pat-kim-parent", "Kim", "Min", KIM_PARENT_DOB, SHARED_EMAIL),
        _patient("pat-kim-child", "Kim", "Ji", "2014-09-09", SHARED_EMAIL),
    ]
    doctors = [
        _doctor("doc-patel", "Dr.", "Asha", "Patel", ["English", "Hindi"]),
        _doctor("doc-reyes", "Dr.", "Miguel", "Reyes", ["English", "Spanish"]),
        _doctor("doc-kowalski", "Dr.", "Lena", "Kowalski", ["English", "Polish"]),
        _doctor("doc-okafor", "Dr.", "Sam", "Okafor", ["English"]),
    ]
    places = [_location("loc-main", "Main Street Clinic", "Springfield"),
              _location("loc-north", "Northside Clinic", "Shelbyville")]  # fmt: skip
    roles = [
        _role("role-patel", "doc-patel", "loc-main", "family", ["Aetna", "BlueCross"]),
        _role("role-reyes", "doc-reyes", "loc-main", "derm", ["BlueCross", "Medicare"]),
        _role("role-kowalski", "doc-kowalski", "loc-north", "derm", ["Aetna"]),
        _role("role-okafor", "doc-okafor", "loc-north", "cardio", ["Medicare"]),
    ]
    main, north = ("loc-main", "Main Street Clinic"), ("loc-north", "Northside Clinic")
    schedules = [
        _schedule("sch-patel", doctor=("doc-patel", "Dr. Asha Patel"), place=main, specialty="family"),
        _schedule("sch-reyes", doctor=("doc-reyes", "Dr. Miguel Reyes"), place=main, specialty="derm"),
        _schedule("sch-kowalski", doctor=("doc-kowalski", "Dr. Lena Kowalski"), place=north, specialty="derm"),
        _schedule("sch-okafor", doctor=("doc-okafor", "Dr. Sam Okafor"), place=north, specialty="cardio"),
    ]
    slots = [
        _slot("slot-patel-1", "sch-patel", _at(1, 15)),
        _slot("slot-patel-2", "sch-patel", _at(2, 9, 30)),
        _slot("slot-patel-3", "sch-patel", _at(3, 10), status="busy"),  # Jane's visit
        _slot("slot-patel-4", "sch-patel", _at(4, 11)),
        _slot("slot-patel-past", "sch-patel", _at(-2, 9)),
        _slot("slot-reyes-1", "sch-reyes", _at(1, 14)),
        _slot("slot-reyes-2", "sch-reyes", _at(5, 8, 30)),
        _slot("slot-kowalski-1", "sch-kowalski", _at(2, 13)),
        _slot("slot-okafor-1", "sch-okafor", _at(6, 16)),
    ]
    visit = {
        "resourceType": "Appointment", "id": "appt-jane-1", "status": "booked", "start": _at(3, 10),
        "end": _at(3, 10, 30), "slot": [{"reference": "Slot/slot-patel-3"}],
        "specialty": [{"coding": [{"system": SNOMED, "code": SPECIALTIES["family"][0]}]}],
        "participant": [{"actor": {"reference": f"Patient/{JANE['id']}"}, "status": "accepted"},
                        {"actor": {"reference": "Practitioner/doc-patel", "display": "Dr. Asha Patel"},
                         "status": "accepted"}],
    }  # fmt: skip
    medicines = [
        _medicine("med-jane-lisinopril", JANE["id"], "Lisinopril 10 mg tablet", "314076"),
        _medicine("med-jane-atorvastatin", JANE["id"], "Atorvastatin 20 mg tablet", "617310"),
        _medicine("med-jane-oxycodone", JANE["id"], "Oxycodone 5 mg tablet", "1049621"),
        _medicine("med-jane-metformin", JANE["id"], "Metformin 500 mg tablet", "861007", status="stopped"),
    ]
    return [*patients, *doctors, *places, *roles, *schedules, *slots, visit, *medicines]


def transaction() -> dict[str, Any]:
    """The clinic as a FHIR transaction Bundle (PUT by id, so loading twice changes nothing)."""
    entries = [
        {"resource": r, "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}} for r in resources()
    ]
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
