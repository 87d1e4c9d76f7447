"""Synthetic discharges on top of the action tests' clinic (tests/actions/clinic.py): Encounters and two
more patients, loaded as a second transaction. Every name, date and address is invented.

The campaign's clinic time zone is America/Chicago (UTC-6 in early March 2030). ``clinic.NOW`` is Monday
2030-03-04 08:00 UTC, 02:00 in Chicago: inside quiet hours. ``OPEN`` is 09:00 Chicago the same day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.actions import clinic

ZONE = "America/Chicago"
OPEN = datetime.fromisoformat("2030-03-04T15:00:00+00:00")  # 09:00 in Chicago, Monday 4 March
EVENING = datetime.fromisoformat("2030-03-05T03:00:00+00:00")  # 21:00 in Chicago, still Monday 4 March

LEE = {"id": "pat-lee", "email": "sam.lee@example.org", "given": "Sam"}
NO_EMAIL = "pat-no-email"
# Discharged Saturday 2 March (local): their day-2 check-in is due Monday 4 March.
DAY2_TODAY = (clinic.JANE["id"], clinic.OMAR["id"], LEE["id"], NO_EMAIL)
# Discharged Monday 25 February: day 2 was missed long ago; day 7 is due Monday 4 March.
DAY7_TODAY = "pat-kim-parent"
# Discharged Sunday 3 March: nothing is due on Monday.
NOT_YET = "pat-kim-child"


def _encounter(eid: str, patient: str, end: str, status: str = "finished") -> dict[str, Any]:
    start = datetime.fromisoformat(end) - timedelta(days=3)
    return {"resourceType": "Encounter", "id": eid, "status": status,
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
            "subject": {"reference": f"Patient/{patient}"},
            "period": {"start": start.isoformat(), "end": end}}  # fmt: skip


def resources() -> list[dict[str, Any]]:
    patients = [
        {"resourceType": "Patient", "id": LEE["id"], "active": True, "name": [{"family": "Lee", "given": ["Sam"]}],
         "telecom": [{"system": "email", "value": LEE["email"]}]},
        {"resourceType": "Patient", "id": NO_EMAIL, "active": True, "name": [{"family": "Nomail", "given": ["Pat"]}]},
    ]  # fmt: skip
    encounters = [
        _encounter("enc-jane", clinic.JANE["id"], "2030-03-02T14:00:00-06:00"),
        _encounter("enc-omar", clinic.OMAR["id"], "2030-03-02T23:30:00-06:00"),  # already 3 March in UTC
        _encounter("enc-lee", LEE["id"], "2030-03-02T09:00:00-06:00"),
        _encounter("enc-no-email", NO_EMAIL, "2030-03-02T10:00:00-06:00"),
        _encounter("enc-kim-parent", DAY7_TODAY, "2030-02-25T11:00:00-06:00"),
        _encounter("enc-kim-child", NOT_YET, "2030-03-03T16:00:00-06:00"),
        _encounter("enc-old", clinic.JANE["id"], "2030-01-10T12:00:00-06:00"),  # an older stay of Jane's
        _encounter("enc-ongoing", "pat-kim-child", "2030-03-04T12:00:00-06:00", status="in-progress"),
    ]
    return [*patients, *encounters]


def transaction() -> dict[str, Any]:
    entries = [
        {"resource": r, "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}} for r in resources()
    ]
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
