"""The sandbox helpdesk: local, in SQLite, no account needed (demo, tests, trying carelayer out)."""

from connectors.sandbox.connector import SandboxHelpdesk, TicketSnapshot
from connectors.sandbox.webhook import SIGNATURE_HEADER, SandboxWebhook, encode_event, sign

__all__ = ["SIGNATURE_HEADER", "SandboxHelpdesk", "SandboxWebhook", "TicketSnapshot", "encode_event", "sign"]
