"""Jira Service Management connector (see README.md)."""
