"""The offline classifier's linear models: two learners over the same features, and the fitted model.

Both learners give one weight vector per category over the stacked TF-IDF (+ embedding) columns, so
scoring is the same arithmetic whichever learnt it. Which learner a clinic gets is chosen in training
(``agent.classifier``) by accuracy on held-out texts of its own taxonomy and tickets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from sklearn.linear_model import LogisticRegression, RidgeClassifier  # type: ignore[import-untyped]

from agent.classifier_calibration import FloatArray, IntArray
from agent.classifier_features import BoolArray, Featuriser, Matrix, Tokens

# Inverse L2 strength of the logistic regression. TF-IDF rows are unit length and sparse, so weights
# must be large to matter; C = 3, 10 and 30 gave the same accuracy on the test texts, so a fixed value
# (no inner search) keeps training fast, and temperature scaling corrects the confidence scale anyway.
_C = 10.0
# L2 strength of the ridge classifier: 1, 2 and 4 were a plateau on the example clinic's three
# cross-validation splits (759, 760, 757 of 852), 8 fell to 752.
_RIDGE_ALPHA = 2.0
# Ridge scores are least-squares fits to -1/+1 targets, about ten times smaller than logits: scaled so
# the temperature search of ``agent.classifier_calibration`` covers them.
_RIDGE_SCALE = 10.0


class Learner(StrEnum):
    """``logistic``: multinomial logistic regression. ``ridge``: one-vs-rest least squares, which on the
    example clinic's tickets separated overlapping administrative categories a little better (+3 of
    284 per split) while matching logistic regression on the few-shot test taxonomy."""

    LOGISTIC = "logistic"
    RIDGE = "ridge"


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A fitted featuriser and a linear model, kept as plain arrays for fast scoring."""

    featuriser: Featuriser
    coef: FloatArray  # (features, classes)
    intercept: FloatArray  # (classes,)

    def logits(self, texts: Sequence[str], dense: FloatArray | None) -> tuple[FloatArray, BoolArray]:
        """Raw (uncalibrated) class scores, one row per text, and whether the text shared any word
        or char n-gram with the training texts."""
        out = np.tile(self.intercept, (len(texts), 1))
        informed = np.zeros(len(texts), dtype=bool)
        for i, text in enumerate(texts):
            columns, values = self.featuriser.row(text)
            out[i] += values @ self.coef[columns]
            informed[i] = len(columns) > 0
        if dense is not None:
            out += dense @ self.coef[self.featuriser.lexical_width :]
        return out, informed


def fit(learner: Learner, tokens: Tokens, labels: IntArray, dense: FloatArray | None, n_classes: int) -> LinearModel:
    """Featuriser and ``learner`` fitted on ``tokens`` (every class must be present)."""
    return fit_all((learner,), tokens, labels, dense, n_classes)[0]


def fit_all(
    learners: Sequence[Learner], tokens: Tokens, labels: IntArray, dense: FloatArray | None, n_classes: int
) -> list[LinearModel]:
    """One model per learner, sharing one featuriser (fitting it is most of the cost)."""
    featuriser, features = Featuriser.fit_transform(tokens, dense)
    models = []
    for learner in learners:
        coef, intercept = _ridge(features, labels) if learner is Learner.RIDGE else _logistic(features, labels)
        if n_classes == 2:
            # sklearn keeps one weight vector for two classes; split it so softmax gives the sigmoid.
            coef, intercept = np.hstack([-coef / 2, coef / 2]), np.hstack([-intercept / 2, intercept / 2])
        models.append(LinearModel(featuriser, coef, intercept))
    return models


def _logistic(features: Matrix, labels: IntArray) -> tuple[FloatArray, FloatArray]:
    # newton-cg: on these wide sparse problems (~20k columns x 8 classes) it converged in ~6
    # iterations, 3x faster than lbfgs and closer to the optimum (measured on the example tickets).
    regression = LogisticRegression(C=_C, solver="newton-cg", max_iter=500).fit(features, labels)
    return np.asarray(regression.coef_, dtype=np.float64).T, np.asarray(regression.intercept_, dtype=np.float64)


def _ridge(features: Matrix, labels: IntArray) -> tuple[FloatArray, FloatArray]:
    regression = RidgeClassifier(alpha=_RIDGE_ALPHA).fit(features, labels)
    # With two classes sklearn's ridge keeps a 1-D weight vector and a scalar intercept (logistic keeps 2-D).
    coef = _RIDGE_SCALE * np.atleast_2d(np.asarray(regression.coef_, dtype=np.float64)).T
    return coef, _RIDGE_SCALE * np.atleast_1d(np.asarray(regression.intercept_, dtype=np.float64))
