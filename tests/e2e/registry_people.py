"""People enrolled over the registry's HTTP intake by the agencies a test names,
each with a CURP so that her records link at once."""

import uuid
from typing import Any

import httpx

from tests.e2e.test_registry_flows import agency_record, curp_for
from tests.e2e.test_skeleton_flows import distinct_person


async def person_enrolled_by(
    http: httpx.AsyncClient, consents: dict[str, bool], **overrides: Any
) -> dict[str, Any]:
    """One woman enrolled by each agency of `consents` (agency -> consent_to_share).
    Returns her facts and person id."""
    facts = {**distinct_person(uuid.uuid4().hex), **overrides}
    facts["national_id"] = curp_for(
        facts["given_names"],
        facts["paternal_surname"],
        facts["maternal_surname"],
        facts["birth_date"],
    )
    facts["national_id_type"] = "CURP"
    person_ids = set()
    for agency, consent in consents.items():
        payload = agency_record(
            agency, **{**facts, "municipality": "Zapopan", "consent_to_share": consent}
        )["payload"]
        reply = await http.post("/enrolments", json=payload)
        assert reply.status_code == 201, reply.text
        person_ids.add(reply.json()["person_id"])
    assert len(person_ids) == 1, "the records of one CURP must link to one person"
    return {**facts, "person_id": person_ids.pop()}
