"""A woman's follow-up in the registry: trainings, ELCSA assessments,
graduation, meals reported by kitchens, and the outcome indicator."""

import asyncio
import uuid

import httpx

from deploy.local.agency_client import agency_envelope, publish_envelopes
from shared.topics import KITCHEN_EVENTS
from tests.e2e.test_registry_flows import agency_record, enrol
from tests.http_auth import FreshAssertions
from tests.kafka_helpers import wait_for_records


async def test_follow_up_through_graduation_counts_in_the_outcome_indicator(
    infrastructure, services
):
    [woman] = await enrol(
        infrastructure.kafka.operator,
        agency_record(
            "sisemh-jalisco",
            "training",
            started_on="2025-01-10",
            given_names="Marisol",
            paternal_surname="Cárdenas",
            maternal_surname="Lomelí",
            birth_date="1987-04-18",
            municipality="Tlajomulco de Zúñiga",
        ),
    )
    person = woman["person_id"]
    report_id = str(uuid.uuid4())
    meal = agency_envelope(
        event_type="kitchens.daily_report_accepted",
        producer="kitchens",
        key="CDMX-IZT-0042",
        payload={
            "report_id": report_id,
            "kitchen_id": "CDMX-IZT-0042",
            "report_date": "2026-03-02",
            "rations_total": 180,
            "fees_collected_centavos": 180_00,
            "beneficiary_person_ids": [person],
        },
    )
    await publish_envelopes(infrastructure.kafka.operator, KITCHEN_EVENTS.name, [meal, meal])

    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        before = (await http.get("/indicators/food-security")).json()
        moderate = [True] * 7 + [False] * 8
        mild = [True] * 2 + [False] * 13
        steps = [
            (
                "assessments",
                {
                    "assessed_on": "2025-01-15",
                    "with_minors": True,
                    "answers": moderate,
                    "recorded_by": "cw-3",
                },
            ),
            (
                "trainings",
                {
                    "kind": "production",
                    "title": "Huertos de traspatio",
                    "attended_on": "2025-03-04",
                    "hours": 12,
                    "recorded_by": "cw-3",
                },
            ),
            ("notes", {"author": "cw-3", "body": "Vende hortalizas en el tianguis."}),
            (
                "assessments",
                {
                    "assessed_on": "2025-12-01",
                    "with_minors": True,
                    "answers": mild,
                    "recorded_by": "cw-3",
                },
            ),
            ("graduation", {"graduated_on": "2025-12-15", "recorded_by": "sup-1"}),
        ]
        for path, body in steps:
            answer = await http.post(f"/persons/{person}/{path}", json=body)
            assert answer.status_code == 201, (path, answer.text)
        again = await http.post(
            f"/persons/{person}/graduation",
            json={"graduated_on": "2025-12-20", "recorded_by": "sup-1"},
        )
        assert (
            again.status_code == 409
            and again.json()["detail"][0]["reason"] == "has already graduated"
        )
        short = await http.post(
            f"/persons/{person}/assessments",
            json={
                "assessed_on": "2025-06-01",
                "with_minors": True,
                "answers": [False] * 8,
                "recorded_by": "cw-3",
            },
        )
        assert short.status_code == 422 and short.json()["detail"][0]["field"] == "answers"

        after = (await http.get("/indicators/food-security")).json()
        assert after["graduates"] == before["graduates"] + 1
        assert after["improved"] == before["improved"] + 1
        # She counts at moderate before and at mild after, in the levels the console charts.
        assert after["levels_before"]["moderate"] == before["levels_before"]["moderate"] + 1
        assert after["levels_after"]["mild"] == before["levels_after"]["mild"] + 1

        await wait_for_records(
            infrastructure.kafka.operator,
            KITCHEN_EVENTS.name,
            lambda r: report_id.encode() in r.value,
        )
        for _ in range(50):
            case = (await http.get(f"/persons/{person}")).json()
            if case["meals"]:
                break
            await asyncio.sleep(0.2)
        assert case["meals"] == [{"kitchen_id": "CDMX-IZT-0042", "served_on": "2026-03-02"}]
        assert [a["level"] for a in case["assessments"]] == ["moderate", "mild"]
        assert case["graduated_on"] == "2025-12-15"
        assert [t["kind"] for t in case["trainings"]] == ["production"]
        assert len(case["notes"]) == 1
