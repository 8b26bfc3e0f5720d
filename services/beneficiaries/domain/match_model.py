"""The Fellegi–Sunter match model: for each field and agreement level, the
probability m of seeing it when two records are the same person and u when
they are not. A level's weight is log2(m/u); a pair's score is the sum.

Agreeing on "María Guadalupe Hernández García" is far weaker evidence than
agreeing on a rare name, so exact agreement on names is weighed with the
frequency of the value agreed on (the term-frequency adjustment): its u is
the share of records that carry that value rather than the field's average.
Those frequencies are the registry's own (domain/name_counts.py), given to the
model as it runs (`with_frequencies`), never written in its file.

The model is data (a JSON file with a version), so a re-estimated model is a
new file, and every decision records the version and thresholds it used."""

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from shared.contracts.match_vocabulary import (
    LEVELS,
    AgreementLevel,
    GivenNamesLevel,
    MatchField,
    SurnamesLevel,
    level_of,
)

from .comparison import (
    BIRTH_YEAR_ONLY,
    FIELDS,
    GIVEN_EXACT,
    GIVEN_NAMES,
    SURNAMES,
    SURNAMES_BOTH_EXACT,
    Levels,
)
from .identity import Identity
from .name_slips import commonest_within_a_slip
from .names import name_in_use

DEFAULT_MODEL_FILE = Path(__file__).parent / "data" / "match_model.json"


@dataclass(frozen=True)
class Level:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


# Whole names are told apart by how many records carry them, below each of these:
# a registry's namesakes crowd in its commonest names (a village's, a family's),
# and how often two records of a rare name born the same day are two people says
# little of a name that fills thousands of records.
NAMESAKE_BANDS = (5, 50, 500)


def namesake_band(records_named: int) -> int:
    return sum(1 for bound in NAMESAKE_BANDS if records_named >= bound)


@dataclass(frozen=True)
class NameFrequencies:
    """Share of records with each folded full given name and each surname.
    A value missing from a table is rarer than any listed: it gets `unlisted`.
    `full_names`: how many records carry each whole name (identity.full_name),
    for the names carried by at least `full_names_listed_from`."""

    given: dict[str, float] = field(default_factory=dict)
    surnames: dict[str, float] = field(default_factory=dict)
    unlisted: float = 1e-4
    full_names: dict[str, int] = field(default_factory=dict)
    full_names_listed_from: int = 5
    # The same records by the given name each goes by (name_counts.by_name_in_use).
    full_names_in_use: dict[str, int] = field(default_factory=dict)
    # Of the registry's pairs of records with the same whole name and birth date
    # whose trusted CURPs settle it, the share that are two people, for whole
    # names as common as each of NAMESAKE_BANDS; None until enough pairs are settled.
    namesake_shares: tuple[float | None, ...] = ()
    # The same, of the pairs in one municipality.
    namesake_shares_in_one_municipality: tuple[float | None, ...] = ()
    # The same, of the pairs of the same surnames and birth date whose given names
    # nest (MARIA, MARIA GUADALUPE): where twins are common, a dropped name is not
    # the only way to read them.
    nested_names_share: float | None = None
    # The records counted: with the shares, how many records to expect of a name.
    records: int = 0
    # The listed names filed by their one-slip spellings (name_slips.slip_index).
    given_slips: Mapping[str, str] = field(default_factory=dict)
    surname_slips: Mapping[str, str] = field(default_factory=dict)

    def records_named(self, full_name: str) -> int:
        """Records with this whole name; for a name not listed, the most it can have."""
        return self.full_names.get(full_name, self.full_names_listed_from - 1)

    def namesake_share(self, records_named: int, in_one_municipality: bool = False) -> float | None:
        shares = (
            self.namesake_shares_in_one_municipality
            if in_one_municipality
            else self.namesake_shares
        )
        band = namesake_band(records_named)
        return shares[band] if band < len(shares) else None

    def as_commonest_spelling(self, identity: Identity) -> Identity:
        """The name with each part read as the commonest listed name a slip from it."""
        given = " ".join(identity.given)
        commonest = commonest_within_a_slip(given, self.given, self.given_slips)
        if commonest != given:
            words = tuple(commonest.split())
            identity = identity._replace(given=words, given_in_use=name_in_use(words))
        return identity._replace(
            paternal=self._commonest_surname(identity.paternal),
            maternal=self._commonest_surname(identity.maternal),
        )

    def _commonest_surname(self, surname: str) -> str:
        return commonest_within_a_slip(surname, self.surnames, self.surname_slips)

    def records_going_by(self, identity: Identity) -> int:
        """The listed records whose whole name goes by the identity's given name in
        use with its surnames, whatever other given name they carry."""
        return self.full_names_in_use.get(
            f"{identity.given_in_use}|{identity.paternal}|{identity.maternal}", 0
        )

    def records_of_given_and_surname(self, given: tuple[str, ...], surname: str) -> int:
        """The records expected to carry the given name and the surname in either
        place, from the two shares (surnames counted in both places): what a
        record that gives only that surname has for namesakes."""
        surname_share = self.of_surname(self._commonest_surname(surname))
        return round(self.records * self.of_given(given) * 2 * surname_share)

    def records_of_given_surname_and_initial(
        self, given: tuple[str, ...], father: str, mothers_initial: str
    ) -> int:
        """The records expected to carry the given name and the father's surname
        with a mother's surname of that initial: what a record that gives only
        her father's surname has for namesakes when her CURP tells the initial."""
        father_share = self.of_surname(self._commonest_surname(father))
        share = self.of_given(given) * father_share * self._initial_shares.get(mothers_initial, 0.0)
        return round(self.records * share)

    @cached_property
    def _initial_shares(self) -> dict[str, float]:
        """Of the listed surnames' records, the share of each initial."""
        total = sum(self.surnames.values())
        shares: dict[str, float] = {}
        for surname, share in self.surnames.items():
            shares[surname[:1]] = shares.get(surname[:1], 0.0) + share / total
        return shares

    def of_given(self, given: tuple[str, ...]) -> float:
        return self.given.get(" ".join(given), self.unlisted)

    def of_surname(self, surname: str) -> float:
        return self.surnames.get(surname, self.unlisted)


