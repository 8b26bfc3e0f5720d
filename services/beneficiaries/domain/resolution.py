"""Deciding which person a record belongs to, from its scored candidates.

Precision comes first: a wrong merge can cost a woman her support. So besides
the thresholds, a link is held back for review whenever the evidence that
usually separates relatives and namesakes disagrees, whatever the score,
unless the strongest identifiers (the same CURP and phone) outweigh it.

A person held for review (the provisional person of a record a caseworker has
not decided yet) is not a link target: a record that would link to her goes to
review beside her. A record that links to more than one confirmed person shows
a split: it links to the best and proposes merging the others into her."""

from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple
from uuid import UUID

from rapidfuzz.distance import OSA, Levenshtein

from shared.contracts.match_vocabulary import AgreementLevel, MatchField, Reading, reading

from .comparison import (
    BIRTH_DATE,
    BIRTH_DAY_MONTH_SWAPPED,
    BIRTH_DIFFERENT,
    BIRTH_EXACT,
    BIRTH_MISSING,
    BIRTH_ONE_DIGIT,
    BIRTH_YEAR_ONLY,
    CURP,
    CURP_DIFFERENT,
    CURP_EXACT,
    CURP_EXACT_TRUSTED,
    CURP_MISSING,
    CURP_ONE_OFF,
    FIELDS,
    GIVEN_DIFFERENT,
    GIVEN_EXACT,
    GIVEN_NAMES,
    GIVEN_SUBSET,
    PHONE,
    PHONE_AGREE,
    PLACE,
    PLACE_MUNICIPALITY,
    SEX,
    SEX_DISAGREE,
    SURNAMES,
    SURNAMES_BOTH_EXACT,
    SURNAMES_ONE_DIFFERS,
    Levels,
    compare_levels,
    curp_fits_the_other_record,
    curps_a_name_letter_apart,
    first_of_january_her_curp_gives,
)
from .curp import given_name_letters, letters_of_given_name
from .identity import Identity, full_name, own_curp, trusted_curp
from .match_model import MatchModel, NameFrequencies, namesake_band
from .names import name_in_use, particle_misspelt

MAX_REVIEW_CANDIDATES = 3


# Tuples: one of each is built for every candidate of every record.
class CandidateRecord(NamedTuple):
    person_id: UUID
    record_id: UUID
    identity: Identity
    # The record is held for review: its person is provisional until a caseworker decides.
    pending: bool = False


class ScoredCandidate(NamedTuple):
    """`levels` and `field_weights` follow FIELDS; the dicts an explanation
    shows are built from them only for the few candidates it names."""

    person_id: UUID
    record_id: UUID
    levels: Levels
    field_weights: tuple[float, ...]
    score: float
    held_back_by: tuple[str, ...]
    pending: bool = False
    # The candidate record's CURP where it is trusted: two persons whose records hold
    # different ones are two people (_known_namesake).
    trusted_curp: str | None = None

    @property
    def comparison(self) -> dict[MatchField, AgreementLevel]:
        return dict(zip(FIELDS, self.levels, strict=True))

    @property
    def weights(self) -> dict[MatchField, float]:
        return dict(zip(FIELDS, self.field_weights, strict=True))

    # What the two records say, read from the levels, not the sign of a weight: a field
    # missing on either side weighs something (the model learnt how often it is missing
    # among matches), but it is neither an agreement nor a difference.
    @property
    def agreed(self) -> list[MatchField]:
        return self._fields_reading(Reading.AGREES)

    @property
    def disagreed(self) -> list[MatchField]:
        return self._fields_reading(Reading.DIFFERS)

    @property
    def missing(self) -> list[MatchField]:
        return self._fields_reading(Reading.UNKNOWN)

    def _fields_reading(self, wanted: Reading) -> list[MatchField]:
        return [f for f, level in self.comparison.items() if reading(level) is wanted]


class SettledNamesakes(NamedTuple):
    """Of a record's candidates with the same whole name and birth date, those
    whose trusted CURPs settle whether they are her: the same CURP, another."""

    # match_model.namesake_band of the whole name's count
    band: int
    one_person: int
    two_persons: int
    # Of those, the candidates in the record's municipality.
    one_person_in_one_municipality: int = 0
    two_persons_in_one_municipality: int = 0
    # Candidates with the same surnames and birth date whose given names hold the
    # record's or are held in them (MARIA, MARIA GUADALUPE), settled the same way,
    # whatever the name's band: one person who dropped a name, or two (twins).
    nested_one_person: int = 0
    nested_two_persons: int = 0


