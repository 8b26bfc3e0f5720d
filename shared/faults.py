"""Fault-injection points for the reliability suite (`tests/reliability`).

A point does nothing unless the environment variable `FAULT_POINTS` arms it
when the process starts. Disarmed, `await point(name)` costs one dict lookup.

    FAULT_POINTS="consumer.after_commit:kill@37"
        SIGKILL this process the 37th time the point is reached.
    FAULT_POINTS="consumer.in_transaction:sleep=6@20"
        pause 6 s (without blocking the event loop) the 20th time.
    FAULT_POINTS="relay.after_publish:kill@3,consumer.in_transaction:sleep=1"
        several points, comma-separated; without `@N` the action runs on every hit.

The points, each placed at the moment a crash there is hardest to survive:

- `consumer.in_transaction`: the inbox row and the handler's effects are
  written, the transaction is not committed yet. A kill here rolls it all
  back; the record is redelivered and applied once.
- `consumer.after_commit`: the transaction committed, the Kafka offset is not
  committed yet. A kill here redelivers an applied record; the inbox answers
  it as a duplicate.
- `relay.after_publish`: the outbox relay has the broker's acknowledgement
  for a batch but has not marked its rows published. A kill here publishes
  the batch again after the restart; consumers' inboxes absorb the copies.

Whatever consumes in batches keeps calling the same names at the same moments.
"""

import asyncio
import os
import signal
from dataclasses import dataclass

from .logging import get_logger

ENVIRONMENT_VARIABLE = "FAULT_POINTS"
FIRED_LOG_LINE = "fault point fired"

log = get_logger(__name__)


@dataclass
class Fault:
    action: str
    seconds: float = 0.0
    on_hit: int | None = None
    hits: int = 0
    point: str = ""

    async def hit(self) -> None:
        self.hits += 1
        if self.on_hit is not None and self.hits != self.on_hit:
            return
        # The suite reads this line to know the fault happened (the logger flushes
        # each line, so it survives the kill).
        log.warning(FIRED_LOG_LINE, point=self.point, action=self.action, hit=self.hits)
        if self.action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        await asyncio.sleep(self.seconds)


def parse(spec: str) -> dict[str, Fault]:
    faults: dict[str, Fault] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, rest = item.partition(":")
        action, _, when = rest.partition("@")
        on_hit = int(when) if when else None
        if action == "kill":
            faults[name] = Fault("kill", on_hit=on_hit, point=name)
        elif action.startswith("sleep="):
            faults[name] = Fault(
                "sleep", float(action.removeprefix("sleep=")), on_hit=on_hit, point=name
            )
        else:
            raise ValueError(
                f"{ENVIRONMENT_VARIABLE}: {item!r} is not point:kill[@N] or point:sleep=SECONDS[@N]"
            )
    return faults


_armed = parse(os.environ.get(ENVIRONMENT_VARIABLE, ""))


async def point(name: str) -> None:
    fault = _armed.get(name)
    if fault is not None:
        await fault.hit()
