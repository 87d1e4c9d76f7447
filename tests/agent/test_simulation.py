"""Simulation metrics on hand-built cases whose every figure is known."""

from __future__ import annotations

import json
import math
import random
from typing import Any

import numpy as np
import pytest

from agent.simulation import (
    SIMILARITY_MEASURE,
    Figures,
    Ratio,
    SimulationCase,
    SimulationReport,
    percentile,
    summarise,
    token_f1,
)
from carelayer.types import Action, Citation, Decision

TAXONOMY = ("appointments", "billing", "prescriptions", "general", "clinical", "emergency")
A, N, H, S = Action.REPLY, Action.NOTE, Action.HANDOFF, Action.SKIP


def case(
    ticket_id: str,
    predicted: str,
    expected: str | None,
    action: Action,
    *,
    emergency: bool = False,
    draft: str | None = None,
    cites: tuple[str, ...] = (),
    reply: str | None = None,
    articles: tuple[str, ...] = (),
    latency: float = 0.0,
) -> SimulationCase:
    citations = tuple(Citation(source="kb", id=c, title=f"Article {c}") for c in cites)
    decision = Decision(
        ticket_id=ticket_id,
        category=predicted,
        confidence=0.9,
        emergency=emergency,
        action=action,
        draft=draft,
        citations=citations,
    )
    return SimulationCase(decision, expected, reply, articles, latency)


def approx(value: float | None, expected: float) -> bool:
    return value is not None and math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------- empty and degenerate input


def test_empty_input_measures_nothing_and_keeps_every_taxonomy_category() -> None:
    report = summarise([], TAXONOMY)
    overall = report.overall
    assert report.tickets == overall.n == overall.labelled == 0
    for rate in (
        overall.accuracy,
        overall.emergency_recall,
        overall.clinical_handoff,
        overall.citation_rate,
        overall.correct_citation_rate,
        overall.answered_with_correct_citation,
    ):
        assert rate == Ratio(0, 0) and rate.rate is None
    assert overall.actions.total == 0 and overall.actions.share(A) is None
    assert overall.draft_similarity is None and overall.similarity_cases == 0
    assert overall.latency_p50_ms is None and overall.latency_p95_ms is None
    assert overall.missed_emergencies == overall.unsafe_answers == overall.false_alarms == ()
    assert [c.category for c in report.per_category] == list(TAXONOMY)
    assert all(c.in_taxonomy and c.figures.n == 0 for c in report.per_category)
    assert report.unknown_categories == ()
    assert report.confusion.labels == TAXONOMY
    assert all(not any(row) for row in report.confusion.counts)
    json.dumps(report.to_dict())


def test_empty_taxonomy_and_empty_input() -> None:
    report = summarise([], [])
    assert report.per_category == () and report.confusion.labels == () and report.confusion.counts == ()


def test_no_labels_groups_by_prediction_and_leaves_label_metrics_unmeasured() -> None:
    cases = [
        case("1", "billing", None, A, draft="x", cites=("pay",)),
        case("2", "billing", None, N),
        case("3", "clinical", None, N, emergency=True),  # no label: neither unsafe nor a false alarm
        case("4", "general", "  ", S),  # a blank label is no label
    ]
    report = summarise(cases, TAXONOMY)
    overall = report.overall
    assert overall.n == 4 and overall.labelled == 0
    assert overall.accuracy == Ratio(0, 0)
    assert overall.emergency_recall.rate is None and overall.clinical_handoff.rate is None
    assert overall.unsafe_answers == () and overall.false_alarms == ()
    assert report.category("billing").figures.n == 2
    assert report.category("clinical").figures.n == 1
    assert report.category("general").figures.n == 1
    assert all(not any(row) for row in report.confusion.counts)
    assert overall.citation_rate == Ratio(1, 3)


# ---------------------------------------------------------------- classification and actions


def test_accuracy_and_confusion_matrix() -> None:
    cases = [
        case("1", "billing", "billing", N),
        case("2", "billing", "billing", N),
        case("3", "general", "billing", N),
        case("4", "appointments", "appointments", A),
        case("5", "billing", "appointments", A),
        case("6", "clinical", "clinical", H),
        case("7", "general", None, S),  # unlabelled: counted in its group, not in accuracy
    ]
    report = summarise(cases, TAXONOMY)
    assert report.overall.accuracy == Ratio(4, 6)
    assert report.category("billing").figures.accuracy == Ratio(2, 3)
    assert report.category("appointments").figures.accuracy == Ratio(1, 2)
    assert report.category("clinical").figures.accuracy == Ratio(1, 1)
    general = report.category("general").figures
    assert general.n == 1 and general.labelled == 0 and general.accuracy.rate is None
    matrix = report.confusion
    assert matrix.count("billing", "billing") == 2
    assert matrix.count("billing", "general") == 1
    assert matrix.count("appointments", "billing") == 1
    assert matrix.count("general", "general") == 0
    assert matrix.row_total("billing") == 3
    assert sum(map(sum, matrix.counts)) == 6
    assert matrix.to_dict()["counts"][TAXONOMY.index("billing")][TAXONOMY.index("billing")] == 2


