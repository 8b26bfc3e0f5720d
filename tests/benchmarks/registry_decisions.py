"""The intake's decisions replayed in process, record after record, with
ground truth: for choosing thresholds and hold-back settings in minutes,
without a stack, and for comparing the registry with Splink on the same
records. The service's own decisions (domain/intake_decisions.py), all
records one batch; what it leaves out is Kafka and PostgreSQL, which the
real benchmark (`registry_quality`) keeps.

    .venv/bin/python -m tests.benchmarks.registry_decisions --people 135000 --seed 11
        [--generator synthetic|zipf|both] [--records N] [--no-splink]
        [--model FILE] [--set namesakes_to_link_alone=0.01]

Each generator (both by default: synthetic_registry.py and the independent
zipf_registry.py) gives its ordinary records and, apart, the same records
with its designed look-alikes among them. Records the intake would reject are
counted apart and left out. On each set the registry's decisions and, unless
--no-splink, Splink (tests/benchmarks/splink_peer.py, extra `bench`) are
scored, and one table compares them. Choose settings on a seed other than
the quality benchmark's (7)."""

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
from shared.programme_clock import programme_today
from tests.benchmarks.pairwise import PairScores, pair_scores
from tests.benchmarks.side_by_side import (
    GENERATORS,
    Row,
    accepted,
    cpu_model,
    data_sets,
    markdown,
    peer_row,
    registry_blocking,
    row,
)
from tests.benchmarks.synthetic_registry import SyntheticRecord

SETTABLE = (
    "upper_threshold",
    "lower_threshold",
    "namesakes_to_link_alone",
    "namesakes_beyond_review",
    "identifiers_outweigh_relatives",
    "same_birth_year",
)


@dataclass(frozen=True)
class Replay:
    person_of: dict[int, UUID]  # by the record's index
    outcomes: Counter[str]
    # Why records whose true person was already there did not link to her.
    missed: Counter[str]
    seconds: float


def replay_records(model: MatchModel, records: list[SyntheticRecord]) -> Replay:
    """The records as one batch decided in order by the intake's own decisions
    (domain/intake_decisions.py)."""
    started = time.perf_counter()
    incoming = [
        incoming_record(
            (r.enrolment.agency, r.enrolment.agency_record_id),
            identity_of(r.enrolment.person),
            model.blocking_key_cap,
        )
        for r in records
    ]
    person_of: dict[int, UUID] = {}
    seen: set[int] = set()
    outcomes: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    decisions = decide_counting_names(model, incoming)
    for index, (record, decided) in enumerate(zip(records, decisions, strict=True)):
        resolution = decided.resolution
        assert resolution is not None, "every synthetic record is new to the registry"
        outcomes[_outcome(decided)] += 1
        if record.truth in seen and resolution.outcome != "linked":
            missed[f"{resolution.outcome}: {resolution.reason}"] += 1
        seen.add(record.truth)
        person_of[index] = decided.person_id
    return Replay(person_of, outcomes, missed, time.perf_counter() - started)


def replay(
    model: MatchModel, records: list[SyntheticRecord]
) -> tuple[PairScores, Counter[str], Counter[str]]:
    """Pairwise scores of the links, every outcome, and why records whose true
    person was already there did not link to her."""
    run = replay_records(model, records)
    truth = {i: r.truth for i, r in enumerate(records)}
    return pair_scores(truth, run.person_of), run.outcomes, run.missed


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
        decided = decisions.decide(record)
        yield decided
        counts.add(record.identity)
        if decided.resolution is not None:
            counts.add_settled(decided.resolution.settled_namesakes)
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


def describe(model: MatchModel, label: str, records: list[SyntheticRecord], run: Replay) -> None:
    print(f"registry, model {model.version}, {label}: {len(records)} records in {run.seconds:.0f}s")
    print(
        "  outcomes: "
        + ", ".join(
            f"{name} {count} ({count / len(records):.2%})"
            for name, count in run.outcomes.most_common()
        )
    )
    print("  records not linked to their true person already there:")
    for why, count in run.missed.most_common(10):
        print(f"    {count:6d}  {why}")


def compare(model: MatchModel, generator: str, people: int, seed: int, splink: bool) -> list[Row]:
    """The registry (and Splink) on the generator's ordinary records, then with its look-alikes."""
    rows = []
    for data, records in data_sets(GENERATORS[generator].generate(people, seed)).items():
        kept = accepted(records, programme_today())
        rejected = len(records) - len(kept)
        run = replay_records(model, kept)
        describe(model, f"{generator}, {data}", kept, run)
        # Whatever neither links nor starts a person waits for a caseworker.
        to_review = sum(
            count for name, count in run.outcomes.items() if name not in ("linked", "new_person")
        )
        measures = (to_review, *registry_blocking(model, kept), run.seconds)
        rows.append(row((generator, data, "registry"), kept, rejected, run.person_of, measures))
        if splink:
            rows.append(peer_row((generator, data, "Splink"), kept, rejected, seed))
    return rows


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000, help="ordinary persons to generate")
    parser.add_argument(
        "--records", type=int, help="about this many records per generator (instead of --people)"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--generator", choices=(*GENERATORS, "both"), default="both")
    parser.add_argument("--no-splink", dest="splink", action="store_false")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_FILE)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SETTING=VALUE",
        help=f"override one of {', '.join(SETTABLE)}",
    )
    args = parser.parse_args()
    args.overrides = {name: float(value) for name, value in (s.split("=", 1) for s in args.set)}
    if unknown := set(args.overrides) - set(SETTABLE):
        parser.error(f"cannot set {', '.join(sorted(unknown))}")
    return args


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    args = arguments()
    model = replace(load_model(args.model), **args.overrides)
    names = list(GENERATORS) if args.generator == "both" else [args.generator]
    command = f"python -m tests.benchmarks.registry_decisions {' '.join(sys.argv[1:])}"
    print(f"CPU: {cpu_model()}; command: {command}", flush=True)
    rows = []
    for name in names:
        people = (
            round(args.records / GENERATORS[name].records_per_person)
            if args.records
            else args.people
        )
        print(f"{name}: {people} ordinary persons, seed {args.seed}")
        rows += compare(model, name, people, args.seed, args.splink)
    print(f"\nmodel {model.version} {args.overrides or ''}; seed {args.seed}; CPU {cpu_model()}")
    print(
        f"registry: the intake's decisions in process; a link (score >= {model.upper_threshold})"
        f" is a match; a record held for review (score >= {model.lower_threshold}) keeps its"
        " provisional person"
    )
    if args.splink:
        from tests.benchmarks.splink_peer import THRESHOLD_RULE

        print(f"{THRESHOLD_RULE}, clustered by connected components (splink_peer.py)")
    print(markdown(rows))


if __name__ == "__main__":
    main()
