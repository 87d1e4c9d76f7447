"""`carelayer purge` (the retention setting) and `carelayer rotate-keys` (re-seal stored decisions)."""

from __future__ import annotations

import argparse

from rich.console import Console

from carelayer.backends import open_state_store, purge
from carelayer.errors import InputError
from carelayer.settings import Settings


def run_purge(settings: Settings, args: argparse.Namespace, out: Console) -> int:
    """Delete activity, ledger entries and done jobs older than the retention; the audit log stays."""
    days = args.days or settings.file.state.retention_days
    if days is None:
        raise InputError("no retention: set state.retention_days in config.yaml or pass --days N")
    counts = purge(settings, days=days)
    out.print(f"purged older than {days} days: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


def run_rotate_keys(settings: Settings, out: Console) -> int:
    """Re-seal every stored decision with the first key of ``state.encryption_keys_env``."""
    name = settings.file.state.encryption_keys_env
    if not settings.secret(name):
        raise InputError(f"no encryption keys: set ${name} to Fernet keys, the new one first")
    out.print(f"re-sealed {open_state_store(settings).rotate_keys()} stored decisions with the first key")
    return 0
