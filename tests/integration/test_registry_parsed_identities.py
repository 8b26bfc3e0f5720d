"""The intake keeps candidates' identities parsed between batches, keyed by
the row's version: against real PostgreSQL, a record saved again must be read
afresh, never served as it was before."""

from services.beneficiaries.adapters.parsed_identities import ParsedIdentities
from services.beneficiaries.adapters.registry_repository import RegistryRepository
from services.beneficiaries.adapters.registry_rows import identity_from_text, identity_to_json
from services.beneficiaries.domain.blocking_caps import key_caps
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.resolution import CandidateRecord
from shared.db import Database
from tests.benchmarks.synthetic_registry import generate
from tests.integration.test_registry_batches import apply_in_batches, registry_schema


async def only_candidate(
    database: Database, caps: dict[int, int], parsed: ParsedIdentities
) -> CandidateRecord:
    async with database.pool.acquire() as conn:
        [(_, _, candidate)], too_common = await RegistryRepository(conn).candidates(
            caps, parsed, []
        )
    assert not too_common and candidate is not None
    return candidate


async def test_a_record_saved_again_is_read_afresh_and_an_unchanged_one_is_parsed_once(
    infrastructure,
):
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    resent = first.model_copy(
        update={"person": first.person.model_copy(update={"phone": "3312345678"})}
    )
    database = await registry_schema(infrastructure.database_url)
    parsed = ParsedIdentities(identity_from_text)
    caps = key_caps(identity_of(first.person), 100)
    try:
        await apply_in_batches(database, [first], 1)
        before = await only_candidate(database, caps, parsed)
        assert (await only_candidate(database, caps, parsed)).identity == before.identity
        assert (parsed.misses, parsed.hits) == (1, 1)

        await apply_in_batches(database, [resent], 1)
        after_resend = await only_candidate(database, caps, parsed)
        assert after_resend.identity == identity_of(resent.person) != before.identity

        # Any other writer of the row too,
        # even one that rewrites it with the very same identity it had before.
        renamed = after_resend.identity._replace(given_in_use="xochitl")
        await database.pool.execute(
            "UPDATE match_records SET identity = $1", identity_to_json(renamed)
        )
        assert (await only_candidate(database, caps, parsed)).identity == renamed
        await database.pool.execute(
            "UPDATE match_records SET identity = $1", identity_to_json(after_resend.identity)
        )
        assert (await only_candidate(database, caps, parsed)).identity == after_resend.identity
        assert parsed.misses == 4
    finally:
        await database.close()
