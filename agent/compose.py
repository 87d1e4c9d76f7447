"""Composers turn retrieved passages into a reply; the extractive one is the offline default.

The extractive composer never writes a word of its own between greeting and sign-off: it picks the
sentences of the retrieved passages that best answer the question, keeps them in reading order,
and lists the articles they came from. An LLM composer can come later behind ``Composer``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # type: ignore[import-untyped]

from carelayer.settings import ReplySettings
from carelayer.types import Citation, Draft, LlmCall, SearchHit
from knowledge.embeddings import CachedEmbedder, Embedder
from knowledge.sources.past_tickets import citation_label

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1")  # markdown bold/code: helpdesk comments are plain text
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = ENGLISH_STOP_WORDS
MIN_SENTENCE_CHARS = 25
MAX_SENTENCE_CHARS = 450
ARTICLES_CONSIDERED = 3


@dataclass(frozen=True, slots=True)
class Composition:
    """A draft plus what the guardrails need to check it."""

    draft: Draft
    sentences: tuple[str, ...]  # the answer sentences, each copied from a cited passage
    passages: Mapping[str, str]  # citation id -> passage text the sentences were taken from
    relevance: float  # cosine similarity of the question to the chosen sentences, in [-1, 1]
    # Set by the LLM composer: reasons recorded, reasons that each step the plan towards a human,
    # and the model calls made (cost and latency for the decision's audit record).
    notes: tuple[str, ...] = ()
    downgrades: tuple[str, ...] = ()
    llm: tuple[LlmCall, ...] = ()


class Composer(Protocol):
    def compose(self, question: str, hits: Sequence[SearchHit]) -> Composition | None:
        """A reply built from ``hits``, or None when nothing usable was retrieved."""
        ...


@dataclass(frozen=True, slots=True)
class _Candidate:
    hit_rank: int
    position: int
    text: str


def split_sentences(passage: str) -> list[str]:
    """Sentences of a passage; list items and lines count as sentences, headings are dropped."""
    sentences: list[str] = []
    for raw_line in passage.split("\n"):
        line = _EMPHASIS.sub(r"\2", _BULLET.sub("", raw_line)).strip()
        if not line or line.startswith("#"):
            continue
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1}


class ExtractiveComposer:
    """Greeting + the best sentences of the best passages + sources + sign-off (see module doc)."""

    def __init__(self, replies: ReplySettings, embedder: Embedder) -> None:
        self._replies = replies
        # The same articles' sentences come back ticket after ticket: their vectors are remembered.
        self._embedder: Embedder = CachedEmbedder(embedder)

    def compose(self, question: str, hits: Sequence[SearchHit]) -> Composition | None:
        candidates = self._candidates(hits[:ARTICLES_CONSIDERED])
        if not candidates or not question.strip():
            return None
        chosen, relevance = self._choose(question, candidates)
        used_ranks = sorted({c.hit_rank for c in chosen})
        citations = tuple(hits[rank].citation() for rank in used_ranks)
        sentences = tuple(c.text for c in chosen)
        body = self._render(chosen, citations)
        passages = {hits[rank].chunk.article_id: hits[rank].chunk.text for rank in used_ranks}
        draft = Draft(body=body, citations=citations, grounding=0.0, composer="extractive")
        return Composition(draft, sentences, passages, relevance)

    def _candidates(self, hits: Sequence[SearchHit]) -> list[_Candidate]:
        candidates = []
        for rank, hit in enumerate(hits):
            for position, sentence in enumerate(split_sentences(hit.chunk.text)):
                if MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS:
                    candidates.append(_Candidate(rank, position, sentence))
        return candidates

    def _choose(self, question: str, candidates: list[_Candidate]) -> tuple[list[_Candidate], float]:
        """The sentences of the best-ranked article that best answer the question, by meaning and words.

        Retrieval ranked whole passages with their titles, which is the stronger signal, so the answer
        comes from its first article; the second one only fills in when the first has too little.
        """
        query = self._embedder.embed_query(question)
        vectors = self._embedder.embed_documents([c.text for c in candidates])
        asked = content_words(question)
        scores = vectors @ query
        for i, candidate in enumerate(candidates):
            scores[i] += 0.5 * len(asked & content_words(candidate.text)) / max(len(asked), 1)
        first = candidates[0].hit_rank
        allowed = {first} if sum(c.hit_rank == first for c in candidates) >= 2 else {first, first + 1}
        order = [int(i) for i in np.argsort(-scores) if candidates[i].hit_rank in allowed]
        picked = sorted(
            order[: self._replies.max_sentences], key=lambda i: (candidates[i].hit_rank, candidates[i].position)
        )
        answer_vector = vectors[picked].mean(axis=0)
        norm = float(np.linalg.norm(answer_vector))
        relevance = float(answer_vector @ query) / norm if norm else 0.0
        return [candidates[i] for i in picked], relevance

    def _render(self, chosen: list[_Candidate], citations: tuple[Citation, ...]) -> str:
        paragraphs: list[str] = []
        for rank in sorted({c.hit_rank for c in chosen}):
            paragraphs.append(" ".join(c.text for c in chosen if c.hit_rank == rank))
        sources = "\n".join(f"- {citation_label(c)}" + (f": {c.url}" if c.url else "") for c in citations)
        parts = [
            self._replies.greeting,
            *paragraphs,
            f"{self._replies.sources_heading}\n{sources}",
            self._replies.sign_off,
        ]
        return "\n\n".join(part.strip() for part in parts if part.strip())
