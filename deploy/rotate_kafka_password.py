"""Gives one Kafka principal a new SCRAM password, run as the operator (the broker's
certificate over mutual TLS, as deploy/kafka_setup.py is):

    NEW_KAFKA_PASSWORD=$(openssl rand -hex 32) python -m deploy.rotate_kafka_password \\
        --bootstrap-servers HOST:PORT --tls-dir DIR --principal service.kitchens

Kafka keeps one password per principal and mechanism, and checks it only when a
client signs in: connections already open carry on, and a client that signs in
again with the old password is refused. So restart the principal's processes with
the new password right after (docs/operations.md, "Rotating secrets"). Only a
principal that already has a credential is rotated: a mistyped name must not
create a new one."""

import argparse
import os
from pathlib import Path

from shared.kafka_access import KafkaAccess

from .kafka_setup import admin_client, credential, operator_access, scram_users, wait_all

PASSWORD_VARIABLE = "NEW_KAFKA_PASSWORD"
MIN_LENGTH = 16  # as deploy/kafka_setup.py asks of KAFKA_CREDENTIALS


class RotationRefused(ValueError):
    pass


def rotate_password(operator: KafkaAccess, principal: str, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise RotationRefused(
            f"{PASSWORD_VARIABLE}: {MIN_LENGTH} characters or more (openssl rand -hex 32)"
        )
    admin = admin_client(operator)
    known = scram_users(admin)
    if principal not in known:
        raise RotationRefused(
            f"--principal: {principal!r} has no password on this broker; "
            f"it knows {', '.join(sorted(known)) or 'no one'}"
        )
    wait_all(admin.alter_user_scram_credentials([credential(principal, password)]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.rotate_kafka_password",
        description=f"Set one principal's SCRAM password to ${PASSWORD_VARIABLE}.",
    )
    parser.add_argument("--bootstrap-servers", required=True, help="the broker's operator listener")
    parser.add_argument("--tls-dir", type=Path, required=True, help="the operator's certificate")
    parser.add_argument("--principal", required=True, help="e.g. service.kitchens, agency.dif")
    args = parser.parse_args(argv)
    try:
        rotate_password(
            operator_access(args.bootstrap_servers, args.tls_dir),
            args.principal,
            os.environ.get(PASSWORD_VARIABLE, ""),
        )
    except RotationRefused as refused:
        raise SystemExit(str(refused)) from None
    print(f"{args.principal}: new password set; restart its processes with it now")


if __name__ == "__main__":
    main()
