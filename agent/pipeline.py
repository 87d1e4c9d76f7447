"""The triage pipeline for one ticket: redact -> safety screen -> classify -> policy -> retrieve ->
compose -> guardrails -> decision.

The safety screen is deterministic and decides before any model: emergencies and clinical
questions are handed to humans and nothing is drafted for them. Every step adds its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from agent.answered_before import AnsweredBefore, rerank
from agent.casing import unshout
from agent.classifier import Classification, Classifier
from agent.compose import Composer, Composition
from agent.glossary import EnglishHints
from agent.guardrails import check
from agent.language import LanguageDetector
from agent.llm_prompts import fill_back
from agent.policy import Plan, plan_for
from agent.redact import redact, without_placeholders
from agent.safety import SCREENED_LANGUAGES, Risk, SafetyVerdict, screen
from agent.safety_foreign import foreign_red_flags
from agent.screened import set_aside
from carelayer.errors import ConfigError
from carelayer.settings import CategorySettings, FileSettings
from carelayer.types import Action, Citation, Decision, LlmCall, SearchHit, Ticket
from knowledge.freshness import max_ages, stale_citations, stale_reason

EMERGENCY, CLINICAL = "emergency", "clinical"
# Below this, a classifier's clinical or emergency guess (with no red flag from the deterministic
# screen, which is what escalates emergencies) is a suspicion: handed to the nurse group at the
# clinical priority, filed under the likeliest other category, and never drafted.
CLASSIFIER_CLINICAL_CONFIDENCE = 0.5
# Defence in depth behind the screen: when the classifier gives clinical + emergency together at
# least this probability, nothing is drafted even if an administrative category is on top.
CLINICAL_SUSPICION = 0.5


class Retriever(Protocol):
    def search(self, query: str, *, k: int | None = None) -> list[SearchHit]: ...

    def titles(self, article_ids: Sequence[str]) -> Mapping[str, str]:
        """Titles of those articles still indexed (for ``agent.answered_before``)."""
        ...


class TriageAgent:
    """Decides what to do with a ticket; never writes anywhere (the caller acts on the Decision)."""

    def __init__(
        self,
        *,
        settings: FileSettings,
        classifier: Classifier,
        retriever: Retriever,
        composer: Composer,
        language: LanguageDetector,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        answered_before: AnsweredBefore | None = None,
        hints: EnglishHints | None = None,
    ) -> None:
        if not settings.categories:
            raise ConfigError("no categories configured; see config.example.yaml", location="categories")
        self._settings = settings
        self._clock = clock
        self._max_ages = max_ages(settings.knowledge)
        self._categories = {c.name: c for c in settings.categories}
        self._classifier = classifier
        self._retriever = retriever
        self._composer = composer
        self._language = language
        self._answered_before = answered_before
        # English glosses of a foreign-language ticket (``agent.glossary``) for the search and the composer.
        self._hints = hints

    def triage(self, ticket: Ticket, notes: Sequence[str] = ()) -> Decision:
        """The decision for ``ticket``; ``notes`` (from input parsing) lead the reasons."""
        # Required, not optional: the safety screen reads only SCREENED_LANGUAGES, so every agent must know.
        language = self._language.detect(f"{ticket.subject}\n{ticket.body}")
        decision = self._triage(ticket, notes, language)
        if language is None or language == self._settings.replies.language:
            return decision
        return replace(decision, tags=(*decision.tags, f"{self._settings.tag_prefix}_lang_{language}"))

    def _triage(self, ticket: Ticket, notes: Sequence[str], language: str | None) -> Decision:
        if not (ticket.subject.strip() or ticket.body.strip()):
            return self._handoff(ticket, (*notes, "empty ticket: nothing to answer"))
        redacted_subject = redact(ticket.subject, known_names=_names(ticket)).text
        redacted_body = redact(ticket.body, known_names=_names(ticket)).text
        verdict = screen(ticket.subject, ticket.body)
        flagged = self._flagged(ticket, verdict, language, notes)
        if flagged is not None:
            return flagged
        # What the screen judged not current (negated, history, administrative) is not read again.
        redacted_subject = unshout(set_aside(redacted_subject, verdict.cleared))
        redacted_body = unshout(set_aside(redacted_body, verdict.cleared))
        classification = self._classifier.classify(redacted_subject, redacted_body)
        if language is not None and language not in SCREENED_LANGUAGES:
            return _with_llm(self._unscreened_handoff(ticket, classification, language, notes), classification.llm)
        if classification.category in (EMERGENCY, CLINICAL) or _clinical_share(classification) >= CLINICAL_SUSPICION:
            return _with_llm(self._classifier_handoff(ticket, classification, notes), classification.llm)
        category = self._categories[classification.category]
        plan = plan_for(category, classification.confidence)
        plan = Plan(
            plan.action, (*notes, f"classified {category.name} ({classification.confidence:.2f})", *plan.reasons)
        )
        plan = self._auto_gate(plan, classification)
        expected = self._settings.replies.language
        # A draft still helps the person who answers; a reply would be in the wrong language.
        if language is not None and expected is not None and language != expected:
            reason = f"written in '{language}', the approved knowledge in '{expected}'"
            plan = plan.downgrade(reason) if plan.action is Action.REPLY else plan.because(reason)
        if plan.action in (Action.REPLY, Action.NOTE):
            question = f"{redacted_subject}\n{redacted_body}"
            # Glosses come first, as a subject line would: the search counts the first line twice.
            question = self._hints.written_in(question, language) if self._hints is not None else question
            decision = self._answer(ticket, category, classification, plan, question)
            return _with_llm(decision, classification.llm)
        return _with_llm(self._decision(ticket, category, classification.confidence, plan), classification.llm)

    def _auto_gate(self, plan: Plan, classification: Classification) -> Plan:
        """A reply goes out unseen only when the classifier sees next to nothing clinical in the ticket: the
        screen misses some emergencies in wordings it has never met, and the classifier usually leans
        towards clinical on those (``safety.auto_max_clinical_share``)."""
        share, limit = _clinical_share(classification), self._settings.safety.auto_max_clinical_share
        if plan.action is not Action.REPLY or share < limit:
            return plan
        return plan.downgrade(f"clinical or emergency {share:.2f}, auto replies need under {limit:.2f}")

    def _answer(
        self, ticket: Ticket, category: CategorySettings, classification: Classification, plan: Plan, question: str
    ) -> Decision:
        # The subject (the first line) is the patient's own summary of the request: it counts twice in the
        # search, a field boost, so a long, rambling body does not drown it (docs/benchmarks.md, triage).
        # Placeholders are not the patient's words: "[PHONE]" would match an article about phone numbers.
        question = without_placeholders(question)
        subject = question.split("\n", 1)[0]
        hits, learnt = self._rerank(question, self._retriever.search(f"{subject}\n{question}".strip()))
        plan = Plan(plan.action, (*plan.reasons, *learnt))
        composition = self._composer.compose(question, hits)
        if composition is None:
            plan = plan.hand_off("no approved knowledge matches this ticket")
            return self._decision(ticket, category, classification.confidence, plan)
        # An LLM composer's findings (fallbacks, bad citations, unsupported sentences) come first.
        plan = Plan(plan.action, (*plan.reasons, *composition.notes))
        for reason in composition.downgrades:
            plan = plan.downgrade(reason)
        replies = self._settings.replies
        result = check(composition, plan, min_grounding=category.min_grounding, min_relevance=replies.min_relevance)
        if result.plan.action not in (Action.REPLY, Action.NOTE):
            return _with_llm(self._decision(ticket, category, classification.confidence, result.plan), composition.llm)
        cited = ", ".join(c.id for c in composition.draft.citations)
        plan = self._freshness(result.plan.because(f"drafted from approved knowledge: {cited}"), composition)
        decision = self._decision(
            ticket,
            category,
            classification.confidence,
            plan,
            draft=fill_back(composition.draft.body, ticket),
            citations=composition.draft.citations,
        )
        return _with_llm(decision, composition.llm)

    def _rerank(self, question: str, hits: list[SearchHit]) -> tuple[list[SearchHit], tuple[str, ...]]:
        """``hits`` re-ranked by the articles that answered similar past tickets, and the reason when that
        changed which article comes first."""
        weight = self._settings.retrieval.answered_before_weight
        if self._answered_before is None or weight <= 0 or len(hits) < 2:
            return hits, ()
        prior = self._answered_before.prior(question)
        ranked = rerank(hits, prior, weight)
        first, before = ranked[0].article_id, hits[0].article_id
        if first == before:
            return ranked, ()
        share = prior.get(first, 0.0)
        return ranked, (f"past tickets like this were answered with {first} ({share:.2f}): ranked above {before}",)

    def _freshness(self, plan: Plan, composition: Composition) -> Plan:
        """Citations older than their source's maximum age are named; an outdated answer is never sent
        to a patient unseen (auto -> draft)."""
        now = self._clock()
        stale = stale_citations(composition.draft.citations, now, self._max_ages)
        for citation in stale:
            plan = plan.because(stale_reason(citation, now))
        if stale and plan.action is Action.REPLY:
            plan = plan.downgrade("cited knowledge is older than its source's max_age_days")
        return plan

    def _flagged(
        self, ticket: Ticket, verdict: SafetyVerdict, language: str | None, notes: Sequence[str]
    ) -> Decision | None:
        """The screen's handoff (None when it found nothing). In a language the screen cannot read, anything
        short of an emergency verdict (at most it recognised a word, "vomit" in French) is checked against
        the foreign red-flag list, which may make it an emergency."""
        if verdict.risk is not Risk.EMERGENCY and language is not None and language not in SCREENED_LANGUAGES:
            flags = foreign_red_flags(f"{ticket.subject}\n{ticket.body}")
            if flags:
                return self._foreign_emergency(ticket, language, flags, notes)
        return None if verdict.risk is Risk.NONE else self._safety_handoff(ticket, verdict, notes)

    def _safety_handoff(self, ticket: Ticket, verdict: SafetyVerdict, notes: Sequence[str]) -> Decision:
        name = EMERGENCY if verdict.risk is Risk.EMERGENCY else CLINICAL
        category = self._categories[name]
        # The screen's reasons quote the ticket; they are redacted like anything else that is stored.
        quoted = tuple(redact(reason, known_names=_names(ticket)).text for reason in verdict.reasons)
        plan = Plan(Action.HANDOFF, (*notes, *quoted, f"safety screen: {name} handoff (the AI never answers)"))
        return self._decision(ticket, category, 1.0, plan, emergency=name == EMERGENCY)

    def _classifier_handoff(self, ticket: Ticket, classification: Classification, notes: Sequence[str]) -> Decision:
        """The classifier, not the screen, saw a clinical or emergency ticket: never draft, hand to humans."""
        category = self._categories[classification.category]
        reason = (
            f"classifier: {category.name} ({classification.confidence:.2f}), clinical or emergency "
            f"{_clinical_share(classification):.2f}; handed to humans, nothing drafted"
        )
        if category.name in (EMERGENCY, CLINICAL) and classification.confidence >= CLASSIFIER_CLINICAL_CONFIDENCE:
            plan = Plan(Action.HANDOFF, (*notes, reason))
            return self._decision(
                ticket, category, classification.confidence, plan, emergency=category.name == EMERGENCY
            )
        others = {n: p for n, p in classification.scores.items() if n not in (EMERGENCY, CLINICAL)}
        likeliest = max(others, key=lambda name: others[name]) if others else CLINICAL
        plan = Plan(Action.HANDOFF, (*notes, f"{reason}; filed as {likeliest} ({others.get(likeliest, 0.0):.2f})"))
        return self._to_the_nurses(
            self._decision(ticket, self._categories[likeliest], others.get(likeliest, 0.0), plan)
        )

    def _unscreened_handoff(
        self, ticket: Ticket, classification: Classification, language: str, notes: Sequence[str]
    ) -> Decision:
        """The safety screen cannot read this language, so it cannot rule out an emergency: nothing is
        drafted and the nurse group reads it first, at the clinical priority (an emergency phrase of that
        language was already sent to the emergency group by ``_flagged``)."""
        category = self._categories[classification.category]
        reason = (
            f"written in '{language}': the safety screen reads {', '.join(sorted(SCREENED_LANGUAGES))} only, "
            "so a person reads it first; nothing drafted"
        )
        plan = Plan(Action.HANDOFF, (*notes, f"classified {category.name} ({classification.confidence:.2f})", reason))
        return self._to_the_nurses(self._decision(ticket, category, classification.confidence, plan))

    def _foreign_emergency(self, ticket: Ticket, language: str, flags: Sequence[str], notes: Sequence[str]) -> Decision:
        """A language the screen cannot read, with an emergency phrase of ``agent.safety_foreign`` in it:
        urgent for the emergency group, like the screen's own emergencies (no context judged, so it errs
        towards escalating)."""
        reasons = (
            *notes,
            f"written in '{language}': red-flag words found ({'; '.join(flags)}), not judged for negation or history",
            "safety screen: emergency handoff (the AI never answers)",
        )
        return self._decision(ticket, self._categories[EMERGENCY], 1.0, Plan(Action.HANDOFF, reasons), emergency=True)

    def _to_the_nurses(self, decision: Decision) -> Decision:
        """``decision`` routed to the clinical category's group at the clinical priority (its category kept)."""
        nurse = self._categories[CLINICAL]
        return replace(decision, group=nurse.handoff_group, priority=self._settings.safety.clinical_priority)

    def _handoff(self, ticket: Ticket, reasons: Sequence[str]) -> Decision:
        """Nothing to triage: filed under ``general`` (or the first category) for a human to look at."""
        category = self._categories.get("general") or next(iter(self._categories.values()))
        return self._decision(ticket, category, 0.0, Plan(Action.HANDOFF, tuple(reasons)))

    def _decision(
        self,
        ticket: Ticket,
        category: CategorySettings,
        confidence: float,
        plan: Plan,
        *,
        emergency: bool = False,
        draft: str | None = None,
        citations: tuple[Citation, ...] = (),
    ) -> Decision:
        prefix, safety = self._settings.tag_prefix, self._settings.safety
        tags = [prefix, f"{prefix}_{category.name}", f"{prefix}_{plan.action.value}"]
        priority = None
        if emergency:
            tags.append(f"{prefix}_emergency")
            priority = safety.emergency_priority
            draft = safety.emergency_message  # fixed text written by the clinic, never by the AI
        elif category.name == CLINICAL:
            priority = safety.clinical_priority
        group = category.handoff_group if plan.action is Action.HANDOFF else None
        return Decision(
            ticket_id=ticket.id,
            category=category.name,
            confidence=confidence,
            emergency=emergency,
            action=plan.action,
            draft=draft,
            citations=citations,
            tags=tuple(tags),
            group=group,
            priority=priority,
            reasons=plan.reasons,
        )


def _with_llm(decision: Decision, calls: tuple[LlmCall, ...]) -> Decision:
    """``decision`` with the language-model calls that led to it (cost and latency for the audit record)."""
    return replace(decision, llm=(*calls, *decision.llm)) if calls else decision


def _clinical_share(classification: Classification) -> float:
    return classification.scores.get(CLINICAL, 0.0) + classification.scores.get(EMERGENCY, 0.0)


def _names(ticket: Ticket) -> tuple[str, ...]:
    return tuple(n for n in ((ticket.requester.name,) if ticket.requester else ()) if n)
