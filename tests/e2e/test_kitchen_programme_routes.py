"""The kitchens service's programme routes, as the console's programme staff screens use
them: the kitchens list, the review of monitoring flags, the subsidy preview, and who is
refused which of them."""

import uuid

import httpx

from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import committee_json, http_json, registered_kitchen
from tests.http_auth import FreshAssertions, acting_headers


def as_committee(base: str, kitchen_id: str) -> dict[str, str]:
    return acting_headers(base, user="lucia", role="kitchen_committee", kitchen=kitchen_id)


def as_supervisor(base: str) -> dict[str, str]:
    return acting_headers(base, user="sofia", role="supervisor")


def kitchen_named(services, name: str, alcaldia: str) -> str:
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    changed = httpx.patch(
        f"{base}/kitchens/{kitchen_id}",
        json={"name": name, "alcaldia": alcaldia, "decided_by": "console"},
        headers=as_supervisor(base),
        timeout=10,
    )
    assert changed.status_code == 200, changed.text
    return kitchen_id


def test_the_kitchens_list_finds_by_words_in_any_case_and_filters_by_status_and_municipality(
    services,
):
    base = services.url("kitchens")
    marker = f"q{uuid.uuid4().hex[:8]}"
    milpa = kitchen_named(services, f"Comedor Milpa Alta {marker}", "Milpa Alta")
    other = kitchen_named(services, f"Comedor Xochimilco {marker}", "Xochimilco")
    suspended = httpx.post(
        f"{base}/kitchens/{other}/status",
        json={"status": "suspended", "reason": "revisión", "decided_by": "console"},
        headers=as_supervisor(base),
        timeout=10,
    )
    assert suspended.status_code == 200, suspended.text

    def listed(**params: str) -> list[str]:
        answer = httpx.get(f"{base}/kitchens", params=params, headers=as_supervisor(base))
        assert answer.status_code == 200, answer.text
        return [k["kitchen_id"] for k in answer.json()["kitchens"]]

    assert sorted(listed(text=marker.upper())) == sorted([milpa, other])
    assert listed(text=f"milpa alta {marker}") == [milpa]
    assert listed(text=marker, status="suspended") == [other]
    assert listed(text=marker, alcaldia="Milpa Alta") == [milpa]
    assert listed(text="100%_") == [], "wildcards in the words are matched as themselves"
    everything = httpx.get(f"{base}/kitchens", params={"text": marker}, headers=as_supervisor(base))
    assert {"Milpa Alta", "Xochimilco"} <= set(everything.json()["alcaldias"])

    own = httpx.get(f"{base}/kitchens", headers=as_committee(base, milpa)).json()
    assert [k["kitchen_id"] for k in own["kitchens"]] == [milpa], "a committee sees its own"
    assert own["alcaldias"] == ["Milpa Alta"]


def flagged_kitchen(services) -> tuple[str, str]:
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    committee_json(f"{base}/daily-reports", report_body(kitchen_id, "2026-09-07", 260))
    (flag,) = http_json(f"{base}/kitchens/{kitchen_id}")["open_flags"]
    assert flag["rule"] == "rations_above_capacity" and flag["status"] == "open"
    return kitchen_id, flag["flag_id"]


def open_flags(base: str, kitchen_id: str) -> int:
    shown = http_json(f"{base}/kitchens/{kitchen_id}/indicators?start=2026-09-01&end=2026-09-30")
    return shown["open_flags"]


def test_a_flag_is_acknowledged_then_closed_with_a_reason_and_stops_counting_as_open(services):
    base = services.url("kitchens")
    kitchen_id, flag_id = flagged_kitchen(services)
    url = f"{base}/kitchens/{kitchen_id}/flags/{flag_id}"

    def review(status: str, headers: dict[str, str]) -> httpx.Response:
        body = {"status": status, "reason": "visita del 8 de septiembre", "decided_by": "x"}
        return httpx.post(url, json=body, headers=headers, timeout=10)

    assert review("closed", as_committee(base, kitchen_id)).status_code == 403
    assert review("acknowledged", as_supervisor(base)).status_code == 200
    assert open_flags(base, kitchen_id) == 1, "an acknowledged flag is still open"
    assert review("closed", as_supervisor(base)).status_code == 200
    assert open_flags(base, kitchen_id) == 0
    kitchen = http_json(f"{base}/kitchens/{kitchen_id}")
    assert kitchen["open_flags"] == []
    (closed,) = kitchen["closed_flags"]
    assert (closed["review_reason"], closed["reviewed_by"]) == (
        "visita del 8 de septiembre",
        "sofia",
    )
    assert [h["change"] for h in kitchen["history"]][-2:] == ["flag:acknowledged", "flag:closed"]

    again = review("closed", as_supervisor(base))
    assert again.status_code == 409 and again.json()["detail"][0]["field"] == "status"
    other_kitchen = registered_kitchen(services)
    elsewhere = httpx.post(
        f"{base}/kitchens/{other_kitchen}/flags/{flag_id}",
        json={"status": "closed", "reason": "x"},
        headers=as_supervisor(base),
        timeout=10,
    )
    assert elsewhere.status_code == 404, "a flag is reviewed through its own kitchen only"