@dataclass(frozen=True)
class Resolution:
    outcome: Literal["new_person", "linked", "pending_review"]
    reason: str
    person_id: UUID | None = None
    best: ScoredCandidate | None = None
    # Pending review: the persons to compare. Linked: the persons proposed for
    # merging into the one linked (a review task of the merge kind).
    review_candidates: tuple[ScoredCandidate, ...] = field(default=())
    candidates_considered: int = 0
    # Candidates with the same whole name and birth date whose trusted CURPs settle
    # whether they are this record's person.
    settled_namesakes: SettledNamesakes | None = None

    @property
    def proposes_merge(self) -> bool:
        return self.outcome == "linked" and bool(self.review_candidates)


GIVEN_NAMES_DIFFER, BIRTH_DATES_DIFFER, SEX_DIFFERS = RELATIVES_DIFFER = (
    "given_names_differ",
    "birth_dates_differ",
    "sex_differs",
)
# Levels of a birth date that only come near: a typo, a swap, or a placeholder
# day and month. Among thousands of namesakes born within a few years, some are
# born a digit or a swap apart.
NEAR_DATES = (BIRTH_DAY_MONTH_SWAPPED, BIRTH_ONE_DIGIT, BIRTH_YEAR_ONLY, BIRTH_MISSING)
DISTINCT_VALID_CURPS = "distinct_valid_curps"


def hold_backs(
    model: MatchModel, levels: Levels, weights: tuple[float, ...], a: Identity, b: Identity
) -> tuple[str, ...]:
    """Why a high score must still not link on its own. Twins differ only in
    given names, a mother and daughter only in birth dates, namesakes born the
    same day only in where they live and how to reach them, which is evidence
    enough only when their name is rare; namesakes born near the same day share
    a municipality too often for it to count."""
    curp = levels[CURP]
    if curp is CURP_EXACT_TRUSTED and not _a_sisters_curp(model, levels, a, b):
        return ()
    reasons = relatives_differ(levels)
    if GIVEN_NAMES_DIFFER in reasons and misspelt_alike(model, a, b):
        reasons.remove(GIVEN_NAMES_DIFFER)
    if reasons and curp is CURP_EXACT and identifiers_outweigh(model, levels, weights, a, b):
        reasons = [r for r in reasons if r in _never_outweighed(model.frequencies, a, b)]
    if curp in (CURP_DIFFERENT, CURP_ONE_OFF) and _distinct_valid_curps(curp, a, b):
        reasons.append(DISTINCT_VALID_CURPS)
    if levels[GIVEN_NAMES] is GIVEN_SUBSET:
        if curp is CURP_MISSING and _curp_of_fewer_names(a, b):
            reasons.append(CURP_OF_FEWER_NAMES)
        # Two CURPs that differ, one not valid for its record, say nothing either way.
        elif curp in (CURP_MISSING, CURP_DIFFERENT) and _nested_names_often_two(model):
            reasons.append(NESTED_NAMES_OFTEN_TWO)
    if reasons:
        reasons += _plainly_two(levels, reasons)
    namesakes = _namesakes_hold_back(model, levels, a, b)
    if namesakes:
        reasons.append(namesakes)
    return tuple(reasons)


def _a_sisters_curp(model: MatchModel, levels: Levels, a: Identity, b: Identity) -> bool:
    """Whether one CURP, valid for both records, is still one sister's on the other's
    record: their given names differ, both are names the registry lists (not a slip nor
    a shortening, GAVRIIELA or GP for Guadalupe), and they would give the CURP different
    letters. A CURP is checked against its record by the given name's initial alone
    (curp.consistency), and sisters of one initial born the same day have CURPs that
    differ only in the name's other letter: ANA MARIA's CUSA…LN… on her twin ARACELI's
    record agrees with it as well as with hers."""
    counts = model.frequencies
    return (
        counts is not None
        and levels[GIVEN_NAMES] is GIVEN_DIFFERENT
        and given_name_letters(a.given_in_use) != given_name_letters(b.given_in_use)
        and _both_given_names_listed(counts, a, b)
    )


CURP_OF_FEWER_NAMES = "curp_of_fewer_names"
# Another of the person's records holds a valid CURP other than the record's valid one:
# twins MARIA and MARIA GUADALUPE, one wrongly linked to the other's record without a CURP.
ANOTHER_RECORDS_VALID_CURP = "another_record_holds_another_valid_curp"
NESTED_NAMES_OFTEN_TWO = "nested_given_names_often_two_people"
NAME_AND_SEX_DIFFER = "given_names_and_sex_differ"
BIRTH_DATES_DIFFER_ALONE = "birth_dates_differ_with_nothing_in_common"


