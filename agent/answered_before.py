"""Which approved article answered tickets like this one before: a prior that re-ranks the search.

Labelled past tickets (``classifier.training_data``) may name the knowledge articles their human answer
used (``articles``, first the one that answered it). Search ranks articles by how their words and meaning
match the ticket; past tickets add what search cannot see, how patients actually ask for each article
("the code expired" is answered by the portal-login article, not the one about codes).

Each article named first by some past ticket gets a centroid: the mean of its tickets' feature vectors and
of its title, in the classifier's feature space (word and char TF-IDF, sentence embedding). A new ticket's
prior over those articles is a softmax of its cosine to each centroid. ``rerank`` adds ``weight`` x prior to
each hit's score relative to the best hit, so a confident prior reorders the top few hits and a flat one
changes nothing. Articles no past ticket names are never boosted, so the prior only ever reorders what the
search found (docs/benchmarks.md, triage: CV correct citations 131 -> 141, holdout 29 -> 37 of 60).

Guarantees: ``AnsweredBefore.learn`` returns None when no usable past ticket names an article (nothing
changes); ``prior`` never raises on any ``str`` and its values sum to 1; ``rerank`` returns the same hits,
reordered, and keeps search order among equal scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from agent.classifier_features import EMBED_WEIGHT, Featuriser, FloatArray, Matrix, Tokens, embed, ticket_text
from agent.records import TicketRecord
from carelayer.settings import HANDOFF_ONLY_CATEGORIES
from carelayer.types import SearchHit
from knowledge.embeddings import Embedder

# Softmax temperature over cosines to the centroids. Cosines of a ticket to the article centroids
# spread over ~0.1-0.3, so 0.03 makes a clear nearest article dominate; on the cross-validated example
# tickets (measured with the prototype) 0.02-0.03 gave the most correct citations, 0.04 two fewer, 0.1
# eight fewer, 0.01 seven fewer.
TEMPERATURE = 0.03


@dataclass(frozen=True, slots=True)
class AnsweredBefore:
    """Article centroids learnt from past tickets; ``articles[i]`` owns row ``i`` of both parts.

    Each centroid is unit length over its two parts together: the lexical columns (kept column-wise, so a
    ticket's score reads only the columns its own terms use) and the embedding columns (dense).
    """

    articles: tuple[str, ...]
    featuriser: Featuriser
    lexical: Matrix  # CSC, articles x lexical columns
    dense: FloatArray  # articles x embedding dimensions (no columns without an embedder)
    embedder: Embedder | None

    @classmethod
    def learn(
        cls, records: Sequence[TicketRecord], titles: Mapping[str, str], embedder: Embedder | None
    ) -> AnsweredBefore | None:
        """Centroids of the articles past tickets were answered with; None when no ticket names one.

        Clinical and emergency tickets are left out: they are never drafted, so what answered them says
        nothing about a draft. ``titles`` (article id -> title) adds each article's title to its centroid;
        an article without a known title is learnt from its tickets alone.
        """
        pairs = [
            (ticket_text(r.ticket.subject, r.ticket.body), r.articles[0])
            for r in records
            if r.articles and r.category not in HANDOFF_ONLY_CATEGORIES
        ]
        if not pairs:
            return None
        articles = tuple(sorted({article for _, article in pairs}))
        pairs += [(ticket_text(titles[a], ""), a) for a in articles if titles.get(a, "").strip()]
        texts = [text for text, _ in pairs]
        with threadpool_limits(limits=1, user_api="blas"):  # small matrices: see classifier.train
            embedded = embed(embedder, texts) if embedder is not None else None
            featuriser, rows = Featuriser.fit_transform(Tokens.of(texts), embedded)
        owner = {article: i for i, article in enumerate(articles)}
        membership = sparse.csr_matrix(
            (np.ones(len(pairs)), ([owner[a] for _, a in pairs], np.arange(len(pairs)))),
            shape=(len(articles), len(pairs)),
        )
        # The mean's direction is the sum's: normalising the sum gives the unit-length centroid.
        centroids = sparse.csr_matrix(normalize(membership @ rows, norm="l2", axis=1, copy=False))
        width = featuriser.lexical_width
        lexical, dense = centroids[:, :width].tocsc(), centroids[:, width:].toarray()
        return cls(articles, featuriser, lexical, np.asarray(dense, dtype=np.float64), embedder)

    def prior(self, text: str) -> dict[str, float]:
        """Probability of each learnt article being the one that answers ``text`` (sums to 1)."""
        cosines = self._cosines(ticket_text(text, ""))
        weights = np.exp((cosines - cosines.max()) / TEMPERATURE)
        return dict(zip(self.articles, (weights / weights.sum()).tolist(), strict=True))

    def _cosines(self, text: str) -> FloatArray:
        columns, values = self.featuriser.row(text)
        # Only the columns this ticket uses: the cost follows the ticket's length, not the vocabulary's.
        scores: FloatArray = np.asarray(self.lexical[:, columns] @ values, dtype=np.float64).ravel()
        norm_squared = float(values @ values)
        if self.embedder is not None:
            vector = EMBED_WEIGHT * embed(self.embedder, [text])[0]
            scores = scores + self.dense @ vector
            norm_squared += float(vector @ vector)
        return scores / np.sqrt(norm_squared) if norm_squared > 0 else scores


def rerank(hits: Sequence[SearchHit], prior: Mapping[str, float], weight: float) -> list[SearchHit]:
    """``hits`` ordered by score / best score + ``weight`` x prior of their article (stable)."""
    if not hits or weight <= 0 or not prior:
        return list(hits)
    best = max(hit.score for hit in hits)

    def boosted(hit: SearchHit) -> float:
        relative = hit.score / best if best > 0 else 0.0
        return relative + weight * prior.get(hit.article_id, 0.0)

    return sorted(hits, key=boosted, reverse=True)
