"""The enrolment form's rules: what it sends the registry, and the registry's refusal of a
person's field worded by the field's own sentence."""

from uuid import UUID

from services.console import labels
from services.console.rules.enrolment import enrolment_body, form_values, shown_decision
from services.console.rules.refusals import refusal_key

FORM_ID = UUID("00000000-0000-4000-8000-000000000001")
TYPED = {
    "given_names": "  Ma. Guadalupe ",
    "paternal_surname": "Hernández",
    "maternal_surname": "",
    "sex": "M",
    "birth_date": "1984-03-07",
    "national_id": "hecg 840307mjcrrd09",
    "state": "Jalisco",
    "municipality": "Zapopan",
    "phone": "",
    "programme": "Seguridad alimentaria",
    "benefit_type": "food_basket",
    "started_on": "2026-12-01",
    "agency_record_id": "",
    "agency": "another-agency",
}


def test_the_body_is_for_the_accounts_agency_whatever_the_form_says():
    body = enrolment_body(form_values(TYPED), "dif-jalisco", FORM_ID)
    assert body["agency"] == "dif-jalisco"
    assert body["agency_record_id"] == f"consola-{FORM_ID}"
    person = body["person"]
    assert person["given_names"] == "Ma. Guadalupe"
    assert person["maternal_surname"] is None and person["phone"] is None
    assert person["national_id"] == "HECG840307MJCRRD09" and person["national_id_type"] == "CURP"
    assert person["consent_to_share"] is False


def test_the_agencys_own_file_number_is_sent_when_typed_and_consent_when_ticked():
    values = form_values({**TYPED, "agency_record_id": "EXP-12", "consent_to_share": "yes"})
    body = enrolment_body(values, "dif-jalisco", FORM_ID)
    assert body["agency_record_id"] == "EXP-12" and body["person"]["consent_to_share"] is True
    assert body["person"]["national_id"] == "HECG840307MJCRRD09"
    without_curp = enrolment_body({**values, "national_id": ""}, "dif-jalisco", FORM_ID)
    assert without_curp["person"]["national_id_type"] is None


def test_an_answer_reads_as_a_stored_decision():
    reply = {"decision": "record_updated", "explanation": None}
    assert shown_decision(reply) == {
        "outcome": "record_updated",
        "reason": None,
        "decided_by": "registry",
        "explanation": None,
    }


def test_a_persons_field_takes_the_sentence_of_its_last_part():
    key = refusal_key("date_in_future", "person.birth_date", 422, labels.known)
    assert key == "refusal.date_in_future.birth_date"
    assert refusal_key("date_in_future", "graduated_on", 422, labels.known) == (
        "refusal.date_in_future"
    )
