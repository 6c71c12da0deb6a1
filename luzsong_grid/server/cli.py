"""Subcommands of ``luzsong-grid`` for the office server and for syncing:
``serve``, ``user add|list|disable|enable|assign|password``, ``device list|revoke``
and ``sync`` (the laptop side).

Only argparse at import time: the heavy parts (FastAPI, uvicorn, httpx,
SQLAlchemy) load inside the command that needs them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from typing import TYPE_CHECKING, Any

from luzsong_grid import paths
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, translate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from luzsong_grid.sync.server import SyncServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


MSG_NO_PASSWORD_GIVEN = QT_TRANSLATE_NOOP(
    "core", "Give the password on standard input (--password-stdin)."
)
MSG_EMPTY_PASSWORD = QT_TRANSLATE_NOOP("core", "The password read from standard input is empty.")
MSG_TLS_PAIR = QT_TRANSLATE_NOOP("core", "--certfile and --keyfile go together.")
MSG_USER_ADDED = QT_TRANSLATE_NOOP("core", "User {username} ({role}) added.")
MSG_USER_DISABLED = QT_TRANSLATE_NOOP("core", "User {username} disabled; their sessions end now.")
MSG_USER_ENABLED = QT_TRANSLATE_NOOP("core", "User {username} enabled.")
MSG_GRIDS_ASSIGNED = QT_TRANSLATE_NOOP("core", "User {username} now works on: {grids}.")
MSG_PASSWORD_SET = QT_TRANSLATE_NOOP("core", "Password of {username} changed.")
MSG_NO_DEVICE = QT_TRANSLATE_NOOP("core", "There is no device {device}.")
MSG_DEVICE_REVOKED_DONE = QT_TRANSLATE_NOOP("core", "Device {device} revoked.")
MSG_SYNC_DONE = QT_TRANSLATE_NOOP(
    "core",
    "Synced with {server}: sent {sent} (applied {applied}, merged {merged}, conflicts "
    "{conflicts}, rejected {rejected}); received {received}; {pending} still to send.",
)
MSG_SYNC_RESYNC = QT_TRANSLATE_NOOP("core", "A full re-sync of your grids was done ({reason}).")
MSG_SYNC_CHECK_FAILED = QT_TRANSLATE_NOOP(
    "core", "The data on this computer still differs from the office's; sync again."
)


def add_parsers(sub: Any) -> None:
    """Add the server and sync subcommands to the main parser's subparsers."""
    serve = sub.add_parser("serve", help="run the community office's sync server (HTTP)")
    serve.add_argument(
        "--db",
        metavar="URL",
        help="database: a SQLite file or postgresql+psycopg://USER@HOST/DB "
        "(default: the data folder's database)",
    )
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--certfile", help="TLS certificate (PEM); with --keyfile serves HTTPS")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")
    serve.add_argument("--token-hours", type=float, default=12.0, help=argparse.SUPPRESS)

    user = sub.add_parser("user", help="office accounts: add, list, disable, assign grids")
    user.add_argument("--db", metavar="URL", help="database (default: the data folder's)")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = usub.add_parser("add", help="add an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("worker", "staff", "supervisor", "admin"))
    add.add_argument("--name", default="", help="display name (default: the user name)")
    add.add_argument(
        "--scope", default="", help="staff: community code; supervisor: street code (or none)"
    )
    add.add_argument("--grid", action="append", default=[], help="a worker's grid code")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    lst = usub.add_parser("list", help="list accounts")
    lst.add_argument("--json", action="store_true")
    for name, text in (("disable", "disable an account"), ("enable", "enable an account")):
        usub.add_parser(name, help=text).add_argument("username")
    assign = usub.add_parser("assign", help="set a worker's grids (grid reassignment)")
    assign.add_argument("username")
    assign.add_argument("--grid", action="append", required=True)
    pwd = usub.add_parser("password", help="set a password (read from stdin)")
    pwd.add_argument("username")
    pwd.add_argument("--password-stdin", action="store_true")

    device = sub.add_parser("device", help="laptops registered with the office")
    device.add_argument("--db", metavar="URL", help="database (default: the data folder's)")
    dsub = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    dlist = dsub.add_parser("list", help="list devices")
    dlist.add_argument("--json", action="store_true")
    dsub.add_parser("revoke", help="revoke a device at once").add_argument("device_id")

    sync = sub.add_parser("sync", help="sync this computer with the community office")
    sync.add_argument("--server", metavar="URL", help="the office server (remembered)")
    sync.add_argument("--user", metavar="NAME", help="your user name (remembered)")
    sync.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sync.add_argument("--cafile", help="CA certificate to trust for the office's HTTPS")
    sync.add_argument("--timeout", type=float, default=30.0, help=argparse.SUPPRESS)
    sync.add_argument("--retries", type=int, default=4, help=argparse.SUPPRESS)


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise UserError(MSG_EMPTY_PASSWORD)
    return password


def _db_url(args: argparse.Namespace) -> str:
    return str(args.db) if getattr(args, "db", None) else str(paths.database_path())


def _office(args: argparse.Namespace) -> tuple[Engine, SyncServer]:
    from luzsong_grid.store.db import open_database
    from luzsong_grid.sync.server import SyncServer

    engine = open_database(_db_url(args))
    return engine, SyncServer(engine)


def _settle_garbage_collector() -> None:
    """For a long-running server: what start-up made (modules, the ORM's
    and pydantic's schemas) moves out of the collector's sight, and it runs
    less often. A push of 2000 ops makes many short-lived objects; with the
    default thresholds every few hundred of them set off a collection that
    walked all of start-up's objects again (a fifth of a push's time)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def cmd_serve(args: argparse.Namespace) -> int:
    from datetime import timedelta

    import uvicorn

    from luzsong_grid.server.app import create_app

    if bool(args.certfile) != bool(args.keyfile):
        raise UserError(MSG_TLS_PAIR)
    app = create_app(_db_url(args), token_ttl=timedelta(hours=args.token_hours))
    _settle_garbage_collector()
    # httptools parses HTTP in C (a dependency; h11, pure Python, otherwise).
    http = "httptools" if importlib.util.find_spec("httptools") is not None else "h11"
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        http=http,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        log_level="info",
        access_log=False,
        # No reverse proxy in front of an office server: client addresses
        # (for the sign-in limit) are the sockets' own.
        proxy_headers=False,
    )
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from luzsong_grid.server import accounts

    engine, server = _office(args)
    try:
        action = args.user_command
        if action == "list":
            users = accounts.list_users(engine)
            if args.json:
                print(json.dumps(users, ensure_ascii=False, indent=1))
            else:
                for u in users:
                    flags = " (disabled)" if u["disabled"] else ""
                    where = ",".join(u["grids"]) or u["scope_code"] or "—"
                    print(f"{u['username']}\t{u['role']}\t{where}\t{u['display_name']}{flags}")
            return 0
        if action == "add":
            if not args.password_stdin:
                raise UserError(MSG_NO_PASSWORD_GIVEN)
            made = accounts.add_user(
                server,
                username=args.username,
                role=args.role,
                password=_read_password(),
                display_name=args.name,
                scope_code=args.scope,
                grids=args.grid,
            )
            print(translate("core", MSG_USER_ADDED).format(**made))
        elif action in ("disable", "enable"):
            accounts.set_disabled(server, args.username, action == "disable")
            done = MSG_USER_DISABLED if action == "disable" else MSG_USER_ENABLED
            print(translate("core", done).format(username=args.username))
        elif action == "assign":
            grids = accounts.assign_grids(server, args.username, args.grid)
            print(
                translate("core", MSG_GRIDS_ASSIGNED).format(
                    username=args.username, grids=", ".join(grids)
                )
            )
        elif action == "password":
            if not args.password_stdin:
                raise UserError(MSG_NO_PASSWORD_GIVEN)
            accounts.set_password(server, args.username, _read_password())
            print(translate("core", MSG_PASSWORD_SET).format(username=args.username))
        return 0
    finally:
        engine.dispose()


def cmd_device(args: argparse.Namespace) -> int:
    from luzsong_grid.server import accounts

    engine, server = _office(args)
    try:
        if args.device_command == "list":
            devices = accounts.list_devices(engine)
            if args.json:
                print(json.dumps(devices, ensure_ascii=False, indent=1))
            else:
                for d in devices:
                    state = "revoked" if d["revoked"] else "ok"
                    print(f"{d['id']}\t{d['account_id']}\t{d['name']}\t{state}\t{d['last_seen']}")
            return 0
        try:
            accounts.revoke_device(server, None, args.device_id)
        except accounts.AuthError as exc:
            raise UserError(MSG_NO_DEVICE, device=args.device_id) from exc
        print(translate("core", MSG_DEVICE_REVOKED_DONE).format(device=args.device_id))
        return 0
    finally:
        engine.dispose()


def cmd_sync(args: argparse.Namespace) -> int:
    """Push then pull through the office's HTTP API; exit 0 when all went
    through, 1 when some changes were refused or went to review (or the
    data still differs), 2 for a UserError (unreachable, disabled, …)."""
    from luzsong_grid.store.db import open_store
    from luzsong_grid.sync.laptop import sync_with_office

    path = paths.database_path()
    if not path.exists():
        from luzsong_grid.cli import MSG_NO_DATABASE

        raise UserError(MSG_NO_DATABASE, path=str(paths.data_dir()))
    store = open_store(path)
    try:
        done = sync_with_office(
            store,
            server_url=args.server,
            username=args.user,
            # read once: it may have unlocked this computer's database already
            password=getattr(args, "stdin_password", None)
            or (_read_password() if args.password_stdin else None),
            verify=args.cafile or True,
            timeout=args.timeout,
            retries=args.retries,
        )
    finally:
        store.close()
    report = done.report
    print(
        translate("core", MSG_SYNC_DONE).format(
            server=done.server_url,
            sent=sum(report.pushed.values()),
            applied=report.pushed.get("applied", 0),
            merged=report.pushed.get("merged", 0),
            conflicts=report.conflicts,
            rejected=report.rejected,
            received=report.pulled,
            pending=done.pending,
        )
    )
    if report.full_resync:
        print(translate("core", MSG_SYNC_RESYNC).format(reason=report.resync_reason))
    if report.checksum_ok is False:
        print(translate("core", MSG_SYNC_CHECK_FAILED), file=sys.stderr)
    troubled = report.conflicts or report.rejected or report.checksum_ok is False
    return 1 if troubled else 0


COMMANDS = {"serve": cmd_serve, "user": cmd_user, "device": cmd_device, "sync": cmd_sync}
