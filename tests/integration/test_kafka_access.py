"""Kafka is authenticated and authorised: attacks by clients that should not get
in, and by principals reaching past their ACLs (deploy/kafka_acls.py), against
the session's broker. Each was possible when the broker let everyone in."""

import asyncio
import json
from dataclasses import replace

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaError,
    TopicAuthorizationFailedError,
)

from deploy.local.agency_client import agency_envelope
from shared.kafka_access import PLAINTEXT, SSL, KafkaAccess
from shared.topics import (
    DAILY_REPORTS,
    ENROLMENTS,
    GRIEVANCE_EVENTS,
    KITCHEN_EVENTS,
    REGISTRY_DECISIONS,
)
from tests.kafka_helpers import CONNECT_TIMEOUT_MS, refused_to_read, send_as


@pytest.fixture
def kafka(infrastructure):
    if not infrastructure.kafka.authenticated:
        pytest.skip(f"{infrastructure.kafka_description}: this broker has no authentication")
    return infrastructure.kafka


async def test_a_client_without_credentials_is_refused(kafka):
    plaintext = KafkaAccess(kafka.bootstrap_servers, PLAINTEXT)
    with pytest.raises(KafkaError):
        await asyncio.wait_for(send_as(plaintext, ENROLMENTS.name), 30)
    # TLS with the right CA, but no SASL sign-in.
    tls_only = KafkaAccess(kafka.bootstrap_servers, SSL, ca_file=kafka.ca_file)
    with pytest.raises(KafkaError):
        await asyncio.wait_for(send_as(tls_only, ENROLMENTS.name), 30)


async def test_a_wrong_password_is_refused(kafka):
    guessed = replace(kafka.agency("sedis-jalisco"), password="sedis-jalisco-2026")
    with pytest.raises(KafkaError):
        await asyncio.wait_for(send_as(guessed, ENROLMENTS.name), 30)
    # Another principal's password does not open this one.
    borrowed = replace(kafka.agency("sedis-jalisco"), password=kafka.agency("dif-jalisco").password)
    with pytest.raises(KafkaError):
        await asyncio.wait_for(send_as(borrowed, ENROLMENTS.name), 30)


async def test_an_agency_cannot_forge_registry_decisions(kafka):
    forged = agency_envelope(
        event_type="beneficiaries.enrolment_rejected",
        producer="beneficiaries",
        key="dif-jalisco:DIF-1",
        payload={"agency": "dif-jalisco", "agency_record_id": "DIF-1"},
    )
    with pytest.raises(TopicAuthorizationFailedError):
        await send_as(
            kafka.agency("sedis-jalisco"), REGISTRY_DECISIONS.name, json.dumps(forged).encode()
        )


async def test_only_the_registry_writes_registry_events(kafka):
    others = [
        kafka.agency("dif-jalisco"),
        kafka.gateway(),
        kafka.service("kitchens"),
        kafka.service("grievances"),
    ]
    for access in others:
        with pytest.raises(TopicAuthorizationFailedError):
            await send_as(access, REGISTRY_DECISIONS.name)
    await send_as(kafka.service("beneficiaries"), REGISTRY_DECISIONS.name)


async def test_only_the_tablet_gateway_writes_kitchen_reports(kafka):
    # A report from anyone else would count toward a kitchen's subsidy.
    others = [kafka.agency("sedis-jalisco"), kafka.service("beneficiaries")]
    for access in others:
        with pytest.raises(TopicAuthorizationFailedError):
            await send_as(access, DAILY_REPORTS.name)
    await send_as(kafka.gateway(), DAILY_REPORTS.name)


async def test_an_agency_cannot_read_what_agencies_enrol(kafka):
    # Every agency's enrolments (names, CURPs, phones) are for the registry alone.
    assert await refused_to_read(kafka, kafka.agency("sedis-jalisco"), ENROLMENTS.name)


async def test_a_principal_reads_only_what_it_is_given(kafka):
    assert await refused_to_read(kafka, kafka.gateway(), REGISTRY_DECISIONS.name)
    assert await refused_to_read(kafka, kafka.service("beneficiaries"), GRIEVANCE_EVENTS.name)
    # The kitchens read the grievances' events since a flag closes with its case.
    assert not await refused_to_read(kafka, kafka.service("kitchens"), GRIEVANCE_EVENTS.name)
    assert await refused_to_read(kafka, kafka.agency("dif-jalisco"), KITCHEN_EVENTS.name)
    assert not await refused_to_read(kafka, kafka.gateway(), KITCHEN_EVENTS.name)


async def test_a_service_cannot_use_another_services_consumer_group(kafka):
    # Joining it would take the registry's share of the kitchens' events away from it.
    consumer = AIOKafkaConsumer(
        KITCHEN_EVENTS.name,
        **kafka.service("grievances").client_options(),
        group_id=f"beneficiaries.{KITCHEN_EVENTS.name}",
        request_timeout_ms=CONNECT_TIMEOUT_MS,
    )
    try:
        with pytest.raises(GroupAuthorizationFailedError):
            await consumer.start()
            await consumer.getmany(timeout_ms=5_000)
    finally:
        await consumer.stop()


def test_every_principal_has_a_password_of_its_own(kafka):
    assert len(set(kafka.credentials.values())) == len(kafka.credentials)
    assert all(len(password) >= 32 for password in kafka.credentials.values())
