"""The console's rules without I/O: lock-out, roles and scopes, passwords, labels."""

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from services.console import labels
from services.console.app import SCREEN_MODULES
from services.console.auth import passwords
from services.console.auth.lockout import UNLOCKED, LockoutPolicy, after_failure
from services.console.auth.roles import Account, Role, Screen, navigation, scope_problem
from services.console.clients.service_apis import acting_person
from services.console.rules.grievances import Intake, quarter_of, transition_body
from services.console.rules.kitchens import centavos, pesos
from services.console.rules.people import REASONS_BUDGET, overlaps_told, remember_reason
from services.console.rules.reviews import decision_body
from services.console.rules.sign_in import safe_next

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TEMPLATES = Path(__file__).resolve().parents[2] / "services" / "console" / "templates"


def test_the_fifth_failure_locks_for_fifteen_minutes_and_the_lock_ends_by_itself():
    policy = LockoutPolicy()
    state = UNLOCKED
    for expected in range(1, 5):
        state = after_failure(state, NOW, policy)
        assert state.failed_attempts == expected and not state.locked(NOW)
    state = after_failure(state, NOW, policy)
    assert state.locked(NOW) and state.locked(NOW + timedelta(minutes=14, seconds=59))
    assert not state.locked(NOW + timedelta(minutes=15))
    assert state.failed_attempts == 0


def test_scoped_roles_need_their_scope_and_others_have_none():
    assert scope_problem(Role.CASEWORKER, None, None) == (
        "needs_agency",
        "a caseworker needs an agency",
    )
    assert scope_problem(Role.KITCHEN_COMMITTEE, None, None) == (
        "needs_kitchen",
        "a kitchen committee member needs a kitchen",
    )
    assert scope_problem(Role.SUPERVISOR, "dif-jalisco", None) is not None
    assert scope_problem(Role.CASEWORKER, "dif-jalisco", "CDMX-IZT-0042") is not None
    assert scope_problem(Role.CASEWORKER, "dif-jalisco", None) is None
    assert scope_problem(Role.AUDITOR, None, None) is None


def test_navigation_shows_only_what_the_role_may_use():
    screens = [
        Screen("/people", "nav.people", frozenset({Role.CASEWORKER, Role.AUDITOR})),
        Screen("/admin", "nav.admin", frozenset({Role.ADMIN})),
    ]
    assert [s.path for s in navigation(screens, Account("a", "A", Role.CASEWORKER, "dif"))] == [
        "/people"
    ]
    assert [s.path for s in navigation(screens, Account("b", "B", Role.ADMIN))] == ["/admin"]
    assert navigation(screens, None) == []


def test_the_console_asserts_the_account_as_it_is_with_a_bounded_reason():
    person = acting_person(Account("ana.dif", "Ana", Role.CASEWORKER, "dif-jalisco"), " búsqueda ")
    assert (person.user, person.role, person.agency, person.kitchen, person.reason) == (
        "ana.dif",
        Role.CASEWORKER,
        "dif-jalisco",
        None,
        "búsqueda",
    )
    assert acting_person(Account("s", "S", Role.SUPERVISOR), "x" * 500).reason == "x" * 200
    assert acting_person(Account("s", "S", Role.SUPERVISOR), "  ").reason is None


def test_passwords_verify_only_against_their_own_hash():
    hashed = passwords.hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify(hashed, "correct horse battery")
    assert not passwords.verify(hashed, "correct horse batterY")
    assert not passwords.verify(None, "decoy password that no account has")
    assert not passwords.verify("not a hash", "x")


def test_redirects_after_sign_in_stay_on_the_site():
    assert safe_next("/people?name=ana") == "/people?name=ana"
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example", None, ""):
        assert safe_next(hostile) == "/"


def test_every_label_a_template_uses_exists_in_both_languages():
    for module in SCREEN_MODULES:
        assert module.SCREEN is None or labels.known(module.SCREEN.label)
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", template.read_text()))
    missing = sorted(
        key
        for key in used
        if not (labels.known_prefix(key) if key.endswith(".") else labels.known(key))
    )
    assert not missing, f"labels used in templates but not defined: {missing}"
    for role in Role:
        assert labels.known(f"role.{role.value}")
    assert (
        labels.translate("nav.people", "es") == "Personas"
        and labels.translate("nav.people", "en") == "People"
    )


