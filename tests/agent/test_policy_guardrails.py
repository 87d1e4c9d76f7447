from __future__ import annotations

import pytest

from agent.compose import Composition
from agent.guardrails import check, grounding, sentence_support
from agent.policy import Plan, plan_for
from carelayer.settings import CategorySettings
from carelayer.types import Action, Citation, Draft


@pytest.mark.parametrize(
    ("mode", "confidence", "expected"),
    [
        ("auto", 0.9, Action.REPLY),
        ("auto", 0.3, Action.NOTE),
        ("draft", 0.9, Action.NOTE),
        ("draft", 0.3, Action.HANDOFF),
        ("off", 0.9, Action.SKIP),
        ("off", 0.1, Action.SKIP),
        ("handoff", 0.99, Action.HANDOFF),
    ],
)
def test_mode_and_confidence_give_the_planned_action(mode: str, confidence: float, expected: Action) -> None:
    category = CategorySettings(name="billing", mode=mode, min_confidence=0.6)  # type: ignore[arg-type]
    plan = plan_for(category, confidence)
    assert plan.action is expected
    assert plan.reasons[0] == f"category billing: mode {mode}"
    if expected is not _MODE[mode]:
        assert "below 0.60" in plan.reasons[-1]


_MODE = {"auto": Action.REPLY, "draft": Action.NOTE, "off": Action.SKIP, "handoff": Action.HANDOFF}


def test_downgrades_only_move_towards_a_human() -> None:
    plan = Plan(Action.REPLY)
    plan = plan.downgrade("weak")
    assert plan.action is Action.NOTE
    plan = plan.downgrade("weaker")
    assert plan.action is Action.HANDOFF
    assert plan.downgrade("again").action is Action.HANDOFF
    assert Plan(Action.SKIP).downgrade("x").action is Action.SKIP
    assert plan.reasons == ("weak: reply -> note", "weaker: note -> handoff")


def _composition(sentences: tuple[str, ...], passage: str, relevance: float = 0.8) -> Composition:
    draft = Draft("body", (Citation("kb", "a1", "Fees"),))
    return Composition(draft, sentences, {"a1": passage}, relevance)


PASSAGE = "Cancel at least 24 hours ahead. Late cancellations cost a $25 fee. Call 555-0100 to cancel."


def test_supported_sentences_pass_and_unsupported_ones_downgrade() -> None:
    assert sentence_support("Late cancellations cost a $25 fee.", [PASSAGE]) == 1.0
    assert sentence_support("Your doctor will waive every fee for you.", [PASSAGE]) < 0.5
    good = _composition(("Cancel at least 24 hours ahead.", "Late cancellations cost a $25 fee."), PASSAGE)
    assert grounding(good) == 1.0
    result = check(good, Plan(Action.REPLY), min_grounding=0.9, min_relevance=0.3)
    assert result.plan.action is Action.REPLY and "grounded" in result.plan.reasons[-1]
    invented = _composition(("Cancel at least 24 hours ahead.", "Doctors waive every penalty on request."), PASSAGE)
    result = check(invented, Plan(Action.REPLY), min_grounding=0.9, min_relevance=0.3)
    assert result.grounding == 0.5
    assert result.plan.action is Action.NOTE and "grounding 0.50 below 0.90" in result.plan.reasons[-1]


def test_off_topic_answer_is_downgraded() -> None:
    result = check(
        _composition(("Cancel at least 24 hours ahead.",), PASSAGE, relevance=0.1),
        Plan(Action.NOTE),
        min_grounding=0.5,
        min_relevance=0.35,
    )
    assert result.plan.action is Action.HANDOFF
    assert "relevance 0.10 below 0.35" in result.plan.reasons[-1]


def test_no_citations_means_no_grounding() -> None:
    composition = Composition(Draft("x"), ("A sentence here.",), {}, 0.9)
    assert grounding(composition) == 0.0
