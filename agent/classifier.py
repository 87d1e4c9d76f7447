"""Ticket classification: a category of the admin's taxonomy plus a calibrated confidence.

``Classifier`` is the interface the pipeline depends on; ``OfflineClassifier`` is the offline
default (an LLM classifier can come later behind the same interface). It learns from each
category's name, description and examples and, when given, from labelled past tickets.

Guarantees of ``OfflineClassifier.classify``: never raises on any ``str`` input (empty, huge,
HTML, lone surrogates, any language); ``scores`` holds every category, each in [0, 1], summing to
1; ``confidence`` equals ``scores[category]``, the largest score; the result is a deterministic
function of the input and of what ``train`` was given (including ``seed``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from agent.classifier_calibration import (
    ALWAYS_TRAIN,
    CalibrationReport,
    FloatArray,
    IntArray,
    assign_folds,
    report,
    softmax,
)
from agent.classifier_features import (
    MAX_CHARS,
    Tokens,
    embed,
    ticket_text,
)
from agent.classifier_model import Learner, LinearModel, fit, fit_all
from agent.screened import screened_text
from carelayer.errors import ConfigError, InputError
from carelayer.settings import CategorySettings, EmbeddingSettings
from carelayer.types import LlmCall
from knowledge.embeddings import Embedder, build_embedder

__all__ = [
    "MAX_CHARS",
    "CalibrationReport",
    "Classification",
    "Classifier",
    "LabelledText",
    "OfflineClassifier",
]

# Parenthesised exclusions in a description: "(not what a result means)".
_EXCLUSION = re.compile(r"\((?:not|except|excluding|but not|no)\b[^()]*\)", re.IGNORECASE)
_TOPIC_SEPARATOR = re.compile(r"[;,]|\s[-–—]\s")
# A rewrite of every text the classifier reads, in training and in use alike.
Hints = Callable[[str], str]


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A past ticket (or any text) and the category a human gave it."""

    text: str
    category: str

    @classmethod
    def from_ticket(cls, subject: str, body: str, category: str) -> LabelledText:
        """Subject and body joined exactly as ``classify`` joins them."""
        return cls(_classifier_text(subject, body), category)


@dataclass(frozen=True, slots=True)
class Classification:
    """``confidence`` is the calibrated probability that ``category`` is right; ``scores`` the
    calibrated probability of every category (sums to 1)."""

    category: str
    confidence: float
    scores: Mapping[str, float]
    llm: tuple[LlmCall, ...] = ()  # calls to a language model (LLM classifier), for the audit record


class Classifier(Protocol):
    """What the pipeline needs: one category and a calibrated confidence per ticket."""

    def classify(self, subject: str, body: str) -> Classification: ...


@dataclass(frozen=True, slots=True)
class _Corpus:
    """Training texts; ``anchors`` (category definitions) are never held out for calibration."""

    texts: tuple[str, ...]
    labels: IntArray
    anchors: tuple[bool, ...]


