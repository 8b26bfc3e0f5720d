"""Properties of the registry's normalisation (names, CURP, phones, blocking
keys) over generated records rather than hand-picked ones."""

import unicodedata
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from services.beneficiaries.domain.curp import (
    STATE_CODES,
    build_curp,
    check_digit,
    consistency,
    curp_format_problem,
    expected_parts,
    state_codes_by_name,
)
from services.beneficiaries.domain.identity import blocking_keys, identity_of, key_hash
from services.beneficiaries.domain.names import (
    PARTICLES,
    fold,
    given_name_tokens,
    national_phone,
    surname_key,
)
from shared.contracts.beneficiaries import PersonDetails

SPANISH_LETTERS = "abcdefghijklmnñopqrstuvwxyzáéíóúüÁÉÍÓÚÜÑABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORDS = st.one_of(
    st.text(SPANISH_LETTERS, min_size=1, max_size=10),
    st.sampled_from(sorted(PARTICLES)).map(str.lower),
)
NAMES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
STATES = st.one_of(
    st.none(), st.sampled_from(sorted(state_codes_by_name())), st.sampled_from(sorted(STATE_CODES))
)
# CURP positions are 1-based here, as in RENAPO's description.
CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
CURP_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def persons() -> st.SearchStrategy[PersonDetails]:
    return st.builds(
        PersonDetails,
        given_names=NAMES,
        paternal_surname=st.one_of(st.none(), NAMES),
        maternal_surname=st.one_of(st.none(), NAMES),
        sex=st.sampled_from(["H", "M", "X"]),
        birth_date=st.dates(date(1900, 1, 1), date(2099, 12, 31)),
        state=STATES,
        municipality=st.one_of(st.none(), NAMES),
        phone=st.one_of(
            st.none(), st.from_regex(r"\A(\+52 ?1? ?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}\Z")
        ),
        consent_to_share=st.booleans(),
    )


