"""Pairwise precision, recall and F1 of a clustering against the truth.

A pair of records is a true pair when both belong to the same true person and
a predicted pair when the registry put both in the same person. Pairs are
counted from cluster sizes (n choose 2 over the truth x prediction contingency
table), so a million records cost a million steps, not 10^12."""

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int  # predicted pairs that are true pairs

    @property
    def precision(self) -> float:
        # Predicting no pairs at all makes no false merge.
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(sizes) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pair_scores(
    truth: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]
) -> PairScores:
    """`truth` and `predicted` map the same records to a true and a predicted cluster."""
    if truth.keys() != predicted.keys():
        raise ValueError("truth and prediction must cover the same records")
    both = Counter((cluster, predicted[record]) for record, cluster in truth.items())
    return PairScores(
        true_pairs=_pairs(Counter(truth.values()).values()),
        predicted_pairs=_pairs(Counter(predicted.values()).values()),
        correct_pairs=_pairs(both.values()),
    )
