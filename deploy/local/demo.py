"""A small demo data set, published the way agencies, tablets and channels would.

Event ids are derived from names, so publishing it again after a restart is
absorbed by the services' inboxes instead of doubling the data."""

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from shared.topics import AGENCY_ENROLMENTS, DAILY_REPORTS, ENROLMENTS, GRIEVANCE_INTAKE

from .agency_client import agency_envelope, publish_envelopes
from .kafka_security import KafkaPrincipals

PEOPLE = [
    (
        "dif-jalisco",
        "DIF-000101",
        "food_basket",
        "María Guadalupe",
        "Hernández",
        "Cruz",
        "1984-03-07",
        "HECG840307MJCRRD02",
    ),
    (
        "sedis-jalisco",
        "SED-2291",
        "food_voucher",
        "Ma. Guadalupe",
        "Hernández",
        "de la Cruz",
        "1984-03-07",
        None,
    ),
    (
        "ijm-jalisco",
        "IJM-0007",
        "violence_support",
        "Josefina",
        "Ramírez",
        "Núñez",
        "1979-11-23",
        None,
    ),
    ("dif-jalisco", "DIF-000102", "food_basket", "Ana Laura", "Peña", "Gómez", "1991-06-14", None),
]
COMMITTEE = [
    {"full_name": "Lucía Ramos Ortega", "role": "president"},
    {"full_name": "Irma Soto Vela", "role": "treasurer"},
    {"full_name": "Pedro Gil Mora", "role": "secretary"},
]
KITCHENS: list[dict[str, Any]] = [
    {
        "kitchen_id": "CDMX-IZT-0042",
        "name": "Comedor Las Flores",
        "alcaldia": "Iztapalapa",
        "colonia": "Santa Cruz Meyehualco",
        "marginalisation": "very_high",
        "daily_capacity": 250,
        "opening_date": "2025-03-03",
        "committee": COMMITTEE,
    },
    {
        "kitchen_id": "CDMX-GAM-0007",
        "name": "Comedor San Felipe",
        "alcaldia": "Gustavo A. Madero",
        "colonia": "San Felipe de Jesús",
        "marginalisation": "high",
        "daily_capacity": 180,
        "opening_date": "2025-06-02",
        "committee": COMMITTEE,
    },
]


def _event_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"demo/{name}")


def enrolments() -> list[dict[str, Any]]:
    out = []
    for agency, record_id, benefit, given, paternal, maternal, birth, curp in PEOPLE:
        out.append(
            agency_envelope(
                event_type="beneficiaries.enrolment_submitted",
                producer=f"agency.{agency}",
                key=f"{agency}:{record_id}",
                event_id=_event_id(f"enrolment/{agency}/{record_id}"),
                payload={
                    "agency": agency,
                    "agency_record_id": record_id,
                    "programme": "Seguridad alimentaria",
                    "benefit_type": benefit,
                    "started_on": "2026-01-15",
                    "person": {
                        "given_names": given,
                        "paternal_surname": paternal,
                        "maternal_surname": maternal,
                        "sex": "M",
                        "birth_date": birth,
                        "national_id": curp,
                        "national_id_type": "CURP" if curp else None,
                        "state": "Jalisco",
                        "municipality": "Guadalajara",
                        "consent_to_share": True,
                    },
                },
            )
        )
    return out


def recent_weekdays(today: date, count: int) -> list[date]:
    days: list[date] = []
    day = today - timedelta(days=1)
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def daily_reports(today: date) -> list[dict[str, Any]]:
    out = []
    for kitchen in KITCHENS:
        for n, day in enumerate(recent_weekdays(today, 5)):
            dine_in, take_away = 120 + 7 * n, 40 + 3 * n
            out.append(
                agency_envelope(
                    event_type="kitchens.daily_report_submitted",
                    producer="tablet-gateway",
                    key=kitchen["kitchen_id"],
                    event_id=_event_id(f"report/{kitchen['kitchen_id']}/{day}"),
                    payload={
                        "kitchen_id": kitchen["kitchen_id"],
                        "report_date": day.isoformat(),
                        "rations_dine_in": dine_in,
                        "rations_take_away": take_away,
                        "fees_collected_centavos": (dine_in + take_away) * 1000,
                    },
                )
            )
    return out


def purchases_and_surveys(today: date) -> list[dict[str, Any]]:
    day = recent_weekdays(today, 1)[0].isoformat()
    return [
        envelope
        for kitchen in KITCHENS
        for envelope in (_purchase(kitchen["kitchen_id"], day), _survey(kitchen["kitchen_id"], day))
    ]


