"""Language models through LangChain: a chat model built from ``llm:`` settings, and one measured call.

Nothing here is imported or contacted unless ``llm:`` is configured: each provider's LangChain package
is imported only when its provider is chosen, and a missing package is a ``ConfigError`` naming the
extra to install (``pip install 'carelayer[openai]'``).

Every request goes through ``ChatModel.ask``, whose only ticket-derived input is a ``RedactedText``:
text that has been through ``carelayer.redact`` (the type can only be made by redacting).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from agent.llm_prompts import Prompt
from carelayer.errors import ConfigError, ModelError
from carelayer.settings import LlmSettings, Settings
from carelayer.types import LlmCall

# provider -> (module, class, pip extra)
_PROVIDERS = {
    "openai": ("langchain_openai", "ChatOpenAI", "openai"),
    "openai_compatible": ("langchain_openai", "ChatOpenAI", "openai"),
    "azure_openai": ("langchain_openai", "AzureChatOpenAI", "openai"),
    "anthropic": ("langchain_anthropic", "ChatAnthropic", "anthropic"),
    "ollama": ("langchain_ollama", "ChatOllama", "ollama"),
}
# Local OpenAI-compatible servers (vLLM, LM Studio) accept any key, but the OpenAI client insists on one.
_NO_KEY = "not-needed"


@dataclass(frozen=True, slots=True)
class ModelReply:
    text: str
    call: LlmCall


class ModelCallError(ModelError):
    """The call failed (timeout, provider error); ``call`` records what it cost."""

    def __init__(self, message: str, call: LlmCall) -> None:
        self.call = call
        super().__init__(message)


class ChatModel:
    """A LangChain chat model with its provider name, measured per call (tokens, seconds, outcome)."""

    def __init__(
        self, settings: LlmSettings, model: BaseChatModel, *, clock: Callable[[], float] = time.perf_counter
    ) -> None:
        self.settings = settings
        self._model = model
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatModel:
        """The configured model; ConfigError if ``llm:`` is missing, its package or its API key."""
        llm = settings.file.llm
        if llm is None:
            raise ConfigError("no language model configured", location="llm")
        return cls(llm, build_chat_model(llm, settings.secret))

    def ask(self, prompt: Prompt, *, purpose: str) -> ModelReply:
        """The model's text answer to ``prompt``; raises ``ModelCallError`` (with the cost) on failure."""
        messages: list[BaseMessage] = [SystemMessage(prompt.system), HumanMessage(prompt.user)]
        started = self._clock()
        try:
            message = self._model.invoke(messages)
        except Exception as error:  # providers raise their own trees (openai, anthropic, httpx ...)
            outcome = "timeout" if "timeout" in type(error).__name__.lower() else "error"
            call = self._call(purpose, started, outcome)
            raise ModelCallError(f"{outcome}: {_describe(error)}", call) from error
        usage = getattr(message, "usage_metadata", None) or {}
        call = self._call(purpose, started, "ok", usage.get("input_tokens"), usage.get("output_tokens"))
        return ModelReply(message.text, call)

    def _call(
        self, purpose: str, started: float, outcome: str, tokens_in: int | None = None, tokens_out: int | None = None
    ) -> LlmCall:
        return LlmCall(
            purpose=purpose,
            provider=self.settings.provider,
            model=self.settings.model,
            seconds=max(0.0, self._clock() - started),
            outcome=outcome,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
        )


def _describe(error: BaseException) -> str:
    """The error's type and HTTP status, found on it or on what it wraps (never its message: it may quote input)."""
    seen: BaseException | None = error
    while seen is not None:
        status = getattr(seen, "status_code", None)
        if isinstance(status, int):
            return f"{type(error).__name__} (HTTP {status})"
        seen = seen.__cause__ or seen.__context__
    return type(error).__name__


def build_chat_model(llm: LlmSettings, secret: Callable[[str], str | None]) -> BaseChatModel:
    """The LangChain chat model ``llm`` describes. Contacts nothing (clients connect on first call).

    Raises ConfigError naming the pip extra when the provider's package is missing, and the
    environment variable when a required API key is not set.
    """
    module_name, class_name, extra = _PROVIDERS[llm.provider]
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ConfigError(
            f"provider {llm.provider} needs the {module_name} package: pip install 'carelayer[{extra}]'",
            location="llm.provider",
        ) from error
    model_class: type[BaseChatModel] = getattr(module, class_name)
    return model_class(**_options(llm, _api_key(llm, secret)))


def _api_key(llm: LlmSettings, secret: Callable[[str], str | None]) -> str | None:
    name = llm.key_env
    if name is None:
        return None
    value = secret(name)
    if value:
        return value
    if llm.api_key_env is None and llm.provider in ("openai_compatible", "ollama"):
        return None
    raise ConfigError(f"the API key is read from ${name}, which is not set", location="llm.api_key_env")


def _options(llm: LlmSettings, key: str | None) -> dict[str, Any]:
    """Constructor keywords per provider (each names timeout, length and retries differently)."""
    common: dict[str, Any] = {"temperature": llm.temperature}
    if llm.provider in ("openai", "openai_compatible"):
        return {
            **common,
            "model": llm.model,
            "api_key": key or _NO_KEY,
            "base_url": llm.base_url,
            "timeout": llm.timeout,
            "max_tokens": llm.max_tokens,
            "max_retries": llm.max_retries,
        }
    if llm.provider == "azure_openai":
        return {
            **common,
            "azure_deployment": llm.model,
            "azure_endpoint": llm.base_url,
            "api_version": llm.api_version,
            "api_key": key,
            "timeout": llm.timeout,
            "max_tokens": llm.max_tokens,
            "max_retries": llm.max_retries,
        }
    if llm.provider == "anthropic":
        options = {
            **common,
            "model": llm.model,
            "api_key": key,
            "default_request_timeout": llm.timeout,
            "max_tokens": llm.max_tokens,
            "max_retries": llm.max_retries,
        }
        return {**options, "base_url": llm.base_url} if llm.base_url else options
    # ollama: httpx client options carry the timeout; num_predict caps the answer's length
    return {
        **common,
        "model": llm.model,
        "base_url": llm.base_url,
        "num_predict": llm.max_tokens,
        "client_kwargs": {"timeout": llm.timeout},
    }
