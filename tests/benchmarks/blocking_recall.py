"""How many true duplicates the registry's blocking keys can find, measured
on synthetic records arriving one at a time as they would in production.

    .venv/bin/python -m tests.benchmarks.blocking_recall --people 150000 --seed 7
        [--key-cap 20 --family-caps NN=5 --lone-key-cap 2]

Each record looks up the posting lists of its blocking keys and joins them.
A key whose list already holds more than its cap (the intake's, from
domain/blocking_caps.py, unless given) of earlier records is too common
to search (the registry would drown in candidates) but still records the new
one. A record found under one searched key alone is a candidate only when that
key is nearly its own (blocking_caps.searched_together). A true pair (a record
and an earlier record of the same person) is found when the earlier one is
among the later one's candidates."""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random

from services.beneficiaries.domain.blocking_caps import (
    FAMILY_CAPS,
    KEY_CAP,
    LONE_KEY_CAP,
    searched_together,
)
from services.beneficiaries.domain.identity import blocking_key_texts, identity_of, key_hash
from services.beneficiaries.domain.match_model import load_model
from tests.benchmarks.synthetic_registry import SyntheticRecord, generate

TARGET_PAIR_COMPLETENESS = 0.99
TARGET_MEAN_CANDIDATES = 25


def family(key_text: str) -> str:
    return key_text.split(":", 1)[0]


@dataclass
class Outcome:
    true_pairs: int = 0
    found_pairs: int = 0
    persons_seen_before: int = 0  # records whose true person already had a record
    persons_reached: int = 0
    candidates: list[int] = field(default_factory=list)
    candidate_persons: list[int] = field(default_factory=list)
    lookups: Counter = field(default_factory=Counter)  # by key family
    capped: Counter = field(default_factory=Counter)
    brought: Counter = field(
        default_factory=Counter
    )  # records found under searched keys, by key family, before deduplication
    found_via: Counter = field(default_factory=Counter)
    found_only_via: Counter = field(default_factory=Counter)
    missed_for: Counter = field(
        default_factory=Counter
    )  # "no shared key", "shared keys all capped", "one shared key, held by too many"
    corruptions_in_pairs: Counter = field(default_factory=Counter)
    corruptions_in_missed: Counter = field(default_factory=Counter)
    missed: list[tuple[int, int, str]] = field(default_factory=list)  # (later, earlier, why)


