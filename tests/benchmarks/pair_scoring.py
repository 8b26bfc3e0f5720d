"""What scoring one candidate pair costs in Python: compare field by field,
weigh, hold back (`resolution.score_candidate`), the work re-resolution does
tens of millions of times and the intake a few dozen times a record.

    .venv/bin/python -m tests.benchmarks.pair_scoring [--people 6000] [--seed 3]

Pairs: every two records of one synthetic person, and three times as many
random pairs. Prints the median and range of seven passes, in µs per pair."""

import argparse
import statistics
import time
from random import Random
from uuid import uuid4

from services.beneficiaries.domain.identity import Identity, identity_of
from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.domain.name_counts import NameCounts
from services.beneficiaries.domain.resolution import CandidateRecord, score_candidate
from tests.benchmarks.synthetic_registry import generate


def pairs_of(people: int, seed: int) -> list[tuple[Identity, CandidateRecord]]:
    records = generate(people, seed)
    by_person: dict[int, list[Identity]] = {}
    for record in records:
        by_person.setdefault(record.truth, []).append(identity_of(record.enrolment.person))
    same = [
        (a, CandidateRecord(uuid4(), uuid4(), b))
        for group in by_person.values()
        for a in group
        for b in group
        if a is not b
    ]
    everyone = [identity for group in by_person.values() for identity in group]
    rng = Random(1)
    other = [
        (rng.choice(everyone), CandidateRecord(uuid4(), uuid4(), rng.choice(everyone)))
        for _ in range(3 * len(same))
    ]
    return same + other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=6_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    pairs = pairs_of(args.people, args.seed)
    # Names weighed by the records' own counts, as the intake weighs them.
    counts = NameCounts()
    counts.add_all({id(i): i for a, b in pairs for i in (a, b.identity)}.values())
    model = load_model().with_frequencies(counts.frequencies())
    passes = []
    for _ in range(7):
        started = time.perf_counter()
        for incoming, candidate in pairs:
            score_candidate(model, incoming, candidate)
        passes.append((time.perf_counter() - started) / len(pairs) * 1e6)
    print(
        f"{len(pairs):,} pairs: {statistics.median(passes):.2f} µs per pair "
        f"(range {min(passes):.2f}-{max(passes):.2f}, seven passes)"
    )


if __name__ == "__main__":
    main()
