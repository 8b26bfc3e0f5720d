"""What proving who acts costs a call: the console signs an Ed25519 JWT per call,
the service checks it (signature, audience, expiry, claims, role, first use) before
the route.

    .venv/bin/python -m tests.benchmarks.acting_assertion_cost [--calls 2000] [--runs 7]

Times, in µs per call, in process (no network): the service's whole access check
for a person's route (token + assertion) against the same check for an
operational route (token only), their difference being the assertion's cost; and
the console's signing; and, to tell the library's share from the cryptography's, a
bare Ed25519 verification of a message that size. Prints the median and range of the
runs, and the CPU."""

import argparse
import platform
import secrets
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.acting_assertion import (
    HEADER,
    ActingPerson,
    AssertionSigner,
    AssertionVerifier,
    new_key_pair,
)
from shared.roles import Role
from shared.service_auth import AccessPolicy

# About the size of a signed header and claims.
RAW_MESSAGE = b"x" * 300
PERSON = ActingPerson("ana.dif", Role.CASEWORKER, "dif-jalisco", reason="visita domiciliaria")
CASE_FILE = ("GET", "/persons/01a24c0f-5bb7-7511-9dc9-2fc91ed33c0e")
OPERATIONAL = ("POST", "/subsidy-runs")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def per_call_us(work: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        work()
    return (time.perf_counter() - started) / calls * 1e6


def summary(name: str, samples: list[float]) -> str:
    return (
        f"{name:<44} median {statistics.median(samples):7.1f} µs  "
        f"(range {min(samples):.1f}–{max(samples):.1f}, {len(samples)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    private, public = new_key_pair()
    signer = AssertionSigner(private)
    console, ops = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    policy = AccessPolicy(
        "beneficiaries",
        {"console": console, "ops": ops},
        AssertionVerifier(public),
        operational=frozenset({"POST /subsidy-runs"}),
    )
    token_only = {"authorization": f"Bearer {ops}"}
    raw_key = Ed25519PrivateKey.generate()
    raw_public, raw_signature = raw_key.public_key(), raw_key.sign(RAW_MESSAGE)
    measured: dict[str, list[float]] = {"person": [], "token": [], "sign": [], "raw": []}
    for _ in range(args.runs):
        # An assertion is good for one call: each call gets its own, signed beforehand.
        signed = iter(
            [
                {"authorization": f"Bearer {console}", HEADER: signer.sign("beneficiaries", PERSON)}
                for _ in range(args.calls)
            ]
        )
        measured["person"].append(
            per_call_us(lambda calls=signed: policy.acting(*CASE_FILE, next(calls)), args.calls)
        )
        measured["token"].append(
            per_call_us(lambda: policy.acting(*OPERATIONAL, token_only), args.calls)
        )
        measured["sign"].append(
            per_call_us(lambda: signer.sign("beneficiaries", PERSON), args.calls)
        )
        measured["raw"].append(
            per_call_us(lambda: raw_public.verify(raw_signature, RAW_MESSAGE), args.calls)
        )
    assertion = [p - t for p, t in zip(measured["person"], measured["token"], strict=True)]
    print(f"CPU: {cpu_model()}; Python {platform.python_version()}; {args.calls} calls a run")
    print(summary("service: token + assertion (person's route)", measured["person"]))
    print(summary("service: token only (operational route)", measured["token"]))
    print(summary("the assertion's share of the service's check", assertion))
    print(summary("console: signing one assertion", measured["sign"]))
    print(summary("of which OpenSSL's Ed25519 verify alone", measured["raw"]))


if __name__ == "__main__":
    main()
