"""Freshdesk behind the helpdesk contract (README.md)."""