def test_the_subsidy_preview_computes_what_the_run_would_credit_and_credits_nothing(services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    for day, rations in (("2026-08-03", 150), ("2026-08-04", 171)):
        committee_json(f"{base}/daily-reports", report_body(kitchen_id, day, rations))

    def preview() -> dict:
        answer = httpx.get(
            f"{base}/subsidy-runs/preview", params={"month": "2026-08"}, headers=as_supervisor(base)
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    first = preview()
    ours = next(k for k in first["kitchens"] if k["kitchen_id"] == kitchen_id)
    assert ours == {
        "kitchen_id": kitchen_id,
        "name": "Comedor de prueba",
        "rations": 321,
        "amount_centavos": 321 * 1150,
        "already_credited": False,
    }
    assert first["amount_centavos"] >= 321 * 1150
    assert preview() == first, "a preview writes nothing"
    assert http_json(f"{base}/kitchens/{kitchen_id}")["purse_balance_centavos"] == 0

    future = httpx.get(
        f"{base}/subsidy-runs/preview", params={"month": "2099-01"}, headers=as_supervisor(base)
    )
    assert future.status_code == 422 and future.json()["detail"][0]["field"] == "month"


def test_a_committee_member_is_refused_the_programme_commands_and_figures(services):
    base = services.url("kitchens")
    own = registered_kitchen(services)
    # One assertion per call, as the console signs them.
    lucia = FreshAssertions(base, user="lucia", role="kitchen_committee", kitchen=own)
    refused = {
        "register": httpx.post(
            f"{base}/kitchens",
            json={
                "kitchen_id": "TEST-NOPE",
                "name": "x",
                "alcaldia": "x",
                "colonia": "x",
                "daily_capacity": 200,
                "opening_date": "2026-01-05",
                "committee": [{"full_name": "a"}, {"full_name": "b"}, {"full_name": "c"}],
            },
            auth=lucia,
        ),
        "update own": httpx.patch(
            f"{base}/kitchens/{own}", json={"daily_capacity": 350, "decided_by": "x"}, auth=lucia
        ),
        "close own": httpx.post(
            f"{base}/kitchens/{own}/status",
            json={"status": "closed", "reason": "x", "decided_by": "x"},
            auth=lucia,
        ),
        "add member": httpx.post(
            f"{base}/kitchens/{own}/committee", json={"full_name": "Ana"}, auth=lucia
        ),
        "subsidy run": httpx.post(f"{base}/subsidy-runs", json={"month": "2026-08"}, auth=lucia),
        "subsidy preview": httpx.get(
            f"{base}/subsidy-runs/preview", params={"month": "2026-08"}, auth=lucia
        ),
        "programme indicators": httpx.get(
            f"{base}/indicators", params={"start": "2026-08-01", "end": "2026-08-31"}, auth=lucia
        ),
    }
    for what, answer in refused.items():
        assert answer.status_code == 403, (what, answer.text)
        assert answer.json()["detail"][0]["field"] == "X-Acting-Assertion.role", what
    kitchen = http_json(f"{base}/kitchens/{own}")
    assert (kitchen["daily_capacity"], kitchen["status"]) == (200, "active")
    assert len(kitchen["committee"]) == 3
    own_figures = httpx.get(
        f"{base}/kitchens/{own}/indicators",
        params={"start": "2026-08-01", "end": "2026-08-31"},
        auth=lucia,
    )
    assert own_figures.status_code == 200, "her own kitchen's figures stay hers to read"
