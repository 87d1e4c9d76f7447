"""Simulation metrics on hand-built cases whose every figure is known."""

from __future__ import annotations

import json

from agent.simulation import (
    Ratio,
    summarise,
)
from tests.agent.simulation_cases import TAXONOMY, A, H, N, S, approx, case, citation_cases, safety_cases

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
