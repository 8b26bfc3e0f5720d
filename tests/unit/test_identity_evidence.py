"""The decision rules of issue 26, each from a failure seen on records the
registry was never tuned on: persons held for review, placeholder birth
dates, hold-backs against the strongest identifiers, namesakes born near the
same day, and splits that heal by a proposed merge."""

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from services.beneficiaries.domain.comparison import compare, compare_birth_date
from services.beneficiaries.domain.curp import curp_format_problem
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.intake_decisions import Decided
from services.beneficiaries.domain.match_model import NameFrequencies, load_model
from services.beneficiaries.domain.name_counts import by_name_in_use
from services.beneficiaries.domain.name_slips import slip_index
from services.beneficiaries.domain.resolution import (
    BIRTH_DATES_DIFFER_ALONE,
    CURP_OF_FEWER_NAMES,
    DISTINCT_VALID_CURPS,
    HELD_PERSON,
    JOINS,
    KNOWN_NAMESAKES,
    MISSPELT,
    NAME_AND_SEX_DIFFER,
    NAMESAKES_EXPECTED,
    NEAR_DATE_WITHOUT_IDENTIFIER,
    NESTED_NAMES_OFTEN_TWO,
    SPLIT,
    TOLD_APART_PREFIX,
    TRUSTED_CURP_OUTWEIGHS,
    CandidateRecord,
    resolve,
)
from tests.unit.test_registry_matching import curp_of, person

# The registry's own counts, as a registry where these names are common holds them.
COMMON = NameFrequencies(
    given={"MARIA GUADALUPE": 0.07, "ABEL": 0.001},
    surnames={"HERNANDEZ": 0.13, "CRUZ": 0.03},
    unlisted=2e-5,
    full_names={"MARIA GUADALUPE|HERNANDEZ|CRUZ": 3_000},
    namesake_shares=(0.002, 0.002, 0.002, 0.05),
    namesake_shares_in_one_municipality=(0.0, 0.0, 0.0, 0.03),
)
MODEL = replace(load_model(), frequencies=COMMON)
PHONE = "3312345678"
RARE = dict(paternal_surname="Ledesma", maternal_surname="Gutiérrez")


def candidate(p, pending: bool = False) -> CandidateRecord:
    return CandidateRecord(uuid4(), uuid4(), identity_of(p), pending)


def with_curp(**fields):
    p = person(**fields)
    return person(**fields, national_id=curp_of(p), national_id_type="CURP")


# A pending person is not a link target like a confirmed one.


def test_a_record_matching_a_person_held_for_review_is_reviewed_beside_her():
    held = candidate(person(phone=PHONE), pending=True)
    decision = resolve(MODEL, identity_of(person(phone=PHONE)), [held])
    assert decision.outcome == "pending_review" and decision.reason == HELD_PERSON
    assert decision.person_id is None
    assert decision.review_candidates[0].person_id == held.person_id


def test_a_record_with_the_same_valid_curp_joins_the_review_of_the_held_one():
    held = candidate(with_curp(), pending=True)
    decision = resolve(MODEL, identity_of(with_curp(municipality="Tonalá")), [held])
    assert decision.outcome == "pending_review" and decision.reason == JOINS
    assert decision.person_id == held.person_id
    decided = Decided(uuid4(), held.person_id, decision)
    assert decided.held_for_review and not decided.opens_review and not decided.creates_person


def test_a_confirmed_person_is_linked_before_a_held_one():
    confirmed, held = candidate(person(phone=PHONE)), candidate(person(phone=PHONE), pending=True)
    decision = resolve(MODEL, identity_of(person(phone=PHONE)), [held, confirmed])
    assert decision.outcome == "linked" and decision.person_id == confirmed.person_id


# Placeholder birth dates count as an unknown day and month.


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (date(1984, 1, 1), date(1984, 3, 7), "year_only"),
        (date(1984, 1, 1), date(1984, 1, 1), "year_only"),
        (date(1900, 1, 1), date(1984, 3, 7), "missing"),
        (date(1984, 1, 1), date(1962, 5, 3), "different"),
    ],
)
def test_a_placeholder_date_agrees_and_disagrees_only_in_its_year(a, b, level):
    assert compare_birth_date(a, b) == level


def test_a_placeholder_date_takes_the_date_its_curp_encodes():
    curp = curp_of(person())
    for placeholder in (date(1984, 1, 1), date(1900, 1, 1)):
        identity = identity_of(
            person(birth_date=placeholder, national_id=curp, national_id_type="CURP")
        )
        assert identity.birth_date == date(1984, 3, 7) and identity.curp_trusted


def test_a_placeholder_date_beside_the_real_one_in_the_curp_does_not_hold_back_as_a_mother():
    """Seen: 1 January written by an agency, the mother/daughter hold-back,
    though the CURP encoded the real date."""
    known = candidate(with_curp(phone=PHONE))
    incoming = person(
        birth_date=date(1984, 1, 1), national_id=curp_of(person()), national_id_type="CURP"
    )
    decision = resolve(MODEL, identity_of(incoming), [known])
    assert decision.outcome == "linked"


def test_a_placeholder_date_without_a_curp_is_no_disagreement():
    known = candidate(person(phone=PHONE))
    decision = resolve(
        MODEL, identity_of(person(birth_date=date(1984, 1, 1), phone=PHONE)), [known]
    )
    assert decision.best.comparison["birth_date"] == "year_only"
    assert "birth_dates_differ" not in decision.best.held_back_by
    assert decision.outcome == "linked"


# Hold-backs weigh against the strongest identifiers.


# BEL a name the registry knows too, so that it is not read as ABEL misspelt.
KNOWS_BEL = replace(MODEL, frequencies=replace(COMMON, given={**COMMON.given, "BEL": 0.001}))


def test_the_same_curp_and_phone_outweigh_a_one_letter_given_name_typo():
    """Seen: ABEL / BEL held back as twins despite the same CURP and phone (score 65)."""
    abel = with_curp(given_names="Abel", sex="H", phone=PHONE)
    bel = person(
        given_names="Bel",
        sex="H",
        phone=PHONE,
        national_id=abel.national_id,
        national_id_type="CURP",
    )
    decision = resolve(KNOWS_BEL, identity_of(bel), [candidate(abel)])
    assert decision.outcome == "linked"
    assert "outweigh given_names_differ" in decision.reason


@pytest.mark.parametrize(
    ("relative", "hold_back"),
    [
        (dict(given_names="Isela"), "given_names_differ"),
        (dict(birth_date=date(2004, 9, 1)), "birth_dates_differ"),
    ],
)
def test_a_relatives_curp_and_the_family_phone_do_not_outweigh_a_real_difference(
    relative, hold_back
):
    """A twin's or a mother's CURP written on the other's record, with the home phone."""
    elena = with_curp(given_names="Elena", phone=PHONE)
    other = person(**relative, phone=PHONE, national_id=elena.national_id, national_id_type="CURP")
    decision = resolve(MODEL, identity_of(other), [candidate(elena)])
    assert decision.outcome != "linked"
    assert hold_back in decision.best.held_back_by


