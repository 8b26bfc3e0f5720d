"""Names one keying slip from a commoner name, found without comparing a name
with every listed one: a letter wrong, missing, extra, or two letters swapped
leave the two spellings with a deletion in common (GARCIQ and GARCIA both give
GARCI; GUADALPUE and GUADALUPE both give GUADALUE), so each listed name is
filed under itself and each of its deletions, and a spelling is looked up
under itself and each of its own.

Counting namesakes reads a name this way: thousands of women named MARIA
GUADALUPE HERNANDEZ GARCIA leave dozens whose records say HERANDEZ, and two of
them born near the same day are namesakes of a common name, not two records
of a rare one."""

from collections.abc import Iterator, Mapping

from rapidfuzz.distance import OSA

# Shorter names one slip apart are often two names (ANA / AVA, EVA / EMA), as
# comparison.TYPO_MIN_LENGTH says of the pairs it compares.
SLIP_MIN_LENGTH = 4


def _spellings_a_slip_share(word: str) -> Iterator[str]:
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


def slip_index(shares: Mapping[str, float]) -> dict[str, str]:
    """Each of the listed names' deletions (and each name), with the commonest
    listed name it comes from."""
    index: dict[str, str] = {}
    # Commonest last: where two names share a deletion, it keeps the commoner.
    for name in sorted(shares, key=shares.__getitem__):
        if len(name) >= SLIP_MIN_LENGTH:
            for spelling in _spellings_a_slip_share(name):
                index[spelling] = name
    return index


def commonest_within_a_slip(
    word: str, shares: Mapping[str, float], index: Mapping[str, str]
) -> str:
    """The commonest of `word` and the listed names one slip from it."""
    if len(word) < SLIP_MIN_LENGTH:
        return word
    best, best_share = word, shares.get(word, 0.0)
    for spelling in _spellings_a_slip_share(word):
        name = index.get(spelling)
        # A deletion in common at two places can be two slips (ABCD, ACDE): checked.
        if (
            name is not None
            and shares[name] > best_share
            and OSA.distance(word, name, score_cutoff=1) <= 1
        ):
            best, best_share = name, shares[name]
    return best