class OfflineClassifier:
    """TF-IDF (+ sentence embedding) linear model with temperature-scaled confidences: logistic regression
    or ridge, whichever was more accurate on held-out texts in training (``agent.classifier_model``).

    Build it with ``train``. ``calibration`` reports how the confidences fared on held-out texts.
    """

    __slots__ = ("_categories", "_embedder", "_hints", "_model", "_prior", "calibration")

    def __init__(
        self,
        *,
        categories: Sequence[str],
        model: LinearModel,
        prior: FloatArray,
        embedder: Embedder | None,
        calibration: CalibrationReport,
        hints: Hints | None = None,
    ) -> None:
        self._categories = tuple(categories)
        self._hints = hints
        self._model = model
        self._prior = prior
        self._embedder = embedder
        self.calibration = calibration

    @property
    def categories(self) -> tuple[str, ...]:
        """Category names in taxonomy order."""
        return self._categories

    @classmethod
    def train(
        cls,
        categories: Sequence[CategorySettings],
        labelled: Sequence[LabelledText] = (),
        *,
        seed: int = 0,
        embedder: Embedder | None = None,
        use_embeddings: bool = True,
        hints: Hints | None = None,
        learners: Sequence[Learner] = tuple(Learner),
    ) -> OfflineClassifier:
        """Fit on the taxonomy (and ``labelled``), calibrate on held-out folds, refit on everything.

        ``embedder``: an already loaded embedder to share (None builds the default wordllama one,
        ~0.3 s); it is kept and used by ``classify``. ``use_embeddings=False``: lexical features
        only, no embedder is loaded or kept. ``hints``: applied to every example, labelled and classified
        text alike (``agent.glossary.EnglishHints``: English glosses of a foreign-language ticket).
        ``learners``: those tried on the held-out folds; the more accurate one is refitted on everything
        (``calibration.learner``).
        Raises ``ConfigError`` for fewer than two or duplicate categories, ``InputError`` for a
        labelled text whose category is not in the taxonomy. Deterministic given ``seed``.
        """
        names = _category_names(categories)
        corpus = _corpus(categories, labelled, names, hints or _unchanged)
        if not use_embeddings:
            embedder = None
        elif embedder is None:
            embedder = build_embedder(EmbeddingSettings())
        # The matrices are small: BLAS worker threads only contend with the rest of the process
        # (and each other on a 2-core box), which made training ~10x slower when measured.
        with threadpool_limits(limits=1, user_api="blas"):
            tokens = Tokens.of(corpus.texts)
            dense = embed(embedder, corpus.texts) if embedder is not None else None
            calibration, learner = _calibrate(corpus, tokens, dense, len(names), seed=seed, learners=tuple(learners))
            model = fit(learner, tokens, corpus.labels, dense, len(names))
        prior = _prior(corpus, len(names))
        return cls(categories=names, model=model, prior=prior, embedder=embedder, calibration=calibration, hints=hints)

    def classify(self, subject: str, body: str) -> Classification:
        """The most probable category, its calibrated confidence and every category's score."""
        return self.classify_many([(subject, body)])[0]

    def classify_many(self, tickets: Sequence[tuple[str, str]]) -> list[Classification]:
        """``classify`` for many (subject, body) pairs at once: the same results (up to float
        rounding, ~1e-15), less overhead.

        A ticket with nothing the training texts share (no text, only emoji, an unseen script)
        gets the categories' base rates among examples and labelled texts: the most common
        category with a low confidence.
        """
        if not tickets:
            return []
        texts = [_classifier_text(subject, body) for subject, body in tickets]
        if self._hints is not None:
            texts = [self._hints(text) for text in texts]
        dense = embed(self._embedder, texts) if self._embedder is not None else None
        logits, informed = self._model.logits(texts, dense)
        probs = softmax(logits, self.calibration.temperature)
        # Nothing known to read (empty, only emoji or unseen script): the honest answer is the base
        # rate; the intercepts and an embedding of noise once said "emergency 0.56" for "🙂🙂🙂".
        probs[~informed] = self._prior
        return [self._result(row) for row in probs]

    def _result(self, probs: FloatArray) -> Classification:
        best = int(np.argmax(probs))  # ties go to the earlier category in taxonomy order
        scores = MappingProxyType({n: float(p) for n, p in zip(self._categories, probs, strict=True)})
        return Classification(self._categories[best], float(probs[best]), scores)


def _classifier_text(subject: str, body: str) -> str:
    """The ticket as the classifier reads it: the subject twice, then the body. A subject is the patient's own
    one-line summary ("no show fee", "lost inhaler"), and a long body of context would otherwise drown it; the
    search counts it twice for the same reason. Measured on the example clinic's three cross-validation splits
    (``benchmarks/classifier_splits.py``): 764 -> 775 of 852. A third copy gained a little more; twice is kept, as
    the search does, rather than a weight tuned to these tickets."""
    return ticket_text(f"{subject} \n {subject}" if subject.strip() else subject, body)


def _category_names(categories: Sequence[CategorySettings]) -> tuple[str, ...]:
    names = tuple(c.name for c in categories)
    if len(set(names)) < 2 or len(set(names)) != len(names):
        raise ConfigError(
            f"the classifier needs at least two categories with distinct names (got {list(names)})",
            location="categories",
        )
    return names


