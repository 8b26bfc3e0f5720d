"""The registry's matching rules without I/O: names, CURPs, comparison,
decisions and overlaps."""

from datetime import date
from uuid import uuid4

import pytest

from services.beneficiaries.domain.comparison import compare, compare_birth_date
from services.beneficiaries.domain.curp import (
    build_curp,
    consistency,
    curp_format_problem,
    expected_parts,
)
from services.beneficiaries.domain.identity import blocking_key_texts, identity_of
from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.domain.names import (
    given_name_tokens,
    name_in_use,
    national_phone,
    phonetic,
    surname_key,
)
from services.beneficiaries.domain.overlaps import (
    HeldEnrolment,
    OverlapRule,
    current_overlaps,
    overlap_changes,
    pair_of,
)
from services.beneficiaries.domain.resolution import CandidateRecord, resolve
from shared.contracts.beneficiaries import PersonDetails

MODEL = load_model()


def person(**fields) -> PersonDetails:
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


def curp_of(p: PersonDetails, differentiator: str = "0") -> str:
    return build_curp(
        expected_parts(
            p.given_names, p.paternal_surname, p.maternal_surname, p.sex, p.birth_date, p.state
        ),
        differentiator,
    )


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("Ma. de los Ángeles", ("MARIA", "ANGELES")),
        ("Lupe", ("GUADALUPE",)),
        ("J. Jesús", ("JOSE", "JESUS")),
        ("CHUY", ("JESUS",)),
        ("Mayte", ("MARIA", "TERESA")),
        ("Maricarmen", ("MARIA", "CARMEN")),
        ("Yola", ("YOLANDA",)),
    ],
)
def test_given_names_fold_abbreviations_and_nicknames(written, tokens):
    assert given_name_tokens(written) == tokens


@pytest.mark.parametrize(
    ("nickname", "name"),
    [
        ("Liz", "Elizabeth"),
        ("Fina", "Josefina"),
        ("Malena", "Magdalena"),
        ("Malena", "María Elena"),
    ],
)
def test_a_nickname_of_several_names_is_similar_to_each_of_them(nickname, name):
    """Kept as written (Fina may be Josefina or Delfina), it agrees with each,
    a name of two words too."""
    assert (
        compare(identity_of(person(given_names=nickname)), identity_of(person(given_names=name)))[
            "given_names"
        ]
        == "similar"
    )


@pytest.mark.parametrize(
    ("written", "name", "level"),
    [
        ("M Ángeles", "María Ángeles", "similar"),
        ("Rosa M.", "Rosa María", "similar"),
        ("A Elena", "María Elena", "different"),
        ("Rosa I.", "Rosa Elena", "different"),
    ],
)
def test_a_name_written_as_its_initial_agrees_with_the_names_of_that_letter(written, name, level):
    """Seen (own records, 200,000): M ANGELES VALDEZ LUGO held back as a twin of MARIA
    ANGELES, with her CURP and phone; ROSA M beside ROSA MARIA the same way."""
    given = compare(identity_of(person(given_names=written)), identity_of(person(given_names=name)))
    assert given["given_names"] == level


def test_one_surname_on_each_record_the_same_is_not_a_surname_that_differs():
    """Seen (zipf records, 200,000): CITLALI NUNEZ, her CURP issued with X for a mother's
    surname, and her record CITLABI NUNEZ of the same day scored as if a surname differed."""
    lone = dict(paternal_surname="Núñez", maternal_surname=None)
    same = compare(identity_of(person(**lone)), identity_of(person(**lone)))
    other = compare(
        identity_of(person(**lone)),
        identity_of(person(paternal_surname="López", maternal_surname=None)),
    )
    assert (same["surnames"], other["surnames"]) == ("one_missing", "different")


def test_the_name_in_use_skips_maria_and_jose():
    assert name_in_use(given_name_tokens("Ma. Guadalupe")) == "GUADALUPE"
    assert name_in_use(given_name_tokens("María")) == "MARIA"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("González", "Gonsales"),
        ("Hernández", "Ernandes"),
        ("Valdez", "Baldes"),
        ("Ximena", "Jimena"),
        ("Reyna", "Reina"),
        ("Guillén", "Guiyen"),
    ],
)
def test_names_that_sound_alike_share_a_phonetic_key(a, b):
    assert phonetic(surname_key(a)) == phonetic(surname_key(b))


def test_particles_and_accents_do_not_matter_for_matching_but_n_tilde_is_kept_for_display():
    assert surname_key("de la Cruz") == surname_key("CRUZ") == "CRUZ"
    assert person(paternal_surname="Núñez").paternal_surname == "Núñez"
    assert surname_key("Núñez") == "NUNEZ"