def _plainly_two(levels: Levels, differences: list[str]) -> list[str]:
    """Differences that leave a caseworker nothing to weigh when no CURP says
    otherwise: a brother and a sister (another given name and another sex, the
    family phone or not), and two women of one name born on days no slip of the
    keyboard explains, with no phone in common either."""
    if levels[CURP] in (CURP_EXACT, CURP_ONE_OFF):
        return []
    plainly = []
    if GIVEN_NAMES_DIFFER in differences and SEX_DIFFERS in differences:
        plainly.append(NAME_AND_SEX_DIFFER)
    if BIRTH_DATES_DIFFER in differences and levels[PHONE] is not PHONE_AGREE:
        plainly.append(BIRTH_DATES_DIFFER_ALONE)
    return plainly


def _distinct_valid_curps(curp: AgreementLevel, a: Identity, b: Identity) -> bool:
    """Two valid CURPs are two people's, also a character apart where RENAPO sets
    namesakes born the same day apart (the differentiator). A character apart in a
    letter of the names that only one record's names give is a slip the check
    digit cannot see (…GTRRD… keyed …GTXRD…); twins' CURPs differ where each takes
    its letter from its own names, and compare as different already."""
    if not (a.curp_trusted and b.curp_trusted):
        return False
    return curp is CURP_DIFFERENT or (curp is CURP_ONE_OFF and not curps_a_name_letter_apart(a, b))


def _curp_of_fewer_names(a: Identity, b: Identity) -> bool:
    """Whether the only CURP, valid for its record, was issued for fewer given names
    than the other record carries, and the name those add would have given it other
    letters: MARIA's CURP takes M and R from MARIA, MARIA GUADALUPE's would take G and
    D from Guadalupe. A record that drops a second name (MARIA for MARIA GUADALUPE,
    who holds the CURP) is common; one that adds a name the CURP never had is her
    twin sister, born the same day to the same parents."""
    holder, other = (a, b) if a.curp else (b, a)
    if holder.curp is None or not holder.curp_trusted:
        return False
    names = tuple(t for t in other.given if not particle_misspelt(t))
    return len(holder.given) < len(names) and given_name_letters(
        name_in_use(names)
    ) != letters_of_given_name(holder.curp)


def _nested_names_often_two(model: MatchModel) -> bool:
    """Whether, where no CURP tells, given names that nest (MARIA and MARIA
    GUADALUPE) are too often two people to link: the registry's trusted CURPs
    show two persons behind such pairs of the same surnames and birth date more
    often than namesakes_to_link_alone. Where agencies drop second names and
    twins are few, the share is small and the shorter name is hers; where
    nobody drops one, the pairs the CURPs settle are twins, and so may the
    others be. Until enough are settled, the weights decide, as for any name."""
    bound, counts = model.namesakes_to_link_alone, model.frequencies
    if bound is None or counts is None or counts.nested_names_share is None:
        return False
    return counts.nested_names_share > bound


def _namesakes_hold_back(model: MatchModel, levels: Levels, a: Identity, b: Identity) -> str:
    """Without a CURP or phone in common, what the name and birth date leave to
    chance: namesakes of a common name born near the same day, in another
    municipality, or, where one name fills the registry, in the same one."""
    # Birth dates that differ hold the pair back already (relatives_differ).
    if (
        levels[BIRTH_DATE] is BIRTH_DIFFERENT
        or levels[CURP] in (CURP_EXACT, CURP_ONE_OFF)
        or levels[PHONE] is PHONE_AGREE
    ):
        return ""
    # A near date the CURP of one record says is the other's is read as the same
    # day, and weighed as namesakes born that day are; so is a 1 January one
    # record's CURP gives, which the other record says too.
    if levels[BIRTH_DATE] in NEAR_DATES and (
        curp_fits_the_other_record(a, b) or first_of_january_her_curp_gives(a, b)
    ):
        curp, given, surnames, _, sex, place, phone = levels
        levels = (curp, given, surnames, BIRTH_EXACT, sex, place, phone)
    # Namesakes of a common given name and surname: the other surname is all that tells.
    if levels[SURNAMES] is SURNAMES_ONE_DIFFERS and not _slips_apart(a.surnames, b.surnames):
        return ONE_SURNAME_DIFFERS
    # Read once: every rule below weighs the same count (None: the registry has none yet).
    named = None if model.frequencies is None else _records_named(model.frequencies, a, b)
    if _namesakes_expected(model, levels[BIRTH_DATE], named):
        return NAMESAKES_EXPECTED
    if levels[BIRTH_DATE] in NEAR_DATES:
        return "" if _name_and_date_alone(model, levels, named) else NEAR_DATE_WITHOUT_IDENTIFIER
    if levels[PLACE] is not PLACE_MUNICIPALITY:
        return "" if _name_and_date_alone(model, levels, named) else NOTHING_BEYOND_NAME_AND_DATE
    if levels[CURP] is CURP_DIFFERENT and own_curp(a) and own_curp(b):
        return CURPS_DIFFER
    if levels[BIRTH_DATE] is BIRTH_EXACT and _crowded(
        model, named, _against(model, MatchField.PHONE, levels[PHONE])
    ):
        return NAMESAKES_IN_ONE_MUNICIPALITY
    return ""


