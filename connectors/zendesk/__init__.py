"""Zendesk Support: HTTP client, pure mapping, the ``Helpdesk`` connector and the webhook adapter (see README.md)."""
