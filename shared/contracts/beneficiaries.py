"""Events of the unified beneficiary registry."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from .base import EventContract

Sex = Literal["H", "M", "X"]


class PersonDetails(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    given_names: str = Field(min_length=1, max_length=120, description="Given names as the agency holds them.", examples=["Ma. Guadalupe"])
    paternal_surname: str | None = Field(default=None, max_length=120, examples=["Hernández"])
    maternal_surname: str | None = Field(default=None, max_length=120, examples=["de la Cruz"])
    sex: Sex = Field(description="H (hombre), M (mujer) or X (no binario), as on the CURP.")
    birth_date: date = Field(examples=["1984-03-07"])
    national_id: str | None = Field(default=None, max_length=40, description="National id, e.g. a CURP.", examples=["HECG840307MJCRRD09"])
    national_id_type: Literal["CURP", "OTHER"] | None = Field(default=None, description="Kind of national id given.")
    state: str | None = Field(default=None, max_length=60, description="State (entidad federativa).", examples=["Jalisco"])
    municipality: str | None = Field(default=None, max_length=120, examples=["Zapopan"])
    locality: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=30, examples=["33 1234 5678"])
    consent_to_share: bool = Field(description="The person consented to share this record across agencies.")


class EnrolmentSubmittedV1(EventContract):
    """An agency enrols a person in one of its programmes (or updates that enrolment)."""

    event_type = "beneficiaries.enrolment_submitted"
    event_version = 1

    agency: str = Field(min_length=1, max_length=60, description="Agency code.", examples=["dif-jalisco"])
    agency_record_id: str = Field(min_length=1, max_length=100, description="The agency's own id for this record; resending it updates the record.")
    programme: str = Field(min_length=1, max_length=120, examples=["Mujeres con seguridad alimentaria"])
    benefit_type: str = Field(min_length=1, max_length=60, description="Kind of support, used for overlap rules.", examples=["food_basket"])
    started_on: date
    ended_on: date | None = None
    person: PersonDetails

    def partition_key(self) -> str:
        return f"{self.agency}:{self.agency_record_id}"


class EnrolmentRegisteredV1(EventContract):
    """The registry's reply to an enrolment: which person it belongs to and why."""

    event_type = "beneficiaries.enrolment_registered"
    event_version = 1

    person_id: UUID = Field(description="Registry id of the person.")
    enrolment_id: UUID
    agency: str
    agency_record_id: str
    decision: Literal["new_person", "record_updated"] = Field(
        description="new_person: the registry created a person for this record; "
        "record_updated: the agency resent a record it already had, now updated."
    )

    def partition_key(self) -> str:
        return str(self.person_id)
