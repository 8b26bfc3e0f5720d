"""Notices: who may ask for them, which steps of a case a reporter hears of, and what a
message says. A message names the case and the step, never its text (an answer or a
question may name people, and a mailbox is not the receipt's holder alone): the reporter
reads the rest with the receipt.

A whistleblower report gets no notice, whatever was asked: a message arriving on a shared
phone or a work mailbox can expose the reporter. Its receipt is the only channel."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from shared.errors import Rejected

Medium = Literal["email", "sms"]
MEDIA: tuple[Medium, ...] = ("email", "sms")
WHISTLEBLOWER = "whistleblower_report"
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE = re.compile(r"^\+?[0-9]{10,15}$")

# The steps a reporter who asked is told of (the reporter's own steps, replying and
# appealing, are not announced back).
REPORTER_HEARS_OF = ("acknowledge", "await_reporter", "resolve", "reject", "reopen", "close")

_SUBJECTS = {
    "acknowledge": ("Su caso {n} fue recibido y revisado", "Your case {n} was received"),
    "await_reporter": (
        "La oficina le hizo una pregunta sobre su caso {n}",
        "The office asked you a question about your case {n}",
    ),
    "resolve": ("Su caso {n} tiene respuesta", "Your case {n} has an answer"),
    "reject": (
        "Su caso {n} fue rechazado: puede ver el motivo y apelar",
        "Your case {n} was rejected: you may read why and appeal",
    ),
    "reopen": ("Su caso {n} se reabrió", "Your case {n} was reopened"),
    "close": ("Su caso {n} se cerró", "Your case {n} was closed"),
}


@dataclass(frozen=True)
class NoticeAddress:
    medium: Medium
    address: str


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def notice_address(medium: str, address: str) -> NoticeAddress:
    """The address checked for its medium, spaces and dashes out of a phone number."""
    if medium == "email":
        cleaned = address.strip()
        if not EMAIL.match(cleaned):
            raise Rejected(
                "notices.address",
                "is not an e-mail address (name@domain)",
                code="not_an_email_address",
            )
        return NoticeAddress("email", cleaned)
    if medium == "sms":
        cleaned = re.sub(r"[\s().-]", "", address)
        if not PHONE.match(cleaned):
            raise Rejected(
                "notices.address",
                "is not a phone number (10 to 15 digits)",
                code="not_a_phone_number",
            )
        return NoticeAddress("sms", cleaned)
    raise Rejected("notices.medium", f"must be one of {', '.join(MEDIA)}", code="not_one_of")


def check_notice_request(kind: str, anonymous: bool) -> None:
    """Notices are for named reporters, and never for a whistleblower report."""
    if kind == WHISTLEBLOWER:
        raise Rejected(
            "notices",
            "a whistleblower report gets no notices: follow it with its receipt alone",
            code="no_notices_for_whistleblower",
        )
    if anonymous:
        raise Rejected(
            "notices",
            "an anonymous report is followed with its receipt alone",
            code="no_notices_when_anonymous",
        )


def reporter_hears_of(kind: str, action: str) -> bool:
    return kind != WHISTLEBLOWER and action in REPORTER_HEARS_OF


def reporter_message(to: str, case_number: str, about: str, follow_url: str) -> Message:
    spanish, english = (text.format(n=case_number) for text in _SUBJECTS[about])
    body = (
        f"{spanish}.\n\nConsulte el estado, las preguntas y la respuesta con su código de "
        f"seguimiento en {follow_url}\n\n--\n{english}.\nRead the status, the questions and "
        f"the answer with your follow-up code at {follow_url}\n"
    )
    return Message(to, spanish, body)


def escalation_message(
    to: str, case_number: str, level_name: str, level_due_on: date | None
) -> Message:
    due = f" Plazo de este nivel: {level_due_on:%d/%m/%Y}." if level_due_on else ""
    subject = f"Caso {case_number} escalado a su nivel ({level_name})"
    body = (
        f"El caso {case_number} no se atendió a tiempo y pasó a la bandeja de su nivel "
        f"({level_name}).{due} Si sigue abierto al vencer, subirá al siguiente nivel.\n\n--\n"
        f"Case {case_number} missed its deadline and moved to your level's queue."
        f"{' Due ' + level_due_on.isoformat() + '.' if level_due_on else ''}\n"
    )
    return Message(to, subject, body)
