"""Who may export full ID and phone numbers (DOMAIN.md §10, PIPL).

Decision: exports mask ID and phone numbers. Full numbers go out only when a
named account asks for them explicitly, and only:

- administrators (``admin``): any scope;
- community staff (``staff``): their own community, or grids in it.

Grid workers call or check a resident one at a time on screen (an audited
reveal), and supervisors read reports, not people: neither takes a bulk file
of full numbers away. Every export with full numbers is written to the audit
log before the file is made, so an export that cannot be audited is not made.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.reports.scope import Scope

UNMASK_ROLES = frozenset({"admin", "staff"})

MSG_NEEDS_USER = QT_TRANSLATE_NOOP(
    "core",
    "Full ID and phone numbers are exported only for a named account: add --as USERNAME.",
)
MSG_UNKNOWN_USER = QT_TRANSLATE_NOOP("core", "There is no active account called “{name}”.")
MSG_DENIED = QT_TRANSLATE_NOOP(
    "core",
    "{name} may not export full ID and phone numbers: only administrators and community staff may.",
)
MSG_OUT_OF_COMMUNITY = QT_TRANSLATE_NOOP(
    "core",
    "{name} may export full ID and phone numbers only for their own community ({community}).",
)


@dataclass(frozen=True)
class Exporter:
    """The account an export is made for."""

    account_id: str
    username: str
    display_name: str
    role: str
    scope_code: str  # staff: their community's code


def find_user(conn: sqlite3.Connection, username: str) -> Exporter:
    row = conn.execute(
        "SELECT id, username, display_name, role, scope_code FROM account "
        "WHERE username = ? AND deleted = 0 AND disabled = 0",
        (username.strip(),),
    ).fetchone()
    if row is None:
        raise UserError(MSG_UNKNOWN_USER, name=username)
    return Exporter(*(str(v) for v in row))


def check_unmasked(conn: sqlite3.Connection, user: Exporter | None, scope: Scope) -> None:
    """Raise UserError unless ``user`` may export full numbers for ``scope``."""
    if user is None:
        raise UserError(MSG_NEEDS_USER)
    if user.role not in UNMASK_ROLES:
        raise UserError(MSG_DENIED, name=user.username)
    if user.role == "admin":
        return
    own = {
        r[0]
        for r in conn.execute(
            "SELECT code FROM grid WHERE deleted = 0 AND community_code = ?", (user.scope_code,)
        )
    }
    if scope.grids is None or not own or not set(scope.grids) <= own:
        row = conn.execute(
            "SELECT name FROM community WHERE code = ?", (user.scope_code,)
        ).fetchone()
        raise UserError(
            MSG_OUT_OF_COMMUNITY,
            name=user.username,
            community=str(row[0]) if row else user.scope_code or "—",
        )


def audit_unmasked(db_path: Path | str, user: Exporter, details: dict[str, Any]) -> None:
    """Record in the audit log that ``user`` exported full numbers."""
    from luzsong_grid.store.db import connect_raw, user_errors

    with user_errors(db_path):
        conn = connect_raw(db_path)
        try:
            device = conn.execute("SELECT value FROM sync_state WHERE key = 'device_id'").fetchone()
            with conn:
                conn.execute(
                    "INSERT INTO audit_log (at, hlc, account_id, device_id, table_name, row_id, "
                    "action, changes) VALUES (?, '', ?, ?, ?, '', 'export_unmasked', ?)",
                    (
                        datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f"),
                        user.account_id,
                        device[0] if device else "",
                        str(details.get("ledger", "")),
                        json.dumps(details, ensure_ascii=False, sort_keys=True),
                    ),
                )
        finally:
            conn.close()
