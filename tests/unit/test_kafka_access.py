"""The Kafka credentials a process starts with, and the ACL table (deploy/kafka_acls.py)."""

import pytest

from deploy.kafka_acls import PREFIXED, READ, TOPIC, WRITE, Grant, grants
from shared.settings import KafkaSettings
from shared.topics import ALL_TOPICS, DAILY_REPORTS, ENROLMENTS, REGISTRY_DECISIONS

PRINCIPALS = [
    "service.beneficiaries",
    "service.kitchens",
    "service.grievances",
    "agency.dif-jalisco",
    "tablet-gateway.jalisco",
    "ops",
]


def test_a_service_without_kafka_credentials_refuses_to_start():
    with pytest.raises(ValueError, match="kafka_sasl_username and kafka_sasl_password"):
        KafkaSettings(kafka_security_protocol="SASL_SSL").kafka_access()


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("kafka_security_protocol", "SASL_PLAINTEXT", "kafka_security_protocol"),
        ("kafka_sasl_mechanism", "PLAIN", "kafka_sasl_mechanism"),
    ],
)
def test_a_weaker_kafka_setting_is_refused_by_name(setting, value, named):
    settings = KafkaSettings(kafka_sasl_username="service.kitchens", kafka_sasl_password="x" * 32)
    with pytest.raises(ValueError, match=named):
        settings.model_copy(update={setting: value}).kafka_access()


def test_the_password_never_shows_in_a_repr():
    access = KafkaSettings(
        kafka_sasl_username="service.kitchens", kafka_sasl_password="s3cret-" * 5
    ).kafka_access()
    assert "s3cret" not in repr(access)
    assert access.client_options()["sasl_mechanism"] == "SCRAM-SHA-512"


def _writers(topic: str) -> set[str]:
    return {p for p in PRINCIPALS if Grant(TOPIC, topic, "LITERAL", WRITE) in grants(p)}


def test_only_the_registry_writes_registry_decisions():
    assert _writers(REGISTRY_DECISIONS.name) == {"service.beneficiaries"}


def test_kitchen_reports_are_written_by_the_gateway_and_replayed_by_ops_only():
    assert _writers(DAILY_REPORTS.name) == {"tablet-gateway.jalisco", "ops"}


def test_every_topic_has_exactly_its_owner_as_writer_among_services():
    for topic in ALL_TOPICS:
        services = {p for p in _writers(topic.name) if p.startswith("service.")}
        assert services <= {f"service.{topic.owner}"}, topic.name


def test_an_outside_system_is_granted_its_own_topics_by_exact_name():
    # A prefix `beneficiaries.enrolments.dif` would cover `...dif-jalisco` too.
    for principal in ("agency.dif-jalisco", "tablet-gateway.jalisco"):
        topic_grants = [g for g in grants(principal) if g.resource == TOPIC]
        assert all(g.pattern == "LITERAL" for g in topic_grants), principal


def test_an_agency_writes_only_its_own_enrolments_and_reads_only_its_own_decisions():
    found = grants("agency.dif-jalisco")
    assert Grant(TOPIC, "beneficiaries.enrolments.dif-jalisco", "LITERAL", WRITE) in found
    assert Grant(TOPIC, "beneficiaries.decisions.dif-jalisco", "LITERAL", READ) in found
    assert not [g for g in found if "sedis" in g.name]
    assert not [g for g in found if g.name == REGISTRY_DECISIONS.name]
    assert not [g for g in found if g.name == ENROLMENTS.name]


def test_only_the_registry_writes_an_agencys_decisions():
    family = Grant(TOPIC, "beneficiaries.decisions.", PREFIXED, WRITE)
    assert {p for p in PRINCIPALS if family in grants(p)} == {"service.beneficiaries"}


def test_an_unknown_principal_is_allowed_nothing():
    assert grants("attacker-laptop") == []
    assert grants("service.attacker-laptop") == []


def test_an_agency_does_not_read_enrolments():
    found = grants("agency.dif-jalisco")
    assert not [g for g in found if g.name.startswith(ENROLMENTS.name) and g.operation == READ]
