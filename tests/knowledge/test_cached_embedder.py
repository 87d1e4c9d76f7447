"""CachedEmbedder: the composer's sentence vectors are computed once, in any order, from any thread."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from knowledge.embeddings import CachedEmbedder, Embedder, Vectors


class _Counting:
    """A real embedder wrapped to count which texts it was asked to embed (a stateful fake of the inner model)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.dim = inner, inner.dim
        self.asked: list[str] = []
        self.lock = threading.Lock()

    @property
    def signature(self) -> str:
        return self.inner.signature

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        with self.lock:
            self.asked.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> Vectors:
        return self.inner.embed_query(text)


SENTENCES = ["Refills take two business days.", "Parking is free in garage B.", "Bring your insurance card."]


def test_vectors_equal_the_models_and_each_text_is_embedded_once(embedder: Embedder) -> None:
    counting = _Counting(embedder)
    cached = CachedEmbedder(counting)
    first = cached.embed_documents([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    again = cached.embed_documents([SENTENCES[1], SENTENCES[2], SENTENCES[0]])
    assert counting.asked == [SENTENCES[0], SENTENCES[1], SENTENCES[2]]  # duplicates and repeats not re-embedded
    np.testing.assert_allclose(first, embedder.embed_documents([SENTENCES[0], SENTENCES[1], SENTENCES[0]]), atol=1e-6)
    np.testing.assert_allclose(again, embedder.embed_documents([SENTENCES[1], SENTENCES[2], SENTENCES[0]]), atol=1e-6)
    assert cached.embed_documents([]).shape == (0, embedder.dim)
    assert cached.signature == embedder.signature


def test_the_least_recently_used_text_is_forgotten_first(embedder: Embedder) -> None:
    counting = _Counting(embedder)
    cached = CachedEmbedder(counting, max_texts=2)
    cached.embed_documents(SENTENCES[:2])
    cached.embed_documents([SENTENCES[0]])  # used again: now the most recent
    cached.embed_documents([SENTENCES[2]])  # evicts SENTENCES[1]
    counting.asked.clear()
    cached.embed_documents([SENTENCES[0], SENTENCES[2], SENTENCES[1]])
    assert counting.asked == [SENTENCES[1]]


def test_threads_sharing_it_get_right_vectors(embedder: Embedder) -> None:
    cached = CachedEmbedder(embedder, max_texts=3)
    texts = [f"sentence number {i} about visiting hours" for i in range(12)]
    expected = embedder.embed_documents(texts)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for round_ in range(20):
                i = (offset + round_) % len(texts)
                np.testing.assert_allclose(cached.embed_documents([texts[i]])[0], expected[i], atol=1e-6)
        except BaseException as error:  # collected: an assertion in a thread would be lost otherwise
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
