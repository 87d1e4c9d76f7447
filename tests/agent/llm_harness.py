"""Shared set-up of the LLM tests: the OpenAI-compatible stub served over HTTP, settings pointing at it,
and a small agent whose retrieval returns real passages of the example clinic."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from agent.classifier import Classification
from agent.compose import ExtractiveComposer
from agent.language import LanguageDetector
from agent.llm import ChatModel
from agent.llm_classifier import LlmClassifier
from agent.llm_composer import LlmComposer
from agent.pipeline import TriageAgent
from carelayer.settings import Settings, load_settings
from carelayer.types import Chunk, SearchHit
from knowledge.embeddings import Embedder
from tests.agent.openai_stub import OpenAIStub
from tests.clinic_config import CLINIC, write_clinic_config
from tests.connectors.zendesk.fake_zendesk import serve

__all__ = ["FixedClassifier", "FixedRetriever", "Stub", "clinic_hit", "llm_settings", "make_agent", "serve_stub"]


@dataclass
class Stub:
    state: OpenAIStub
    url: str

    def reset(self) -> None:
        self.state.reset()


def serve_stub() -> Iterator[Stub]:
    state = OpenAIStub()
    with serve(state.app()) as url:
        yield Stub(state, url)


def llm_settings(folder: Path, stub_url: str, *, environ: Mapping[str, str] | None = None, **llm: Any) -> Settings:
    """The example clinic's config (billing in auto mode) with ``llm:`` pointing at the stub."""
    path = write_clinic_config(folder, billing="auto")
    data = yaml.safe_load(path.read_text())
    data["llm"] = {
        "provider": "openai_compatible",
        "base_url": f"{stub_url}/v1",
        "model": "stub-model",
        "timeout": 5,
        "max_retries": 0,
        **llm,
    }
    path.write_text(yaml.safe_dump(data))
    return load_settings(path, environ=dict(environ or {}))


class FixedClassifier:
    """Always the same category (the classifier is not what these tests are about)."""

    def __init__(self, category: str, confidence: float = 0.9) -> None:
        self.category, self.confidence = category, confidence

    def classify(self, subject: str, body: str) -> Classification:
        return Classification(self.category, self.confidence, {self.category: self.confidence})


class FixedRetriever:
    """Returns the given hits for every query, and remembers the queries."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.queries: list[str] = []

    def search(self, query: str, *, k: int | None = None) -> list[SearchHit]:
        self.queries.append(query)
        return list(self.hits)

    def titles(self, article_ids: Sequence[str]) -> dict[str, str]:
        known = {hit.article_id: hit.chunk.title for hit in self.hits}
        return {a: known[a] for a in article_ids if a in known}


def clinic_hit(name: str, *, text: str | None = None) -> SearchHit:
    """A hit on the example clinic's article ``name`` (front matter dropped), or on ``text`` under its name."""
    raw = (CLINIC / "knowledge" / name).read_text(encoding="utf-8") if text is None else text
    title = name
    if raw.startswith("---"):
        front, _, raw = raw[3:].partition("\n---\n")
        title = next((ln[6:].strip() for ln in front.splitlines() if ln.startswith("title:")), name)
    chunk = Chunk(id=f"{name}#0", source="clinic", article_id=name, title=title, text=raw.strip(), position=0)
    return SearchHit(chunk=chunk, score=1.0)


def make_agent(
    settings: Settings,
    embedder: Embedder,
    *,
    hits: list[SearchHit],
    category: str = "billing",
    llm_classifier: bool = False,
) -> TriageAgent:
    """A TriageAgent with the LLM composer (and optionally the LLM classifier) on the stub."""
    model = ChatModel.from_settings(settings)
    fallback = ExtractiveComposer(settings.file.replies, embedder)
    composer = LlmComposer(model=model, replies=settings.file.replies, embedder=embedder, fallback=fallback)
    classifier: Any = FixedClassifier(category)
    if llm_classifier:
        classifier = LlmClassifier(model=model, categories=settings.categories, fallback=classifier)
    return TriageAgent(
        settings=settings.file,
        classifier=classifier,
        retriever=FixedRetriever(hits),
        composer=composer,
        language=LanguageDetector(),
    )
