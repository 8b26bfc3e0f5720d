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
