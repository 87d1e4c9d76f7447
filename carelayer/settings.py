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
from typing import Any, Literal

import yaml
from dotenv import dotenv_values
from pydantic import Field, ValidationError, field_validator, model_validator

from carelayer.action_settings import ActionsSettings, FhirSettings
from carelayer.campaign_settings import CampaignSettings, check_unique_campaigns
from carelayer.errors import ConfigError
from carelayer.helpdesk_settings import HelpdeskSettings, JsmSettings
from carelayer.llm_settings import LLM_KEY_ENVS, LlmInstructions, LlmSettings
from carelayer.service_settings import ConsoleSettings, QueueSettings, StateSettings, WebSettings, ZendeskAppSettings
from carelayer.settings_base import Strict as _Strict
from carelayer.source_settings import (
    ConfluenceSourceSettings,
    EmbeddingSettings,
    FilesSourceSettings,
    FreshdeskSolutionsSourceSettings,
    HelpCenterSourceSettings,
    HttpSourceSettings,
    KnowledgeSettings,
    PastTicketsSourceSettings,
    RetrievalSettings,
    SourceSettings,
)

# The settings classes live in small modules by concern; everything is importable from here.
__all__ = [
    "BUNDLED_CONFIG",
    "CONFIG_ENV_VAR",
    "HANDOFF_ONLY_CATEGORIES",
    "LLM_KEY_ENVS",
    "ActionsSettings",
    "CampaignSettings",
    "CategorySettings",
    "ClassifierSettings",
    "ConfluenceSourceSettings",
    "ConsoleSettings",
    "EmbeddingSettings",
    "FhirSettings",
    "FileSettings",
    "FilesSourceSettings",
    "FreshdeskSolutionsSourceSettings",
    "HelpCenterSourceSettings",
    "HelpdeskSettings",
    "HttpSourceSettings",
    "JsmSettings",
    "KnowledgeSettings",
    "LimitSettings",
    "LlmInstructions",
    "LlmSettings",
    "PastTicketsSourceSettings",
    "QueueSettings",
    "ReplySettings",
    "RetrievalSettings",
    "SafetySettings",
    "Settings",
    "SourceSettings",
    "StateSettings",
    "WebSettings",
    "ZendeskAppSettings",
    "find_config",
    "load_settings",
]

CONFIG_ENV_VAR = "CARELAYER_CONFIG"
BUNDLED_CONFIG = Path(__file__).resolve().parent.parent / "config.example.yaml"


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
    # ISO 639-1 code of the approved knowledge and the templates: a ticket confidently written in
    # another language is drafted for a person, never auto-replied, and tagged <prefix>_lang_<code>.
    # null turns the check off.
    language: str | None = Field(default="en", pattern=r"^[a-z]{2}$")


class SafetySettings(_Strict):
    """What happens when the deterministic safety screen fires (the AI never answers these)."""

    emergency_message: str | None = None  # a fixed text, e.g. "If this is an emergency, call 911 ..."
    emergency_priority: str = "urgent"
    clinical_priority: str = "high"
    # An automatic reply is sent only when the classifier gives clinical + emergency less than this: the
    # screen misses some emergencies in new wordings, and on blind probes the classifier gave 34 of the 39
    # it missed at least 0.10 (docs/benchmarks.md). Above it the reply waits as a note for a person.
    auto_max_clinical_share: float = Field(default=0.1, ge=0.0, le=1.0)


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
    state: StateSettings = StateSettings()
    web: WebSettings = WebSettings()
    console: ConsoleSettings = ConsoleSettings()
    zendesk_app: ZendeskAppSettings = ZendeskAppSettings()
    tag_prefix: str = Field(default="carelayer", pattern=r"^[a-z0-9_]+$")
    llm: LlmSettings | None = None  # no model is contacted unless configured
    fhir: FhirSettings | None = None  # patient actions need it (actions/README.md)
    actions: ActionsSettings = ActionsSettings()
    campaigns: tuple[CampaignSettings, ...] = ()  # outreach campaigns (outreach/README.md)
    _unique_campaigns = field_validator("campaigns")(check_unique_campaigns)

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
        # pydantic adds the union tag to the path; users never wrote it
        elif part in ("files", "confluence", "zendesk_help_center", "past_tickets", "freshdesk_solutions"):
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def _resolve_paths(settings: FileSettings, base: Path) -> FileSettings:
    def resolve(path: Path) -> Path:
        path = path.expanduser()
        return path if path.is_absolute() else (base / path).resolve()

    sources = tuple(
        s.model_copy(update={"path": resolve(s.path)}) if isinstance(s, FilesSourceSettings) else s
        for s in settings.knowledge.sources
    )
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
