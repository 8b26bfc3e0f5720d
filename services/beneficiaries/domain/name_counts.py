"""How often each full given name, each surname and each whole name occurs
among the registry's own records, counted as records arrive (the intake adds a batch's counts in
the transaction that writes it) and read back as the frequencies that weigh
an exact agreement on a name (match_model.NameFrequencies).

Never frozen in the model file: a registry where one surname is 13% of the
records, or whose commonest given names no list foresaw, weighs its own names
by its own counts, and the counts follow it as it grows."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .identity import Identity, full_name
from .match_model import NAMESAKE_BANDS, MatchModel, NameFrequencies
from .name_slips import slip_index
from .names import name_in_use
from .resolution import SettledNamesakes

# The counts' kinds, as the table name_counts holds them; the name "" of a kind holds its total.
# Whole names (FULL) are counted because names are not independent: where one
# family or one village's name fills thousands of records, the product of
# its parts' frequencies says it is rare.
GIVEN, SURNAME, FULL = "given", "surname", "full"
# Pairs of records with the same whole name and birth date whose trusted CURPs
# settled whether they are one person (resolution.SettledNamesakes), by the band
# of the whole name's count (match_model.NAMESAKE_BANDS): "one_person:0" ...,
# and apart those in one municipality: "one_person:0:municipality" ...; pairs
# whose given names nest, in no band: "one_person:nested", "two_persons:nested".
NAMESAKES, ONE_PERSON, TWO_PERSONS = "namesakes", "one_person", "two_persons"
IN_ONE_MUNICIPALITY = "municipality"
NESTED = "nested"
# Fewer settled pairs than this say nothing yet of how common namesakes are.
LEAST_SETTLED = 100
TOTAL = ""
# A value seen fewer times than this is not listed: its frequency is only an upper bound,
# and the intake reads only the values listed.
LISTED_FROM = 5
# Below this many records a frequency is noise: every name is weighed as the
# field's average (the model's u), and no name counts as rare.
LEAST_RECORDS = 1_000


@dataclass
class NameCounts:
    """Counts by (kind, name); the totals under the name TOTAL."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, identity: Identity) -> None:
        for key in names_of(identity):
            self.counts[key] += 1

    def add_all(self, identities: Iterable[Identity]) -> None:
        for identity in identities:
            self.add(identity)

    def add_settled(self, settled: SettledNamesakes | None) -> None:
        """A decided record's settled namesake pairs."""
        if settled is None:
            return
        for name, pairs in zip(settled_names(settled.band), settled[1:], strict=True):
            if pairs:
                self.counts[NAMESAKES, name] += pairs

    def merge(self, rows: Mapping[tuple[str, str], int]) -> None:
        self.counts.update(rows)

    def frequencies(self) -> NameFrequencies | None:
        """The frequencies of the values listed, or None while the registry is too small to tell."""
        return frequencies_of(self.counts)


def names_of(identity: Identity) -> list[tuple[str, str]]:
    """What one record adds: its full given name, each surname and its whole
    name, and the totals they count in."""
    keys = []
    if identity.given:
        keys += [(GIVEN, " ".join(identity.given)), (GIVEN, TOTAL), (FULL, full_name(identity))]
    for surname in identity.surnames:
        keys += [(SURNAME, surname), (SURNAME, TOTAL)]
    return keys


def frequencies_of(counts: Mapping[tuple[str, str], int]) -> NameFrequencies | None:
    """Each listed value's share of its kind's total; a value not listed gets
    the share LISTED_FROM would have, the most it can have."""
    records, surnames = counts.get((GIVEN, TOTAL), 0), counts.get((SURNAME, TOTAL), 0)
    if records < LEAST_RECORDS or not surnames:
        return None
    full_names = {
        name: n for (kind, name), n in counts.items() if kind == FULL and n >= LISTED_FROM
    }
    given = {
        name: n / records
        for (kind, name), n in counts.items()
        if kind == GIVEN and name != TOTAL and n >= LISTED_FROM
    }
    surname_shares = {
        name: n / surnames
        for (kind, name), n in counts.items()
        if kind == SURNAME and name != TOTAL and n >= LISTED_FROM
    }
    return NameFrequencies(
        records=records,
        given=given,
        surnames=surname_shares,
        given_slips=slip_index(given),
        surname_slips=slip_index(surname_shares),
        unlisted=LISTED_FROM / records,
        full_names=full_names,
        full_names_in_use=by_name_in_use(full_names),
        full_names_listed_from=LISTED_FROM,
        namesake_shares=namesake_shares(counts, in_one_municipality=False),
        namesake_shares_in_one_municipality=namesake_shares(counts, in_one_municipality=True),
        nested_names_share=_two_persons_share(counts, *settled_names(0)[4:]),
    )


