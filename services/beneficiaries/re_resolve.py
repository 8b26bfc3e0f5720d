"""Re-run identity resolution over the whole registry with a model file,
while intake keeps running; what would change becomes review tasks.

    python -m services.beneficiaries.re_resolve [--model path/to/match_model.json]"""

import argparse
import asyncio
import time
from pathlib import Path

from shared.db import create_pool
from shared.garbage_collection import tune_garbage_collection
from shared.settings import ServiceSettings

from .domain.match_model import DEFAULT_MODEL_FILE, load_model
from .service_layer.publishing import SERVICE
from .service_layer.re_resolution import re_resolve


async def run(model_file: Path, chunk_size: int) -> None:
    model = load_model(model_file)
    pool = await create_pool(ServiceSettings().database_url, SERVICE)
    # As in the service: a run builds millions of short-lived objects beside the model and the pool.
    tune_garbage_collection()
    started = time.perf_counter()
    try:
        summary = await re_resolve(
            pool,
            model,
            chunk_size,
            lambda checked, opened: print(
                f"\r{checked} records checked, {opened} review tasks opened", end="", flush=True
            ),
        )
    finally:
        await pool.close()
    elapsed = time.perf_counter() - started
    print(
        f"\nrun {summary.run_id} with model {model.version}: "
        f"{summary.records_checked} records in {elapsed:.1f}s "
        f"({summary.records_checked / elapsed:.0f}/s), {summary.tasks_opened} review tasks opened"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_FILE)
    parser.add_argument("--chunk-size", type=int, default=1_000)
    args = parser.parse_args()
    asyncio.run(run(args.model, args.chunk_size))


if __name__ == "__main__":
    main()
