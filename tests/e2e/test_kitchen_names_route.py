"""A kitchen's name by its code (GET /kitchen-names), what the console shows wherever a screen
names a kitchen: several codes in one call, an unregistered one left out; a committee member
learns her own kitchen's name alone, any other code answered exactly as an unregistered one."""

import uuid

import httpx

from tests.e2e.test_skeleton_flows import http_json, kitchen_registration
from tests.http_auth import acting_headers


def _named_kitchen(services, name: str) -> str:
    kitchen_id = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    http_json(f"{services.url('kitchens')}/kitchens", kitchen_registration(kitchen_id, name))
    return kitchen_id


def _names(services, codes: list[str], **who: str) -> httpx.Response:
    base = services.url("kitchens")
    return httpx.get(
        f"{base}/kitchen-names",
        params={"kitchen_id": codes},
        headers=acting_headers(base, **who),
        timeout=10,
    )


def test_the_names_of_several_kitchens_in_one_call_an_unregistered_code_left_out(services):
    own = _named_kitchen(services, "Comedor Las Golondrinas")
    other = _named_kitchen(services, "Comedor Santa Cruz")
    unregistered = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    for role in ("supervisor", "grievance_officer", "admin"):
        reply = _names(services, [own, other, unregistered], user=f"{role}.nombres", role=role)
        assert reply.status_code == 200, (role, reply.text)
        assert reply.json() == {
            "names": {own: "Comedor Las Golondrinas", other: "Comedor Santa Cruz"}
        }, role


def test_a_committee_member_learns_her_own_kitchens_name_and_no_other(services):
    own = _named_kitchen(services, "Comedor El Olivo")
    other = _named_kitchen(services, "Comedor La Esperanza")
    unregistered = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    member = {"user": f"comite-{own}", "role": "kitchen_committee", "kitchen": own}

    both = _names(services, [own, other, unregistered], **member)
    assert both.status_code == 200, both.text
    assert both.json() == {"names": {own: "Comedor El Olivo"}}
    for asked in ([other], [unregistered]):
        reply = _names(services, asked, **member)
        assert (reply.status_code, reply.json()) == (200, {"names": {}}), (
            "another kitchen is answered as an unregistered code is"
        )


def test_a_role_with_no_kitchen_on_its_screens_is_refused_and_a_bad_code_named(services):
    kitchen_id = _named_kitchen(services, "Comedor Nueva Vida")
    refused = _names(services, [kitchen_id], user="carla", role="caseworker", agency="dif-jalisco")
    assert refused.status_code == 403
    assert refused.json()["detail"][0]["code"] == "role_not_served"
    assert "Nueva Vida" not in refused.text

    bad = _names(services, ["no es un código"], user="sofia", role="supervisor")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "query.kitchen_id.0"
    none = _names(services, [], user="sofia", role="supervisor")
    assert none.status_code == 422, "a call that names no kitchen is refused, not answered empty"
