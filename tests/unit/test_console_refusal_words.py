"""Every refusal is told by its code: each one the services and the console can give has
a machine code, each code a Spanish and an English label, and the console's sentence
reads the parameters as a person does (pesos, days in words, codes in words), never
the service's English reason."""

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

from services.console import labels
from services.console.rules.refusals import Words, field_label_key, refusal_sentence
from shared.errors import Rejected, rejection_from_validation
from shared.http_refusals import BARE_CODES
from shared.text import UNSTORABLE_CODE, VALIDATION_CODES, refusal_code, refusal_params

ROOT = Path(__file__).parents[2]
# What raises or builds a refusal, and so must name its code.
REFUSING = {
    "Rejected",
    "Conflict",
    "NonOperatingDay",
    "NotPermitted",
    "NotOperating",
    "ServiceRefused",
    "refusal",
}
# Named alike, the console's own Refused (services/console/errors.py) carries a page label.
REFUSING_IN_SHARED = {"Refused"}
# A code that is not a literal is passed on: from a refusal already coded, pydantic's
# error type, a service's answer, a route's roles (shared/route_roles.py) or a constant.
PASSED_ON = re.compile(
    r"^(exc|not_operating|problem|work)\.code$|^refusal_code\(|^label\.replace\("
    r"|^str\(first\.get\('code'\)|^UNSTORABLE_CODE$"
)
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literals(value: ast.expr) -> list[str]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp):
        return _literals(value.body) + _literals(value.orelse)
    return []


def _refusals_in_source() -> tuple[set[str], list[str]]:
    """The literal codes in services/ and shared/, and the refusals built without one."""
    codes: set[str] = set()
    uncoded: list[str] = []
    for path in sorted([*(ROOT / "services").rglob("*.py"), *(ROOT / "shared").rglob("*.py")]):
        refusing = REFUSING | (REFUSING_IN_SHARED if path.parent.name == "shared" else set())
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            if _called(node) == "InvalidMessage":
                # Why a record could not be read: words on the ops screen (ops.why.<code>,
                # tests/unit/test_console_screen_words.py), never a person's refusal.
                continue
            if _called(node) not in refusing:
                # A refusal's own class passes its code up (UnknownKitchen, UnknownFlag).
                codes.update(_literals(code) if code is not None else [])
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if code is None:
                uncoded.append(where)
            elif found := _literals(code):
                codes.update(found)
            elif not PASSED_ON.match(ast.unparse(code)):
                uncoded.append(f"{where} (code={ast.unparse(code)})")
    return codes, uncoded


SOURCE_CODES, UNCODED = _refusals_in_source()
EVERY_CODE = SOURCE_CODES | VALIDATION_CODES | BARE_CODES | {UNSTORABLE_CODE}


def test_every_refusal_in_the_source_names_its_code():
    assert len(SOURCE_CODES) > 100, "the walk finds the services' refusals"
    assert not UNCODED, "refusals without a code:\n" + "\n".join(UNCODED)
    assert not [c for c in EVERY_CODE if not SNAKE.match(c)]


def test_the_walk_would_find_a_refusal_without_a_code():
    tree = ast.parse('raise Conflict("status", "already so")')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _called(call) in REFUSING and not any(k.arg == "code" for k in call.keywords)


def test_every_code_has_a_spanish_and_an_english_label():
    missing = sorted(c for c in EVERY_CODE if not labels.known(f"refusal.{c}"))
    assert not missing, f"codes without a label: {missing}"
    for code in EVERY_CODE:
        spanish, english = (labels.translate(f"refusal.{code}", lang) for lang in ("es", "en"))
        assert spanish and english and spanish != english, code


def test_no_refusal_label_is_left_without_a_code_to_tell():
    fallback = ("refusal.fallback", "refusal.page", "refusal.field.")
    told = {f"refusal.{c}" for c in EVERY_CODE}
    stale = [
        key
        for key in labels._CATALOGUE
        if key.startswith("refusal.")
        and not key.startswith(fallback)
        and key not in told
        and key.rsplit(".", 1)[0] not in told
    ]
    assert not stale, f"labels no refusal uses: {stale}"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_spanish_and_english_ask_for_the_same_parameters():
    for key, (spanish, english) in labels._CATALOGUE.items():
        if key.startswith("refusal."):
            assert _placeholders(spanish) == _placeholders(english), key


def _words(language: str = "es") -> Words:
    return Words(labels.translate, labels.known, language)


