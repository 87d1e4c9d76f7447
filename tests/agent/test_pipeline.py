"""The whole triage pipeline on the bundled example clinic: real index, classifier, screen, composer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.build import build_agent
from agent.classifier import Classification, Classifier
from agent.compose import ExtractiveComposer
from agent.glossary import EnglishHints, Glossary
from agent.language import LanguageDetector
from agent.pipeline import Retriever, TriageAgent
from carelayer.settings import Settings, load_settings
from carelayer.types import Action, Decision, Requester, SearchHit, Ticket
from knowledge.embeddings import Embedder
from knowledge.index import open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all
from tests.clinic_config import write_clinic_config

DECISION_KEYS = [
    "ticket_id",
    "category",
    "confidence",
    "emergency",
    "action",
    "draft",
    "citations",
    "tags",
    "group",
    "priority",
    "reasons",
]


def _settings(tmp_path: Path, **category_modes: str) -> Settings:
    return load_settings(write_clinic_config(tmp_path, **category_modes), environ={})


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[TriageAgent]:
    settings = _settings(tmp_path_factory.mktemp("pipeline"), billing="auto", general="off")
    index = open_index(settings, embedder=embedder)
    sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
    yield build_agent(settings, retriever=index, embedder=embedder)
    index.close()


def _agent_with(
    settings: Settings,
    retriever: Retriever,
    embedder: Embedder,
    classifier: Classifier,
    *,
    hints: EnglishHints | None = None,
) -> TriageAgent:
    """The real pipeline around a given classifier (the extractive composer, the shipped language model)."""
    return TriageAgent(
        settings=settings.file,
        classifier=classifier,
        retriever=retriever,
        composer=ExtractiveComposer(settings.file.replies, embedder),
        language=LanguageDetector(),
        hints=hints,
    )


def _ticket(subject: str, body: str, **extra: object) -> Ticket:
    return Ticket(id="t-1", subject=subject, body=body, **extra)  # type: ignore[arg-type]


def test_emergency_is_escalated_with_the_fixed_message_only(agent: TriageAgent) -> None:
    decision = agent.triage(
        _ticket("bill question", "Can I pay online? Also my dad's face is drooping and he can't talk right")
    )
    assert (decision.action, decision.emergency, decision.category) == (Action.HANDOFF, True, "emergency")
    assert (decision.group, decision.priority) == ("Urgent Clinical", "urgent")
    assert decision.draft is not None and decision.draft.startswith("If this is a medical emergency, call 911")
    assert decision.citations == ()
    assert "carelayer_emergency" in decision.tags
    assert any("safety screen: emergency handoff" in r for r in decision.reasons)


def test_clinical_question_goes_to_the_nurse_and_nothing_is_drafted(agent: TriageAgent) -> None:
    decision = agent.triage(_ticket("metformin", "Should I stop taking my metformin? It upsets my stomach every day."))
    assert (decision.action, decision.emergency, decision.category) == (Action.HANDOFF, False, "clinical")
    assert (decision.group, decision.priority, decision.draft) == ("Nurse Triage", "high", None)


def test_administrative_mention_of_a_scary_word_is_answered(agent: TriageAgent) -> None:
    decision = agent.triage(
        _ticket("records", "Please send the records from my heart attack last year to my new cardiologist.")
    )
    assert not decision.emergency
    assert decision.category == "records"
    assert decision.action is Action.NOTE


def test_draft_mode_gives_a_cited_internal_note_built_from_the_knowledge(agent: TriageAgent) -> None:
    decision = agent.triage(_ticket("records", "How do I get a copy of my medical records, and is there a fee?"))
    assert decision.action is Action.NOTE and decision.category == "records"
    assert decision.citations and decision.citations[0].id == "requesting-medical-records.md"
    assert decision.draft is not None
    assert decision.draft.startswith("Hello,") and "Riverbend Family Health patient support" in decision.draft
    assert decision.citations[0].title in decision.draft
    assert decision.group is None and decision.priority is None
    assert any(r.startswith("grounded") for r in decision.reasons)


def test_auto_mode_replies_and_off_mode_skips(agent: TriageAgent) -> None:
    reply = agent.triage(
        _ticket("payment plan", "Can I pay my bill in monthly payments? What payment plans do you offer?")
    )
    assert reply.category == "billing" and reply.action is Action.REPLY
    skipped = agent.triage(_ticket("parking", "Where do I park at the Main Campus and is the garage free?"))
    assert skipped.category == "general" and skipped.action is Action.SKIP and skipped.draft is None


def test_a_ticket_in_another_language_is_drafted_for_a_person_never_auto_replied(agent: TriageAgent) -> None:
    spanish = agent.triage(
        _ticket("plan de pagos", "Hola, ¿puedo pagar mi factura en pagos mensuales? ¿Qué planes de pago tienen?")
    )
    assert spanish.category == "billing", spanish.reasons  # billing is in auto mode
    assert spanish.action is Action.NOTE and spanish.draft
    assert "carelayer_lang_es" in spanish.tags
    assert any("written in 'es'" in r and "reply -> note" in r for r in spanish.reasons), spanish.reasons
    english = agent.triage(
        _ticket("payment plan", "Hello, can I pay my bill monthly? Which payment plans do you have?")
    )
    assert english.action is Action.REPLY and not any("_lang_" in t for t in english.tags)


def test_a_language_the_safety_screen_cannot_read_goes_to_the_nurses_undrafted(agent: TriageAgent) -> None:
    french = agent.triage(
        _ticket("question", "Bonjour, mon fils a des boutons rouges sur les bras depuis deux jours, que faire ?")
    )
    assert french.action is Action.HANDOFF and french.draft is None
    assert french.group == "Nurse Triage" and french.priority == "high", french
    assert any("safety screen reads en, es only" in r for r in french.reasons), french.reasons
    assert "carelayer_lang_fr" in french.tags and not french.emergency


def test_an_emergency_phrase_in_an_unscreened_language_is_urgent(agent: TriageAgent) -> None:
    french = agent.triage(
        _ticket("aide", "Mon père a une douleur très forte dans la poitrine depuis une heure, qu'est-ce qu'on fait ?")
    )
    assert french.emergency and french.category == "emergency" and french.action is Action.HANDOFF
    assert french.priority == "urgent" and french.group == "Urgent Clinical", french
    assert any("fr: chest pain" in r for r in french.reasons), french.reasons
    assert "carelayer_lang_fr" in french.tags and "carelayer_emergency" in french.tags


def test_an_english_word_in_a_foreign_emergency_does_not_hide_it(agent: TriageAgent) -> None:
    """ "vomit" is also French: the screen calls it clinical, but the French list sees the swallowed pills."""
    french = agent.triage(
        _ticket("mon fils", "Mon fils a avalé des comprimés de sa grand-mère, il vomit et il est tout mou.")
    )
    assert french.emergency and french.priority == "urgent", french.reasons
    assert any("fr: overdose or poisoning" in r for r in french.reasons), french.reasons


def test_bad_input_still_gets_a_decision(agent: TriageAgent) -> None:
    empty = agent.triage(_ticket("", "  "))
    assert empty.action is Action.HANDOFF and "empty ticket" in empty.reasons[-1]
    for subject, body in (
        ("???", "🙂🙂🙂 ✈︎ ☂"),
        ("Termin", "Ich möchte meinen Termin verschieben, bitte."),
        ("x", "a " * 20_000),
    ):
        decision = agent.triage(_ticket(subject, body))
        assert decision.action in set(Action)


def test_identifiers_never_reach_the_decision(agent: TriageAgent) -> None:
    ticket = _ticket(
        "records",
        "Hi, I'm Marta Quintero, DOB 04/12/1980, phone 555-201-7788. Please send my records to Dr. Lee.",
        requester=Requester(name="Marta Quintero", email="marta@example.com"),
    )
    text = str(agent.triage(ticket).to_dict())
    for identifier in ("Marta", "Quintero", "04/12/1980", "555-201-7788", "marta@example.com"):
        assert identifier not in text


def test_decision_json_has_the_documented_shape(agent: TriageAgent) -> None:
    as_json = agent.triage(
        _ticket("records", "How do I get a copy of my medical records, and is there a fee?")
    ).to_dict()
    assert list(as_json) == DECISION_KEYS
    assert isinstance(as_json["confidence"], float) and 0 <= as_json["confidence"] <= 1
    assert as_json["action"] in ("reply", "note")  # answered, so the citation shape is really checked
    assert as_json["citations"]
    assert all(set(c) == {"source", "id", "title", "url", "updated_at"} for c in as_json["citations"])


class _RecordingRetriever:
    """The real index, remembering each query it was asked."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner
        self.queries: list[str] = []

    def search(self, query: str, *, k: int | None = None) -> list[SearchHit]:
        self.queries.append(query)
        return self.inner.search(query, k=k)

    def titles(self, article_ids: Sequence[str]) -> Mapping[str, str]:
        return self.inner.titles(article_ids)


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[_RecordingRetriever]:
    settings = _settings(tmp_path_factory.mktemp("recording"))
    index = open_index(settings, embedder=embedder)
    sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
    retriever = _RecordingRetriever(index)
    retriever.agent = build_agent(settings, retriever=retriever, embedder=embedder)  # type: ignore[attr-defined]
    yield retriever
    index.close()


