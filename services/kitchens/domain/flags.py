"""The review of a monitoring flag: open → acknowledged → closed, or open → closed.
A closed flag is final: a new problem raises a new flag."""

from .errors import Conflict

ALLOWED_REVIEWS = {
    "open": {"acknowledged", "closed"},
    "acknowledged": {"closed"},
    "closed": set(),
}


def check_review(current: str, wanted: str) -> None:
    if wanted == current:
        raise Conflict(
            "status",
            f"the flag is already {current}",
            code="flag_already_in_status",
            params={"flag_status": current},
        )
    if wanted not in ALLOWED_REVIEWS[current]:
        raise Conflict(
            "status",
            f"a {current} flag cannot become {wanted}",
            code="flag_review_not_allowed",
            params={"flag_status": current, "wanted_flag_status": wanted},
        )
