"""What the registry and its peer (Splink) are compared on: the two synthetic
generators, the records the intake accepts, and one table of pairwise
precision, recall and F1, wrong merges by kind of designed look-alike, records
to review, blocking's reach and cost, and time."""

from __future__ import annotations

import os
import platform
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from services.beneficiaries.domain.blocking_caps import FAMILY_CAPS, KEY_CAP
from services.beneficiaries.domain.enrolment import check_enrolment
from services.beneficiaries.domain.match_model import MatchModel
from shared.errors import Rejected
from tests.benchmarks import blocking_recall, synthetic_registry, zipf_registry
from tests.benchmarks.pairwise import PairScores, pair_scores
from tests.benchmarks.synthetic_registry import SyntheticRecord

LOOKALIKE_KINDS = ("namesakes", "twins", "mother_daughter")
DATA_SETS = ("ordinary", "ordinary + hard negatives")


@dataclass(frozen=True)
class Generator:
    generate: Callable[[int, int], list[SyntheticRecord]]
    records_per_person: float  # for sizing a run by records


GENERATORS = {
    "synthetic": Generator(
        synthetic_registry.generate,
        sum(k * share for k, share in synthetic_registry.RECORDS_PER_PERSON.items()),
    ),
    "zipf": Generator(zipf_registry.generate, zipf_registry.mean_records_per_person()),
}


def data_sets(records: list[SyntheticRecord]) -> dict[str, list[SyntheticRecord]]:
    """The ordinary records alone, and with the designed look-alikes among them."""
    return {DATA_SETS[0]: [r for r in records if r.lookalike is None], DATA_SETS[1]: records}


def accepted(records: list[SyntheticRecord], today: date) -> list[SyntheticRecord]:
    """The records the intake accepts (domain/enrolment.check_enrolment): the
    rest are rejected to their agency, never resolved, and left out of recall."""
    kept = []
    for r in records:
        try:
            check_enrolment(r.enrolment, today)
        except Rejected:
            continue
        kept.append(r)
    return kept


def wrong_merges(
    records: list[SyntheticRecord], predicted: Mapping[int, Hashable], scores: PairScores
) -> Counter[str]:
    """Record pairs of distinct persons put together, by kind of designed
    look-alike group the pair belongs to, and `other` for the rest.
    `predicted`: each record's cluster, by its index in `records`."""
    in_group: Counter[tuple] = Counter()
    same_person: Counter[tuple] = Counter()
    for i, r in enumerate(records):
        if r.lookalike is not None:
            in_group[(r.lookalike, predicted[i])] += 1
            same_person[(r.lookalike, predicted[i], r.truth)] += 1
    wrong: Counter[str] = Counter(dict.fromkeys(LOOKALIKE_KINDS, 0))
    for (group, _), n in in_group.items():
        wrong[group[0]] += n * (n - 1) // 2
    for (group, _, _), n in same_person.items():
        wrong[group[0]] -= n * (n - 1) // 2
    wrong["other"] = scores.predicted_pairs - scores.correct_pairs - sum(wrong.values())
    return wrong


@dataclass(frozen=True)
class Row:
    generator: str
    data: str
    system: str
    records: int  # accepted
    rejected: int
    scores: PairScores
    wrong: Counter[str]
    to_review: int | None  # records held for a caseworker; Splink has no such outcome
    pairs_in_candidates: float  # share of true pairs that blocking brought together
    candidates_per_record: float
    seconds: float


def row(
    names: tuple[str, str, str],
    records: list[SyntheticRecord],
    rejected: int,
    predicted: Mapping[int, Hashable],
    measures: tuple[int | None, float, float, float],
) -> Row:
    """`names`: generator, data set, system; `measures`: records to review,
    true pairs in candidates, candidates per record, seconds."""
    scores = pair_scores({i: r.truth for i, r in enumerate(records)}, predicted)
    return Row(
        *names, len(records), rejected, scores, wrong_merges(records, predicted, scores), *measures
    )


def registry_blocking(model: MatchModel, records: list[SyntheticRecord]) -> tuple[float, float]:
    """The share of true pairs whose earlier record is among the later one's
    candidates under the intake's blocking keys and caps, and the candidate
    records per record: the pairs scored (blocking_recall.py)."""

    def cap_of(key_family: str) -> int:
        return min(model.blocking_key_cap, FAMILY_CAPS.get(key_family, KEY_CAP))

    found = blocking_recall.simulate(records, cap_of)
    reach = found.found_pairs / found.true_pairs if found.true_pairs else 1.0
    return reach, sum(found.candidates) / len(records)


def peer_row(
    names: tuple[str, str, str], records: list[SyntheticRecord], rejected: int, seed: int
) -> Row:
    from tests.benchmarks import splink_peer  # the `bench` extra: only when Splink runs

    peer = splink_peer.link(records, seed)
    print(f"Splink, {names[0]}, {names[1]}: {len(records)} records in {peer.seconds:.0f}s")
    true_pairs = pair_scores({i: r.truth for i, r in enumerate(records)}, peer.cluster_of)
    measures = (
        None,
        peer.true_pairs_in_candidates / true_pairs.true_pairs if true_pairs.true_pairs else 1.0,
        peer.candidate_pairs / len(records),
        peer.seconds,
    )
    return row(names, records, rejected, peer.cluster_of, measures)


HEADER = (
    "| generator | data | system | records | rejected | precision | recall | F1 "
    "| wrong merges: namesakes / twins / mother-daughter / other | to review "
    "| true pairs in candidates | candidates per record | seconds |"
)


def markdown(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for r in rows:
        wrong = " / ".join(str(r.wrong[k]) for k in (*LOOKALIKE_KINDS, "other"))
        review = "–" if r.to_review is None else f"{r.to_review / r.records:.2%}"
        lines.append(
            f"| {r.generator} | {r.data} | {r.system} | {r.records:,} | {r.rejected:,} "
            f"| {r.scores.precision:.4f} | {r.scores.recall:.4f} | {r.scores.f1:.4f} | {wrong} "
            f"| {review} | {r.pairs_in_candidates:.2%} | {r.candidates_per_record:.1f} "
            f"| {r.seconds:.0f} |"
        )
    return "\n".join(lines)


def cpu_model() -> str:
    """The CPU's model and how busy the machine is: times on a shared machine vary with both."""
    cpuinfo = Path("/proc/cpuinfo")
    model = platform.processor() or "unknown CPU"
    if cpuinfo.exists():
        names = [line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        model = f"{names[0].split(':', 1)[1].strip()} x {len(names)}" if names else model
    one, five, _ = os.getloadavg()
    return f"{model}, load average {one:.1f} (1 min) {five:.1f} (5 min)"