def _corpus(
    categories: Sequence[CategorySettings], labelled: Sequence[LabelledText], names: tuple[str, ...], hints: Hints
) -> _Corpus:
    """Anchors (each category's definition texts), then examples, then labelled texts.

    Examples and labelled texts are screened (``agent.screened``) as the pipeline screens a ticket
    before classifying it, so training and use see the same kind of text.
    """
    index = {name: i for i, name in enumerate(names)}
    unknown = sorted({item.category for item in labelled} - index.keys())
    if unknown:
        raise InputError(f"labelled texts use categories not in the taxonomy: {', '.join(unknown)}")
    rows: list[tuple[str, int, bool]] = []
    for i, category in enumerate(categories):
        rows.extend((text, i, True) for text in _anchor_texts(category))
        rows.extend((hints(ticket_text("", screened_text(example))), i, False) for example in category.examples)
    rows.extend((hints(ticket_text("", screened_text(item.text))), index[item.category], False) for item in labelled)
    texts, labels, anchors = zip(*rows, strict=True)
    return _Corpus(texts, np.asarray(labels, dtype=np.int64), anchors)


def _prior(corpus: _Corpus, n_classes: int) -> FloatArray:
    """Share of each category among examples and labelled texts (+1 each, so none is 0)."""
    counts = np.bincount(corpus.labels[~np.asarray(corpus.anchors)], minlength=n_classes) + 1.0
    prior: FloatArray = counts / counts.sum()
    return prior


def _anchor_texts(category: CategorySettings) -> list[str]:
    """The category's definition: name + description, then each listed topic on its own.

    Descriptions are lists of topics ("Refill requests, pharmacy transfers; prior authorization");
    each topic as its own short text resembles a short ticket far more than the whole list does
    (measured, few-shot, on the 112 texts of tests/agent/test_classifier.py: accuracy 0.79 ->
    0.85 with the test taxonomy, 0.79 -> 0.81 with the bundled one). Exclusions such as
    "(not dosing or side effects)" are dropped: their words belong to another category.
    """
    description = _EXCLUSION.sub(" ", category.description)
    name = category.name.replace("_", " ").replace("-", " ")
    topics = (t.strip() for t in _TOPIC_SEPARATOR.split(description))
    return [ticket_text(name, description), *(ticket_text("", t) for t in topics if len(t) > 3)]


def _calibrate(
    corpus: _Corpus,
    tokens: Tokens,
    dense: FloatArray | None,
    n_classes: int,
    *,
    seed: int,
    learners: tuple[Learner, ...],
) -> tuple[CalibrationReport, Learner]:
    """Out-of-fold logits of every held-out-able text for each learner; the learner more accurate on them
    (logistic regression on a tie or when nothing can be held out), with its temperature and ECE."""
    folds, n_folds = assign_folds(corpus.labels, corpus.anchors, seed=seed)
    if not learners:
        raise ConfigError("the classifier needs at least one learner to train", location="learners")
    logits = np.zeros((len(learners), len(corpus.texts), n_classes))
    for fold in range(n_folds):
        train, test = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        if len(test) == 0:
            continue
        models = fit_all(learners, tokens.take(train), corpus.labels[train], _rows(dense, train), n_classes)
        for i, model in enumerate(models):
            logits[i, test] = model.logits(_take(corpus.texts, test), _rows(dense, test))[0]
    held = folds != ALWAYS_TRAIN
    reports = [
        report(logits[i, held], corpus.labels[held], folds[held], n_folds, learner.value)
        for i, learner in enumerate(learners)
    ]
    best = max(range(len(learners)), key=lambda i: reports[i].accuracy or 0.0)
    return reports[best], learners[best]


def _take(texts: Sequence[str], indices: IntArray) -> list[str]:
    return [texts[int(i)] for i in indices]


def _rows(dense: FloatArray | None, indices: IntArray) -> FloatArray | None:
    return None if dense is None else dense[indices]
