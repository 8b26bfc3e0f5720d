"""The error the local PostgreSQL raises, and the server log tail its messages carry."""

from pathlib import Path


class PostgresError(RuntimeError):
    """initdb / pg_ctl / readiness failure; the message includes the server log tail."""


def log_tail(log_file: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_file.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(cannot read log: {exc})"
