"""Simulation figures: draft similarity, latency percentiles, unknown categories and the JSON shape."""

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
    SimulationReport,
    percentile,
    summarise,
    token_f1,
)
from carelayer.types import Action
from tests.agent.simulation_cases import TAXONOMY, A, H, N, S, approx, case, citation_cases, safety_cases

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
