"""Helpdesk connectors: a vendor-neutral contract and one folder per helpdesk."""
