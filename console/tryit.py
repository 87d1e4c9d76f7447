"""Try it: one typed ticket through every step, shown step by step; nothing is written anywhere."""

from __future__ import annotations

from dataclasses import dataclass

from agent.live import LiveAgent
from agent.pipeline import Retriever
from agent.redact import redact
from agent.safety import screen
from carelayer.errors import InputError
from carelayer.types import Decision, SearchHit, Ticket

MAX_SUBJECT_CHARS = 1000


@dataclass(frozen=True, slots=True)
class TryResult:
    """What each step saw: redacted text, the safety screen, the classifier's top scores, passages, decision."""

    redacted: str
    risk: str
    safety_reasons: tuple[str, ...]
    scores: tuple[tuple[str, float], ...]
    hits: tuple[SearchHit, ...]
    decision: Decision


def try_ticket(agent: LiveAgent, retriever: Retriever, *, subject: str, body: str, max_body_chars: int) -> TryResult:
    """Run ``agent`` on a typed ticket; InputError when both fields are empty or the body is too long."""
    subject, body = subject.strip(), body.strip()
    if not (subject or body):
        raise InputError("type a subject or a message")
    if len(subject) > MAX_SUBJECT_CHARS:
        raise InputError(f"the subject is {len(subject)} characters; at most {MAX_SUBJECT_CHARS}")
    if len(body) > max_body_chars:
        raise InputError(f"the message is {len(body)} characters; at most {max_body_chars}")
    ticket = Ticket(id="try-it", subject=subject, body=body)
    redacted = f"{redact(subject).text}\n{redact(body).text}".strip()
    verdict = screen(subject, body)
    classification = agent.classifier.classify(redact(subject).text, redact(body).text)
    top = sorted(classification.scores.items(), key=lambda item: item[1], reverse=True)[:4]
    hits = tuple(retriever.search(redacted))
    return TryResult(
        redacted=redacted,
        risk=verdict.risk.value,
        safety_reasons=tuple(redact(r).text for r in verdict.reasons),
        scores=tuple(top),
        hits=hits,
        decision=agent.triage(ticket),
    )