def by_name_in_use(full_names: Mapping[str, int]) -> dict[str, int]:
    """The listed whole names' records summed by the given name each goes by
    (names.name_in_use) and the surnames: MARIA GUADALUPE HERNANDEZ GARCIA and
    GUADALUPE HERNANDEZ GARCIA both under GUADALUPE|HERNANDEZ|GARCIA."""
    in_use: Counter[str] = Counter()
    for name, n in full_names.items():
        given, surnames = name.split("|", 1)
        in_use[f"{name_in_use(tuple(given.split()))}|{surnames}"] += n
    return dict(in_use)


def settled_names(band: int) -> tuple[str, str, str, str, str, str]:
    """The names the settled pairs of a band are counted under, in the order of
    SettledNamesakes: one person, two persons, the same in one municipality, and
    the same of given names that nest."""
    return (
        f"{ONE_PERSON}:{band}",
        f"{TWO_PERSONS}:{band}",
        f"{ONE_PERSON}:{band}:{IN_ONE_MUNICIPALITY}",
        f"{TWO_PERSONS}:{band}:{IN_ONE_MUNICIPALITY}",
        f"{ONE_PERSON}:{NESTED}",
        f"{TWO_PERSONS}:{NESTED}",
    )


def namesake_shares(
    counts: Mapping[tuple[str, str], int], in_one_municipality: bool
) -> tuple[float | None, ...]:
    return tuple(
        _two_persons_share(
            counts, *(settled_names(band)[2:4] if in_one_municipality else settled_names(band)[:2])
        )
        for band in range(len(NAMESAKE_BANDS) + 1)
    )


def _two_persons_share(
    counts: Mapping[tuple[str, str], int], one_person: str, two_persons: str
) -> float | None:
    """Of the settled pairs counted under the two names, the share that are two people."""
    one, two = counts.get((NAMESAKES, one_person), 0), counts.get((NAMESAKES, two_persons), 0)
    return two / (one + two) if one + two >= LEAST_SETTLED else None


@dataclass
class RegistryFrequencies:
    """The frequencies a running intake weighs names by, read from the
    registry's counts and read again once they may have moved: `max_age`
    seconds after the last read, or sooner while the registry is young, once
    the records this intake added since reach a tenth of those counted then.
    One read now and then, never one per record or batch."""

    max_age: float = 60.0
    frequencies: NameFrequencies | None = None
    counted: int = 0
    read_at: float | None = None
    added: int = 0
    _models: dict[str, MatchModel] = field(default_factory=dict)

    def stale(self, now: float) -> bool:
        return (
            self.read_at is None
            or now - self.read_at >= self.max_age
            or self.added >= max(LEAST_RECORDS, self.counted // 10)
        )

    def read(self, counts: Mapping[tuple[str, str], int], now: float) -> None:
        self.take(frequencies_of(counts), counts, now)

    def take(
        self,
        frequencies: NameFrequencies | None,
        counts: Mapping[tuple[str, str], int],
        now: float,
    ) -> None:
        """Frequencies already folded from `counts` (read beside the intake)."""
        self.frequencies = frequencies
        self.counted, self.read_at, self.added = counts.get((GIVEN, TOTAL), 0), now, 0
        self._models.clear()

    def added_records(self, records: int) -> None:
        self.added += records

    def model(self, base: MatchModel) -> MatchModel:
        """`base` weighing names by these frequencies; one model per read, so its
        weight caches last until the next read."""
        model = self._models.get(base.version)
        if model is None or model.fields is not base.fields:
            model = self._models[base.version] = base.with_frequencies(self.frequencies)
        return model
