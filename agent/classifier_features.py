"""Text clean-up and features for the offline ticket classifier.

Guarantees: ``ticket_text`` never raises on any ``str`` (empty, huge, HTML, lone surrogates, any
language) and returns at most ``MAX_CHARS`` characters; ``Featuriser.row`` gives exactly the
non-zero entries that ``Featuriser.fit_transform`` gives the same text (the TF-IDF formula of
sklearn's ``TfidfVectorizer(sublinear_tf=True)``, whose tokenisers are used).
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
import Stemmer
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
    TfidfVectorizer,
    strip_accents_unicode,
)

from agent.casing import unshout
from knowledge.embeddings import Embedder

# Only the start of a ticket is featurised: the request is nearly always stated first, and long
# signatures, forwarded threads and pasted documents would otherwise drown it (and cost time).
MAX_CHARS = 4000
# Char n-grams (pure-Python in sklearn, ~1 µs per character) see the first 1000 characters, as
# does the mean-pooled embedding (which blurs on long text): this keeps classify() of a
# 4000-character ticket near 2 ms; word n-grams see all MAX_CHARS.
CHAR_MAX_CHARS = 1000
EMBED_MAX_CHARS = 1000
# Raw input is cut before the regexes run so a megabyte body costs no more than a long one.
_RAW_MAX_CHARS = 2 * MAX_CHARS
# Weight of the (unit-length) sentence embedding next to the two unit-length TF-IDF blocks
# (measured 0.5 / 1 / 2 on the test corpus: 1 was best, few-shot and with labelled tickets).
EMBED_WEIGHT = 1.0

_TAG = re.compile(r"<[^<>]{0,500}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Matrix = Any  # a scipy sparse matrix; scipy ships no type information
Analyzer = Callable[[str], list[str]]


def ticket_text(subject: str, body: str) -> str:
    """Subject and body as one clean text of at most ``MAX_CHARS`` characters (may be empty)."""
    parts = (_clean(subject[:_RAW_MAX_CHARS]), _clean(body[:_RAW_MAX_CHARS]))
    return " \n ".join(p for p in parts if p)[:MAX_CHARS]


def _clean(text: str) -> str:
    # Lone surrogates (from badly decoded bytes) crash tokenizers; '?' keeps the rest readable.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = html.unescape(_TAG.sub(" ", text))
    return _SPACE.sub(" ", _CONTROL.sub(" ", unshout(text))).strip()


def embed(embedder: Embedder, texts: Sequence[str]) -> FloatArray:
    """Unit-length embeddings (the ``Embedder`` contract), one row per text in order, as float64."""
    cut = [t[:EMBED_MAX_CHARS] for t in texts]
    # wordllama pads each batch to its longest text: batching similar lengths together cut the
    # time to embed the example tickets by about a third, with identical vectors.
    order = np.argsort([len(t) for t in cut], kind="stable")
    vectors = np.asarray(embedder.embed_documents([cut[i] for i in order]), dtype=np.float64)
    result = np.empty_like(vectors)
    result[order] = vectors
    return result


def _char_preprocessor(text: str) -> str:
    # A custom preprocessor replaces sklearn's lowercase + strip_accents, so it does both.
    return str(strip_accents_unicode(text[:CHAR_MAX_CHARS].lower()))


@dataclass(frozen=True, slots=True)
class _StemmedWords:
    """Word 1-2-grams over Snowball stems: "charged", "charges" and "charging" are one feature, so a word
    form that no training ticket used still counts (measured on the example clinic's three cross-validation
    splits: +4 tickets of 852 with logistic regression, +3 more with ridge). sklearn's lowercasing, accent
    stripping and tokeniser come first, so the tokens are those of ``TfidfVectorizer``."""

    preprocess: Callable[[str], str]
    tokenize: Callable[[str], list[str]]
    # A PyStemmer stemmer keeps per-call state and is not thread-safe: one per thread (the web app and the
    # worker classify from several).
    per_thread: threading.local = field(default_factory=threading.local)

    def __call__(self, text: str) -> list[str]:
        stemmer = getattr(self.per_thread, "stemmer", None)
        if stemmer is None:
            stemmer = self.per_thread.stemmer = Stemmer.Stemmer("english")
        stems: list[str] = stemmer.stemWords(self.tokenize(self.preprocess(text)))
        return stems + [f"{a} {b}" for a, b in pairwise(stems)]


def analyzers() -> tuple[Analyzer, Analyzer]:
    """Stemmed word 1-2-gram and char_wb 3-5-gram tokenisers (unfitted: they need no data)."""
    sklearn_words = TfidfVectorizer(strip_accents="unicode")
    words = _StemmedWords(sklearn_words.build_preprocessor(), sklearn_words.build_tokenizer())
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=_char_preprocessor)
    return words, chars.build_analyzer()


@dataclass(frozen=True, slots=True)
class _Counts:
    """Each text's term counts for one tokeniser, as ids into one vocabulary of all the texts.

    Counting once and sharing the ids lets every cross-validation fold fit its TF-IDF with numpy
    alone (a fold's vocabulary is the ids its texts use), instead of re-tokenising every text.
    """

    analyze: Analyzer
    vocabulary: dict[str, int]
    ids: tuple[IntArray, ...]
    counts: tuple[FloatArray, ...]

    @classmethod
    def of(cls, analyze: Analyzer, texts: Sequence[str]) -> _Counts:
        per_text = [Counter(analyze(text)) for text in texts]
        vocabulary = {term: i for i, term in enumerate(dict.fromkeys(chain.from_iterable(per_text)))}
        ids = tuple(np.fromiter(map(vocabulary.__getitem__, c), dtype=np.int64, count=len(c)) for c in per_text)
        counts = tuple(np.fromiter(c.values(), dtype=np.float64, count=len(c)) for c in per_text)
        return cls(analyze, vocabulary, ids, counts)

    def take(self, indices: IntArray) -> _Counts:
        pick = [int(i) for i in indices]
        return _Counts(
            self.analyze, self.vocabulary, tuple(self.ids[i] for i in pick), tuple(self.counts[i] for i in pick)
        )


@dataclass(frozen=True, slots=True)
class Tokens:
    """Term counts of every training text, for the word and the char tokeniser."""

    words: _Counts
    chars: _Counts

    @classmethod
    def of(cls, texts: Sequence[str]) -> Tokens:
        words, chars = analyzers()
        return cls(_Counts.of(words, texts), _Counts.of(chars, texts))

    def take(self, indices: IntArray) -> Tokens:
        return Tokens(self.words.take(indices), self.chars.take(indices))


@dataclass(frozen=True, slots=True)
class _Block:
    """One TF-IDF block: sublinear tf x smooth idf, rows l2-normalised over known terms.

    The formula is sklearn's ``TfidfVectorizer(sublinear_tf=True)``, computed here so folds reuse
    the counts and scoring one ticket skips sklearn's per-call validation (which costs more than
    the arithmetic).
    """

    analyze: Analyzer
    vocabulary: dict[str, int]  # term -> id, shared by all folds (may hold terms this block lacks)
    column_of: IntArray  # id -> column of this block, -1 for a term its texts never used
    idf: FloatArray  # per column
    offset: int  # first column of this block in the stacked feature matrix

    @classmethod
    def fit(cls, counts: _Counts, offset: int) -> tuple[_Block, Matrix]:
        """The block learnt from ``counts`` and their CSR rows."""
        # Ids are unique within a text, so how often an id occurs is its document frequency.
        present, df = np.unique(np.concatenate([np.zeros(0, np.int64), *counts.ids]), return_counts=True)
        column_of = np.full(len(counts.vocabulary), -1, dtype=np.int64)
        column_of[present] = np.arange(len(present))
        # smooth idf, as sklearn: as if one extra text held every term once
        idf = np.log((1.0 + len(counts.ids)) / (1.0 + df)) + 1.0
        block = cls(counts.analyze, counts.vocabulary, column_of, idf, offset)
        columns = [column_of[ids] for ids in counts.ids]
        values = [block.weights(c, n) for c, n in zip(columns, counts.counts, strict=True)]
        indptr = np.cumsum([0, *(len(c) for c in columns)])
        data = np.concatenate([np.zeros(0), *values]), np.concatenate([np.zeros(0, np.int64), *columns])
        return block, sparse.csr_matrix((*data, indptr), shape=(len(columns), len(present)))

    def row(self, text: str) -> tuple[IntArray, FloatArray]:
        """Stacked-matrix columns and values of ``text``; terms never seen in fitting are dropped."""
        terms = Counter(self.analyze(text))
        ids = np.fromiter((self.vocabulary.get(t, -1) for t in terms), dtype=np.int64, count=len(terms))
        counts = np.fromiter(terms.values(), dtype=np.float64, count=len(terms))
        columns = self.column_of[ids[ids >= 0]]
        counts = counts[ids >= 0]
        known = columns >= 0
        return columns[known] + self.offset, self.weights(columns[known], counts[known])

    def weights(self, columns: IntArray, counts: FloatArray) -> FloatArray:
        if len(columns) == 0:
            return np.zeros(0)
        values = (1.0 + np.log(counts)) * self.idf[columns]
        normalised: FloatArray = values / np.linalg.norm(values)
        return normalised


@dataclass(frozen=True, slots=True)
class Featuriser:
    """TF-IDF word 1-2-grams + char_wb 3-5-grams (+ optional sentence embedding), side by side.

    Char n-grams carry typos and word forms ("apointment", "refils"); word n-grams carry phrases;
    the embedding carries paraphrase ("call in more meds" ~ "refill"). Sublinear tf: a word
    repeated in a rant should not outweigh the rest of the ticket.
    """

    blocks: tuple[_Block, ...]
    lexical_width: int  # columns before the embedding block

    @classmethod
    def fit_transform(cls, tokens: Tokens, dense: FloatArray | None) -> tuple[Featuriser, Matrix]:
        """A featuriser whose vocabularies and IDF come from ``tokens`` only, and their CSR rows."""
        words, word_rows = _Block.fit(tokens.words, 0)
        chars, char_rows = _Block.fit(tokens.chars, word_rows.shape[1])
        matrices = [word_rows, char_rows]
        if dense is not None:
            matrices.append(sparse.csr_matrix(EMBED_WEIGHT * dense))
        width = word_rows.shape[1] + char_rows.shape[1]
        return cls((words, chars), width), sparse.hstack(matrices, format="csr")

    def row(self, text: str) -> tuple[IntArray, FloatArray]:
        """The lexical non-zero columns and values of ``text`` (embedding columns not included)."""
        parts = [block.row(text) for block in self.blocks]
        return np.concatenate([c for c, _ in parts]), np.concatenate([v for _, v in parts])
