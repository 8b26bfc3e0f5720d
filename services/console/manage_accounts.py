"""Console accounts from the command line:

    python -m services.console.manage_accounts create --username ana --role caseworker \\
        --agency dif-jalisco
    python -m services.console.manage_accounts unlock --username ana
    python -m services.console.manage_accounts disable --username ana   (or enable)
    python -m services.console.manage_accounts reset --username ana

The password is asked for (or read from standard input with --password-stdin); like the
temporary password `reset` prints, it is good for one sign-in within TEMPORARY_PASSWORD_HOURS
(24), which must choose a new one."""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from shared.errors import Rejected

from .auth import account_service
from .auth.roles import Account, Role

Work = Callable[[asyncpg.Connection], Awaitable[None]]


async def _with_connection(database_url: str, work: Work) -> None:
    conn = await asyncpg.connect(database_url, server_settings={"search_path": "console,public"})
    try:
        await work(conn)
    finally:
        await conn.close()


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("the passwords differ")
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Create, unlock, disable, enable console accounts, or reset a password."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        required="DATABASE_URL" not in os.environ,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--display-name")
    scope = create.add_mutually_exclusive_group()
    scope.add_argument("--agency", help="the caseworker's agency code")
    scope.add_argument("--kitchen", help="the committee member's kitchen id")
    create.add_argument("--password-stdin", action="store_true")
    for name in ("unlock", "disable", "enable", "reset"):
        commands.add_parser(name).add_argument("--username", required=True)
    return parser


def _work(args: argparse.Namespace) -> Work:
    """What the command does once connected; the password is asked for before connecting."""
    username = args.username.strip().lower()
    if args.command == "unlock":
        return lambda conn: account_service.unlock(conn, username, "cli")
    if args.command in ("disable", "enable"):
        disabled = args.command == "disable"
        return lambda conn: account_service.set_disabled(conn, username, disabled, "cli")
    if args.command == "reset":
        return _reset(username)
    account = Account(
        username, args.display_name or args.username, Role(args.role), args.agency, args.kitchen
    )
    password = _password(args)
    # The first sign-in must choose its own password, before the temporary time runs out.
    until = datetime.now(UTC) + timedelta(hours=_temporary_hours())
    return lambda conn: account_service.create_account(
        conn, account, password, "cli", initial_until=until
    )


def _temporary_hours() -> float:
    return float(os.environ.get("TEMPORARY_PASSWORD_HOURS", "24"))


def _reset(username: str) -> Work:
    async def reset(conn: asyncpg.Connection) -> None:
        hours = _temporary_hours()
        password = await account_service.reset_password(
            conn, username, "cli", datetime.now(UTC), timedelta(hours=hours)
        )
        print(f"temporary password for {username} (one sign-in within {hours:g} h): {password}")

    return reset


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    work = _work(args)
    try:
        asyncio.run(_with_connection(args.database_url, work))
    except Rejected as exc:
        raise SystemExit(f"refused: {exc.field}: {exc.reason}") from None
    print(f"{args.command}: {args.username} done")


if __name__ == "__main__":
    main()
