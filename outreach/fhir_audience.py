"""FHIR audiences: discharges (finished Encounters) and screenings due (active ServiceRequests).

Read with fhirpy (https://github.com/beda-software/fhir-py; its search sets follow ``next`` links page by
page), then the Patients they point at in batches of ``_id`` searches. Patients without an active record
or an email address are left out (counted as unreachable). Failures become ``FhirError`` (type names only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, tzinfo
from typing import Any

import requests
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import BaseFHIRError
from fhirpy.base.resource import serialize

from carelayer.campaign_settings import AudienceSettings
from carelayer.errors import ConfigError, FhirError
from carelayer.settings import FhirSettings
from outreach.audience import Audience, Recipient

PATIENT_BATCH = 50


class FhirAudience:
    """Discharges (finished Encounters) or screenings due (active ServiceRequests) on the EHR."""

    def __init__(self, settings: FhirSettings, auth: Callable[[], str | None]) -> None:
        self._settings = settings
        self._auth = auth

    def load(self, audience: AudienceSettings, *, since: date, zone: tzinfo, location: str) -> Audience:
        try:
            return self._load(audience, since=since, zone=zone, location=location)
        except BaseFHIRError as error:
            raise FhirError(f"FHIR audience search refused ({type(error).__name__})") from error
        except (requests.RequestException, ValueError) as error:
            raise FhirError(
                f"FHIR audience search: server unreachable or invalid answer ({type(error).__name__})"
            ) from error

    def _load(self, audience: AudienceSettings, *, since: date, zone: tzinfo, location: str) -> Audience:
        client = SyncFHIRClient(
            self._settings.base_url.rstrip("/"),
            authorization=self._auth(),
            requests_config={"timeout": self._settings.timeout_seconds},
            extra_headers={"Accept": "application/fhir+json"},
        )
        if audience.kind == "discharges":
            params: dict[str, Any] = {"status": "finished", "date": f"ge{since.isoformat()}"}
            if audience.encounter_class:
                params["class"] = audience.encounter_class
            found = _anchors(
                client, "Encounter", params, "subject", lambda r: _local(r.get("period", {}).get("end"), zone)
            )
        else:
            if not audience.code:
                raise ConfigError("a screening_due audience needs code (system|code)", location=f"{location}.code")
            params = {"status": "active", "code": audience.code}
            found = _anchors(
                client, "ServiceRequest", params, "subject", lambda r: _local(r.get("occurrenceDateTime"), zone)
            )
        anchors = {pid: day for pid, day in found if day >= since}
        patients = dict(_patients(client, sorted(anchors)))
        recipients = [
            Recipient(pid, patients[pid][0], patients[pid][1], anchors[pid])
            for pid in sorted(anchors)
            if pid in patients
        ]
        return Audience(tuple(recipients), len(anchors) - len(recipients))


def _anchors(
    client: SyncFHIRClient,
    resource_type: str,
    params: dict[str, Any],
    subject: str,
    anchor: Callable[[Any], date | None],
) -> Iterator[tuple[str, date]]:
    """(patient id, anchor date): a patient with several resources keeps the latest date."""
    latest: dict[str, date] = {}
    for found in client.resources(resource_type).search(**params).limit(100):
        resource: dict[str, Any] = serialize(found)
        ref = str((resource.get(subject) or {}).get("reference", ""))
        day = anchor(resource)
        if not ref.startswith("Patient/") or day is None:
            continue
        pid = ref.removeprefix("Patient/")
        previous = latest.get(pid)
        if previous is None or day > previous:  # a readmission: the newest discharge counts
            latest[pid] = day
    yield from latest.items()


def _patients(client: SyncFHIRClient, ids: Iterable[str]) -> Iterator[tuple[str, tuple[str, str]]]:
    """(id, (first name, email)) of each active Patient with an email address."""
    wanted = list(ids)
    for start in range(0, len(wanted), PATIENT_BATCH):
        batch = ",".join(wanted[start : start + PATIENT_BATCH])
        for found in client.resources("Patient").search(_id=batch).limit(PATIENT_BATCH):
            patient: dict[str, Any] = serialize(found)
            email = next((t.get("value") for t in patient.get("telecom", ()) if t.get("system") == "email"), None)
            if patient.get("active", True) is False or not email:
                continue
            yield str(patient["id"]), (_first_name(patient), str(email))


def _first_name(patient: Any) -> str:
    names = patient.get("name") or [{}]
    official = next((n for n in names if n.get("use") == "official"), names[0])
    given = official.get("given") or []
    return str(given[0]) if given else ""


def _local(value: object, zone: tzinfo) -> date | None:
    """The local date of a FHIR date or dateTime (a bare date is taken as is)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(zone).date()
    except ValueError:
        return None
