"""Typed settings of the helpdesks carelayer sits on (sandbox, Zendesk, Jira Service Management,
Freshdesk). Re-exported by ``carelayer.settings``; secrets are named by environment variable, never given."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from carelayer.settings_base import Strict as _Strict


class JsmSettings(_Strict):
    """Jira Service Management specifics (``helpdesks[].jsm``); see README "Connect Jira Service Management".

    ``route_by``: what a handoff group names: a request type of ``service_desk_id`` (default), a customer
    organisation, or a group in the single-group picker field ``route_field`` (a ``customfield_NNNNN`` id).
    ``priorities`` maps carelayer's priority words to Jira priority names; ``transitions`` maps a status
    word (``set_status``) to the name of the workflow transition that reaches it (default: the same name).
    """

    service_desk_id: str = Field(pattern=r"^[0-9]+$")
    route_by: Literal["request_type", "organization", "group_field"] = "request_type"
    route_field: str | None = Field(default=None, pattern=r"^customfield_[0-9]+$")
    priorities: dict[str, str] = Field(
        default_factory=lambda: {"urgent": "Highest", "high": "High", "normal": "Medium", "low": "Low"}
    )
    transitions: dict[str, str] = Field(default_factory=dict)


# Per-kind defaults of the secret variable names, applied when config.yaml names none.
# The custom header that senders which cannot sign (Freshdesk automation rules' "Trigger webhook", Jira
# automation's "Send web request") send with a shared secret; the connectors' default too.
DEFAULT_WEBHOOK_HEADER = "X-Carelayer-Webhook-Secret"
_KIND_SECRET_ENVS = {
    "jsm": ("JSM_API_TOKEN", "JSM_WEBHOOK_SECRET"),
    "freshdesk": ("FRESHDESK_API_KEY", "FRESHDESK_WEBHOOK_SECRET"),  # token_env names the API key
}


class HelpdeskSettings(_Strict):
    """One helpdesk carelayer sits on. Secrets are named here by environment variable, never given.

    ``sandbox`` is a local helpdesk in SQLite (``path``, default ``<data_dir>/sandbox.sqlite3``);
    ``zendesk`` needs ``url`` (``https://<subdomain>.zendesk.com``, or a local server in tests) and
    ``email`` of the API user; its token and webhook signing secret come from the environment.
    ``freshdesk`` needs ``url``; ``token_env`` names its API key (``FRESHDESK_API_KEY``).
    """

    name: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    kind: Literal["sandbox", "zendesk", "jsm", "freshdesk"]
    url: str | None = None
    email: str | None = None
    path: Path | None = None
    token_env: str = "ZENDESK_API_TOKEN"
    webhook_secret_env: str = "ZENDESK_WEBHOOK_SECRET"
    webhook_tolerance_seconds: int = Field(default=300, ge=10, le=3600)
    bot_user_id: str | None = None  # the API user's id: events it caused are ours (loop guard)
    set_status: str | None = None  # e.g. "open" after a handoff; None leaves status alone
    timeout_seconds: float = Field(default=10, gt=0, le=120)
    max_retries: int = Field(default=5, ge=0, le=20)
    max_retry_wait_seconds: float = Field(default=60, gt=0)
    jsm: JsmSettings | None = None  # kind jsm only
    webhook_header: str = DEFAULT_WEBHOOK_HEADER  # freshdesk, jsm automation: the header carrying the secret
    # jsm only: accept deliveries with neither signature nor secret header (the endpoint must then be reachable
    # only through a proxy that restricts callers); without it a missing secret is a configuration error.
    allow_unsigned_webhooks: bool = False
    group_ids: dict[str, Annotated[int, Field(gt=0)]] = Field(default_factory=dict)  # freshdesk: name -> id

    @model_validator(mode="before")
    @classmethod
    def _kind_secret_envs(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("kind") in _KIND_SECRET_ENVS:
            token_env, secret_env = _KIND_SECRET_ENVS[data["kind"]]
            data = {"token_env": token_env, "webhook_secret_env": secret_env, **data}
        return data

    @model_validator(mode="after")
    def _needs_url(self) -> HelpdeskSettings:
        if self.kind == "zendesk" and not (self.url and self.email):
            raise ValueError(f"helpdesk {self.name!r} (zendesk) needs url and email")
        if self.kind == "jsm" and not (self.url and self.email and self.jsm):
            raise ValueError(f"helpdesk {self.name!r} (jsm) needs url, email and jsm.service_desk_id")
        if self.kind == "freshdesk" and not self.url:
            raise ValueError(f"helpdesk {self.name!r} (freshdesk) needs url (https://<account>.freshdesk.com)")
        return self
