"""Typed settings of an optional language model (``llm:``; README "Using a language model").
Re-exported by ``carelayer.settings``; API keys only from the environment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from carelayer.settings_base import Strict as _Strict


class LlmInstructions(_Strict):
    """The admin's plain-language instructions to the LLM composer (the console may override them).

    ``fill_back``: redaction placeholders that may be filled back into the reply after the model
    answered; ``first_name`` puts the requester's first name in the greeting. The model never sees it.
    """

    persona: str = "You answer patients on behalf of the clinic's patient support team."
    tone: str = "warm, plain and brief"
    never_say: tuple[str, ...] = ()
    fill_back: tuple[Literal["first_name"], ...] = ()


# Where each provider's API key is read from when ``api_key_env`` is not set (None: no key needed).
LLM_KEY_ENVS: dict[str, str | None] = {
    "openai": "OPENAI_API_KEY",
    "openai_compatible": None,
    "azure_openai": "AZURE_OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "ollama": None,
}


class LlmSettings(_Strict):
    """A language model behind LangChain; nothing is contacted unless this section is configured.

    ``base_url``: the server of ``openai_compatible`` (vLLM, LM Studio ...), the Azure endpoint of
    ``azure_openai`` (``model`` is then the deployment name), or the Ollama server. ``timeout`` is in
    seconds. The API key comes from the environment variable named by ``api_key_env``.
    """

    provider: Literal["openai", "openai_compatible", "azure_openai", "anthropic", "ollama"]
    model: str = Field(min_length=1)
    base_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    api_version: str = "2024-10-21"  # azure_openai only
    api_key_env: str | None = None
    temperature: float = Field(default=0.0, ge=0, le=2)
    timeout: float = Field(default=30, gt=0, le=600)
    max_tokens: int = Field(default=800, ge=16, le=32_000)
    max_retries: int = Field(default=1, ge=0, le=10)
    compose: bool = True  # the LLM composer replaces the extractive one
    classify: bool = False  # the LLM classifier replaces the offline one
    max_confidence: float = Field(default=0.85, gt=0, le=1)  # LLM classifier cap without calibration
    calibration_tickets: int = Field(default=0, ge=0, le=2000)  # labelled tickets used to fit Platt scaling
    instructions: LlmInstructions = LlmInstructions()

    @model_validator(mode="after")
    def _needs_base_url(self) -> LlmSettings:
        if self.provider in ("openai_compatible", "azure_openai") and not self.base_url:
            raise ValueError(f"llm.provider {self.provider} needs llm.base_url")
        return self

    @property
    def key_env(self) -> str | None:
        """The environment variable holding the API key, or None when the provider needs none."""
        return self.api_key_env or LLM_KEY_ENVS[self.provider]
