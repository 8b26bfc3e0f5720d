"""Each service's request and reply as an outside producer sees them: the
intake topic it publishes to, the output topic the reply arrives on, the
reply types that mean the request was taken, and a supply of valid
requests that are all distinct (new people, new channel references, a kitchen's
next operating day), so that every one of them is work, never a duplicate."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from shared.topics import (
    DAILY_REPORTS,
    ENROLMENTS,
    GRIEVANCE_EVENTS,
    GRIEVANCE_INTAKE,
    KITCHEN_EVENTS,
    REGISTRY_DECISIONS,
)
from tests.e2e.test_skeleton_flows import enrolment
from tests.reliability import workload
from tests.reliability.cluster import Cluster
from tests.reliability.run import holidays, register_kitchens

SERVICES = ("beneficiaries", "kitchens", "grievances")
# Topics have 6 partitions; a kitchen's reports share its key and so its
# partition, and with fewer kitchens some partitions would get no work.
MIN_KITCHENS = 60


@dataclass
class Flow:
    service: str
    intake: str
    output: str
    accepted: frozenset[str]
    requests: Iterator[dict]
    side_events: frozenset[str] = (
        frozenset()
    )  # on the output topic with the request's correlation id, but no answer

    def take(self, count: int) -> list[dict]:
        taken = list(itertools.islice(self.requests, count))
        if len(taken) < count:
            raise RuntimeError(
                f"{self.service}: ran out of distinct requests after {len(taken)} of {count}"
            )
        return taken


def beneficiaries_flow(run_id: str) -> Flow:
    people = (enrolment(f"TPUT-{run_id}-{i:07d}") for i in itertools.count())
    # Thousands of made-up people: now and then two look alike enough for a
    # review, which is a decision like any other (registered, pending review).
    return Flow(
        "beneficiaries",
        ENROLMENTS.name,
        REGISTRY_DECISIONS.name,
        frozenset({"beneficiaries.enrolment_registered"}),
        people,
        frozenset({"beneficiaries.review_task_opened"}),
    )


def grievances_flow(run_id: str) -> Flow:
    submissions = (workload.grievance_envelope(f"TPUT-{run_id}-{i:07d}") for i in itertools.count())
    return Flow(
        "grievances",
        GRIEVANCE_INTAKE.name,
        GRIEVANCE_EVENTS.name,
        frozenset({"grievances.case_received"}),
        submissions,
    )


def daily_reports(kitchens: list[str], days: list[date]) -> Iterator[dict]:
    """Day by day, one report per kitchen: consecutive reports go to different kitchens
    (and partitions)."""
    for n, day in enumerate(days):
        for kitchen_id in kitchens:
            # workload numbers a kitchen's messages so that even ones are first reports
            # (odd ones amend them) and their rations never trip a monitoring rule.
            yield workload.report_envelope(kitchen_id, day, 2 * n)


async def kitchens_flow(
    cluster: Cluster, run_id: str, reports: int, minimum: int = MIN_KITCHENS
) -> Flow:
    """Registers enough kitchens over HTTP for `reports` reports on operating days after their
    opening, all in the past."""
    days = workload.operating_days(await holidays(cluster.database_url))
    kitchens = await register_kitchens(cluster, run_id, max(minimum, -(-reports // len(days))))
    return Flow(
        "kitchens",
        DAILY_REPORTS.name,
        KITCHEN_EVENTS.name,
        frozenset({"kitchens.daily_report_accepted"}),
        daily_reports(kitchens, days),
    )


async def flows(cluster: Cluster, services: list[str], kitchen_reports: int) -> dict[str, Flow]:
    """One flow per service; `kitchen_reports` is how many reports the run may send at the most."""
    run_id = uuid.uuid4().hex[:6]
    made = {}
    for name in services:
        if name == "kitchens":
            made[name] = await kitchens_flow(cluster, run_id, kitchen_reports)
        else:
            made[name] = {"beneficiaries": beneficiaries_flow, "grievances": grievances_flow}[name](
                run_id
            )
    return made