NEAR_DATE_WITHOUT_IDENTIFIER = "near_birth_date_without_identifier"
NOTHING_BEYOND_NAME_AND_DATE = "nothing_beyond_name_and_birth_date"
NAMESAKES_IN_ONE_MUNICIPALITY = "namesakes_in_one_municipality"
ONE_SURNAME_DIFFERS = "one_surname_differs"
CURPS_DIFFER = "curps_differ"
NAMESAKES_EXPECTED = "namesakes_expected_by_chance"
# Candidates a caseworker is not asked about: the record makes a new person.
TOLD_APART = frozenset(
    {
        DISTINCT_VALID_CURPS,
        ANOTHER_RECORDS_VALID_CURP,
        NAMESAKES_EXPECTED,
        NAME_AND_SEX_DIFFER,
        BIRTH_DATES_DIFFER_ALONE,
    }
)


def _crowded(model: MatchModel, named: int | None, against: float = 1.0) -> bool:
    """Whether the registry's trusted CURPs show two people behind the same name
    and birth date more often than namesakes_to_link_alone among names as common
    as this one, once `against` multiplies it as in _few_namesakes (phones that
    differ): then one municipality in common does not tell them apart either
    (thousands of women of one village's name, born within a few years). Until
    the registry has settled enough such pairs within one municipality, the
    band's share across municipalities stands in for it: a person's own records
    mostly share a municipality and namesakes less often, so it is usually the
    higher of the two, and a young registry errs towards review, not a merge.
    With neither settled yet, chance decides: whether one of the name's records
    would be born that very day more often than namesakes_to_link_alone."""
    bound, counts = model.namesakes_to_link_alone, model.frequencies
    if bound is None or counts is None or named is None:
        return False
    share = counts.namesake_share(named, in_one_municipality=True)
    if share is None:
        share = counts.namesake_share(named)
    if share is None:
        return named * model.chance(MatchField.BIRTH_DATE, BIRTH_EXACT) * against > bound
    return share * against > bound


def _namesakes_expected(model: MatchModel, birth: AgreementLevel, named: int | None) -> bool:
    """Whether, by the registry's counts, at least model.namesakes_beyond_review other
    persons of that whole name are expected with a birth date agreeing this closely:
    the records of the name times the chance of a birth date agreeing that closely
    (MatchModel.namesake_chance). With no CURP or phone in common, a caseworker
    would have nothing to choose between them by."""
    bound = model.namesakes_beyond_review
    if bound is None or named is None or birth is BIRTH_MISSING:
        return False
    return named * model.namesake_chance(birth) >= bound


def _records_named(counts: NameFrequencies, a: Identity, b: Identity) -> int:
    """The records of the commonest of the two records' whole names and the name
    read from the commoner spelling of each part, each part then read as the
    commonest listed name a slip from it, and of the names they go by: a typo
    in one of them does not make a common name look rare, nor a slip in a
    different part of each (MARIA GADALUPE HERNANDEZ and MARIA GUADALUPE
    ERNANDEZ), nor the same slip in both (two of the thousands of MARIA
    GUADALUPE HERNANDEZ GARCIA keyed HERANDEZ), nor a shorter name she goes by,
    in either order of her surnames (LUPE HERNANDEZ GARSIA, LUPE GARCIA
    HERNANDEZ)."""
    if a.given == b.given and a.paternal == b.paternal and a.maternal == b.maternal:
        # Most pairs that get here: no spelling to choose.
        reads: tuple[Identity, ...] = (counts.as_commonest_spelling(a),)
        spellings = (a, *reads)
    else:
        commoner = a._replace(
            given=max(a.given, b.given, key=counts.of_given),
            paternal=max(a.paternal, b.paternal, key=counts.of_surname),
            maternal=max(a.maternal, b.maternal, key=counts.of_surname),
        )
        reads = tuple(counts.as_commonest_spelling(x) for x in (a, b, commoner))
        spellings = (a, b, commoner, *reads)
    return max(
        *(counts.records_named(full_name(x)) for x in spellings),
        *(counts.records_going_by(x) for x in reads),
        _namesakes_of_one_surname(counts, a, b),
    )