def test_review_fields_agree_or_disagree_by_the_registrys_comparison_levels():
    from services.console.rules.reviews import agreement, side_by_side
    from shared.contracts.match_vocabulary import MatchField

    assert [
        agreement(level, field)
        for level, field in (
            ("exact", MatchField.GIVEN_NAMES),
            ("similar", MatchField.GIVEN_NAMES),
            ("swapped", MatchField.SURNAMES),
            ("different", MatchField.PHONE),
            ("one_differs", MatchField.SURNAMES),
            ("missing", MatchField.CURP),
            (None, MatchField.CURP),
            ("one_missing", MatchField.SURNAMES),
            ("from_a_newer_model", MatchField.SEX),
        )
    ] == [
        "agree",
        "agree",
        "agree",
        "disagree",
        "disagree",
        "unknown",
        "unknown",
        "unknown",
        "unknown",
    ]
    assert (
        agreement("state_only", MatchField.PLACE, "state") == "agree"
        and agreement("state_only", MatchField.PLACE, "municipality") == "disagree"
    )
    task = {
        "submitted_person": {"given_names": "Juana", "municipality": "Tlaquepaque"},
        "candidates": [
            {
                "comparison": {"given_names": "exact", "place": "state_only"},
                "record": {
                    "submitted_person": {"given_names": "Juana", "municipality": "El Salto"}
                },
            },
            {"comparison": {"given_names": "different"}, "record": {"agency": "sedis-jalisco"}},
        ],
    }
    rows = {row["field"]: row for row in side_by_side(task)}
    assert [c["agreement"] for c in rows["municipality"]["cells"]] == ["disagree", "unknown"]
    assert rows["given_names"]["cells"][0] == {
        "value": "Juana",
        "shared": True,
        "level": "exact",
        "agreement": "agree",
    }
    assert rows["given_names"]["cells"][1]["shared"] is False


def test_amounts_are_typed_in_pesos_and_sent_in_centavos():
    assert centavos("1,234.5") == 123_450 and centavos(" 12 ") == 1_200
    assert centavos("doce") is None
    assert pesos(123_450) == "$1,234.50" and pesos(-1_200) == "-$12.00" and pesos(None) == "—"


def test_an_anonymous_intake_names_no_reporter_and_only_an_officer_picks_the_channel():
    intake = Intake(
        kind="complaint",
        category="hygiene",
        description=" sucio ",
        channel_reference="console:1",
        channel="phone",
        subject_kitchen=" CDMX-IZT-0042 ",
        anonymous=True,
        full_name="Ana",
        contact="55 1234 5678",
    )
    public = intake.body(by_officer=False)
    assert public["channel"] == "web" and "reporter" not in public
    assert public["subject"] == {"kind": "kitchen", "ref": "CDMX-IZT-0042"}
    assert public["description"] == "sucio"
    named = replace(intake, anonymous=False, subject_kitchen="").body(by_officer=True)
    assert named["channel"] == "phone" and named["subject"] == {"kind": "none"}
    assert named["reporter"] == {"full_name": "Ana", "contact": "55 1234 5678"}


def test_an_officers_action_carries_an_assignee_only_when_assigning():
    assert transition_body("acknowledge", "agency", "dif", " ", "") == {"action": "acknowledge"}
    assert transition_body("assign", "agency", " dif ", "", " por zona ") == {
        "action": "assign",
        "assignee": {"kind": "agency", "ref": "dif"},
        "reason": "por zona",
    }
    assert quarter_of(date(2026, 3, 31)) == (2026, 1) and quarter_of(date(2026, 10, 1)) == (2026, 4)


def test_a_review_verdict_becomes_the_registrys_decision_or_nothing():
    assert decision_body("different_people", "no") == {
        "reason": "no",
        "verdict": "different_people",
    }
    same = decision_body("same_person:5f0c", "sí")
    assert same is not None and same["verdict"] == "same_person"
    assert same["same_as_person_id"] == "5f0c"
    assert decision_body("maybe", "?") is None


def test_an_overlap_names_both_records_or_only_hers_when_the_other_is_not_shared():
    ours = {"enrolment_id": "e1", "agency": "dif-jalisco", "programme": "Despensas"}
    shared = {"enrolment_id": "e2", "agency": "sedis-jalisco", "programme": "Comedores"}
    person = {
        "enrolments": [ours, shared],
        "support_overlaps": [
            {"overlap_id": "o1", "enrolment_a": "e1", "enrolment_b": "e2", "details_shared": True},
            {"overlap_id": "o2", "enrolment_a": "e1", "enrolment_b": "e9", "details_shared": True},
            {"overlap_id": "o3", "enrolment_id": "e1", "details_shared": False},
        ],
    }
    assert [o["records"] for o in overlaps_told(person)] == [
        [ours, shared],
        [ours, None],
        [ours],
    ]


def test_the_reasons_kept_for_opened_case_files_fit_a_cookie_newest_first():
    reasons = remember_reason({}, "a", "seguimiento")
    reasons = remember_reason(reasons, "b", "visita")
    assert remember_reason(reasons, "a", "llamada") == {"b": "visita", "a": "llamada"}
    long_reason = "ñ" * 200  # six characters each once escaped, as the cookie holds them
    for person in "cdefgh":
        reasons = remember_reason(reasons, person, long_reason)
    assert list(reasons)[-1] == "h" and "a" not in reasons and "b" not in reasons
    assert len(json.dumps(reasons)) <= REASONS_BUDGET
    assert remember_reason({}, "x", long_reason, budget=10) == {"x": long_reason}
