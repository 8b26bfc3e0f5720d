"""Each service's walking skeleton, driven as a foreign system would drive it:
a plain Kafka producer in, a plain Kafka consumer reading the output topic."""

import hashlib
import json
import urllib.request
import uuid
from datetime import date, timedelta

from deploy.local.agency_client import agency_envelope, publish_envelopes
from shared.topics import (
    DAILY_REPORTS,
    ENROLMENTS,
    GRIEVANCE_EVENTS,
    GRIEVANCE_INTAKE,
    KITCHEN_EVENTS,
    REGISTRY_DECISIONS,
)
from tests.http_auth import acting_headers, headers_for
from tests.kafka_helpers import json_value, wait_for_records


def caused_by(event_id: str):
    return lambda record: (json_value(record) or {}).get("causation_id") == event_id


def http_json(url: str, body: dict | None = None, headers: dict[str, str] | None = None) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"content-type": "application/json", **(headers or headers_for(url))},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def committee_json(url: str, entry: dict) -> dict:
    """A kitchen's entry (a report, an amendment, a purchase, a survey) sent as the console
    sends it for a member of that kitchen's committee, the one role that sends them."""
    kitchen_id = entry["kitchen_id"]
    member = acting_headers(
        url, user=f"comite-{kitchen_id}", role="kitchen_committee", kitchen=kitchen_id
    )
    return http_json(url, entry, member)


_SYLLABLES = (
    "ma",
    "ri",
    "sol",
    "te",
    "lu",
    "ca",
    "ne",
    "vi",
    "go",
    "da",
    "ro",
    "mi",
    "sa",
    "len",
    "bel",
    "ta",
)


def distinct_person(record_id: str) -> dict:
    """A person no other test record resembles, so the registry creates her
    rather than linking her to another test's record."""
    digest = hashlib.blake2b(record_id.encode(), digest_size=8).digest()

    def name(offset: int) -> str:
        return "".join(_SYLLABLES[b % 16] for b in digest[offset : offset + 3]).capitalize()

    birth = date(1950, 1, 1) + timedelta(days=int.from_bytes(digest[6:8], "big") % 20_000)
    return {
        "given_names": f"Rosa {name(0)}",
        "paternal_surname": name(3),
        "maternal_surname": "Díaz",
        "birth_date": birth.isoformat(),
    }


def enrolment(record_id: str, **person) -> dict:
    return agency_envelope(
        event_type="beneficiaries.enrolment_submitted",
        producer="agency.test",
        key=f"dif-jalisco:{record_id}",
        payload={
            "agency": "dif-jalisco",
            "agency_record_id": record_id,
            "programme": "Seguridad alimentaria",
            "benefit_type": "food_basket",
            "started_on": "2026-02-01",
            "person": {
                **distinct_person(record_id),
                "sex": "M",
                "consent_to_share": True,
                **person,
            },
        },
    )


async def test_an_enrolment_registers_a_person(infrastructure, services):
    submitted = enrolment(f"E2E-{uuid.uuid4().hex[:8]}")
    await publish_envelopes(infrastructure.kafka.operator, ENROLMENTS.name, [submitted])

    [record] = await wait_for_records(
        infrastructure.kafka.operator, REGISTRY_DECISIONS.name, caused_by(submitted["event_id"])
    )
    reply = json_value(record)
    assert reply["type"] == "beneficiaries.enrolment_registered"
    assert reply["correlation_id"] == submitted["event_id"]
    assert reply["payload"]["decision"] == "new_person"
    assert record.key.decode() == reply["payload"]["person_id"]
    person = http_json(f"{services.url('beneficiaries')}/persons/{reply['payload']['person_id']}")
    assert person["given_names"] == submitted["payload"]["person"]["given_names"]
    assert [e["agency_record_id"] for e in person["enrolments"]] == [
        submitted["payload"]["agency_record_id"]
    ]


