"""Local sign-in and what each role may see and do (Qt-free).

Signing in unlocks the laptop's encrypted database: the keyring beside it
(:mod:`luzsong_grid.store.crypto`) gives the data key only for a local
account's right password. The database's account row then decides whether
the account may work (not disabled) and as what. A signed-in user becomes a
:class:`UserContext`: their actor for the store, their grids, their report
scope and their privacy rights.

A database an older version left unencrypted has no keyring: its argon2
password hashes decide, and :func:`unlock` makes the keyring (the database
is then encrypted when the store opens with the key).

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
from luzsong_grid.store.db import connect_raw, is_encrypted, is_plaintext, key_for, register_key

MSG_BAD_LOGIN = QT_TRANSLATE_NOOP("core", "Wrong user name or password.")
MSG_NO_KEYRING = QT_TRANSLATE_NOOP(
    "core",
    "The key file of this computer's database is missing ({path}), so the database "
    "cannot be unlocked. Restore the data folder from a copy, or ask the community office.",
)
MSG_LOCKED_STORE = QT_TRANSLATE_NOOP(
    "core", "Sign in first: the database is encrypted and has not been unlocked."
)
MSG_SHORT_PASSWORD = QT_TRANSLATE_NOOP("core", "The password needs at least 8 characters.")
MIN_PASSWORD = 8
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


def _check_legacy_password(db_path: Path, username: str, password: str) -> None:
    """An unencrypted database's own check: the argon2 hash in its account row."""
    conn = connect_raw(db_path, readonly=True)
    try:
        row = conn.execute(
            "SELECT password_hash FROM account WHERE username = ? AND deleted = 0",
            (username.strip(),),
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        verify_password("", password)
        raise UserError(MSG_BAD_LOGIN)
    if not row[0]:
        raise UserError(MSG_NO_PASSWORD)
    if not verify_password(row[0], password):
        raise UserError(MSG_BAD_LOGIN)


def _same_password_accounts(db_path: Path, username: str, password: str) -> list[str]:
    """The other local accounts of an unencrypted database whose password is
    ``password`` too (the demo accounts share one): whoever knows it could
    sign in as them already, so they keep working once it is encrypted."""
    conn = connect_raw(db_path, readonly=True)
    try:
        rows = conn.execute(
            "SELECT username, password_hash FROM account "
            "WHERE deleted = 0 AND password_hash != '' AND username != ?",
            (username.strip(),),
        ).fetchall()
    finally:
        conn.close()
    return [name for name, stored in rows if verify_password(stored, password)]


def unlock(db_path: Path, username: str, password: str, *, encrypt: bool = True) -> bytes | None:
    """The data key of the database at ``db_path``, for ``username``'s
    right password; UserError otherwise (the same message whether the user
    name or the password is wrong).

    An unencrypted database without a keyring (an older version's) is
    checked against its password hashes; with ``encrypt`` a new data key is
    made and sealed for this account (and every account with the same
    password) and returned: opening the store with it encrypts the file.
    Without ``encrypt`` such a database gives None (it stays as it is)."""
    from luzsong_grid.store.crypto import Keyring, keyring_path, new_key

    ring = Keyring.for_database(db_path)
    if ring is not None and len(ring):
        key = ring.unwrap(username, password)
        if key is None:
            raise UserError(MSG_BAD_LOGIN)
        return key
    if is_encrypted(db_path):
        raise UserError(MSG_NO_KEYRING, path=str(keyring_path(db_path)))
    if not db_path.exists():
        verify_password("", password)
        raise UserError(MSG_BAD_LOGIN)
    _check_legacy_password(db_path, username, password)
    if not encrypt:
        return None
    key = new_key()
    ring = Keyring(keyring_path(db_path))
    for name in [username, *_same_password_accounts(db_path, username, password)]:
        ring.set_user(name, password, key)
    ring.save()
    return key


def account_context(db_path: Path, username: str) -> UserContext:
    """The signed-in account's context, once its password was checked:
    refused when the account is gone or disabled."""
    conn = connect_raw(db_path, readonly=True)
    try:
        row = conn.execute(
            "SELECT id, disabled FROM account WHERE username = ? AND deleted = 0",
            (username.strip(),),
        ).fetchone()
        if row is None:
            raise UserError(MSG_BAD_LOGIN)
        if row[1]:
            raise UserError(MSG_DISABLED)
        return load_user(conn, row[0])
    finally:
        conn.close()


def sign_in(db_path: Path, username: str, password: str) -> UserContext:
    """Check a local account's password (the idle lock, the command line,
    tests) and return its context. An encrypted database is unlocked (its
    key registered for this process); an unencrypted one is left as it is
    (opening the store with the key encrypts it: see :func:`unlock`)."""
    key = unlock(db_path, username, password, encrypt=False)
    if key is not None:
        registered = key_for(db_path)
        if registered is not None and registered != key:
            raise UserError(MSG_BAD_LOGIN)
        if registered is None and not is_plaintext(db_path):
            register_key(db_path, key)
    return account_context(db_path, username)


def set_local_password(db_path: Path, username: str, password: str) -> None:
    """Let ``username`` sign in on this computer with ``password``: the data
    key is sealed for them (again: an old entry is replaced) and their
    account row gets the matching hash. The database must be unlocked (a
    signed-in admin, or the user themselves)."""
    from luzsong_grid.i18n import FieldError
    from luzsong_grid.store.crypto import Keyring, keyring_path

    if len(password) < MIN_PASSWORD:
        raise FieldError("password", MSG_SHORT_PASSWORD)
    key = key_for(db_path)
    ring = Keyring.for_database(db_path)
    if key is None and (ring is not None or is_encrypted(db_path)):
        raise UserError(MSG_LOCKED_STORE)
    conn = connect_raw(db_path)
    try:
        with conn:
            done = conn.execute(
                "UPDATE account SET password_hash = ? WHERE username = ? AND deleted = 0",
                (hash_password(password), username.strip()),
            ).rowcount
    finally:
        conn.close()
    if not done:
        raise UserError(MSG_BAD_LOGIN)
    if key is not None:
        ring = ring or Keyring(keyring_path(db_path))
        ring.set_user(username, password, key)
        ring.save()


def change_password(db_path: Path, username: str, old: str, new: str) -> None:
    """A user's own password change: the old one must unlock, the new one
    seals the data key in its place (the old one no longer opens anything)."""
    key = unlock(db_path, username, old, encrypt=False)
    if key is None:
        _check_legacy_password(db_path, username, old)
    elif key_for(db_path) is None:
        if is_plaintext(db_path):  # its keyring was made, the file not yet encrypted
            from luzsong_grid.store.backup import encrypt_in_place

            encrypt_in_place(db_path, key)
        register_key(db_path, key)
    set_local_password(db_path, username, new)
