"""A committee's entry sent again under the tablet's id for it (`Idempotency-Key`), over
real HTTP to the kitchens service and its real PostgreSQL: applied once and answered with
the first result, also when the copies race; a refused entry leaves nothing behind, so it
can be corrected and sent under the same id; the id never reaches another kitchen's
entries."""

import asyncio
import uuid

import httpx

from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import http_json, registered_kitchen
from tests.http_auth import FreshAssertions, acting_headers
from tests.kitchen_surveys import SCORES


def committee_of(base: str, kitchen_id: str) -> FreshAssertions:
    return FreshAssertions(
        base, user=f"comite-{kitchen_id}", role="kitchen_committee", kitchen=kitchen_id
    )


def entries(kitchen_id: str, day: str) -> dict[str, tuple[str, dict]]:
    """Each kind of entry as the console sends it: the path, the body."""
    return {
        "report_id": ("/daily-reports", report_body(kitchen_id, day)),
        "purchase_id": (
            "/purchases",
            {
                "kitchen_id": kitchen_id,
                "purchased_on": day,
                "supplier": "Abarrotes Don Chucho",
                "category": "non_perishable",
                "amount_centavos": 185_050,
                "receipt_reference": f"F-{uuid.uuid4().hex[:6]}",
            },
        ),
        "survey_id": (
            "/surveys",
            {"kitchen_id": kitchen_id, "surveyed_on": day, "scores": SCORES, "comment": ""},
        ),
    }


def recorded(base: str, kitchen_id: str) -> dict[str, list]:
    kitchen = http_json(f"{base}/kitchens/{kitchen_id}")
    return {
        "report_id": [r["report_id"] for r in kitchen["reports"]],
        "purchase_id": [
            e["reference"].removeprefix("purchase:")
            for e in kitchen["purse_ledger"]
            if e["kind"] == "purchase"
        ],
        "survey_id": [s["survey_id"] for s in kitchen["surveys"]],
    }


async def test_an_entry_sent_again_and_racing_itself_is_applied_once_with_the_first_answer(
    services,
):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    async with httpx.AsyncClient(
        base_url=base, timeout=30, auth=committee_of(base, kitchen_id)
    ) as http:
        for result, (path, body) in entries(kitchen_id, "2026-11-19").items():
            key = {"Idempotency-Key": str(uuid.uuid4())}
            first = await http.post(path, json=body, headers=key)
            assert first.status_code == 201, first.text
            copies = await asyncio.gather(
                *(http.post(path, json=body, headers=key) for _ in range(6))
            )
            assert {(c.status_code, c.json()[result]) for c in copies} == {
                (201, first.json()[result])
            }, result
            racing_key = {"Idempotency-Key": str(uuid.uuid4())}
            day = "2026-11-18" if result == "report_id" else "2026-11-19"
            _, racing_body = entries(kitchen_id, day)[result]
            racing = await asyncio.gather(
                *(http.post(path, json=racing_body, headers=racing_key) for _ in range(6))
            )
            assert {r.status_code for r in racing} == {201}, [r.text for r in racing]
            assert len({r.json()[result] for r in racing}) == 1, f"{result}: one answer"
    kept = recorded(base, kitchen_id)
    assert {name: len(ids) for name, ids in kept.items()} == {
        "report_id": 2,
        "purchase_id": 2,
        "survey_id": 2,
    }, "two entries of each kind, each applied once"


async def test_a_refused_entry_leaves_no_claim_and_an_id_is_not_reused_for_another_entry(
    services,
):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    wrong_fees = {**report_body(kitchen_id, "2026-11-19"), "fees_collected_centavos": 500}
    async with httpx.AsyncClient(
        base_url=base, timeout=30, auth=committee_of(base, kitchen_id)
    ) as http:
        refused = await http.post("/daily-reports", json=wrong_fees, headers=key)
        assert refused.status_code == 422, refused.text
        corrected = await http.post(
            "/daily-reports", json=report_body(kitchen_id, "2026-11-19"), headers=key
        )
        assert corrected.status_code == 201, "the refusal kept no claim on the id"
        other_entry = await http.post(
            "/daily-reports", json=report_body(kitchen_id, "2026-11-18"), headers=key
        )
        assert other_entry.status_code == 409, other_entry.text
        assert other_entry.json()["detail"][0]["field"] == "header.idempotency-key"
        not_an_id = await http.post(
            "/daily-reports",
            json=report_body(kitchen_id, "2026-11-18"),
            headers={"Idempotency-Key": "1; DROP TABLE"},
        )
        assert not_an_id.status_code == 422
    assert recorded(base, kitchen_id)["report_id"] == [corrected.json()["report_id"]]


def test_an_entry_id_replayed_by_another_kitchens_committee_neither_reads_nor_changes_it(
    services,
):
    base = services.url("kitchens")
    first, other = registered_kitchen(services), registered_kitchen(services)

    def post(path: str, body: dict, kitchen: str, key: str) -> httpx.Response:
        headers = acting_headers(base, user="comite", role="kitchen_committee", kitchen=kitchen)
        return httpx.post(
            f"{base}{path}", json=body, headers={**headers, "Idempotency-Key": key}, timeout=10
        )

    for result, (path, body) in entries(first, "2026-11-19").items():
        key = str(uuid.uuid4())
        applied = post(path, body, first, key)
        assert applied.status_code == 201, applied.text
        before = http_json(f"{base}/kitchens/{first}")
        as_first = post(path, body, other, key)
        assert as_first.status_code == 404, "the scope check comes before the id"
        assert str(applied.json()[result]) not in as_first.text
        _, own_body = entries(other, "2026-11-19")[result]
        as_own = post(path, own_body, other, key)
        assert as_own.status_code == 201, as_own.text
        assert as_own.json()[result] != applied.json()[result], "her own entry, not the first"
        assert http_json(f"{base}/kitchens/{first}") == before, result
    assert {k: len(v) for k, v in recorded(base, other).items()} == {
        "report_id": 1,
        "purchase_id": 1,
        "survey_id": 1,
    }
