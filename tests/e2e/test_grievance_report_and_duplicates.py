"""The quarterly public report over real cases, and duplicates linked for officers (counted
like any other case, so that the report tells nothing about who reported what).
Cases here are recorded by an officer in 2025's first quarter, a period no other test touches."""

import csv
import io
import urllib.request

from tests.e2e.grievance_helpers import OFFICER, call, case, submission, submit, transition
from tests.http_auth import headers_for

QUARTER = "2025-02-{:02d}T11:00:00-06:00"
REPORTER = {"full_name": "María José Peñaloza", "contact": "55 1234 5678"}
SAME_REPORTER = {"full_name": "  maria jose PENALOZA ", "contact": "55 1234 5678"}


def recorded(services, day: int, **overrides) -> dict:
    return submit(
        services,
        submission(channel="phone", received_at=QUARTER.format(day), **overrides),
        officer=OFFICER,
    )


def test_the_quarterly_report_counts_suppresses_and_links_duplicates_for_officers(
    infrastructure, services
):
    first = recorded(services, 3, anonymous=False, reporter=REPORTER, category="hygiene")
    for day in range(4, 10):
        recorded(services, day, category="hygiene")
    again = recorded(services, 12, anonymous=False, reporter=SAME_REPORTER, category="hygiene")
    elsewhere = recorded(
        services,
        13,
        anonymous=False,
        reporter=SAME_REPORTER,
        category="hygiene",
        subject={"kind": "programme", "ref": "sedis"},
    )
    whistle = recorded(services, 14, kind="whistleblower_report", category="corruption")
    # Numbers restart each year; no other test records a case in 2025.
    assert (first["case_number"], whistle["case_number"]) == ("G-2025-000001", "G-2025-000010")
    assert case(services, again["case_id"])["related_case_id"] == first["case_id"]
    assert case(services, elsewhere["case_id"])["related_case_id"] is None
    transition(services, first["case_id"], "acknowledge")

    _, report = call(f"{services.url('grievances')}/reports/quarterly?year=2025&quarter=1")
    assert report["cases"] == 10, "the repeated complaint is linked and counted"
    assert report["by_kind"] == {"complaint": None, "whistleblower_report": None}
    assert report["by_category"] == {"corruption": None, "hygiene": None}
    assert report["by_status"] == {"acknowledged": None, "received": None}
    assert report["days_to_acknowledge"] == {"cases": None, "median": None, "p90": None}
    text = str(report)
    assert all(
        secret not in text
        for secret in (first["case_id"], whistle["case_number"], "Peñaloza", OFFICER)
    )

    url = f"{services.url('grievances')}/reports/quarterly?year=2025&quarter=1&format=csv"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers_for(url))) as response:
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.read().decode())))
    assert ["cases", "total", "10"] in rows
    assert ["by_kind", "whistleblower_report", ""] in rows


async def test_an_anonymous_reporter_with_an_earlier_receipt_is_linked(infrastructure, services):
    first = submit(services, submission(subject={"kind": "person", "ref": "P-7781"}))
    second = submit(
        services,
        submission(subject={"kind": "person", "ref": "P-7781"}, earlier_receipt=first["receipt"]),
    )
    assert case(services, second["case_id"])["related_case_id"] == first["case_id"]
    assert second["receipt"] != first["receipt"]
