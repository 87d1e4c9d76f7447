"""The pure parts: reading replies, templates, quiet hours, settings checks and the sandbox's outbound tickets."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from carelayer.campaign_settings import QuietHoursSettings
from carelayer.errors import ConfigError
from carelayer.settings import FileSettings, Settings
from carelayer.types import Requester
from connectors.base import OutboundMessage, Outreach
from connectors.sandbox.connector import SandboxHelpdesk
from outreach.build import build_outreach
from outreach.reading import read_reply
from outreach.runner import external_id, in_quiet_hours, next_window
from outreach.templates import MessageFields, MessageTemplate
from tests.outreach.conftest import campaign

CHICAGO = ZoneInfo("America/Chicago")


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop.",
        "Unsubscribe",
        "Please don't contact me again",
        "do not text me",
        "No more messages please",
        "stop sending me these",
        "Opt out",
    ],
)
def test_opt_out_wording(text: str) -> None:
    assert read_reply(text).opt_out


@pytest.mark.parametrize(
    "text",
    ["I stopped taking the pills", "Can I stop my aspirin?", "Please contact me about my bill", "The bus stop is far"],
)
def test_not_an_opt_out(text: str) -> None:
    assert not read_reply(text).opt_out


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("the wound is red and hot", "wound redness or heat"),
        ("my incision is oozing", "wound redness or heat"),
        ("I have a fever of 39", "fever"),
        ("there is blood on the dressing", "bleeding"),
        ("my calf is swollen and sore", "calf pain or swelling"),
        ("I can't keep anything down", "cannot keep fluids down"),
    ],
)
def test_warning_signs(text: str, sign: str) -> None:
    assert sign in read_reply(text).warning_signs


@pytest.mark.parametrize("text", ["no fever at all", "the wound is not red", "I don't have a fever, all good"])
def test_negated_warning_signs_are_not_counted(text: str) -> None:
    assert read_reply(text).warning_signs == ()


@pytest.mark.parametrize(
    ("text", "routine"),
    [
        ("All good, thanks!", True),
        ("doing well thank you", True),
        ("Fine", True),
        ("All good but when is my follow-up?", False),
        ("thanks, the wound is hot though", False),
        ("STOP", False),
    ],
)
def test_routine_answers(text: str, routine: bool) -> None:
    assert read_reply(text).routine is routine


def test_a_template_renders_only_whitelisted_fields() -> None:
    template = MessageTemplate("Hi {{ first_name }}, {{ clinic_name }} here.", location="campaigns[0].steps[0].message")
    assert template.render(MessageFields("Jane", "Main Street Clinic")) == "Hi Jane, Main Street Clinic here."


@pytest.mark.parametrize("source", ["Hi {{ last_name }}", "{{ birth_date }}", "{% for x in patient %}{% endfor %}"])
def test_a_template_naming_another_field_is_refused_with_its_location(source: str) -> None:
    with pytest.raises(ConfigError, match=r"campaigns\[0\]\.steps\[1\]\.message: unknown field"):
        MessageTemplate(source, location="campaigns[0].steps[1].message")


def test_the_sandbox_refuses_attribute_tricks() -> None:
    template = MessageTemplate("{{ first_name.__class__.__mro__ }}", location="campaigns[0].steps[0].message")
    with pytest.raises(ConfigError, match="template failed"):
        template.render(MessageFields("Jane", "Clinic"))


def test_a_broken_template_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        MessageTemplate("Hi {{ first_name ", location="campaigns[0].steps[0].message")


def test_quiet_hours_wrap_past_midnight() -> None:
    quiet = QuietHoursSettings(start=time(20, 0), end=time(8, 0))
    assert in_quiet_hours(time(21, 0), quiet) and in_quiet_hours(time(7, 59), quiet)
    assert not in_quiet_hours(time(8, 0), quiet) and not in_quiet_hours(time(19, 59), quiet)
    assert not in_quiet_hours(time(3, 0), None)
    daytime = QuietHoursSettings(start=time(12, 0), end=time(13, 0))
    assert in_quiet_hours(time(12, 30), daytime) and not in_quiet_hours(time(13, 0), daytime)


def test_the_next_window_is_the_end_of_quiet_hours_local_time() -> None:
    quiet = QuietHoursSettings()
    evening = datetime(2030, 3, 4, 21, 0, tzinfo=CHICAGO)
    assert next_window(evening, quiet) == datetime(2030, 3, 5, 8, 0, tzinfo=CHICAGO)
    night = datetime(2030, 3, 5, 2, 0, tzinfo=CHICAGO)
    assert next_window(night, quiet) == datetime(2030, 3, 5, 8, 0, tzinfo=CHICAGO)
    day = datetime(2030, 3, 5, 10, 0, tzinfo=CHICAGO)
    assert next_window(day, quiet) == day


def test_the_external_id_hides_the_patient_and_differs_per_step() -> None:
    one, two = external_id("post-discharge", "day2", "pat-jane"), external_id("post-discharge", "day7", "pat-jane")
    assert one != two and "pat-jane" not in one and one == external_id("post-discharge", "day2", "pat-jane")


def test_the_sandbox_starts_a_conversation_once_per_external_id(tmp_path: Path) -> None:
    with SandboxHelpdesk(tmp_path / "desk.sqlite3", marker_tag="carelayer") as desk:
        assert isinstance(desk, Outreach)
        message = OutboundMessage(
            "key-1", "Checking in", "How are you?", Requester(None, "Jane", "j@example.org"), ("x",)
        )
        first = desk.start_conversation(message)
        assert desk.start_conversation(message) == first
        assert len(desk.list_tickets()) == 1
        ticket = desk.fetch_ticket(first)
        assert (ticket.status, ticket.body, set(ticket.tags)) == ("pending", "", {"x", "carelayer"})
        assert desk.events_since(0) == ([], 0)  # carelayer's own write triggers nothing
        event = desk.add_requester_comment(first, "all good")
        assert desk.fetch_ticket(first).status == "open" and event.ticket_id == first


def _settings(tmp_path: Path, **entry: Any) -> Settings:
    file = FileSettings.model_validate(
        {
            "data_dir": str(tmp_path),
            "helpdesks": [{"name": "sandbox", "kind": "sandbox"}],
            "campaigns": [campaign(**entry)],
        }
    )
    return Settings(config_path=tmp_path / "config.yaml", file=file, secrets={})


@pytest.mark.parametrize(
    ("entry", "where"),
    [
        ({"timezone": "Mars/Olympus"}, r"campaigns\[0\]\.timezone"),
        ({"helpdesk": "zendesk"}, r"campaigns\[0\]\.helpdesk"),
        (
            {"steps": [{"day": 2, "subject": "Hi {{ surname }}", "message": "x"}]},
            r"campaigns\[0\]\.steps\[0\]\.subject",
        ),
        ({"audience": {"kind": "csv"}}, r"campaigns\[0\]\.audience\.path"),
        ({}, "fhir"),
    ],
)
def test_build_names_what_is_wrong(tmp_path: Path, entry: dict[str, Any], where: str) -> None:
    with (
        SandboxHelpdesk(tmp_path / "desk.sqlite3", marker_tag="carelayer") as desk,
        pytest.raises(ConfigError, match=where),
    ):
        build_outreach(_settings(tmp_path, **entry), helpdesks={"sandbox": desk})


def test_settings_refuse_repeated_names(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="campaign names must be unique"):
        FileSettings.model_validate({"campaigns": [campaign(), campaign()]})
    steps = [{"day": 2, "subject": "a", "message": "b"}] * 2
    with pytest.raises(ValidationError, match="step names must be unique"):
        FileSettings.model_validate({"campaigns": [campaign(steps=steps)]})
