"""Campaign messages: Jinja templates the clinic writes, rendered in a sandbox with whitelisted fields only.

Jinja's ``SandboxedEnvironment`` (https://jinja.palletsprojects.com/en/stable/sandbox/) refuses attribute
tricks; on top of it a template may name only ``FIELDS``, checked when the campaign is built, so a message
can never carry more about the patient than the first name the template author chose to use.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

from carelayer.errors import ConfigError

FIELDS = frozenset({"first_name", "clinic_name"})


@dataclass(frozen=True, slots=True)
class MessageFields:
    """Everything a template may use."""

    first_name: str
    clinic_name: str


class MessageTemplate:
    """One compiled template; ConfigError naming ``location`` when it is invalid or uses another field."""

    def __init__(self, source: str, *, location: str) -> None:
        env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
        try:
            used = meta.find_undeclared_variables(env.parse(source))
            self._template = env.from_string(source)
        except TemplateError as error:
            raise ConfigError(f"the message template cannot be read: {error}", location=location) from error
        unknown = sorted(used - FIELDS)
        if unknown:
            allowed = ", ".join(sorted(FIELDS))
            raise ConfigError(f"unknown field(s) {', '.join(unknown)}; a message may use {allowed}", location=location)
        self._location = location

    def render(self, fields: MessageFields) -> str:
        """The message text with the fields filled in (whitespace at either end removed)."""
        try:
            text = self._template.render(first_name=fields.first_name, clinic_name=fields.clinic_name)
        except TemplateError as error:
            raise ConfigError(
                f"the message template failed: {type(error).__name__}", location=self._location
            ) from error
        return text.strip()