@pytest.mark.parametrize(
    ("surname", "key"), [("Le", "LE"), ("Van", "VAN"), ("de la", "DE LA"), ("Van der Berg", "BERG")]
)
def test_a_surname_made_only_of_particles_keeps_them(surname, key):
    assert surname_key(surname) == key


def test_given_names_made_only_of_particles_keep_them():
    assert given_name_tokens("Y") == ("Y",)


@pytest.mark.parametrize(
    ("raw", "national"),
    [
        ("33 1234 5678", "3312345678"),
        ("+52 1 33 1234 5678", "3312345678"),
        ("044 33 1234 5678", "3312345678"),
        ("(33)1234-5678", "3312345678"),
        ("1234", None),
        ("", None),
        ("٣٣ ١٢٣٤ ٥٦٧٨", "3312345678"),
        ("３３１２３４５６７８", "3312345678"),
    ],
)
def test_phones_become_ten_digits(raw, national):
    assert national_phone(raw) == national


def test_the_official_example_curp_is_built_from_its_record():
    gloria = person(
        given_names="Gloria",
        paternal_surname="Hernández",
        maternal_surname="García",
        birth_date=date(1956, 4, 27),
        state="Veracruz",
    )
    assert curp_of(gloria) == "HEGG560427MVZRRL04"


def test_compound_given_names_inconvenient_words_and_missing_surnames_follow_renapo():
    assert curp_of(person())[:4] == "HECG"
    assert (
        curp_of(
            person(
                given_names="Olga",
                paternal_surname="Pérez",
                maternal_surname="Domínguez",
                birth_date=date(1960, 1, 1),
            )
        )[:4]
        == "PXDO"
    )
    assert curp_of(person(maternal_surname=None))[:4] == "HEXG"
    assert curp_of(person(sex="X"))[10] == "X"
    assert curp_format_problem(curp_of(person(sex="X"))) is None


def test_a_curp_that_contradicts_its_record_is_not_trusted():
    p = person()
    curp = curp_of(p)
    born = p.birth_date.year
    assert consistency(
        curp,
        expected_parts("María Guadalupe", "Hernández", "de la Cruz", "M", p.birth_date, "Jalisco"),
        born,
    ).trusted
    other = expected_parts("Rosa", "Hernández", "de la Cruz", "M", date(1984, 3, 8), "Jalisco")
    assert consistency(curp, other, born).contradictions == ("name_initials", "birth_date")
    moved = expected_parts(
        "María Guadalupe", "Hernández", "de la Cruz", "M", p.birth_date, "Nuevo León"
    )
    check = consistency(curp, moved, born)
    assert check.trusted and check.state_differs


def test_a_curp_issued_with_the_maternal_surname_the_record_leaves_out_is_trusted():
    """Seen (own ordinary records, 200,000): LUCIA RUBIO's record carried her CURP RURL…,
    issued with her mother's surname, and was not trusted; so the valid CURP of MARIA DE
    LA LUZ RUBIO PEREZ, who had been linked to her, did not tell the two apart."""
    lucia = dict(given_names="Lucía", paternal_surname="Rubio")
    curp = curp_of(person(**lucia, maternal_surname="Rodríguez"))
    one_surname = person(**lucia, maternal_surname=None, national_id=curp, national_id_type="CURP")
    assert identity_of(one_surname).curp_trusted
    # Another given name or paternal surname is still someone else's CURP.
    for other in (dict(lucia, given_names="Rosa"), dict(lucia, paternal_surname="Robles")):
        record = person(**other, maternal_surname=None, national_id=curp, national_id_type="CURP")
        assert not identity_of(record).curp_trusted


def test_a_lone_surnames_curp_tells_whether_the_other_records_surnames_can_be_hers():
    """Seen (own ordinary records, 200,000): CARLOS MARTINEZ, one surname, carrying his CURP
    MAH…, linked to CARLOS NUÑEZ MARTINEZ born two days later, his one surname read as the
    other's mother's. His CURP says Martínez is his father's surname and his mother's begins
    with H: Núñez Martínez is not his name."""
    carlos = dict(given_names="Carlos", sex="H", national_id_type="CURP")
    curp = curp_of(person(**carlos, paternal_surname="Martínez", maternal_surname="Hernández"))
    lone = identity_of(
        person(**carlos, paternal_surname="Martínez", maternal_surname=None, national_id=curp)
    )
    assert lone.curp_trusted

    def surnames_beside(paternal: str, maternal: str) -> str:
        other = person(
            given_names="Carlos", sex="H", paternal_surname=paternal, maternal_surname=maternal
        )
        return compare(lone, identity_of(other))["surnames"]

    assert surnames_beside("Núñez", "Martínez") == "different"
    assert surnames_beside("Martínez", "López") == "one_differs"
    # Surnames that can be the ones his CURP was issued with: as written, in the other
    # order, or the mother's spelt as it sounds (Ernández for Hernández).
    assert surnames_beside("Martínez", "Hernández") == "one_missing"
    assert surnames_beside("Hernández", "Martínez") == "one_missing"
    assert surnames_beside("Martínez", "Ernández") == "one_missing"