def test_a_negated_red_flag_does_not_send_a_refill_to_the_nurses(agent: TriageAgent) -> None:
    decision = agent.triage(
        _ticket(
            "refill please", "Could you send my Symbicort to CVS? I'm not wheezing or short of breath, just almost out."
        )
    )
    assert not decision.emergency
    assert decision.category == "prescriptions"
    assert not any(r.startswith("classifier:") for r in decision.reasons), decision.reasons


def test_a_red_flag_dated_years_ago_in_the_body_does_not_escalate_the_subject(agent: TriageAgent) -> None:
    dated = agent.triage(
        _ticket(
            "cardiologist after heart attack",
            "I had a heart attack in 2020. My cardiologist moved away; who takes new patients?",
        )
    )
    assert not dated.emergency and dated.category not in ("emergency", "clinical"), dated.reasons
    today = agent.triage(
        _ticket("cardiologist after heart attack", "I had a heart attack this morning, who can see me?")
    )
    assert today.emergency and today.category == "emergency"


def test_the_search_reads_the_subject_twice_and_not_what_the_screen_set_aside(
    recording: _RecordingRetriever,
) -> None:
    agent: TriageAgent = recording.agent  # type: ignore[attr-defined]
    agent.triage(_ticket("copy of my records", "I'm not short of breath at all; how do I get a copy of my chart?"))
    (query,) = recording.queries
    assert query.startswith("copy of my records\ncopy of my records\n")
    assert "short of breath" not in query and "copy of my chart" in query


