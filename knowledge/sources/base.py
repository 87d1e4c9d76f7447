"""What a knowledge source is, the items it yields, and the registry from settings to a source object.

Two kinds of source: every source can ``scan`` (a complete listing: what is absent was removed);
an ``IncrementalSource`` can also list only what ``changes`` since a cursor, and the ids that should
exist now (``live_ids``), so deletions are found without reading every body again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol, TypedDict, runtime_checkable

from carelayer.errors import ConfigError
from carelayer.settings import HttpSourceSettings, SourceSettings
from carelayer.types import Article, SyncFailure


@dataclass(frozen=True, slots=True)
class Deleted:
    """The source says this article no longer exists or may no longer be shown (deleted, archived,
    unpublished, restricted): remove it from every index."""

    source: str
    article_id: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Everything yielded before this is safe to store: the sync flushes pending writes, then saves
    ``cursor`` for the source; the next incremental sync resumes from it."""

    cursor: str


SourceItem = Article | SyncFailure | Deleted | Checkpoint


class Source(Protocol):
    """A place approved knowledge comes from.

    ``scan`` yields every article the source currently holds, plus a ``SyncFailure`` for each item
    it could not read; one bad item never stops the scan. A scan is complete: an article that is
    not yielded (and not reported as failed) has vanished from the source and will be removed.
    It may yield ``Deleted`` and ``Checkpoint`` items too.
    """

    name: str

    def scan(self) -> Iterator[SourceItem]: ...


@runtime_checkable
class IncrementalSource(Source, Protocol):
    """A source that can say what changed since a cursor it gave out in a ``Checkpoint``."""

    def changes(self, cursor: str) -> Iterator[SourceItem]:
        """Only what changed since ``cursor`` (Articles, Deleted, SyncFailures), with Checkpoints."""
        ...

    def live_ids(self) -> Iterator[str]:
        """The ids that should exist now (cheap: no bodies), used to prune deletions.

        Raises ``carelayer.errors.SourceError`` if the listing fails: nothing is pruned then.
        """
        ...


class HttpOptions(TypedDict):
    """The keyword arguments every source's HTTP client takes from its settings."""

    timeout: float
    max_retries: int
    max_retry_wait: float


def http_options(settings: HttpSourceSettings) -> HttpOptions:
    return HttpOptions(
        timeout=settings.timeout_seconds,
        max_retries=settings.max_retries,
        max_retry_wait=settings.max_retry_wait_seconds,
    )


def required_secret(secrets: Mapping[str, str], variable: str, *, what: str, location: str) -> str:
    """``secrets[variable]``; ConfigError naming the variable and what it must hold when it is unset or empty."""
    value = secrets.get(variable)
    if not value:
        raise ConfigError(
            f"set the environment variable {variable} to {what} (in the environment or in .env)", location=location
        )
    return value


def build_source(settings: SourceSettings, secrets: Mapping[str, str]) -> Source:
    """Construct the source a config entry describes; ``secrets`` is the environment (tokens by name)."""
    if settings.type == "files":
        from knowledge.sources.files import FilesSource

        return FilesSource(settings.name, settings.path, recursive=settings.recursive)
    if settings.type == "confluence":
        from knowledge.sources.confluence import build_confluence

        return build_confluence(settings, secrets)
    if settings.type == "zendesk_help_center":
        from knowledge.sources.help_center import HelpCenterSource

        return HelpCenterSource.from_settings(settings, secrets)
    if settings.type == "freshdesk_solutions":
        from knowledge.sources.freshdesk_solutions import FreshdeskSolutionsSource

        location = f"knowledge.sources.{settings.name}"
        api_key = required_secret(secrets, settings.api_key_env, what="the Freshdesk API key", location=location)
        return FreshdeskSolutionsSource(settings.name, settings.url, api_key, **http_options(settings))
    if settings.type == "past_tickets":  # it reads a helpdesk, which only app/ may construct
        raise ConfigError(
            "a past_tickets source is built by app.knowledge_sources.build_sources (it needs its helpdesk)",
            location=f"knowledge.sources.{settings.name}",
        )
    raise ConfigError(f"unknown source type {settings.type!r}", location=f"knowledge.sources.{settings.name}")
