"""The pipeline: redact, classify, safety screen, policy, retrieve, compose, guardrails, decision."""
