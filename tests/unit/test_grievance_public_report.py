"""The quarterly public report never shows a cell small enough to single someone out."""

from services.grievances.domain.public_report import (
    CaseFigures,
    quarterly_report,
    report_as_csv,
    suppress_counts,
)


def figures(
    kind="complaint",
    category="hygiene",
    status="resolved",
    ack=1.0,
    resolve=4.0,
    ack_breached=False,
    resolve_breached=False,
    reopened=False,
) -> CaseFigures:
    return CaseFigures(
        kind, category, status, ack, resolve, ack_breached, resolve_breached, reopened
    )


def test_cells_under_five_are_suppressed_and_a_lone_one_takes_the_next_smallest_with_it():
    assert suppress_counts({"a": 12, "b": 4, "c": 7}, 5) == {"a": 12, "b": None, "c": None}
    assert suppress_counts({"a": 12, "b": 4, "c": 1}, 5) == {"a": 12, "b": None, "c": None}
    assert suppress_counts({"a": 12, "b": 5}, 5) == {"a": 12, "b": 5}
    assert suppress_counts({"a": 3}, 5) == {"a": None}


def test_the_report_suppresses_small_cells_and_figures_based_on_few_cases():
    cases = [figures() for _ in range(20)]
    cases += [
        figures(
            kind="whistleblower_report", category="corruption", status="in_progress", resolve=None
        )
    ]
    cases += [
        figures(category="treatment", ack=None, resolve=None, status="received", ack_breached=True)
        for _ in range(2)
    ]
    report = quarterly_report(2026, 4, cases, 5)

    assert report["cases"] == 23
    # The one whistleblower would be 23 - 22: the complaints' cell hides with it.
    assert report["by_kind"] == {"complaint": None, "whistleblower_report": None}
    # corruption (1) and treatment (2) are both small; hygiene stays.
    assert report["by_category"] == {"corruption": None, "hygiene": 20, "treatment": None}
    assert report["by_status"] == {"in_progress": None, "received": None, "resolved": 20}
    assert report["days_to_acknowledge"] == {"cases": 21, "median": 1.0, "p90": 1.0}
    assert report["acknowledged_within_deadline"] == round(21 / 23, 4)


def test_a_quarter_with_few_cases_shows_no_figure_at_all():
    report = quarterly_report(2026, 1, [figures(reopened=True) for _ in range(4)], 5)
    assert report["cases"] is None
    assert report["days_to_resolve"] == {"cases": None, "median": None, "p90": None}
    assert report["reopen_rate"] is None
    assert report["resolved_within_deadline"] is None


def test_timings_and_rates():
    cases = [
        figures(resolve=float(d), reopened=d == 10, resolve_breached=d > 8) for d in range(1, 11)
    ]
    report = quarterly_report(2026, 2, cases, 5)
    assert report["days_to_resolve"] == {"cases": 10, "median": 5.5, "p90": 9.0}
    assert report["resolved_within_deadline"] == 0.8
    assert report["reopen_rate"] == 0.1


def test_the_csv_leaves_suppressed_cells_empty():
    cases = [figures() for _ in range(6)] + [figures(kind="proposal")]
    lines = report_as_csv(quarterly_report(2026, 4, cases, 5)).splitlines()
    assert lines[0] == "section,item,value"
    assert "by_kind,proposal," in lines
    assert "by_kind,complaint," in lines
    assert "cases,total,7" in lines
