"""Whose work each route is, checked in one place before the route runs (shared/route_roles.py)
and refused for any other role, whatever a console offers it.

- A kitchen's entries (daily reports, amendments, purchases, surveys) are its committee's:
  they move the kitchen's purse and figures, and a committee member acts for her own kitchen
  only (kitchen_scope.py). Programme staff read them; they do not type them for a committee.
- The programme's decisions (registering and changing kitchens, their committees and flags,
  the subsidy run and its preview) are programme staff's: supervisors, and administrators,
  as whom the demo and set-up scripts register kitchens. The run is also an operator's
  batch job, called with the ops token for no one.
- A kitchen's page and figures are read by its committee (its own), supervisors, ops (who
  watch the programme) and auditors (who only read: shared/service_auth.py refuses their
  writes); the programme-wide figures by the same roles but the committee.
- A kitchen's name alone (name_routes.py) is read by every role whose screens name a
  kitchen: those above, grievance and identity-reveal officers (a complaint about a
  kitchen) and administrators (a committee member's account); a committee, its own only.
Caseworkers, grievance and identity-reveal officers (and administrators but for the
decisions above and the names) have no kitchens work: the console gives them no kitchens
screen."""

from dataclasses import replace

from shared.roles import Role
from shared.route_roles import RouteRoles, Work

COMMITTEE = frozenset({Role.KITCHEN_COMMITTEE})
STAFF = frozenset({Role.SUPERVISOR, Role.ADMIN})
FIGURE_READERS = frozenset({Role.SUPERVISOR, Role.OPS, Role.AUDITOR})
READERS = COMMITTEE | FIGURE_READERS

ENTRY = Work(COMMITTEE, "a kitchen's entries are sent by its committee", code="role_not_served")
DECISION = Work(
    STAFF, "only programme staff take the programme's decisions", code="programme_staff_only"
)
KITCHEN_READ = Work(
    READERS,
    "a kitchen is read by its committee, programme staff, ops and auditors",
    code="role_not_served",
)
NAME_READ = Work(
    READERS | frozenset({Role.GRIEVANCE_OFFICER, Role.IDENTITY_REVEAL_OFFICER, Role.ADMIN}),
    "a kitchen's name is read by the roles whose screens name a kitchen",
    code="role_not_served",
)
PROGRAMME_READ = Work(
    FIGURE_READERS,
    "the programme's figures are read by programme staff, ops and auditors",
    code="role_not_served",
)

ROUTE_ROLES = RouteRoles(
    {
        "GET /kitchens": KITCHEN_READ,
        "POST /kitchens": DECISION,
        "PATCH /kitchens/{kitchen_id}": DECISION,
        "POST /kitchens/{kitchen_id}/status": DECISION,
        "POST /kitchens/{kitchen_id}/committee": DECISION,
        "POST /kitchens/{kitchen_id}/committee/{member_id}/leave": DECISION,
        "POST /kitchens/{kitchen_id}/flags/{flag_id}": DECISION,
        "GET /kitchens/{kitchen_id}": KITCHEN_READ,
        "GET /kitchen-names": NAME_READ,
        "POST /daily-reports": ENTRY,
        "POST /daily-report-amendments": ENTRY,
        "POST /purchases": ENTRY,
        "POST /surveys": ENTRY,
        # Also the operator's batch job, with the ops token (bootstrap's operational route).
        "POST /subsidy-runs": replace(DECISION, unattended=True),
        "GET /subsidy-runs/preview": DECISION,
        "GET /indicators": PROGRAMME_READ,
        "GET /kitchens/{kitchen_id}/indicators": KITCHEN_READ,
        "GET /kitchens/{kitchen_id}/series": KITCHEN_READ,
    }
)
