"""``llm:`` settings: validation, one chat model per provider, clear errors for a missing extra or key,
and the wiring in build_agent (nothing contacted unless configured)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from langchain_anthropic import ChatAnthropic
from langchain_ollama import ChatOllama
from langchain_openai import AzureChatOpenAI, ChatOpenAI

from agent.build import build_agent
from agent.live import LiveAgent
from agent.llm import build_chat_model
from carelayer.console_store import INSTRUCTIONS, ConsoleStore
from carelayer.errors import ConfigError
from carelayer.settings import LlmSettings, load_settings
from carelayer.types import Action, Ticket
from knowledge.embeddings import Embedder
from tests.agent.llm_harness import FixedRetriever, Stub, clinic_hit, llm_settings, serve_stub
from tests.clinic_config import write_clinic_config


@pytest.fixture(scope="module")
def stub() -> Iterator[Stub]:
    yield from serve_stub()


def _env(values: dict[str, str]) -> Callable[[str], str | None]:
    def lookup(name: str) -> str | None:
        return values.get(name)

    return lookup


@pytest.mark.parametrize(
    ("options", "env", "expected"),
    [
        ({"provider": "openai", "model": "gpt-4o-mini"}, {"OPENAI_API_KEY": "k"}, ChatOpenAI),
        ({"provider": "openai_compatible", "model": "m", "base_url": "http://127.0.0.1:9/v1"}, {}, ChatOpenAI),
        (
            {"provider": "azure_openai", "model": "deploy", "base_url": "https://x.openai.azure.com"},
            {"AZURE_OPENAI_API_KEY": "k"},
            AzureChatOpenAI,
        ),
        ({"provider": "anthropic", "model": "claude-x"}, {"ANTHROPIC_API_KEY": "k"}, ChatAnthropic),
        ({"provider": "ollama", "model": "llama3.2", "base_url": "http://127.0.0.1:9"}, {}, ChatOllama),
    ],
)
def test_each_provider_builds_its_langchain_model_without_contacting_it(
    options: dict[str, str], env: dict[str, str], expected: type
) -> None:
    model = build_chat_model(LlmSettings.model_validate({**options, "timeout": 7, "max_tokens": 300}), _env(env))
    assert isinstance(model, expected)


def test_a_missing_api_key_names_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"\$OPENAI_API_KEY, which is not set") as caught:
        build_chat_model(LlmSettings(provider="openai", model="gpt-4o-mini"), _env({}))
    assert caught.value.location == "llm.api_key_env"
    custom = LlmSettings(provider="openai_compatible", model="m", base_url="http://h/v1", api_key_env="VLLM_KEY")
    with pytest.raises(ConfigError, match=r"\$VLLM_KEY"):
        build_chat_model(custom, _env({}))


@pytest.mark.parametrize(
    ("provider", "module", "extra"),
    [
        ("anthropic", "langchain_anthropic", "anthropic"),
        ("ollama", "langchain_ollama", "ollama"),
        ("openai", "langchain_openai", "openai"),
    ],
)
def test_a_missing_provider_package_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, provider: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what Python does when the package is not installed
    with pytest.raises(ConfigError, match=rf"pip install 'carelayer\[{extra}\]'"):
        build_chat_model(
            LlmSettings.model_validate({"provider": provider, "model": "m"}),
            _env({"OPENAI_API_KEY": "k", "ANTHROPIC_API_KEY": "k"}),
        )


def test_config_errors_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"llm: Value error, llm.provider openai_compatible needs llm.base_url"):
        llm_settings(tmp_path, "http://unused", base_url=None)
    with pytest.raises(ConfigError, match=r"llm.instructions.fill_back\[0\]: Input should be 'first_name'"):
        llm_settings(tmp_path, "http://unused", instructions={"fill_back": ["date_of_birth"]})
    with pytest.raises(ConfigError, match=r"llm.api_key: unknown key"):
        llm_settings(tmp_path, "http://unused", api_key="sk-secret-in-config")


def test_build_agent_uses_the_model_only_when_configured(stub: Stub, tmp_path: Path, embedder: Embedder) -> None:
    stub.reset()
    ticket = Ticket(id="t-1", subject="payment plan", body="Can I pay my bill in monthly payments?")
    retriever = FixedRetriever([clinic_hit("payment-options.md")])
    settings = llm_settings(tmp_path, stub.url)
    offline = settings.file.model_copy(update={"llm": None})
    plain = build_agent(
        type(settings)(settings.config_path, offline, settings.secrets), retriever=retriever, embedder=embedder
    )
    decision = plain.triage(ticket)
    assert decision.llm == () and "llm" not in decision.to_dict() and stub.state.requests == []
    with_model = build_agent(settings, retriever=retriever, embedder=embedder)
    decision = with_model.triage(ticket)
    assert [c.purpose for c in decision.llm] == ["compose"] and len(stub.state.requests) == 1
    assert decision.category == "billing" and decision.action in (Action.REPLY, Action.NOTE)


def test_build_agent_calibrates_the_llm_classifier_on_labelled_tickets(
    stub: Stub, tmp_path: Path, embedder: Embedder
) -> None:
    stub.reset()
    settings = llm_settings(tmp_path, stub.url, classify=True, compose=False, calibration_tickets=6)
    agent = build_agent(settings, retriever=FixedRetriever([clinic_hit("payment-options.md")]), embedder=embedder)
    assert len(stub.state.requests) == 6  # the first six labelled tickets of the example clinic
    decision = agent.triage(Ticket(id="t-1", subject="payment plan", body="Can I pay my bill in monthly payments?"))
    assert [(c.purpose, c.outcome) for c in decision.llm] == [("classify", "ok")]
    assert len(stub.state.requests) == 7


def test_the_live_agent_uses_the_model_with_the_console_instructions(
    stub: Stub, tmp_path: Path, embedder: Embedder
) -> None:
    stub.reset()
    settings = llm_settings(tmp_path, stub.url, instructions={"persona": "From config.", "never_say": ["refund"]})
    store = ConsoleStore(tmp_path / "state.sqlite3")
    retriever = FixedRetriever([clinic_hit("payment-options.md")])
    agent = LiveAgent(settings, store=store, retriever=retriever, embedder=embedder, training=[])
    ticket = Ticket(id="t-1", subject="payment plan", body="Can I pay my bill in monthly payments?")
    assert [c.purpose for c in agent.triage(ticket).llm] == ["compose"]
    assert stub.state.requests[-1].body["messages"][0]["content"].startswith("From config.")
    values = {"persona": "From the console.", "tone": "", "never_say": []}
    store.set_override(INSTRUCTIONS, "composer", values, actor="admin", at=datetime(2026, 11, 28, tzinfo=UTC))
    agent.triage(ticket)
    system = stub.state.requests[-1].body["messages"][0]["content"]
    assert system.startswith("From the console.") and "- refund" in system  # unset fields keep the config's


def test_the_live_agent_hands_a_language_the_screen_cannot_read_to_the_nurses(
    tmp_path: Path, embedder: Embedder
) -> None:
    """The worker's agent (rebuilt from console overrides) applies the language gate too."""
    settings = load_settings(write_clinic_config(tmp_path), environ={})
    store = ConsoleStore(tmp_path / "state.sqlite3")
    agent = LiveAgent(
        settings,
        store=store,
        retriever=FixedRetriever([clinic_hit("payment-options.md")]),
        embedder=embedder,
        training=[],
    )
    body = "Mein Sohn hat seit zwei Tagen einen roten Ausschlag am Arm, was sollen wir tun?"
    decision = agent.triage(Ticket(id="t-de", subject="Hilfe", body=body))
    assert decision.action is Action.HANDOFF and decision.draft is None
    assert decision.group == "Nurse Triage" and "carelayer_lang_de" in decision.tags
