"""Blocking keys are searched under the caps of domain/blocking_caps.py, never
above the model's, in the database's candidate query and in a batch's
candidate pool alike."""

from datetime import date
from uuid import uuid4

from services.beneficiaries.domain.blocking_caps import FAMILY_CAPS, KEY_CAP, key_caps
from services.beneficiaries.domain.candidate_pool import CandidatePool
from services.beneficiaries.domain.identity import blocking_key_texts, blocking_keys, identity_of, key_hash
from services.beneficiaries.domain.resolution import CandidateRecord
from shared.contracts.beneficiaries import PersonDetails

IDENTITY = identity_of(PersonDetails(given_names="María Guadalupe", paternal_surname="Hernández", maternal_surname="García",
                                     sex="M", birth_date=date(1984, 3, 7), state="Jalisco", municipality="Zapopan",
                                     consent_to_share=True, phone="3312345678"))


def test_names_alone_get_their_own_cap_and_every_other_key_the_common_one():
    caps = key_caps(IDENTITY, 100)
    assert sorted(caps) == blocking_keys(IDENTITY)
    by_family = {text.split(":", 1)[0]: caps[key_hash(text)] for text in blocking_key_texts(IDENTITY)}
    assert by_family["NN"] == FAMILY_CAPS["NN"] < KEY_CAP < 100
    assert {by_family[family] for family in by_family if family not in FAMILY_CAPS} == {KEY_CAP}
    assert set(key_caps(IDENTITY, 3).values()) == {3}, "no cap here raises the model's"


def test_a_pool_leaves_out_a_key_once_it_holds_more_records_than_that_keys_cap():
    low, high = 1, 2
    pool = CandidatePool(100, {low: 2})
    records = [CandidateRecord(uuid4(), uuid4(), IDENTITY) for _ in range(3)]
    for record in records[:2]:
        pool.add(record, [low])
    assert len(pool.candidates([low])) == 2
    pool.add(records[2], [low, high])
    assert pool.candidates([low]) == []
    assert pool.candidates([high]) == [records[2]]