def _namesakes_of_one_surname(counts: NameFrequencies, a: Identity, b: Identity) -> int:
    """A record that gives one surname (the other dropped) is a namesake of every
    record of her given name with that surname in either place: JUANA RAMIREZ
    of JUANA GARCIA RAMIREZ and of JUANA RAMIREZ LOPEZ. Her whole name's own
    count holds only the records that dropped the same surname. Her trusted CURP,
    where the other record has none to weigh, narrows them: it has her father's
    surname first and her mother's initial (JUANA GONZALEZ's GOVJ…), so her
    namesakes are the JUANA GONZALEZ V… alone."""
    lone, other = (a, b) if len(a.surnames) == 1 else (b, a) if len(b.surnames) == 1 else (None, a)
    if lone is None:
        return 0
    given = max(a.given, b.given, key=counts.of_given)
    curp = lone.curp
    if curp and lone.curp_trusted and lone.paternal and curp[2] != "X" and other.curp is None:
        return counts.records_of_given_surname_and_initial(given, lone.paternal, curp[2])
    return counts.records_of_given_and_surname(given, lone.surnames[0])


def relatives_differ(levels: Levels) -> list[str]:
    """The differences that separate relatives (RELATIVES_DIFFER), in that order.
    Spelled out: every candidate pair asks."""
    reasons = []
    if levels[GIVEN_NAMES] is GIVEN_DIFFERENT:
        reasons.append(GIVEN_NAMES_DIFFER)
    if levels[BIRTH_DATE] is BIRTH_DIFFERENT:
        reasons.append(BIRTH_DATES_DIFFER)
    if levels[SEX] is SEX_DISAGREE:
        reasons.append(SEX_DIFFERS)
    return reasons


# Given names this long two slips apart may be one name misspelt on both records
# (LETCIIA / ETICIA for Leticia); shorter ones one slip apart (NAA for Ana), down
# to three letters, and two letters left of three (AN, NA for Ana; UZ for Luz).
TWO_SLIPS_MIN_LENGTH = 6
ONE_SLIP_MIN_LENGTH = 3


def misspelt_alike(model: MatchModel, a: Identity, b: Identity) -> bool:
    """Whether two given names that differ are one name misspelt on both
    records, not two names: each word the same or a slip or two apart (as long
    as the words allow), and at least one of the two written as the registry has
    never (or hardly ever) seen a given name written (not listed in its counts).
    Twins MARIANA and MARIELA are two slips apart too, and ANA and AVA one, but
    both are names."""
    counts = model.frequencies
    if counts is None:
        return False
    return _misspelt_words(a.given, b.given) and not _both_given_names_listed(counts, a, b)


def _both_given_names_listed(counts: NameFrequencies, a: Identity, b: Identity) -> bool:
    """Whether the registry lists both records' given names as names it has seen."""
    return " ".join(a.given) in counts.given and " ".join(b.given) in counts.given


