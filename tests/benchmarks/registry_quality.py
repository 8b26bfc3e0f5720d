"""Quality of the registry's identity resolution on synthetic agency records
with ground truth, fed through the real Kafka intake.

    .venv/bin/python -m tests.benchmarks.registry_quality [--people 20000] [--seed 7]

Generates the records (tests/benchmarks/synthetic_registry.py), starts a
private stack, publishes every record to `beneficiaries.enrolments` as the
agencies would, waits for every reply, then reads who the registry put with
whom and reports pairwise precision, recall and F1, the share of records sent
to review, and what CURP-exact matching alone would have scored."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer

from deploy.local.agency_client import agency_envelope
from shared.kafka_access import KafkaAccess
from shared.topics import ENROLMENTS
from tests.benchmarks.pairwise import PairScores, pair_scores
from tests.benchmarks.private_stack import log, private_stack, report_services
from tests.benchmarks.skeleton_latency import ReplyWatcher
from tests.benchmarks.synthetic_registry import SyntheticRecord, generate

RecordKey = tuple[str, str]


def envelope_of(record: SyntheticRecord) -> dict:
    e = record.enrolment
    return agency_envelope(
        event_type=e.event_type,
        producer=f"agency.{e.agency}",
        key=e.partition_key(),
        payload=e.model_dump(mode="json"),
    )


async def publish_all(kafka: KafkaAccess, envelopes: list[dict], watcher: ReplyWatcher) -> float:
    producer = AIOKafkaProducer(
        **kafka.client_options(), acks="all", linger_ms=5, max_batch_size=256 * 1024
    )
    await producer.start()
    try:
        started = time.perf_counter()
        watcher.expect([e["event_id"] for e in envelopes])
        for i, e in enumerate(envelopes):
            await producer.send(
                ENROLMENTS.name, value=json.dumps(e).encode(), key=e["key"].encode()
            )
            if i % 1000 == 999:
                await asyncio.sleep(0)
        await producer.flush()
        return started
    finally:
        await producer.stop()


@dataclass(frozen=True)
class Outcome:
    person_of: dict[RecordKey, str]
    review_candidates: dict[RecordKey, list[str]]  # open tasks: record -> candidate persons
    decisions: Counter[str]
    mean_candidates: float
    max_candidates: int


async def read_outcome(database_url: str) -> Outcome:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "SELECT agency, agency_record_id, person_id::text FROM beneficiaries.enrolments"
        )
        tasks = await conn.fetch(
            "SELECT e.agency, e.agency_record_id, t.candidates FROM beneficiaries.review_tasks t "
            "JOIN beneficiaries.enrolments e USING (enrolment_id) WHERE t.status = 'open'"
        )
        decisions = await conn.fetch(
            "SELECT outcome, count(*) FROM beneficiaries.match_decisions GROUP BY outcome"
        )
        considered = await conn.fetchrow(
            "SELECT avg((explanation ->> 'candidates_considered')::int), "
            "max((explanation ->> 'candidates_considered')::int) "
            "FROM beneficiaries.match_decisions"
        )
    finally:
        await conn.close()
    return Outcome(
        person_of={(r["agency"], r["agency_record_id"]): r["person_id"] for r in rows},
        review_candidates={
            (t["agency"], t["agency_record_id"]): [
                c["person_id"] for c in json.loads(t["candidates"])
            ]
            for t in tasks
        },
        decisions=Counter({r["outcome"]: r["count"] for r in decisions}),
        mean_candidates=float(considered[0] or 0),
        max_candidates=int(considered[1] or 0),
    )


def after_correct_reviews(truth: dict[RecordKey, int], outcome: Outcome) -> dict[RecordKey, str]:
    """Where each record would be if caseworkers answered every open task
    rightly: a record joins the candidate that holds its own true person."""
    truth_of_person: dict[str, set[int]] = {}
    records_of: dict[str, list[RecordKey]] = {}
    for record, person in outcome.person_of.items():
        truth_of_person.setdefault(person, set()).add(truth[record])
        records_of.setdefault(person, []).append(record)
    moved = dict(outcome.person_of)
    for record, candidates in outcome.review_candidates.items():
        right = next(
            (c for c in candidates if truth[record] in truth_of_person.get(c, set())), None
        )
        if right is not None:
            for other in records_of[outcome.person_of[record]]:
                moved[other] = right
    return moved


def curp_only(records: list[SyntheticRecord]) -> dict[RecordKey, str]:
    """The baseline: records with the same CURP are one person, records without one are alone."""
    out = {}
    for r in records:
        p = r.enrolment.person
        key = (r.enrolment.agency, r.enrolment.agency_record_id)
        out[key] = (
            f"curp:{p.national_id}"
            if p.national_id_type == "CURP" and p.national_id
            else f"alone:{key}"
        )
    return out


def line(name: str, s: PairScores) -> str:
    return (
        f"  {name:<28} precision {s.precision:.4f}   recall {s.recall:.4f}   F1 {s.f1:.4f}   "
        f"({s.correct_pairs}/{s.predicted_pairs} predicted, {s.true_pairs} true pairs)"
    )


async def feed(
    kafka: KafkaAccess, database_url: str, records: list[SyntheticRecord], timeout: float
) -> tuple[Outcome, float]:
    """Publishes every record, waits for every reply;
    returns what the registry decided and the seconds it took."""
    watcher = ReplyWatcher(kafka)
    await watcher.start()
    try:
        first_send = await publish_all(kafka, [envelope_of(r) for r in records], watcher)
        log(f"published {len(records)} enrolments; waiting for every reply …")
        await watcher.wait(timeout)
        elapsed = max(watcher.arrived.values()) - first_send
    finally:
        await watcher.stop()
    return await read_outcome(database_url), elapsed


def report(
    people: int,
    seed: int,
    records: list[SyntheticRecord],
    outcome: Outcome,
    elapsed: float,
    stack: str,
) -> str:
    truth_all = {(r.enrolment.agency, r.enrolment.agency_record_id): r.truth for r in records}
    accepted = {k: v for k, v in truth_all.items() if k in outcome.person_of}
    registry = pair_scores(accepted, outcome.person_of)
    reviewed = pair_scores(accepted, after_correct_reviews(accepted, outcome))
    baseline = pair_scores(truth_all, curp_only(records))
    with_curp = sum(1 for r in records if r.enrolment.person.national_id_type == "CURP")
    return "\n".join(
        [
            f"Registry identity resolution on synthetic records (people {people}, seed {seed})",
            f"  stack                        {stack}",
            f"  records                      {len(records)} "
            f"({with_curp / len(records):.1%} with a CURP), "
            f"{len(records) - len(accepted)} rejected",
            f"  decisions                    {dict(sorted(outcome.decisions.items()))}",
            f"  sent to review               "
            f"{len(outcome.review_candidates) / len(accepted):.2%} of records (open tasks)",
            f"  candidates per record        "
            f"mean {outcome.mean_candidates:.1f}, max {outcome.max_candidates}",
            f"  end to end                   {len(records) / elapsed:.0f} enrolments/s "
            f"({len(records)} in {elapsed:.1f}s, first send to last reply)",
            line("registry (links only)", registry),
            line("after correct reviews", reviewed),
            line("CURP-exact alone", baseline),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.registry_quality", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--people", type=int, default=20_000, help="true persons to generate (default 20000)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds to wait for the last reply"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records = generate(args.people, args.seed)
    log(
        f"generated {len(records)} records of {args.people} people "
        f"in {time.perf_counter() - started:.1f}s"
    )
    try:
        with private_stack() as (infra, fleet):
            try:
                outcome, elapsed = asyncio.run(
                    feed(infra.kafka.operator, infra.database_url, records, args.timeout)
                )
            except TimeoutError as exc:
                report_services(fleet)
                log(f"FAILED: {exc}")
                return 1
            stack = f"{infra.kafka_description}; {infra.postgres_description}"
        print(report(args.people, args.seed, records, outcome, elapsed, stack), flush=True)
        return 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
