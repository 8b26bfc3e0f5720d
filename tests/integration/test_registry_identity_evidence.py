"""Issue 26's decisions across batches, against real PostgreSQL: a person held
for review stays one (until a caseworker decides) for the batches after, a
split heals by a proposed merge, and the name counts grow with the batches
that write them."""

from dataclasses import replace
from datetime import date
from uuid import UUID

from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.domain.resolution import HELD_PERSON, SPLIT
from services.beneficiaries.service_layer.enrolments import EnrolmentIntake
from services.beneficiaries.service_layer.merges import Decision
from services.beneficiaries.service_layer.reviews import decide_review
from shared.contracts.beneficiaries import EnrolmentSubmittedV1, PersonDetails
from shared.db import Database
from tests.integration.test_registry_batches import apply_in_batches, registry_schema

PHONE = "3312345678"


def enrolment(record_id: str, **person: object) -> EnrolmentSubmittedV1:
    details = {
        "given_names": "Rosa Elena",
        "paternal_surname": "Tzintzun",
        "maternal_surname": "Huerta",
        "sex": "M",
        "birth_date": date(1979, 5, 14),
        "state": "Michoacán",
        "municipality": "Zamora",
        "phone": PHONE,
        "consent_to_share": True,
        **person,
    }
    return EnrolmentSubmittedV1(
        agency="dif",
        agency_record_id=record_id,
        programme="despensas",
        benefit_type="food",
        started_on=date(2026, 1, 5),
        person=PersonDetails(**details),
    )


async def decision_of(database: Database, record_id: str) -> tuple[str, str, UUID]:
    row = await database.pool.fetchrow(
        "SELECT d.outcome, d.reason, e.person_id FROM match_decisions d "
        "JOIN enrolments e USING (enrolment_id) WHERE e.agency_record_id = $1",
        record_id,
    )
    return row["outcome"], row["reason"], row["person_id"]


async def test_a_record_matching_a_person_held_in_an_earlier_batch_is_reviewed_beside_her(
    infrastructure,
):
    database = await registry_schema(infrastructure.database_url)
    intake = EnrolmentIntake(load_model())
    try:
        await apply_in_batches(database, [enrolment("sister")], 1, intake)
        # A twin: held for review against her sister, a provisional person of her own.
        await apply_in_batches(database, [enrolment("twin", given_names="Rosa Isela")], 1, intake)
        outcome, _, held = await decision_of(database, "twin")
        assert outcome == "pending_review"
        await apply_in_batches(
            database, [enrolment("twin-again", given_names="Rosa Isela")], 1, intake
        )
        outcome, reason, person = await decision_of(database, "twin-again")
        assert (outcome, reason) == ("pending_review", HELD_PERSON) and person != held
        task = await database.pool.fetchrow(
            "SELECT review_task_id FROM review_tasks t JOIN enrolments e USING (enrolment_id) "
            "WHERE e.agency_record_id = 'twin'"
        )
        async with database.pool.acquire() as conn, conn.transaction():
            await decide_review(
                conn,
                task["review_task_id"],
                "different_people",
                Decision("caseworker:ana", "twins: two birth certificates"),
            )
        # Decided: a person like any other, linked to at once.
        await apply_in_batches(
            database, [enrolment("twin-third", given_names="Rosa Isela")], 1, intake
        )
        outcome, _, person = await decision_of(database, "twin-third")
        assert outcome == "linked" and person == held
    finally:
        await database.close()


async def test_a_record_linking_to_two_persons_proposes_their_merge(infrastructure):
    database = await registry_schema(infrastructure.database_url)
    model = load_model()
    # A stricter model of old links nothing: the same woman, enrolled twice, is two persons.
    strict = EnrolmentIntake(replace(model, upper_threshold=500.0, lower_threshold=400.0))
    try:
        await apply_in_batches(database, [enrolment("first"), enrolment("second")], 2, strict)
        persons = {(await decision_of(database, r))[2] for r in ("first", "second")}
        assert len(persons) == 2
        await apply_in_batches(database, [enrolment("third")], 1, EnrolmentIntake(model))
        outcome, reason, linked = await decision_of(database, "third")
        assert (outcome, reason) == ("linked", SPLIT) and linked in persons
        task = await database.pool.fetchrow(
            "SELECT t.review_task_id, t.person_id, t.candidates FROM review_tasks t "
            "JOIN enrolments e USING (enrolment_id) WHERE e.agency_record_id = 'third'"
        )
        [other] = persons - {linked}
        assert task["person_id"] == linked
        assert [UUID(c["person_id"]) for c in task["candidates"]] == [other]
        async with database.pool.acquire() as conn, conn.transaction():
            survivor = await decide_review(
                conn,
                task["review_task_id"],
                "same_person",
                Decision("caseworker:ana", "one woman"),
                same_as=other,
            )
        people = await database.pool.fetchval("SELECT count(DISTINCT person_id) FROM enrolments")
        assert survivor == other and people == 1
        labels = await database.pool.fetch("SELECT same FROM review_labels")
        assert [r["same"] for r in labels] == [True]
    finally:
        await database.close()


async def test_each_batch_adds_its_new_records_names_to_the_counts(infrastructure):
    database = await registry_schema(infrastructure.database_url)
    intake = EnrolmentIntake(load_model())
    try:
        await apply_in_batches(
            database,
            [enrolment("a"), enrolment("b", given_names="Eréndira"), enrolment("c")],
            2,
            intake,
        )
        # Sent again: the record is updated, its names not counted twice.
        await apply_in_batches(database, [enrolment("a")], 1, intake)
        counts = {
            (r["kind"], r["name"]): r["records"]
            for r in await database.pool.fetch("SELECT kind, name, records FROM name_counts")
        }
        assert counts[("given", "")] == 3
        assert counts[("given", "ROSA ELENA")] == 2 and counts[("given", "ERENDIRA")] == 1
        assert counts[("surname", "TZINTZUN")] == 3 and counts[("surname", "")] == 6
        assert counts[("full", "ROSA ELENA|TZINTZUN|HUERTA")] == 2
    finally:
        await database.close()
