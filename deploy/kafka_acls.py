"""Who may do what on Kafka: one principal per service, per agency, per tablet
gateway, and the ops principal the console uses. Nothing is allowed that is
not granted here (the broker's StandardAuthorizer denies whatever has no ACL).

- A service reads the topics it subscribes to, in consumer groups named
  `<service>.<topic>`, writes those topics' dead letters, and writes the topics
  it publishes. It is the only writer of what it publishes: only the registry
  writes registry events, only the kitchens service writes kitchen events.
- An agency writes its own enrolment topic (`beneficiaries.enrolments.<agency>`) and
  grievances, and reads its own decisions topic (`beneficiaries.decisions.<agency>`).
  Literal grants, not prefixed ones: a prefix `...enrolments.dif` would also cover
  `...enrolments.dif-jalisco`. The registry reads and writes the families by prefix.
- A tablet gateway writes kitchen reports (and grievances) and reads the
  kitchens' answers; nobody else writes kitchen reports.
- Ops reads every topic and every group's offsets, and writes the topics a
  service consumes: replaying a dead letter puts the record back where it came
  from (the console allows it to the ops role only and records who did it).

The operator (the broker certificate's principal, deploy/kafka_tls.py) is a
super user; it creates topics, credentials and these ACLs at set-up."""

from dataclasses import dataclass

from shared.topics import (
    AGENCY_DECISIONS,
    AGENCY_ENROLMENTS,
    DAILY_REPORTS,
    GRIEVANCE_INTAKE,
    KITCHEN_EVENTS,
    Topic,
)

SERVICE_PREFIX = "service."
AGENCY_PREFIX = "agency."
GATEWAY_PREFIX = "tablet-gateway."
OPS = "ops"

LITERAL = "LITERAL"
PREFIXED = "PREFIXED"
TOPIC = "TOPIC"
GROUP = "GROUP"
READ = "READ"
WRITE = "WRITE"
DESCRIBE = "DESCRIBE"
# Kafka's wildcard resource name: every topic, every group.
ANY = "*"


@dataclass(frozen=True, order=True)
class Grant:
    resource: str
    name: str
    pattern: str
    operation: str


def service_principal(service: str) -> str:
    return SERVICE_PREFIX + service


def agency_principal(agency: str) -> str:
    return AGENCY_PREFIX + agency


def gateway_principal(gateway: str) -> str:
    return GATEWAY_PREFIX + gateway


def grants(principal: str) -> list[Grant]:
    """Everything `principal` is allowed; a name of no known kind is allowed nothing."""
    if principal.startswith(SERVICE_PREFIX):
        return _service_grants(principal.removeprefix(SERVICE_PREFIX))
    if principal.startswith(AGENCY_PREFIX):
        agency = principal.removeprefix(AGENCY_PREFIX)
        return _client_grants(
            principal,
            writes=(AGENCY_ENROLMENTS.for_agency(agency), GRIEVANCE_INTAKE.name),
            reads=(AGENCY_DECISIONS.for_agency(agency),),
        )
    if principal.startswith(GATEWAY_PREFIX):
        return _client_grants(
            principal,
            writes=(DAILY_REPORTS.name, GRIEVANCE_INTAKE.name),
            reads=(KITCHEN_EVENTS.name,),
        )
    if principal == OPS:
        return _ops_grants()
    return []


def _service_grants(service: str) -> list[Grant]:
    from services import NAMES, definition

    if service not in NAMES:
        return []
    wiring = definition(service)
    found = [Grant(GROUP, f"{service}.", PREFIXED, READ)]
    for subscription in wiring.subscriptions:
        found.append(_topic(subscription.topic, READ))
        # A family's dead letters, `<name>.<agency>.dlq`, fall under its prefix.
        found.append(_topic(subscription.topic, WRITE, subscription.topic.dead_letter))
    found.extend(_topic(topic, WRITE) for topic in wiring.publishes)
    return sorted(set(found))


def _client_grants(
    principal: str, *, writes: tuple[str, ...], reads: tuple[str, ...]
) -> list[Grant]:
    """An outside system's: it may also keep consumer groups named after itself."""
    found = [Grant(GROUP, f"{principal}.", PREFIXED, READ)]
    found.extend(Grant(TOPIC, name, LITERAL, WRITE) for name in writes)
    found.extend(Grant(TOPIC, name, LITERAL, READ) for name in reads)
    return found


def _ops_grants() -> list[Grant]:
    from services import definitions

    consumed = {s.topic for d in definitions().values() for s in d.subscriptions}
    return [
        Grant(TOPIC, ANY, LITERAL, READ),
        Grant(GROUP, ANY, LITERAL, DESCRIBE),
        *sorted(_topic(topic, WRITE) for topic in consumed),
    ]


def _topic(topic: Topic, operation: str, name: str | None = None) -> Grant:
    """`name` (default the topic's) literally, or a family's topics by prefix."""
    if topic.per_agency:
        return Grant(TOPIC, topic.name + ".", PREFIXED, operation)
    return Grant(TOPIC, name or topic.name, LITERAL, operation)
