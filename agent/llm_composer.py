"""The LLM composer: fluent replies from a language model, checked against the passages they cite.

Behind the same ``Composer`` interface as the extractive composer, which stays its fallback:

- the model sees the admin's instructions, the REDACTED ticket and the retrieved passages with ids
  (``P1`` ...), and must answer JSON sentences that each cite passage ids;
- after the call, unknown or missing citations, sentences the cited passages do not support (the
  guardrails' support check), "never say" phrases and echoed redaction placeholders each step the
  plan towards a human (auto -> draft -> handoff), with reasons;
- a timeout, a provider error or a malformed answer falls back to the extractive composer, with a reason.

The composer only ever returns a ``Composition``: it cannot change the category, the planned action
(beyond downgrading it) or the safety outcome, whatever the model or an injected text says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from agent.compose import ARTICLES_CONSIDERED, Composer, Composition
from agent.guardrails import SUPPORT_THRESHOLD, sentence_support
from agent.llm import ChatModel, ModelCallError
from agent.llm_prompts import (
    PLACEHOLDER,
    ComposerAnswer,
    RedactedText,
    composer_prompt,
    greeting_with_name,
    parse_composer,
    said_forbidden,
)
from agent.safety import Risk, screen
from carelayer.errors import ModelError
from carelayer.settings import ReplySettings
from carelayer.types import Citation, Draft, LlmCall, SearchHit
from knowledge.embeddings import Embedder

_FALLBACK = "extractive composer used instead"
_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1")
# Instructions about doses or medicines ("double your insulin dose", "stop taking the pills", "take 2 tablets").
_CLINICAL_ADVICE = re.compile(
    r"\b(?:(?:double|triple|increase|decrease|reduce|lower|raise|skip|stop|start|change|adjust|halve)\w*"
    r"(?:\s+\w+){0,3}?\s+(?:doses?|dosage|insulin|medications?|medicines?|meds|pills?|tablets?|capsules?)"
    r"|take\s+\d+(?:\.\d+)?\s*(?:mg|milligrams?|units?|tablets?|pills?|capsules?|ml|puffs?)"
    r"|(?:\d+(?:\.\d+)?\s*(?:mg|milligrams?|units?))\s+(?:of\s+)?\w+\s+(?:every|twice|once|daily|a day))",
    re.IGNORECASE,
)


class LlmComposer:
    """Model-written replies, verified; the ``fallback`` composer answers when the model cannot."""

    def __init__(self, *, model: ChatModel, replies: ReplySettings, embedder: Embedder, fallback: Composer) -> None:
        self._model = model
        self._replies = replies
        self._embedder = embedder
        self._fallback = fallback

    def compose(self, question: str, hits: Sequence[SearchHit]) -> Composition | None:
        """A verified model reply from ``hits``, the fallback's on failure, None when nothing was retrieved."""
        used = list(hits[:ARTICLES_CONSIDERED])
        if not used or not question.strip():
            return None
        ids = {f"P{i}": hit for i, hit in enumerate(used, 1)}
        instructions = self._model.settings.instructions
        prompt = composer_prompt(
            instructions,
            # The pipeline hands over redacted text already; redacting again costs little and means
            # this class never depends on its caller for what reaches the wire (redaction is idempotent).
            question=RedactedText.of(question),
            passages=[(pid, hit.chunk.title, hit.chunk.text) for pid, hit in ids.items()],
            max_sentences=self._replies.max_sentences,
        )
        try:
            reply = self._model.ask(prompt, purpose="compose")
        except ModelCallError as error:
            return self._fall_back(question, hits, f"LLM composer {error}", error.call)
        try:
            answer = parse_composer(reply.text)
        except ModelError as error:
            return self._fall_back(question, hits, f"LLM composer: {error}", replace(reply.call, outcome="malformed"))
        if not answer.answerable or not answer.sentences:
            return self._fall_back(
                question, hits, "LLM composer: the model found no answer in the passages", reply.call, downgrade=True
            )
        return self._verified(question, answer, ids, reply.call)

    def _verified(self, question: str, answer: ComposerAnswer, ids: dict[str, SearchHit], call: LlmCall) -> Composition:
        """The model's answer as a Composition, with a downgrade for each kind of problem found."""
        # Helpdesk comments are plain text: markdown emphasis is dropped, as the extractive composer does.
        plain = (_EMPHASIS.sub(r"\2", " ".join(s.text.split())) for s in answer.sentences)
        sentences = tuple(plain)[: self._replies.max_sentences]
        cited = [[c.strip() for c in s.citations] for s in answer.sentences[: len(sentences)]]
        known = [pid for pid in ids if any(pid in c for c in cited)]
        citations = _unique_citations(ids[pid] for pid in known)
        text = " ".join(sentences)
        draft = Draft(body=self._render(text, citations), citations=citations, grounding=0.0, composer=self._name)
        return Composition(
            draft,
            sentences,
            {ids[pid].chunk.article_id: ids[pid].chunk.text for pid in known},
            self._relevance(question, sentences),
            notes=(f"composed by {self._name}",),
            downgrades=tuple(self._problems(sentences, cited, ids)),
            llm=(call,),
        )

    def _problems(self, sentences: Sequence[str], cited: list[list[str]], ids: dict[str, SearchHit]) -> list[str]:
        """One reason per kind of problem; each steps the plan once towards a human."""
        problems: list[str] = []
        unknown = sorted({c for cs in cited for c in cs if c not in ids})
        missing = [i for i, cs in enumerate(cited, 1) if not any(c in ids for c in cs)]
        if unknown or missing:
            problems.append(_citation_problem(unknown, missing))
        unsupported = [
            i
            for i, (sentence, cs) in enumerate(zip(sentences, cited, strict=True), 1)
            # A sentence citing nothing retrieved is already a citation problem: one downgrade per kind.
            if any(c in ids for c in cs)
            and sentence_support(sentence, [ids[c].chunk.text for c in cs if c in ids]) < SUPPORT_THRESHOLD
        ]
        if unsupported:
            problems.append(f"LLM reply: sentence {_numbers(unsupported)} not supported by the cited passages")
        text = " ".join(sentences)
        forbidden = said_forbidden(text, self._model.settings.instructions.never_say)
        if forbidden:
            problems.append(f"LLM reply says what the instructions forbid ({len(forbidden)} rule(s))")
        if PLACEHOLDER.search(text):
            problems.append("LLM reply repeats a redaction placeholder")
        if screen("", text).risk is not Risk.NONE or _CLINICAL_ADVICE.search(text):
            # The model may have followed text injected into an article or ticket (the screen reads
            # questions, so dosing instructions are looked for as well): two steps, straight to a human,
            # because clinical content is never drafted by the AI, not even as an internal note.
            problems.append("LLM reply touches clinical matters (safety screen or dosing words)")
            problems.append("clinical content is never drafted by the AI")
        return problems

    @property
    def _name(self) -> str:
        return f"llm:{self._model.settings.model}"

    def _fall_back(
        self, question: str, hits: Sequence[SearchHit], reason: str, call: LlmCall, *, downgrade: bool = False
    ) -> Composition | None:
        composition = self._fallback.compose(question, hits)
        if composition is None:
            return None
        reason = f"{reason}; {_FALLBACK}"
        if downgrade:
            return replace(composition, downgrades=(*composition.downgrades, reason), llm=(call,))
        return replace(composition, notes=(*composition.notes, reason), llm=(call,))

    def _relevance(self, question: str, sentences: Sequence[str]) -> float:
        """Cosine similarity of the question to the mean of the answer sentences (as the extractive one)."""
        query = self._embedder.embed_query(question)
        vectors = self._embedder.embed_documents(list(sentences))
        mean = vectors.mean(axis=0)
        norm = float((mean @ mean) ** 0.5)
        return float(mean @ query) / norm if norm else 0.0

    def _render(self, text: str, citations: tuple[Citation, ...]) -> str:
        greeting = self._replies.greeting
        if "first_name" in self._model.settings.instructions.fill_back:
            greeting = greeting_with_name(greeting)
        sources = "\n".join(f"- {c.title}" + (f": {c.url}" if c.url else "") for c in citations)
        parts = [greeting, text, f"{self._replies.sources_heading}\n{sources}", self._replies.sign_off]
        return "\n\n".join(part.strip() for part in parts if part.strip())


def _citation_problem(unknown: list[str], missing: list[int]) -> str:
    parts = []
    if unknown:
        parts.append(f"unknown passage id(s) cited: {', '.join(u[:20] for u in unknown[:5])}")
    if missing:
        parts.append(f"sentence {_numbers(missing)} cite(s) no retrieved passage")
    return "LLM reply: " + "; ".join(parts)


def _numbers(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values)


def _unique_citations(hits: Iterable[SearchHit]) -> tuple[Citation, ...]:
    seen: dict[str, Citation] = {}
    for hit in hits:
        seen.setdefault(hit.chunk.article_id, hit.citation())
    return tuple(seen.values())
