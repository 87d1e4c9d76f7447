"""The LLM composer against a local OpenAI-compatible stub: what reaches the wire, and what the pipeline
does with good, wrong, hallucinated, malformed, slow and failing answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.pipeline import TriageAgent
from carelayer.types import Action, Requester, Ticket
from knowledge.embeddings import Embedder
from tests.agent.llm_harness import Stub, clinic_hit, llm_settings, make_agent, serve_stub
from tests.agent.openai_stub import Reply

PAY = "payment-options.md"
QUESTION = Ticket(
    id="t-1", subject="payment plan", body="Can I pay my bill in monthly payments? Which cards do you take?"
)


@pytest.fixture(scope="module")
def stub() -> Iterator[Stub]:
    yield from serve_stub()


@pytest.fixture
def agent(stub: Stub, tmp_path: Path, embedder: Embedder) -> TriageAgent:
    stub.reset()
    return make_agent(
        llm_settings(tmp_path, stub.url), embedder, hits=[clinic_hit(PAY), clinic_hit("insurance-accepted.md")]
    )


def _answer(*sentences: tuple[str, list[str]], **extra: object) -> str:
    return json.dumps({"answerable": True, "sentences": [{"text": t, "citations": c} for t, c in sentences], **extra})


GOOD = (
    "We accept Visa, Mastercard, American Express, Discover, HSA and FSA cards, bank transfers (ACH), "
    "checks, money orders and cash (in person only).",
    ["P1"],
)


def test_a_grounded_answer_is_used_and_its_cost_recorded(agent: TriageAgent, stub: Stub) -> None:
    stub.state.script(_answer((GOOD[0].replace("Visa", "**Visa**"), ["P1"])))
    decision = agent.triage(QUESTION)
    assert decision.action is Action.REPLY  # billing is in auto mode and nothing was wrong
    assert decision.draft is not None and GOOD[0] in decision.draft and "**" not in decision.draft
    assert [c.id for c in decision.citations] == [PAY]
    assert any(r == "composed by llm:stub-model" for r in decision.reasons)
    (call,) = decision.llm
    assert (call.purpose, call.provider, call.model, call.outcome) == (
        "compose",
        "openai_compatible",
        "stub-model",
        "ok",
    )
    assert call.input_tokens is not None and call.input_tokens > 50  # the stub counts words
    assert call.output_tokens == len(_answer(GOOD).split())  # the stub counts words
    record = decision.to_dict()["llm"][0]
    assert set(record) == {"purpose", "provider", "model", "seconds", "outcome", "input_tokens", "output_tokens"}
    request = stub.state.requests[0].body
    assert request["model"] == "stub-model" and request["temperature"] == 0.0
    system, user = request["messages"][0]["content"], request["messages"][1]["content"]
    assert "Riverbend" not in system and "warm, plain and brief" in system
    assert '<passage id="P1" title="Ways to pay and payment plans">' in user and "<message>" in user


def test_an_unknown_citation_downgrades_auto_to_draft(agent: TriageAgent, stub: Stub) -> None:
    stub.state.script(_answer((GOOD[0], ["P1", "P9"])), _answer((GOOD[0], ["P9"])))
    decision = agent.triage(QUESTION)
    assert decision.action is Action.NOTE
    assert any("unknown passage id(s) cited: P9" in r and "reply -> note" in r for r in decision.reasons)
    ungrounded = agent.triage(QUESTION)  # nothing it says stands on a retrieved passage
    assert ungrounded.action is Action.HANDOFF and ungrounded.draft is None
    assert any("grounding 0.00 below" in r for r in ungrounded.reasons)


def test_a_missing_citation_downgrades(agent: TriageAgent, stub: Stub) -> None:
    stub.state.script(_answer(GOOD, (GOOD[0], [])))
    decision = agent.triage(QUESTION)
    assert decision.action is Action.NOTE
    assert any("sentence 2 cite(s) no retrieved passage" in r for r in decision.reasons)


def test_a_hallucinated_fact_downgrades_and_with_a_bad_citation_hands_off(agent: TriageAgent, stub: Stub) -> None:
    invented = ("You can also pay with bitcoin at the pharmacy window after midnight.", ["P1"])
    stub.state.script(_answer(GOOD, invented), _answer(GOOD, invented, (GOOD[0], ["kb-7"])))
    once = agent.triage(QUESTION)
    assert once.action is Action.NOTE
    assert any("sentence 2 not supported by the cited passages" in r for r in once.reasons)
    twice = agent.triage(QUESTION)
    assert twice.action is Action.HANDOFF and twice.group == "Billing"
    assert twice.draft is None


@pytest.mark.parametrize(
    ("reply", "outcome", "reason"),
    [
        (Reply(content="Sure! Here is your answer: you can pay monthly."), "malformed", "malformed answer"),
        (Reply(content='{"sentences": "not a list"}'), "malformed", "malformed answer (sentences"),
        (Reply(status=500), "error", "LLM composer error: OpenAIAPIError (HTTP 500)"),
        (Reply(status=429, headers={"retry-after": "0"}), "error", "(HTTP 429)"),
    ],
)
def test_provider_errors_and_malformed_answers_fall_back_to_the_extractive_composer(
    agent: TriageAgent, stub: Stub, reply: Reply, outcome: str, reason: str
) -> None:
    stub.state.script(reply)
    decision = agent.triage(QUESTION)
    assert decision.action is Action.REPLY  # the extractive answer is as good as ever
    assert decision.draft is not None and "interest-free payment plan" in decision.draft
    assert any(reason in r and r.endswith("extractive composer used instead") for r in decision.reasons), (
        decision.reasons
    )
    assert [c.outcome for c in decision.llm] == [outcome]
    assert len(stub.state.requests) == 1  # max_retries 0: one call, no retry


def test_a_slow_model_times_out_and_the_extractive_composer_answers(
    stub: Stub, tmp_path: Path, embedder: Embedder
) -> None:
    stub.reset()
    agent = make_agent(llm_settings(tmp_path, stub.url, timeout=0.3), embedder, hits=[clinic_hit(PAY)])
    stub.state.script(Reply(content=_answer(GOOD), delay=1.5))
    decision = agent.triage(QUESTION)
    assert decision.draft is not None and "interest-free payment plan" in decision.draft
    assert any("LLM composer timeout" in r for r in decision.reasons)
    assert decision.llm[0].outcome == "timeout"


def test_a_rate_limit_is_retried_when_retries_are_allowed(stub: Stub, tmp_path: Path, embedder: Embedder) -> None:
    stub.reset()
    agent = make_agent(llm_settings(tmp_path, stub.url, max_retries=2), embedder, hits=[clinic_hit(PAY)])
    stub.state.script(Reply(status=429, headers={"retry-after-ms": "10"}), _answer(GOOD))
    decision = agent.triage(QUESTION)
    assert len(stub.state.requests) == 2
    assert decision.action is Action.REPLY and decision.llm[0].outcome == "ok"
    assert decision.draft is not None and GOOD[0] in decision.draft


def test_no_identifier_from_the_ticket_reaches_the_wire(stub: Stub, tmp_path: Path, embedder: Embedder) -> None:
    stub.reset()
    settings = llm_settings(tmp_path, stub.url, classify=True)
    agent = make_agent(settings, embedder, hits=[clinic_hit(PAY)], llm_classifier=True)
    identifiers = {
        "name": "Marisol",
        "surname": "Okonkwo-Reyes",
        "dob": "03/14/1962",
        "mrn": "RB-4471902",
        "phone": "(555) 301-7714",
        "email": "m.okonkwo@example.org",
        "street": "1842 Larkspur Lane",
        "member": "XJH448120937",
        "card": "4111 1111 1111 1111",
    }
    body = (
        f"Hi, my name is {identifiers['name']} {identifiers['surname']}, date of birth {identifiers['dob']}, "
        f"MRN {identifiers['mrn']}. Call me at {identifiers['phone']} or {identifiers['email']}. I live at "
        f"{identifiers['street']}, Millbrook, OH 43004. Member ID {identifiers['member']}. Can I pay my bill "
        f"in monthly payments with my card {identifiers['card']}?"
    )
    requester = Requester(id="77", name=f"{identifiers['name']} {identifiers['surname']}", email=identifiers["email"])
    decision = agent.triage(Ticket(id="t-9", subject=f"Bill for {identifiers['name']}", body=body, requester=requester))
    assert [c.purpose for c in decision.llm] == ["classify", "compose"]
    assert len(stub.state.requests) == 2
    wire = "\n".join(r.text for r in stub.state.requests)
    for kind, value in identifiers.items():
        assert value not in wire, kind
        assert value not in json.dumps(decision.to_dict()), kind
    for digits in ("4111111111111111", "3017714", "4471902", "448120937"):
        assert digits not in wire.replace(" ", "").replace("-", "")
    for placeholder in ("[NAME]", "[DOB]", "[MRN]", "[PHONE]", "[EMAIL]", "[ADDRESS]", "[MEMBER_ID]", "[CARD]"):
        assert placeholder in wire  # the question did reach the model, redacted


def test_the_first_name_is_filled_back_only_where_the_admin_allows(
    stub: Stub, tmp_path: Path, embedder: Embedder
) -> None:
    stub.reset()
    allowed = llm_settings(tmp_path, stub.url, instructions={"fill_back": ["first_name"]})
    agent = make_agent(allowed, embedder, hits=[clinic_hit(PAY)])
    ticket = Ticket(id="t-2", subject=QUESTION.subject, body=QUESTION.body, requester=Requester(name="Ines Duarte"))
    stub.state.script(_answer(GOOD), _answer(("Thanks [NAME], " + GOOD[0][0].lower() + GOOD[0][1:], ["P1"])))
    decision = agent.triage(ticket)
    assert decision.draft is not None and decision.draft.startswith("Hello Ines,")
    assert "Ines" not in stub.state.requests[0].text and "Duarte" not in decision.draft
    echoed = agent.triage(ticket)  # the model repeated a placeholder: never filled, and reviewed by a human
    assert echoed.action is Action.NOTE and echoed.draft is not None and "[NAME]" in echoed.draft
    assert any("repeats a redaction placeholder" in r for r in echoed.reasons)
    plain = make_agent(llm_settings(tmp_path, stub.url), embedder, hits=[clinic_hit(PAY)]).triage(ticket)
    assert plain.draft is not None and plain.draft.startswith("Hello,") and "Ines" not in plain.draft


def test_never_say_rules_are_in_the_prompt_and_enforced(stub: Stub, tmp_path: Path, embedder: Embedder) -> None:
    stub.reset()
    rules = {"persona": "You are Riverbend's billing helper.", "never_say": ["guaranteed"]}
    agent = make_agent(llm_settings(tmp_path, stub.url, instructions=rules), embedder, hits=[clinic_hit(PAY)])
    stub.state.script(_answer((GOOD[0].replace("We accept", "We guaranteed accept"), ["P1"])))
    decision = agent.triage(QUESTION)
    system = stub.state.requests[0].body["messages"][0]["content"]
    assert system.startswith("You are Riverbend's billing helper.") and "- guaranteed" in system
    assert decision.action is Action.NOTE
    assert any("says what the instructions forbid" in r for r in decision.reasons)


def test_a_model_that_finds_no_answer_leaves_the_extractive_draft_for_an_agent(agent: TriageAgent, stub: Stub) -> None:
    stub.state.script(json.dumps({"answerable": False, "sentences": []}))
    decision = agent.triage(QUESTION)
    assert decision.action is Action.NOTE  # auto -> draft: a human checks the extractive answer
    assert decision.draft is not None and "interest-free payment plan" in decision.draft
    assert any("found no answer in the passages" in r and "reply -> note" in r for r in decision.reasons)


def test_without_a_requester_name_the_greeting_has_no_slot_left(stub: Stub, tmp_path: Path, embedder: Embedder) -> None:
    stub.reset()
    allowed = llm_settings(tmp_path, stub.url, instructions={"fill_back": ["first_name"]})
    decision = make_agent(allowed, embedder, hits=[clinic_hit(PAY)]).triage(QUESTION)
    assert decision.draft is not None and decision.draft.startswith("Hello,\n") and "[FIRST_NAME]" not in decision.draft
