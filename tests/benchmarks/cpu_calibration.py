"""What machine a benchmark ran on, in figures that compare machines.

The same commit has run 635/s on one machine and 1,313/s on another of the
same kind, and one machine changes speed from hour to hour when others share
its host. A run therefore prints, beside its own figures:

- the CPU model and the cores this process may use;
- a calibration: the median of five passes of a fixed piece of work that
  does not depend on the project's code (interpreted Python over dicts and
  strings, and SHA-256 in C), so that a commit cannot move it and a
  slower machine or a noisy spell shows as a larger figure;
- the disk: the median time to write and fsync 8 KB where the run keeps its
  data, which every PostgreSQL commit and every Kafka flush waits for;
- a wake-up: the median round trip of one byte to another process and back
  over pipes, which every statement and every broker request pays twice
  (the registry's 1,000,000-person p50 at 250/s has been 7 ms and 18 ms on
  one machine with the same Python and SHA-256 figures);
- the load average and the share of CPU time the hypervisor took for other
  guests ("steal") while the run went on.

    .venv/bin/python -m tests.benchmarks.cpu_calibration"""

from __future__ import annotations

import hashlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PASSES = 5
PROC_STAT = Path("/proc/stat")
# Where the benchmarks' private stacks keep PostgreSQL's and Kafka's files.
DATA_DIRECTORY = Path(__file__).resolve().parents[2] / ".data" / "bench"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _interpreted_pass() -> None:
    # Dict, string and integer work in the proportions the services' Python does:
    # building small mappings, slicing and comparing short strings.
    words = [f"{i:06d}-{(i * 7919) % 100_003:06d}" for i in range(60_000)]
    counts: dict[str, int] = {}
    for word in words:
        key = word[3:9]
        counts[key] = counts.get(key, 0) + len(word)
    ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    if not ordered:
        raise AssertionError("the calibration's work came out empty")


def _compiled_pass() -> None:
    block = bytes(range(256)) * 4096
    for _ in range(24):
        block = hashlib.sha256(block).digest() * 32768


def _median_ms(work: Callable[[], None]) -> float:
    timings = []
    for _ in range(PASSES):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


FSYNCS = 50


def fsync_ms(directory: Path) -> float:
    """The median of FSYNCS writes of 8 KB (a PostgreSQL page), each flushed to the disk."""
    directory.mkdir(parents=True, exist_ok=True)
    timings = []
    with tempfile.TemporaryFile(dir=directory) as file:
        page = os.urandom(8192)
        for _ in range(FSYNCS):
            started = time.perf_counter()
            file.write(page)
            file.flush()
            os.fsync(file.fileno())
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


ROUND_TRIPS = 2000
_ECHO = "import os\nwhile os.read(0, 1):\n    os.write(1, b'.')\n"


def wake_up_us() -> float:
    """The median of ROUND_TRIPS round trips of one byte to a child process and
    back: each side sleeps in a read until the other writes, as a service
    waits on PostgreSQL and the broker."""
    child = subprocess.Popen(
        [sys.executable, "-c", _ECHO], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert child.stdin is not None and child.stdout is not None
    to_child, from_child = child.stdin.fileno(), child.stdout.fileno()
    timings = []
    try:
        for _ in range(ROUND_TRIPS):
            started = time.perf_counter()
            os.write(to_child, b".")
            os.read(from_child, 1)
            timings.append((time.perf_counter() - started) * 1_000_000)
    finally:
        child.stdin.close()
        child.wait(timeout=5)
        child.stdout.close()
    return statistics.median(timings)


@dataclass(frozen=True)
class Calibration:
    python_ms: float
    sha256_ms: float
    fsync_ms: float
    wake_up_us: float

    def describe(self) -> str:
        return (
            f"fixed Python work {self.python_ms:.1f} ms, SHA-256 {self.sha256_ms:.1f} ms, "
            f"8 KB write and fsync {self.fsync_ms:.2f} ms, "
            f"a round trip to another process {self.wake_up_us:.0f} µs"
        )


def calibrate(data_directory: Path = DATA_DIRECTORY) -> Calibration:
    return Calibration(
        _median_ms(_interpreted_pass),
        _median_ms(_compiled_pass),
        fsync_ms(data_directory),
        wake_up_us(),
    )


@dataclass(frozen=True)
class CpuTimes:
    busy: int
    steal: int
    total: int


def cpu_times() -> CpuTimes | None:
    try:
        fields = [int(v) for v in PROC_STAT.read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    # user nice system idle iowait irq softirq steal ...
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    steal = fields[7] if len(fields) > 7 else 0
    total = sum(fields[:8])
    return CpuTimes(busy=total - idle - steal, steal=steal, total=total)


class MachineWatch:
    """The machine before and after a run: calibration at both ends, load and steal."""

    def __init__(self) -> None:
        self.before = calibrate()
        self.load_before = os.getloadavg()[0]
        self.times_before = cpu_times()

    def report(self) -> str:
        after = calibrate()
        times_after = cpu_times()
        lines = [
            f"  machine     {cpu_model()}, {usable_cores()} cores; load {self.load_before:.1f} "
            f"at the start, {os.getloadavg()[0]:.1f} at the end",
            f"  calibration before the run: {self.before.describe()}; "
            f"after: {after.describe()} (lower is faster)",
        ]
        if self.times_before and times_after:
            elapsed = times_after.total - self.times_before.total
            if elapsed > 0:
                busy = (times_after.busy - self.times_before.busy) / elapsed
                steal = (times_after.steal - self.times_before.steal) / elapsed
                lines.append(
                    f"  CPU over the run: {busy:.0%} busy, {steal:.1%} taken by other guests"
                )
        return "\n".join(lines)


def main() -> None:
    calibration = calibrate()
    print(
        f"{cpu_model()}, {usable_cores()} cores, load {os.getloadavg()[0]:.1f}: "
        f"{calibration.describe()}"
    )


if __name__ == "__main__":
    main()
