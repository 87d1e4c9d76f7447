"""The provider directory: who practises a specialty, where, in which language, with which insurance.

Public information, so no identity check: answered at once in plain words, with a link per provider when
``actions.directory_url`` is set. Filters are what the message names among the values the directory
actually holds (cities, languages, insurance networks), so nothing is guessed from free text.
"""

from __future__ import annotations

from actions import intents
from actions.fhir import FhirGateway
from actions.steps import Outcome
from actions.types import Provider
from carelayer.settings import ActionsSettings

MAX_LISTED = 5


def answer(gateway: FhirGateway, settings: ActionsSettings, text: str) -> Outcome:
    """The providers matching the message, or a handoff when none match (a human can look wider)."""
    providers = gateway.directory(intents.specialty(text))
    if not providers:
        return Outcome("handoff", "", "directory: no provider of that specialty")
    cities = intents.mentioned(text, {c for p in providers for c in p.cities})
    languages = intents.mentioned(text, {x for p in providers for x in p.languages})
    networks = intents.mentioned(text, {n for p in providers for n in p.networks})
    found = [
        p
        for p in providers
        if (not cities or cities & set(p.cities))
        and (not languages or languages & set(p.languages))
        and (not networks or networks & set(p.networks))
    ]
    asked = ", ".join(sorted(cities | languages | networks))
    if not found:
        return Outcome("handoff", "", f"directory: nobody matches {len(cities | languages | networks)} filter(s)")
    intro = f"Providers matching {asked}:" if asked else "Our providers:"
    lines = [intro, *(f"- {_line(p, settings)}" for p in found[:MAX_LISTED])]
    lines += ["", "Reply here if you would like an appointment with one of them."]
    refs = tuple(f"PractitionerRole/{p.role_id}" for p in found)
    return Outcome("reply", "\n".join(lines), "directory answered", refs=refs)


def _line(provider: Provider, settings: ActionsSettings) -> str:
    where = ", ".join(f"{n} ({c})" for n, c in zip(provider.locations, provider.cities, strict=False) if n)
    parts = [f"{provider.name}, {provider.specialty}" + (f", {where}" if where else "")]
    if provider.languages:
        parts.append(f"speaks {', '.join(provider.languages)}")
    if provider.networks:
        parts.append(f"accepts {', '.join(provider.networks)}")
    if provider.phone:
        parts.append(f"phone {provider.phone}")
    template = settings.directory_url
    link = template.format(id=provider.practitioner_id or provider.role_id) if template else ""
    return "; ".join(parts) + (f" <{link}>" if link else "")
