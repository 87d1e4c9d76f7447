"""Putting a configured language model in front of the offline parts (which stay as its fallbacks)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from agent.classifier import Classifier, LabelledText
from agent.compose import Composer
from agent.llm import ChatModel
from agent.llm_classifier import LlmCalibration, LlmClassifier
from agent.llm_composer import LlmComposer
from agent.records import TicketRecord
from carelayer.console_store import Instructions
from carelayer.settings import Settings
from knowledge.embeddings import Embedder


def labelled_texts(settings: Settings, records: Iterable[TicketRecord]) -> list[LabelledText]:
    """The labelled tickets whose category is in the taxonomy, as the classifiers read them."""
    known = {c.name for c in settings.categories}
    return [
        LabelledText.from_ticket(r.ticket.subject, r.ticket.body, r.category)
        for r in records
        if r.category is not None and r.category in known
    ]


def with_llm(
    settings: Settings,
    *,
    classifier: Classifier,
    composer: Composer,
    embedder: Embedder,
    labelled: Sequence[LabelledText] = (),
    calibration: LlmCalibration | None = None,
) -> tuple[Classifier, Composer]:
    """The classifier and composer ``llm:`` asks for, each falling back to the given offline one.

    Unchanged when ``llm:`` is not configured (nothing is built or contacted). With ``llm.classify``:
    ``calibration`` when given, else, with ``llm.calibration_tickets`` > 0, that many of ``labelled``
    (the first ones, so the choice is reproducible) are sent, redacted, to the model to fit one.
    """
    llm = settings.file.llm
    if llm is None or not (llm.compose or llm.classify):
        return classifier, composer
    chat = ChatModel.from_settings(settings)
    if llm.compose:
        composer = LlmComposer(model=chat, replies=settings.file.replies, embedder=embedder, fallback=composer)
    if llm.classify:
        llm_classifier = LlmClassifier(
            model=chat, categories=settings.categories, fallback=classifier, calibration=calibration
        )
        if calibration is None and llm.calibration_tickets and labelled:
            llm_classifier.calibrate(labelled[: llm.calibration_tickets])
        classifier = llm_classifier
    return classifier, composer


class LlmParts:
    """``with_llm`` for an agent rebuilt whenever the admin's overrides change (``agent.live``).

    The console's instructions (persona, tone, never say) override ``llm.instructions`` where set;
    the classifier is calibrated once, on the first build, and the fit is kept across rebuilds.
    """

    def __init__(self, labelled: Sequence[LabelledText] = ()) -> None:
        self._labelled = labelled
        self._calibration: LlmCalibration | None = None

    def apply(
        self,
        settings: Settings,
        *,
        classifier: Classifier,
        composer: Composer,
        embedder: Embedder,
        instructions: Instructions | None = None,
    ) -> tuple[Classifier, Composer]:
        llm = settings.file.llm
        if llm is None:
            return classifier, composer
        if instructions is not None:
            update = {
                "persona": instructions.persona.strip() or llm.instructions.persona,
                "tone": instructions.tone.strip() or llm.instructions.tone,
                "never_say": instructions.never_say or llm.instructions.never_say,
            }
            llm = llm.model_copy(update={"instructions": llm.instructions.model_copy(update=update)})
            settings = replace(settings, file=settings.file.model_copy(update={"llm": llm}))
        classifier, composer = with_llm(
            settings,
            classifier=classifier,
            composer=composer,
            embedder=embedder,
            labelled=self._labelled,
            calibration=self._calibration,
        )
        if isinstance(classifier, LlmClassifier):
            self._calibration = classifier.calibration
        return classifier, composer
