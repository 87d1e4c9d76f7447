"""Knowledge sources: each yields Articles, per-item SyncFailures, Deleted and Checkpoints;
``build_source`` picks one."""

from knowledge.sources.base import (
    Checkpoint,
    Deleted,
    IncrementalSource,
    Source,
    SourceItem,
    build_source,
)

__all__ = ["Checkpoint", "Deleted", "IncrementalSource", "Source", "SourceItem", "build_source"]
