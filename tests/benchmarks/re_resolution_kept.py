"""Batch re-resolution over a kept registry, timed and then undone, so that
runs of different code can alternate on the same registry.

    .venv/bin/python -m tests.benchmarks.re_resolution_kept --data-dir .data/split1m

`--data-dir` is a registry that registry_intake_split preloaded and kept. The
run is the one `python -m services.beneficiaries.re_resolve` makes; then its
review tasks, the pairs they named (every one new: a run opens no task for a
pair reviewed before), its run row and its outbox rows are deleted. Prints the
time, the records per second, where the time went and the peak memory."""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from pathlib import Path

from deploy.local.postgres import ensure_database, start_postgres
from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.service_layer.re_resolution import re_resolve
from shared.db import create_pool
from shared.garbage_collection import tune_garbage_collection
from tests.benchmarks.private_stack import free_port, log

SERVICE = "beneficiaries"


async def run_and_undo(database_url: str) -> None:
    pool = await create_pool(database_url, SERVICE, max_size=4)
    try:
        last_outbox_id = await pool.fetchval("SELECT coalesce(max(id), 0) FROM outbox")
        tune_garbage_collection()
        started = time.perf_counter()
        summary = await re_resolve(pool, load_model())
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        where = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in summary.seconds.items())
        print(
            f"{summary.records_checked:,} records in {elapsed:.1f} s "
            f"({summary.records_checked / elapsed:,.0f}/s), {summary.tasks_opened:,} review tasks; "
            f"{where}; peak {peak_mb:,.0f} MB"
        )
        await _undo(pool, summary.run_id, last_outbox_id)
    finally:
        await pool.close()


async def _undo(pool, run_id, last_outbox_id: int) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            """
            DELETE FROM reviewed_pairs AS p USING (
                SELECT least(t.person_id, (c ->> 'person_id')::uuid) AS a,
                       greatest(t.person_id, (c ->> 'person_id')::uuid) AS b
                FROM review_tasks AS t, jsonb_array_elements(t.candidates) AS c
                WHERE t.run_id = $1
            ) AS named
            WHERE p.person_a = named.a AND p.person_b = named.b
            """,
            run_id,
        )
        await conn.execute("DELETE FROM review_tasks WHERE run_id = $1", run_id)
        await conn.execute("DELETE FROM re_resolution_runs WHERE run_id = $1", run_id)
        await conn.execute("DELETE FROM outbox WHERE id > $1", last_outbox_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data-dir", type=Path, required=True, help="a registry registry_intake_split kept"
    )
    args = parser.parse_args(argv)
    postgres = start_postgres(args.data_dir / "postgres", free_port())
    try:
        log(f"re-resolving the registry kept in {args.data_dir}")
        asyncio.run(run_and_undo(ensure_database(postgres, "socialprogrammes")))
    finally:
        postgres.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