def test_a_birth_date_a_digit_from_the_one_the_shared_curp_encodes_is_a_slip_in_any_decade():
    """Seen: a record born 1902-04-13 beside her own born 1982-04-13 with the CURP of
    1982 on both, held back as mother and daughter; 1962 keyed 1992 the same way."""
    known = candidate(with_curp())
    for slipped in (date(1904, 3, 7), date(1944, 3, 7), date(1984, 8, 7)):
        incoming = person(
            birth_date=slipped, national_id=curp_of(person()), national_id_type="CURP"
        )
        decision = resolve(MODEL, identity_of(incoming), [known])
        assert decision.best.comparison["birth_date"] == "one_digit"
        assert decision.outcome == "linked"


def test_a_birth_date_a_digit_from_its_own_curps_date_reads_as_that_date_too():
    """Seen (own ordinary records, 20,000 people): GRACIELA PARTIDA SOLANO's record dated
    1997-05-25 carried her CURP of 1957-05-25; her record dated 1957-05-25, with the same
    phone, was held back from it as mother and daughter. So, in another form, were JUANA
    1902 beside 1992 and BLANCA ESTELA 1923 beside 1973."""
    graciela = dict(given_names="Graciela", **RARE, phone=PHONE)
    known = candidate(person(**graciela, birth_date=date(1957, 5, 25)))
    curp = curp_of(person(**graciela, birth_date=date(1957, 5, 25)))
    slipped = person(
        **graciela, birth_date=date(1997, 5, 25), national_id=curp, national_id_type="CURP"
    )
    decision = resolve(MODEL, identity_of(slipped), [known])
    assert decision.best.comparison["birth_date"] == "one_digit"
    assert decision.outcome == "linked"
    # A daughter born another day, her record given her mother's CURP, is still another date.
    daughter = person(
        **graciela, birth_date=date(1987, 9, 2), national_id=curp, national_id_type="CURP"
    )
    assert resolve(MODEL, identity_of(daughter), [known]).best.comparison["birth_date"] == (
        "different"
    )


def test_two_dates_each_a_slip_from_one_curps_date_are_one_date_keyed_twice():
    """Seen (own ordinary records, 200,000): VIRIDIANA MOLINA SANTIAGO's two records
    carried one CURP of 1991-07-09, one dated 1991-09-07 (day and month swapped), the
    other 1991-08-09 (a digit); PATRICIA MARTINEZ GOMEZ's CURP of 1983-09-20 was on her
    record dated 1933-09-20, beside her record of 1983-02-20 with no CURP. Both held
    back as mother and daughter."""
    curp = curp_of(person(birth_date=date(1991, 7, 9)))
    swapped = person(birth_date=date(1991, 9, 7), national_id=curp, national_id_type="CURP")
    slipped = person(birth_date=date(1991, 8, 9), national_id=curp, national_id_type="CURP")
    assert compare(identity_of(swapped), identity_of(slipped))["birth_date"] == "one_digit"
    patricia = person(
        birth_date=date(1933, 9, 20),
        national_id=curp_of(person(birth_date=date(1983, 9, 20))),
        national_id_type="CURP",
    )
    without_curp = person(birth_date=date(1983, 2, 20))
    assert compare(identity_of(patricia), identity_of(without_curp))["birth_date"] == "one_digit"
    # A CURP that fits its own record says whose date it is: one a digit from it in
    # another decade is her mother's as often as a slip.
    daughter = with_curp(birth_date=date(1983, 9, 20))
    mother = person(birth_date=date(1953, 9, 20))
    assert compare(identity_of(daughter), identity_of(mother))["birth_date"] == "different"


def test_a_near_date_the_curp_of_one_record_gives_the_other_is_read_as_the_same_day():
    """Seen (own ordinary records, 200,000): MONICA SALAZAR HERNANDEZ's record of
    1983-10-14 carried her CURP of 1983-11-14, the date of her other record (no CURP,
    no phone); held back as namesakes born near the same day. Here fifty records
    carry her name: too many for a near date alone, few enough for the same day."""
    monica = dict(given_names="Mónica", paternal_surname="Salazar", maternal_surname="Hernández")
    counts = replace(COMMON, full_names={"MONICA|SALAZAR|HERNANDEZ": 50})
    model = replace(MODEL, frequencies=counts)
    known = candidate(person(**monica, birth_date=date(1983, 11, 14)))

    def slipped(curp_born: date):
        return identity_of(
            person(
                **monica,
                birth_date=date(1983, 10, 14),
                national_id=curp_of(person(**monica, birth_date=curp_born)),
                national_id_type="CURP",
            )
        )

    decision = resolve(model, slipped(date(1983, 11, 14)), [known])
    assert decision.best.comparison["birth_date"] == "one_digit"
    assert decision.outcome == "linked"
    # A CURP of another day, even one a slip from the other record's, is not hers.
    decision = resolve(model, slipped(date(1983, 11, 15)), [known])
    assert decision.outcome == "pending_review"
    assert decision.best.held_back_by == (NEAR_DATE_WITHOUT_IDENTIFIER,)
    # Where so many carry the name that namesakes share a day, the same day is not enough.
    common = person(
        birth_date=date(1983, 10, 14),
        national_id=curp_of(person(birth_date=date(1983, 11, 14))),
        national_id_type="CURP",
    )
    known = candidate(person(birth_date=date(1983, 11, 14)))
    decision = resolve(MODEL, identity_of(common), [known])
    assert decision.outcome != "linked"


@pytest.mark.parametrize(
    ("born", "curp_born", "level"),
    [
        # A daughter born another day carries her mother's CURP.
        (date(2014, 9, 1), date(1984, 3, 7), "different"),
        # Two digits from the date the CURP encodes.
        (date(1994, 3, 9), date(1984, 3, 7), "different"),
        # A digit from each other, but the CURP encodes neither.
        (date(1954, 3, 7), date(1971, 6, 2), "different"),
    ],
)
def test_a_date_the_shared_curp_does_not_put_a_digit_away_still_differs(born, curp_born, level):
    curp = curp_of(person(birth_date=curp_born))
    ours = person(birth_date=date(1984, 3, 7), national_id=curp, national_id_type="CURP")
    theirs = person(birth_date=born, national_id=curp, national_id_type="CURP")
    assert compare(identity_of(ours), identity_of(theirs))["birth_date"] == level


def test_without_phone_weight_enough_the_identifiers_outweigh_nothing():
    abel = with_curp(given_names="Abel", sex="H", phone=PHONE)
    bel = person(
        given_names="Bel",
        sex="H",
        phone=PHONE,
        national_id=abel.national_id,
        national_id_type="CURP",
    )
    strict = replace(KNOWS_BEL, identifiers_outweigh_relatives=40.0)
    assert resolve(strict, identity_of(bel), [candidate(abel)]).outcome == "pending_review"


