"""What the screens say instead of the codes they are given: a dead letter's reason in words,
the sign-in trail's details in words; and the screen crawl's own eye (tests/browser), which
must see what a reader should not."""

import pytest

from services.console.labels import known, translate
from services.console.rules.ops import READING_CODES, reason_words
from services.console.rules.sign_in import event_detail
from shared.roles import Role, scope_problem
from tests.browser.screen_crawl import findings_in, pattern_of


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("value: not valid JSON (JSONDecodeError at position 1)", "ops.why.not_json"),
        ("value: JSON nested too deeply", "ops.why.too_deep"),
        (
            "handler failed: CheckViolationError (SQLSTATE 23514) on constraint ops_hold",
            "ops.why.handler_failed",
        ),
        (
            "payload.agency: a record on x must be dif-jalisco's own",
            "ops.why.another_agencys_record",
        ),
        ("payload.birth_date: not a date", "ops.why.field"),
        ("something no one foresaw", "ops.why.other"),
    ],
)
def test_an_older_dead_letters_reason_is_said_in_words(reason, label):
    """Dead-lettered before the consumer wrote a code: told by the reason's words."""
    assert reason_words("", reason) == label and known(label)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("not_json", "ops.why.not_json"),
        ("not_an_envelope", "ops.why.not_an_envelope"),
        ("unknown_event_type", "ops.why.unknown_event_type"),
        ("handler_failed", "ops.why.handler_failed"),
        ("out_of_sequence", "ops.why.field"),
    ],
)
def test_a_dead_letters_code_is_said_in_words_whatever_its_reason_says(code, label):
    assert reason_words(code, "something no one foresaw") == label and known(label)


def test_every_code_a_consumer_dead_letters_for_before_reading_has_its_words():
    assert all(known(f"ops.why.{code}") for code in READING_CODES)


@pytest.mark.parametrize(
    ("outcome", "detail", "said"),
    [
        ("created", "kitchen_committee by admin", "Comité de comedor, por admin"),
        ("disabled", "by admin", "por admin"),
        ("refused", "wrong password", "contraseña incorrecta"),
        ("refused", "temporary password used or expired", "contraseña temporal ya usada o vencida"),
        ("refused", "something new", "something new"),
    ],
)
def test_the_sign_in_trail_is_said_in_words(outcome, detail, said):
    key, values = event_detail(outcome, detail)
    if "role" in values:
        values = {**values, "role": translate(values["role"], "es")}
    assert translate(key, "es", **values) == said
    assert event_detail(outcome, None) is None
    assert known(f"admin.outcome.{outcome}")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Falló 2026-12-07T00:50:23.849115+00:00", "fecha ISO"),
        ("Último acceso 10:00:00Z", "hora ISO/UTC"),
        ("Persona 01a24dfa-fa2d-76e9-8c47-b438bee22e2f", "UUID"),
        ("{'agreed': ['curp']}", "repr de Python"),
        ("Nivel: very_high", "código snake_case"),
        ("the purse balance is -185050 centavos after a purchase", "frase en inglés"),
        ("Sesión de Ana · dif-jalisco", "código de agencia"),
    ],
)
def test_the_crawl_sees_what_a_reader_should_not(line, kind):
    assert kind in [found for found, _ in findings_in([line], "es")]


def test_the_crawl_lets_spanish_through_and_finds_spanish_on_an_english_page():
    spanish = "El comedor está abierto y no tiene avisos: se revisa el 7 de diciembre de 2026."
    assert findings_in([spanish], "es") == []
    assert findings_in(["6 de diciembre de 2026, 19:37\tnobody-by-this-name ?"], "es") == []
    assert [k for k, _ in findings_in([spanish], "en")] == ["Spanish sentence"]


def test_a_page_pattern_hides_ids_and_keeps_the_kind_of_page():
    assert pattern_of("http://h/people/01a24dfa-fa2d-76e9-8c47-b438bee22e2f/records/12") == (
        "/people/{id}/records/{id}"
    )
    assert pattern_of("http://h/kitchens/CDMX-IZT-0042/indicators") == "/kitchens/{id}/indicators"
    assert pattern_of("http://h/reviews?status=open") == "/reviews?status=open"


def test_every_scope_an_account_is_refused_for_has_its_words():
    """Each refusal shared/roles.scope_problem can give (every role, with and without each
    scope) has a code of its own and a sentence for it, not the English the rule wrote."""
    problems = {
        problem
        for role in Role
        for agency in (None, "dif-jalisco")
        for kitchen in (None, "CDMX-IZT-0042")
        if (problem := scope_problem(role, agency, kitchen))
    }
    assert len({problem.code for problem in problems}) == 4
    for problem in problems:
        assert known(f"refusal.{problem.code}"), problem
