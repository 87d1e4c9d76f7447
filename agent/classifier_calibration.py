"""Held-out calibration for the offline classifier: fold assignment, temperature scaling, ECE.

Everything here is pure numpy and deterministic given its inputs (and the seed for folds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ALWAYS_TRAIN = -1  # fold id of a text that is never held out
MAX_FOLDS = 5
ECE_BINS = 10
# Temperatures searched (log-spaced). Below 0.25 a handful of lucky held-out texts could make
# the model claim near-certainty; above 20 every answer would be a shrug.
_TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(20.0), 241))


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """How well confidences matched reality on texts the scoring model had not seen.

    ``held_out``: texts scored out-of-fold; ``accuracy`` and ``ece`` (expected calibration error,
    10 equal-width bins, with each fold's temperature fitted on the other folds) are ``None``
    when nothing could be held out. ``temperature`` divides the logits at classify time.
    """

    held_out: int
    accuracy: float | None
    ece: float | None
    temperature: float
    folds: int
    method: str
    learner: str = "logistic"  # the learner chosen on the held-out texts (``agent.classifier_model.Learner``)


def assign_folds(labels: IntArray, anchors: Sequence[bool], *, seed: int) -> tuple[IntArray, int]:
    """A fold id per text (``ALWAYS_TRAIN`` for anchors) and the number of folds (0: none).

    Stratified by hand rather than with StratifiedKFold because classes may have one or no
    held-out-able text. Guarantees every class keeps at least one training text in every fold:
    a class without an anchor keeps its first (shuffled) text out of the folds.
    """
    anchor_arr = np.asarray(anchors, dtype=bool)
    folds = np.full(len(labels), ALWAYS_TRAIN, dtype=np.int64)
    rng = np.random.default_rng(seed)
    per_class = [_foldable(labels, anchor_arr, c, rng) for c in np.unique(labels)]
    if sum(len(m) for m in per_class) < 2:
        return folds, 0
    # As many folds as the largest class can fill (2 to MAX_FOLDS): more folds, bigger training sets.
    n_folds = min(MAX_FOLDS, max(2, *(len(m) for m in per_class)))
    for members in per_class:
        # A random start per class spreads small classes over all folds instead of fold 0.
        start = int(rng.integers(n_folds))
        folds[members] = (start + np.arange(len(members))) % n_folds
    return folds, n_folds


def _foldable(labels: IntArray, anchors: npt.NDArray[np.bool_], label: int, rng: np.random.Generator) -> IntArray:
    members = rng.permutation(np.flatnonzero((labels == label) & ~anchors))
    has_anchor = bool(np.any((labels == label) & anchors))
    return members if has_anchor else members[1:]


def softmax(logits: FloatArray, temperature: float = 1.0) -> FloatArray:
    """Row-wise softmax of ``logits / temperature``; rows sum to 1 (max-shifted, no overflow)."""
    scaled = logits / temperature
    scaled = scaled - scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    result: FloatArray = exp / exp.sum(axis=-1, keepdims=True)
    return result


def fit_temperature(logits: FloatArray, labels: IntArray) -> float:
    """The temperature minimising held-out negative log-likelihood (1.0 with no data)."""
    if len(labels) == 0:
        return 1.0
    # Vectorised over all candidate temperatures at once: (T, n, classes).
    scaled = logits[None, :, :] / _TEMPERATURES[:, None, None]
    shifted = scaled - scaled.max(axis=2, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=2))
    picked = np.take_along_axis(shifted, labels[None, :, None], axis=2)[:, :, 0]
    nll = (log_norm - picked).mean(axis=1)
    return float(_TEMPERATURES[int(np.argmin(nll))])


def expected_calibration_error(probs: FloatArray, labels: IntArray, bins: int = ECE_BINS) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    # Bin index from 0 to bins-1; confidence 1.0 belongs to the top bin.
    index = np.minimum((confidence * bins).astype(np.int64), bins - 1)
    error = 0.0
    for b in range(bins):
        in_bin = index == b
        if in_bin.any():
            error += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(error)


def report(
    logits: FloatArray, labels: IntArray, folds: IntArray, n_folds: int, learner: str = "logistic"
) -> CalibrationReport:
    """Calibration from out-of-fold ``logits`` of the held-out texts (``folds`` their fold ids).

    The returned temperature is fitted on all held-out texts; the ECE is cross-fitted (each fold
    scaled by a temperature fitted on the other folds) so it is not flattered by its own fit.
    """
    temperature = fit_temperature(logits, labels)
    if len(labels) == 0:
        method = "uncalibrated: no labelled text or example could be held out"
        return CalibrationReport(0, None, None, temperature, 0, method, learner)
    probs = np.empty_like(logits)
    for fold in np.unique(folds):
        rest = folds != fold
        fold_t = fit_temperature(logits[rest], labels[rest]) if rest.any() else temperature
        probs[folds == fold] = softmax(logits[folds == fold], fold_t)
    accuracy = float((probs.argmax(axis=1) == labels).mean())
    method = (
        f"{learner}; temperature scaling (T={temperature:.2f}) fitted on {n_folds}-fold stratified out-of-fold "
        "logits; category descriptions always train, examples and labelled tickets are held out"
    )
    ece = expected_calibration_error(probs, labels)
    return CalibrationReport(len(labels), accuracy, ece, temperature, n_folds, method, learner)
