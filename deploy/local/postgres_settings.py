"""How the local PostgreSQL server is set up: where it listens, its superuser, its settings."""

HOST = "127.0.0.1"
SUPERUSER = "postgres"

# Client authentication, written to pg_hba.conf before every start. The services' and the
# console's roles (shared.database_roles) must give their generated passwords, as in a
# deployment; the superuser keeps password-less access from this machine, for the
# developer's tools and the tests (docs/operations.md says what that leaves open), and may
# stream the WAL for the backups (deploy/local/backup.py): `all` does not cover replication.
HBA_RULES = f"""\
# Written by deploy/local/postgres_settings.py at every start; edits here are lost.
local   all  {SUPERUSER}                 trust
host    all  {SUPERUSER}  127.0.0.1/32   trust
host    all  {SUPERUSER}  ::1/128        trust
local   replication  {SUPERUSER}             trust
host    replication  {SUPERUSER}  127.0.0.1/32  trust
local   all  all                      scram-sha-256
host    all  all       127.0.0.1/32   scram-sha-256
host    all  all       ::1/128        scram-sha-256
"""

# Server settings, passed on the postgres command line (they override
# postgresql.conf / postgresql.auto.conf; port/listen/socket are added per start).
SERVER_SETTINGS: dict[str, str] = {
    "max_connections": "200",
    # The registry's candidate query reads blocking keys and match records all over a
    # million-person registry; memory is only taken as pages are read.
    "shared_buffers": "512MB",
    "effective_cache_size": "4GB",
    # A full batch's candidates (some 40,000 rows with their identities at a million people)
    # are grouped in memory instead of in a sort spilled to disk.
    "work_mem": "32MB",
    # Each registry enrolment adds a dozen blocking keys at random places in a large index. The
    # first change to a page after a checkpoint writes the whole page to the WAL, and with the
    # default 1 GB of WAL a million-person intake checkpointed every half minute: ~120 KB of WAL
    # per enrolment instead of ~30 KB. Crash recovery replays more WAL in exchange.
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "fsync": "on",  # keep it durable: crash-recovery tests rely on it
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "logging_collector": "off",  # pg_ctl -l <data_dir>/log/postgresql.log gets stderr
}