# A near birth date between common names needs a corroborating identifier.


@pytest.mark.parametrize("born", [date(1984, 3, 8), date(1984, 7, 3), date(1984, 1, 1)])
def test_namesakes_born_near_the_same_day_in_one_municipality_are_not_linked(born):
    """Seen: 1,097 wrong links on a digit of the birth date and a shared municipality."""
    known = candidate(person(paternal_surname="Hernández", maternal_surname="Cruz"))
    incoming = person(paternal_surname="Hernández", maternal_surname="Cruz", birth_date=born)
    decision = resolve(MODEL, identity_of(incoming), [known])
    assert decision.outcome != "linked"
    if decision.outcome == "pending_review":
        assert "near_birth_date_without_identifier" in decision.best.held_back_by


def test_a_brother_and_sister_born_the_same_day_are_two_people_without_a_caseworker():
    """Seen: 85 twins of either sex (another given name, another sex, the family phone
    or not) sent to review at 200,000 records."""
    sister = candidate(person(given_names="Rosa", phone=PHONE, **RARE))
    brother = person(given_names="Julián", sex="H", phone=PHONE, **RARE)
    decision = resolve(MODEL, identity_of(brother), [sister])
    assert decision.outcome == "new_person"
    assert decision.reason == TOLD_APART_PREFIX + NAME_AND_SEX_DIFFER


def test_a_namesake_born_on_another_day_with_nothing_in_common_is_not_reviewed():
    """Seen: 350 records of a common name sent to review at 200,000 records against a
    woman of the same name in the same municipality born years apart."""
    known = candidate(person(**RARE))
    other = identity_of(person(birth_date=date(1991, 11, 22), **RARE))
    decision = resolve(MODEL, other, [known])
    assert decision.outcome == "new_person"
    assert decision.reason == TOLD_APART_PREFIX + BIRTH_DATES_DIFFER_ALONE
    # The family phone in common: perhaps a mother and her daughter, perhaps a slip.
    known = candidate(person(phone=PHONE, **RARE))
    other = identity_of(person(birth_date=date(1991, 11, 22), phone=PHONE, **RARE))
    decision = resolve(MODEL, other, [known])
    assert decision.outcome == "pending_review"
    assert decision.best.held_back_by == ("birth_dates_differ",)


def test_where_namesakes_as_close_are_expected_by_chance_no_caseworker_is_asked():
    """Seen: 213 first records of the commonest name (thousands of records) sent to review
    against another woman of that name born a digit apart, nothing else in common."""
    known = candidate(person())
    decision = resolve(MODEL, identity_of(person(birth_date=date(1984, 3, 8))), [known])
    assert decision.outcome == "new_person"
    assert decision.best.held_back_by == (NAMESAKES_EXPECTED,)
    assert decision.reason == TOLD_APART_PREFIX + NAMESAKES_EXPECTED
    # 3,000 records of the name, u of a birth date a digit off 0.0016: 4.7 expected.
    fewer = replace(COMMON, full_names={"MARIA GUADALUPE|HERNANDEZ|CRUZ": 300})
    asked = resolve(
        replace(MODEL, frequencies=fewer), identity_of(person(birth_date=date(1984, 3, 8))), [known]
    )
    assert asked.outcome == "pending_review"
    assert NAMESAKES_EXPECTED not in asked.best.held_back_by


def test_a_year_alone_is_weighed_as_namesakes_born_that_year():
    """Seen: a woman really born on 1 January 1957 (no CURP, a phone, Zapopan) and
    another of her name born on 1 June 1957 (her trusted CURP, no phone, Zapopan),
    linked. 1 January reads as a placeholder and leaves the year; the year-only
    level's u (0.00033) is small because few dates are placeholders, not because
    few namesakes share a year: of 20 women of that name, one born in 1957 is expected
    0.4 times, not 0.007."""
    names = dict(
        given_names="María Guadalupe", paternal_surname="Hernández", maternal_surname="González"
    )
    counts = replace(COMMON, full_names={"MARIA GUADALUPE|HERNANDEZ|GONZALEZ": 20})
    model = replace(MODEL, frequencies=counts)
    known = candidate(person(birth_date=date(1957, 1, 1), phone=PHONE, **names))
    incoming = identity_of(with_curp(birth_date=date(1957, 6, 1), **names))
    decision = resolve(model, incoming, [known])
    assert decision.best.comparison["birth_date"] == "year_only"
    assert decision.outcome == "pending_review"
    assert decision.best.held_back_by == (NEAR_DATE_WITHOUT_IDENTIFIER,)
    assert resolve(replace(model, same_birth_year=None), incoming, [known]).outcome == "linked"
    # 3,000 women of the name: 64 expected born that year, nothing to ask a caseworker.
    common = resolve(MODEL, identity_of(person(birth_date=date(1984, 1, 1))), [candidate(person())])
    assert common.outcome == "new_person"
    assert common.best.held_back_by == (NAMESAKES_EXPECTED,)


def test_a_first_of_january_her_curp_gives_is_her_birth_date_not_a_placeholder():
    """Seen: ROSA MARIA QUEZADA LOPEZ, born on 1 January 1991 as her trusted CURP says,
    and her later record of that day without CURP or phone, sent to a caseworker as a
    year alone. Two records that both say 1 January still agree only on the year."""
    names = dict(given_names="Rosa María", paternal_surname="Quezada", maternal_surname="López")
    born = date(1991, 1, 1)
    incoming = identity_of(person(birth_date=born, **names))
    confirmed = resolve(MODEL, incoming, [candidate(with_curp(birth_date=born, **names))])
    assert confirmed.best.comparison["birth_date"] == "year_only"
    assert confirmed.outcome == "linked"
    unconfirmed = resolve(MODEL, incoming, [candidate(person(birth_date=born, **names))])
    assert unconfirmed.best.held_back_by == (NEAR_DATE_WITHOUT_IDENTIFIER,)


def test_a_phone_corroborates_a_near_birth_date():
    known = candidate(person(phone=PHONE))
    decision = resolve(
        MODEL, identity_of(person(birth_date=date(1984, 3, 8), phone=PHONE)), [known]
    )
    assert decision.outcome == "linked"


def test_a_rare_name_corroborates_a_near_birth_date():
    rare = dict(given_names="Eustolia", paternal_surname="Quiñonez", maternal_surname="Yáñez")
    known = candidate(person(**rare))
    decision = resolve(MODEL, identity_of(person(**rare, birth_date=date(1984, 3, 8))), [known])
    assert decision.outcome == "linked"


# Splits heal.


def test_a_record_linking_strongly_to_two_persons_proposes_merging_them():
    one, two = candidate(person(phone=PHONE)), candidate(person(phone=PHONE))
    decision = resolve(MODEL, identity_of(person(phone=PHONE)), [one, two])
    assert decision.outcome == "linked" and decision.reason == SPLIT
    assert decision.proposes_merge
    assert {decision.person_id, *(c.person_id for c in decision.review_candidates)} == {
        one.person_id,
        two.person_id,
    }
    decided = Decided(uuid4(), decision.person_id, decision)
    assert decided.opens_review and not decided.creates_person


