"""The LLM classifier on the stub: structured answers, calibrated confidences, fallbacks to the offline one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.classifier import LabelledText
from agent.llm import ChatModel
from agent.llm_classifier import LlmClassifier, fit_platt
from carelayer.settings import Settings
from tests.agent.llm_harness import FixedClassifier, Stub, llm_settings, serve_stub
from tests.agent.openai_stub import Reply


@pytest.fixture(scope="module")
def stub() -> Iterator[Stub]:
    yield from serve_stub()


@pytest.fixture
def settings(stub: Stub, tmp_path: Path) -> Settings:
    stub.reset()
    return llm_settings(tmp_path, stub.url, classify=True)


def _classifier(settings: Settings) -> LlmClassifier:
    return LlmClassifier(
        model=ChatModel.from_settings(settings),
        categories=settings.categories,
        fallback=FixedClassifier("general", 0.3),
    )


def test_the_model_category_is_used_with_its_confidence_capped(settings: Settings, stub: Stub) -> None:
    stub.state.script(json.dumps({"category": "Billing", "confidence": 1.0}))
    result = _classifier(settings).classify("my bill", "Can I pay in installments?")
    assert (result.category, result.confidence) == ("billing", 0.85)  # llm.max_confidence without calibration
    assert set(result.scores) == {c.name for c in settings.categories}
    assert sum(result.scores.values()) == pytest.approx(1.0)
    assert result.scores["clinical"] + result.scores["emergency"] < 0.1
    assert [(c.purpose, c.outcome) for c in result.llm] == [("classify", "ok")]
    system = stub.state.requests[0].body["messages"][0]["content"]
    assert "- billing: " in system and "- emergency: " in system


@pytest.mark.parametrize(
    "content",
    ['{"category": "parking", "confidence": 0.9}', "billing, I think", '{"category": "billing", "confidence": 7}'],
)
def test_unknown_or_malformed_answers_fall_back_to_the_offline_classifier(
    settings: Settings, stub: Stub, content: str
) -> None:
    stub.state.script(content)
    result = _classifier(settings).classify("my bill", "Can I pay in installments?")
    assert (result.category, result.confidence) == ("general", 0.3)
    assert [c.outcome for c in result.llm] == ["malformed"]


def test_a_failed_call_falls_back_and_is_recorded(settings: Settings, stub: Stub) -> None:
    stub.state.script(Reply(status=503))
    result = _classifier(settings).classify("my bill", "Can I pay in installments?")
    assert result.category == "general" and [c.outcome for c in result.llm] == ["error"]


def test_platt_scaling_tames_an_overconfident_model() -> None:
    # Says 0.95 every time but is right 6 times in 10; says 0.6 and is right 1 time in 5.
    stated = [0.95] * 10 + [0.6] * 5
    correct = [1] * 6 + [0] * 4 + [1] + [0] * 4
    fit = fit_platt(stated, correct)
    assert fit.method == "platt" and fit.tickets == 15
    assert 0.45 < fit.probability(0.95) < 0.7
    assert fit.probability(0.6) < fit.probability(0.95)
    always_right = fit_platt([0.9, 0.8, 0.99], [1, 1, 1])
    assert always_right.method == "cap" and always_right.probability(0.99) == pytest.approx(0.8)


def test_calibrate_asks_the_model_about_labelled_tickets_and_uses_the_fit(settings: Settings, stub: Stub) -> None:
    classifier = _classifier(settings)
    labelled = [LabelledText("Can I pay my bill online?", "billing")] * 4 + [
        LabelledText("Where do I park?", "general")
    ] * 4
    # Right on the billing tickets, wrong (and just as sure) on the parking ones.
    stub.state.script(*[json.dumps({"category": "billing", "confidence": 0.97})] * 8)
    fit = classifier.calibrate(labelled)
    assert len(stub.state.requests) == 8 and fit.method == "platt"
    assert fit.probability(0.97) == pytest.approx(0.5, abs=0.1)
    stub.state.script(json.dumps({"category": "billing", "confidence": 0.97}))
    result = classifier.classify("bill", "Can I pay online?")
    assert result.confidence == pytest.approx(fit.probability(0.97))
