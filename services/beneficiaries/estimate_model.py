"""Estimate the match model's m and u weights and its name frequencies from the
registry's own records, and write them as a new model file (see
`domain/estimation.py`). Thresholds and hold-back settings come from the model
given with --model. Review the new file, then re-resolve with it
(`python -m services.beneficiaries.re_resolve --model FILE`) before making it
the default.

    python -m services.beneficiaries.estimate_model --out FILE [--version V] [--records N]"""

import argparse
import asyncio
import time
from pathlib import Path
from random import Random

from shared.db import create_pool
from shared.settings import ServiceSettings

from .adapters.registry_repository import RegistryRepository
from .domain.estimation import estimate
from .domain.identity import Identity
from .domain.match_model import DEFAULT_MODEL_FILE, load_model, save_model
from .service_layer.publishing import SERVICE


async def sample_identities(records: int) -> list[Identity]:
    pool = await create_pool(ServiceSettings().database_url, SERVICE)
    try:
        async with pool.acquire() as conn:
            return await RegistryRepository(conn).sample_identities(records)
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--model",
        type=Path,
        default=DEFAULT_MODEL_FILE,
        help="the model in force: thresholds and starting m",
    )
    parser.add_argument("--version", default=time.strftime("fs-estimated-%Y-%m-%d"))
    parser.add_argument(
        "--records", type=int, default=300_000, help="records sampled from the registry"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    identities = asyncio.run(sample_identities(args.records))
    model = estimate(identities, load_model(args.model), args.version, Random(args.seed))
    save_model(model, args.out, f"estimated from {len(identities)} records of the registry")
    print(f"model {model.version} estimated from {len(identities)} records: {args.out}")


if __name__ == "__main__":
    main()
