"""What a caseworker of one agency may see of a person.

A caseworker sees the people her agency enrolled. Of their enrolments with
other agencies she sees that they exist (agency, programme, benefit type,
dates) and their details only when the person consented to sharing on that
enrolment. A person her agency never enrolled does not exist for her.
Unscoped roles (supervisors, auditors, ops, admin) see everything."""

from collections.abc import Iterable
from typing import Any

# What stays of another agency's enrolment without consent: that it exists and what support it is.
EXISTENCE_FIELDS = (
    "enrolment_id",
    "agency",
    "programme",
    "benefit_type",
    "started_on",
    "ended_on",
    "consent_to_share",
)


def may_see_person(agency: str | None, enrolment_agencies: Iterable[str]) -> bool:
    return agency is None or agency in set(enrolment_agencies)


def may_see_details(agency: str | None, enrolment: dict[str, Any]) -> bool:
    return agency is None or enrolment["agency"] == agency or bool(enrolment["consent_to_share"])


def shown_enrolment(agency: str | None, enrolment: dict[str, Any]) -> dict[str, Any]:
    if may_see_details(agency, enrolment):
        return {**enrolment, "details_shared": True}
    return {**{k: enrolment.get(k) for k in EXISTENCE_FIELDS}, "details_shared": False}


def detail_level(agency: str | None, enrolments: Iterable[dict[str, Any]]) -> str:
    """'full' when nothing was held back, 'limited' when some enrolment showed
    only its existence."""
    return "full" if all(may_see_details(agency, e) for e in enrolments) else "limited"


def review_is_related(agency: str | None, record_agencies: Iterable[str]) -> bool:
    """A review task concerns an agency when the record under review or a
    candidate's record is the agency's."""
    return agency is None or agency in set(record_agencies)