def test_curps_a_letter_apart_where_each_takes_it_from_its_own_names_are_two_peoples():
    """Seen (own ordinary records, 200,000): MARIA DEL CARMEN RIVAS MURO (RIMC810420…) and
    MARIA RIVERA HERNANDEZ (RIHC810420…), born the same day in Zapopan, linked on CURPs
    a character apart read as one CURP keyed with a slip; the M and the H are the
    initials of their mothers' surnames."""
    born = dict(birth_date=date(1981, 4, 20), national_id_type="CURP")
    carmen = person(
        given_names="María del Carmen",
        paternal_surname="Rivas",
        maternal_surname="Muro",
        national_id="RIMC810420MJCVRR02",
        **born,
    )
    maria = dict(given_names="María", paternal_surname="Rivera", national_id="RIHC810420MJCVRR02")
    other = person(**maria, maternal_surname="Hernández", **born)
    assert compare(identity_of(carmen), identity_of(other))["curp"] == "different"
    # Where the other record's mother's surname does not give the H, the H may be a slip.
    slipped = person(**maria, maternal_surname="Muro", **born)
    assert compare(identity_of(carmen), identity_of(slipped))["curp"] == "one_off"


def test_curps_a_consonant_apart_where_each_takes_it_from_its_own_names_are_two_peoples():
    """Seen (zipf records with look-alikes, 200,000): MARIA GUADALUPE HERNANDEZ GARCIA
    (HEGG870904MGTRRD03) beside a MARIA GUADALUPE ERNANDEZ without her mother's
    surname (HEGG870904MGTRND03, trusted), born the same day in León, linked on CURPs
    a character apart read as one CURP keyed with a slip; the R and the N are the inner
    consonants of Garcia and of another mother's surname, and the check digit is blind
    to that change."""
    born = dict(birth_date=date(1987, 9, 4), state="Guanajuato", national_id_type="CURP")
    garcia = person(maternal_surname="García", **born)
    gonzalez = person(maternal_surname="González", **born)
    garcias, gonzalezs = curp_of(garcia), curp_of(gonzalez)
    assert sum(x != y for x, y in zip(garcias, gonzalezs, strict=True)) == 1
    garcia = person(maternal_surname="García", national_id=garcias, **born)
    both = person(maternal_surname="González", national_id=gonzalezs, **born)
    assert compare(identity_of(garcia), identity_of(both))["curp"] == "different"
    # Without her mother's surname, her CURP trusted or, her father's spelt as it
    # sounds, not.
    for father in ("Hernández", "Ernández"):
        lone = person(paternal_surname=father, maternal_surname=None, national_id=gonzalezs, **born)
        assert compare(identity_of(garcia), identity_of(lone))["curp"] == "different"
    # Where the other record's own names do not give its letter, that letter may be a slip.
    slipped = person(maternal_surname="Garza", national_id=gonzalezs, **born)
    assert compare(identity_of(garcia), identity_of(slipped))["curp"] == "one_off"


def test_the_check_digit_cannot_see_two_places_in_the_fourth_character():
    curp = curp_of(
        person(paternal_surname="Ramírez")
    )  # RAC…: the 4th character is the given name's initial, G
    assert curp_format_problem(curp[:3] + "E" + curp[4:]) is None


def test_the_check_digit_cannot_see_a_change_in_the_tens_of_the_birth_day():
    curp = curp_of(person(birth_date=date(1984, 3, 17)))
    typo = curp[:8] + "2" + curp[9:]
    assert curp_format_problem(typo) is None
    assert (
        compare(
            identity_of(
                person(national_id=curp, national_id_type="CURP", birth_date=date(1984, 3, 17))
            ),
            identity_of(
                person(national_id=typo, national_id_type="CURP", birth_date=date(1984, 3, 17))
            ),
        )["curp"]
        == "one_off"
    )


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (date(1984, 3, 7), date(1984, 3, 7), "exact"),
        (date(1984, 3, 7), date(1984, 7, 3), "day_month_swapped"),
        (date(1984, 3, 7), date(1984, 3, 9), "one_digit"),
        (date(1965, 3, 7), date(1995, 3, 7), "different"),
        # Ten years apart cannot be a mother and her daughter: a slip in the decade.
        (date(1979, 7, 18), date(1989, 7, 18), "one_digit"),
    ],
)
def test_birth_dates_compare_by_kind_of_typo(a, b, level):
    assert compare_birth_date(a, b) == level


