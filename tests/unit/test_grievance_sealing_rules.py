"""Sealed reporter identities: only the private key opens a box, a box's length does not
tell names apart, and fingerprints find the same reporter under one key only."""

import pytest

from services.grievances.domain.reporters import Reporter
from services.grievances.domain.sealed_identities import (
    KeyMismatch,
    Opener,
    new_private_key,
    parse_private_key,
)

ANA = Reporter("Ana María Núñez", "55 1234 5678")


def test_a_box_opens_with_its_private_key_only():
    opener, other = Opener.from_setting(new_private_key()), Opener.from_setting(new_private_key())
    sealed = opener.sealer.seal(ANA)
    assert b"Ana" not in sealed.box and b"5678" not in sealed.box
    assert opener.open(sealed.box, sealed.key_id) == ANA
    with pytest.raises(KeyMismatch):
        other.open(sealed.box, sealed.key_id)
    with pytest.raises(KeyMismatch):
        other.open(sealed.box, other.key_id)


def test_sealing_twice_gives_different_boxes_of_a_length_that_hides_the_name():
    sealer = Opener.from_setting(new_private_key()).sealer
    first, second = sealer.seal(ANA), sealer.seal(ANA)
    assert first.box != second.box and first.fingerprint == second.fingerprint
    short = sealer.seal(Reporter("Eva", None))
    long = sealer.seal(Reporter("Guadalupe Xóchitl Hernández de la Concepción", "a@b.mx"))
    assert len(short.box) == len(long.box) == len(first.box)


def test_fingerprints_ignore_case_accents_and_spacing_and_depend_on_the_key():
    sealer = Opener.from_setting(new_private_key()).sealer
    same = Reporter("  ana maria  NUNEZ", "55 1234 5678")
    assert sealer.fingerprint(same) == sealer.fingerprint(ANA)
    assert sealer.fingerprint(Reporter("Ana María Núñez", "55 1234 5679")) != sealer.fingerprint(
        ANA
    )
    another = Opener.from_setting(new_private_key()).sealer
    assert another.fingerprint(ANA) != sealer.fingerprint(ANA)


@pytest.mark.parametrize("setting", ["", "not base64!", "c2hvcnQ=", "A" * 44 + "AAAA"])
def test_a_key_that_is_not_32_bytes_of_base64_is_refused(setting):
    with pytest.raises(ValueError, match="32-byte key"):
        parse_private_key(setting)


def test_the_service_refuses_to_start_without_a_usable_key():
    from pydantic import ValidationError

    from shared.settings import GrievancesSettings

    with pytest.raises(ValidationError, match="REPORTER_IDENTITY_KEY must be the base64"):
        GrievancesSettings(database_url="postgresql://x/y", reporter_identity_key="change-me")
    with pytest.raises(ValidationError, match="reporter_identity_key"):
        GrievancesSettings(database_url="postgresql://x/y")
    key = new_private_key()
    settings = GrievancesSettings(database_url="postgresql://x/y", reporter_identity_key=key)
    assert key not in repr(settings)
