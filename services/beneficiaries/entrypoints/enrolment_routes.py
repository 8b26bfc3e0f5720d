"""HTTP for the console's enrolments (agency systems use Kafka) and the
decisions taken about an agency record."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from shared.contracts.beneficiaries import EnrolmentRegisteredV2, EnrolmentSubmittedV1
from shared.envelope import new_envelope
from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from

from ..domain.visibility import may_write_record
from ..service_layer import record_access
from ..service_layer.enrolments import default_intake
from ..service_layer.publishing import SERVICE
from .acting import acting, not_found, refused_read

enrolments = APIRouter(prefix="/enrolments", tags=["enrolments"])


@enrolments.post("", status_code=201)
async def enrol(enrolment: EnrolmentSubmittedV1, request: Request) -> EnrolmentRegisteredV2:
    """The console's enrolment: the same rules and resolution as the Kafka intake.
    A caseworker sends only her agency's records (a resend updates, ends or
    re-consents one)."""
    agency = acting(request).agency
    if not may_write_record(agency, enrolment.agency):
        raise refusal(
            403,
            "agency",
            f"is another agency's record: you act for {agency} and send only its own",
            code="another_agencys_record",
        )
    intake = default_intake()
    cause = new_envelope(
        event_type=enrolment.event_type,
        version=enrolment.event_version,
        producer=f"{SERVICE}.http",
        key=enrolment.partition_key(),
        payload=enrolment.model_dump(mode="json"),
    )
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            return await intake.register(conn, enrolment, cause)
        except Rejected as exc:
            raise refused(exc, 422) from None


@enrolments.get("/{enrolment_id}/decisions")
async def enrolment_decisions(enrolment_id: UUID, request: Request) -> list[dict[str, Any]]:
    """Every decision taken about one agency record, oldest first, with its
    explanation (a read of the person's record)."""
    async with database_from(request).pool.acquire() as conn:
        try:
            found = await record_access.record_decisions(conn, acting(request), enrolment_id)
        except record_access.NotVisible:
            raise not_found("enrolment_id", enrolment_id) from None
        except Rejected as exc:
            raise refused_read(exc) from None
    if not found:
        raise not_found("enrolment_id", enrolment_id)
    return found