def namesakes_told_apart(**second) -> tuple[CandidateRecord, CandidateRecord]:
    """Two women of one rare name and birth date, each with her own trusted CURP
    (RENAPO's differentiator sets them apart), the second as `second` says."""
    here = with_curp(**RARE)
    there = person(**RARE, **second)
    there = person(**RARE, **second, national_id=curp_of(there, "1"), national_id_type="CURP")
    return candidate(here), candidate(there)


def test_a_record_as_close_to_two_namesakes_told_apart_is_reviewed_not_linked_by_place():
    """Seen (own generator's look-alikes, 200,000 records): MARGARITA SANCHEZ RAMIREZ,
    born the same day as a namesake whose CURP differs by the differentiator; her
    record with no CURP or phone, moved to the namesake's municipality, linked there."""
    here, there = namesakes_told_apart(municipality="Tonalá")
    incoming = identity_of(person(**RARE))
    assert resolve(MODEL, incoming, [here]).outcome == "linked"
    decision = resolve(MODEL, incoming, [here, there])
    assert decision.outcome == "pending_review" and decision.reason == KNOWN_NAMESAKES
    assert {c.person_id for c in decision.review_candidates} == {here.person_id, there.person_id}
    # A phone only one of them holds tells them apart.
    _, theirs = namesakes_told_apart(municipality="Tonalá", phone="3398765432")
    mine = candidate(with_curp(**RARE, phone=PHONE))
    decision = resolve(MODEL, identity_of(person(**RARE, phone=PHONE)), [mine, theirs])
    assert decision.outcome == "linked" and decision.person_id == mine.person_id


def test_twins_sharing_the_family_phone_are_reviewed_not_proposed_for_a_merge():
    """Seen (zipf look-alikes): MARIA BAUTISTA ZAVALZA's record without a CURP, with the
    family phone, linked to her twin's person and proposed merging the two, each
    holding her own valid CURP."""
    _, other = namesakes_told_apart(phone=PHONE, municipality="Tonalá")
    one = candidate(with_curp(**RARE, phone=PHONE))
    decision = resolve(MODEL, identity_of(person(**RARE, phone=PHONE)), [one, other])
    assert decision.outcome == "pending_review" and decision.reason == KNOWN_NAMESAKES
    assert not decision.proposes_merge


def test_a_person_told_apart_by_her_curp_is_never_proposed_for_a_merge():
    """The record links to the one whose phone it shares; her namesake born that day,
    with a CURP of her own and no phone, is someone else, not a split to heal."""
    mine = candidate(with_curp(**RARE, phone=PHONE))
    _, theirs = namesakes_told_apart()
    decision = resolve(MODEL, identity_of(person(**RARE, phone=PHONE)), [mine, theirs])
    assert decision.outcome == "linked" and decision.person_id == mine.person_id
    assert not decision.proposes_merge


def test_identical_valid_curps_on_two_persons_propose_their_merge():
    """Seen: two identical records with one valid CURP, both sent to review."""
    one, two = candidate(with_curp()), candidate(with_curp(municipality="Tonalá"))
    decision = resolve(MODEL, identity_of(with_curp()), [one, two])
    assert decision.outcome == "linked" and decision.proposes_merge


def test_a_given_name_one_typo_apart_is_similar_but_short_names_are_not():
    def given(a, b):
        return compare(identity_of(person(given_names=a)), identity_of(person(given_names=b)))[
            "given_names"
        ]

    assert given("Claudia", "Lcaudia") == "similar"
    assert given("Omar", "Moar") == "similar"
    assert given("Francisca", "Nrancisca") == "similar"
    assert given("Ana", "Ava") == "different"


def test_a_nickname_of_several_names_agrees_with_each_of_them_and_no_other():
    """Seen: BETO for Roberto, TAVO for Gustavo held back as different given names."""

    def given(a, b):
        return compare(identity_of(person(given_names=a)), identity_of(person(given_names=b)))[
            "given_names"
        ]

    assert given("Beto", "Roberto") == "similar"
    assert given("Roberto", "Beto") == "similar"
    assert given("Beto", "Humberto") == "similar"
    assert given("José Roberto", "Beto") == "similar"
    assert given("Beto", "Ramiro") == "different"
    assert given("Tavo", "Octavio") == "similar"
    assert given("Ant.", "Antonio") == "exact"


# Name and birth date alone: how many namesakes the registry's own counts expect.


def test_a_whole_name_that_fills_the_registry_holds_back_though_its_parts_look_rare():
    """Seen: thousands of records of one whole name whose given name and surnames
    were each listed as uncommon, linked on name and birth date."""
    village = dict(given_names="Eustolia", paternal_surname="Quiñonez", maternal_surname="Yáñez")
    known = candidate(person(**village, municipality="Tonalá"))
    incoming = identity_of(person(**village))
    parts_only = replace(COMMON, full_names={})
    assert resolve(replace(MODEL, frequencies=parts_only), incoming, [known]).outcome == "linked"
    filled = replace(COMMON, full_names={"EUSTOLIA|QUINONEZ|YANEZ": 3_000})
    decision = resolve(replace(MODEL, frequencies=filled), incoming, [known])
    assert decision.outcome == "pending_review"
    assert decision.best.held_back_by == ("nothing_beyond_name_and_birth_date",)


def test_a_typo_does_not_make_a_common_whole_name_rare():
    known = candidate(person(municipality="Tonalá"))
    incoming = identity_of(person(given_names="María Guadalupo"))
    decision = resolve(MODEL, incoming, [known])
    assert decision.outcome != "linked"


def test_the_same_name_and_birth_date_link_where_the_registry_holds_few_of_that_name():
    """Seen: 250 of 738 missed links at 20,000 people, the same name and birth date
    in another municipality, without CURP or phone, held back as namesakes."""
    known = candidate(
        person(given_names="Leticia", paternal_surname="Rojas", municipality="Tonalá")
    )
    incoming = identity_of(person(given_names="Leticia", paternal_surname="Rojas"))
    assert resolve(MODEL, incoming, [known]).outcome == "linked"


def test_where_curps_often_show_two_people_behind_one_name_and_date_those_alone_never_link():
    """The project's own generator plants namesakes born the same day: its registry's
    trusted CURPs show it (2% of settled pairs), and name and date stop linking alone."""
    known = candidate(
        person(given_names="Leticia", paternal_surname="Rojas", municipality="Tonalá")
    )
    incoming = identity_of(person(given_names="Leticia", paternal_surname="Rojas"))
    crowded = replace(MODEL, frequencies=replace(COMMON, namesake_shares=(0.02,) * 4))
    decision = resolve(crowded, incoming, [known])
    assert decision.best.held_back_by == ("nothing_beyond_name_and_birth_date",)
    unknown = replace(MODEL, frequencies=replace(COMMON, namesake_shares=()))
    assert resolve(unknown, incoming, [known]).outcome == "pending_review"


