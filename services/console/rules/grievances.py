"""What the grievance pages send and offer: the intake as the service wants it,
an officer's action on a case, the channels a person may record on, the quarter
a day falls in, and dates in words (a day and a time in the programme's zone, never
an ISO timestamp)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..auth.roles import Account, Role

# An officer records phone calls and visits as well; anyone else files over the web.
OFFICER_CHANNELS = ("phone", "in_person", "web")
PUBLIC_CHANNELS = ("web",)


def records_for_others(account: Account | None) -> bool:
    """Whether the account files grievances on someone's behalf (an officer taking a call)."""
    return account is not None and account.role == Role.GRIEVANCE_OFFICER


def channels_for(account: Account | None) -> tuple[str, ...]:
    return OFFICER_CHANNELS if records_for_others(account) else PUBLIC_CHANNELS


@dataclass(frozen=True)
class Intake:
    """The intake form as it was filled in."""

    kind: str
    category: str
    description: str
    channel_reference: str
    channel: str
    subject_kitchen: str
    anonymous: bool
    full_name: str
    contact: str
    notice_medium: str = ""
    notice_address: str = ""

    def body(self, by_officer: bool) -> dict[str, object]:
        """What the grievances service is sent. Only an officer picks the channel; an
        anonymous grievance carries no reporter, whatever was typed in the name fields."""
        kitchen = self.subject_kitchen.strip()
        body: dict[str, object] = {
            "channel": self.channel if by_officer else "web",
            "channel_reference": self.channel_reference,
            "kind": self.kind,
            "category": self.category,
            "subject": {"kind": "kitchen", "ref": kitchen} if kitchen else {"kind": "none"},
            "description": self.description.strip(),
            "anonymous": self.anonymous,
        }
        if not self.anonymous:
            body["reporter"] = {
                "full_name": self.full_name.strip(),
                "contact": self.contact.strip() or None,
            }
            # Notices only when asked, and only for a named report; the service refuses them
            # for a whistleblower report, whose receipt is the only channel.
            if self.notice_medium and self.notice_address.strip():
                body["notices"] = {
                    "medium": self.notice_medium,
                    "address": self.notice_address.strip(),
                }
        return body


def transition_body(
    action: str, assignee_kind: str, assignee_ref: str, answer: str, reason: str, question: str = ""
) -> dict[str, object]:
    """An officer's action on a case: the assignee only for `assign`, the answer, the reason
    and the question for the reporter only when given."""
    body: dict[str, object] = {"action": action}
    if action == "assign":
        body["assignee"] = {"kind": assignee_kind, "ref": assignee_ref.strip()}
    for name, value in (("answer", answer), ("reason", reason), ("question", question)):
        if value.strip():
            body[name] = value.strip()
    return body


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1-4)."""
    return day.year, (day.month - 1) // 3 + 1


Lookup = Callable[..., str]


def who_acted(by_whom: str, t: Lookup) -> str:
    """The timeline's actor in words: an officer's account name, or what a code stands for."""
    if by_whom == "reporter":
        return t("grievances.by.reporter")
    if by_whom.startswith("channel:"):
        return t("grievances.channel." + by_whom.removeprefix("channel:"))
    if by_whom.startswith("system:"):
        return t("grievances.by.system")
    return by_whom
