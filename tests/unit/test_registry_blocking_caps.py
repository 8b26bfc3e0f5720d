"""Blocking keys are searched under the caps of domain/blocking_caps.py, never
above the model's, in the database's candidate query and in a batch's
candidate pool alike; a record sharing one key alone is a candidate only
while that key holds few records."""

from datetime import date
from uuid import uuid4

from services.beneficiaries.domain.blocking_caps import (
    FAMILY_CAPS,
    KEY_CAP,
    LONE_KEY_CAP,
    key_caps,
    searched_together,
)
from services.beneficiaries.domain.candidate_pool import CandidatePool
from services.beneficiaries.domain.identity import (
    blocking_key_texts,
    blocking_keys,
    identity_of,
    key_hash,
)
from services.beneficiaries.domain.resolution import CandidateRecord
from shared.contracts.beneficiaries import PersonDetails

IDENTITY = identity_of(
    PersonDetails(
        given_names="María Guadalupe",
        paternal_surname="Hernández",
        maternal_surname="García",
        sex="M",
        birth_date=date(1984, 3, 7),
        state="Jalisco",
        municipality="Zapopan",
        consent_to_share=True,
        phone="3312345678",
    )
)


def test_names_alone_get_their_own_cap_and_every_other_key_the_common_one():
    caps = key_caps(IDENTITY, 100)
    assert sorted(caps) == blocking_keys(IDENTITY)
    by_family = {
        text.split(":", 1)[0]: caps[key_hash(text)] for text in blocking_key_texts(IDENTITY)
    }
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


def test_one_key_alone_makes_a_candidate_while_that_key_holds_no_more_than_the_lone_key_cap():
    alone, other = 1, 2
    pool = CandidatePool(100, {})
    records = [CandidateRecord(uuid4(), uuid4(), IDENTITY) for _ in range(LONE_KEY_CAP + 1)]
    for record in records[:LONE_KEY_CAP]:
        pool.add(record, [alone])
    assert pool.candidates([alone]) == records[:LONE_KEY_CAP]
    pool.add(records[-1], [alone, other])
    assert pool.candidates([alone]) == [], "one shared key held by too many tells nobody apart"
    assert pool.candidates([alone, other]) == [records[-1]], (
        "a record sharing two keys stays a candidate"
    )
    assert pool.candidates([other]) == [records[-1]], (
        "a key holding the record alone singles it out"
    )


def test_stored_records_sent_without_their_identity_count_in_a_keys_size():
    alone, other = 1, 2
    pool = CandidatePool(100, {})
    mine = CandidateRecord(uuid4(), uuid4(), IDENTITY)
    pool.found(mine.record_id, [alone, other], mine)
    assert pool.candidates([alone]) == [mine]
    for _ in range(LONE_KEY_CAP):
        pool.found(uuid4(), [alone])
    assert pool.candidates([alone]) == []
    assert pool.candidates([alone, other]) == [mine]
    pool.found(mine.record_id, [alone])
    assert pool.candidates([other]) == [mine], (
        "found again under a key it had: still one record there"
    )


def test_the_rule_reads_the_keys_shared_and_the_size_of_a_lone_one():
    assert searched_together(2, 1_000)
    assert searched_together(1, LONE_KEY_CAP)
    assert not searched_together(1, LONE_KEY_CAP + 1)