def test_namesakes_crowding_the_commonest_names_do_not_hold_back_the_rare_ones():
    """Seen: thousands of namesakes of one name made the registry's share 6% and held
    back every ordinary record that had moved; by how common the name is, 0.3%."""
    known = candidate(
        person(given_names="Leticia", paternal_surname="Rojas", municipality="Tonalá")
    )
    incoming = identity_of(person(given_names="Leticia", paternal_surname="Rojas"))
    assert resolve(MODEL, incoming, [known]).outcome == "linked"
    common = candidate(person(municipality="Tonalá"))
    decision = resolve(MODEL, identity_of(person()), [common])
    assert decision.best.held_back_by == ("nothing_beyond_name_and_birth_date",)


def test_the_same_slip_on_two_namesakes_does_not_make_a_common_name_rare():
    """Seen (200,000 people of another generator): two of the thousands of MARIA
    GUADALUPE HERNANDEZ GARCIA, both keyed HERANDEZ, born the same day in one
    municipality, linked: HERANDEZ's few records made the whole name look rare."""
    slipped = dict(paternal_surname="Herandez")
    known, incoming = candidate(person(**slipped)), identity_of(person(**slipped))
    assert resolve(MODEL, incoming, [known]).outcome == "linked"
    reading_slips = replace(
        MODEL,
        frequencies=replace(
            COMMON, given_slips=slip_index(COMMON.given), surname_slips=slip_index(COMMON.surnames)
        ),
    )
    decision = resolve(reading_slips, incoming, [known])
    assert decision.outcome == "pending_review"
    assert decision.best.held_back_by == ("namesakes_in_one_municipality",)


# Namesakes as seldom settled two as one person: name and birth date may link alone.
SELDOM_TWO = replace(
    COMMON, namesake_shares=(0.001,) * 4, namesake_shares_in_one_municipality=(0.001,) * 4
)


def test_a_name_she_goes_by_has_the_namesakes_of_every_whole_name_going_by_it():
    """Seen (200,000 records of another generator): LUPE GARCIA HERNANDEZ and LUPE
    HERNANDEZ GARSIA, two of the thousands of MARIA GUADALUPE HERNANDEZ GARCIA, born the
    same day in two municipalities with phones of their own, linked as a rare name."""
    known = candidate(
        person(
            given_names="Lupe", paternal_surname="Cruz", maternal_surname="Hernández", phone=PHONE
        )
    )
    incoming = identity_of(
        person(
            given_names="Lupe",
            paternal_surname="Hernández",
            maternal_surname="Crus",
            municipality="Tonalá",
            phone="3387654321",
        )
    )
    assert resolve(replace(MODEL, frequencies=SELDOM_TWO), incoming, [known]).outcome == "linked"
    counted = replace(
        SELDOM_TWO,
        full_names_in_use=by_name_in_use(COMMON.full_names),
        given_slips=slip_index(COMMON.given),
        surname_slips=slip_index(COMMON.surnames),
    )
    decision = resolve(replace(MODEL, frequencies=counted), incoming, [known])
    assert decision.best.held_back_by == ("nothing_beyond_name_and_birth_date",)


def test_a_record_with_one_surname_has_the_namesakes_of_her_name_and_that_surname():
    """Seen (200,000 records of the project's generator): JUANA RAMIREZ, her other
    surname dropped, and JUANA GARCIA RAMIREZ, born the same day in two municipalities,
    linked: JUANA RAMIREZ's whole name counts only the records that drop the same one."""
    names = replace(SELDOM_TWO, given={**COMMON.given, "JUANA": 0.01})
    known = candidate(
        person(
            given_names="Juana", paternal_surname="Rojas", maternal_surname="Hernández", phone=PHONE
        )
    )
    incoming = identity_of(
        person(given_names="Juana", maternal_surname=None, municipality="Tonalá")
    )
    assert resolve(replace(MODEL, frequencies=names), incoming, [known]).outcome == "linked"
    # 200,000 records: some 520 carry JUANA and HERNANDEZ in one place or the other.
    counted = replace(MODEL, frequencies=replace(names, records=200_000))
    decision = resolve(counted, incoming, [known])
    assert decision.best.held_back_by == ("nothing_beyond_name_and_birth_date",)


def test_a_decision_tells_which_namesakes_the_trusted_curps_settled():
    same_day = with_curp()
    one = candidate(same_day)
    other = candidate(person(national_id=curp_of(person(), "1"), national_id_type="CURP"))
    decision = resolve(MODEL, identity_of(same_day), [one, other])
    # The whole name fills 3,000 records (COMMON): the band of the commonest names;
    # both candidates live in her municipality.
    assert decision.settled_namesakes == (3, 1, 1, 1, 1, 0, 0)
    assert resolve(MODEL, identity_of(person()), [one]).settled_namesakes is None


def test_two_curps_that_differ_are_not_outweighed_by_a_name_a_day_and_a_municipality():
    """Seen: MAIA GUADALUPE MARTINEZ HERNANDEZ and MARIA GUADALUPE HERNANDEZ MATRINEZ, each
    with a CURP of her own, linked on name, birth date and municipality."""
    rare = dict(given_names="Leticia", paternal_surname="Rojas")
    one, other = with_curp(**rare), person(**rare)
    other = person(**rare, national_id=curp_of(other, "7")[:12] + "XXXX07", national_id_type="CURP")
    decision = resolve(MODEL, identity_of(other), [candidate(one)])
    assert decision.best.held_back_by == ("curps_differ",)
    assert resolve(MODEL, identity_of(person(**rare)), [candidate(one)]).outcome == "linked"
    # A mother's CURP on her daughter's record encodes the mother's birth date.
    mother = curp_of(person(**rare, birth_date=date(1961, 5, 2)))
    daughter = person(**rare, national_id=mother, national_id_type="CURP")
    decision = resolve(MODEL, identity_of(daughter), [candidate(one)])
    assert "curps_differ" not in decision.best.held_back_by


# Twins the look-alike sets merged.


def test_two_valid_curps_one_letter_apart_are_twins_not_a_typo():
    """Seen: JOSE and JOSE LUIS CRUZ CRUZ, CUCJ… and CUCL…, linked on the CURP one off."""
    jose = with_curp(given_names="José", sex="H")
    jose_luis = with_curp(given_names="José Luis", sex="H")
    assert identity_of(jose).curp_trusted and identity_of(jose_luis).curp_trusted
    decision = resolve(MODEL, identity_of(jose_luis), [candidate(jose)])
    assert decision.outcome != "linked"
    assert "distinct_valid_curps" in decision.best.held_back_by


def test_two_trusted_curps_that_differ_are_two_people_without_a_caseworker():
    """Seen: a quarter of the look-alikes' reviews compared namesakes and twins whose own
    CURPs, each consistent with her record, already told them apart."""
    one = with_curp(phone=PHONE)
    other = person(phone=PHONE, national_id=curp_of(person(), "7"), national_id_type="CURP")
    assert identity_of(other).curp_trusted
    decision = resolve(MODEL, identity_of(other), [candidate(one)])
    assert decision.outcome == "new_person"
    assert "distinct_valid_curps" in decision.best.held_back_by


