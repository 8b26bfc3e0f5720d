"""Hostile records mixed into the stream, each with what the system should do.

A consumer must never stop on one: what breaks the contract goes to the
`.dlq` twin with its reason (or, for an enrolment that names its agency
record, is answered with `enrolment_rejected`); what is merely strange
(injection strings, control characters, extra fields) is stored as sent."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from shared.topics import DAILY_REPORTS, ENROLMENTS, GRIEVANCE_INTAKE
from tests.reliability.workload import (
    Message,
    enrolment_envelope,
    grievance_envelope,
    report_envelope,
)

ONE_MEGABYTE = 1024 * 1024
SQL_INJECTION = "Robert'); DROP TABLE persons; --"
HTML_INJECTION = "<script>alert('x')</script><img src=x onerror=alert(1)>"
CONTROL_CHARACTERS = "Ana\u0007\u001b[31m\u0008Ma\u200bría\r\n"


def _raw(
    topic: str, value: bytes, expect: str = "dead_lettered", key: str | None = "poison"
) -> Message:
    return Message("poison", topic, key, value, None, expect=expect)


def _enrolment(tag: str, expect: str, **person) -> Message:
    envelope = enrolment_envelope(f"POISON-{tag}-{uuid.uuid4().hex[:8]}", 1, **person)
    return Message.of("poison", ENROLMENTS.name, envelope, expect=expect)


def _edit(envelope: dict, **changes) -> dict:
    return {**envelope, **changes}


def variants(kitchen_id: str, day) -> list[Callable[[], Message]]:
    """One factory per kind of poison; each call makes a fresh, uniquely identifiable record."""
    return [
        lambda: _raw(ENROLMENTS.name, f'{{"event_id": "{uuid.uuid4()}", "type": '.encode()),
        lambda: _raw(DAILY_REPORTS.name, f'["{_marker()}"]'.encode()),
        lambda: _raw(GRIEVANCE_INTAKE.name, b"\xff\xfe" + _marker().encode()),
        lambda: _raw(GRIEVANCE_INTAKE.name, f"null {_marker()}".encode()),
        lambda: _raw(
            ENROLMENTS.name, json.dumps({"event_id": _marker(), "payload": None}).encode()
        ),
        _wrong_types_enrolment,
        lambda: _wrong_types_report(kitchen_id, day),
        _unknown_version,
        _unknown_type,
        _missing_envelope_field,
        _oversize_description,
        _megabyte_name,
        _missing_key_and_headers,
        _forged_dead_letter_headers,
        _extra_fields,
        lambda: _enrolment(
            "sql", "applied", given_names=SQL_INJECTION[:40], paternal_surname="O'Brien; SELECT 1"
        ),
        lambda: _enrolment("html", "applied", given_names=HTML_INJECTION[:100]),
        # The registry refuses names with control characters (NUL, which
        # PostgreSQL text cannot hold, among them).
        lambda: _enrolment("control", "rejected", given_names=CONTROL_CHARACTERS),
        lambda: _enrolment("nul", "rejected", given_names="Ana\u0000María"),
        lambda: _grievance(f"Mesa sucia{CONTROL_CHARACTERS}\u0000fin", expect="terminal"),
        lambda: _grievance(f"{HTML_INJECTION} {SQL_INJECTION}", expect="applied"),
    ]


def _marker() -> str:
    return uuid.uuid4().hex


def _grievance(description: str, expect: str) -> Message:
    envelope = grievance_envelope(f"POISON-{_marker()[:8]}", description=description)
    return Message.of("poison", GRIEVANCE_INTAKE.name, envelope, expect=expect)


def _wrong_types_enrolment() -> Message:
    envelope = enrolment_envelope(f"POISON-types-{_marker()[:8]}", 1)
    envelope["payload"]["person"] = {
        **envelope["payload"]["person"],
        "birth_date": 19840307,
        "sex": ["M"],
    }
    return Message.of("poison", ENROLMENTS.name, envelope, expect="rejected")


def _wrong_types_report(kitchen_id: str, day) -> Message:
    envelope = report_envelope(kitchen_id, day, 0)
    envelope["payload"]["rations_dine_in"] = "ciento cincuenta"
    return Message.of("poison", DAILY_REPORTS.name, envelope, expect="dead_lettered")


def _unknown_version() -> Message:
    envelope = _edit(grievance_envelope(f"POISON-{_marker()[:8]}"), version=99)
    return Message.of("poison", GRIEVANCE_INTAKE.name, envelope, expect="dead_lettered")


def _unknown_type() -> Message:
    envelope = _edit(
        grievance_envelope(f"POISON-{_marker()[:8]}"), type="grievances.grievance_withdrawn"
    )
    return Message.of("poison", GRIEVANCE_INTAKE.name, envelope, expect="dead_lettered")


def _missing_envelope_field() -> Message:
    envelope = grievance_envelope(f"POISON-{_marker()[:8]}")
    del envelope["occurred_at"]
    return Message.of("poison", GRIEVANCE_INTAKE.name, envelope, expect="dead_lettered")


def _oversize_description() -> Message:
    # Accepted by the broker (compressed), far over the contract's 10,000 characters.
    message = _grievance("queja " * (ONE_MEGABYTE // 6), expect="dead_lettered")
    message.compress = True
    return message


def _megabyte_name() -> Message:
    message = _enrolment("name", "rejected", given_names="María" * (ONE_MEGABYTE // 5))
    message.compress = True
    return message


def _missing_key_and_headers() -> Message:
    message = _enrolment("nokey", "applied")
    message.key = None
    return message


def _forged_dead_letter_headers() -> Message:
    message = _enrolment("headers", "applied")
    message.headers = [("dlq.reason", b"forged"), ("event_id", b"not-a-uuid")]
    return message


def _extra_fields() -> Message:
    envelope = enrolment_envelope(f"POISON-extra-{_marker()[:8]}", 1)
    envelope["payload"]["loyalty_card"] = "new optional field"
    envelope["trace_id"] = _marker()
    return Message.of("poison", ENROLMENTS.name, envelope, expect="applied")


def mixed_in(kitchen_id: str, day, count: int) -> list[Message]:
    kinds = variants(kitchen_id, day)
    return [kinds[i % len(kinds)]() for i in range(count)]
