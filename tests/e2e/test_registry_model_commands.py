"""The registry's two model commands as docs/operations.md runs them, as processes
against the session's registry (as its own role): `estimate_model` writes a model file
the registry can load, and `re_resolve` re-resolves the registry with a model file. The
model in force is re-resolved, so nothing changes for the other tests."""

import os
import subprocess
import sys

from deploy.local.agency_client import agency_envelope, publish_envelopes
from services.beneficiaries.domain.match_model import DEFAULT_MODEL_FILE, load_model
from shared.topics import ENROLMENTS, REGISTRY_DECISIONS
from tests.benchmarks.synthetic_registry import SyntheticRecord, generate
from tests.kafka_helpers import json_value, wait_for_records

PEOPLE = 150


def _envelope(record: SyntheticRecord) -> dict:
    payload = record.enrolment.model_dump(mode="json")
    # Ids of their own: the session's other tests enrol synthetic people too.
    payload["agency_record_id"] = f"MODEL-{payload['agency_record_id']}"
    agency = payload["agency"]
    return agency_envelope(
        event_type="beneficiaries.enrolment_submitted",
        producer=f"agency.{agency}",
        key=f"{agency}:{payload['agency_record_id']}",
        payload=payload,
    )


def _command(infrastructure, module: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env={**os.environ, "DATABASE_URL": infrastructure.database_url_of("beneficiaries")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


async def test_a_model_estimated_from_the_registry_loads_as_a_new_version(
    infrastructure, services, tmp_path
):
    # Estimation learns from records of one person enrolled more than once: a synthetic
    # registry has them, a dozen distinct people would teach it nothing.
    envelopes = [_envelope(r) for r in generate(PEOPLE, 11)]
    await publish_envelopes(infrastructure.kafka.operator, ENROLMENTS.name, envelopes)
    ids = {e["event_id"] for e in envelopes}
    await wait_for_records(
        infrastructure.kafka.operator,
        REGISTRY_DECISIONS.name,
        lambda r: (json_value(r) or {}).get("causation_id") in ids,
        count=len(envelopes),
        timeout=120,
    )
    out = tmp_path / "match_model.json"
    printed = _command(
        infrastructure,
        "services.beneficiaries.estimate_model",
        "--out",
        str(out),
        "--version",
        "test-estimated",
        "--records",
        "5000",
        "--labels",
        "100",
    )
    assert "model test-estimated estimated from" in printed
    assert load_model(out).version == "test-estimated"


def test_re_resolving_with_the_model_in_force_opens_no_review_task(infrastructure, services):
    printed = _command(
        infrastructure,
        "services.beneficiaries.re_resolve",
        "--model",
        str(DEFAULT_MODEL_FILE),
        "--chunk-size",
        "50",
    )
    assert printed.rstrip().endswith(" 0 review tasks opened"), printed[-500:]
