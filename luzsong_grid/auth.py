"""Local sign-in and what each role may see and do (Qt-free).

Passwords are argon2 hashes (argon2-cffi). A signed-in user becomes a
:class:`UserContext`: their actor for the store, their grids, their report
scope and their privacy rights.

Privacy decisions (PIPL; DOMAIN.md §10):
- ID and phone numbers are masked everywhere by default. Revealing one is an
  audited action allowed to workers (in their own grids: they phone and
  check residents), community staff and admins; supervisors see masked
  numbers only (they read reports, not people).
- Sensitive tags (key persons, health) are visible to workers in their own
  grids, community staff and admins; supervisors see them only as counts.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.reports.scope import Scope, district
from luzsong_grid.store.db import connect_raw

MSG_BAD_LOGIN = QT_TRANSLATE_NOOP("core", "Wrong user name or password.")
MSG_DISABLED = QT_TRANSLATE_NOOP("core", "This account is disabled. Ask the community office.")
MSG_NO_PASSWORD = QT_TRANSLATE_NOOP(
    "core", "This account has no password on this computer yet. Ask the community office."
)

REVEAL_ROLES = frozenset({"worker", "staff", "admin"})
SENSITIVE_ROLES = frozenset({"worker", "staff", "admin"})


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    if not stored_hash:
        return False
    try:
        return PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserContext:
    account_id: str
    username: str
    display_name: str
    role: str
    scope_code: str
    grids: tuple[str, ...]  # a worker's grids; every grid of the scope otherwise
    scope: Scope

    @property
    def can_reveal(self) -> bool:
        return self.role in REVEAL_ROLES

    @property
    def sees_sensitive(self) -> bool:
        return self.role in SENSITIVE_ROLES

    @property
    def can_write(self) -> bool:
        return self.role != "supervisor"


def _scope_for(
    conn: sqlite3.Connection, role: str, scope_code: str, grids: tuple[str, ...]
) -> Scope:
    if role == "worker":
        names = dict(conn.execute("SELECT code, name FROM grid WHERE deleted = 0"))
        label = "、".join(names.get(g, g) for g in grids) or "—"
        return Scope("grid", grids[0] if grids else "", label, grids)
    if role in ("staff", "supervisor") and scope_code:
        table = "community" if len(scope_code) == 12 else "street"
        row = conn.execute(f"SELECT name FROM {table} WHERE code = ?", (scope_code,)).fetchone()
        if table == "community":
            found = conn.execute(
                "SELECT code FROM grid WHERE deleted = 0 AND community_code = ? ORDER BY code",
                (scope_code,),
            )
        else:
            found = conn.execute(
                "SELECT g.code FROM grid g JOIN community c ON c.code = g.community_code "
                "WHERE g.deleted = 0 AND c.street_code = ? ORDER BY g.code",
                (scope_code,),
            )
        codes = tuple(r[0] for r in found)
        return Scope(table, scope_code, row[0] if row else scope_code, codes)
    return district()


def load_user(conn: sqlite3.Connection, account_id: str) -> UserContext:
    row = conn.execute(
        "SELECT id, username, display_name, role, scope_code FROM account WHERE id = ?",
        (account_id,),
    ).fetchone()
    if row is None:
        raise UserError(MSG_BAD_LOGIN)
    grids = tuple(
        r[0]
        for r in conn.execute(
            "SELECT grid_code FROM account_grid WHERE account_id = ? AND deleted = 0 "
            "ORDER BY grid_code",
            (account_id,),
        )
    )
    scope = _scope_for(conn, row[3], row[4], grids)
    return UserContext(
        account_id=row[0],
        username=row[1],
        display_name=row[2],
        role=row[3],
        scope_code=row[4],
        grids=grids if row[3] == "worker" else (scope.grids or ()),
        scope=scope,
    )


def sign_in(db_path: Path, username: str, password: str) -> UserContext:
    """Check a local account's password; the same message for every failure
    that could tell a stranger which user names exist."""
    conn = connect_raw(db_path, readonly=True)
    try:
        row = conn.execute(
            "SELECT id, password_hash, disabled FROM account WHERE username = ? AND deleted = 0",
            (username.strip(),),
        ).fetchone()
        if row is None:
            verify_password("", password)
            raise UserError(MSG_BAD_LOGIN)
        account_id, stored, disabled = row
        if not stored:
            raise UserError(MSG_NO_PASSWORD)
        if not verify_password(stored, password):
            raise UserError(MSG_BAD_LOGIN)
        if disabled:
            raise UserError(MSG_DISABLED)
        return load_user(conn, account_id)
    finally:
        conn.close()