def test_action_counts_and_shares() -> None:
    cases = [
        case("1", "billing", "billing", A),
        case("2", "billing", "billing", N),
        case("3", "billing", "billing", N),
        case("4", "billing", "billing", H),
        case("5", "general", "general", S),
    ]
    overall = summarise(cases, TAXONOMY).overall
    assert (overall.actions.reply, overall.actions.note, overall.actions.handoff, overall.actions.skip) == (1, 2, 1, 1)
    assert approx(overall.actions.share(N), 0.4) and approx(overall.actions.share(S), 0.2)
    shares = overall.actions.to_dict()
    assert list(shares) == ["reply", "note", "handoff", "skip"]
    assert shares["note"] == {"count": 2, "share": 0.4}


# ---------------------------------------------------------------- safety


def safety_cases() -> list[SimulationCase]:
    return [
        case("E1", "emergency", "emergency", H, emergency=True),  # escalated
        case("E2", "emergency", "emergency", N, emergency=True, draft="go to the ER"),  # flagged but drafted
        case("E3", "clinical", "emergency", H),  # handed off but not flagged as emergency
        case("C1", "clinical", "clinical", H),
        case("C2", "general", "clinical", N, draft="take two"),
        case("C3", "prescriptions", "clinical", A, draft="double it"),
        case("C4", "clinical", "clinical", S),  # no draft, but not handed off either
        case("B1", "billing", "billing", H, emergency=True),  # false alarm
        case("B2", "emergency", "general", H, emergency=True),  # false alarm
        case("U1", "emergency", None, H, emergency=True),  # unlabelled: not a false alarm
    ]


def test_emergency_recall_and_missed_emergencies() -> None:
    report = summarise(safety_cases(), TAXONOMY)
    assert report.overall.emergency_recall == Ratio(1, 3)
    assert report.overall.missed_emergencies == ("E2", "E3")
    emergency = report.category("emergency").figures
    assert emergency.emergency_recall == Ratio(1, 3) and emergency.missed_emergencies == ("E2", "E3")
    assert report.category("billing").figures.emergency_recall.rate is None


def test_clinical_handoff_and_unsafe_answers() -> None:
    report = summarise(safety_cases(), TAXONOMY)
    assert report.overall.clinical_handoff == Ratio(1, 4)
    assert report.overall.unsafe_answers == ("E2", "C2", "C3")
    assert report.category("clinical").figures.unsafe_answers == ("C2", "C3")
    assert report.category("emergency").figures.unsafe_answers == ("E2",)
    assert report.category("general").figures.unsafe_answers == ()
    assert report.overall.to_dict()["unsafe_answers"] == {"count": 3, "ids": ["E2", "C2", "C3"]}


def test_false_alarms_only_on_labelled_non_emergencies() -> None:
    report = summarise(safety_cases(), TAXONOMY)
    assert report.overall.false_alarms == ("B1", "B2")
    assert report.category("billing").figures.false_alarms == ("B1",)
    assert report.category("general").figures.false_alarms == ("B2",)
    assert report.category("emergency").figures.false_alarms == ()


def test_no_emergencies_means_recall_not_measured() -> None:
    report = summarise([case("1", "billing", "billing", N), case("2", "clinical", "clinical", H)], TAXONOMY)
    assert report.overall.emergency_recall == Ratio(0, 0) and report.overall.emergency_recall.rate is None
    assert report.overall.missed_emergencies == ()
    assert report.overall.clinical_handoff == Ratio(1, 1)
    assert report.overall.to_dict()["emergency_recall"] == {"count": 0, "total": 0, "rate": None}


# ---------------------------------------------------------------- citations


def citation_cases() -> list[SimulationCase]:
    return [
        case("1", "billing", "billing", A, cites=("pay", "fees"), articles=("pay",)),  # correct
        case("2", "billing", "billing", N, cites=("parking",), articles=("pay",)),  # wrong article
        case("3", "billing", "billing", N, articles=("pay",)),  # no citation
        case("4", "billing", "billing", H, articles=("pay",)),  # not answered
        case("5", "general", "general", N, cites=("hours",)),  # answered, not judged
        case("6", "general", "general", S),  # routine, not judged, not answered
        case("7", "clinical", "clinical", H, articles=("nurse-line",)),  # not answered: fine, not routine
        case("8", "general", None, N, cites=("hours",), articles=("hours",)),  # unlabelled, correct
    ]


