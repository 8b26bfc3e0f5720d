"""deploy/rotate_kafka_password.py against the session's broker: after a rotation the
old password no longer signs in and the new one does; a principal the broker does
not know is refused by name, not created. A throwaway principal is rotated, so the
session's services keep theirs."""

import asyncio
import re
import secrets
from dataclasses import replace
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError
from confluent_kafka.admin import ScramMechanism, UserScramCredentialDeletion

from deploy.kafka_setup import admin_client, credential, wait_all
from deploy.rotate_kafka_password import PASSWORD_VARIABLE, main
from shared.kafka_access import SASL_SSL, KafkaAccess

PRINCIPAL = "agency.rotation-drill"


@pytest.fixture
def kafka(infrastructure):
    if not infrastructure.kafka.authenticated:
        pytest.skip(f"{infrastructure.kafka_description}: this broker has no authentication")
    return infrastructure.kafka


async def _signs_in(access: KafkaAccess) -> bool:
    consumer = AIOKafkaConsumer(**access.client_options(), request_timeout_ms=10_000)
    try:
        await asyncio.wait_for(consumer.start(), 30)
        await consumer.topics()
        return True
    except (KafkaError, TimeoutError):
        return False
    finally:
        await consumer.stop()


def _rotate(kafka, principal: str, monkeypatch, password: str) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, password)
    main(
        [
            "--bootstrap-servers",
            kafka.operator.bootstrap_servers,
            "--tls-dir",
            str(Path(kafka.operator.ca_file).parent),
            "--principal",
            principal,
        ]
    )


async def test_a_rotated_password_replaces_the_old_one(kafka, monkeypatch):
    old = secrets.token_urlsafe(32)
    admin = admin_client(kafka.operator)
    wait_all(admin.alter_user_scram_credentials([credential(PRINCIPAL, old)]))
    try:
        access = KafkaAccess(kafka.bootstrap_servers, SASL_SSL, PRINCIPAL, old, kafka.ca_file)
        assert await _signs_in(access)

        new = secrets.token_urlsafe(32)
        await asyncio.to_thread(_rotate, kafka, PRINCIPAL, monkeypatch, new)

        assert not await _signs_in(access)
        assert await _signs_in(replace(access, password=new))
    finally:
        deletion = UserScramCredentialDeletion(PRINCIPAL, ScramMechanism.SCRAM_SHA_512)
        wait_all(admin.alter_user_scram_credentials([deletion]))


def test_an_unknown_principal_is_refused_not_created(kafka, monkeypatch):
    with pytest.raises(SystemExit, match=re.escape("'agency.nobody' has no password")):
        _rotate(kafka, "agency.nobody", monkeypatch, secrets.token_urlsafe(32))


def test_a_short_password_is_refused(kafka, monkeypatch):
    with pytest.raises(SystemExit, match=PASSWORD_VARIABLE):
        _rotate(kafka, PRINCIPAL, monkeypatch, "short")
