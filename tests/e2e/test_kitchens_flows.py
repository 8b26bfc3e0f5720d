"""The kitchens service driven as the console and a tablet gateway would drive it:
HTTP for people, plain Kafka records for the tablet."""

import json
import urllib.error
import urllib.request
import uuid

from deploy.local.agency_client import agency_envelope, publish_envelopes
from deploy.local.demo import KITCHENS, publish_demo, purchases_and_surveys
from shared.programme_clock import programme_today
from shared.topics import DAILY_REPORTS, KITCHEN_EVENTS
from tests.e2e.test_skeleton_flows import caused_by, committee_json, http_json, registered_kitchen
from tests.http_auth import headers_for
from tests.kafka_helpers import json_value, wait_for_records

SCORES = {
    "service_quality": 2,
    "treatment": 2,
    "hygiene_and_upkeep": 3,
    "food_quality": 3,
    "use_of_subsidy": 3,
    "attention_to_requests": 2,
}


def refusal(url: str, body: dict, send=http_json) -> tuple[int, dict]:
    try:
        send(url, body)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())["detail"]
    raise AssertionError(f"{url} accepted {body}")


def report_body(kitchen_id: str, day: str, rations: int = 150) -> dict:
    return {
        "kitchen_id": kitchen_id,
        "report_date": day,
        "rations_dine_in": rations,
        "rations_take_away": 0,
        "fees_collected_centavos": rations * 1000,
    }


