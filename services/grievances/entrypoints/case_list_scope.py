"""The case list for the roles that read it only for part of their work: a person's case
file shows the cases about her, and the compliance review counts the complaints about each
kitchen. Those roles list the cases about such a subject only, never the queue itself."""

from fastapi import Request

from shared.acting_assertion import HEADER as ASSERTION
from shared.http_refusals import refusal
from shared.roles import Role
from shared.service_auth import acting_from

# The subjects whose cases each of these roles lists. A person's cases are listed for one
# person at a time (her case file), not for every person at once.
NARROWED_LISTS = {
    Role.CASEWORKER: frozenset({"person"}),
    Role.SUPERVISOR: frozenset({"person", "kitchen"}),
    Role.OPS: frozenset({"kitchen"}),
}


def ensure_listable(request: Request, subject_kind: str | None, subject_ref: str | None) -> None:
    role = acting_from(request).role
    # The route's table admitted, besides these roles, only those who read every case.
    if role not in NARROWED_LISTS:
        return
    subjects = NARROWED_LISTS[role]
    if subject_kind not in subjects or (subject_kind == "person" and not subject_ref):
        raise refusal(
            403,
            f"{ASSERTION}.role",
            f"a {role} lists only the cases about a {' or a '.join(sorted(subjects))} "
            "(one person at a time)",
            code="role_not_served",
        )
