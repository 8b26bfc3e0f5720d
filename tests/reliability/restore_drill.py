"""The restore drill as a reliability scenario: the WAL archive streams from before the
traffic, a base backup is taken while the traffic runs, then every service is SIGKILLed,
PostgreSQL stopped without a checkpoint, its data directory deleted, restored from the
backups (deploy/local/backup.py) and the services started again. The suite's checker
then proves nothing accepted was lost or applied twice."""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from deploy.local.backup import Archiver, BackupPlace, base_backup, restore
from deploy.local.stack import SERVICE_ORDER
from tests.reliability.cluster import Cluster
from tests.reliability.latency import Window
from tests.reliability.scenarios import Context, Scenario


@dataclass
class RestoreDrill:
    cluster: Cluster
    place: BackupPlace
    archiver: Archiver | None = None
    # Wall-clock times the rows' applied_at compare with: the base backup's end, the loss.
    backed_up_at: datetime | None = None
    destroyed_at: datetime | None = None
    steps: list[str] = field(default_factory=list)

    @classmethod
    def beside(cls, cluster: Cluster) -> RestoreDrill:
        postgres = cluster.infra.postgres
        assert postgres is not None, "the drill needs the stack's own PostgreSQL"
        return cls(cluster, BackupPlace(postgres.data_dir.parent / "backups"))

    @property
    def scenario(self) -> Scenario:
        return Scenario(
            "restore-drill",
            "base backup under load, then PostgreSQL's data directory deleted, restored from "
            "the base backup and the streamed WAL, every service SIGKILLed and restarted",
            arm=self._arm,
            inject=self._inject,
        )

    def _arm(self, _ctx: Context) -> dict[str, dict[str, str]]:
        postgres = self.cluster.infra.postgres
        assert postgres is not None
        self.archiver = Archiver(self.place, postgres.port, synchronous=True)
        self.archiver.start()
        return {}

    async def _inject(self, ctx: Context) -> Window:
        await ctx.sent(1 / 4)
        started = time.monotonic()
        base = await asyncio.to_thread(base_backup, self.place, ctx.cluster.infra.postgres.port)
        self.backed_up_at = datetime.now(UTC)
        size = sum(f.stat().st_size for f in base.iterdir())
        self.steps.append(
            f"base backup {size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s under load"
        )
        await ctx.sent(1 / 2)
        await self._applied_since_backup()
        start = time.monotonic()
        await asyncio.to_thread(self._destroy_and_restore)
        return Window(start, time.monotonic(), "; ".join(self.steps))

    async def _applied_since_backup(self, timeout: float = 60.0) -> None:
        """The loss comes once the services have applied a record after the base backup:
        a quick machine sends the next quarter before the backup ends, and the drill must
        prove the archive brings back what the backup alone does not hold."""
        conn = await asyncpg.connect(self.cluster.infra.database_url)
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                applied = await conn.fetchval(
                    "SELECT (SELECT count(*) FROM beneficiaries.inbox WHERE applied_at > $1)"
                    " + (SELECT count(*) FROM kitchens.inbox WHERE applied_at > $1)",
                    self.backed_up_at,
                )
                if applied:
                    return
                await asyncio.sleep(0.2)
        finally:
            await conn.close()

    def _destroy_and_restore(self) -> None:
        postgres = self.cluster.infra.postgres
        assert postgres is not None and self.archiver is not None
        for name in SERVICE_ORDER:
            self.cluster.kill(name)
        self.destroyed_at = datetime.now(UTC)
        self.cluster.stop_postgres()
        self.archiver.stop()
        shutil.rmtree(postgres.data_dir)
        started = time.monotonic()
        restore(self.place, postgres.data_dir, postgres.port)
        self.steps.append(f"restored in {time.monotonic() - started:.1f} s")
        self.cluster.start_postgres()
        for name in SERVICE_ORDER:
            self.cluster.restart(name)
