"""A reporter's identity needs two officers, and is shown once to the one who asked."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from services.grievances.domain.reveals import (
    NotPermitted,
    check_reveal_officer,
    decide,
    new_request,
    show,
)
from shared.errors import Rejected

AT = datetime(2026, 12, 7, 10, tzinfo=UTC)


def asked(by: str = "ana") -> object:
    return new_request(uuid4(), uuid4(), by, "  Citatorio 12/2026 ", AT)


def test_only_the_reveal_role_asks_or_decides():
    check_reveal_officer("identity_reveal_officer")
    for role in ("grievance_officer", "auditor", "admin", "Identity_Reveal_Officer", None):
        with pytest.raises(NotPermitted):
            check_reveal_officer(role)


def test_a_request_needs_a_reason():
    assert asked().reason == "Citatorio 12/2026"
    with pytest.raises(Rejected):
        new_request(uuid4(), uuid4(), "ana", "   ", AT)


def test_the_officer_who_asked_cannot_approve_her_own_request():
    request = asked("ana")
    with pytest.raises(NotPermitted, match="own request"):
        decide(request, "ana", "approved", AT)
    with pytest.raises(NotPermitted):
        decide(request, "ana", "declined", AT)


def test_the_identity_is_shown_once_to_the_asker_after_another_approved():
    request = asked("ana")
    with pytest.raises(Rejected, match="awaits another officer"):
        show(request, "ana", AT)
    approved = decide(request, "beto", "approved", AT)
    assert (approved.decision, approved.decided_by) == ("approved", "beto")
    with pytest.raises(Rejected, match="already approved"):
        decide(approved, "carla", "declined", AT)
    with pytest.raises(NotPermitted, match="only the officer who asked"):
        show(approved, "beto", AT)
    shown = show(approved, "ana", AT)
    assert shown.shown_at == AT
    with pytest.raises(Rejected, match="already shown once"):
        show(shown, "ana", AT)


def test_a_declined_request_shows_nothing():
    declined = decide(asked("ana"), "beto", "declined", AT)
    with pytest.raises(Rejected, match="declined"):
        show(declined, "ana", AT)
