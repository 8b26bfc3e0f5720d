"""Who is acting, as the console's verified assertion says (shared/service_auth.py),
and how a read they may not make is refused."""

from uuid import UUID

from fastapi import HTTPException, Request

from shared.acting_assertion import HEADER as ASSERTION
from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.roles import Role
from shared.service_auth import Acting, acting_from

# Whose work the registry is: caseworkers (for their agency), supervision (the programme) and
# auditors (reading, shared/service_auth.py refuses their writes). Agencies' systems enrol over
# Kafka. No other role's screen reads or writes a person's record, whatever a console offers.
REGISTRY_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})


def acting(request: Request) -> Acting:
    """The acting person; a role the registry does not serve is refused, and a caseworker
    without an agency is refused rather than left unscoped (the assertion's verification
    refuses it first; this holds for any Acting)."""
    found = acting_from(request)
    if found.role not in REGISTRY_ROLES:
        raise refusal(
            403,
            f"{ASSERTION}.role",
            f"the registry serves caseworkers, supervisors and auditors, not {found.role}",
            code="role_not_served",
        )
    if found.role is Role.CASEWORKER and not found.agency:
        raise refusal(
            400, f"{ASSERTION}.agency", "a caseworker acts for an agency", code="agency_required"
        )
    return found


def not_found(field: str, value: UUID) -> HTTPException:
    """The same answer for a record that does not exist and one the caller may not know of."""
    return refusal(404, field, f"no such record {value}", code="no_such_record")


def refused_read(exc: Rejected) -> HTTPException:
    return refused(exc, 400)
