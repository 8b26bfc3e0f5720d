"""Generated contract documents that agencies build against, committed under docs/:

- docs/asyncapi/<service>.json: each service's AsyncAPI document (topics, keys, schemas);
- docs/contracts/<type>.v<version>.schema.json: the JSON Schema of every event version.

A published version's schema is frozen: changing it means adding a new version.
`--write` refuses to overwrite a frozen snapshot that differs."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .contracts.base import EventContract
from .settings import ServiceSettings
from .topics import AGENCY_TOPICS, ALL_TOPICS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def all_contracts() -> list[type[EventContract]]:
    return sorted(
        {c for topic in (*ALL_TOPICS, *AGENCY_TOPICS) for c in topic.contracts},
        key=lambda c: (c.event_type, c.event_version),
    )


def snapshot_path(contract: type[EventContract]) -> Path:
    return DOCS / "contracts" / f"{contract.event_type}.v{contract.event_version}.schema.json"


def contract_schema(contract: type[EventContract]) -> dict[str, Any]:
    return contract.model_json_schema(mode="validation")


def asyncapi_documents() -> dict[str, dict[str, Any]]:
    from services import definitions

    from .runtime import Service

    # No connection is made: the credentials only make the documents name the
    # security scheme every client of our brokers must use.
    settings = ServiceSettings(
        database_url="postgresql://unused/unused",
        kafka_bootstrap_servers="kafka:9092",
        kafka_sasl_username="<principal>",
        kafka_sasl_password="<password>",
    )
    return {
        name: Service(definition, settings).asyncapi().to_specification().to_jsonable()
        for name, definition in definitions().items()
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write() -> list[str]:
    problems = []
    for contract in all_contracts():
        path, text = snapshot_path(contract), render(contract_schema(contract))
        if path.exists() and path.read_text() != text:
            problems.append(
                f"{path.name}: schema of a published version changed; "
                f"add version {contract.event_version + 1} instead"
            )
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name, document in asyncapi_documents().items():
        path = DOCS / "asyncapi" / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(document))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="write the documents under docs/")
    args = parser.parse_args()
    if args.write:
        problems = write()
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1 if problems else 0)
    parser.print_help()


if __name__ == "__main__":
    main()
