"""Estimate the match model's m and u weights from the registry's own records
and its caseworkers' verdicts, and write them as a new model version (see
`domain/estimation.py`); name frequencies are never written, the registry
counts them. Thresholds and hold-back settings come from the model given with
--model. Review the new file, then re-resolve with it
(`python -m services.beneficiaries.re_resolve --model FILE`: every link it
would now make becomes a review task) before making it the default.

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


async def registry_sample(
    records: int, labels: int
) -> tuple[list[Identity], list[tuple[Identity, Identity]]]:
    """`records` identities drawn at random, and up to `labels` pairs
    caseworkers found to be one person."""
    pool = await create_pool(ServiceSettings().database_url, SERVICE)
    try:
        async with pool.acquire() as conn:
            repository = RegistryRepository(conn)
            identities = await repository.sample_identities(records)
            labelled = await repository.labelled_pairs(labels)
        return identities, [(a, b) for a, b, same in labelled if same]
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
    parser.add_argument(
        "--labels", type=int, default=10_000, help="caseworkers' verdicts read, latest first"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    identities, same = asyncio.run(registry_sample(args.records, args.labels))
    try:
        model = estimate(
            identities, load_model(args.model), args.version, Random(args.seed), same_person=same
        )
    except ValueError as exc:
        raise SystemExit(f"no model written: {exc}") from None
    source = (
        f"estimated from {len(identities)} records of the registry "
        f"and {len(same)} caseworkers' same-person verdicts"
    )
    save_model(model, args.out, source)
    print(f"model {model.version} {source}: {args.out}")


if __name__ == "__main__":
    main()