def simulate(
    records: list[SyntheticRecord], cap_of: Callable[[str], int], lone_key_cap: int = LONE_KEY_CAP
) -> Outcome:
    """`cap_of` gives a key family's cap (blocking_caps.py)."""
    out = Outcome()
    postings: dict[int, list[int]] = defaultdict(list)
    earlier_of_person: dict[int, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        lookup = _look_up(record, i, postings, cap_of, out)
        candidates = lookup.candidates(lone_key_cap)
        out.candidates.append(len(candidates))
        out.candidate_persons.append(len({records[c].truth for c in candidates}))
        earlier = earlier_of_person[record.truth]
        if earlier:
            out.persons_seen_before += 1
            out.persons_reached += any(e in candidates for e in earlier)
        for e in earlier:
            _count_pair(out, lookup, candidates, (i, record), (e, records[e]))
        earlier.append(i)
    return out


@dataclass
class _Lookup:
    """What one record's blocking keys found among the earlier records."""

    searched: list[tuple[str, list[int]]] = field(default_factory=list)
    skipped: list[tuple[str, list[int]]] = field(default_factory=list)
    shared: Counter[int] = field(default_factory=Counter)
    lone_key_size: dict[int, int] = field(default_factory=dict)

    def candidates(self, lone_key_cap: int) -> set[int]:
        return {
            c
            for c, n in self.shared.items()
            if searched_together(n, self.lone_key_size[c], lone_key_cap)
        }

    def why_missed(self, earlier: int) -> str:
        if earlier in self.shared:
            return "one shared key, held by too many"
        if any(earlier in posting for _, posting in self.skipped):
            return "shared keys all capped"
        return "no shared key"


def _look_up(
    record: SyntheticRecord,
    i: int,
    postings: dict[int, list[int]],
    cap_of: Callable[[str], int],
    out: Outcome,
) -> _Lookup:
    """Searches the record's keys that are not too common, then posts it under every key."""
    lookup = _Lookup()
    # The same texts blocking_keys() hashes; kept as text to know each key's family.
    for text in blocking_key_texts(identity_of(record.enrolment.person)):
        posting = postings[key_hash(text)]
        out.lookups[family(text)] += 1
        if len(posting) > cap_of(family(text)):
            out.capped[family(text)] += 1
            lookup.skipped.append((family(text), posting))
        else:
            lookup.searched.append((family(text), posting))
            out.brought[family(text)] += len(posting)
            lookup.shared.update(posting)
            lookup.lone_key_size.update(dict.fromkeys(posting, len(posting)))
        posting.append(i)
    return lookup


def _count_pair(
    out: Outcome,
    lookup: _Lookup,
    candidates: set[int],
    later: tuple[int, SyntheticRecord],
    earlier: tuple[int, SyntheticRecord],
) -> None:
    (i, record), (e, earlier_record) = later, earlier
    corruptions = set(record.corruptions) | set(earlier_record.corruptions)
    out.true_pairs += 1
    out.corruptions_in_pairs.update(corruptions)
    if e in candidates:
        out.found_pairs += 1
        via = {fam for fam, posting in lookup.searched if e in posting}
        out.found_via.update(via)
        if len(via) == 1:
            out.found_only_via.update(via)
        return
    why = lookup.why_missed(e)
    out.missed_for[why] += 1
    out.corruptions_in_missed.update(corruptions)
    out.missed.append((i, e, why))


def _describe(record: SyntheticRecord) -> str:
    p = record.enrolment.person
    return (
        f"{p.given_names} / {p.paternal_surname} / {p.maternal_surname} | {p.sex} {p.birth_date} | "
        f"{p.national_id or '-'} | {p.phone or '-'} | {p.municipality}  "
        f"[{', '.join(record.corruptions) or 'clean'}]"
    )


def report(records: list[SyntheticRecord], out: Outcome, seed: int) -> None:
    completeness = out.found_pairs / out.true_pairs
    mean = statistics.fmean(out.candidates)
    p99 = statistics.quantiles(out.candidates, n=100)[98]
    print(f"records {len(records):,}, true pairs {out.true_pairs:,}")
    print(
        f"pair completeness    {completeness:.4f}  (target >= {TARGET_PAIR_COMPLETENESS}; "
        f"missed {out.true_pairs - out.found_pairs:,}: "
        + ", ".join(f"{why} {n:,}" for why, n in out.missed_for.most_common())
        + ")"
    )
    print(
        f"person completeness  {out.persons_reached / out.persons_seen_before:.4f}  "
        f"({out.persons_seen_before:,} records of a person seen before)"
    )
    print(
        f"candidates/record    mean {mean:.1f} (target <= {TARGET_MEAN_CANDIDATES}), "
        f"median {statistics.median(out.candidates):.0f}, "
        f"p99 {p99:.0f}, max {max(out.candidates):,}; distinct true persons among them: "
        f"mean {statistics.fmean(out.candidate_persons):.1f}"
    )
    # The mean above is over a registry growing from empty; the last tenth meets
    # (nearly) the full registry.
    print(
        "candidates/record in the last tenth of records: mean "
        f"{statistics.fmean(out.candidates[-len(out.candidates) // 10 :]):.1f}"
    )
    print(
        f"\n{'family':<8}{'keys/record':>12}{'capped':>9}{'found/record':>14}"
        f"{'pairs found via':>17}{'only via':>10}"
    )
    for fam in sorted(out.lookups):
        print(
            f"{fam:<8}{out.lookups[fam] / len(records):>12.2f}"
            f"{out.capped[fam] / out.lookups[fam]:>9.2%}"
            f"{out.brought[fam] / len(records):>14.1f}"
            f"{out.found_via[fam] / out.true_pairs:>17.2%}"
            f"{out.found_only_via[fam] / out.true_pairs:>10.2%}"
        )
    lookups = sum(out.lookups.values())
    print(f"all     {lookups / len(records):>12.2f}{sum(out.capped.values()) / lookups:>9.2%}")
    print("\ncorruptions in missed pairs (either record), against their share of all true pairs:")
    missed = out.true_pairs - out.found_pairs
    for name, n in out.corruptions_in_missed.most_common():
        print(
            f"  {name:<22}{n:>6,}  {n / missed:6.1%} of missed vs "
            f"{out.corruptions_in_pairs[name] / out.true_pairs:6.1%} of all pairs"
        )
    print("\nsample of missed pairs (later / earlier record):")
    for later, earlier, why in Random(seed).sample(out.missed, min(10, len(out.missed))):
        print(f"- {why}\n    {_describe(records[later])}\n    {_describe(records[earlier])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cap",
        type=int,
        default=load_model().blocking_key_cap,
        help="the model's cap, above every key's",
    )
    parser.add_argument(
        "--key-cap",
        type=int,
        default=KEY_CAP,
        help="posting lists longer than this are not searched",
    )
    parser.add_argument(
        "--family-caps",
        default=",".join(f"{name}={cap}" for name, cap in FAMILY_CAPS.items()),
        help="caps of some key families instead of --key-cap, e.g. NN=5,GD=50",
    )
    parser.add_argument(
        "--lone-key-cap",
        type=int,
        default=LONE_KEY_CAP,
        help="a record sharing one key alone is a candidate "
        "when that key holds at most this many records",
    )
    args = parser.parse_args()
    family_caps = {
        name: int(value)
        for name, value in (item.split("=") for item in args.family_caps.split(",") if item)
    }

    def cap_of(key_family: str) -> int:
        return min(args.cap, family_caps.get(key_family, args.key_cap))

    started = time.perf_counter()
    records = generate(args.people, args.seed)
    generated = time.perf_counter()
    outcome = simulate(records, cap_of, args.lone_key_cap)
    report(records, outcome, args.seed)
    print(
        f"\ngenerated in {generated - started:.1f} s, simulated in "
        f"{time.perf_counter() - generated:.1f} s"
    )


if __name__ == "__main__":
    main()
