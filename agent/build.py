"""Constructing a TriageAgent from typed settings: the classifier's training data, composer, retriever."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from agent.answered_before import AnsweredBefore
from agent.classifier import Classifier, LabelledText, OfflineClassifier
from agent.compose import Composer, ExtractiveComposer
from agent.glossary import EnglishHints, Glossary
from agent.language import LanguageDetector
from agent.pipeline import Retriever, TriageAgent
from agent.records import TicketRecord, parse_record
from carelayer.errors import ConfigError
from carelayer.settings import Settings
from knowledge.embeddings import Embedder

log = logging.getLogger(__name__)


def load_training(settings: Settings) -> list[TicketRecord]:
    """Labelled past tickets from ``classifier.training_data``; unusable lines are skipped."""
    records: list[TicketRecord] = []
    limit = settings.file.limits.max_body_chars
    for path in settings.file.classifier.training_data:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            raise ConfigError(f"cannot read training data: {error.strerror or error}", location=str(path)) from error
        for number, line in enumerate(lines, 1):
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                record = parse_record(value, fallback_id=f"{path.name}:{number}", max_body_chars=limit)
                if record.category:
                    records.append(record)
    return records


def train_classifier(settings: Settings, labelled: Iterable[TicketRecord], embedder: Embedder) -> OfflineClassifier:
    known = {c.name for c in settings.categories}
    texts = [
        LabelledText.from_ticket(r.ticket.subject, r.ticket.body, r.category) for r in labelled if r.category in known
    ]
    classifier = OfflineClassifier.train(settings.categories, texts, embedder=embedder, hints=english_hints(settings))
    report = classifier.calibration
    # Figures only, never a ticket's text: which learner held-out accuracy chose and how well it was calibrated.
    log.info(
        "classifier trained on %d labelled tickets: %s, held-out accuracy %s over %d texts, ECE %s",
        len(texts),
        report.learner,
        "n/a" if report.accuracy is None else f"{report.accuracy:.3f}",
        report.held_out,
        "n/a" if report.ece is None else f"{report.ece:.3f}",
    )
    return classifier


def english_hints(settings: Settings) -> EnglishHints | None:
    """Glosses for tickets in other languages (``agent.glossary``), when the taxonomy and the past tickets are
    English: the glosses are English words."""
    if settings.file.replies.language not in (None, "en"):
        return None
    return EnglishHints(Glossary.shipped(), LanguageDetector())


def learn_answered_before(
    settings: Settings, labelled: Sequence[TicketRecord], retriever: Retriever, embedder: Embedder
) -> AnsweredBefore | None:
    """The past tickets' article prior (``agent.answered_before``); None when it is off or nothing names an
    article."""
    if settings.file.retrieval.answered_before_weight <= 0:
        return None
    named = sorted({r.articles[0] for r in labelled if r.articles})
    return AnsweredBefore.learn(labelled, retriever.titles(named) if named else {}, embedder)


def build_agent(
    settings: Settings,
    *,
    retriever: Retriever,
    embedder: Embedder,
    training: Sequence[TicketRecord] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> TriageAgent:
    """The agent the settings describe; ``training`` overrides the configured training data; ``clock``
    dates the freshness check of citations."""
    labelled = load_training(settings) if training is None else training
    classifier: Classifier = train_classifier(settings, labelled, embedder)
    composer: Composer = ExtractiveComposer(settings.file.replies, embedder)
    if settings.file.llm is not None:  # nothing of the LLM is built or contacted otherwise
        from agent.llm_build import labelled_texts, with_llm

        texts = labelled_texts(settings, labelled)
        classifier, composer = with_llm(
            settings, classifier=classifier, composer=composer, embedder=embedder, labelled=texts
        )
    return TriageAgent(
        settings=settings.file,
        classifier=classifier,
        retriever=retriever,
        composer=composer,
        clock=clock,
        language=LanguageDetector(),  # the safety screen needs it too: see SCREENED_LANGUAGES
        answered_before=learn_answered_before(settings, labelled, retriever, embedder),
        hints=english_hints(settings),
    )
