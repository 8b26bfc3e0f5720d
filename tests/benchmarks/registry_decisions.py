"""The intake's decisions replayed in process, record after record, with
ground truth: for choosing thresholds and hold-back settings in minutes,
without a stack. The service's own decisions (domain/intake_decisions.py),
all records one batch; what it leaves out is Kafka and PostgreSQL, which the
real benchmark (`registry_quality`) keeps.

    .venv/bin/python -m tests.benchmarks.registry_decisions --people 135000 --seed 11
        [--model FILE] [--set name_weight_to_link_alone=18]

Choose settings on a seed other than the quality benchmark's (7)."""

import argparse
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from uuid import UUID, uuid4

from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.intake_decisions import (
    Decided,
    IncomingRecord,
    IntakeDecisions,
    incoming_record,
)
from services.beneficiaries.domain.match_model import DEFAULT_MODEL_FILE, MatchModel, load_model
from services.beneficiaries.domain.name_counts import NameCounts, RegistryFrequencies
from tests.benchmarks.pairwise import PairScores, pair_scores
from tests.benchmarks.synthetic_registry import SyntheticRecord, generate

SETTABLE = (
    "upper_threshold",
    "lower_threshold",
    "name_weight_to_link_alone",
    "identifiers_outweigh_relatives",
)


def replay(
    model: MatchModel, records: list[SyntheticRecord]
) -> tuple[PairScores, Counter[str], Counter[str]]:
    """Pairwise scores of the links, every outcome, and why records whose true
    person was already there did not link to her. The records are one batch
    decided in order by the intake's own decisions (domain/intake_decisions.py),
    names weighed by the counts of the records decided before."""
    incoming = [
        incoming_record(
            (r.enrolment.agency, r.enrolment.agency_record_id),
            identity_of(r.enrolment.person),
            model.blocking_key_cap,
        )
        for r in records
    ]
    truth: dict[int, int] = {}
    person_of: dict[int, UUID] = {}
    seen: set[int] = set()
    outcomes: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for index, (record, decided) in enumerate(
        zip(records, decide_counting_names(model, incoming), strict=True)
    ):
        resolution = decided.resolution
        assert resolution is not None, "every synthetic record is new to the registry"
        outcomes[_outcome(decided)] += 1
        if record.truth in seen and resolution.outcome != "linked":
            missed[f"{resolution.outcome}: {resolution.reason}"] += 1
        seen.add(record.truth)
        truth[index], person_of[index] = record.truth, decided.person_id
    return pair_scores(truth, person_of), outcomes, missed


def decide_counting_names(
    model: MatchModel, records: list[IncomingRecord], rate: float = 1_000.0
) -> Iterator[Decided]:
    """The intake's decisions in order, the registry's name counts kept as the
    service keeps them: each decided record counted, the frequencies read
    again as RegistryFrequencies would, on a clock of `rate` records a second."""
    counts = NameCounts()
    names = RegistryFrequencies()
    decisions = IntakeDecisions(model, records, {}, uuid4)
    for index, record in enumerate(records):
        now = index / rate
        if names.stale(now):
            names.read(counts.counts, now)
            decisions.use_model(names.model(model))
        yield decisions.decide(record)
        counts.add(record.identity)
        names.added_records(1)


def _outcome(decided: Decided) -> str:
    """The outcome, told apart by whether it opens a review task: a record that
    joins the review of one held before opens none, a link that proposes a
    merge opens one."""
    resolution = decided.resolution
    assert resolution is not None
    if resolution.outcome == "linked":
        return "linked, proposing a merge" if decided.opens_review else "linked"
    if resolution.outcome == "pending_review" and not decided.opens_review:
        return "joined a pending review"
    return resolution.outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_FILE)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SETTING=VALUE",
        help=f"override one of {', '.join(SETTABLE)}",
    )
    args = parser.parse_args()
    overrides = {name: float(value) for name, value in (s.split("=", 1) for s in args.set)}
    if unknown := set(overrides) - set(SETTABLE):
        parser.error(f"cannot set {', '.join(sorted(unknown))}")
    model = replace(load_model(args.model), **overrides)
    records = generate(args.people, args.seed)
    started = time.perf_counter()
    scores, outcomes, missed = replay(model, records)
    print(
        f"model {model.version} {overrides or ''}: "
        f"{len(records)} records of {args.people} people, seed {args.seed}, "
        f"in {time.perf_counter() - started:.0f}s"
    )
    print(
        f"precision {scores.precision:.4f}  recall {scores.recall:.4f}  F1 {scores.f1:.4f}  "
        f"({scores.correct_pairs} of {scores.predicted_pairs} links right, "
        f"{scores.true_pairs} true pairs)"
    )
    print(
        "outcomes: "
        + ", ".join(
            f"{name} {count} ({count / len(records):.2%})" for name, count in outcomes.most_common()
        )
    )
    print("records not linked to their true person already there:")
    for why, count in missed.most_common(10):
        print(f"  {count:6d}  {why}")


if __name__ == "__main__":
    main()
