"""Where the browser may be sent after signing in or switching the language."""


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# The sign-in trail's details as account_service writes them, each a label.
_DETAILS = {
    "no such account": "admin.detail.no_such_account",
    "locked": "admin.detail.locked",
    "disabled": "admin.detail.disabled",
    "temporary password used or expired": "admin.detail.temporary_spent",
    "wrong password": "admin.detail.wrong_password",
}


def event_detail(outcome: str, detail: str | None) -> tuple[str, dict[str, str]] | None:
    """A sign-in event's detail as a label and its values (who did it, the role created);
    None when there is none. A detail this console does not know is shown as written."""
    if not detail:
        return None
    if detail in _DETAILS:
        return _DETAILS[detail], {}
    head, by, who = detail.rpartition(" by ")
    if by and outcome == "created":
        return "admin.detail.created", {"role": f"role.{head}", "who": who}
    if by and not head:
        return "admin.detail.by", {"who": who}
    if detail.startswith("by "):
        return "admin.detail.by", {"who": detail.removeprefix("by ")}
    return "admin.detail.as_written", {"detail": detail}


# What account_service and shared/roles.scope_problem refuse, as they word it, each a label.
_REFUSALS = (
    ("3 to 64 characters", "admin.refused.username_form"),
    ("a caseworker needs an agency", "admin.refused.needs_agency"),
    ("a kitchen committee member needs a kitchen", "admin.refused.needs_kitchen"),
    ("only caseworkers have an agency", "admin.refused.agency_not_for_role"),
    ("only kitchen committee members have a kitchen", "admin.refused.kitchen_not_for_role"),
    ("an admin cannot disable her own account", "admin.refused.own_disable"),
    ("change your own password with your current one", "admin.refused.own_reset"),
)


def account_refusal(reason: str) -> tuple[str, dict[str, str]]:
    """An accounts refusal as a label and its values; one this console does not know is shown
    as written under the field it names."""
    for start, key in _REFUSALS:
        if reason.startswith(start):
            return key, {}
    if reason.endswith(" is taken"):
        return "admin.refused.taken", {"username": reason.removesuffix(" is taken")}
    if reason.startswith("no account "):
        return "admin.refused.no_account", {"username": reason.removeprefix("no account ")}
    return "admin.refused.as_written", {"reason": reason}