def test_the_search_reads_neither_placeholders_nor_shouting(recording: _RecordingRetriever) -> None:
    agent: TriageAgent = recording.agent  # type: ignore[attr-defined]
    recording.queries.clear()
    agent.triage(
        _ticket(
            "THIRD TIME ASKING FOR MY REFILL",
            "Call me back at 555-201-4477 please.\nI AM OUT OF MY LISINOPRIL AS OF TODAY, NOBODY RESPONDS",
        )
    )
    (query,) = recording.queries
    assert "third time asking for my refill" in query and "i am out of my lisinopril" in query
    assert "[" not in query and "PHONE" not in query and "555" not in query


def test_a_shouted_ticket_is_read_like_the_same_ticket_written_calmly(agent: TriageAgent) -> None:
    body = "This is the third time I am asking for my birth control refill. Nobody responds. I am out as of today."
    calm = agent.triage(_ticket("refill", body))
    shouted = agent.triage(_ticket("REFILL", body.upper()))
    assert shouted.category == calm.category == "prescriptions"
    assert shouted.action == calm.action, shouted.reasons
    assert [c.id for c in shouted.citations] == [c.id for c in calm.citations] != []
    assert abs(shouted.confidence - calm.confidence) < 0.05


def test_a_citation_older_than_its_max_age_is_named_and_keeps_the_reply_for_a_person(
    tmp_path: Path, embedder: Embedder
) -> None:
    settings = _settings(tmp_path, billing="auto")
    aged = settings.file.model_copy(
        update={"knowledge": settings.file.knowledge.model_copy(update={"max_age_days": 30})}
    )
    settings = Settings(settings.config_path, aged, settings.secrets)
    question = _ticket("payment plan", "Can I pay my bill in monthly payments? What payment plans do you offer?")
    index = open_index(settings, embedder=embedder)
    try:
        sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        fresh = build_agent(settings, retriever=index, embedder=embedder).triage(question)
        later = datetime.now(UTC) + timedelta(days=400)  # the articles' files were written at checkout, not 400 days on
        stale = build_agent(settings, retriever=index, embedder=embedder, clock=lambda: later).triage(question)
    finally:
        index.close()

    assert fresh.action is Action.REPLY and not any(r.startswith("stale source") for r in fresh.reasons)
    assert stale.action is Action.NOTE and stale.citations
    assert any(r.startswith(f"stale source: {stale.citations[0].source}:") for r in stale.reasons)
    assert any("reply -> note" in r for r in stale.reasons)


