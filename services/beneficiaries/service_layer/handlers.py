"""Use cases of the registry: load, decide, store, record the outgoing event."""

from typing import Any
from uuid import uuid4

import asyncpg

from shared.contracts.beneficiaries import EnrolmentRegisteredV1, EnrolmentSubmittedV1
from shared.envelope import Envelope
from shared.outbox import add_to_outbox
from shared.topics import REGISTRY_DECISIONS

from ..adapters.registry_repository import RegistryRepository
from ..domain.enrolment import check_enrolment, decide_registration

SERVICE = "beneficiaries"


async def register_enrolment(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    enrolment: EnrolmentSubmittedV1 = envelope.payload
    check_enrolment(enrolment)
    repository = RegistryRepository(conn)
    decision = decide_registration(await repository.lock_agency_record(enrolment.agency, enrolment.agency_record_id))
    if decision.known is None:
        person_id, enrolment_id = uuid4(), uuid4()
        await repository.add_person(person_id, enrolment)
        await repository.add_enrolment(enrolment_id, person_id, enrolment, envelope.event_id)
    else:
        person_id, enrolment_id = decision.known.person_id, decision.known.enrolment_id
        await repository.update_enrolment(enrolment_id, enrolment, envelope.event_id)
    await add_to_outbox(
        conn,
        topic=REGISTRY_DECISIONS.name,
        event=EnrolmentRegisteredV1(
            person_id=person_id,
            enrolment_id=enrolment_id,
            agency=enrolment.agency,
            agency_record_id=enrolment.agency_record_id,
            decision=decision.outcome,
        ),
        producer=SERVICE,
        cause=envelope,
    )
