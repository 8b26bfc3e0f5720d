"""Reading a name as the commonest listed name one keying slip from it."""

import pytest

from services.beneficiaries.domain.name_slips import commonest_within_a_slip, slip_index

SHARES = {"HERNANDEZ": 0.13, "HERNANDES": 0.001, "GARCIA": 0.05, "MEZA": 0.01, "ANA": 0.02}
INDEX = slip_index(SHARES)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("HERANDEZ", "HERNANDEZ"),  # a letter missing
        ("HERNNANDEZ", "HERNANDEZ"),  # a letter extra
        ("HERNANDEQ", "HERNANDEZ"),  # a letter wrong
        ("HENRANDEZ", "HERNANDEZ"),  # two letters swapped
        ("HERNANDES", "HERNANDEZ"),  # listed itself, but a slip from a commoner name
        ("GARCIQ", "GARCIA"),
        ("MESA", "MEZA"),
        ("HRNANDEQ", "HRNANDEQ"),  # two slips from any: its own name
        ("GRACIAS", "GRACIAS"),
        ("AVA", "AVA"),  # too short to tell a slip from another name
        ("", ""),
    ],
)
def test_a_name_reads_as_the_commonest_listed_name_a_slip_from_it(written, read):
    assert commonest_within_a_slip(written, SHARES, INDEX) == read


def test_a_deletion_in_common_at_two_places_is_two_slips_not_one():
    shares = {"ACDE": 0.5}
    # ABCD and ACDE both give ACD, by deleting B and E: two slips apart.
    assert commonest_within_a_slip("ABCD", shares, slip_index(shares)) == "ABCD"
