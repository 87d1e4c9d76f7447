"""`carelayer zendesk setup`: the webhook and triggers a Zendesk admin needs, printed or created."""

from __future__ import annotations

import argparse

from rich.console import Console

from carelayer.errors import ConfigError, InputError
from carelayer.settings import Settings
from connectors.registry import build_helpdesk
from connectors.zendesk.connector import ZendeskHelpdesk
from connectors.zendesk.setup import create_triggers, describe, trigger_definitions

WEBHOOK_ID_PLACEHOLDER = "<webhook id>"


def run_zendesk_setup(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    config = settings.helpdesk(args.helpdesk)
    if config.kind != "zendesk" or not config.url or not config.email:
        raise ConfigError(f"helpdesk {config.name!r} is not a Zendesk helpdesk", location="helpdesks")
    endpoint = args.endpoint.rstrip("/") + f"/webhooks/{config.name}"
    webhook_id = args.webhook_id or WEBHOOK_ID_PLACEHOLDER
    if not args.apply:
        out.print(describe(endpoint, webhook_id, settings.file.tag_prefix), highlight=False)
        return 0
    if not args.webhook_id:
        raise InputError("--apply needs --webhook-id: create the webhook in Admin Center first (see README)")
    helpdesk = build_helpdesk(config, settings.secrets, marker_tag=settings.file.tag_prefix)
    if not isinstance(helpdesk, ZendeskHelpdesk):
        raise ConfigError(f"helpdesk {config.name!r} is not a Zendesk helpdesk", location="helpdesks")
    ids = create_triggers(helpdesk.client, trigger_definitions(args.webhook_id, settings.file.tag_prefix))
    out.print(f"created triggers {', '.join(ids)} notifying webhook {args.webhook_id}", highlight=False)
    return 0
