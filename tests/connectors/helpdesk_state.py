"""What a contract-test harness reads back from a helpdesk's own records (not through the connector)."""

from __future__ import annotations

from dataclasses import dataclass

from carelayer.types import Comment


@dataclass(frozen=True, slots=True)
class HelpdeskState:
    tags: frozenset[str]
    group: str | None
    priority: str | None
    comments: tuple[Comment, ...]

    @property
    def notes(self) -> tuple[Comment, ...]:
        return tuple(c for c in self.comments if not c.public)
