"""The grievances service's reporter-identity key for a local stack (the private key of
its sealed boxes: any 32 random bytes are one), made at the first start of a data
directory and kept in it, readable by its owner only. Unlike the service tokens it
cannot be made afresh at every start: `make run` keeps PostgreSQL's data between
starts, and identities sealed under a lost key stay sealed for good. The tests start
on a fresh data directory, so every session has a key of its own."""

import base64
import os
import secrets
from pathlib import Path

KEY_FILE = "reporter-identity.key"


def reporter_identity_key(data_dir: Path) -> str:
    path = data_dir / KEY_FILE
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(base64.b64encode(secrets.token_bytes(32)).decode())
    return path.read_text().strip()