def test_swapped_and_dropped_surnames_are_recognised():
    a = identity_of(person())
    assert (
        compare(a, identity_of(person(paternal_surname="Cruz", maternal_surname="Hernández")))[
            "surnames"
        ]
        == "swapped"
    )
    assert (
        compare(a, identity_of(person(paternal_surname="Hernández", maternal_surname=None)))[
            "surnames"
        ]
        == "one_missing"
    )


def test_records_of_one_person_share_a_blocking_key_despite_typos():
    base = identity_of(person(national_id=curp_of(person()), national_id_type="CURP"))
    variants = [
        person(given_names="Lupe", paternal_surname="Hernandes"),
        person(paternal_surname="Cruz", maternal_surname="Hernández", birth_date=date(1984, 7, 3)),
        person(birth_date=date(1985, 3, 7)),
        person(maternal_surname=None),
    ]
    for variant in variants:
        assert blocking_key_texts(base) & blocking_key_texts(identity_of(variant)), variant


def candidate(p: PersonDetails) -> CandidateRecord:
    return CandidateRecord(uuid4(), uuid4(), identity_of(p))


def test_the_same_woman_written_differently_links():
    known = candidate(person(phone="3312345678"))
    decision = resolve(
        MODEL,
        identity_of(
            person(given_names="Ma. Guadalupe", paternal_surname="Hernandez", phone="33 1234 5678")
        ),
        [known],
    )
    assert decision.outcome == "linked" and decision.person_id == known.person_id


def test_a_valid_matching_curp_links_at_once():
    p = person(national_id=curp_of(person()), national_id_type="CURP")
    known = candidate(p)
    decision = resolve(
        MODEL,
        identity_of(
            person(national_id=p.national_id, national_id_type="CURP", municipality="Tonalá")
        ),
        [known],
    )
    assert decision.outcome == "linked"
    assert decision.best.comparison["curp"] == "exact_trusted"


@pytest.mark.parametrize(
    ("relative", "hold_back"),
    [
        (dict(given_names="Rosa Elena"), "given_names_differ"),
        (dict(birth_date=date(2004, 9, 1)), "birth_dates_differ"),
        (dict(municipality="Tonalá", phone=None), "nothing_beyond_name_and_birth_date"),
    ],
)
def test_relatives_and_namesakes_are_never_linked_on_their_own(relative, hold_back):
    known = candidate(
        person(given_names="Rosa Isela", phone="3312345678")
        if "given_names" in relative
        else person(phone="3312345678")
    )
    incoming = {"phone": "3312345678", **relative} if "municipality" not in relative else relative
    base = {"given_names": "Rosa Elena"} if "given_names" in relative else {}
    decision = resolve(MODEL, identity_of(person(**{**base, **incoming})), [known])
    assert decision.outcome != "linked"
    if decision.outcome == "pending_review":
        assert hold_back in decision.best.held_back_by


def test_nothing_alike_makes_a_new_person():
    known = candidate(
        person(
            given_names="Josefina",
            paternal_surname="Ramírez",
            maternal_surname="Núñez",
            birth_date=date(1979, 11, 23),
        )
    )
    assert resolve(MODEL, identity_of(person()), [known]).outcome == "new_person"
    assert resolve(MODEL, identity_of(person()), []).outcome == "new_person"


def held(agency: str, benefit: str, ended_on: date | None = None) -> HeldEnrolment:
    return HeldEnrolment(uuid4(), agency, "programme", benefit, date(2026, 1, 1), ended_on)


RULES = [
    OverlapRule("food", "food_basket", "food_voucher"),
    OverlapRule("baskets", "food_basket", "food_basket"),
]


def test_overlaps_need_two_agencies_a_rule_and_both_active():
    today = date(2026, 6, 1)
    basket, voucher = held("dif", "food_basket"), held("sedis", "food_voucher")
    assert current_overlaps([basket, voucher], RULES, today) == {
        pair_of(basket.enrolment_id, voucher.enrolment_id): "food"
    }
    assert current_overlaps([basket, held("dif", "food_voucher")], RULES, today) == {}
    assert current_overlaps([basket, held("sedis", "violence_support")], RULES, today) == {}
    assert (
        current_overlaps(
            [basket, held("sedis", "food_basket", ended_on=date(2026, 5, 31))], RULES, today
        )
        == {}
    )


def test_an_overlap_is_raised_once_and_cleared_when_it_stops_holding():
    pair, overlap_id = (uuid4(), uuid4()), uuid4()
    assert overlap_changes({pair: "food"}, {}).to_raise == {pair: "food"}
    assert overlap_changes({pair: "food"}, {pair: overlap_id}).to_raise == {}
    assert overlap_changes({}, {pair: overlap_id}).to_clear == [overlap_id]