def _misspelt_words(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    def slips_allowed(x: str, y: str) -> int:
        shorter = min(len(x), len(y))
        if shorter >= TWO_SLIPS_MIN_LENGTH:
            return 2
        return int(shorter >= ONE_SLIP_MIN_LENGTH or _a_letter_left_out(x, y))

    return len(a) == len(b) and all(
        x == y or OSA.distance(x, y, score_cutoff=2) <= slips_allowed(x, y)
        for x, y in zip(a, b, strict=True)
    )


def _a_letter_left_out(x: str, y: str) -> bool:
    """Two letters of a three-letter name: hardly a two-letter word is a given name."""
    return sorted((len(x), len(y))) == [ONE_SLIP_MIN_LENGTH - 1, ONE_SLIP_MIN_LENGTH]


def _slips_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Each word of one record's names the same as the other's or at most two slips from it."""
    return len(a) == len(b) and all(
        x == y or OSA.distance(x, y, score_cutoff=2) <= 2 for x, y in zip(a, b, strict=True)
    )


def _never_outweighed(counts: NameFrequencies | None, a: Identity, b: Identity) -> tuple[str, ...]:
    """The differences no identifier outweighs: birth dates (a mother's CURP is
    written on her daughter's record), and given names more than one letter
    apart (a twin's CURP on the other twin's record), unless one of them is no
    name the registry lists and each of its words is two slips at most from the
    other's (XUKN, UXAN for Juan): a twin has a name of her own."""
    if Levenshtein.distance(" ".join(a.given), " ".join(b.given)) <= 1 or (
        counts is not None
        and not _both_given_names_listed(counts, a, b)
        and _slips_apart(a.given, b.given)
    ):
        return (BIRTH_DATES_DIFFER,)
    return (BIRTH_DATES_DIFFER, GIVEN_NAMES_DIFFER)


def identifiers_outweigh(
    model: MatchModel, levels: Levels, weights: tuple[float, ...], a: Identity, b: Identity
) -> bool:
    """Whether the same CURP, valid for at least one of the records, and the
    same phone weigh more than a small difference that usually separates
    relatives: a typo in a given name (ABEL / BEL) or in the sex also makes
    its own record's CURP look wrong (see _never_outweighed for the rest).
    Twins' CURPs differ, if only by a character, so a CURP one off never
    counts here; and the weights must reach the model's
    `identifiers_outweigh_relatives`, so a registry where families share
    phones (a lower phone weight) keeps its hold-backs."""
    needed = model.identifiers_outweigh_relatives
    return (
        levels[CURP] is CURP_EXACT
        and needed is not None
        and levels[PHONE] is PHONE_AGREE
        and (a.curp_trusted or b.curp_trusted)
        and weights[CURP] + weights[PHONE] >= needed
    )


def _name_and_date_alone(model: MatchModel, levels: Levels, named: int | None) -> bool:
    """Whether name and birth date may link alone: two CURPs that differ are not
    known to be one person's, and the name has so few namesakes that even the
    phones' difference, if they differ, leaves another person unlikely."""
    return levels[CURP] is not CURP_DIFFERENT and _few_namesakes(
        model, levels[BIRTH_DATE], named, _against(model, MatchField.PHONE, levels[PHONE])
    )


def _against(model: MatchModel, field: MatchField, level: AgreementLevel) -> float:
    """How many times likelier the level is between two people than within one
    (u / m), or 1 where it says nothing against them: phones that differ are
    five times likelier between two people than for one who changed hers."""
    chances = model.fields[field][level]
    return max(1.0, chances.u / chances.m)


def _few_namesakes(
    model: MatchModel, birth: AgreementLevel, named: int | None, against: float = 1.0
) -> bool:
    """Whether another person of that name with a birth date agreeing this
    closely is unlikely in the registry (model.namesakes_to_link_alone), once
    `against`, what else the records say against one person, multiplies it:
    where the registry's own trusted CURPs seldom show two people behind the
    same name and birth date among names as common
    (NameFrequencies.namesake_share), and so few records carry the name that
    chance would seldom give one of them such a birth date. Without the
    registry's counts, or with no birth date, nobody is known to have few
    namesakes."""
    bound, counts = model.namesakes_to_link_alone, model.frequencies
    if bound is None or counts is None or named is None or birth is BIRTH_MISSING:
        return False
    share = counts.namesake_share(named)
    if share is None or share * against > bound:
        return False
    return named * model.namesake_chance(birth) * against <= bound


def score_candidate(
    model: MatchModel, incoming: Identity, candidate: CandidateRecord
) -> ScoredCandidate:
    levels = compare_levels(incoming, candidate.identity)
    weights = model.weights(levels, incoming)
    return ScoredCandidate(
        candidate.person_id,
        candidate.record_id,
        levels,
        weights,
        round(sum(weights), 3),
        hold_backs(model, levels, weights, incoming, candidate.identity),
        candidate.pending,
        trusted_curp(candidate.identity),
    )


def best_per_person(scored: list[ScoredCandidate]) -> list[ScoredCandidate]:
    """Each person's best record for the incoming one: one not held back before one
    held back, then the higher score. A person one of whose records carries a valid
    CURP other than the incoming record's valid one is someone else whichever of
    her records links (ANOTHER_RECORDS_VALID_CURP)."""
    best: dict[UUID, ScoredCandidate] = {}
    other_curp: set[UUID] = set()
    for s in scored:
        if DISTINCT_VALID_CURPS in s.held_back_by:
            other_curp.add(s.person_id)
        current = best.get(s.person_id)
        if current is None or (not s.held_back_by, s.score) > (
            not current.held_back_by,
            current.score,
        ):
            best[s.person_id] = s
    for person_id in other_curp:
        s = best[person_id]
        if DISTINCT_VALID_CURPS not in s.held_back_by and s.levels[CURP] is not CURP_EXACT_TRUSTED:
            best[person_id] = s._replace(held_back_by=(*s.held_back_by, ANOTHER_RECORDS_VALID_CURP))
    return sorted(best.values(), key=lambda s: s.score, reverse=True)


def resolve(model: MatchModel, incoming: Identity, candidates: list[CandidateRecord]) -> Resolution:
    scored = [score_candidate(model, incoming, c) for c in candidates]
    resolution = decide(model, scored)
    settled = settled_namesakes(scored)
    if not any(settled):
        return resolution
    named = model.frequencies.records_named(full_name(incoming)) if model.frequencies else 0
    return replace(resolution, settled_namesakes=SettledNamesakes(namesake_band(named), *settled))


def settled_namesakes(scored: list[ScoredCandidate]) -> tuple[int, int, int, int, int, int]:
    """Of the candidates with the same surnames and birth date, those whose CURP
    and the record's are both trusted: how many carry the same CURP and how many
    another, among those with exactly the same given names, the same two counts
    in the record's municipality, and the same two among those whose given names
    nest in the record's (SettledNamesakes). The registry's own answer to how
    often name and birth date alone would join two people (name_counts.NAMESAKES)."""
    counts = [0, 0, 0, 0, 0, 0]
    for s in scored:
        levels = s.levels
        if levels[BIRTH_DATE] is not BIRTH_EXACT or levels[SURNAMES] is not SURNAMES_BOTH_EXACT:
            continue
        if levels[CURP] is CURP_EXACT_TRUSTED:
            two = 0
        elif DISTINCT_VALID_CURPS in s.held_back_by:
            two = 1
        else:
            continue
        if levels[GIVEN_NAMES] is GIVEN_SUBSET:
            counts[4 + two] += 1
        elif levels[GIVEN_NAMES] is GIVEN_EXACT:
            counts[two] += 1
            if levels[PLACE] is PLACE_MUNICIPALITY:
                counts[2 + two] += 1
    one, other, one_here, other_here, nested_one, nested_other = counts
    return one, other, one_here, other_here, nested_one, nested_other


def decide(model: MatchModel, scored: list[ScoredCandidate]) -> Resolution:
    """The outcome for a record from its candidates' scores, each candidate once."""
    persons = best_per_person(scored)
    linkable = [p for p in persons if p.score >= model.upper_threshold and not p.held_back_by]
    confirmed = [p for p in linkable if not p.pending]
    if confirmed:
        top = confirmed[0]
        curps = _trusted_curps(model, scored) if len(persons) > 1 else {}
        namesake = None if certain(top) else _known_namesake(top, persons, curps)
        if namesake is not None:
            return _for_review(KNOWN_NAMESAKES, [top, namesake], len(persons))
        split = [p for p in confirmed[1:] if not _two_people(top, p, curps)]
        return _linked(top, split[: MAX_REVIEW_CANDIDATES - 1], len(persons))
    # Two trusted CURPs that differ are two people, and where namesakes as close are
    # expected by chance nothing tells them apart: no caseworker is asked to compare them.
    reviewable = [
        p
        for p in persons
        if p.score >= model.lower_threshold and TOLD_APART.isdisjoint(p.held_back_by)
    ]
    if linkable:
        if certain(linkable[0]):
            return _joins_review(linkable[0], len(persons))
        # The persons held for review first: the record would have linked to them.
        ranked = linkable + [p for p in reviewable if p not in linkable]
        return _for_review(HELD_PERSON, ranked, len(persons))
    if reviewable:
        return _for_review(_why_review(model, reviewable[0]), reviewable, len(persons))
    return _new_person(model, persons)


TOLD_APART_PREFIX = "told apart: "
HELD_PERSON = "matches a person held for review: a caseworker decides both together"
KNOWN_NAMESAKES = (
    "agrees as closely with two people whose CURPs tell them apart, but for where they live"
)
JOINS = "the same CURP as a record held for review: joins her review, decided with it"


def can_matter(model: MatchModel, score: ScoredCandidate) -> bool:
    """Whether a candidate can change the outcome. A person counts by her best
    record, and a record not held back beats a held-back one whatever the scores;
    a held-back record below the lower threshold is neither linked nor reviewed,
    and says nothing of her person either (the pair sweep keeps no others)."""
    return not score.held_back_by or score.score >= model.lower_threshold


def _trusted_curps(model: MatchModel, scored: list[ScoredCandidate]) -> dict[UUID, set[str]]:
    """The trusted CURPs the candidate persons' records hold, of the records that can matter."""
    curps: dict[UUID, set[str]] = {}
    for s in scored:
        if s.trusted_curp is not None and can_matter(model, s):
            curps.setdefault(s.person_id, set()).add(s.trusted_curp)
    return curps


def _two_people(one: ScoredCandidate, other: ScoredCandidate, curps: dict[UUID, set[str]]) -> bool:
    """Whether both persons hold trusted CURPs and none in common: namesakes the
    registry already told apart, not one person split in two."""
    mine, theirs = curps.get(one.person_id), curps.get(other.person_id)
    return bool(mine and theirs and mine.isdisjoint(theirs))


def _known_namesake(
    top: ScoredCandidate, persons: list[ScoredCandidate], curps: dict[UUID, set[str]]
) -> ScoredCandidate | None:
    """Another person, told apart from `top` by their CURPs, whom the record agrees
    with at least as closely on everything but the municipality: two women of one
    name and birth date, and a record with no CURP or phone that tells them apart
    (or the family phone both share). Where she lives is all that can point to `top`,
    and people move and agencies write where they serve; a caseworker decides."""

    def without_place(s: ScoredCandidate) -> float:
        return sum(w for field, w in enumerate(s.field_weights) if field != PLACE)

    # Most records have no two persons told apart among their candidates: that
    # test first, and top's weights summed once.
    told_apart = [p for p in persons if p is not top and _two_people(top, p, curps)]
    if not told_apart:
        return None
    closeness = without_place(top)
    return next(
        (
            p
            for p in told_apart
            if TOLD_APART.isdisjoint(p.held_back_by) and without_place(p) >= closeness
        ),
        None,
    )


def certain(person: ScoredCandidate) -> bool:
    """The same valid CURP, or the same CURP and phone: evidence that the two
    records are one person whoever she turns out to be."""
    curp = person.levels[CURP]
    return curp is CURP_EXACT_TRUSTED or (
        curp is CURP_EXACT and person.levels[PHONE] is PHONE_AGREE
    )


def _joins_review(person: ScoredCandidate, considered: int) -> Resolution:
    """Held for review as the record it matches is: the same provisional person,
    whom the caseworker's decision on that record moves or confirms."""
    return Resolution("pending_review", JOINS, person.person_id, person, (), considered)


SPLIT = "links to more than one person: proposes merging them"
MISSPELT = "the given names read as one name misspelt"
CURP_AND_PHONE_OUTWEIGH = "the same CURP and phone outweigh "
TRUSTED_CURP_OUTWEIGHS = "the same CURP, valid for both records, outweighs "


def _linked(person: ScoredCandidate, others: list[ScoredCandidate], considered: int) -> Resolution:
    """Linked to `person`; `others`, also linked strongly, are proposed for merging into her.
    The reason names the differences the link overrode, and what overrode them."""
    reason = SPLIT if others else "score at or above the upper threshold"
    differences = relatives_differ(person.levels)
    if differences and person.levels[CURP] is CURP_EXACT_TRUSTED:
        reason += "; " + TRUSTED_CURP_OUTWEIGHS + ", ".join(differences)
    elif differences and certain(person) and person.levels[CURP] is CURP_EXACT:
        reason += "; " + CURP_AND_PHONE_OUTWEIGH + ", ".join(differences)
    elif GIVEN_NAMES_DIFFER in differences:
        reason += "; " + MISSPELT
    return Resolution("linked", reason, person.person_id, person, tuple(others), considered)


def _for_review(reason: str, ranked: list[ScoredCandidate], considered: int) -> Resolution:
    """`ranked`: the persons to review, best first; the task lists the first few."""
    shown = tuple(ranked[:MAX_REVIEW_CANDIDATES])
    return Resolution("pending_review", reason, None, ranked[0], shown, considered)


def _why_review(model: MatchModel, top: ScoredCandidate) -> str:
    if top.score >= model.upper_threshold:
        return "held back: " + ", ".join(top.held_back_by)
    return "score between the thresholds"


def _new_person(model: MatchModel, persons: list[ScoredCandidate]) -> Resolution:
    closest = persons[0] if persons else None
    if closest is not None and closest.score >= model.lower_threshold:
        apart = [h for h in closest.held_back_by if h in TOLD_APART]
        reason = TOLD_APART_PREFIX + ", ".join(apart)
    else:
        reason = "no candidate reached the lower threshold"
    return Resolution("new_person", reason, None, closest, (), len(persons))
