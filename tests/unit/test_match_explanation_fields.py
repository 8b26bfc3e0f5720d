"""What an explanation says agreed and differed: read from the comparison's levels, so a
field neither record has is neither (issue 28: "Coinciden: curp", "Difieren: phone" for two
records with no CURP and no phone)."""

import re
from datetime import date
from uuid import uuid4

from services import MIGRATIONS
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.domain.resolution import CandidateRecord, resolve
from services.beneficiaries.service_layer.explanations import explain
from shared.contracts.beneficiaries import PersonDetails
from shared.contracts.match_vocabulary import LEVELS, Reading, reading

MODEL = load_model()


def without_curp_or_phone(**fields) -> PersonDetails:
    base = {
        "given_names": "María Guadalupe",
        "paternal_surname": "Hernández",
        "maternal_surname": "de la Cruz",
        "sex": "M",
        "birth_date": date(1984, 3, 7),
        "state": "Jalisco",
        "municipality": "Zapopan",
        "consent_to_share": True,
    }
    return PersonDetails(**{**base, **fields})


def test_a_curp_and_a_phone_neither_record_has_are_neither_agreed_nor_differing():
    known = CandidateRecord(uuid4(), uuid4(), identity_of(without_curp_or_phone()))
    decision = resolve(
        MODEL, identity_of(without_curp_or_phone(given_names="Ma. Guadalupe")), [known]
    )
    explanation = explain(decision, MODEL)

    assert explanation.comparison["curp"] == "missing"
    assert explanation.comparison["phone"] == "missing"
    # The model still weighs a missing field (here CURP a little for, phone a little against):
    # the score is unchanged, only what the explanation calls agreement.
    assert explanation.weights["curp"] > 0 > explanation.weights["phone"]
    assert "curp" not in explanation.agreed and "phone" not in explanation.disagreed
    assert explanation.agreed == ["given_names", "surnames", "birth_date", "sex", "place"]
    assert explanation.disagreed == []
    assert decision.best is not None and decision.best.missing == ["curp", "phone"]


def test_a_phone_both_records_have_and_that_differs_is_a_difference():
    known = CandidateRecord(
        uuid4(), uuid4(), identity_of(without_curp_or_phone(phone="3312345678"))
    )
    decision = resolve(MODEL, identity_of(without_curp_or_phone(phone="3398765432")), [known])
    explanation = explain(decision, MODEL)
    assert explanation.comparison["phone"] == "different"
    assert explanation.disagreed == ["phone"] and "curp" not in explanation.agreed


def test_migration_014_reads_the_levels_as_the_vocabulary_does():
    """The migration that corrects stored explanations names, in SQL, each level that does
    not agree: exactly the vocabulary's differences and unknowns, in the registry's field
    order."""
    sql = (MIGRATIONS["beneficiaries"] / "014_explanations_read_from_levels.sql").read_text()
    in_sql = {
        (field, level): said
        for field, level, said in re.findall(r"\('(\w+)', '(\w+)', '(unknown|differs)'\)", sql)
    }
    expected = {
        (str(field), str(level)): str(reading(level))
        for field, levels in LEVELS.items()
        for level in levels
        if reading(level) is not Reading.AGREES
    }
    assert in_sql == expected
    order = re.findall(r"\('(\w+)', (\d)\)", sql)
    assert [field for field, _ in order] == [str(f) for f in LEVELS]
