"""The kcat example of docs/integration.md, run exactly as written (only the
broker address is the test stack's), with kcat as the foreign client signed in
as the agency, with the password and CA the stack made."""

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

MARKER = "<!-- kcat-example -->"


def documented_example() -> str:
    guide = (ROOT / "docs" / "integration.md").read_text()
    after_marker = guide[guide.index(MARKER) + len(MARKER) :]
    example = re.search(r"```sh\n(.*?)```", after_marker, re.DOTALL)
    assert example, f"no sh block after {MARKER} in docs/integration.md"
    return example.group(1)


def test_the_documented_kcat_example_enrols_and_reads_the_decision(infrastructure, services):
    if infrastructure.kafka_description.startswith("Tansu"):
        pytest.skip(
            "the tansu fallback broker fails librdkafka's ApiVersion handshake; "
            "kcat needs Apache Kafka"
        )
    assert shutil.which("kcat"), (
        "kcat missing: `make test` installs it (deploy/local/system-packages.sh)"
    )
    script = documented_example()
    assert "KAFKA=127.0.0.1:9092" in script
    script = script.replace("KAFKA=127.0.0.1:9092", f"KAFKA={infrastructure.bootstrap_servers}")
    agency = infrastructure.kafka.agency("sedis-jalisco")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KAFKA_PASSWORD": agency.password, "KAFKA_CA": agency.ca_file},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout.strip().splitlines()[-1])
    assert decision["type"] == "beneficiaries.enrolment_registered"
    assert decision["payload"]["decision"] == "new_person"
    assert decision["payload"]["agency"] == "sedis-jalisco"
