"""Notices: who may ask, which steps a reporter hears of (never a whistleblower report),
what a message carries (no text of the case), sealed addresses, and the escalation
event's shape."""

from datetime import date

import pytest

from services.grievances.domain.lifecycle import window_closes_on
from services.grievances.domain.notices import (
    REPORTER_HEARS_OF,
    check_notice_request,
    escalation_message,
    notice_address,
    reporter_hears_of,
    reporter_message,
)
from services.grievances.domain.sealed_identities import KeyMismatch, Opener, new_private_key
from shared.contracts.grievances import GrievanceClosedV1
from shared.errors import Rejected


@pytest.mark.parametrize(
    ("medium", "typed", "kept"),
    [
        ("email", "  ana.n@example.org ", "ana.n@example.org"),
        ("sms", "+52 (55) 1234-5678", "+525512345678"),
        ("sms", "55 1234 5678", "5512345678"),
    ],
)
def test_an_address_is_kept_clean_for_its_medium(medium, typed, kept):
    assert notice_address(medium, typed).address == kept


@pytest.mark.parametrize(
    ("medium", "typed", "field"),
    [
        ("email", "ana at example", "notices.address"),
        ("sms", "55 12", "notices.address"),
        ("sms", "ana@example.org", "notices.address"),
        ("pigeon", "ana@example.org", "notices.medium"),
    ],
)
def test_a_malformed_address_is_refused_naming_the_field(medium, typed, field):
    with pytest.raises(Rejected) as refused:
        notice_address(medium, typed)
    assert refused.value.field == field


def test_only_a_named_report_that_is_not_a_whistleblower_report_may_ask_for_notices():
    check_notice_request("complaint", anonymous=False)
    with pytest.raises(Rejected, match="receipt alone"):
        check_notice_request("whistleblower_report", anonymous=False)
    with pytest.raises(Rejected, match="receipt alone"):
        check_notice_request("complaint", anonymous=True)


@pytest.mark.parametrize("action", REPORTER_HEARS_OF)
def test_a_whistleblower_report_hears_of_nothing(action):
    assert reporter_hears_of("complaint", action)
    assert not reporter_hears_of("whistleblower_report", action)


def test_the_reporters_own_steps_are_not_announced_back():
    assert not reporter_hears_of("complaint", "appeal")
    assert not reporter_hears_of("complaint", "resume")


def test_a_message_names_the_case_and_the_step_in_spanish_first_and_carries_no_case_text():
    message = reporter_message("ana@example.org", "G-2026-000123", "reject", "https://c/f")
    assert message.to == "ana@example.org"
    assert message.subject.startswith("Su caso G-2026-000123 fue rechazado")
    assert message.body.index("código de seguimiento") < message.body.index("follow-up code")
    assert "https://c/f" in message.body


def test_an_escalation_message_names_the_level_and_its_due_day():
    message = escalation_message("jefa@example.org", "G-2026-000007", "department head", None)
    assert "department head" in message.subject
    dated = escalation_message("j@example.org", "G-2026-000007", "x", date(2026, 12, 11))
    assert "11/12/2026" in dated.body


def test_an_address_is_sealed_in_a_box_only_the_key_opens():
    opener, other = Opener.from_setting(new_private_key()), Opener.from_setting(new_private_key())
    sealed = opener.sealer.seal_address(notice_address("email", "ana@example.org"))
    assert b"ana" not in sealed.box and sealed.medium == "email"
    assert opener.open_address(sealed).address == "ana@example.org"
    with pytest.raises(KeyMismatch):
        other.open_address(sealed)


def test_the_appeal_window_closes_a_fixed_number_of_days_after_the_decision():
    assert window_closes_on(None, 30) is None
    assert window_closes_on(date(2026, 3, 2), 30) == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("reference", "flag"),
    [
        ("kitchens.monitoring_flag:6f1c2b8e-6a4f-4a47-9d1a-2b9f0c7a4e11", True),
        ("kitchens.monitoring_flag:not-a-uuid", False),
        ("kitchens.survey:6f1c2b8e-6a4f-4a47-9d1a-2b9f0c7a4e11", False),
        ("console:6f1c2b8e-6a4f-4a47-9d1a-2b9f0c7a4e11", False),
    ],
)
def test_a_closed_case_names_the_flag_that_opened_it_and_nothing_else(reference, flag):
    closed = GrievanceClosedV1(
        case_id="6f1c2b8e-6a4f-4a47-9d1a-2b9f0c7a4e11",
        case_number="G-2026-000001",
        channel="agency_system",
        channel_reference=reference,
        ended_as="closed",
        at="2026-12-01T10:00:00+00:00",
    )
    assert (closed.monitoring_flag_id() is not None) is flag