def test_a_fee_mismatch_reads_in_pesos():
    params = {
        "fees_collected_centavos": 480_000,
        "rations": 240,
        "fee_centavos": 1_000,
        "expected_centavos": 240_000,
        "tolerance_percent": 10.0,
    }
    sentence = refusal_sentence(
        422, "fees_do_not_match", params, "fees_collected_centavos", _words(), "Cuotas"
    )
    assert "$4,800.00" in sentence and "$2,400.00" in sentence and "$10.00" in sentence
    assert "240 raciones" in sentence and "centavos" not in sentence


def test_a_saturday_reads_as_the_day_in_words():
    params = {"day": "2026-12-05"}
    spanish = refusal_sentence(422, "not_an_operating_day", params, "report_date", _words(), "")
    assert spanish.startswith("El sábado, 5 de diciembre de 2026 no es día de operación")
    english = refusal_sentence(422, "not_an_operating_day", params, "report_date", _words("en"), "")
    assert english.startswith("Saturday, December 5, 2026 is not an operating day")


def test_a_committee_of_two_is_told_the_rule_of_three():
    sentence = refusal_sentence(
        409, "committee_too_small", {"members": 2, "minimum": 3}, "committee", _words(), ""
    )
    assert "al menos 3 integrantes; se dieron 2" in sentence


def test_codes_in_parameters_are_told_in_words():
    sentence = refusal_sentence(
        409,
        "action_not_allowed_now",
        {"action": "resolve", "case_status": "received"},
        "action",
        _words(),
        "",
    )
    assert "resolve" not in sentence and "received" not in sentence
    assert "«Resolver»" in sentence


def test_a_bound_on_a_date_reads_in_words():
    sentence = refusal_sentence(422, "less_than", {"lt": "2026-12-07"}, "day", _words(), "Día")
    assert sentence == "«Día» debe ser menor que lunes, 7 de diciembre de 2026."


def test_a_bound_on_an_amount_in_centavos_reads_in_pesos():
    sentence = refusal_sentence(
        422, "at_most", {"le": 100_000_000}, "amount_centavos", _words(), "Importe"
    )
    assert sentence == "«Importe» puede ser a lo más $1,000,000.00."


def test_an_unknown_code_names_the_field_in_words_and_never_the_english_reason():
    sentence = refusal_sentence(409, "a_rule_added_later", {}, "status", _words(), "Estado")
    assert sentence == "No se puede: choca con lo que ya está registrado (Estado)."
    assert refusal_sentence(422, "another", {}, "x", _words(), "Fecha").startswith("Revise «Fecha»")


def test_a_label_missing_a_parameter_falls_back_instead_of_failing():
    sentence = refusal_sentence(409, "committee_too_small", {}, "committee", _words(), "Comité")
    assert sentence == "No se puede: choca con lo que ya está registrado (Comité)."


def test_a_field_is_named_by_its_whole_path_then_its_last_then_its_first_part():
    known = labels.known
    assert field_label_key("notices.address", ("refusal.field.",), known) == (
        "refusal.field.address"
    )
    kitchen = ("kitchens.", "kitchens.aspect.", "refusal.field.")
    assert field_label_key("scores.food_quality", kitchen, known) == (
        "kitchens.aspect.food_quality"
    )
    assert field_label_key("no_such_field", kitchen, known) is None


class _Form(BaseModel):
    name: str = Field(max_length=5, pattern=r"^[a-z]+$")
    count: int = Field(ge=1, le=10)
    day: date


@pytest.mark.parametrize(
    ("body", "code", "params"),
    [
        ({"name": "abcdefg", "count": 1, "day": "2026-01-01"}, "too_long", {"max_length": 5}),
        ({"name": "ABC", "count": 1, "day": "2026-01-01"}, "pattern_mismatch", {}),
        ({"name": "abc", "count": 11, "day": "2026-01-01"}, "at_most", {"le": 10}),
        ({"name": "abc", "count": 0, "day": "2026-01-01"}, "at_least", {"ge": 1}),
        ({"name": "abc", "count": "x", "day": "2026-01-01"}, "not_a_whole_number", {}),
        ({"name": "abc", "count": 1, "day": "2026-01-01T10:30"}, "not_a_date", {}),
        ({"name": "abc", "count": 1}, "missing", {}),
    ],
)
def test_a_validation_error_becomes_a_code_with_its_bounds_never_its_input(body, code, params):
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(body)
    error = caught.value.errors()[0]
    assert refusal_code(error) == code
    assert refusal_params(error) == params
    rejected = rejection_from_validation(caught.value)
    assert (rejected.code, rejected.params) == (code, params)


def test_a_domain_refusal_carries_dates_as_iso_strings():
    refused = Rejected(
        "day", "in the future", code="date_in_future", params={"day": date(2026, 1, 2)}
    )
    assert refused.params == {"day": "2026-01-02"}
