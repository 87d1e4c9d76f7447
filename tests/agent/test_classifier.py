"""The offline ticket classifier: unseen phrasings, calibrated probabilities, learning from labelled
tickets, determinism, bad input, speed.

Every text below was written for this file (typos, run-ons and other wording on purpose); nothing is
read from the example clinic, so these tests never move when its data does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from agent.classifier import (
    MAX_CHARS,
    CalibrationReport,
    Classification,
    Classifier,
    LabelledText,
    OfflineClassifier,
)
from agent.classifier_calibration import (
    ALWAYS_TRAIN,
    assign_folds,
    expected_calibration_error,
    fit_temperature,
    softmax,
)
from agent.classifier_features import Featuriser, Tokens, analyzers, ticket_text
from carelayer.errors import ConfigError, InputError
from carelayer.settings import BUNDLED_CONFIG, HANDOFF_ONLY_CATEGORIES, CategorySettings, load_settings
from knowledge.embeddings import Embedder
from tests.agent.classifier_cases import HELD_OUT, LABELLED, TAXONOMY, Row


def taxonomy(spec: Mapping[str, tuple[str, tuple[str, ...]]] = TAXONOMY) -> list[CategorySettings]:
    return [
        CategorySettings(
            name=name,
            description=description,
            examples=examples,
            mode="handoff" if name in HANDOFF_ONLY_CATEGORIES else "draft",
        )
        for name, (description, examples) in spec.items()
    ]


def labelled(rows: Sequence[Row]) -> list[LabelledText]:
    return [LabelledText.from_ticket(subject, body, category) for subject, body, category in rows]


def accuracy(classifier: Classifier, rows: Sequence[Row]) -> float:
    return float(np.mean([classifier.classify(s, b).category == c for s, b, c in rows]))


def assert_probabilities(result: Classification, categories: Sequence[str]) -> None:
    assert set(result.scores) == set(categories)
    assert all(0.0 <= p <= 1.0 for p in result.scores.values())
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=1e-9)
    assert 0.0 <= result.confidence <= 1.0
    assert result.confidence == result.scores[result.category] == max(result.scores.values())


@pytest.fixture(scope="module")
def few_shot(embedder: Embedder) -> OfflineClassifier:
    return OfflineClassifier.train(taxonomy(), embedder=embedder)


@pytest.fixture(scope="module")
def trained(embedder: Embedder) -> OfflineClassifier:
    return OfflineClassifier.train(taxonomy(), labelled(LABELLED), embedder=embedder)


# --- classification of wording it never saw -------------------------------------------------------


def test_few_shot_classifies_unseen_phrasings(few_shot: OfflineClassifier) -> None:
    # Only names, descriptions and four examples per category; 8 categories, so chance is 0.125.
    assert accuracy(few_shot, HELD_OUT) >= 0.7


def test_labelled_tickets_classify_unseen_phrasings(trained: OfflineClassifier) -> None:
    assert accuracy(trained, HELD_OUT) >= 0.8


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", "can i move my apointment to thursday pls", "appointments"),
        ("bill", "I was charged for a visit my insurence already paid for", "billing"),
        ("", "need a refil of my inhaler sent to the cvs on elm", "prescriptions"),
        ("", "please send a copy of my medical records to my new doctor", "records"),
        ("", "is there a dermatologist taking new patients", "providers"),
        ("", "what are your hours on saturday", "general"),
        ("", "what does it mean that my white blood cell count is low", "clinical"),
        ("HELP", "my husband has crushing chest pain and can't breathe", "emergency"),
    ],
)
def test_clear_tickets_in_every_category(trained: OfflineClassifier, subject: str, body: str, expected: str) -> None:
    assert trained.classify(subject, body).category == expected


def test_more_labelled_data_improves_held_out_accuracy(embedder: Embedder) -> None:
    # Same taxonomy, same unseen texts: adding labelled past tickets must help, not just not hurt.
    for use_embeddings in (True, False):
        before = OfflineClassifier.train(taxonomy(), embedder=embedder, use_embeddings=use_embeddings)
        after = OfflineClassifier.train(
            taxonomy(), labelled(LABELLED), embedder=embedder, use_embeddings=use_embeddings
        )
        assert accuracy(after, HELD_OUT) >= accuracy(before, HELD_OUT) + 0.05
        assert after.calibration.held_out > before.calibration.held_out


def test_labelled_tickets_alone_can_teach_a_terse_taxonomy(embedder: Embedder) -> None:
    terse = {name: (name, ()) for name in TAXONOMY}
    bare = OfflineClassifier.train(taxonomy(terse), embedder=embedder)
    taught = OfflineClassifier.train(taxonomy(terse), labelled(LABELLED), embedder=embedder)
    assert accuracy(taught, HELD_OUT) >= accuracy(bare, HELD_OUT) + 0.2


def test_default_taxonomy_trains_and_classifies(embedder: Embedder) -> None:
    categories = load_settings(BUNDLED_CONFIG, environ={}).categories
    classifier = OfflineClassifier.train(categories, embedder=embedder)
    result = classifier.classify("appointment", "I need to reschedule my visit next week")
    assert result.category == "appointments"
    assert_probabilities(result, [c.name for c in categories])


# --- probabilities and calibration ----------------------------------------------------------------


@pytest.mark.parametrize(("subject", "body", "_"), HELD_OUT[::5])
def test_scores_are_probabilities(trained: OfflineClassifier, subject: str, body: str, _: str) -> None:
    assert_probabilities(trained.classify(subject, body), trained.categories)


def test_calibration_report_is_sane(trained: OfflineClassifier) -> None:
    report = trained.calibration
    assert isinstance(report, CalibrationReport)
    # every example and labelled ticket is held out once; descriptions always train
    assert report.held_out == sum(len(e) for _, e in TAXONOMY.values()) + len(LABELLED)
    assert report.accuracy is not None and 0.6 <= report.accuracy <= 1.0
    assert report.ece is not None and 0.0 <= report.ece <= 0.15
    assert 2 <= report.folds <= 5
    assert 0.25 <= report.temperature <= 20
    assert "temperature" in report.method


def test_confidence_tracks_correctness_on_unseen_texts(trained: OfflineClassifier) -> None:
    results = [(trained.classify(s, b), c) for s, b, c in HELD_OUT]
    right = [r.confidence for r, c in results if r.category == c]
    wrong = [r.confidence for r, c in results if r.category != c]
    assert np.mean(right) > np.mean(wrong) + 0.1
    # calibrated, not a similarity: mean confidence is close to the accuracy on unseen texts
    assert np.mean([r.confidence for r, _ in results]) == pytest.approx(accuracy(trained, HELD_OUT), abs=0.15)


def test_without_held_out_texts_the_report_says_uncalibrated(embedder: Embedder) -> None:
    bare = {name: (description, ()) for name, (description, _) in TAXONOMY.items()}
    classifier = OfflineClassifier.train(taxonomy(bare), embedder=embedder)
    report = classifier.calibration
    assert (report.held_out, report.accuracy, report.ece, report.folds) == (0, None, None, 0)
    assert "uncalibrated" in report.method
    assert_probabilities(classifier.classify("", "refill my meds please"), classifier.categories)


def test_fit_temperature_recovers_a_known_temperature() -> None:
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=3.0, size=(4000, 5))
    labels = np.array([rng.choice(5, p=p) for p in softmax(logits, 2.0)])
    assert fit_temperature(logits, labels) == pytest.approx(2.0, rel=0.15)
    assert fit_temperature(np.zeros((0, 5)), np.zeros(0, dtype=np.int64)) == 1.0


def test_ece_is_small_when_calibrated_and_large_when_overconfident() -> None:
    rng = np.random.default_rng(3)
    probs = softmax(rng.normal(scale=2.0, size=(5000, 4)))
    labels = np.array([rng.choice(4, p=p) for p in probs])
    assert expected_calibration_error(probs, labels) < 0.03
    overconfident = softmax(np.log(probs), 0.3)
    assert expected_calibration_error(overconfident, labels) > 0.1


def test_folds_keep_every_category_trainable() -> None:
    labels = np.array([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2])
    anchors = [True, False, False, False, False, False, True, False, False, False, False]
    folds, n_folds = assign_folds(labels, anchors, seed=0)
    assert n_folds == 5  # the largest category fills five folds
    assert list(folds[[0, 6]]) == [ALWAYS_TRAIN, ALWAYS_TRAIN]  # anchors never held out
    assert np.sum((labels == 2) & (folds == ALWAYS_TRAIN)) == 1  # no anchor: one text stays
    for fold in range(n_folds):
        training = folds != fold
        assert set(labels[training]) == {0, 1, 2}
    again, _ = assign_folds(labels, anchors, seed=0)
    assert list(again) == list(folds)


def test_no_folds_when_nothing_can_be_held_out() -> None:
    folds, n_folds = assign_folds(np.array([0, 1, 1]), [True, True, False], seed=0)
    assert n_folds == 0 and set(folds) == {ALWAYS_TRAIN}


# --- determinism ----------------------------------------------------------------------------------


def test_same_seed_same_model(embedder: Embedder) -> None:
    first = OfflineClassifier.train(taxonomy(), labelled(LABELLED), seed=11, embedder=embedder)
    second = OfflineClassifier.train(taxonomy(), labelled(LABELLED), seed=11, embedder=embedder)
    assert first.calibration == second.calibration
    for subject, body, _ in HELD_OUT[:10]:
        assert first.classify(subject, body) == second.classify(subject, body)


def test_seed_changes_only_the_held_out_split() -> None:
    labels = np.repeat(np.arange(4), 6)
    anchors = [i % 6 == 0 for i in range(24)]
    assert list(assign_folds(labels, anchors, seed=0)[0]) != list(assign_folds(labels, anchors, seed=1)[0])


def test_classify_many_matches_classify(trained: OfflineClassifier) -> None:
    tickets = [(s, b) for s, b, _ in HELD_OUT[:12]] + [("", "")]
    for many, one in zip(trained.classify_many(tickets), [trained.classify(s, b) for s, b in tickets], strict=True):
        assert many.category == one.category
        assert dict(many.scores) == pytest.approx(dict(one.scores), abs=1e-12)  # batched BLAS rounds differently
    assert trained.classify_many([]) == []


# --- bad input ------------------------------------------------------------------------------------


def test_empty_ticket_gets_the_most_common_category_with_low_confidence(embedder: Embedder) -> None:
    billing = [row for row in LABELLED if row[2] == "billing"]
    classifier = OfflineClassifier.train(taxonomy(), labelled(LABELLED + billing * 3), embedder=embedder)
    for subject, body in [("", ""), ("   ", "\n\t "), ("<p></p>", "<br/>")]:
        result = classifier.classify(subject, body)
        assert result.category == "billing"
        assert result.confidence < 0.4
        assert_probabilities(result, classifier.categories)


def test_text_sharing_nothing_with_training_gets_the_base_rates(trained: OfflineClassifier) -> None:
    prior = trained.classify("", "")
    for body in ("🙂🙂🙂", "🙏🏽", "\u200b\ufeff", "<p>&nbsp;</p>"):
        assert trained.classify("", body) == prior
    assert prior.confidence < 0.3


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("\udcff\udcfe", "bad \ud800 bytes \x00\x01\x7f in the body"),
        ("🙂" * 50, "🙏🏽" * 500),
        ("", "中文：我需要复印我的病历"),
        ("", "أحتاج إلى موعد مع الطبيب"),
        ("", "\u200b\u200b\ufeff"),
        ("x" * 100_000, ""),
        ("", "a"),
    ],
)
def test_odd_text_never_crashes(trained: OfflineClassifier, subject: str, body: str) -> None:
    assert_probabilities(trained.classify(subject, body), trained.categories)


def test_spanish_is_classified_without_error(trained: OfflineClassifier) -> None:
    for body in ("necesito cambiar mi cita del viernes", "¿aceptan mi seguro médico?", "necesito una receta"):
        assert_probabilities(trained.classify("Consulta", body), trained.categories)


def test_html_is_stripped(trained: OfflineClassifier) -> None:
    plain = trained.classify("Refill", "Please refill my lisinopril at the CVS pharmacy")
    marked_up = trained.classify(
        "Refill", "<div><p>Please <b>refill</b> my lisinopril at the <a href='x'>CVS</a> pharmacy</p></div>"
    )
    assert marked_up == plain


def test_huge_body_is_cut_to_the_documented_limit(trained: OfflineClassifier) -> None:
    body = "please send my records to my new clinic " * 30_000  # ~1.2 MB
    result = trained.classify("", body)
    assert result == trained.classify("", body[:MAX_CHARS])
    assert len(ticket_text("subject", body)) == MAX_CHARS


def test_labelled_text_joins_subject_and_body_like_classify() -> None:
    # The subject, the patient's own summary, counts twice; a ticket without one is its body alone.
    item = LabelledText.from_ticket("  Refill ", "<p>my   inhaler</p>", "prescriptions")
    assert item == LabelledText("Refill Refill \n my inhaler", "prescriptions")
    assert LabelledText.from_ticket(" ", "<b>my inhaler</b>", "prescriptions").text == ticket_text("", "my inhaler")


def test_bad_taxonomies_and_labels_are_clear_errors(embedder: Embedder) -> None:
    one = taxonomy({"billing": TAXONOMY["billing"]})
    with pytest.raises(ConfigError, match="at least two categories"):
        OfflineClassifier.train(one, embedder=embedder)
    twice = [*taxonomy(), *taxonomy({"billing": TAXONOMY["billing"]})]
    with pytest.raises(ConfigError, match="distinct"):
        OfflineClassifier.train(twice, embedder=embedder)
    with pytest.raises(InputError, match="dentistry"):
        OfflineClassifier.train(taxonomy(), [LabelledText("my crown fell out", "dentistry")], embedder=embedder)


def test_two_categories_and_no_embeddings(embedder: Embedder) -> None:
    spec = {name: TAXONOMY[name] for name in ("billing", "prescriptions")}
    rows = [row for row in LABELLED if row[2] in spec]
    classifier = OfflineClassifier.train(taxonomy(spec), labelled(rows), use_embeddings=False)
    result = classifier.classify("", "can you renew my blood pressure pills")
    assert result.category == "prescriptions"
    assert_probabilities(result, list(spec))


def test_tfidf_equals_sklearn_and_scoring_equals_fitting() -> None:
    texts = [ticket_text(s, b) for s, b, _ in LABELLED]
    featuriser, matrix = Featuriser.fit_transform(Tokens.of(texts), None)
    for block, analyzer in zip(featuriser.blocks, analyzers(), strict=True):
        reference = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
        expected = reference.fit_transform(texts).toarray()
        # same vocabulary, other column order: put ours in sklearn's order
        order = [block.offset + block.vocabulary[term] for term in reference.get_feature_names_out()]
        assert len(block.vocabulary) == expected.shape[1]
        np.testing.assert_allclose(matrix[:, order].toarray(), expected, atol=1e-12)
    for i, text in enumerate(texts):
        columns, values = featuriser.row(text)
        row = np.zeros(featuriser.lexical_width)
        row[columns] = values
        np.testing.assert_allclose(row, matrix[i].toarray()[0], atol=1e-12)


def test_unseen_terms_are_dropped_before_normalising() -> None:
    featuriser, _ = Featuriser.fit_transform(Tokens.of(["refill my meds", "book a visit"]), None)
    columns, values = featuriser.row("refill wørds never seen before")
    words = columns < featuriser.blocks[1].offset
    assert np.linalg.norm(values[words]) == pytest.approx(1.0)
    assert np.linalg.norm(values[~words]) == pytest.approx(1.0)
    assert len(featuriser.row("")[0]) == 0
    assert len(featuriser.row("zzzz qqqq")[0]) == 0
