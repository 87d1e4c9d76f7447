"""Versioned schema migrations for the PostgreSQL state store (``postgresql.py``), applied in order."""