def test_a_slip_in_a_different_part_of_each_name_does_not_make_a_common_name_rare():
    """Seen: MARIA GADALUPE HERNANDEZ and MARIA GUADALUPE ERNANDEZ, namesakes of the
    commonest name born a day and month swapped apart, linked as if their names were rare."""
    known = candidate(person(given_names="María Gadalupe"))
    incoming = person(paternal_surname="Ernández", birth_date=date(1984, 7, 3))
    decision = resolve(MODEL, identity_of(incoming), [known])
    assert decision.best.held_back_by == ("near_birth_date_without_identifier",)


def test_where_one_name_fills_the_registry_one_municipality_does_not_tell_namesakes_apart():
    """Seen: thousands of women of one name in two municipalities born within a few
    years; those born the same day in one municipality were merged."""
    known = candidate(person())
    decision = resolve(MODEL, identity_of(person()), [known])
    assert decision.best.held_back_by == ("namesakes_in_one_municipality",)
    rare = dict(given_names="Leticia", paternal_surname="Rojas")
    assert resolve(MODEL, identity_of(person(**rare)), [candidate(person(**rare))]).outcome == (
        "linked"
    )


def test_until_one_municipality_has_settled_enough_pairs_the_whole_registry_speaks_for_it():
    """Seen: namesakes of the commonest name born the same day in one municipality merged
    while the registry's CURPs showed 58% of such pairs elsewhere to be two people: too few
    pairs had been settled within one municipality for its own share."""
    known = candidate(person())
    young = replace(
        COMMON, namesake_shares=(0.002, 0.002, 0.002, 0.58), namesake_shares_in_one_municipality=()
    )
    decision = resolve(replace(MODEL, frequencies=young), identity_of(person()), [known])
    assert decision.best.held_back_by == ("namesakes_in_one_municipality",)
    seldom = replace(young, namesake_shares=(0.002,) * 4)
    assert resolve(replace(MODEL, frequencies=seldom), identity_of(person()), [known]).outcome == (
        "linked"
    )


def test_with_no_namesakes_settled_yet_chance_speaks_for_a_common_name():
    """3,000 records of one name: one of them born that very day is likelier than not."""
    unsettled = replace(MODEL, frequencies=replace(COMMON, namesake_shares=(None,) * 4))
    unsettled = replace(
        unsettled,
        frequencies=replace(unsettled.frequencies, namesake_shares_in_one_municipality=()),
    )
    decision = resolve(unsettled, identity_of(person()), [candidate(person())])
    assert decision.best.held_back_by == ("namesakes_in_one_municipality",)
    rare = dict(given_names="Leticia", paternal_surname="Rojas")
    assert resolve(unsettled, identity_of(person(**rare)), [candidate(person(**rare))]).outcome == (
        "linked"
    )


def test_phones_that_differ_weigh_against_namesakes_born_that_day_in_one_municipality():
    """Seen (own look-alikes, 200,000 records): MARGARITA RODRIGUEZ HERNANDEZ and a namesake
    born the same day who moved into her municipality, each with her own phone, linked: of
    the registry's settled pairs of names as common in one municipality 0.76% were two
    people, under the 1 in 100 that lets name and birth date link alone, but phones that
    differ are five times likelier between two people than for one who changed hers."""
    rarely_two = replace(
        MODEL,
        frequencies=replace(COMMON, namesake_shares_in_one_municipality=(0.0, 0.0, 0.0, 0.005)),
    )
    known = candidate(with_curp(phone=PHONE))
    decision = resolve(rarely_two, identity_of(person(phone="3398765432")), [known])
    assert decision.outcome == "pending_review"
    assert decision.best.held_back_by == ("namesakes_in_one_municipality",)
    assert resolve(rarely_two, identity_of(person()), [known]).outcome == "linked"


def test_a_person_holding_another_valid_curp_is_someone_else_whichever_record_links():
    """Seen (zipf look-alikes, 200,000 records): MARIA's record without a CURP had linked to
    her twin MARIA GUADALUPE BAUTISTA ZAVALZA; MARIA's own record, with her valid CURP one
    letter from her sister's, then linked to her sister through that record."""
    twins = dict(**RARE, phone=PHONE)
    sister = with_curp(given_names="María Guadalupe", **twins)
    sister_id = uuid4()
    sisters_records = [
        CandidateRecord(sister_id, uuid4(), identity_of(sister)),
        CandidateRecord(sister_id, uuid4(), identity_of(person(given_names="María", **twins))),
    ]
    maria = identity_of(with_curp(given_names="María", **twins))
    assert maria.curp_trusted and maria.curp != identity_of(sister).curp
    decision = resolve(MODEL, maria, sisters_records)
    assert decision.outcome == "new_person"
    assert decision.best.held_back_by == ("another_record_holds_another_valid_curp",)
    without_curp = identity_of(person(given_names="María", **twins))
    assert resolve(MODEL, without_curp, sisters_records).person_id == sister_id


def test_one_name_misspelt_on_both_records_is_not_two_names():
    """Seen: LETCIIA and ETICIA, the same CURP and phone, held back as twins."""
    curp = curp_of(person(given_names="Leticia", paternal_surname="Becerra"))
    leticia = dict(paternal_surname="Becerra", phone=PHONE, national_id=curp)
    known = candidate(person(given_names="Letciia", **leticia, national_id_type="CURP"))
    incoming = identity_of(person(given_names="Eticia", **leticia, national_id_type="CURP"))
    assert resolve(MODEL, incoming, [known]).outcome == "linked"


def test_a_short_name_misspelt_one_slip_away_is_not_another_name():
    """Seen: ANA and NAA, the same CURP, surnames and birth date, held back as twins."""
    names = replace(COMMON, given={**COMMON.given, "ANA": 0.01})
    model = replace(MODEL, frequencies=names)
    ana = with_curp(given_names="Ana")
    naa = person(given_names="Naa", national_id=ana.national_id, national_id_type="CURP")
    decision = resolve(model, identity_of(naa), [candidate(ana)])
    assert decision.outcome == "linked" and decision.reason.endswith(MISSPELT)


@pytest.mark.parametrize(("written", "name"), [("Na", "Ana"), ("Uz", "Luz")])
def test_two_letters_left_of_a_three_letter_name_are_that_name_misspelt(written, name):
    """Seen (zipf records, 200,000): UZ VALLE CAMACHO with LUZ's CURP, and NA MARIA GARCIA
    GONZALEZ with ANA MARIA's, held back as twins; hardly a two-letter word is a given name."""
    model = replace(MODEL, frequencies=replace(COMMON, given={**COMMON.given, name.upper(): 0.01}))
    known = with_curp(given_names=name)
    incoming = person(given_names=written, national_id=known.national_id, national_id_type="CURP")
    decision = resolve(model, identity_of(incoming), [candidate(known)])
    assert decision.outcome == "linked" and decision.reason.endswith(MISSPELT)


