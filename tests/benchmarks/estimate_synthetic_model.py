"""Estimate the shipped match model from synthetic agency records, with the
same estimation the registry runs on its own data
(`python -m services.beneficiaries.estimate_model`).

    .venv/bin/python -m tests.benchmarks.estimate_synthetic_model [--people 135000] [--seed 11]

The records come from another seed than the quality benchmark's (7), so the
benchmark measures the model on records it was not estimated from. Thresholds
and hold-back settings are carried over from the model file it replaces."""

import argparse
import time
from pathlib import Path
from random import Random

from services.beneficiaries.domain.estimation import estimate
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.match_model import DEFAULT_MODEL_FILE, load_model, save_model
from tests.benchmarks.synthetic_registry import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=135_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_FILE)
    args = parser.parse_args()
    started = time.perf_counter()
    identities = [identity_of(r.enrolment.person) for r in generate(args.people, args.seed)]
    model = estimate(identities, load_model(), args.version, Random(args.seed))
    source = (
        f"estimated from {len(identities)} synthetic records "
        f"({args.people} people, seed {args.seed}) by "
        "tests/benchmarks/estimate_synthetic_model.py; "
        "thresholds and hold-backs set on seed 11, not on the benchmark's seed 7"
    )
    save_model(model, args.out, source)
    print(
        f"model {model.version}: {len(identities)} records in "
        f"{time.perf_counter() - started:.0f}s -> {args.out}"
    )
    for field, levels in model.fields.items():
        print(
            f"  {field}: "
            + ", ".join(f"{name} {level.weight:+.2f}" for name, level in levels.items())
        )


if __name__ == "__main__":
    main()
