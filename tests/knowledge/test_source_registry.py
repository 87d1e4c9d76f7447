"""Building a source from its settings: a missing secret is named, and the HTTP knobs reach the client."""

from __future__ import annotations

from typing import Any

import pytest

from carelayer.errors import ConfigError
from carelayer.settings import (
    ConfluenceSourceSettings,
    FreshdeskSolutionsSourceSettings,
    HelpCenterSourceSettings,
    HttpSourceSettings,
)
from knowledge.sources.base import build_source, http_options

HTTP_SOURCES: list[tuple[type[HttpSourceSettings], dict[str, Any], str, str]] = [
    (
        ConfluenceSourceSettings,
        {"type": "confluence", "name": "wiki", "url": "https://wiki.example.org", "spaces": ["PS"]},
        "CONFLUENCE_API_TOKEN",
        "the Confluence API token",
    ),
    (
        HelpCenterSourceSettings,
        {"type": "zendesk_help_center", "name": "hc", "url": "https://x.zendesk.com", "email": "a@b.org"},
        "ZENDESK_API_TOKEN",
        "a Zendesk API token",
    ),
    (
        FreshdeskSolutionsSourceSettings,
        {"type": "freshdesk_solutions", "name": "fd", "url": "https://x.freshdesk.com"},
        "FRESHDESK_API_KEY",
        "the Freshdesk API key",
    ),
]


@pytest.mark.parametrize(("kind", "fields", "variable", "what"), HTTP_SOURCES)
def test_a_missing_secret_is_named_with_what_it_must_hold(
    kind: type[HttpSourceSettings], fields: dict[str, Any], variable: str, what: str
) -> None:
    settings = kind.model_validate(fields)
    for secrets in ({}, {variable: ""}):
        with pytest.raises(ConfigError) as caught:
            build_source(settings, secrets)  # type: ignore[arg-type]
        assert f"set the environment variable {variable} to {what}" in str(caught.value)
        assert f"knowledge.sources.{fields['name']}" in str(caught.value.location)
    assert build_source(settings, {variable: "secret"}).name == fields["name"]  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "fields", "variable", "what"), HTTP_SOURCES)
def test_each_kind_keeps_its_own_defaults_and_overrides(
    kind: type[HttpSourceSettings], fields: dict[str, Any], variable: str, what: str
) -> None:
    defaults = http_options(kind.model_validate(fields))
    expected_retries = 3 if kind is FreshdeskSolutionsSourceSettings else 5
    expected_wait = 120 if kind is ConfluenceSourceSettings else 60
    assert defaults == {"timeout": 30, "max_retries": expected_retries, "max_retry_wait": expected_wait}
    tuned = kind.model_validate({**fields, "timeout_seconds": 7, "max_retries": 1, "max_retry_wait_seconds": 9})
    assert http_options(tuned) == {"timeout": 7, "max_retries": 1, "max_retry_wait": 9}
