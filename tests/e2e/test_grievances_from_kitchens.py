"""Low surveys and monitoring flags on kitchens.events open one case each,
linked to their source; the kitchens service's other events are skipped,
not dead-lettered. The events are published here, as the kitchens service would."""

import uuid

from deploy.local.agency_client import agency_envelope, publish_envelopes
from shared.topics import GRIEVANCE_EVENTS, KITCHEN_EVENTS
from tests.e2e.grievance_helpers import case, officer_reads, read_all
from tests.e2e.test_skeleton_flows import caused_by
from tests.kafka_helpers import header, json_value, wait_for_records

GROUP = "grievances.kitchens.events"


def kitchen_event(event_type: str, kitchen_id: str, payload: dict) -> dict:
    return agency_envelope(
        event_type=event_type,
        producer="kitchens",
        key=kitchen_id,
        payload={"kitchen_id": kitchen_id, **payload},
    )


def low_survey(kitchen_id: str, survey_id: str) -> dict:
    return kitchen_event(
        "kitchens.survey_below_threshold",
        kitchen_id,
        {
            "survey_id": survey_id,
            "surveyed_on": "2026-11-18",
            "scores": {
                "service_quality": 3,
                "treatment": 4,
                "hygiene_and_upkeep": 1,
                "food_quality": 2,
                "use_of_subsidy": 3,
                "attention_to_requests": 3,
            },
            "average_score": 2.7,
            "average_threshold": 3.0,
            "aspect_threshold": 3,
            "aspects_below": ["hygiene_and_upkeep", "food_quality"],
        },
    )


def monitoring_flag(kitchen_id: str, flag_id: str) -> dict:
    return kitchen_event(
        "kitchens.monitoring_flag_raised",
        kitchen_id,
        {
            "flag_id": flag_id,
            "rule": "rations_above_capacity",
            "observed_on": "2026-11-17",
            "summary": "Reported 410 rations with a capacity of 250.",
            "evidence": {"rations": 410, "capacity": 250},
        },
    )


def others(kitchen_id: str) -> list[dict]:
    return [
        kitchen_event(
            "kitchens.kitchen_registered",
            kitchen_id,
            {
                "name": "Comedor",
                "alcaldia": "Iztapalapa",
                "colonia": "Centro",
                "daily_capacity": 250,
            },
        ),
        kitchen_event(
            "kitchens.daily_report_accepted",
            kitchen_id,
            {
                "report_id": str(uuid.uuid4()),
                "report_date": "2026-11-17",
                "rations_total": 180,
                "fees_collected_centavos": 180_000,
            },
        ),
        kitchen_event(
            "kitchens.purse_credited", kitchen_id, {"a type": "added by the kitchens service later"}
        ),
    ]


async def test_a_low_survey_and_a_monitoring_flag_each_open_one_linked_case(
    infrastructure, services
):
    kitchen_id = f"CDMX-AUTO-{uuid.uuid4().hex[:6].upper()}"
    survey_id, flag_id = str(uuid.uuid4()), str(uuid.uuid4())
    survey, flag = low_survey(kitchen_id, survey_id), monitoring_flag(kitchen_id, flag_id)
    # The same sources again under new event ids, as a replaying producer would send them.
    resent = [low_survey(kitchen_id, survey_id), monitoring_flag(kitchen_id, flag_id)]
    await publish_envelopes(
        infrastructure.kafka.operator,
        KITCHEN_EVENTS.name,
        [*others(kitchen_id), survey, flag, *resent],
    )

    [from_survey] = await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(survey["event_id"])
    )
    [from_flag] = await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(flag["event_id"])
    )
    survey_case = case(services, json_value(from_survey)["payload"]["case_id"])
    assert (survey_case["kind"], survey_case["category"], survey_case["subject_ref"]) == (
        "non_conformity",
        "hygiene",
        kitchen_id,
    )
    assert not survey_case["internal"]
    flag_case = case(services, json_value(from_flag)["payload"]["case_id"])
    assert (flag_case["category"], flag_case["internal"]) == ("misuse_of_subsidy", True)
    assert "410 rations" in flag_case["description"]
    assert (
        json_value(from_flag)["payload"]["channel_reference"]
        == f"kitchens.monitoring_flag:{flag_id}"
    )

    _, listed = officer_reads(f"{services.url('grievances')}/cases?subject_ref={kitchen_id}")
    assert listed["total"] == 2, "a source seen twice opens one case"
    dead = await read_all(infrastructure.kafka.operator, [KITCHEN_EVENTS.dead_letter])
    ours = [
        r for r in dead if r.key == kitchen_id.encode() and header(r, "dlq.consumer.group") == GROUP
    ]
    assert ours == [], "events grievances does not handle are not dead-lettered"


async def test_a_malformed_survey_is_dead_lettered_with_its_reason(infrastructure, services):
    kitchen_id = f"CDMX-AUTO-{uuid.uuid4().hex[:6].upper()}"
    broken = low_survey(kitchen_id, str(uuid.uuid4()))
    del broken["payload"]["average_score"]
    valid = monitoring_flag(kitchen_id, str(uuid.uuid4()))
    await publish_envelopes(infrastructure.kafka.operator, KITCHEN_EVENTS.name, [broken, valid])

    await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(valid["event_id"])
    )
    [dead] = await wait_for_records(
        infrastructure.kafka.operator,
        KITCHEN_EVENTS.dead_letter,
        lambda r: r.key == kitchen_id.encode() and header(r, "dlq.consumer.group") == GROUP,
    )
    assert header(dead, "dlq.reason") == "payload.average_score: Field required"
    assert header(dead, "dlq.consumer.group") == GROUP