def _purchase(kitchen_id: str, day: str) -> dict[str, Any]:
    return agency_envelope(
        event_type="kitchens.purchase_submitted",
        producer="tablet-gateway",
        key=kitchen_id,
        event_id=_event_id(f"purchase/{kitchen_id}/{day}"),
        payload={
            "kitchen_id": kitchen_id,
            "purchased_on": day,
            "supplier": "Abarrotes Doña Mary",
            "category": "non_perishable",
            "amount_centavos": 185_050,
            "receipt_reference": f"AB-{day}",
        },
    )


def _survey(kitchen_id: str, day: str) -> dict[str, Any]:
    return agency_envelope(
        event_type="kitchens.survey_submitted",
        producer="tablet-gateway",
        key=kitchen_id,
        event_id=_event_id(f"survey/{kitchen_id}/{day}"),
        payload={
            "kitchen_id": kitchen_id,
            "surveyed_on": day,
            "comment": "Muy buena sazón.",
            "scores": {
                "service_quality": 5,
                "treatment": 5,
                "hygiene_and_upkeep": 4,
                "food_quality": 5,
                "use_of_subsidy": 4,
                "attention_to_requests": 4,
            },
        },
    )


# channel, channel reference, kind, category, subject, description
GRIEVANCES = [
    (
        "web",
        "WEB-0001",
        "complaint",
        "food_quality",
        {"kind": "kitchen", "ref": "CDMX-IZT-0042"},
        "La comida llegó fría tres días seguidos.",
    ),
    (
        "kitchen_tablet",
        "TAB-0042-0001",
        "proposal",
        "service_quality",
        {"kind": "kitchen", "ref": "CDMX-IZT-0042"},
        "Abrir a las 12:30 para las madres que salen del trabajo.",
    ),
    (
        "agency_system",
        "SEDIS-Q-88",
        "request",
        "access_to_information",
        {"kind": "programme", "ref": "sedis-jalisco"},
        "Solicito el padrón de beneficiarias por municipio (sin datos personales).",
    ),
]


def grievances() -> list[dict[str, Any]]:
    return [
        agency_envelope(
            event_type="grievances.grievance_submitted",
            producer=f"channel.{channel}",
            key=f"{channel}:{ref}",
            event_id=_event_id(f"grievance/{channel}/{ref}"),
            payload={
                "channel": channel,
                "channel_reference": ref,
                "kind": kind,
                "category": category,
                "subject": subject,
                "description": text,
                "anonymous": True,
            },
        )
        for channel, ref, kind, category, subject, text in GRIEVANCES
    ]


def register_kitchens(kitchens_url: str, headers: Callable[[], dict[str, str]]) -> None:
    """`headers` makes each call's: an acting assertion is good for one call."""
    for kitchen in KITCHENS:
        request = urllib.request.Request(
            f"{kitchens_url}/kitchens",
            data=json.dumps(kitchen).encode(),
            headers={"content-type": "application/json", **headers()},
        )
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except urllib.error.HTTPError as exc:
            if exc.code != 409:  # already registered by an earlier run
                raise


async def publish_demo(
    kafka: KafkaPrincipals,
    kitchens_url: str,
    kitchens_headers: Callable[[], dict[str, str]],
    today: date,
) -> dict[str, int]:
    """Each record goes out as the one who would send it: an enrolment as its
    agency on its own topic, tablet reports and grievances as the tablet gateway."""
    register_kitchens(kitchens_url, kitchens_headers)
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for envelope in enrolments():
        by_agency.setdefault(envelope["payload"]["agency"], []).append(envelope)
    for agency, envelopes in by_agency.items():
        await publish_envelopes(
            kafka.agency(agency),
            AGENCY_ENROLMENTS.for_agency(agency),
            envelopes,
            idempotence=kafka.idempotence,
        )
    tablet = daily_reports(today) + purchases_and_surveys(today)
    gateway, idempotence = kafka.gateway(), kafka.idempotence
    await publish_envelopes(gateway, DAILY_REPORTS.name, tablet, idempotence=idempotence)
    await publish_envelopes(gateway, GRIEVANCE_INTAKE.name, grievances(), idempotence=idempotence)
    return {
        ENROLMENTS.name: sum(len(e) for e in by_agency.values()),
        DAILY_REPORTS.name: len(tablet),
        GRIEVANCE_INTAKE.name: len(grievances()),
    }
