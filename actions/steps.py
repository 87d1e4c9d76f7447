"""What every action step gets and gives: the context of one reply, and the outcome the desk writes back."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from actions.fhir import FhirGateway
from carelayer.settings import ActionsSettings

Kind = Literal["reply", "handoff", "note", "pass"]
STOP_HINT = "Reply NO to stop; nothing changes until you confirm."


@dataclass(frozen=True, slots=True)
class Outcome:
    """``reply`` answers the patient; ``handoff`` routes to humans; ``note`` is an internal note for an agent;
    ``pass`` leaves the ticket to the triage pipeline. ``stage`` keeps the conversation open at that step."""

    kind: Kind
    text: str
    step: str
    stage: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    """One step of one conversation: the verified patient, the conversation's data and the newest message."""

    gateway: FhirGateway
    settings: ActionsSettings
    now: datetime
    patient_id: str
    data: Mapping[str, Any]
    text: str
    key: str  # the conversation's idempotency key: every FHIR write carries it
    policy: Callable[[], str | None] = lambda: None

    @property
    def horizon(self) -> datetime:
        return self.now + timedelta(days=self.settings.slot_days)

    @property
    def zone(self) -> ZoneInfo:
        """The clinic's time zone (validated by ``actions.build``)."""
        return ZoneInfo(self.settings.timezone)


def offer(step: str, intro: str, options: Sequence[tuple[str, str]], **data: Any) -> Outcome:
    """Numbered options (id, label) and 'Reply 1 or 2'; the conversation waits at ``choose``."""
    lines = [intro, ""]
    lines += [f"{n}. {label}" for n, (_, label) in enumerate(options, start=1)]
    numbers = [str(n) for n in range(1, len(options) + 1)]
    said = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} or {numbers[-1]}"
    lines += ["", f"Reply {said} to choose. {STOP_HINT}"]
    listed = [{"id": oid, "label": label} for oid, label in options]
    return Outcome("reply", "\n".join(lines), step, stage="choose", data={**data, "options": listed})


def ask_confirmation(step: str, question: str, **data: Any) -> Outcome:
    """A yes/no question; only an explicit YES executes (the conversation waits at ``confirm``)."""
    text = f"{question}\n\nReply YES to confirm, or NO to stop."
    return Outcome("reply", text, step, stage="confirm", data=data)
