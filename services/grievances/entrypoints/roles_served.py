"""Whose work each route is, checked in one place before the route runs (shared/route_roles.py)
and refused for any other role, whatever a console offers it.

- What the public does through the console (file a grievance, follow it by receipt, read
  the quarterly report) is anyone's, signed in or not: bootstrap's public routes.
- The case work (the queue, the search, a case with its timeline) is read by grievance
  officers, identity-reveal officers (who find the case whose reporter they are asked to
  reveal) and auditors; moving a case is a grievance officer's alone.
- A reveal's steps are identity-reveal officers'; its records are read by them and by
  auditors (domain/reveals.py AUDIT_ROLES), as the domain also checks.
- The case list is also read, narrowed to what their work concerns (case_list_scope.py), by
  caseworkers and supervisors (the cases about one person, on her case file) and by
  supervisors and ops (the complaints about kitchens, for the compliance review).
Kitchen committees and administrators have no grievance case work in the console."""

from shared.roles import Role
from shared.route_roles import RouteRoles, Work, public

from ..domain.reveals import AUDIT_ROLES, REVEAL_ROLE
from .case_list_scope import NARROWED_LISTS

CASE_READERS = frozenset({Role.GRIEVANCE_OFFICER, REVEAL_ROLE, Role.AUDITOR})
PUBLIC = public("what the public does through the console")
CASE_READ = Work(
    CASE_READERS,
    "cases are read by grievance officers, identity-reveal officers and auditors",
    code="role_not_served",
)
CASE_LIST = Work(
    CASE_READERS | frozenset(NARROWED_LISTS),
    "the case list is read by grievance and identity-reveal officers and auditors, and "
    "narrowed to their work by caseworkers, supervisors and ops",
    code="role_not_served",
)
TRANSITION = Work(
    frozenset({Role.GRIEVANCE_OFFICER}),
    "moving a case needs a grievance officer",
    code="grievance_officer_only",
)
REVEAL_STEP = Work(
    frozenset({REVEAL_ROLE}),
    f"revealing a reporter's identity needs the role {REVEAL_ROLE}",
    code="reveal_role_required",
)
REVEAL_READ = Work(
    AUDIT_ROLES,
    "reveal requests are read by identity-reveal officers and auditors",
    code="reveal_role_required",
)
REQUEST = "/cases/{case_id}/reveal-requests/{request_id}"

ROUTE_ROLES = RouteRoles(
    {
        "POST /cases": PUBLIC,
        "GET /cases": CASE_LIST,
        "POST /cases/search": CASE_READ,
        "GET /cases/{case_id}": CASE_READ,
        "POST /cases/{case_id}/transitions": TRANSITION,
        "POST /cases/{case_id}/reveal-requests": REVEAL_STEP,
        f"POST {REQUEST}/decision": REVEAL_STEP,
        f"POST {REQUEST}/identity": REVEAL_STEP,
        "GET /cases/{case_id}/reveal-requests": REVEAL_READ,
        "GET /reveal-requests": REVEAL_READ,
        "GET /cases/{case_id}/reporter-identity/reveals": REVEAL_READ,
        "POST /receipts/case": PUBLIC,
        "POST /receipts/information": PUBLIC,
        "POST /receipts/appeal": PUBLIC,
        "GET /reports/quarterly": PUBLIC,
    }
)
