"""`carelayer zendesk setup` (the webhook and triggers a Zendesk admin needs, printed or created) and
`carelayer zendesk app-package` (the sidebar app's zip for upload)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from rich.console import Console

from app.zendesk_app_package import build_package
from carelayer.errors import ConfigError, InputError
from carelayer.settings import Settings
from connectors.registry import build_helpdesk
from connectors.zendesk.connector import ZendeskHelpdesk
from connectors.zendesk.setup import create_triggers, describe, trigger_definitions

WEBHOOK_ID_PLACEHOLDER = "<webhook id>"
DEFAULT_PACKAGE = "carelayer-zendesk-app.zip"


def run_zendesk(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    if args.zendesk_command == "app-package":
        return run_app_package(settings, args, out)
    return run_zendesk_setup(settings, args, out)


def app_source() -> Path:
    """The shipped zendesk_app/ folder: the installed package's, else the one beside app/ in a checkout
    (an editable install made before zendesk_app/ existed does not map it as a package)."""
    spec = importlib.util.find_spec("zendesk_app")
    if spec is not None and spec.origin:
        return Path(spec.origin).parent
    return Path(__file__).resolve().parents[1] / "zendesk_app"


def run_app_package(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    """Validate the sidebar app and write its zip; says what to do next (the secret is never in it)."""
    output = Path(args.output or DEFAULT_PACKAGE)
    source = Path(args.source) if args.source else app_source()
    files = build_package(source, output, carelayer_url=args.url)
    secret_env = settings.file.zendesk_app.secret_env
    present = "set" if settings.secret(secret_env) else "NOT set yet"
    out.print(
        f"wrote {output} ({len(files)} files) for {args.url}\n"
        "upload it in Admin Center > Apps and integrations > Zendesk Support apps > Upload private app;\n"
        f"set its shared secret to the value of ${secret_env} on the carelayer server ({present} here).",
        highlight=False,
    )
    return 0


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
