"""The EHR over FHIR R4, through fhirpy's synchronous client: every read and write patient actions make.

fhirpy (https://github.com/beda-software/fhir-py) is a maintained, typed FHIR client built on requests:
search sets with modifiers, sorting and ``_include``, CRUD on resources, and FHIR errors as exceptions.
Those exceptions are mapped here, once, to ``FhirError`` naming the resource type only (never PHI).
Auth is a bearer token from the environment or SMART Backend Services
(https://hl7.org/fhir/smart-app-launch/backend-services.html): a client-credentials grant with a
signed JWT assertion, the access token reused until shortly before it expires.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import jwt
import requests
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import BaseFHIRError, ResourceNotFound

from actions import mapping
from actions.types import Medicine, PatientMatch, Provider, SlotOption, Visit
from carelayer.errors import ConfigError, FhirError
from carelayer.settings import FhirSettings

ACTION_SYSTEM = "urn:carelayer:action"  # identifier system of everything carelayer creates (idempotency key)
TOKEN_MARGIN_SECONDS = 60


class SmartBackendToken:
    """SMART Backend Services: a signed client assertion exchanged for a short-lived access token."""

    def __init__(self, settings: FhirSettings, private_key: str, *, clock: Callable[[], float] = time.time) -> None:
        if not (settings.token_url and settings.client_id):
            raise ConfigError("auth smart_backend needs token_url and client_id", location="fhir")
        self._settings, self._key, self._clock = settings, private_key, clock
        self._token: tuple[str, float] | None = None

    def __call__(self) -> str:
        """A valid access token, fetched again when the cached one is about to expire."""
        now = self._clock()
        if self._token is None or self._token[1] - TOKEN_MARGIN_SECONDS <= now:
            self._token = self._fetch(now)
        return self._token[0]

    def _fetch(self, now: float) -> tuple[str, float]:
        s = self._settings
        claims = {"iss": s.client_id, "sub": s.client_id, "aud": s.token_url, "exp": int(now) + 300}
        algorithm = "ES384" if "EC PRIVATE KEY" in self._key else "RS384"
        headers = {"kid": s.key_id} if s.key_id else None
        assertion = jwt.encode({**claims, "jti": uuid.uuid4().hex}, self._key, algorithm=algorithm, headers=headers)
        form = {
            "grant_type": "client_credentials",
            "scope": s.scope,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        }
        try:
            response = requests.post(str(s.token_url), data=form, timeout=s.timeout_seconds)
            response.raise_for_status()
            body = response.json()
            return str(body["access_token"]), now + float(body.get("expires_in", 300))
        except (requests.RequestException, ValueError, KeyError) as error:
            raise FhirError(f"FHIR token endpoint refused the client assertion ({type(error).__name__})") from error


def authorization(settings: FhirSettings, secret: Callable[[str], str | None]) -> Callable[[], str | None]:
    """The Authorization header value per request, from the configured auth; ConfigError when a secret is missing."""
    if settings.auth == "none":
        return lambda: None
    name = settings.token_env if settings.auth == "bearer" else settings.private_key_env
    value = secret(name)
    if not value:
        raise ConfigError(f"auth {settings.auth} needs the environment variable {name}", location="fhir")
    if settings.auth == "bearer":
        return lambda: f"Bearer {value}"
    token = SmartBackendToken(settings, value)
    return lambda: f"Bearer {token()}"


class FhirGateway:
    """Typed reads and idempotent writes on the EHR; every failure is a ``FhirError``."""

    def __init__(self, settings: FhirSettings, auth: Callable[[], str | None]) -> None:
        self._settings = settings
        self._auth = auth

    def _client(self) -> SyncFHIRClient:
        return SyncFHIRClient(
            self._settings.base_url.rstrip("/"),
            authorization=self._auth(),
            requests_config={"timeout": self._settings.timeout_seconds},
            extra_headers={"Accept": "application/fhir+json"},
        )

    @contextmanager
    def _call(self, what: str) -> Iterator[SyncFHIRClient]:
        try:
            yield self._client()
        except ResourceNotFound as error:
            raise FhirError(f"FHIR {what}: not found") from error
        except BaseFHIRError as error:
            raise FhirError(f"FHIR {what}: refused ({type(error).__name__})") from error
        except (requests.RequestException, ValueError) as error:
            raise FhirError(f"FHIR {what}: server unreachable or invalid answer ({type(error).__name__})") from error

    def _search(self, resource_type: str, **params: Any) -> dict[str, Any]:
        with self._call(f"{resource_type} search") as client:
            search = client.resources(resource_type).search(**params)
            return dict(search.fetch_raw())

    # -- identity -------------------------------------------------------------------------------

    def find_patients(self, *, email: str | None = None, identifier: str | None = None) -> list[PatientMatch]:
        """At most 5 active Patients with this email (or identifier ``system|value``); more means ambiguous."""
        params = {"email": email} if email else {"identifier": identifier}
        bundle = self._search("Patient", _count=5, **params)
        return [mapping.patient(r) for r in mapping.bundle_resources(bundle, "Patient") if r.get("active", True)]

    # -- appointments ---------------------------------------------------------------------------

    def free_slots(self, *, actors: Sequence[str], start: datetime, end: datetime, limit: int) -> list[SlotOption]:
        """The earliest free Slots on the Schedules of ``actors`` (Practitioner references) in [start, end)."""
        if not actors:
            return []
        schedules = mapping.bundle_resources(self._search("Schedule", actor=",".join(actors), active="true"))
        who = {str(s["id"]): _schedule_actors(s) for s in schedules}
        if not who:
            return []
        bundle = self._search(
            "Slot",
            schedule=",".join(f"Schedule/{i}" for i in who),
            status="free",
            start=[f"ge{start.isoformat()}", f"lt{end.isoformat()}"],
            _sort="start",
            _count=limit,
        )
        slots = []
        for resource in mapping.bundle_resources(bundle, "Slot"):
            doctor, place = who.get(str(mapping.ref_id(resource.get("schedule"))), ((None, ""), (None, "")))
            slots.append(mapping.slot(resource, practitioner=doctor, location=place))
        return sorted(slots, key=lambda s: s.start)[:limit]

    def practitioners_for(self, specialty_code: str | None) -> list[str]:
        """Practitioner references with an active role in ``specialty_code`` (any specialty when None)."""
        params: dict[str, Any] = {"active": "true", "_count": 100}
        if specialty_code:
            params["specialty"] = specialty_code
        roles = mapping.bundle_resources(self._search("PractitionerRole", **params), "PractitionerRole")
        return list(dict.fromkeys(str(r["practitioner"]["reference"]) for r in roles if r.get("practitioner")))

    def upcoming_visits(self, patient_id: str, now: datetime) -> list[Visit]:
        bundle = self._search(
            "Appointment", patient=f"Patient/{patient_id}", status="booked", date=f"ge{now.isoformat()}", _sort="date"
        )
        return [mapping.visit(r) for r in mapping.bundle_resources(bundle, "Appointment")]

    def book(self, *, slot_id: str, patient_id: str, key: str) -> str:
        """Book ``slot_id`` for the patient once per ``key``: the Appointment's id (an earlier one for the same
        key is returned as is). FhirError when the slot is no longer free."""
        existing = self._created("Appointment", key)
        if existing is not None:
            return existing
        with self._call("Slot read") as client:
            slot: dict[str, Any] = client.get("Slot", slot_id)
            if slot.get("status") != "free":
                raise FhirError("FHIR Slot: no longer free")
            schedule: dict[str, Any] = client.get("Schedule", str(mapping.ref_id(slot.get("schedule"))))
        participants = [{"actor": a, "status": "accepted"} for a in schedule.get("actor", ())]
        appointment = {
            "status": "booked",
            "identifier": [{"system": ACTION_SYSTEM, "value": key}],
            "start": slot["start"],
            "end": slot["end"],
            "slot": [{"reference": f"Slot/{slot_id}"}],
            "serviceType": schedule.get("serviceType", []),
            "specialty": schedule.get("specialty", []),
            "participant": [{"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"}, *participants],
        }
        with self._call("Appointment create") as client:
            created = client.resource("Appointment", **appointment)
            created.save()
            client.resource("Slot", **{**slot, "status": "busy"}).save()
            return str(created["id"])

    def cancel(self, appointment_id: str, *, reason: str) -> None:
        """Cancel the Appointment and free its Slot; cancelling a cancelled one changes nothing."""
        with self._call("Appointment cancel") as client:
            appointment: dict[str, Any] = client.get("Appointment", appointment_id)
            if appointment.get("status") == "cancelled":
                return
            cancelled = {**appointment, "status": "cancelled", "cancelationReason": {"text": reason}}
            client.resource("Appointment", **cancelled).save()
            for ref in appointment.get("slot", ()):
                slot: dict[str, Any] = client.get("Slot", str(mapping.ref_id(ref)))
                client.resource("Slot", **{**slot, "status": "free"}).save()

    # -- directory and medicines ----------------------------------------------------------------

    def directory(self, specialty_code: str | None) -> list[Provider]:
        """Active PractitionerRoles (of one specialty when given) with their Practitioner and Locations."""
        params: dict[str, Any] = {"active": "true", "_count": 100}
        if specialty_code:
            params["specialty"] = specialty_code
        params["_include"] = ["PractitionerRole:practitioner", "PractitionerRole:location"]
        bundle = self._search("PractitionerRole", **params)
        doctors = {f"Practitioner/{r['id']}": r for r in mapping.bundle_resources(bundle, "Practitioner")}
        places = {f"Location/{r['id']}": r for r in mapping.bundle_resources(bundle, "Location")}
        roles = mapping.bundle_resources(bundle, "PractitionerRole")
        return [mapping.provider(r, doctors, places) for r in roles]

    def active_medicines(self, patient_id: str) -> list[Medicine]:
        bundle = self._search("MedicationRequest", subject=f"Patient/{patient_id}", status="active", intent="order")
        return [mapping.medicine(r) for r in mapping.bundle_resources(bundle, "MedicationRequest")]

    def request_refill(self, *, patient_id: str, medicine: Medicine, kind: str, key: str) -> str:
        """A Task (or a MedicationRequest proposal) for the care team, once per ``key``: ``Type/id``."""
        resource_type = "Task" if kind == "task" else "MedicationRequest"
        existing = self._created(resource_type, key)
        if existing is not None:
            return f"{resource_type}/{existing}"
        identifier = [{"system": ACTION_SYSTEM, "value": key}]
        original = {"reference": f"MedicationRequest/{medicine.request_id}", "display": medicine.name}
        if resource_type == "Task":
            body: dict[str, Any] = {
                "status": "requested",
                "intent": "order",
                "priority": "routine",
                "code": {"text": "Medication refill request"},
                "description": f"Refill request for {medicine.name}, sent by the patient through patient support",
                "focus": original,
                "for": {"reference": f"Patient/{patient_id}"},
            }
        else:
            concept: dict[str, Any] = {"text": medicine.name}
            if medicine.code:
                concept["coding"] = [{"system": medicine.code_system, "code": medicine.code}]
            body = {
                "status": "draft",
                "intent": "proposal",
                "medicationCodeableConcept": concept,
                "subject": {"reference": f"Patient/{patient_id}"},
                "basedOn": [original],
            }
        with self._call(f"{resource_type} create") as client:
            created = client.resource(resource_type, identifier=identifier, **body)
            created.save()
            return f"{resource_type}/{created['id']}"

    def _created(self, resource_type: str, key: str) -> str | None:
        """The id of what carelayer already created under ``key`` (a retried write finds it)."""
        found = mapping.bundle_resources(self._search(resource_type, identifier=f"{ACTION_SYSTEM}|{key}"))
        return str(found[0]["id"]) if found else None


def _schedule_actors(schedule: mapping.Json) -> tuple[tuple[str | None, str], tuple[str | None, str]]:
    """(practitioner, location) as (reference, display) from a Schedule's actors."""
    doctor: tuple[str | None, str] = (None, "a clinician")
    place: tuple[str | None, str] = (None, "")
    for actor in schedule.get("actor", ()):
        ref = str(actor.get("reference", ""))
        if ref.startswith("Practitioner/"):
            doctor = (ref, str(actor.get("display") or "a clinician"))
        elif ref.startswith("Location/"):
            place = (ref, str(actor.get("display") or ""))
    return doctor, place