def test_the_same_curp_and_phone_outweigh_a_given_name_garbled_past_one_slip():
    """Seen (zipf records, 200,000): XUKN RODRIGUEZ LOPEZ, her CURP and phone those of
    JUAN RODRIGUEZ LOPEZ's record, held back as his twin: XUKN is no name anyone has."""
    names = replace(COMMON, given={**COMMON.given, "JUAN": 0.02})
    juan = with_curp(given_names="Juan", sex="H", **RARE, phone=PHONE)
    xukn = person(
        given_names="Xukn", sex="H", **RARE, phone=PHONE,
        national_id=juan.national_id, national_id_type="CURP",
    )  # fmt: skip
    decision = resolve(replace(MODEL, frequencies=names), identity_of(xukn), [candidate(juan)])
    assert decision.outcome == "linked"
    assert "outweigh given_names_differ" in decision.reason


def test_a_twins_name_two_slips_from_hers_is_not_outweighed_by_her_curp_and_phone():
    """ALMA and OLGA are both names the registry lists: a twin's, with her sister's CURP
    (which takes its letter from ALMA, so it is not valid for OLGA's record)."""
    names = replace(COMMON, given={**COMMON.given, "ALMA": 0.01, "OLGA": 0.01})
    alma = with_curp(given_names="Alma", **RARE, phone=PHONE)
    olga = person(
        given_names="Olga", **RARE, phone=PHONE,
        national_id=alma.national_id, national_id_type="CURP",
    )  # fmt: skip
    decision = resolve(replace(MODEL, frequencies=names), identity_of(olga), [candidate(alma)])
    assert decision.outcome != "linked"
    assert "given_names_differ" in decision.best.held_back_by


@pytest.mark.parametrize(("first", "second"), [("Ana", "Ava"), ("Mariana", "Mariela")])
def test_twins_with_two_names_a_slip_or_two_apart_stay_two_people(first, second):
    listed = {first.upper(): 0.01, second.upper(): 0.01}
    model = replace(MODEL, frequencies=replace(COMMON, given={**COMMON.given, **listed}))
    known = candidate(person(given_names=first, phone=PHONE))
    decision = resolve(model, identity_of(person(given_names=second, phone=PHONE)), [known])
    assert decision.outcome != "linked"
    assert "given_names_differ" in decision.best.held_back_by


def test_a_sister_with_a_name_the_only_curp_was_not_issued_for_is_not_linked():
    """Seen: MARIA (her valid CURP takes M and R from Maria) and MARIA GUADALUPE (no CURP,
    whose would take G and D), born the same day to the same parents, merged."""
    maria = with_curp(given_names="María", **RARE)
    sister = person(given_names="María Guadalupe", **RARE)
    decision = resolve(MODEL, identity_of(sister), [candidate(maria)])
    assert decision.outcome != "linked"
    assert CURP_OF_FEWER_NAMES in decision.best.held_back_by


def test_a_link_by_a_valid_curp_across_other_given_names_says_so_not_a_misspelling():
    """Seen: ARACELI and ANA MARIA CRUZ SOLANO, one CURP on both records, linked "the given
    names read as one name misspelt". (ARACELI's CURP, whose sixteenth letter is her R, is
    no longer ANA MARIA's too; AURORA's CURP would take the same A and R.)"""
    curp = curp_of(person(given_names="Araceli", **RARE))
    known = candidate(
        person(given_names="Araceli", national_id=curp, national_id_type="CURP", **RARE)
    )
    incoming = identity_of(
        person(given_names="Aurora", national_id=curp, national_id_type="CURP", **RARE)
    )
    decision = resolve(MODEL, incoming, [known])
    assert decision.best.comparison["curp"] == "exact_trusted"
    assert decision.reason == (
        "score at or above the upper threshold; " + TRUSTED_CURP_OUTWEIGHS + "given_names_differ"
    )


def test_one_curp_on_two_records_whose_given_names_give_it_other_letters_is_a_sisters():
    """Seen (own records with look-alikes, 200,000): ARACELI CRUZ SOLANO's record carried
    the CURP of her twin ANA MARIA, CUSA870409MGTRLN04, which agrees with ARACELI's record
    in every letter a CURP is checked by (the A, the surnames', the date, the sex); the two
    records, one CURP and the family phone, linked. The CURP's sixteenth letter is the N
    of ANA, where ARACELI's would be R: it cannot be both women's."""
    twins = dict(
        paternal_surname="Cruz",
        maternal_surname="Solano",
        birth_date=date(1987, 4, 9),
        state="Guanajuato",
        national_id_type="CURP",
        phone="4434330396",
    )
    curp = curp_of(person(given_names="Ana María", **twins))
    ana_maria = candidate(person(given_names="Ana María", national_id=curp, **twins))
    araceli = identity_of(person(given_names="Araceli", national_id=curp, **twins))
    assert araceli.curp_trusted and ana_maria.identity.curp_trusted
    names = {"ANA MARIA": 0.01, "ARACELI": 0.01, "PATRICIA": 0.01}
    model = replace(MODEL, frequencies=replace(COMMON, given={**COMMON.given, **names}))
    decision = resolve(model, araceli, [ana_maria])
    assert decision.outcome != "linked"
    assert "given_names_differ" in decision.best.held_back_by
    # A name misspelt or cut short, which the registry does not list, may be hers.
    patricia = dict(twins, given_names="Patricia")
    her_curp = curp_of(person(**patricia))
    known = candidate(person(**patricia, national_id=her_curp))
    misspelt = person(**dict(patricia, given_names="Partisia"), national_id=her_curp)
    assert resolve(model, identity_of(misspelt), [known]).outcome == "linked"


def test_nested_given_names_are_held_back_where_the_registrys_curps_show_them_twins():
    """Seen (200,000 people of another generator): twins MARIA JESUS and MARIA GONZALEZ
    MARTINEZ, born the same day, one home and phone, no CURP on MARIA's record: linked,
    in a registry whose trusted CURPs had shown such pairs to be two people again and again."""
    known = candidate(with_curp(given_names="María Jesús", phone=PHONE, **RARE))
    maria = identity_of(person(given_names="María", phone=PHONE, **RARE))
    assert resolve(MODEL, maria, [known]).outcome == "linked"
    for share, outcome in ((0.005, "linked"), (0.2, "pending_review")):
        model = replace(MODEL, frequencies=replace(COMMON, nested_names_share=share))
        decision = resolve(model, maria, [known])
        assert decision.outcome == outcome
    assert decision.best.held_back_by == (NESTED_NAMES_OFTEN_TWO,)
    # A CURP that is not valid for its record tells nothing either (seen: JOSE and JOSE
    # ANTONIO MARTINEZ SALAZAR, twins, one CURP keyed with a slip).
    other_curp = curp_of(person(given_names="Rosa", **RARE))
    slipped = candidate(
        person(given_names="María Jesús", national_id=other_curp, national_id_type="CURP", **RARE)
    )
    her_own = identity_of(with_curp(given_names="María", phone=PHONE, **RARE))
    assert NESTED_NAMES_OFTEN_TWO in resolve(model, her_own, [slipped]).best.held_back_by
    # Her CURP on both records still says she is one person.
    both = identity_of(with_curp(given_names="María", phone=PHONE, **RARE))
    twin = candidate(with_curp(given_names="María", phone=PHONE, **RARE))
    assert resolve(model, both, [twin]).outcome == "linked"


