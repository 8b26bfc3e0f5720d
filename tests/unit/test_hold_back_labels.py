"""Every reason the registry holds a link back for has words on the console's
review and case-file screens, in Spanish and English."""

from services.beneficiaries.domain import resolution
from services.console.labels.casework import LABELS

HOLD_BACKS = (
    *resolution.RELATIVES_DIFFER,
    resolution.DISTINCT_VALID_CURPS,
    resolution.ANOTHER_RECORDS_VALID_CURP,
    resolution.NEAR_DATE_WITHOUT_IDENTIFIER,
    resolution.NOTHING_BEYOND_NAME_AND_DATE,
    resolution.NAMESAKES_IN_ONE_MUNICIPALITY,
    resolution.ONE_SURNAME_DIFFERS,
    resolution.CURPS_DIFFER,
    resolution.NAMESAKES_EXPECTED,
    resolution.CURP_OF_FEWER_NAMES,
    resolution.NESTED_NAMES_OFTEN_TWO,
    resolution.NAME_AND_SEX_DIFFER,
    resolution.BIRTH_DATES_DIFFER_ALONE,
)


def test_every_hold_back_has_a_spanish_and_an_english_label():
    missing = [reason for reason in HOLD_BACKS if f"held.{reason}" not in LABELS]
    assert not missing
    for reason in HOLD_BACKS:
        spanish, english = LABELS[f"held.{reason}"]
        assert spanish and english and spanish != english
