"""When a woman is protected (services/beneficiaries/domain/protection.py)."""

from datetime import UTC, datetime

from services.beneficiaries.domain.protection import (
    PROTECTIVE_BENEFIT_TYPES,
    ProtectionChange,
    is_protected,
    may_change_protection,
)

MARCH = datetime(2026, 3, 1, tzinfo=UTC)
APRIL = datetime(2026, 4, 1, tzinfo=UTC)
MAY = datetime(2026, 5, 1, tzinfo=UTC)


def test_a_violence_support_enrolment_protects_her_at_once():
    assert (
        "violence_support" in PROTECTIVE_BENEFIT_TYPES
        and "food_basket" not in PROTECTIVE_BENEFIT_TYPES
    )
    assert is_protected([MARCH], None)
    assert not is_protected([], None)


def test_a_supervisors_latest_decision_stands_until_a_protective_record_arrives_after_it():
    assert not is_protected([MARCH], ProtectionChange(False, APRIL))
    assert is_protected([MARCH, MAY], ProtectionChange(False, APRIL)), "sent again after the lift"
    assert is_protected([], ProtectionChange(True, APRIL)), "set by hand, no enrolment needed"
    assert is_protected([MAY], ProtectionChange(True, APRIL))


def test_only_a_supervisor_sets_or_lifts_it():
    assert may_change_protection("supervisor")
    for role in ("caseworker", "auditor", "ops", "admin", None, "Supervisor"):
        assert not may_change_protection(role)
