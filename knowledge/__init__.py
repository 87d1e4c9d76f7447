"""Approved knowledge: sources, chunking, embeddings, the hybrid index and incremental sync.

Imports ``carelayer`` only; never ``agent``, ``connectors``' vendor folders or ``app``.
"""
