"""The offline classifier's learners (logistic regression, ridge), the choice between them on held-out texts,
and the stemmed word features. Texts are this suite's own (``tests/agent/classifier_cases.py``)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np
import pytest

from agent.build import load_training, train_classifier
from agent.classifier import OfflineClassifier
from agent.classifier_features import Tokens, analyzers, ticket_text
from agent.classifier_model import Learner, fit
from carelayer.errors import ConfigError
from carelayer.settings import load_settings
from knowledge.embeddings import Embedder
from tests.agent.classifier_cases import HELD_OUT, LABELLED
from tests.agent.test_classifier import accuracy, assert_probabilities, labelled, taxonomy
from tests.clinic_config import write_clinic_config

ByLearner = dict[tuple[Learner, ...], OfflineClassifier]


@pytest.fixture(scope="module")
def by_learner(embedder: Embedder) -> ByLearner:
    choices: list[tuple[Learner, ...]] = [(Learner.LOGISTIC,), (Learner.RIDGE,), tuple(Learner)]
    return {
        learners: OfflineClassifier.train(taxonomy(), labelled(LABELLED), embedder=embedder, learners=learners)
        for learners in choices
    }


def test_each_learner_alone_classifies_unseen_phrasings(by_learner: ByLearner) -> None:
    for learners in [(Learner.LOGISTIC,), (Learner.RIDGE,)]:
        classifier = by_learner[learners]
        assert classifier.calibration.learner == learners[0].value
        assert classifier.calibration.method.startswith(learners[0].value)
        assert accuracy(classifier, HELD_OUT) >= 0.8
        for subject, body, _ in HELD_OUT[::7]:
            assert_probabilities(classifier.classify(subject, body), classifier.categories)


def test_training_keeps_the_learner_more_accurate_on_held_out_texts(
    by_learner: ByLearner,
) -> None:
    logistic = by_learner[(Learner.LOGISTIC,)].calibration
    ridge = by_learner[(Learner.RIDGE,)].calibration
    both = by_learner[tuple(Learner)].calibration
    assert logistic.accuracy is not None and ridge.accuracy is not None
    better = Learner.RIDGE if ridge.accuracy > logistic.accuracy else Learner.LOGISTIC  # a tie keeps logistic
    assert both.learner == better.value
    assert both == (ridge if better is Learner.RIDGE else logistic)


def test_ridge_temperature_lies_inside_the_searched_range(
    by_learner: ByLearner,
) -> None:
    # Ridge scores are rescaled so temperature scaling can calibrate them (a value at either end of the
    # range would mean the search was cut short).
    report = by_learner[(Learner.RIDGE,)].calibration
    assert 0.25 < report.temperature < 20
    assert report.ece is not None and report.ece <= 0.15


def test_two_categories_with_ridge_give_complementary_probabilities() -> None:
    texts = ["refill my pills", "renew my prescription", "book a visit", "reschedule my appointment"]
    model = fit(Learner.RIDGE, Tokens.of(texts), np.array([0, 0, 1, 1]), None, 2)
    logits, informed = model.logits(["please refill my prescription", "move my appointment"], None)
    assert informed.all()
    assert logits.shape == (2, 2)
    # one weight vector split in two halves: the two logits are opposite, so softmax gives the sigmoid
    np.testing.assert_allclose(logits[:, 0], -logits[:, 1])
    assert logits[0, 0] > 0 > logits[1, 0]


def test_training_without_a_learner_is_a_clear_error(embedder: Embedder) -> None:
    with pytest.raises(ConfigError, match="at least one learner"):
        OfflineClassifier.train(taxonomy(), embedder=embedder, learners=())


def test_word_forms_share_a_stem_feature() -> None:
    words, _ = analyzers()
    assert words("I was Charged twice") == ["was", "charg", "twice", "was charg", "charg twice"]
    assert set(words("charges")) == set(words("charging")) == {"charg"}
    assert words("café") == words("CAFE")  # lowercased and accents stripped as sklearn does


def test_a_word_form_no_training_text_used_still_counts() -> None:
    texts = [ticket_text("", t) for t in ("i was charged twice", "book me in", "refill please", "reschedule me")]
    model = fit(Learner.LOGISTIC, Tokens.of(texts), np.array([0, 1, 2, 1]), None, 3)
    columns, _ = model.featuriser.row("double charges on my card")
    words = columns[columns < model.featuriser.blocks[1].offset]
    assert len(words) == 1  # "charges" met "charged" through the stem "charg"


def test_stemming_from_many_threads_gives_the_same_tokens() -> None:
    # PyStemmer's stemmer is not thread-safe; the analyzer keeps one per thread.
    words, _ = analyzers()
    texts = [ticket_text(s, b) for s, b, _ in [*LABELLED, *HELD_OUT]]
    expected = [words(t) for t in texts]
    results: dict[int, list[list[str]]] = {}

    def run(worker: int) -> None:
        results[worker] = [words(t) for t in texts for _ in range(3)][::3]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results.values())


def test_training_logs_the_chosen_learner_and_figures_never_a_ticket(
    tmp_path: Path, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(write_clinic_config(tmp_path), environ={})
    records = load_training(settings)
    with caplog.at_level(logging.INFO, logger="agent.build"):
        classifier = train_classifier(settings, records, embedder)
    (message,) = [r.getMessage() for r in caplog.records if r.name == "agent.build"]
    report = classifier.calibration
    assert f"trained on {len(records)} labelled tickets: {report.learner}," in message
    assert report.accuracy is not None and f"held-out accuracy {report.accuracy:.3f}" in message
    # figures only: no subject of a training ticket appears (one-letter subjects such as "C" aside)
    assert not any(len(r.ticket.subject) > 3 and r.ticket.subject in message for r in records)
