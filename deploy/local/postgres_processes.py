"""Finding postmasters: what postmaster.pid says, and which postgres processes still live."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def read_postmaster_pid(data_dir: Path) -> dict[str, Any] | None:
    """Parse postmaster.pid (tolerates a partially written file during startup)."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except (FileNotFoundError, PermissionError):
        return None
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return None

    def line(i: int) -> str:
        return lines[i].strip() if len(lines) > i else ""

    port = line(3)
    return {
        "pid": pid,
        "port": int(port) if port.isdigit() else None,
        "socket_dir": line(4) or None,
        "listen": line(5) or None,
        "status": line(7) or None,  # starting / ready / standby / stopping
    }


def postmaster_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    # guard against pid reuse (e.g. container restarted): must be a postgres process
    if not Path("/proc/self").exists():
        return True  # no procfs (macOS): trust kill()
    try:
        proc_stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False  # exited in the meantime
    except OSError:
        return True
    # "<pid> (<comm>) <state> ...": a killed postmaster re-parented to a container init
    # that does not reap stays a zombie (state Z) and still answers kill(pid, 0).
    comm = proc_stat[proc_stat.find("(") + 1 : proc_stat.rfind(")")]
    state = proc_stat[proc_stat.rfind(")") + 2 :][:1]
    return comm == "postgres" and state not in ("Z", "X", "x")


def postmaster_running(data_dir: Path) -> bool:
    info = read_postmaster_pid(data_dir)
    return info is not None and postmaster_alive(info["pid"])


def orphans(data_dir: Path) -> list[int]:
    """Live (non-zombie) postgres processes whose cwd is data_dir (Linux only)."""
    found: list[int] = []
    proc = Path("/proc")
    if not proc.exists():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "cwd") != str(data_dir):
                continue
            if postmaster_alive(int(entry.name)):  # comm == postgres and not a zombie
                found.append(int(entry.name))
        except OSError:
            continue
    return found
