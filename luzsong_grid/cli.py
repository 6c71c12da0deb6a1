"""The ``luzsong-grid`` command: the desktop app by default, plus subcommands.

Imports are lazy: ``luzsong-grid search`` must answer before SQLModel or Qt
would even have loaded.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from luzsong_grid import __version__, paths
from luzsong_grid.i18n import LANGUAGES, QT_TRANSLATE_NOOP, UserError, translate

log = logging.getLogger("luzsong_grid.cli")

MSG_BAD_DATE = QT_TRANSLATE_NOOP("core", "“{text}” is not a date (use 2026-11-27).")
MSG_NO_DATABASE = QT_TRANSLATE_NOOP(
    "core", "There is no database in {path} yet. Run “luzsong-grid demo” or start the app first."
)
MSG_UNEXPECTED = QT_TRANSLATE_NOOP(
    "core", "Something went wrong that should not have. The details are in {log}."
)
MSG_DEMO_DONE = QT_TRANSLATE_NOOP(
    "core",
    "Demo district ready in {path}: {streets} streets/town, {communities} communities, "
    "{grids} grids, {households} households, {persons} persons.",
)
MSG_NO_HITS = QT_TRANSLATE_NOOP("core", "Nothing found for “{text}”.")
MSG_BACKED_UP = QT_TRANSLATE_NOOP("core", "Backed up to {path} ({size} KB), verified.")
MSG_RESTORED = QT_TRANSLATE_NOOP(
    "core", "Restored from {path}. The database it replaced is kept at {kept}."
)
MSG_NEED_CREDENTIALS = QT_TRANSLATE_NOOP(
    "core",
    "The database is encrypted: sign in with --user NAME (the password is asked for), "
    "or set LUZSONG_GRID_USER and LUZSONG_GRID_PASSWORD.",
)
MSG_PASSWORD_CHANGED = QT_TRANSLATE_NOOP(
    "core", "The password of {username} on this computer was changed."
)
MSG_PASSWORDS_DIFFER = QT_TRANSLATE_NOOP("core", "The two new passwords differ.")
MSG_ADMINS_ONLY = QT_TRANSLATE_NOOP(
    "core", "Only an administrator can set another account's password on this computer."
)

MSG_KEY_FILE = QT_TRANSLATE_NOOP(
    "core",
    "The database key file {path} cannot be used: it must hold 64 hexadecimal digits "
    "(make one with: openssl rand -hex 32).",
)
MSG_KEY_FILE_SQLITE = QT_TRANSLATE_NOOP(
    "core",
    "LUZSONG_GRID_DB_KEY_FILE encrypts a SQLite database only; protect a PostgreSQL "
    "server's disks instead.",
)

ENV_DB_KEY_FILE = "LUZSONG_GRID_DB_KEY_FILE"
# The office's commands: their database is encrypted only with a key file.
OFFICE_COMMANDS = frozenset({"serve", "user", "device"})
ENV_USER = "LUZSONG_GRID_USER"
ENV_PASSWORD = "LUZSONG_GRID_PASSWORD"
ENV_NEW_PASSWORD = "LUZSONG_GRID_NEW_PASSWORD"
# The commands that read or write this computer's (encrypted) database.
LOCAL_COMMANDS = frozenset({"search", "stats", "backup", "restore", "import", "export", "sync"})


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            translate("core", MSG_BAD_DATE).format(text=text)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luzsong-grid",
        description="芦淞区网格员工作台 · Lusong District grid worker's desk",
    )
    parser.add_argument("--version", action="version", version=f"luzsong-grid {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"data folder (default: ${paths.ENV_HOME} or the platform's user data folder)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of messages (zh_CN, en)")
    parser.add_argument(
        "--user",
        dest="local_user",
        metavar="NAME",
        help=f"your account on this computer, to unlock its encrypted database (or ${ENV_USER}; "
        f"the password is asked for, or ${ENV_PASSWORD})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help="start the desktop app (the default)")

    demo = sub.add_parser("demo", help="fill the data folder with the demo district")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--persons", type=int, default=20000)
    demo.add_argument("--today", type=_date, help="the day the year of demo work ends")
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing when the data folder has data"
    )

    search = sub.add_parser("search", help="find persons and households")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")

    backup = sub.add_parser("backup", help="back up the database (online, verified)")
    backup.add_argument("file", nargs="?", help="where (default: the data folder's backups/)")
    restore = sub.add_parser("restore", help="replace the database with a verified backup")
    restore.add_argument("file")

    stats = sub.add_parser("stats", help="the counts a monthly report holds")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--period", help="2026-10, 2026-Q3 or 2026 (default: the last 12 months)")
    stats.add_argument(
        "--scope", help="district | street:NAME | community:NAME | grid:CODE (default: district)"
    )
    stats.add_argument("--today", type=_date, help=argparse.SUPPRESS)

    password = sub.add_parser(
        "password",
        help=f"change your password on this computer (asked for twice, or ${ENV_NEW_PASSWORD})",
    )
    password.add_argument(
        "--for",
        dest="for_user",
        metavar="NAME",
        help="an administrator sets another local account's password",
    )

    from luzsong_grid.server import cli as server_cli

    server_cli.add_parsers(sub)

    from luzsong_grid.excel import roster_cli

    roster_cli.add_parser(sub)

    from luzsong_grid.excel import export_cli

    export_cli.add_parser(sub)
    return parser


def _existing_db() -> Any:
    path = paths.database_path()
    if not path.exists():
        raise UserError(MSG_NO_DATABASE, path=str(paths.data_dir()))
    return path


def _credentials(args: argparse.Namespace, *, required: bool) -> tuple[str, str] | None:
    """User name and password from --user or the environment (or, for an
    encrypted database, ``sync --user``); the password from the
    environment, the standard input (``sync --password-stdin``) or a prompt
    on a terminal."""
    import getpass

    user = getattr(args, "local_user", None) or os.environ.get(ENV_USER)
    if not user and required and args.command == "sync":
        user = getattr(args, "user", None)  # the office account is the local one too
    if not user:
        if required:
            raise UserError(MSG_NEED_CREDENTIALS)
        return None
    password = os.environ.get(ENV_PASSWORD)
    if password is None and getattr(args, "password_stdin", False):
        from luzsong_grid.server.cli import _read_password

        password = args.stdin_password = _read_password()
    if password is None:
        if not sys.stdin.isatty():
            raise UserError(MSG_NEED_CREDENTIALS)
        password = getpass.getpass(f"{user} @ {paths.data_dir()}: ")
    return user, password


def unlock_database(args: argparse.Namespace) -> None:
    """Sign in to this computer's database for a command that uses it: an
    encrypted one needs an account's password (its key is then registered
    for this process); an older, unencrypted one is encrypted when
    credentials are given and used as it is otherwise."""
    from luzsong_grid.auth import account_context, unlock
    from luzsong_grid.store.crypto import keyring_path
    from luzsong_grid.store.db import (
        SCHEMA_HEAD,
        _schema_revision,
        is_encrypted,
        is_plaintext,
        open_store,
        register_key,
    )

    path = paths.database_path()
    if not path.exists():
        return  # the command says what is missing
    locked = is_encrypted(path) or keyring_path(path).exists()
    given = _credentials(args, required=locked)
    if given is None:
        log.warning("the database is not encrypted; it will be once someone signs in")
        return
    user, password = given
    key = unlock(path, user, password)
    assert key is not None  # unlock(encrypt=True) always gives one
    if is_plaintext(path) or _schema_revision(path, key) != SCHEMA_HEAD:
        open_store(path, key=key).close()  # encrypts (keeping a copy), migrates
    register_key(path, key)
    account_context(path, user)  # a disabled account may not


def office_key(args: argparse.Namespace) -> None:
    """An office server's SQLite database encrypted with the key in the file
    ``$LUZSONG_GRID_DB_KEY_FILE`` (64 hex digits): registered for this
    process, so the server opens it (and encrypts a plain one first)."""
    from pathlib import Path

    from luzsong_grid.store.db import register_key

    name = os.environ.get(ENV_DB_KEY_FILE)
    if not name:
        return
    try:
        key = bytes.fromhex(Path(name).read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise UserError(MSG_KEY_FILE, path=name) from exc
    if len(key) != 32:
        raise UserError(MSG_KEY_FILE, path=name)
    url = str(getattr(args, "db", None) or paths.database_path())
    if "://" in url:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite" or not parsed.database:
            raise UserError(MSG_KEY_FILE_SQLITE)
        url = parsed.database
    register_key(Path(url), key)


def _open_readonly() -> Any:
    """The store opened (and migrated, if an older app left it) then a
    read-only raw connection for the fast query paths."""
    from luzsong_grid.store.db import SCHEMA_HEAD, _schema_revision, connect_raw, open_store

    path = _existing_db()
    if _schema_revision(path) != SCHEMA_HEAD:
        open_store(path).close()
    return connect_raw(path, readonly=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from luzsong_grid import demo
    from luzsong_grid.store.crypto import keyring_path
    from luzsong_grid.store.db import is_encrypted, open_store

    path = paths.database_path()
    if args.if_empty and (is_encrypted(path) or keyring_path(path).exists()):
        return 0  # only signing in makes an encrypted database: it has data
    if args.if_empty and path.exists():
        store = open_store(path)
        try:
            with store.engine.connect() as conn:
                if conn.exec_driver_sql("SELECT 1 FROM household LIMIT 1").first():
                    return 0
        finally:
            store.close()
    summary = demo.make_demo(
        path,
        seed=args.seed,
        persons=args.persons,
        today=args.today,
        progress=lambda text: print(text, file=sys.stderr),
    )
    print(
        translate("core", MSG_DEMO_DONE).format(
            path=paths.data_dir(),
            streets=summary.streets,
            communities=summary.communities,
            grids=summary.grids,
            households=summary.households,
            persons=summary.persons,
        )
    )
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    """A local account's own password change (the old one unlocks, the new
    one seals the data key in its place), or an administrator setting
    another account's (``--for NAME``)."""
    import getpass

    from luzsong_grid.auth import account_context, change_password, set_local_password, unlock
    from luzsong_grid.store.db import is_plaintext, open_store, register_key

    path = _existing_db()
    user, old = _credentials(args, required=True) or ("", "")
    new = os.environ.get(ENV_NEW_PASSWORD)
    if new is None:
        if not sys.stdin.isatty():
            raise UserError(MSG_NEED_CREDENTIALS)
        new = getpass.getpass("New password: ")
        if getpass.getpass("New password again: ") != new:
            raise UserError(MSG_PASSWORDS_DIFFER)
    if not args.for_user:
        change_password(path, user, old, new)
        print(translate("core", MSG_PASSWORD_CHANGED).format(username=user))
        return 0
    key = unlock(path, user, old)
    assert key is not None
    if is_plaintext(path):
        open_store(path, key=key).close()  # encrypted before anyone gets a key to it
    register_key(path, key)
    if account_context(path, user).role != "admin":
        raise UserError(MSG_ADMINS_ONLY)
    set_local_password(path, args.for_user, new)
    print(translate("core", MSG_PASSWORD_CHANGED).format(username=args.for_user))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from luzsong_grid import search
    from luzsong_grid.domain.validation import mask_phone, mask_resident_id

    conn = _open_readonly()
    hits = search.search(conn, args.text, limit=args.limit)
    rows = [
        {
            "kind": h.kind,
            "id": h.ref_id,
            "household_id": h.household_id,
            "grid": h.grid_code,
            "name": h.name,
            "address": h.address,
            "id_number": mask_resident_id(h.id_number) if h.id_number else "",
            "phone": mask_phone(h.phone) if h.phone else "",
            "matched": h.matched,
        }
        for h in hits
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not rows:
        print(translate("core", MSG_NO_HITS).format(text=args.text))
    else:
        for r in rows:
            print(
                "\t".join([r["name"] or "—", r["id_number"], r["phone"], r["address"], r["grid"]])
            )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from luzsong_grid.reports import period, scope, stats

    conn = _open_readonly()
    chosen = scope.resolve(conn, args.scope)
    span = period.parse(args.period, today=args.today)
    result = stats.compute(conn, scope=chosen, period=span, today=args.today)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{result['scope']['name']}  {result['period']['label']}")
    for section in ("territory", "visits", "services", "disputes", "events"):
        print(f"\n[{section}]")
        for key, value in result[section].items():
            print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from luzsong_grid.store import backup

    info = backup.backup(_existing_db(), Path(args.file) if args.file else None)
    print(translate("core", MSG_BACKED_UP).format(path=info.path, size=info.size // 1024))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from luzsong_grid.store import backup

    kept = backup.restore(Path(args.file), paths.database_path())
    print(translate("core", MSG_RESTORED).format(path=args.file, kept=kept or "—"))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from luzsong_grid.excel import roster_cli

    return roster_cli.run(args, _existing_db())


def cmd_export(args: argparse.Namespace) -> int:
    from luzsong_grid.excel import export_cli

    conn = _open_readonly()
    try:
        return export_cli.run(args, conn, _existing_db())
    finally:
        conn.close()


def cmd_gui(args: argparse.Namespace) -> int:
    from luzsong_grid.ui.app import run

    return run()


COMMANDS = {
    "backup": cmd_backup,
    "restore": cmd_restore,
    "demo": cmd_demo,
    "search": cmd_search,
    "stats": cmd_stats,
    "gui": cmd_gui,
    "import": cmd_import,
    "export": cmd_export,
    "password": cmd_password,
}


class RedactingFormatter(logging.Formatter):
    """Keeps residents out of the log file (which is not encrypted): every
    run of Chinese characters (names, addresses; our own log messages are
    English) and every digit run shaped like an ID or mobile number is
    replaced, in messages and tracebacks alike."""

    _CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
    _ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)")
    _PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        text = self._ID.sub("[id]", text)
        text = self._PHONE.sub("[phone]", text)
        return self._CJK.sub("[…]", text)


def _setup_logging() -> str:
    """Log to a rotating file in the data folder; returns its path."""
    from logging.handlers import RotatingFileHandler

    log_dir = paths.log_dir()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            log_dir / "luzsong-grid.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.ERROR)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(log_dir / "luzsong-grid.log")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    if args.lang:
        os.environ["LUZSONG_GRID_LANG"] = args.lang
    log_file = _setup_logging()
    from luzsong_grid.server import cli as server_cli

    handler = {**COMMANDS, **server_cli.COMMANDS}[args.command or "gui"]
    try:
        if args.command in LOCAL_COMMANDS:
            unlock_database(args)
        elif args.command in OFFICE_COMMANDS:
            office_key(args)
        code = handler(args)
        sys.stdout.flush()  # a closed pipe must fail here, not at exit
        return code
    except UserError as exc:
        print(exc.localized(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read the output stopped early (``luzsong-grid search 王 | head``):
        # nothing went wrong. Point stdout at devnull so the exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception:
        log.exception("unexpected error in %s", args.command or "gui")
        print(translate("core", MSG_UNEXPECTED).format(log=log_file), file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
