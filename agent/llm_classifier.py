"""The LLM classifier: a language model picks the category, its confidence is calibrated before use.

Used only when ``llm.classify`` is set. The pipeline runs the deterministic safety screen before any
classifier, so the screen wins whatever the model says; a model's clinical or emergency answer only
ever hands the ticket to humans (see ``agent.pipeline``).

Confidence: models state confidences that are not probabilities (they are mostly overconfident).
With labelled tickets, ``calibrate`` fits Platt scaling, ``p = sigmoid(a * logit(stated) + b)``, on
how often the model was right; without, the documented mapping is ``p = min(stated, max_confidence)``
(``llm.max_confidence``, 0.85 by default), so a model's "1.0" never clears every threshold by itself.
The remaining probability is shared equally by the other categories.

A timeout, provider error, malformed answer or unknown category falls back to the offline classifier;
the call is still recorded (``Classification.llm``) with its outcome.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from agent.classifier import Classification, Classifier, LabelledText
from agent.classifier_features import ticket_text
from agent.llm import ChatModel, ModelCallError
from agent.llm_prompts import RedactedText, classifier_prompt, parse_classifier
from carelayer.errors import ModelError
from carelayer.settings import CategorySettings
from carelayer.types import LlmCall

_EPSILON = 1e-3  # stated confidences are clipped to [eps, 1 - eps] before the logit


@dataclass(frozen=True, slots=True)
class LlmCalibration:
    """Platt scaling fitted on ``tickets`` labelled tickets the model had not seen (``accuracy`` on them).

    ``method``: ``platt``, or ``cap`` when fewer than two outcomes were seen (then ``p = min(stated,
    accuracy)`` with the Laplace-smoothed accuracy).
    """

    tickets: int
    accuracy: float
    slope: float
    intercept: float
    method: str

    def probability(self, stated: float) -> float:
        """The calibrated probability that an answer stated with ``stated`` confidence is right."""
        if self.method != "platt":
            return min(stated, self.accuracy)
        z = self.slope * _logit(stated) + self.intercept
        return 1.0 / (1.0 + math.exp(-z))


class LlmClassifier:
    """Category from a language model; ``fallback`` (the offline classifier) when the model fails."""

    def __init__(
        self,
        *,
        model: ChatModel,
        categories: Sequence[CategorySettings],
        fallback: Classifier,
        calibration: LlmCalibration | None = None,
    ) -> None:
        self._model = model
        self._categories = tuple(categories)
        self._names = tuple(c.name for c in categories)
        self._fallback = fallback
        self.calibration = calibration

    def classify(self, subject: str, body: str) -> Classification:
        """A Classification whose scores cover every category and sum to 1; never raises for a model failure."""
        stated = self._ask(subject, body)
        if isinstance(stated, LlmCall):
            return replace(self._fallback.classify(subject, body), llm=(stated,))
        category, confidence, call = stated
        p = self._probability(confidence)
        rest = (1.0 - p) / max(len(self._names) - 1, 1)
        scores = MappingProxyType({n: (p if n == category else rest) for n in self._names})
        return Classification(category, p, scores, llm=(call,))

    def calibrate(self, labelled: Sequence[LabelledText]) -> LlmCalibration:
        """Fit (and keep) Platt scaling on ``labelled`` tickets; every one is a call to the model."""
        stated: list[float] = []
        correct: list[int] = []
        for item in labelled:
            answer = self._ask("", item.text)
            if isinstance(answer, LlmCall):
                continue  # a failed call says nothing about the model's confidence
            stated.append(answer[1])
            correct.append(int(answer[0] == item.category))
        self.calibration = fit_platt(stated, correct)
        return self.calibration

    def _ask(self, subject: str, body: str) -> tuple[str, float, LlmCall] | LlmCall:
        """(category, stated confidence, call), or the failed call."""
        # The pipeline gives redacted text already; redacting here as well keeps the wire safe on its own.
        prompt = classifier_prompt(self._categories, RedactedText.of(ticket_text(subject, body)))
        try:
            reply = self._model.ask(prompt, purpose="classify")
        except ModelCallError as error:
            return error.call
        try:
            answer = parse_classifier(reply.text)
        except ModelError:
            return replace(reply.call, outcome="malformed")
        category = answer.category.strip().lower()
        if category not in self._names:
            return replace(reply.call, outcome="malformed")
        return category, answer.confidence, reply.call

    def _probability(self, stated: float) -> float:
        if self.calibration is None:
            return min(stated, self._model.settings.max_confidence)
        return self.calibration.probability(stated)


def fit_platt(stated: Sequence[float], correct: Sequence[int]) -> LlmCalibration:
    """Platt scaling of stated confidences against outcomes (1 right, 0 wrong); deterministic."""
    n = len(correct)
    accuracy = (sum(correct) + 1) / (n + 2)  # Laplace: never 0 or 1 from a handful of tickets
    if len(set(correct)) < 2:
        return LlmCalibration(n, accuracy, 0.0, 0.0, "cap")
    x = np.array([[_logit(s)] for s in stated])
    regression = LogisticRegression(C=1.0).fit(x, np.array(correct))
    slope, intercept = float(regression.coef_[0][0]), float(regression.intercept_[0])
    return LlmCalibration(n, accuracy, slope, intercept, "platt")


def _logit(p: float) -> float:
    p = min(max(p, _EPSILON), 1 - _EPSILON)
    return math.log(p / (1 - p))
