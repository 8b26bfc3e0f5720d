"""Kafka set-up, run as the operator (the broker's certificate over mutual TLS):
topics, one SCRAM credential per principal, and exactly the ACLs of
deploy/kafka_acls.py (grants no longer wanted are deleted, so a narrowed rule
takes effect on a broker that keeps its data).

`make run` and the tests call `set_up()` with credentials made per start
(`generate_credentials`). Compose runs `python -m deploy.kafka_setup` with the
passwords from its environment: KAFKA_CREDENTIALS, `principal:password,...`.

confluent-kafka's admin client is used because aiokafka's has neither ACLs
nor SCRAM credentials."""

import argparse
import asyncio
import os
import secrets
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)

from shared.kafka_access import SSL, KafkaAccess
from shared.topic_admin import ensure_topics
from shared.topics import AGENCY_ENROLMENTS

from .kafka_acls import (
    AGENCY_PREFIX,
    OPS,
    agency_principal,
    gateway_principal,
    grants,
    service_principal,
)

# Kafka's minimum; each client's sign-in costs the broker this many HMAC rounds.
_SCRAM_ITERATIONS = 4096
_TIMEOUT_S = 30.0


def generate_credentials(
    services: Iterable[str], agencies: Iterable[str], gateways: Iterable[str]
) -> dict[str, str]:
    """A fresh password for every principal: each service, agency, gateway, and ops."""
    principals = [
        *(service_principal(s) for s in services),
        *(agency_principal(a) for a in agencies),
        *(gateway_principal(g) for g in gateways),
        OPS,
    ]
    return {principal: secrets.token_urlsafe(32) for principal in principals}


def operator_access(bootstrap_servers: str, tls_dir: Path) -> KafkaAccess:
    return KafkaAccess(
        bootstrap_servers,
        SSL,
        ca_file=str(tls_dir / "ca.pem"),
        cert_file=str(tls_dir / "broker-cert.pem"),
        key_file=str(tls_dir / "broker-key.pem"),
    )


def set_up(
    operator: KafkaAccess, credentials: Mapping[str, str], replication_factor: int = 1
) -> None:
    """Topics (each partition on `replication_factor` brokers), credentials and ACLs.
    On a cluster both live in the quorum's metadata log: written once, every broker
    learns them."""
    agencies = [p.removeprefix(AGENCY_PREFIX) for p in credentials if p.startswith(AGENCY_PREFIX)]
    for agency in agencies:
        if AGENCY_ENROLMENTS.agency_of(AGENCY_ENROLMENTS.for_agency(agency)) != agency:
            raise ValueError(
                f"agency {agency!r}: a code is lower-case letters, digits and dashes "
                "(not `dlq`), so that its topics are told apart from dead letters"
            )
    asyncio.run(ensure_topics(operator, agencies, replication_factor))
    admin = admin_client(operator)
    _set_credentials(admin, credentials)
    _set_acls(admin, {_binding(p, g) for p in credentials for g in grants(p)})


def admin_client(operator: KafkaAccess) -> AdminClient:
    return AdminClient(
        {
            "bootstrap.servers": operator.bootstrap_servers,
            "security.protocol": "SSL",
            "ssl.ca.location": operator.ca_file,
            "ssl.certificate.location": operator.cert_file,
            "ssl.key.location": operator.key_file,
        }
    )


def scram_users(admin: AdminClient) -> set[str]:
    # Asked about no user in particular, the client answers with one future for all.
    every_user: Any = admin.describe_user_scram_credentials()
    return set(_result(every_user))


def credential(principal: str, password: str) -> UserScramCredentialUpsertion:
    info = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, _SCRAM_ITERATIONS)
    return UserScramCredentialUpsertion(principal, info, password.encode())


def _set_credentials(admin: AdminClient, credentials: Mapping[str, str]) -> None:
    existing = scram_users(admin)
    alterations = [
        *(credential(p, pw) for p, pw in credentials.items()),
        *(
            UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)
            for user in existing
            if user not in credentials
        ),
    ]
    wait_all(admin.alter_user_scram_credentials(alterations))


def _set_acls(admin: AdminClient, wanted: set[AclBinding]) -> None:
    # None matches any name, principal and host; the client's stubs type them as str.
    anything: Any = None
    everything = AclBindingFilter(
        ResourceType.ANY,
        anything,
        ResourcePatternType.ANY,
        anything,
        anything,
        AclOperation.ANY,
        AclPermissionType.ANY,
    )
    existing = set(_result(admin.describe_acls(everything)))
    if stale := existing - wanted:
        wait_all(admin.delete_acls([_exactly(binding) for binding in stale]))
    if missing := wanted - existing:
        wait_all(admin.create_acls(list(missing)))


def _binding(principal: str, grant) -> AclBinding:
    return AclBinding(
        ResourceType[grant.resource],
        grant.name,
        ResourcePatternType[grant.pattern],
        f"User:{principal}",
        "*",
        AclOperation[grant.operation],
        AclPermissionType.ALLOW,
    )


def _exactly(binding: AclBinding) -> AclBindingFilter:
    return AclBindingFilter(
        binding.restype,
        binding.name,
        binding.resource_pattern_type,
        binding.principal,
        binding.host,
        binding.operation,
        binding.permission_type,
    )


def _result(future: Future):
    return future.result(timeout=_TIMEOUT_S)


def wait_all(futures: Mapping[Any, Future]) -> None:
    for future in futures.values():
        future.result(timeout=_TIMEOUT_S)


def parse_credentials(text: str) -> dict[str, str]:
    """`principal:password,...`; a principal without a password is refused by name."""
    credentials = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        principal, _, password = item.partition(":")
        if len(password) < 16:
            raise SystemExit(
                f"KAFKA_CREDENTIALS: {principal!r} needs a password of 16 characters or more"
            )
        credentials[principal] = password
    return credentials


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Create topics, SCRAM credentials (KAFKA_CREDENTIALS) and ACLs."
    )
    parser.add_argument(
        "--bootstrap-servers",
        required=True,
        help="the brokers' operator listeners, comma-separated",
    )
    parser.add_argument("--tls-dir", type=Path, required=True)
    parser.add_argument(
        "--replication-factor",
        type=int,
        default=1,
        help="brokers holding each partition (3 on a three-broker cluster)",
    )
    args = parser.parse_args()
    credentials = parse_credentials(os.environ.get("KAFKA_CREDENTIALS", ""))
    set_up(
        operator_access(args.bootstrap_servers, args.tls_dir),
        credentials,
        args.replication_factor,
    )
    print(f"Kafka set up: {len(credentials)} principals, their ACLs and every topic")


if __name__ == "__main__":
    main()
