"""Which connector serves which helpdesk kind: built explicitly from typed settings and the secrets mapping.

Vendor folders are imported only when their kind is asked for, so a missing optional vendor package never
breaks the sandbox. A secret that is needed but absent is a ``ConfigError`` naming the variable to set.
"""

from __future__ import annotations

from collections.abc import Mapping

from carelayer.errors import ConfigError
from carelayer.settings import HelpdeskSettings
from connectors.base import Helpdesk, WebhookAdapter
from connectors.sandbox.connector import SandboxHelpdesk
from connectors.sandbox.webhook import SandboxWebhook

KINDS = ("sandbox", "zendesk", "jsm", "freshdesk")


def build_helpdesk(settings: HelpdeskSettings, secrets: Mapping[str, str], *, marker_tag: str) -> Helpdesk:
    """The connector for ``settings.kind``; ConfigError when a setting or secret it needs is missing."""
    if settings.kind == "sandbox":
        if settings.path is None:  # load_settings always resolves it; a hand-built setting may not
            raise ConfigError(f"helpdesk {settings.name!r} (sandbox) needs a path")
        return SandboxHelpdesk(settings.path, marker_tag=marker_tag, name=settings.name)
    if settings.kind == "zendesk":
        token = _required_secret(settings, secrets, settings.token_env, "its API token")
        from connectors.zendesk.connector import ZendeskHelpdesk

        helpdesk: Helpdesk = ZendeskHelpdesk(settings, token, marker_tag=marker_tag)
        return helpdesk
    if settings.kind == "jsm":
        from connectors.jsm.connector import JsmHelpdesk

        token = _required_secret(settings, secrets, settings.token_env, "the agent's API token")
        return JsmHelpdesk(settings, token, marker_tag=marker_tag)
    if settings.kind == "freshdesk":
        from connectors.freshdesk.connector import FreshdeskHelpdesk

        api_key = _required_secret(settings, secrets, settings.token_env, "the API key of its agent")
        return FreshdeskHelpdesk(settings, api_key, marker_tag=marker_tag)
    raise _unknown_kind(settings)


def build_webhook_adapter(settings: HelpdeskSettings, secrets: Mapping[str, str]) -> WebhookAdapter:
    """The webhook adapter for ``settings.kind``; a sandbox without a secret accepts unsigned deliveries."""
    if settings.kind == "sandbox":
        return SandboxWebhook(secrets.get(settings.webhook_secret_env) or None, name=settings.name)
    if settings.kind == "zendesk":
        secret = _required_secret(settings, secrets, settings.webhook_secret_env, "its webhook signing secret")
        from connectors.zendesk.webhook import ZendeskWebhook

        adapter: WebhookAdapter = ZendeskWebhook(
            secret,
            tolerance_seconds=settings.webhook_tolerance_seconds,
            bot_user_id=settings.bot_user_id,
            name=settings.name,
        )
        return adapter
    if settings.kind == "jsm":
        from connectors.jsm.webhook import JsmWebhook

        optional = secrets.get(settings.webhook_secret_env) or None
        if optional is None and not settings.allow_unsigned_webhooks:
            raise ConfigError(
                f"helpdesk {settings.name!r} (jsm) needs its webhook secret in the environment variable "
                f"{settings.webhook_secret_env} (the admin webhook's Secret, or the value the automation rule "
                f"sends in {settings.webhook_header}); to accept unsigned deliveries behind a proxy that restricts "
                "callers, set allow_unsigned_webhooks: true"
            )
        return JsmWebhook(
            optional, header=settings.webhook_header, bot_account_id=settings.bot_user_id, name=settings.name
        )
    if settings.kind == "freshdesk":
        from connectors.freshdesk.webhook import FreshdeskWebhook

        secret = _required_secret(settings, secrets, settings.webhook_secret_env, "its webhook shared secret")
        return FreshdeskWebhook(
            secret, header=settings.webhook_header, bot_user_id=settings.bot_user_id, name=settings.name
        )
    raise _unknown_kind(settings)


def _required_secret(settings: HelpdeskSettings, secrets: Mapping[str, str], env: str, what: str) -> str:
    value = secrets.get(env)
    if not value:
        raise ConfigError(
            f"helpdesk {settings.name!r} ({settings.kind}) needs {what} in the environment variable {env} "
            "(set it in the environment or in .env)"
        )
    return value


def _unknown_kind(settings: HelpdeskSettings) -> ConfigError:
    return ConfigError(f"helpdesk {settings.name!r}: unknown kind {settings.kind!r} (known: {', '.join(KINDS)})")
