"""Re-seal every stored reporter identity under a new key.

    python -m services.grievances.rotate_reporter_key --print-new-key
    REPORTER_IDENTITY_KEY=<current> NEW_REPORTER_IDENTITY_KEY=<new> \\
        python -m services.grievances.rotate_reporter_key

Both keys come from the environment, never the command line (which other users of the
machine can read). All boxes are re-sealed in one transaction, fingerprints with
them; then restart the service with the new key and run the command once more: it
re-seals what the service sealed under the old key in between, and skips the rest."""

import argparse
import asyncio
import os
import sys

from pydantic import Field, SecretStr

from shared.db import connect
from shared.settings import GrievancesSettings

from .domain.sealed_identities import KeyMismatch, Opener, new_private_key
from .service_layer.identity_sealing import rotate_key
from .service_layer.publishing import SERVICE


class RotationSettings(GrievancesSettings):
    new_reporter_identity_key: SecretStr = Field(
        description="The key to re-seal under, in the form of REPORTER_IDENTITY_KEY."
    )


async def rotate(settings: RotationSettings) -> str:
    current = Opener.from_setting(settings.reporter_identity_key.get_secret_value())
    new = Opener.from_setting(settings.new_reporter_identity_key.get_secret_value())
    conn = await connect(settings.database_url, SERVICE)
    try:
        done = await rotate_key(conn, current, new)
    finally:
        await conn.close()
    return (
        f"{done.resealed} reporter identities re-sealed under the new key "
        f"({done.already_under_new_key} already were). Restart the grievances service with "
        "REPORTER_IDENTITY_KEY set to the new key, then run this once more."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--print-new-key", action="store_true", help="print a fresh key and exit (nothing else)"
    )
    if parser.parse_args().print_new_key:
        print(new_private_key())
        return
    if not os.environ.get("NEW_REPORTER_IDENTITY_KEY"):
        sys.exit("NEW_REPORTER_IDENTITY_KEY is not set: the key to re-seal under (--print-new-key)")
    try:
        print(asyncio.run(rotate(RotationSettings())))
    except KeyMismatch as exc:
        sys.exit(f"nothing changed: {exc}")


if __name__ == "__main__":
    main()