@dataclass(frozen=True)
class MatchModel:
    version: str
    upper_threshold: float
    lower_threshold: float
    fields: dict[MatchField, dict[AgreementLevel, Level]]
    # A blocking key shared by more earlier records than this is too common to
    # narrow anything down; skipping it keeps one popular name from slowing every event.
    blocking_key_cap: int = 100
    # The registry's name frequencies, when it holds enough records to tell; None: every
    # agreement weighs the field's average and no name counts as rare.
    frequencies: NameFrequencies | None = None
    # The least u of an exact agreement on a name, per field: relatives share
    # rare surnames too, so rarity is trusted only so far.
    least_u: dict[str, float] = field(
        default_factory=lambda: {"given_names": 1e-4, "surnames": 1e-6}
    )
    # A link resting on name and birth date alone (no CURP or phone in common,
    # and a near birth date or no municipality in common) is made only when
    # fewer other persons than this are expected in the registry with the same
    # whole name and a birth date agreeing as closely by chance: the records of
    # that name (the registry's own counts) times the chance of a birth date agreeing
    # that closely (namesake_chance). None: never on name and birth date alone.
    namesakes_to_link_alone: float | None = None
    # The same reckoning the other way: where at least this many other persons are
    # expected with that whole name and a birth date agreeing as closely, and
    # nothing else (no CURP or phone) is in common, a caseworker would have nothing
    # to tell them apart by: the record makes a new person instead of a review.
    # None: such records are always reviewed.
    namesakes_beyond_review: float | None = None
    # The weights of the same CURP and phone that outweigh a difference
    # separating relatives (resolution.identifiers_outweigh). None: nothing does.
    identifiers_outweigh_relatives: float | None = None
    # The chance that two different persons' records give the same birth year, estimated
    # from random pairs of the registry's records as u is. A date read as a placeholder
    # (1 January) says only its year, so any namesake born that year agrees with it as
    # closely as the other record does: the namesake reckoning weighs the year-only level
    # by this, not by its u, which is small only because few dates are placeholders.
    # None: by u.
    same_birth_year: float | None = None

    def __post_init__(self) -> None:
        if not self.lower_threshold < self.upper_threshold:
            raise ValueError("the lower threshold must be below the upper one")
        _check_levels(self.fields)

    def with_frequencies(self, frequencies: NameFrequencies | None) -> "MatchModel":
        """This model weighing names by `frequencies` (a new model: its caches start empty)."""
        return replace(self, frequencies=frequencies)

    @cached_property
    def _rounded_weights(self) -> dict[MatchField, dict[str, float]]:
        return {
            field: {name: round(level.weight, 3) for name, level in levels.items()}
            for field, levels in self.fields.items()
        }

    @cached_property
    def _tables_in_field_order(self) -> tuple[Mapping[str, float], ...]:
        return tuple(self._rounded_weights[field] for field in FIELDS)

    def chance(self, field: MatchField, level: AgreementLevel) -> float:
        """u: the chance that two different persons' records agree on `field` at `level`."""
        return self.fields[field][level].u

    def namesake_chance(self, birth: AgreementLevel) -> float:
        """The chance that another person of the name has a birth date agreeing this
        closely with the record's: u, but for a year alone the chance of that year."""
        if birth is BIRTH_YEAR_ONLY and self.same_birth_year is not None:
            return self.same_birth_year
        return self.chance(MatchField.BIRTH_DATE, birth)

    def weights(self, levels: Levels, incoming: Identity) -> tuple[float, ...]:
        """The weight of each level of compare_levels, in the order of FIELDS."""
        weights = [
            table[level] for table, level in zip(self._tables_in_field_order, levels, strict=True)
        ]
        if self.frequencies is not None:
            # An exact agreement means both records hold the incoming record's value.
            if levels[GIVEN_NAMES] is GIVEN_EXACT:
                weights[GIVEN_NAMES] = self._exact_given_weight(incoming.given)
            if levels[SURNAMES] is SURNAMES_BOTH_EXACT:
                weights[SURNAMES] = self._exact_surnames_weight(
                    incoming.paternal, incoming.maternal
                )
        return tuple(weights)

    # Weighed once per name rather than once per candidate: the same names come
    # back in pair after pair, and the join, lookups and logarithm took 0.7 µs
    # of the 10 µs a candidate took to score.
    @cached_property
    def _exact_given_weight(self) -> Callable[[tuple[str, ...]], float]:
        f = self.frequencies
        assert f is not None
        return lru_cache(maxsize=1 << 16)(
            lambda given: self._weight_of_value(
                MatchField.GIVEN_NAMES, GivenNamesLevel.EXACT, f.of_given(given)
            )
        )

    @cached_property
    def _exact_surnames_weight(self) -> Callable[[str, str], float]:
        f = self.frequencies
        assert f is not None
        return lru_cache(maxsize=1 << 16)(
            lambda paternal, maternal: self._weight_of_value(
                MatchField.SURNAMES,
                SurnamesLevel.BOTH_EXACT,
                f.of_surname(paternal) * f.of_surname(maternal),
            )
        )

    def _weight_of_value(self, field: MatchField, level: AgreementLevel, u: float) -> float:
        return round(math.log2(self.fields[field][level].m / max(u, self.least_u[field])), 3)


