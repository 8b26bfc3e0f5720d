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


def test_no_one_reads_by_prefix_but_consumer_groups():
    for principal in PRINCIPALS:
        for grant in grants(principal):
            assert grant.pattern != PREFIXED or grant.resource == "GROUP", (principal, grant)


def test_an_unknown_principal_is_allowed_nothing():
    assert grants("attacker-laptop") == []
    assert grants("service.attacker-laptop") == []


def test_an_agency_does_not_read_enrolments():
    assert Grant(TOPIC, ENROLMENTS.name, "LITERAL", READ) not in grants("agency.dif-jalisco")
