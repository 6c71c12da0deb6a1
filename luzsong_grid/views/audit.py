"""The audit trail for reading: who changed what, when, from which device."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

# What an audit row's table name reads as.
_LABEL_FIELDS = {
    "person": "name",
    "household": "address",
    "dispute": "case_no",
    "event": "event_no",
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    account: str  # display name, or the account id when unknown
    device_id: str
    table_name: str
    row_id: str
    action: str
    changes: dict[str, object]


def audit_entries(
    conn: sqlite3.Connection,
    *,
    grids: tuple[str, ...] | None,
    text: str = "",
    limit: int = 500,
    before_seq: int | None = None,
) -> list[AuditEntry]:
    """The newest audit entries first, limited to rows of ``grids`` (None:
    all) where the audited row carries a grid; ``text`` filters by user name,
    table, action or content."""
    where = ["1 = 1"]
    params: list[object] = []
    if before_seq is not None:
        where.append("a.seq < ?")
        params.append(before_seq)
    if text:
        like = f"%{text}%"
        where.append(
            "(coalesce(u.display_name, '') LIKE ? OR u.username LIKE ? OR a.table_name LIKE ? "
            "OR a.action LIKE ? OR a.changes LIKE ?)"
        )
        params += [like] * 5
    rows = conn.execute(
        "SELECT a.seq, a.at, coalesce(u.display_name, a.account_id), a.device_id, a.table_name, "
        "a.row_id, a.action, a.changes FROM audit_log a LEFT JOIN account u ON u.id = a.account_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.seq DESC LIMIT ?",
        (*params, limit * 3 if grids is not None else limit),
    ).fetchall()
    entries = []
    allowed = set(grids) if grids is not None else None
    grid_of: dict[tuple[str, str], str | None] = {}
    for seq, at, account, device, table, row_id, action, changes in rows:
        if allowed is not None:
            key = (table, row_id)
            if key not in grid_of:
                grid_of[key] = _grid_of(conn, table, row_id)
            grid = grid_of[key]
            if grid is None or grid not in allowed:
                continue
        try:
            parsed = json.loads(changes) if changes else {}
        except ValueError:
            parsed = {"raw": changes}
        entries.append(
            AuditEntry(
                int(seq),
                str(at)[:19],
                str(account or "—"),
                device,
                table,
                row_id,
                action,
                parsed if isinstance(parsed, dict) else {"value": parsed},
            )
        )
        if len(entries) >= limit:
            break
    return entries


def _grid_of(conn: sqlite3.Connection, table: str, row_id: str) -> str | None:
    if not row_id or not table.isidentifier():
        return None
    try:
        row = conn.execute(f"SELECT grid_code FROM {table} WHERE id = ?", (row_id,)).fetchone()
    except sqlite3.OperationalError:  # the table has no grid (catalogues, territory)
        return None
    return str(row[0]) if row and row[0] else None