class _FixedClassifier:
    """A classifier that is sure of one category whatever it reads (the screen decides first), giving
    ``clinical`` to the clinical category."""

    def __init__(self, category: str, clinical: float = 0.0) -> None:
        self.category = category
        self.clinical = clinical

    def classify(self, subject: str, body: str) -> Classification:
        scores = {"appointments": 0.1, "emergency": 0.0, "clinical": self.clinical, self.category: 0.9 - self.clinical}
        return Classification(self.category, scores[self.category], scores)


@pytest.mark.parametrize(("clinical", "action"), [(0.05, Action.REPLY), (0.12, Action.NOTE)])
def test_an_auto_reply_waits_for_a_person_when_the_classifier_leans_clinical(
    tmp_path: Path, embedder: Embedder, clinical: float, action: Action
) -> None:
    """The screen misses some emergencies in new wordings; the classifier usually leans clinical on them."""
    settings = _settings(tmp_path, billing="auto")
    index = open_index(settings, embedder=embedder)
    sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
    agent = _agent_with(settings, index, embedder, _FixedClassifier("billing", clinical=clinical))
    decision = agent.triage(_ticket("payment plan", "Can I pay my bill in monthly payments? What plans do you offer?"))
    assert decision.action is action and decision.draft, decision.reasons
    gated = any("auto replies need under 0.10" in r and "reply -> note" in r for r in decision.reasons)
    assert gated is (action is Action.NOTE), decision.reasons
    index.close()


def test_the_classifier_backs_up_the_screen_on_emergencies_it_cannot_explain(
    tmp_path: Path, embedder: Embedder
) -> None:
    """A blind probe had six emergencies the screen missed and the classifier caught ("saving up my
    oxycodone ... tonight's the night"): a confident classifier emergency escalates like the screen's."""
    settings = _settings(tmp_path)
    index = open_index(settings, embedder=embedder)
    agent = _agent_with(settings, index, embedder, _FixedClassifier("emergency"))
    decision = agent.triage(_ticket("no subject", "I just wanted somebody to know it wasn't anyone's fault."))
    assert decision.emergency and decision.action is Action.HANDOFF and decision.priority == "urgent"
    assert decision.group == "Urgent Clinical" and "carelayer_emergency" in decision.tags
    assert any(r.startswith("classifier: emergency") for r in decision.reasons), decision.reasons
    index.close()


def test_a_spanish_request_is_searched_with_its_english_glosses(tmp_path: Path, embedder: Embedder) -> None:
    """The approved knowledge is English: the glosses ("pay payment plan monthly") find the article a person
    can answer from; without them the search reads only Spanish words (the negative control)."""
    settings = _settings(tmp_path)
    index = open_index(settings, embedder=embedder)
    sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
    ticket = _ticket("mi cuenta", "Buenas, debo casi dos mil dólares. ¿Puedo pagar por mes? ¿Cuánto sería el mínimo?")

    def triage(hints: EnglishHints | None) -> Decision:
        return _agent_with(settings, index, embedder, _FixedClassifier("billing"), hints=hints).triage(ticket)

    glossed = triage(EnglishHints(Glossary.shipped(), LanguageDetector()))
    assert glossed.action is Action.NOTE, glossed.reasons
    assert [c.id for c in glossed.citations][:1] == ["payment-options.md"]
    assert "carelayer_lang_es" in glossed.tags
    plain = triage(None)
    assert plain.action is Action.HANDOFF or "payment-options.md" not in [c.id for c in plain.citations]
    index.close()
