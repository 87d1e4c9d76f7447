"""The past tickets' article prior: which article answered tickets like this one, and how it re-ranks search."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from agent.answered_before import AnsweredBefore, rerank
from agent.build import learn_answered_before
from agent.compose import ExtractiveComposer
from agent.language import LanguageDetector
from agent.live import LiveAgent
from agent.pipeline import TriageAgent
from agent.records import TicketRecord
from carelayer.console_store import ConsoleStore
from carelayer.settings import Settings, load_settings
from carelayer.types import Action, Chunk, SearchHit, Ticket
from knowledge.embeddings import Embedder
from tests.agent.llm_harness import FixedClassifier, FixedRetriever, clinic_hit
from tests.clinic_config import write_clinic_config

PORTAL = "portal-login-help.md"
RESCHEDULE = "rescheduling-appointments.md"
CANCELLATION = "cancellation-policy.md"

# Past tickets in several wordings; the test tickets below share their meaning, not their sentences.
PAST = {
    PORTAL: [
        "my activation code says expired, how do I get into my account",
        "can't log in to the patient portal, password reset email never came",
        "locked out of MyRiverbend after too many tries",
    ],
    RESCHEDULE: [
        "can I move my appointment on Tuesday to later in the week",
        "need to change the time of my visit next Monday, something came up at work",
        "please push my physical back two weeks",
    ],
}


def _records(past: dict[str, list[str]], category: str = "general") -> list[TicketRecord]:
    return [
        TicketRecord(Ticket(f"{article}-{n}", "", text), category=category, articles=(article, "other.md"))
        for article, texts in past.items()
        for n, text in enumerate(texts)
    ]


def _hit(article: str, score: float) -> SearchHit:
    return SearchHit(Chunk(f"{article}#0", "clinic", article, article, "text", 0), score)


def test_nothing_is_learnt_without_past_tickets_that_name_an_article() -> None:
    unnamed = [TicketRecord(Ticket("1", "refill", "please refill my lisinopril"), category="prescriptions")]
    clinical = _records(PAST, category="clinical")  # never drafted: what answered them teaches nothing
    assert AnsweredBefore.learn(unnamed, {}, None) is None
    assert AnsweredBefore.learn(clinical, {}, None) is None


def test_the_first_named_article_is_the_one_learnt() -> None:
    learnt = AnsweredBefore.learn(_records(PAST), {}, None)
    assert learnt is not None
    assert learnt.articles == (PORTAL, RESCHEDULE)  # "other.md", named second everywhere, is not learnt


@pytest.mark.parametrize("use_embedder", [False, True])
def test_the_prior_prefers_the_article_that_answered_similar_tickets(embedder: Embedder, use_embedder: bool) -> None:
    learnt = AnsweredBefore.learn(_records(PAST), {}, embedder if use_embedder else None)
    assert learnt is not None
    portal = learnt.prior("the code in my letter for the portal does not work anymore, it expired")
    moving = learnt.prior("is it possible to move my appointment on Thursday to next week")
    assert portal[PORTAL] > 0.8 and moving[RESCHEDULE] > 0.8
    assert sum(portal.values()) == pytest.approx(1.0) and sum(moving.values()) == pytest.approx(1.0)


def test_titles_teach_an_article_its_tickets_never_worded(embedder: Embedder) -> None:
    past = {PORTAL: ["can't log in"], RESCHEDULE: ["change my visit"]}
    titles = {PORTAL: "Portal login, password reset and account activation", RESCHEDULE: "Rescheduling a visit"}
    without = AnsweredBefore.learn(_records(past), {}, None)
    with_titles = AnsweredBefore.learn(_records(past), titles, None)
    assert without is not None and with_titles is not None
    question = "how do I reset my password"
    assert with_titles.prior(question)[PORTAL] > without.prior(question)[PORTAL]


ODD_TEXTS = ["", "🙂🙂🙂", "\ud800 broken", "x" * 200_000, "<b>html</b>", "¿Puedo cambiar mi cita?"]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_the_prior_never_raises(embedder: Embedder, text: str) -> None:
    learnt = AnsweredBefore.learn(_records(PAST), {}, embedder)
    assert learnt is not None
    assert sum(learnt.prior(text).values()) == pytest.approx(1.0)


def test_rerank_lifts_a_likely_article_among_close_hits_and_keeps_the_rest() -> None:
    hits = [_hit(CANCELLATION, 0.033), _hit(RESCHEDULE, 0.032), _hit("parking.md", 0.031)]
    ranked = rerank(hits, {RESCHEDULE: 0.9, PORTAL: 0.1}, 0.2)
    assert [h.article_id for h in ranked] == [RESCHEDULE, CANCELLATION, "parking.md"]
    assert rerank(hits, {RESCHEDULE: 0.9}, 0.0) == hits  # weight 0: search order
    assert rerank(hits, {PORTAL: 1.0}, 0.2) == hits  # a prior on no hit's article changes nothing
    assert rerank(hits, {CANCELLATION: 0.5, RESCHEDULE: 0.5}, 0.2)[0] == hits[0]  # a flat prior: search wins


def test_rerank_does_not_overturn_a_much_better_search_hit() -> None:
    hits = [_hit(CANCELLATION, 0.033), _hit(RESCHEDULE, 0.020)]
    assert rerank(hits, {RESCHEDULE: 1.0}, 0.2)[0].article_id == CANCELLATION


def _settings(folder: Path, weight: float) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    path = write_clinic_config(folder)
    data = yaml.safe_load(path.read_text())
    data["retrieval"]["answered_before_weight"] = weight
    path.write_text(yaml.safe_dump(data))
    return load_settings(path, environ={})


def _agent(settings: Settings, embedder: Embedder, retriever: FixedRetriever) -> TriageAgent:
    training = _records(PAST, category="appointments")
    return TriageAgent(
        settings=settings.file,
        classifier=FixedClassifier("appointments"),
        retriever=retriever,
        composer=ExtractiveComposer(settings.file.replies, embedder),
        language=LanguageDetector(),
        answered_before=learn_answered_before(settings, training, retriever, embedder),
    )


def test_the_pipeline_drafts_from_the_article_past_tickets_were_answered_with(
    tmp_path: Path, embedder: Embedder
) -> None:
    retriever = FixedRetriever([clinic_hit(CANCELLATION), clinic_hit(RESCHEDULE)])  # search: a tie
    ticket = Ticket("T1", "moving my visit", "Can I move my appointment on Thursday to sometime next week?")

    decision = _agent(_settings(tmp_path / "on", 0.2), embedder, retriever).triage(ticket)
    assert decision.action is Action.NOTE
    assert decision.citations[0].id == RESCHEDULE
    assert any(r.startswith(f"past tickets like this were answered with {RESCHEDULE}") for r in decision.reasons)

    off = _agent(_settings(tmp_path / "off", 0.0), embedder, retriever).triage(ticket)
    assert off.citations[0].id == CANCELLATION
    assert not any(r.startswith("past tickets like this") for r in off.reasons)


def test_the_live_agent_learns_it_once_and_uses_it(tmp_path: Path, embedder: Embedder) -> None:
    class CountingRetriever(FixedRetriever):
        title_calls = 0

        def titles(self, article_ids: Sequence[str]) -> dict[str, str]:
            self.title_calls += 1
            return super().titles(article_ids)

    retriever = CountingRetriever([clinic_hit(CANCELLATION), clinic_hit(RESCHEDULE)])
    settings = _settings(tmp_path, 0.2)
    training = _records(PAST, category="appointments")
    agent = LiveAgent(
        settings,
        store=ConsoleStore(tmp_path / "state.sqlite3"),
        retriever=retriever,
        embedder=embedder,
        training=training,
    )
    assert retriever.title_calls == 0  # nothing is read before the first ticket
    ticket = Ticket("T1", "moving my visit", "Can I move my appointment on Thursday to sometime next week?")
    assert agent.triage(ticket).citations[0].id == RESCHEDULE
    agent.triage(ticket)
    assert retriever.title_calls == 1


def test_an_unknown_title_is_simply_not_used(embedder: Embedder, tmp_path: Path) -> None:
    settings = _settings(tmp_path, 0.2)
    learnt = learn_answered_before(settings, _records(PAST), FixedRetriever([]), embedder)
    assert learnt is not None and learnt.articles == (PORTAL, RESCHEDULE)
