"""What a knowledge source is, and the registry from settings to a source object."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from carelayer.errors import ConfigError
from carelayer.settings import SourceSettings
from carelayer.types import Article, SyncFailure

SourceItem = Article | SyncFailure


class Source(Protocol):
    """A place approved knowledge comes from.

    ``scan`` yields every article the source currently holds, plus a ``SyncFailure`` for each item
    it could not read; one bad item never stops the scan. A scan is complete: an article that is
    not yielded (and not reported as failed) has vanished from the source and will be removed.
    """

    name: str

    def scan(self) -> Iterator[SourceItem]: ...


def build_source(settings: SourceSettings) -> Source:
    """Construct the source a config entry describes."""
    if settings.type == "files":
        from knowledge.sources.files import FilesSource

        return FilesSource(settings.name, settings.path, recursive=settings.recursive)
    raise ConfigError(f"unknown source type {settings.type!r}", location=f"knowledge.sources.{settings.name}")
