"""Knowledge sources: each yields Articles and per-item SyncFailures; ``build_source`` picks one."""

from knowledge.sources.base import Source, SourceItem, build_source

__all__ = ["Source", "SourceItem", "build_source"]
