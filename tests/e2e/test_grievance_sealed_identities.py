"""Reporter identities are sealed by the service before they reach PostgreSQL: no name
or contact in the table, in pg_dump's output of it, or in the write-ahead log. The key
is rotated by a command that re-seals every identity, and identities stored in plain
text before sealing existed are sealed and their plain text removed."""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from deploy.local.postgres_wheel import POSTGRES_BIN_PATH
from services import MIGRATIONS
from services.grievances.domain.reporters import Reporter
from services.grievances.domain.sealed_identities import Opener, new_private_key
from services.grievances.service_layer.identity_sealing import seal_plaintext_identities
from shared.db import connect
from shared.migrate import migrate
from tests.e2e.grievance_helpers import (
    OFFICER,
    as_officer,
    case,
    grievances_db,
    submission,
    submit,
)

ROOT = Path(__file__).resolve().parents[2]
REPORTER = {"full_name": "Hermelinda Quiroz Tlatelpa", "contact": "hermelinda.qt@example.org"}
SECRETS = [REPORTER["full_name"], "Tlatelpa", REPORTER["contact"], "hermelinda"]
# Written in plain text on purpose, as before sealing: a name of its own, so that the
# write-ahead log check above never finds it.
OLD_REPORTER = {"full_name": "Pascuala Ixtlahuac Necoechea", "contact": "55 3021 7788"}


def named(services, reporter=REPORTER, subject_ref="CDMX-XOC-0311") -> str:
    return submit(
        services,
        submission(
            channel="phone",
            anonymous=False,
            reporter=reporter,
            subject={"kind": "kitchen", "ref": subject_ref},
        ),
        officer=OFFICER,
    )["case_id"]


def traces(data: bytes) -> list[str]:
    """Which secrets appear in `data`, as text or as the hex that pg_dump writes bytea in."""
    lowered = data.lower()
    return [
        s
        for s in SECRETS
        if s.lower().encode() in lowered or s.lower().encode().hex().encode() in lowered
    ]


async def test_no_name_or_contact_in_the_table_a_dump_or_the_write_ahead_log(
    infrastructure, services
):
    case_id = uuid.UUID(named(services))
    conn = await grievances_db(infrastructure)
    try:
        rows = await conn.fetch("SELECT * FROM reporter_identities")
        as_text = await conn.fetchval(
            "SELECT string_agg(row_to_json(r)::text, '') FROM reporter_identities r"
        )
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()
    assert case_id in {r["case_id"] for r in rows}
    raw = b"".join(v if isinstance(v, bytes) else str(v).encode() for r in rows for v in r.values())
    assert traces(raw) == [] and traces(as_text.encode()) == []

    dump = await asyncio.to_thread(
        subprocess.run,
        [
            str(POSTGRES_BIN_PATH / "pg_dump"),
            "--data-only",
            "--table=grievances.reporter_identities",
            infrastructure.database_url,
        ],
        capture_output=True,
        check=True,
    )
    assert b"COPY grievances.reporter_identities" in dump.stdout
    assert traces(dump.stdout) == []

    if infrastructure.postgres is not None:  # the local stack's own server: its WAL is here
        wal = infrastructure.postgres.data_dir / "pg_wal"
        segments = await asyncio.to_thread(
            lambda: [p.read_bytes() for p in wal.iterdir() if p.is_file()]
        )
        assert segments and all(traces(segment) == [] for segment in segments)


