"""Webhook endpoints: verify, parse, enqueue, answer 202."""