def test_the_trusted_curps_settle_pairs_whose_given_names_nest():
    her = with_curp(given_names="María Guadalupe", **RARE)
    # Her CURP takes its letters from Guadalupe: valid on a record that drops María.
    hers_shorter = her.model_copy(update={"given_names": "Guadalupe"})
    twin = with_curp(given_names="María", **RARE)
    settled = resolve(
        MODEL, identity_of(her), [candidate(hers_shorter), candidate(twin)]
    ).settled_namesakes
    assert (settled.nested_one_person, settled.nested_two_persons) == (1, 1)


@pytest.mark.parametrize(
    ("holder", "other"),
    [
        # She drops her second name on one record.
        ("María Guadalupe", "María"),
        # She goes by Guadalupe: her CURP takes its letters from it either way.
        ("Guadalupe", "María Guadalupe"),
        # DEL keyed EDL is no name of hers.
        ("María del Socorro", "María Edl Socorro"),
    ],
)
def test_a_record_that_drops_a_name_or_adds_none_is_still_hers(holder, other):
    known = with_curp(given_names=holder, **RARE)
    decision = resolve(MODEL, identity_of(person(given_names=other, **RARE)), [candidate(known)])
    assert CURP_OF_FEWER_NAMES not in decision.best.held_back_by
    assert decision.outcome == "linked"


def test_a_nickname_written_with_a_slip_still_stands_for_its_name():
    """Seen: EUPITA FIGUEROA MENDOZA and MARIA GUADALUPE, the same CURP, held back as twins."""

    def given(a, b):
        return compare(identity_of(person(given_names=a)), identity_of(person(given_names=b)))[
            "given_names"
        ]

    assert given("Eupita", "María Guadalupe") == "similar"
    assert given("María Guadalupe", "Lupiat") == "similar"
    assert given("Eupita", "María Elena") == "different"


def test_a_name_is_not_read_as_a_slip_of_a_nickname_of_another_name():
    """Seen: twins ROSA MARIA and ROSALBA GUERRERO AGUILAR, born the same day in one
    municipality, linked: ROSA is a letter from ROSY, which stands for Rosalba too."""
    known = candidate(person(given_names="Rosalba"))
    decision = resolve(MODEL, identity_of(person(given_names="Rosa María")), [known])
    assert decision.best.comparison["given_names"] == "different"
    assert decision.outcome != "linked"


def test_a_common_name_born_the_same_day_with_another_surname_is_held_back():
    """Seen: YOLANDA REYES HERNANDEZ and YOLANDA CASTRO HERNANDEZ, born the same day in
    León, no CURP or phone in common, linked."""
    known = candidate(person(paternal_surname="Castro", phone=PHONE))
    decision = resolve(MODEL, identity_of(person(paternal_surname="Reyes")), [known])
    assert decision.outcome != "linked"
    assert "one_surname_differs" in decision.best.held_back_by
    # A surname misspelt on both records is still one surname.
    slipped = candidate(person(paternal_surname="Hrenandez", phone=PHONE))
    decision = resolve(MODEL, identity_of(person(paternal_surname="Hernnadez")), [slipped])
    assert "one_surname_differs" not in decision.best.held_back_by


def test_a_lone_surnames_curp_narrows_her_namesakes_to_her_mothers_initial():
    """Seen (own ordinary records, 200,000): JUANA GONZALEZ, her maternal surname
    dropped, with her trusted CURP GOVJ…, beside her record JUANA GONZALEZ VERA of the
    same day and municipality, held back as namesakes in one municipality: every JUANA
    with GONZALEZ in either place counted as hers, where her CURP says Vera or another
    mother's surname in V."""
    counts = NameFrequencies(
        given={"JUANA": 0.02},
        surnames={
            "GONZALEZ": 0.05,
            "VERA": 0.01,
            "VAZQUEZ": 0.02,
            "LOPEZ": 0.05,
            "HERNANDEZ": 0.13,
        },
        unlisted=2e-5,
        records=1_000_000,
        namesake_shares=(0.002, 0.002, 0.002, 0.05),
        namesake_shares_in_one_municipality=(0.0, 0.0, 0.0, 0.03),
    )
    model = replace(MODEL, frequencies=counts)
    juana = dict(given_names="Juana", paternal_surname="González", birth_date=date(1974, 2, 2))
    vera = person(**juana, maternal_surname="Vera")
    lone = identity_of(
        person(**juana, maternal_surname=None, national_id=curp_of(vera), national_id_type="CURP")
    )
    assert resolve(model, lone, [candidate(vera)]).outcome == "linked"
    # Without her CURP, every JUANA GONZALEZ is a namesake.
    without = identity_of(person(**juana, maternal_surname=None))
    decision = resolve(model, without, [candidate(vera)])
    assert decision.best.held_back_by == ("namesakes_in_one_municipality",)


def test_a_valid_curp_a_slip_apart_in_a_letter_of_the_names_is_hers():
    """Seen (zipf ordinary records, 200,000): AMPARO VERA RIVERA's VERA750109MQTRVM04
    keyed VERA750109MQTTVM04 on a later record (the R of Vera's inner consonant, a
    change the check digit is blind to): both valid, both trusted (a CURP is checked
    against its record by initials, date, sex and state), told apart as two people's
    valid CURPs. 66 records so, most a consonant apart."""
    amparo = dict(given_names="Amparo", paternal_surname="Vera", maternal_surname="Rivera")
    curp = curp_of(person(**amparo))
    slipped = curp[:13] + "T" + curp[14:]
    assert curp[13] == "R" and curp_format_problem(slipped) is None
    known = candidate(person(**amparo, national_id=curp, national_id_type="CURP"))
    later = identity_of(person(**amparo, national_id=slipped, national_id_type="CURP"))
    assert later.curp_trusted
    assert resolve(MODEL, later, [known]).outcome == "linked"
    # Namesakes born the same day in one state: RENAPO sets their CURPs apart by the
    # differentiator, and a valid one is another person's.
    other = curp[:16] + str((int(curp[16]) + 5) % 10) + curp[17]
    assert curp_format_problem(other) is None
    namesake = identity_of(person(**amparo, national_id=other, national_id_type="CURP"))
    decision = resolve(MODEL, namesake, [known])
    assert decision.outcome == "new_person"
    assert DISTINCT_VALID_CURPS in decision.best.held_back_by