async def test_a_redelivered_enrolment_changes_nothing_and_a_resent_record_updates_it(
    infrastructure, services
):
    first = enrolment(f"E2E-{uuid.uuid4().hex[:8]}")
    resent = {
        **first,
        "event_id": str(uuid.uuid4()),
        "payload": {**first["payload"], "programme": "Capacitación"},
    }
    await publish_envelopes(infrastructure.kafka.operator, ENROLMENTS.name, [first, first, resent])

    [created] = await wait_for_records(
        infrastructure.kafka.operator, REGISTRY_DECISIONS.name, caused_by(first["event_id"])
    )
    [updated] = await wait_for_records(
        infrastructure.kafka.operator, REGISTRY_DECISIONS.name, caused_by(resent["event_id"])
    )
    assert json_value(updated)["payload"]["decision"] == "record_updated"
    assert (
        json_value(updated)["payload"]["person_id"] == json_value(created)["payload"]["person_id"]
    )
    person = http_json(
        f"{services.url('beneficiaries')}/persons/{json_value(created)['payload']['person_id']}"
    )
    assert [e["programme"] for e in person["enrolments"]] == ["Capacitación"]


def kitchen_registration(
    kitchen_id: str, name: str = "Comedor de prueba", opening_date: str = "2026-01-05"
) -> dict:
    """What programme staff send to register a kitchen with its committee of three."""
    return {
        "kitchen_id": kitchen_id,
        "name": name,
        "alcaldia": "Tlalpan",
        "colonia": "Centro",
        "daily_capacity": 200,
        "opening_date": opening_date,
        "committee": [
            {"full_name": "Lucía Ramos", "role": "president"},
            {"full_name": "Irma Soto", "role": "treasurer"},
            {"full_name": "Pedro Gil", "role": "member"},
        ],
    }


def registered_kitchen(services) -> str:
    kitchen_id = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    http_json(f"{services.url('kitchens')}/kitchens", kitchen_registration(kitchen_id))
    return kitchen_id


# A past Friday that is no holiday: a recent weekday could be one (16 Nov 2026 is),
# and would be refused.
OPERATING_DAY = date(2026, 11, 20)


def daily_report(
    kitchen_id: str, dine_in: int = 150, take_away: int = 30, day: date = OPERATING_DAY
) -> dict:
    return agency_envelope(
        event_type="kitchens.daily_report_submitted",
        producer="tablet-gateway",
        key=kitchen_id,
        payload={
            "kitchen_id": kitchen_id,
            "report_date": day.isoformat(),
            "rations_dine_in": dine_in,
            "rations_take_away": take_away,
            "fees_collected_centavos": (dine_in + take_away) * 1000,
        },
    )


async def test_a_daily_report_is_accepted(infrastructure, services):
    kitchen_id = registered_kitchen(services)
    report = daily_report(kitchen_id)
    day = report["payload"]["report_date"]
    await publish_envelopes(infrastructure.kafka.operator, DAILY_REPORTS.name, [report])

    [record] = await wait_for_records(
        infrastructure.kafka.operator, KITCHEN_EVENTS.name, caused_by(report["event_id"])
    )
    accepted = json_value(record)
    assert accepted["type"] == "kitchens.daily_report_accepted"
    assert accepted["payload"]["rations_total"] == 180
    assert record.key.decode() == kitchen_id
    kitchen = http_json(f"{services.url('kitchens')}/kitchens/{kitchen_id}")
    assert [r["report_date"] for r in kitchen["reports"]] == [day]


async def test_a_complaint_opens_a_case(infrastructure, services):
    reference = f"WEB-{uuid.uuid4().hex[:8]}"
    complaint = agency_envelope(
        event_type="grievances.grievance_submitted",
        producer="channel.web",
        key=f"web:{reference}",
        payload={
            "channel": "web",
            "channel_reference": reference,
            "kind": "complaint",
            "category": "hygiene",
            "subject": {"kind": "kitchen", "ref": "CDMX-IZT-0042"},
            "description": "Mesas sucias.",
            "anonymous": True,
        },
    )
    await publish_envelopes(infrastructure.kafka.operator, GRIEVANCE_INTAKE.name, [complaint])

    [record] = await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(complaint["event_id"])
    )
    received = json_value(record)
    assert received["type"] == "grievances.case_received"
    assert received["payload"]["case_number"].startswith("G-")
    url = f"{services.url('grievances')}/cases/{received['payload']['case_id']}"
    case = http_json(url, headers=acting_headers(url, user="officer", role="grievance_officer"))
    assert case["status"] == "received"
    assert [t["status"] for t in case["timeline"]] == ["received"]
