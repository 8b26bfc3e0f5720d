"""Identity resolution speaks one vocabulary (shared/contracts/match_vocabulary.py):
the comparison returns its members, field by field; a match model file is checked
against it when it loads, so a level added to the comparison but not weighed, or
weighed but misspelt, stops the service at start-up instead of failing a record."""

import copy
import itertools
import json

import pytest

from services.beneficiaries.domain.comparison import FIELDS, compare_levels
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.match_model import (
    DEFAULT_MODEL_FILE,
    load_model,
    model_from_json,
    model_to_json,
)
from shared.contracts.match_vocabulary import LEVELS, MatchField, Reading, level_of, reading
from tests.benchmarks.synthetic_registry import generate

SHIPPED = json.loads(DEFAULT_MODEL_FILE.read_text(encoding="utf-8"))


def test_every_level_the_comparison_returns_is_its_fields_member():
    identities = [identity_of(r.enrolment.person) for r in generate(150, seed=4)]
    seen: dict[MatchField, set[str]] = {f: set() for f in FIELDS}
    for a, b in itertools.combinations(identities[:120], 2):
        for field, level in zip(FIELDS, compare_levels(a, b), strict=True):
            assert isinstance(level, LEVELS[field]), (field, level)
            seen[field].add(level)
    assert all(seen.values()), "every field compared"


def test_the_shipped_model_weighs_every_level_and_round_trips():
    model = load_model()
    assert {f: set(levels) for f, levels in model.fields.items()} == {
        f: set(levels) for f, levels in LEVELS.items()
    }
    assert model_from_json(model_to_json(model, "test")) == model


def test_a_model_without_a_weight_for_a_level_does_not_load():
    data = copy.deepcopy(SHIPPED)
    del data["fields"]["surnames"]["swapped"]
    with pytest.raises(ValueError, match="surnames: the model has no weight for swapped"):
        model_from_json(data)


def test_a_model_weighing_a_level_the_comparison_never_returns_does_not_load():
    data = copy.deepcopy(SHIPPED)
    data["fields"]["birth_date"]["two_digits"] = {"m": 0.01, "u": 0.01}
    with pytest.raises(ValueError, match="birth_date: no level 'two_digits'"):
        model_from_json(data)


def test_a_model_weighing_a_field_not_compared_does_not_load():
    data = copy.deepcopy(SHIPPED)
    data["fields"]["email"] = {"agree": {"m": 0.9, "u": 0.01}}
    with pytest.raises(ValueError, match="'email', not a field compared"):
        model_from_json(data)


def test_how_a_level_reads_to_a_person():
    assert reading(level_of(MatchField.SURNAMES, "swapped")) is Reading.AGREES
    assert reading(level_of(MatchField.SURNAMES, "one_differs")) is Reading.DIFFERS
    assert reading(level_of(MatchField.PHONE, "missing")) is Reading.UNKNOWN
    assert reading(level_of(MatchField.SEX, "disagree")) is Reading.DIFFERS
