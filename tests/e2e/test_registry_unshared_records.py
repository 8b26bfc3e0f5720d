"""A record another agency holds without the woman's consent to share leaves no
trace in what a caseworker reads: not whose it is, not its programme or
benefit, not its dates; an overlap with her own agency's benefit is told as
"her benefit overlaps another agency's support". Tried as agency B's
caseworker would, reading a woman a violence shelter (ijm-jalisco) serves."""

import json
import uuid
from typing import Any

import httpx

from tests.e2e.test_registry_consent import case_file, caseworker, client, woman_with_curp
from tests.e2e.test_registry_flows import agency_record
from tests.e2e.test_skeleton_flows import distinct_person
from tests.http_auth import FreshAssertions

SHELTER_PROGRAMME = "Atención a mujeres en situación de violencia"
PANTRY_PROGRAMME = "Despensas del DIF"
# What would tell agency B who else serves her and with what.
FORBIDDEN = ("ijm", "violence_support", SHELTER_PROGRAMME, "dif-", PANTRY_PROGRAMME)


async def enrol(
    http: httpx.AsyncClient,
    services,
    agency: str,
    facts: dict[str, Any],
    benefit: str = "food_basket",
    programme: str = "Seguridad alimentaria",
) -> dict[str, Any]:
    """One agency's record of her, without consent to share, sent by its caseworker."""
    payload = {
        **agency_record(agency, benefit, **{**facts, "consent_to_share": False})["payload"],
        "programme": programme,
    }
    reply = await http.post("/enrolments", json=payload, auth=caseworker(services, agency))
    assert reply.status_code == 201, reply.text
    return {**reply.json(), "payload": payload}


def leaks(reply: httpx.Response) -> list[str]:
    """What of the forbidden words a reply holds, whatever its status."""
    text = reply.text.lower()
    return [word for word in FORBIDDEN if word.lower() in text]


async def test_another_agencys_unshared_record_names_neither_the_agency_nor_the_benefit(
    services,
):
    facts = woman_with_curp()
    reader = caseworker(services, "sedis-jalisco", "cw-sedis")
    async with client(services) as http:
        shelter = await enrol(
            http, services, "ijm-jalisco", facts, "violence_support", SHELTER_PROGRAMME
        )
        # Hers arrives second, linked by comparison with the shelter's record.
        ours = await enrol(http, services, "sedis-jalisco", facts)
        assert ours["decision"] == "linked"
        person = ours["person_id"]
        pantry = await enrol(http, services, "dif-jalisco", facts, "food_basket", PANTRY_PROGRAMME)
        assert shelter["person_id"] == pantry["person_id"] == person, "one CURP, one person"

        read = await http.get(f"/persons/{person}", auth=reader)
        assert read.status_code == 200 and leaks(read) == [], leaks(read)
        seen = read.json()
        assert [e["enrolment_id"] for e in seen["enrolments"]] == [ours["enrolment_id"]]
        assert shelter["enrolment_id"] not in read.text and pantry["enrolment_id"] not in read.text
        [overlap] = seen["support_overlaps"]
        assert overlap["enrolment_id"] == ours["enrolment_id"] and not overlap["details_shared"]
        assert "rule" not in overlap and overlap["cleared_at"] is None
        # Protected by the shelter's record alone: the flag would say what the shelter does.
        assert seen["protection"] == {"protected": False}

        for query in ({"curp": facts["national_id"]}, {"name": facts["given_names"]}):
            found = await http.post("/persons/search", json=query, auth=reader)
            assert found.status_code == 200 and leaks(found) == [], leaks(found)
        for enrolment in (ours, shelter, pantry):
            decisions = await http.get(
                f"/enrolments/{enrolment['enrolment_id']}/decisions", auth=reader
            )
            assert leaks(decisions) == [], leaks(decisions)
        hers = await http.get(f"/enrolments/{ours['enrolment_id']}/decisions", auth=reader)
        assert hers.status_code == 200 and shelter["enrolment_id"] not in hers.text

        unscoped = await case_file(
            http,
            FreshAssertions(
                services.url("beneficiaries"), user="sup", role="supervisor", reason="revision"
            ),
            person,
        )
    assert {e["agency"] for e in unscoped["enrolments"]} == {
        "sedis-jalisco",
        "ijm-jalisco",
        "dif-jalisco",
    }
    assert [o["rule"] for o in unscoped["support_overlaps"]] == ["food_basket~food_basket"]
    assert unscoped["protection"]["protected"] is True


async def test_a_record_not_shared_with_her_does_not_find_her_woman_in_a_search(services):
    # Her phone on both records: name and birth date alone send a record to review in a
    # registry too young to know which names are rare.
    facts = {**woman_with_curp(), "phone": f"33{uuid.uuid4().int % 10**8:08d}"}
    reader = caseworker(services, "sedis-jalisco", "cw-sedis")
    async with client(services) as http:
        without_curp = {k: v for k, v in facts.items() if not k.startswith("national_id")}
        ours = await enrol(http, services, "sedis-jalisco", without_curp)
        shelter = await enrol(
            http, services, "ijm-jalisco", facts, "violence_support", SHELTER_PROGRAMME
        )
        assert shelter["decision"] == "linked" and shelter["person_id"] == ours["person_id"]
        by_shelters_curp = await http.post(
            "/persons/search", json={"curp": facts["national_id"]}, auth=reader
        )
        by_her_name = await http.post(
            "/persons/search",
            json={"name": f"{facts['given_names']} {facts['paternal_surname']}"},
            auth=reader,
        )
    assert ours["person_id"] not in by_shelters_curp.text, "only the shelter's record holds it"
    assert ours["person_id"] in by_her_name.text


async def test_a_review_of_an_unshared_record_is_not_read_by_the_candidates_agency(services):
    facts = {
        **distinct_person(uuid.uuid4().hex),
        "given_names": "Juana",
        "paternal_surname": "Hernández",
        "maternal_surname": "García",
    }
    reader = caseworker(services, "sedis-jalisco", "cw-sedis")
    async with client(services) as http:
        ours = await enrol(http, services, "sedis-jalisco", {**facts, "municipality": "El Salto"})
        shelter = await enrol(
            http,
            services,
            "ijm-jalisco",
            {**facts, "municipality": "Tlaquepaque"},
            "violence_support",
            SHELTER_PROGRAMME,
        )
        assert shelter["decision"] == "pending_review", shelter
        task = shelter["review_task_id"]
        queue = await http.get(
            "/review-tasks", params={"status": "open", "limit": 500}, auth=reader
        )
        direct = await http.get(f"/review-tasks/{task}", auth=reader)
        ours_read = await http.get(f"/persons/{ours['person_id']}", auth=reader)
    assert queue.status_code == 200
    assert task not in queue.text and shelter["enrolment_id"] not in queue.text
    assert direct.status_code == 404 and leaks(direct) == []
    assert ours_read.status_code == 200 and task not in ours_read.text, json.dumps(
        ours_read.json()["review_tasks"]
    )
