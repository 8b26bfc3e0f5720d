"""The last lines of the broker's logs and of tool output, for failure messages."""

from __future__ import annotations

from collections import deque
from pathlib import Path

_LOG_TAIL_LINES = 40


def broker_log_tail(log_path: Path) -> str:
    # JVM start-up failures (bad classpath, port clash in the format step, OOM)
    # land in the captured stdout, not in the log4j file, so show both.
    paths = [log_path, log_path.with_name("kafka.out")]
    sections = [f"--- {path.name}\n{tail(path)}" for path in dict.fromkeys(paths) if path.exists()]
    return "\n".join(sections) or "(no log output)"


def tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    with path.open(errors="replace") as handle:
        return "".join(deque(handle, maxlen=lines))


def last_lines(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])
