"""A kitchen's period day by day (GET /kitchens/{id}/series), what the console charts: the
rations accepted each day (a corrected day by its amendment) against the daily capacity, the
purse's balance at the end of each day it moved, opening with the balance the period found;
read by its own committee and by programme staff, never by another kitchen's committee."""

import httpx

from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import committee_json, http_json, registered_kitchen
from tests.http_auth import acting_headers

PERIOD = {"start": "2026-09-01", "end": "2026-09-30"}


def purchase(kitchen_id: str, day: str, centavos: int, receipt: str) -> dict:
    return {
        "kitchen_id": kitchen_id,
        "purchased_on": day,
        "supplier": "Pollería Chabelita",
        "category": "perishable",
        "amount_centavos": centavos,
        "receipt_reference": receipt,
    }


def test_the_series_gives_rations_per_day_and_the_running_purse_balance(services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    for day, rations in (("2026-08-31", 90), ("2026-09-07", 150), ("2026-09-08", 170)):
        committee_json(f"{base}/daily-reports", report_body(kitchen_id, day, rations))
    committee_json(
        f"{base}/daily-report-amendments",
        {**report_body(kitchen_id, "2026-09-08", 230), "reason": "se contaron mal"},
    )
    committee_json(f"{base}/purchases", purchase(kitchen_id, "2026-08-31", 50_000, "A-1"))
    committee_json(f"{base}/purchases", purchase(kitchen_id, "2026-09-08", 20_000, "A-2"))
    committee_json(f"{base}/purchases", purchase(kitchen_id, "2026-09-08", 5_000, "A-3"))

    series = http_json(f"{base}/kitchens/{kitchen_id}/series?start=2026-09-01&end=2026-09-30")

    assert series["daily_capacity"] == 200
    assert [(r["day"], r["rations"]) for r in series["rations"]] == [
        ("2026-09-07", 150),
        ("2026-09-08", 230),
    ], "the period's days only, a corrected day by its amendment"
    assert series["purse"]["opening_centavos"] == -50_000
    assert series["purse"]["days"] == [{"day": "2026-09-08", "balance_centavos": -75_000}]


def test_a_committee_reads_its_own_kitchens_series_and_no_other(services):
    base = services.url("kitchens")
    own, other = registered_kitchen(services), registered_kitchen(services)

    def read(kitchen_id: str, **who: str) -> httpx.Response:
        return httpx.get(
            f"{base}/kitchens/{kitchen_id}/series",
            params=PERIOD,
            headers=acting_headers(base, **who),
            timeout=10,
        )

    committee = {"user": "lucia", "role": "kitchen_committee", "kitchen": own}
    assert read(own, **committee).status_code == 200
    refused = read(other, **committee)
    assert refused.status_code == 404, "another kitchen is answered as one that does not exist"
    unknown = read("TEST-NONE00", **committee)
    assert unknown.status_code == 404
    assert refused.json()["detail"][0]["field"] == unknown.json()["detail"][0]["field"]
    assert "series" not in refused.text and "rations" not in refused.text
    assert read(other, user="sofia", role="supervisor").status_code == 200
    reversed_period = httpx.get(
        f"{base}/kitchens/{own}/series",
        params={"start": "2026-09-30", "end": "2026-09-01"},
        headers=acting_headers(base, user="sofia", role="supervisor"),
        timeout=10,
    )
    assert reversed_period.status_code == 422
    assert reversed_period.json()["detail"][0]["field"] == "end"