def test_console_refusals_name_the_field_and_the_reason(services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    small = {
        "kitchen_id": "TEST-SMALL-1",
        "name": "x",
        "alcaldia": "Tlalpan",
        "colonia": "Centro",
        "daily_capacity": 200,
        "opening_date": "2026-01-05",
        "committee": [{"full_name": "Ana"}, {"full_name": "Eva"}],
    }
    assert refusal(f"{base}/kitchens", small) == (
        409,
        [
            {
                "field": "committee",
                "reason": "2 members given; a committee needs at least 3",
                "code": "committee_too_small",
                "params": {"members": 2, "minimum": 3},
            }
        ],
    )
    status, detail = refusal(f"{base}/kitchens", {**small, "daily_capacity": 400})
    assert status == 422 and detail[0]["field"] == "daily_capacity"

    assert committee_json(f"{base}/daily-reports", report_body(kitchen_id, "2026-10-05"))[
        "report_id"
    ]
    assert refusal(
        f"{base}/daily-reports", report_body(kitchen_id, "2026-10-05"), committee_json
    ) == (
        409,
        [
            {
                "field": "report_date",
                "reason": f"kitchen {kitchen_id} already reported 2026-10-05; "
                "a correction must be sent as an amendment",
                "code": "day_already_reported",
                "params": {"day": "2026-10-05"},
            }
        ],
    )
    status, detail = refusal(
        f"{base}/daily-reports", report_body(kitchen_id, "2099-01-05"), committee_json
    )
    assert (status, detail[0]["field"]) == (422, "report_date")
    assert detail[0]["reason"].startswith("2099-01-05 is in the future (today is ")
    assert refusal(
        f"{base}/daily-reports", report_body("TEST-NOPE-1", "2026-10-05"), committee_json
    ) == (
        404,
        [
            {
                "field": "kitchen_id",
                "reason": "no kitchen TEST-NOPE-1 is registered",
                "code": "unknown_kitchen",
                "params": {},
            }
        ],
    )
    status, detail = refusal(
        f"{base}/daily-reports",
        {**report_body(kitchen_id, "2026-10-06"), "fees_collected_centavos": 1},
        committee_json,
    )
    assert (status, detail[0]["field"]) == (422, "fees_collected_centavos")


async def test_tablet_purchase_and_low_survey_reach_kitchens_events(infrastructure, services):
    kitchen_id = registered_kitchen(services)
    purchase = agency_envelope(
        event_type="kitchens.purchase_submitted",
        producer="tablet-gateway",
        key=kitchen_id,
        payload={
            "kitchen_id": kitchen_id,
            "purchased_on": "2026-10-06",
            "supplier": "Tortillería La Güera",
            "category": "perishable",
            "amount_centavos": 80_000,
            "receipt_reference": f"T-{uuid.uuid4().hex[:6]}",
        },
    )
    survey = agency_envelope(
        event_type="kitchens.survey_submitted",
        producer="tablet-gateway",
        key=kitchen_id,
        payload={
            "kitchen_id": kitchen_id,
            "surveyed_on": "2026-10-06",
            "scores": SCORES,
            "comment": "Tardan mucho.",
        },
    )
    await publish_envelopes(infrastructure.kafka.operator, DAILY_REPORTS.name, [purchase, survey])

    bought = [
        json_value(r)
        for r in await wait_for_records(
            infrastructure.kafka.operator,
            KITCHEN_EVENTS.name,
            caused_by(purchase["event_id"]),
            count=2,
        )
    ]
    assert [e["type"] for e in bought] == [
        "kitchens.purchase_recorded",
        "kitchens.monitoring_flag_raised",
    ]
    surveyed = [
        json_value(r)
        for r in await wait_for_records(
            infrastructure.kafka.operator,
            KITCHEN_EVENTS.name,
            caused_by(survey["event_id"]),
            count=2,
        )
    ]
    low = surveyed[1]
    assert low["type"] == "kitchens.survey_below_threshold"
    assert (low["payload"]["average_score"], low["payload"]["aspects_below"]) == (2.5, [])


def test_subsidy_run_credits_the_purse_once_and_indicators_report_the_period(services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    for day, rations in (("2026-10-05", 150), ("2026-10-06", 170)):
        committee_json(f"{base}/daily-reports", report_body(kitchen_id, day, rations))
    committee_json(
        f"{base}/purchases",
        {
            "kitchen_id": kitchen_id,
            "purchased_on": "2026-10-06",
            "supplier": "Pollería Chabelita",
            "category": "perishable",
            "amount_centavos": 96_000,
            "receipt_reference": "P-1",
        },
    )
    committee_json(
        f"{base}/surveys",
        {
            "kitchen_id": kitchen_id,
            "surveyed_on": "2026-10-07",
            "scores": {**SCORES, "treatment": 5},
        },
    )
    http_json(f"{base}/subsidy-runs", {"month": "2026-10"})
    again = http_json(f"{base}/subsidy-runs", {"month": "2026-10"})
    assert again["kitchens_credited"] == 0
    kitchen = http_json(f"{base}/kitchens/{kitchen_id}")
    assert kitchen["purse_balance_centavos"] == 320 * 1150 - 96_000
    assert sorted((e["kind"], e["amount_centavos"]) for e in kitchen["purse_ledger"]) == [
        ("purchase", -96_000),
        ("subsidy", 320 * 1150),
    ]
    assert [(s["surveyed_on"], s["scores"]["treatment"]) for s in kitchen["surveys"]] == [
        ("2026-10-07", 5)
    ]

    shown = http_json(f"{base}/kitchens/{kitchen_id}/indicators?start=2026-10-05&end=2026-10-09")
    assert (shown["operating_days"], shown["rations"], shown["rations_per_operating_day"]) == (
        5,
        320,
        64.0,
    )
    assert shown["capacity_use"] == round(320 / (5 * 200), 3)
    assert shown["cost_per_ration_centavos"] == 300.0
    assert shown["satisfaction_by_aspect"]["treatment"] == 5.0
    programme = http_json(f"{base}/indicators?start=2026-10-05&end=2026-10-09")
    assert programme["per_kitchen"][kitchen_id] == {
        k: v for k, v in shown.items() if k not in ("kitchen_id", "period")
    }
    assert programme["programme"]["rations"] >= 320


def http_patch(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="PATCH",
        headers={"content-type": "application/json", **headers_for(url)},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_console_changes_a_kitchen_and_its_committee_with_history(services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    http_patch(f"{base}/kitchens/{kitchen_id}", {"colonia": "San Lorenzo", "decided_by": "comité"})
    member = http_json(
        f"{base}/kitchens/{kitchen_id}/committee", {"full_name": "Marta Luna", "role": "secretary"}
    )
    assert http_json(
        f"{base}/kitchens/{kitchen_id}/committee/{member['member_id']}/leave",
        {"left_on": programme_today().isoformat(), "reason": "cambió de trabajo"},
    ) == {"active_members": 3}
    kitchen = http_json(f"{base}/kitchens/{kitchen_id}")
    president = next(m for m in kitchen["committee"] if m["role"] == "president")
    assert (
        refusal(
            f"{base}/kitchens/{kitchen_id}/committee/{president['member_id']}/leave",
            {"left_on": "2026-11-02", "reason": "renuncia"},
        )[1][0]["field"]
        == "member_id"
    )
    http_json(
        f"{base}/kitchens/{kitchen_id}/status",
        {"status": "suspended", "reason": "sin gas", "decided_by": "supervisora"},
    )
    assert refusal(
        f"{base}/kitchens/{kitchen_id}/status",
        {"status": "suspended", "reason": "x", "decided_by": "y"},
    ) == (
        409,
        [
            {
                "field": "status",
                "reason": "the kitchen is already suspended",
                "code": "already_in_status",
                "params": {"kitchen_status": "suspended"},
            }
        ],
    )
    kitchen = http_json(f"{base}/kitchens/{kitchen_id}")
    assert (kitchen["colonia"], kitchen["status"]) == ("San Lorenzo", "suspended")
    assert [h["change"] for h in kitchen["history"]] == [
        "registered",
        "updated",
        "member_joined",
        "member_left",
        "status:suspended",
    ]


async def test_the_demo_data_is_accepted(infrastructure, services):
    today = programme_today()
    await publish_demo(
        infrastructure.kafka,
        services.url("kitchens"),
        lambda: headers_for(services.url("kitchens")),
        today,
    )
    expected = [e["event_id"] for e in purchases_and_surveys(today)]
    answers = await wait_for_records(
        infrastructure.kafka.operator,
        KITCHEN_EVENTS.name,
        lambda r: (json_value(r) or {}).get("causation_id") in expected,
        count=len(expected),
    )
    assert {json_value(r)["type"] for r in answers} <= {
        "kitchens.purchase_recorded",
        "kitchens.survey_recorded",
        "kitchens.monitoring_flag_raised",
    }
    for kitchen in KITCHENS:
        assert (
            len(
                http_json(f"{services.url('kitchens')}/kitchens/{kitchen['kitchen_id']}")[
                    "committee"
                ]
            )
            == 3
        )