def test_citation_rate_over_replies_and_notes() -> None:
    overall = summarise(citation_cases(), TAXONOMY).overall
    # Answered: 1, 2, 3, 5, 8; with a citation: 1, 2, 5, 8.
    assert overall.citation_rate == Ratio(4, 5)


def test_correct_citation_rate_over_judged_tickets() -> None:
    report = summarise(citation_cases(), TAXONOMY)
    # Judged: 1, 2, 3, 4, 7, 8; answered citing an expected article: 1, 8.
    assert report.overall.correct_citation_rate == Ratio(2, 6)
    assert report.category("billing").figures.correct_citation_rate == Ratio(1, 4)
    assert report.category("general").figures.correct_citation_rate == Ratio(1, 1)


def test_answered_with_correct_citation_counts_every_routine_labelled_ticket() -> None:
    report = summarise(citation_cases(), TAXONOMY)
    # Routine labelled tickets: 1-6 (7 is clinical, 8 unlabelled); unjudged ones count as misses.
    assert report.overall.answered_with_correct_citation == Ratio(1, 6)
    assert report.category("billing").figures.answered_with_correct_citation == Ratio(1, 4)
    assert report.category("general").figures.answered_with_correct_citation == Ratio(0, 2)
    assert report.category("clinical").figures.answered_with_correct_citation == Ratio(0, 0)


def test_without_any_judged_article_correct_citation_is_not_measured() -> None:
    cases = [case("1", "billing", "billing", A, cites=("pay",)), case("2", "general", "general", N)]
    overall = summarise(cases, TAXONOMY).overall
    assert overall.correct_citation_rate.rate is None
    assert overall.answered_with_correct_citation == Ratio(0, 0)
    assert overall.citation_rate == Ratio(1, 2)


def test_expected_article_may_name_its_source() -> None:
    cases = [case("1", "billing", "billing", N, cites=("pay",), articles=("kb:pay",))]
    assert summarise(cases, TAXONOMY).overall.correct_citation_rate == Ratio(1, 1)


def test_unsafe_answer_citing_the_right_article_is_still_unsafe() -> None:
    cases = [case("1", "general", "clinical", A, cites=("meds",), articles=("meds",))]
    overall = summarise(cases, TAXONOMY).overall
    assert overall.unsafe_answers == ("1",)
    assert overall.answered_with_correct_citation == Ratio(0, 0)  # clinical is not routine


# ---------------------------------------------------------------- similarity and latency


def test_token_f1_known_values() -> None:
    # Draft tokens {clinic, opens, 8}; reply tokens {clinic, opens, 8, daily}: P = 1, R = 3/4.
    assert approx(token_f1("The clinic opens at 8.", "Clinic OPENS 8 daily"), 2 * 0.75 / 1.75)
    assert token_f1("Parking is free", "Parking is free") == 1.0
    assert token_f1("parking", "billing") == 0.0
    assert token_f1("the and of", "") == 1.0  # nothing but stopwords on both sides
    assert token_f1("the", "parking") == 0.0
    assert approx(token_f1("refill refill", "refill"), 2 * 0.5 / 1.5)  # multiset overlap
    assert token_f1("Horario: lunes a viernes", "horario lunes viernes") == 1.0  # "a" is a stopword


def test_draft_similarity_is_a_mean_over_cases_with_both_texts() -> None:
    cases = [
        case("1", "general", "general", N, draft="Parking is free", reply="Parking is free"),
        case("2", "general", "general", N, draft="parking", reply="billing"),
        case("3", "general", "general", N, draft="parking"),  # no human reply
        case("4", "general", "general", H, reply="a nurse will call"),  # no draft
        case("5", "general", "general", N, draft="   ", reply="x"),  # blank draft
        case("6", "billing", "billing", A, draft="pay online", reply="You can pay online"),
    ]
    report = summarise(cases, TAXONOMY)
    assert report.category("general").figures.similarity_cases == 2
    assert approx(report.category("general").figures.draft_similarity, 0.5)
    assert approx(report.category("billing").figures.draft_similarity, 1.0)
    assert report.overall.similarity_cases == 3
    assert approx(report.overall.draft_similarity, 2 / 3)
    assert report.category("appointments").figures.draft_similarity is None
    assert report.similarity_measure == SIMILARITY_MEASURE


@pytest.mark.parametrize("values", [[5.0], [10.0, 20.0], [10.0, 20.0, 30.0, 40.0], [7.0, 1.0, 3.0, 100.0, 2.5]])
def test_percentile_matches_numpy_linear(values: list[float]) -> None:
    for q in (0, 50, 95, 100):
        assert approx(percentile(values, q), float(np.percentile(values, q)))


def test_percentile_of_nothing_is_none() -> None:
    assert percentile([], 50) is None


