"""Requests the HTTP fuzzing found answered with a 500 or with a refusal that
repeated what was sent, each replayed against the running services."""

import json
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.e2e.grievance_helpers import call, submission
from tests.e2e.test_skeleton_flows import kitchen_registration
from tests.http_auth import acting_headers

HOSTILE = "<script>alert(1)</script>"
UNSTORABLE = "contains a NUL character or half a surrogate pair, which cannot be stored"


@pytest.mark.parametrize(
    ("service", "path", "field"),
    [
        ("grievances", "/cases?offset=100000000000000000000", "query.offset"),
        ("grievances", "/cases?min_escalation_level=10000000000000", "query.min_escalation_level"),
        ("beneficiaries", "/review-tasks?offset=100000000000000000000", "query.offset"),
    ],
)
def test_numbers_beyond_what_the_database_compares_are_refused(services, service, path, field):
    status, reply = call(services.url(service) + path)
    assert status == 422 and reply["detail"][0]["field"] == field


def test_a_kitchen_code_in_the_path_is_checked_and_not_repeated(services):
    kitchen_id = urllib.parse.quote("<b onclick=x>'; DROP TABLE kitchens;--")
    status, reply = call(f"{services.url('kitchens')}/kitchens/{kitchen_id}")
    assert status == 422 and reply["detail"][0]["field"] == "path.kitchen_id"
    assert "DROP" not in json.dumps(reply) and "onclick" not in json.dumps(reply)


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_a_subsidy_run_for_a_month_at_the_calendars_ends_is_refused(services, month):
    status, reply = call(f"{services.url('kitchens')}/subsidy-runs", {"month": month})
    assert (status, reply["detail"][0]["field"]) == (422, "month")


def test_a_report_before_any_recovery_fee_was_in_force_is_refused(services):
    kitchen_id = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    status, _ = call(
        f"{services.url('kitchens')}/kitchens",
        kitchen_registration(kitchen_id, "Comedor antiguo", opening_date="2019-01-07"),
    )
    assert status == 201
    reports = f"{services.url('kitchens')}/daily-reports"
    status, reply = call(
        reports,
        {
            "kitchen_id": kitchen_id,
            "report_date": "2019-01-08",
            "rations_dine_in": 100,
            "rations_take_away": 0,
            "fees_collected_centavos": 100_000,
        },
        acting_headers(reports, user="comite", role="kitchen_committee", kitchen=kitchen_id),
    )
    assert (status, reply["detail"]) == (
        422,
        [
            {
                "field": "report_date",
                "reason": "no recovery fee is in force on 2019-01-08",
                "code": "no_fee_in_force",
                "params": {"day": "2019-01-08"},
            }
        ],
    )


@pytest.mark.parametrize(
    ("service", "path", "body", "field"),
    [
        (
            "grievances",
            "/cases",
            submission(description="Nos atendieron\u0000 mal."),
            "description",
        ),
        ("grievances", "/cases/search", {"text": "a\u0000b"}, "text"),
        ("kitchens", "/kitchens/TEST-1/committee", {"full_name": "Ana \ud800"}, "full_name"),
    ],
)
def test_text_no_database_can_store_is_refused_naming_the_field(
    services, service, path, body, field
):
    status, reply = call(services.url(service) + path, body)
    problem = {"field": field, "reason": UNSTORABLE, "code": "unstorable_text", "params": {}}
    assert (status, reply) == (422, {"detail": [problem]})


def test_fastapi_validation_errors_name_the_field_without_echoing_it(services):
    status, reply = call(
        f"{services.url('beneficiaries')}/enrolments",
        {
            "agency": "dif",
            "agency_record_id": "R-1",
            "programme": "p",
            "benefit_type": "b",
            "started_on": "2026-01-01",
            "person": {
                "given_names": "Ana",
                "sex": "M",
                "birth_date": HOSTILE,
                "consent_to_share": True,
            },
        },
    )
    assert status == 422 and reply["detail"][0]["field"] == "person.birth_date"
    assert "script" not in json.dumps(reply)


def test_the_quarterly_report_documents_its_csv_answer(services):
    with urllib.request.urlopen(
        f"{services.url('grievances')}/openapi.json", timeout=10
    ) as response:
        document = json.loads(response.read())
    assert (
        "text/csv" in document["paths"]["/reports/quarterly"]["get"]["responses"]["200"]["content"]
    )
