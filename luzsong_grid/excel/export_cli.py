"""``luzsong-grid export``: the report and the ledgers as Excel files.

    luzsong-grid export report [--period 2026-10|2026-Q3|2026] [--scope ...] -o FILE.xlsx
    luzsong-grid export ledger {visits,disputes,services,events} --from DATE --to DATE
        [--scope ...] -o FILE.xlsx [--unmasked --as USERNAME]

Imports nothing heavy until a command runs.
"""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, translate

LEDGER_KINDS = ("visits", "disputes", "services", "events")

MSG_BAD_DATE = QT_TRANSLATE_NOOP("core", "“{text}” is not a date (use 2026-11-27).")
MSG_BAD_RANGE = QT_TRANSLATE_NOOP("core", "The start date {start} is after the end date {end}.")
MSG_NOT_XLSX = QT_TRANSLATE_NOOP("core", "Give a file name ending in .xlsx: {path}")
MSG_REPORT_SAVED = QT_TRANSLATE_NOOP("core", "Report saved: {path} ({grids} grids).")
MSG_NIL_REPORT_SAVED = QT_TRANSLATE_NOOP(
    "core", "Nil report saved (nothing was recorded in the period): {path}"
)
MSG_LEDGER_SAVED = QT_TRANSLATE_NOOP("core", "Ledger saved: {path} ({rows} records).")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            translate("core", MSG_BAD_DATE).format(text=text)
        ) from None


def add_parser(sub: Any) -> None:
    export = sub.add_parser("export", help="Excel for the office: the report or a ledger")
    what = export.add_subparsers(dest="export_what", metavar="WHAT", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--scope",
            help="district | street:NAME | community:NAME | grid:CODE (default: district)",
        )
        parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
        parser.add_argument(
            "--as", dest="as_user", metavar="USERNAME", help="the account the file is made for"
        )
        parser.add_argument("--today", type=_day, help=argparse.SUPPRESS)

    report = what.add_parser("report", help="the monthly, quarterly or yearly report")
    report.add_argument(
        "--period", help="2026-10, 2026-Q3 or 2026 (default: the last complete month)"
    )
    common(report)

    ledger = what.add_parser("ledger", help="a ledger (台账): one record a row")
    ledger.add_argument("kind", choices=LEDGER_KINDS)
    ledger.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE")
    ledger.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE")
    ledger.add_argument(
        "--unmasked",
        action="store_true",
        help="full ID and phone numbers (only with --as an admin or community staff account)",
    )
    common(ledger)


def _output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UserError(MSG_NOT_XLSX, path=str(path))
    return path


def _progress() -> Any:
    """A percentage on stderr when someone is watching it."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        print(f"\r{percent:3d}%", end="", file=sys.stderr, flush=True)

    return show


def last_complete_month(today: date) -> str:
    previous = today.replace(day=1) - timedelta(days=1)
    return f"{previous.year:04d}-{previous.month:02d}"


def run(args: argparse.Namespace, conn: sqlite3.Connection, db_path: Path) -> int:
    from luzsong_grid.excel import access
    from luzsong_grid.reports import period as periods
    from luzsong_grid.reports import scope as scopes

    output = _output(args.output)
    today = args.today or date.today()
    chosen = scopes.resolve(conn, args.scope)
    user = access.find_user(conn, args.as_user) if args.as_user else None
    made_by = user.display_name if user else getpass.getuser()
    progress = _progress()
    try:
        if args.export_what == "report":
            from luzsong_grid.excel.report import write_report

            span = periods.parse(args.period or last_complete_month(today), today=today)
            result = write_report(
                conn,
                output,
                scope=chosen,
                period=span,
                made_by=made_by,
                today=today,
                progress=progress,
            )
            message = MSG_NIL_REPORT_SAVED if result.nil else MSG_REPORT_SAVED
            text = translate("core", message).format(path=result.path, grids=result.grids)
        else:
            from luzsong_grid.excel.ledgers import write_ledger

            if args.start > args.end:
                raise UserError(MSG_BAD_RANGE, start=args.start, end=args.end)
            if args.unmasked:
                access.check_unmasked(conn, user, chosen)
                assert user is not None
                access.audit_unmasked(
                    db_path,
                    user,
                    {
                        "ledger": args.kind,
                        "scope": f"{chosen.kind}:{chosen.code}",
                        "from": args.start.isoformat(),
                        "to": args.end.isoformat(),
                        "file": output.name,
                    },
                )
            done = write_ledger(
                conn,
                output,
                args.kind,
                scope=chosen,
                start=args.start,
                end=args.end,
                made_by=made_by,
                unmasked=args.unmasked,
                today=today,
                progress=progress,
            )
            text = translate("core", MSG_LEDGER_SAVED).format(path=done.path, rows=done.rows)
    finally:
        if progress is not None:
            print("\r", end="", file=sys.stderr)
    print(text)
    return 0
