"""What a caseworker of one agency may see of a person
(services/beneficiaries/domain/visibility.py)."""

from services.beneficiaries.domain.visibility import (
    detail_level,
    may_see_person,
    review_is_related,
    shown_enrolment,
)

OURS = {
    "enrolment_id": "e1",
    "agency": "dif-jalisco",
    "agency_record_id": "DIF-1",
    "programme": "P",
    "benefit_type": "food_basket",
    "started_on": "2026-01-01",
    "ended_on": None,
    "consent_to_share": False,
    "submitted_person": {"given_names": "Ana"},
}
THEIRS = {**OURS, "enrolment_id": "e2", "agency": "sedis-jalisco", "agency_record_id": "SED-9"}


def test_a_person_exists_for_a_caseworker_only_through_her_agency():
    assert may_see_person("dif-jalisco", ["sedis-jalisco", "dif-jalisco"])
    assert not may_see_person("dif-jalisco", ["sedis-jalisco"])
    assert not may_see_person("dif-jalisco", [])
    assert may_see_person(None, ["sedis-jalisco"])


def test_another_agencys_enrolment_shows_its_details_only_with_consent():
    assert shown_enrolment("dif-jalisco", OURS)["submitted_person"] == {"given_names": "Ana"}
    hidden = shown_enrolment("dif-jalisco", THEIRS)
    assert "submitted_person" not in hidden and "agency_record_id" not in hidden
    assert (
        hidden["agency"] == "sedis-jalisco"
        and hidden["benefit_type"] == "food_basket"
        and not hidden["details_shared"]
    )
    assert (
        shown_enrolment("dif-jalisco", {**THEIRS, "consent_to_share": True})["agency_record_id"]
        == "SED-9"
    )
    assert shown_enrolment(None, THEIRS)["details_shared"]
    assert detail_level("dif-jalisco", [OURS, THEIRS]) == "limited"
    assert detail_level("dif-jalisco", [OURS]) == detail_level(None, [OURS, THEIRS]) == "full"


def test_a_review_task_concerns_the_agencies_of_its_records():
    assert review_is_related("dif-jalisco", ["sedis-jalisco", "dif-jalisco"])
    assert not review_is_related("dif-jalisco", ["sedis-jalisco", "ijm-jalisco"])
    assert review_is_related(None, [])
