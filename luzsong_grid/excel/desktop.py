"""What the desktop client's Excel dialogs need from the core, Qt-free.

- :func:`visible_places`: the grids a signed-in account may export, with
  their community and street, so the dialog can offer a street → community →
  grid choice limited to what the account sees (its report scope).
- :func:`report_file_name`, :func:`ledger_file_name`: the suggested file
  names (芦淞区_2026年10月_月报.xlsx).
- :func:`export_report`, :func:`export_ledger`: one export from start to
  finish on a worker thread: its own read-only connection, the access check
  and audit entry for full numbers (:mod:`.access`), then the writer with
  the dialog's progress callback and cancel flag.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from luzsong_grid.excel.common import Cancel, Progress, pick
from luzsong_grid.reports.period import Period
from luzsong_grid.reports.scope import Scope

LEDGER_KINDS = ("visits", "disputes", "services", "events")
_REPORT_KINDS = {
    "month": ("月报", "monthly report"),
    "quarter": ("季报", "quarterly report"),
    "year": ("年报", "yearly report"),
}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    name_en: str

    def label(self, lang: str) -> str:
        return self.name_en or self.name if lang == "en" else self.name


@dataclass(frozen=True)
class GridPlace(Place):
    community: Place
    street: Place


def visible_places(conn: sqlite3.Connection, grids: Collection[str] | None) -> list[GridPlace]:
    """The grids in ``grids`` (None: every grid), with their community and
    street, ordered by code."""
    sql = (
        "SELECT g.code, g.name, coalesce(g.name_en, ''), c.code, c.name, "
        "coalesce(c.name_en, ''), s.code, s.name, coalesce(s.name_en, '') "
        "FROM grid g JOIN community c ON c.code = g.community_code "
        "JOIN street s ON s.code = c.street_code WHERE g.deleted = 0"
    )
    params: tuple[str, ...] = ()
    if grids is not None:
        params = tuple(sorted(grids))
        if not params:
            return []
        sql += f" AND g.code IN ({','.join('?' * len(params))})"
    return [
        GridPlace(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            community=Place(str(r[3]), str(r[4]), str(r[5])),
            street=Place(str(r[6]), str(r[7]), str(r[8])),
        )
        for r in conn.execute(sql + " ORDER BY g.code", params)
    ]


def safe_file_name(text: str) -> str:
    """``text`` with the characters Windows refuses in file names replaced."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned or "export"


def report_file_name(scope_name: str, period: Period, lang: str) -> str:
    """芦淞区_2026年10月_月报.xlsx / Lusong District_October 2026_monthly report.xlsx"""
    from luzsong_grid.excel.report import period_title

    zh, en = _REPORT_KINDS.get(period.kind, ("报表", "report"))
    parts = (scope_name, period_title(period, lang), pick(lang, zh, en))
    return safe_file_name("_".join(parts)) + ".xlsx"


def ledger_file_name(scope_name: str, kind: str, start: date, end: date, lang: str) -> str:
    """芦淞区_走访台账_2026-10-01至2026-10-31.xlsx"""
    from luzsong_grid.excel.ledgers import TITLES

    zh, en = TITLES[kind]
    span = pick(lang, f"{start}至{end}", f"{start} to {end}")
    return safe_file_name("_".join((scope_name, pick(lang, zh, en), span))) + ".xlsx"


def export_report(
    db_path: Path,
    target: Path,
    *,
    scope: Scope,
    period: Period,
    made_by: str,
    lang: str,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    today: date | None = None,
) -> tuple[Path, int, bool]:
    """Write the report; returns (path, grids, nil report)."""
    from luzsong_grid.excel.report import write_report
    from luzsong_grid.store.db import connect_raw

    conn = connect_raw(db_path, readonly=True)
    try:
        result = write_report(
            conn,
            target,
            scope=scope,
            period=period,
            made_by=made_by,
            lang=lang,
            today=today,
            progress=progress,
            cancel=cancel,
        )
    finally:
        conn.close()
    return result.path, result.grids, result.nil


def export_ledger(
    db_path: Path,
    target: Path,
    kind: str,
    *,
    scope: Scope,
    start: date,
    end: date,
    username: str,
    made_by: str,
    lang: str,
    unmasked: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> tuple[Path, int]:
    """Write a ledger; returns (path, records). With ``unmasked``, the
    account ``username`` must be allowed full numbers for ``scope``
    (:func:`.access.check_unmasked`) and the export is audited first."""
    from luzsong_grid.excel import access
    from luzsong_grid.excel.ledgers import write_ledger
    from luzsong_grid.store.db import connect_raw

    conn = connect_raw(db_path, readonly=True)
    try:
        if unmasked:
            user = access.find_user(conn, username)
            access.check_unmasked(conn, user, scope)
            access.audit_unmasked(
                db_path,
                user,
                {
                    "ledger": kind,
                    "scope": f"{scope.kind}:{scope.code}",
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    "file": target.name,
                },
            )
        result = write_ledger(
            conn,
            target,
            kind,
            scope=scope,
            start=start,
            end=end,
            made_by=made_by,
            unmasked=unmasked,
            lang=lang,
            progress=progress,
            cancel=cancel,
        )
    finally:
        conn.close()
    return result.path, result.rows