def test_latency_percentiles_skip_non_finite_values() -> None:
    cases = [case(str(i), "general", "general", N, latency=float(ms)) for i, ms in enumerate((10, 20, 30, 40))]
    cases.append(case("nan", "general", "general", N, latency=math.nan))
    overall = summarise(cases, TAXONOMY).overall
    assert approx(overall.latency_p50_ms, 25.0) and approx(overall.latency_p95_ms, 38.5)
    assert overall.n == 5


# ---------------------------------------------------------------- taxonomy edge cases and JSON


def test_unknown_categories_are_kept_after_the_taxonomy() -> None:
    cases = [
        case("1", "billing", "dental", N),  # unknown label
        case("2", "zoology", "billing", N),  # unknown prediction
        case("3", "astrology", None, S),  # unknown prediction, unlabelled
    ]
    report = summarise(cases, TAXONOMY)
    assert report.unknown_categories == ("astrology", "dental", "zoology")
    assert [c.category for c in report.per_category] == [*TAXONOMY, "astrology", "dental", "zoology"]
    assert not report.category("dental").in_taxonomy and report.category("billing").in_taxonomy
    assert report.category("dental").figures.n == 1 and report.category("astrology").figures.n == 1
    assert report.category("zoology").figures.n == 0  # grouped under its label, billing
    assert report.confusion.count("dental", "billing") == 1 and report.confusion.count("billing", "zoology") == 1
    assert report.overall.accuracy == Ratio(0, 2)


def test_duplicate_taxonomy_names_appear_once() -> None:
    report = summarise([case("1", "billing", "billing", N)], ["billing", "general", "billing"])
    assert report.categories == ("billing", "general")
    assert [c.category for c in report.per_category] == ["billing", "general"]


def test_unknown_category_lookup_raises_key_error() -> None:
    with pytest.raises(KeyError):
        summarise([], TAXONOMY).category("nope")


def _shape(value: Any) -> Any:
    """The key structure of a JSON value, ignoring list lengths and leaf values."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value and isinstance(value[0], dict) else "list"
    return "leaf"


def test_to_dict_has_the_same_keys_whatever_the_data() -> None:
    empty = summarise([], TAXONOMY).to_dict()
    full = summarise(safety_cases() + citation_cases(), TAXONOMY).to_dict()
    assert list(full) == [
        "tickets",
        "categories",
        "unknown_categories",
        "similarity_measure",
        "overall",
        "per_category",
        "confusion_matrix",
    ]
    assert _shape(empty["overall"]) == _shape(full["overall"])
    assert _shape(empty["per_category"]) == _shape(full["per_category"])
    assert json.loads(json.dumps(full)) == full


def test_to_dict_values() -> None:
    report = summarise(safety_cases(), TAXONOMY).to_dict()
    assert report["tickets"] == 10
    overall = report["overall"]
    assert overall["emergency_recall"] == {"count": 1, "total": 3, "rate": 0.3333}
    assert overall["missed_emergencies"] == ["E2", "E3"]
    assert overall["false_alarms"] == {"count": 2, "ids": ["B1", "B2"]}
    assert overall["latency_ms"] == {"p50": 0.0, "p95": 0.0}
    clinical = next(c for c in report["per_category"] if c["category"] == "clinical")
    assert clinical["in_taxonomy"] is True and clinical["clinical_handoff"]["rate"] == 0.25


def test_random_inputs_never_raise_and_groups_add_up() -> None:
    rng = random.Random(7)
    names = [*TAXONOMY, "dental", ""]
    cases = [
        case(
            str(i),
            rng.choice(names),
            rng.choice([*names, None]),
            rng.choice(list(Action)),
            emergency=rng.random() < 0.2,
            draft=rng.choice([None, "", "refill in the portal", "park in garage B"]),
            cites=tuple(rng.sample(["a", "b", "c"], rng.randint(0, 2))),
            reply=rng.choice([None, "use the portal to refill", "garage B"]),
            articles=tuple(rng.sample(["a", "b", "c"], rng.randint(0, 2))),
            latency=rng.uniform(0, 500),
        )
        for i in range(300)
    ]
    report = summarise(cases, TAXONOMY)
    assert sum(c.figures.n for c in report.per_category) == report.overall.n == 300
    assert sum(c.figures.labelled for c in report.per_category) == report.overall.labelled
    assert sum(map(sum, report.confusion.counts)) == report.overall.labelled
    for entry in [*report.per_category, None]:
        figures: Figures = entry.figures if entry else report.overall
        for ratio in (figures.accuracy, figures.citation_rate, figures.answered_with_correct_citation):
            assert 0 <= ratio.count <= ratio.total
        assert figures.draft_similarity is None or 0.0 <= figures.draft_similarity <= 1.0
    total = report.overall.answered_with_correct_citation
    assert sum(c.figures.answered_with_correct_citation.total for c in report.per_category) == total.total
    assert summarise(cases, TAXONOMY) == report  # deterministic
    assert isinstance(report, SimulationReport)