def rotate(database_url: str, current: str, new: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REPORTER_IDENTITY_KEY": current,
        "NEW_REPORTER_IDENTITY_KEY": new,
    }
    return subprocess.run(
        [sys.executable, "-m", "services.grievances.rotate_reporter_key"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


async def boxes(infrastructure) -> dict[uuid.UUID, tuple[bytes, bytes, bytes]]:
    conn = await grievances_db(infrastructure)
    try:
        rows = await conn.fetch(
            "SELECT case_id, sealed, key_id, fingerprint FROM reporter_identities"
        )
    finally:
        await conn.close()
    return {r["case_id"]: (r["sealed"], r["key_id"], r["fingerprint"]) for r in rows}


def reveal(services, case_id: str) -> tuple[int, object]:
    requests = f"/cases/{case_id}/reveal-requests"
    _, asked = as_officer(services, requests, "custodia.ines", {"reason": "Citatorio 3/2026"})
    path = f"{requests}/{asked['request_id']}"
    as_officer(services, f"{path}/decision", "custodia.raul", {"decision": "approved"})
    return as_officer(services, f"{path}/identity", "custodia.ines", {})


async def test_rotating_the_key_reseals_every_identity(infrastructure, services):
    url = infrastructure.database_url
    first = named(services, subject_ref="CDMX-ROT-0001")
    current, new = infrastructure.reporter_identity_key, new_private_key()
    before = await boxes(infrastructure)

    refused = await asyncio.to_thread(rotate, url, new_private_key(), new)
    assert refused.returncode != 0 and "nothing changed" in refused.stderr
    assert await boxes(infrastructure) == before

    done = await asyncio.to_thread(rotate, url, current, new)
    assert done.returncode == 0, done.stderr
    assert f"{len(before)} reporter identities re-sealed" in done.stdout
    after = await boxes(infrastructure)
    new_id = Opener.from_setting(new).key_id
    assert set(after) == set(before) and {k for _, k, _ in after.values()} == {new_id}
    assert all(after[c][0] != before[c][0] and after[c][2] != before[c][2] for c in before)
    opened = Opener.from_setting(new).open(after[uuid.UUID(first)][0], new_id)
    assert opened == Reporter(REPORTER["full_name"], REPORTER["contact"])
    status, reply = reveal(services, first)
    assert status == 409 and reply["detail"][0]["field"] == "key", "the service holds the old key"

    back = await asyncio.to_thread(rotate, url, new, current)
    assert back.returncode == 0, back.stderr
    rerun = await asyncio.to_thread(rotate, url, new, current)
    assert "0 reporter identities re-sealed" in rerun.stdout, "a second run changes nothing"
    assert {k for _, k, _ in (await boxes(infrastructure)).values()} == {
        Opener.from_setting(current).key_id
    }
    assert reveal(services, first) == (200, REPORTER)
    again = named(services, subject_ref="CDMX-ROT-0001")
    assert case(services, again)["related_case_id"] == first, "fingerprints follow the key"


async def test_identities_stored_in_plain_text_are_sealed_and_the_plain_text_removed(
    infrastructure,
):
    schema = f"grievances_upgrade_{uuid.uuid4().hex[:6]}"
    with tempfile.TemporaryDirectory() as before_sealing:
        for name in ("001_cases.sql", "002_lifecycle_deadlines_identity.sql"):
            shutil.copy(MIGRATIONS["grievances"] / name, before_sealing)
        await migrate(infrastructure.database_url, schema, Path(before_sealing))
    conn = await connect(infrastructure.database_url, schema)
    try:
        case_id = uuid.uuid4()
        await conn.execute(
            "INSERT INTO cases (case_id, case_number, channel, channel_reference, kind, category,"
            " subject_kind, description, anonymous, status, received_at, ack_due_on,"
            " resolve_due_on) VALUES ($1, 'G-2024-000001', 'phone', 'r1', 'complaint', 'other',"
            " 'none', 'x', false, 'received', now(), current_date, current_date)",
            case_id,
        )
        await conn.execute(
            "INSERT INTO reporter_identities (case_id, full_name, contact, fingerprint)"
            " VALUES ($1, $2, $3, '\\x00')",
            case_id,
            OLD_REPORTER["full_name"],
            OLD_REPORTER["contact"],
        )
        await migrate(infrastructure.database_url, schema, MIGRATIONS["grievances"])
        columns = await conn.fetch(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = $1 AND table_name = 'reporter_identities'",
            schema,
        )
        assert {"full_name", "contact"}.isdisjoint({c["column_name"] for c in columns})

        opener = Opener.from_setting(new_private_key())
        assert await seal_plaintext_identities(conn, opener.sealer) == 1
        assert await conn.fetchval("SELECT count(*) FROM plaintext_reporter_identities") == 0
        row = await conn.fetchrow("SELECT sealed, key_id FROM reporter_identities")
        assert opener.open(row["sealed"], row["key_id"]).full_name == OLD_REPORTER["full_name"]
        assert OLD_REPORTER["full_name"].encode() not in row["sealed"]
        assert await seal_plaintext_identities(conn, opener.sealer) == 0
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()