def without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def differentiator_for(birth_date: date) -> st.SearchStrategy[str]:
    """RENAPO's homonym character: a digit for births before 2000, a letter from 2000 on."""
    return st.sampled_from("0123456789" if birth_date.year < 2000 else "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def curp_for(person: PersonDetails, differentiator: str) -> str:
    return build_curp(
        expected_parts(
            person.given_names,
            person.paternal_surname,
            person.maternal_surname,
            person.sex,
            person.birth_date,
            person.state,
        ),
        differentiator,
    )


# Names


@given(st.text())
def test_folding_is_idempotent_and_leaves_only_capital_letters_and_single_spaces(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert set(folded) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
    assert "  " not in folded and folded == folded.strip()


@given(NAMES)
def test_folding_ignores_case_and_accents(name):
    assert fold(name) == fold(name.upper()) == fold(name.lower()) == fold(without_accents(name))


@given(NAMES)
def test_n_tilde_meets_n_for_matching_but_the_record_keeps_it_for_display(name):
    with_tilde = name.replace("n", "ñ").replace("N", "Ñ")
    assert fold(with_tilde) == fold(name.replace("ñ", "n").replace("Ñ", "N"))
    shown = PersonDetails(
        given_names="Ana",
        paternal_surname=with_tilde,
        sex="M",
        birth_date=date(1990, 1, 1),
        consent_to_share=True,
    )
    assert shown.paternal_surname == with_tilde


@given(NAMES)
@example("de la")
@example("Le")
@example("Y")
def test_particles_never_empty_a_surname_that_has_letters(surname):
    """The rule: particles are dropped when the name has other words; a
    surname made only of them ('Le', 'Van', 'de la') keeps them all."""
    key = surname_key(surname)
    assert bool(key) == bool(fold(surname))
    assert surname_key(key) == key
    words = fold(surname).split()
    assert key.split() == ([w for w in words if w not in PARTICLES] or words)


@given(NAMES)
@example("y")
def test_particles_never_empty_given_names_that_have_letters(given_names):
    assert bool(given_name_tokens(given_names)) == bool(fold(given_names))


# CURP


@given(persons(), st.data())
def test_a_built_curp_is_well_formed_and_agrees_with_its_record(person, data):
    curp = curp_for(person, data.draw(differentiator_for(person.birth_date)))
    assert curp_format_problem(curp) is None
    parts = expected_parts(
        person.given_names,
        person.paternal_surname,
        person.maternal_surname,
        person.sex,
        person.birth_date,
        person.state,
    )
    check = consistency(curp, parts, person.birth_date.year)
    assert check.trusted and not check.state_differs
    assert identity_of(
        person.model_copy(update={"national_id": curp.lower(), "national_id_type": "CURP"})
    ).curp_trusted


def blind_to(position: int, old: str, new: str) -> bool:
    """The check digit's documented blind spots (services/beneficiaries/domain/curp.py)."""
    steps = abs(CHECK_ALPHABET.index(new) - CHECK_ALPHABET.index(old))
    return (
        position == 9
        or steps % 10 == 0
        or (position % 2 == 1 and steps % 5 == 0)
        or (position in (4, 14) and steps % 2 == 0)
    )


@given(persons(), st.data())
def test_changing_one_character_breaks_the_curp_unless_it_is_a_documented_blind_spot(person, data):
    curp = curp_for(person, data.draw(differentiator_for(person.birth_date)))
    position = data.draw(st.integers(1, 18))
    new = data.draw(st.sampled_from(CURP_CHARACTERS).filter(lambda c: c != curp[position - 1]))
    changed = curp[: position - 1] + new + curp[position:]
    problem = curp_format_problem(changed)
    if problem is None:
        assert position < 18 and blind_to(position, curp[position - 1], new), (curp, changed)
    elif problem.startswith("the check digit"):
        assert not blind_to(position, curp[position - 1], new)


@given(persons().filter(lambda p: p.birth_date.day in range(10, 30)), st.data())
def test_the_check_digit_cannot_see_the_tens_of_the_birth_day(person, data):
    curp = curp_for(person, data.draw(differentiator_for(person.birth_date)))
    for tens in "12":
        changed = curp[:8] + tens + curp[9:]
        assert curp_format_problem(changed) is None
        assert check_digit(changed[:17]) == curp[17]


def test_the_other_blind_spots_exist_as_documented():
    curp = build_curp(
        expected_parts("Gloria", "Hernández", "García", "M", date(1956, 4, 27), "Veracruz"), "0"
    )
    assert curp == "HEGG560427MVZRRL04"
    fourteenth_two_steps = curp[:13] + "T" + curp[14:]  # R → T
    year_five_steps = curp[:4] + "0" + curp[5:]  # 5 → 0 in the 5th character (weight 14)
    for changed in (fourteenth_two_steps, year_five_steps):
        assert curp_format_problem(changed) is None
    ten_places_anywhere = curp[:15] + "B" + curp[16:]  # L → B in the 16th (weight 3)
    assert curp_format_problem(ten_places_anywhere) is None
    assert curp_format_problem(curp[:13] + "S" + curp[14:]) is not None  # one step: seen


# Phones


@given(
    st.one_of(
        st.text(),
        st.from_regex(r"\A(\+52 ?1? ?|044 ?|01 ?)?\(?\d{2,3}\)?[ .-]?\d{3,4}[ .-]?\d{4}\Z"),
    )
)
def test_a_phone_becomes_ten_ascii_digits_or_nothing_and_stays_so(raw):
    national = national_phone(raw)
    assert national is None or (len(national) == 10 and national.isascii() and national.isdigit())
    if national is not None:
        assert national_phone(national) == national


@given(
    st.from_regex(r"\A\d{10}\Z").map(lambda d: "".join(str(int(c)) for c in d)),
    st.sampled_from(["{}", "+52 {}", "+52 1 {}", "044 {}"]),
)
def test_how_a_phone_is_written_does_not_change_the_number(digits, written):
    spaced = f"{digits[:2]} {digits[2:6]} {digits[6:]}"
    assert (
        national_phone(written.format(spaced)) == national_phone(written.format(digits)) == digits
    )


# Blocking keys


@given(
    persons(),
    st.sampled_from([str.upper, str.lower, without_accents, lambda s: without_accents(s).upper()]),
)
def test_blocking_keys_are_the_same_for_records_that_differ_only_in_accents_or_case(person, change):
    def changed(value: str | None) -> str | None:
        return None if value is None else change(value)

    variant = person.model_copy(
        update={
            name: changed(getattr(person, name))
            for name in (
                "given_names",
                "paternal_surname",
                "maternal_surname",
                "state",
                "municipality",
            )
        }
    )
    assert blocking_keys(identity_of(variant)) == blocking_keys(identity_of(person))


@given(persons())
def test_blocking_keys_are_deterministic(person):
    identity = identity_of(person)
    assert (
        blocking_keys(identity)
        == blocking_keys(identity._replace())
        == blocking_keys(identity_of(person))
    )


def test_key_hashes_do_not_depend_on_the_process():
    """Stored in PostgreSQL: Python's per-process string hash would break every later lookup."""
    assert (
        key_hash("NN:GUADALUPE|ERNANDES|CRUS")
        == key_hash("NN:GUADALUPE|ERNANDES|CRUS")
        == -4_541_635_428_282_119_374
    )
