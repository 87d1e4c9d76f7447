"""Guardrails: a draft goes out only if every sentence stands on a cited passage and it fits the question.

Checked after composing, whatever the composer (the extractive one copies sentences, so it passes
the support check by construction; an LLM composer will not always). Failures downgrade the plan
towards a human and say why.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.compose import Composition, content_words
from agent.policy import Plan

SUPPORT_THRESHOLD = 0.8  # share of a sentence's content words that one cited passage must contain


@dataclass(frozen=True, slots=True)
class GuardrailResult:
    plan: Plan
    grounding: float  # share of answer sentences supported by a cited passage


def sentence_support(sentence: str, passages: list[str]) -> float:
    """The largest share of the sentence's content words found in any single passage."""
    words = content_words(sentence)
    if not words:
        return 1.0
    return max((len(words & content_words(p)) / len(words) for p in passages), default=0.0)


def grounding(composition: Composition) -> float:
    passages = list(composition.passages.values())
    if not composition.sentences or not composition.draft.citations:
        return 0.0
    supported = [sentence_support(s, passages) >= SUPPORT_THRESHOLD for s in composition.sentences]
    return sum(supported) / len(supported)


def check(composition: Composition, plan: Plan, *, min_grounding: float, min_relevance: float) -> GuardrailResult:
    """Downgrade ``plan`` for weak grounding or an off-topic answer; reasons carry the figures."""
    score = grounding(composition)
    if score < min_grounding:
        plan = plan.downgrade(f"grounding {score:.2f} below {min_grounding:.2f}")
    if composition.relevance < min_relevance:
        plan = plan.downgrade(f"answer relevance {composition.relevance:.2f} below {min_relevance:.2f}")
    if score >= min_grounding and composition.relevance >= min_relevance:
        plan = plan.because(f"grounded: {score:.2f}; relevance {composition.relevance:.2f}")
    return GuardrailResult(plan, score)
