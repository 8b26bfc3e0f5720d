"""The restore drill (tests/reliability/restore_drill.py) on a private stack: a base
backup taken under load, the database destroyed and restored, the services restarted;
every invariant of the reliability suite must hold, and the restore must have brought
back what was committed after the base backup, not only the backup itself."""

import asyncpg
import pytest

from tests.benchmarks.private_stack import private_stack
from tests.reliability.cluster import Cluster
from tests.reliability.report import render
from tests.reliability.restore_drill import RestoreDrill
from tests.reliability.run import run_scenario

EVENTS = 400
RATE = 40.0


@pytest.fixture(scope="module")
def drill_cluster():
    # Its own stack: the drill deletes PostgreSQL's data directory.
    with private_stack() as (infra, fleet):
        yield Cluster(infra, fleet)


async def _applied_between(database_url: str, after, before) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval(
            "SELECT (SELECT count(*) FROM beneficiaries.inbox WHERE applied_at BETWEEN $1 AND $2)"
            " + (SELECT count(*) FROM kitchens.inbox WHERE applied_at BETWEEN $1 AND $2)",
            after,
            before,
        )
    finally:
        await conn.close()


async def test_a_restore_under_load_loses_nothing_and_applies_nothing_twice(drill_cluster):
    drill = RestoreDrill.beside(drill_cluster)
    result = await run_scenario(drill_cluster, drill.scenario, EVENTS, rate=RATE)
    print(render(result))
    assert result.passed, render(result)
    # Records applied between the base backup and the loss came back through the WAL
    # archive alone: a restore of the base backup by itself would not hold them.
    after_backup = await _applied_between(
        drill_cluster.database_url, drill.backed_up_at, drill.destroyed_at
    )
    assert after_backup > 0, "nothing was applied between the base backup and the loss"
