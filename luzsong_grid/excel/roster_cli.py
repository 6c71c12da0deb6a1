"""``luzsong-grid import households FILE.xlsx``: the roster import on the command line.

Checks the file (the preview), writes the rejected rows to ``--report`` if
asked, then imports the accepted rows unless ``--dry-run``. Changes are made
as the system actor of this device (the command line has no sign-in); the
desktop client imports as the signed-in account.

Exit status: 0 when at least one row was accepted (new, updated or already
registered), 1 when no row could be imported, 2 when the file itself cannot
be imported (not Excel, password, open elsewhere, no header; the message
says which), as for every command.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, translate

MSG_SUMMARY = QT_TRANSLATE_NOOP(
    "core",
    "{file}: {rows} rows: {new} new, {update} updated, {unchanged} already registered, "
    "{duplicate} duplicates, {error} errors, {skipped} skipped; {households} new households.",
)
MSG_DRY_RUN = QT_TRANSLATE_NOOP("core", "Dry run: nothing was written.")
MSG_DONE = QT_TRANSLATE_NOOP(
    "core",
    "Imported: {persons} new persons, {updated} persons updated, {households} new households, "
    "{tags} categories added.",
)
MSG_UP_TO_DATE = QT_TRANSLATE_NOOP(
    "core", "Nothing to write: every accepted row is already registered as it is."
)
MSG_NOTHING = QT_TRANSLATE_NOOP("core", "Nothing could be imported.")
MSG_REPORT_AT = QT_TRANSLATE_NOOP("core", "Rejected rows and their reasons: {path}")
MSG_ROW = QT_TRANSLATE_NOOP("core", "Sheet “{sheet}”, row {row} ({verdict}): {reason}")
MSG_MORE = QT_TRANSLATE_NOOP("core", "… and {count} more (--report writes them all to a workbook).")
SHOWN_ROWS = 20


def add_parser(sub: Any) -> None:
    """The ``import`` subcommand (``sub``: the parser's subparsers)."""
    parser = sub.add_parser("import", help="import a household/person roster from Excel")
    parser.add_argument(
        "kind", choices=["households"], help="what the file lists: households and their members"
    )
    parser.add_argument("file", help="the roster (.xlsx or .xls)")
    parser.add_argument("--grid", metavar="CODE", help="grid (code or name) of rows naming none")
    parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    parser.add_argument(
        "--report", metavar="ERRORS.xlsx", help="write the rejected rows and why to a workbook"
    )
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON")


def run(args: argparse.Namespace, database: Any) -> int:
    from luzsong_grid.excel import roster
    from luzsong_grid.store.db import Actor, open_store

    store = open_store(database)
    try:
        actor = Actor.system(store.device_id)
        plan = roster.preview(store, args.file, actor=actor, grid=args.grid)
        if args.report:
            roster.write_error_report(plan, args.report)
        result = None
        if not args.dry_run and plan.changes:
            result = roster.apply(store, plan)
    finally:
        store.close()
    status = 0 if plan.accepted else 1
    if args.json:
        out = plan.summary()
        out["dry_run"] = bool(args.dry_run)
        out["written"] = vars(result) if result is not None else None
        out["report"] = args.report
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return status
    for warning in plan.warnings:
        print(warning.text(), file=sys.stderr)
    counts = plan.counts()
    print(
        translate("core", MSG_SUMMARY).format(
            file=args.file, rows=len(plan.rows), households=plan.households_new, **counts
        )
    )
    shown = [r for r in plan.rows if r.verdict in roster.REJECTED]
    for row in shown[:SHOWN_ROWS]:
        verdict = translate("core", roster.VERDICT_LABELS[row.verdict.value])
        print(
            translate("core", MSG_ROW).format(
                sheet=row.sheet, row=row.row, verdict=verdict, reason=row.reason_text()
            )
        )
    if len(shown) > SHOWN_ROWS:
        print(translate("core", MSG_MORE).format(count=len(shown) - SHOWN_ROWS))
    if args.report:
        print(translate("core", MSG_REPORT_AT).format(path=args.report))
    if not plan.accepted:
        print(translate("core", MSG_NOTHING), file=sys.stderr)
    elif args.dry_run:
        print(translate("core", MSG_DRY_RUN))
    elif result is None:
        print(translate("core", MSG_UP_TO_DATE))
    else:
        tags = result.person_tags_new + result.household_tags_new
        print(
            translate("core", MSG_DONE).format(
                persons=result.persons_new,
                updated=result.persons_updated,
                households=result.households_new,
                tags=tags,
            )
        )
    return status
