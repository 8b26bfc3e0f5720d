"""Starting one service loads its own modules and the shared package, never
another service's: a bug or a slow import in one cannot reach the others."""

import base64
import secrets
import subprocess
import sys

import pytest

from services import NAMES

OTHERS = {name: [o for o in (*NAMES, "console") if o != name] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_a_service_app_is_built_without_importing_another_service(name: str) -> None:
    probe = (
        f"import sys; from services.{name}.bootstrap import create_app; create_app(); "
        "print(' '.join(sorted({m.split('.')[1] for m in sys.modules "
        "if m.startswith('services.') and m.count('.') >= 1})))"
    )
    env = {
        "DATABASE_URL": "postgresql://unused/unused",
        "KAFKA_BOOTSTRAP_SERVERS": "localhost:1",
        "KAFKA_SASL_USERNAME": f"service.{name}",
        "KAFKA_SASL_PASSWORD": secrets.token_urlsafe(32),
        "SERVICE_TOKENS": "console:" + secrets.token_urlsafe(32),
        "REPORTER_IDENTITY_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert name in loaded
    assert not loaded & set(OTHERS[name]), f"{name} loaded {sorted(loaded & set(OTHERS[name]))}"
