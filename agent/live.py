"""An agent that follows the admin's stored overrides without a restart.

``LiveAgent`` checks the console store's revision before each ticket (one small SQLite read) and, when
it changed, rebuilds the ``TriageAgent`` on ``effective_settings``: config.yaml plus the overrides. The
classifier is retrained only when what it learns from (category names, descriptions, examples)
changed; a mode or threshold change just rebuilds the policy around the same classifier.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from agent.answered_before import AnsweredBefore
from agent.build import english_hints, learn_answered_before, load_training, train_classifier
from agent.classifier import Classifier
from agent.compose import ExtractiveComposer
from agent.language import LanguageDetector
from agent.llm_build import LlmParts, labelled_texts
from agent.pipeline import Retriever, TriageAgent
from agent.records import TicketRecord
from carelayer.console_store import ConsoleStore, effective_settings
from carelayer.settings import Settings
from carelayer.types import Decision, Ticket
from knowledge.embeddings import Embedder

_Learned = tuple[tuple[str, str, tuple[str, ...]], ...]


class LiveAgent:
    """A ``Triager`` whose settings are config.yaml + the console's overrides as of each ticket."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: ConsoleStore,
        retriever: Retriever,
        embedder: Embedder,
        training: Sequence[TicketRecord] | None = None,
    ) -> None:
        self._base = settings
        self._store = store
        self._retriever = retriever
        self._embedder = embedder
        self._training = list(load_training(settings) if training is None else training)
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._learned: _Learned = ()
        self._classifier: Classifier | None = None
        self._agent: TriageAgent | None = None
        self._settings = settings
        self._llm = LlmParts(labelled_texts(settings, self._training) if settings.file.llm else ())
        self._language = LanguageDetector()  # loaded once, shared by every rebuilt agent
        # Learnt once, at the first rebuild (it reads the index's titles): it depends only on the training
        # data, which overrides do not change.
        self._answered_before: AnsweredBefore | None = None
        self._answered_learnt = False

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        """The decision of the agent as currently configured (rebuilt first if an override changed)."""
        return self.current().triage(ticket, notes)

    def current(self) -> TriageAgent:
        """The agent for the store's current revision; thread-safe, rebuilt at most once per change."""
        with self._lock:
            revision = self._store.revision()
            if self._agent is None or revision != self._revision:
                self._rebuild(revision)
            assert self._agent is not None  # set by _rebuild
            return self._agent

    @property
    def settings(self) -> Settings:
        """The effective settings of the current agent."""
        self.current()
        return self._settings

    @property
    def classifier(self) -> Classifier:
        self.current()
        assert self._classifier is not None
        return self._classifier

    def _rebuild(self, revision: int) -> None:
        settings = effective_settings(self._base, self._store)
        learned = tuple((c.name, c.description, c.examples) for c in settings.categories)
        if self._classifier is None or learned != self._learned:
            self._classifier = train_classifier(settings, self._training, self._embedder)
            self._learned = learned
        if not self._answered_learnt:
            self._answered_before = learn_answered_before(settings, self._training, self._retriever, self._embedder)
            self._answered_learnt = True
        classifier, composer = self._llm.apply(  # unchanged unless `llm:` is configured
            settings,
            classifier=self._classifier,
            composer=ExtractiveComposer(settings.file.replies, self._embedder),
            embedder=self._embedder,
            instructions=self._store.instructions(),
        )
        self._agent = TriageAgent(
            settings=settings.file,
            classifier=classifier,
            retriever=self._retriever,
            composer=composer,
            language=self._language,
            answered_before=self._answered_before,
            hints=english_hints(settings),
        )
        self._settings, self._revision = settings, revision