def _check_levels(fields: dict[MatchField, dict[AgreementLevel, Level]]) -> None:
    """Every field compared, each with a weight for every level its comparison returns."""
    missing_fields = [f.value for f in LEVELS if f not in fields]
    if missing_fields:
        raise ValueError(f"the model weighs no level of {', '.join(missing_fields)}")
    for compared, levels in LEVELS.items():
        missing = [level.value for level in levels if level not in fields[compared]]
        if missing:
            raise ValueError(f"{compared}: the model has no weight for {', '.join(missing)}")


def _field_tables(fields: dict[str, Any]) -> dict[MatchField, dict[AgreementLevel, Level]]:
    """The model file's tables as the vocabulary's members; a field or level the
    vocabulary does not know is an error naming it."""
    tables: dict[MatchField, dict[AgreementLevel, Level]] = {}
    for name, levels in fields.items():
        try:
            field = MatchField(name)
        except ValueError:
            known = ", ".join(MatchField)
            raise ValueError(f"the model weighs {name!r}, not a field compared ({known})") from None
        tables[field] = {
            level_of(field, level): Level(float(v["m"]), float(v["u"]))
            for level, v in levels.items()
        }
    return tables


def model_from_json(data: dict[str, Any]) -> MatchModel:
    """A model file; frequency lists an older file may carry are not read (name_counts.py)."""
    return MatchModel(
        version=data["version"],
        upper_threshold=float(data["upper_threshold"]),
        lower_threshold=float(data["lower_threshold"]),
        blocking_key_cap=int(data.get("blocking_key_cap", 100)),
        fields=_field_tables(data["fields"]),
        least_u={k: float(v) for k, v in data["least_u"].items()},
        namesakes_to_link_alone=_setting(data, "namesakes_to_link_alone"),
        namesakes_beyond_review=_setting(data, "namesakes_beyond_review"),
        identifiers_outweigh_relatives=_setting(data, "identifiers_outweigh_relatives"),
        same_birth_year=_setting(data, "same_birth_year"),
    )


def _setting(data: dict[str, Any], name: str) -> float | None:
    return None if data.get(name) is None else float(data[name])


def model_to_json(model: MatchModel, source: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": model.version,
        "source": source,
        "upper_threshold": model.upper_threshold,
        "lower_threshold": model.lower_threshold,
        "blocking_key_cap": model.blocking_key_cap,
        "namesakes_to_link_alone": model.namesakes_to_link_alone,
        "namesakes_beyond_review": model.namesakes_beyond_review,
        "identifiers_outweigh_relatives": model.identifiers_outweigh_relatives,
        "same_birth_year": model.same_birth_year,
        "least_u": model.least_u,
        "fields": {
            f: {lvl: {"m": level.m, "u": level.u} for lvl, level in levels.items()}
            for f, levels in model.fields.items()
        },
    }
    return data


def load_model(path: Path = DEFAULT_MODEL_FILE) -> MatchModel:
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))


def save_model(model: MatchModel, path: Path, source: str) -> None:
    path.write_text(
        json.dumps(model_to_json(model, source), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
