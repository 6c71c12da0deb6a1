"""Accounts, devices and tokens at the office (Qt-free; used by the CLI and the HTTP app).

Account changes made here (add, disable, grid reassignment) are written
like any office change: version and stamps bumped and a ``sync_change_log``
row in the same transaction, so every laptop in scope pulls them (a worker
whose grids change gets ``scope_changed`` and re-syncs).

Tokens are 32 random bytes; only their sha256 is stored (``sync_token``).
Device keys are made on the laptop; only their sha256 is stored
(``sync_device.key_hash``). Every request is checked afresh by
:func:`authenticate`: token known and unexpired, account enabled, device
registered and not revoked, so disabling or revoking takes effect at once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection, Engine

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.ids import uuid7
from luzsong_grid.store.models import Account, AccountGrid, Community, Grid, Street
from luzsong_grid.sync.models import SyncDevice, SyncToken

if TYPE_CHECKING:
    from luzsong_grid.sync.server import Principal, SyncServer

ROLES = ("worker", "staff", "supervisor", "admin")
DEFAULT_TOKEN_TTL = timedelta(hours=12)

MSG_ROLE = QT_TRANSLATE_NOOP(
    "core", "Unknown role “{role}” (use worker, staff, supervisor, admin)."
)
MSG_USER_TAKEN = QT_TRANSLATE_NOOP("core", "The user name “{username}” is already taken.")
MSG_NO_USER = QT_TRANSLATE_NOOP("core", "There is no user “{username}”.")
MSG_NO_GRID = QT_TRANSLATE_NOOP("core", "There is no grid with the code {code}.")
MSG_WORKER_GRIDS = QT_TRANSLATE_NOOP("core", "A grid worker needs at least one grid (--grid CODE).")
MSG_STAFF_SCOPE = QT_TRANSLATE_NOOP(
    "core", "Community staff need the code of their community (--scope CODE)."
)
MSG_BAD_SCOPE = QT_TRANSLATE_NOOP(
    "core",
    "There is no such scope: {code} (staff: a community code; supervisors: a street code).",
)
MSG_ONLY_WORKERS = QT_TRANSLATE_NOOP("core", "Only grid workers are assigned grids.")
MSG_SHORT_PASSWORD = QT_TRANSLATE_NOOP("core", "The password must have at least 8 characters.")
MSG_BAD_KEY = QT_TRANSLATE_NOOP("core", "The device key must be 64 hexadecimal characters.")

_account_t = Account.__table__  # type: ignore[attr-defined]
_grid_link_t = AccountGrid.__table__  # type: ignore[attr-defined]
_grid_t = Grid.__table__  # type: ignore[attr-defined]
_community_t = Community.__table__  # type: ignore[attr-defined]
_street_t = Street.__table__  # type: ignore[attr-defined]
_device_t = SyncDevice.__table__  # type: ignore[attr-defined]
_token_t = SyncToken.__table__  # type: ignore[attr-defined]


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def sha256_hex(value: str | bytes) -> str:
    data = value.encode() if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


class AuthError(Exception):
    """A refused request: HTTP status, a stable code and an English message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# --------------------------------------------------------------------------
# Account rows, written with their change-log entries
# --------------------------------------------------------------------------


def _write_row(
    conn: Connection,
    server: SyncServer,
    table_name: str,
    row_id: str | None,
    values: dict[str, Any],
    *,
    by: str = "",
) -> dict[str, Any]:
    """Insert (``row_id`` None) or patch a synced row, stamped, and log it."""
    from luzsong_grid.sync.server import (
        AUTH_TABLES,
        OFFICE_NODE,
        auth_changed,
        lock_change_log,
        log_values,
    )
    from luzsong_grid.sync.tables import tables

    info = tables()[table_name]
    t = info.table
    lock_change_log(conn)
    if table_name in AUTH_TABLES:
        auth_changed(conn)
    stamp = server.clock.now()
    now = _now()
    row: dict[str, Any]
    if row_id is None:
        row = {
            c.name: getattr(c.default, "arg", None)
            for c in t.columns
            if c.default is not None and getattr(c.default, "is_scalar", False)
        }
        row.update(values)
        row.update(
            id=values.get("id") or uuid7(),
            version=1,
            hlc=stamp,
            field_hlc=None,
            deleted=values.get("deleted", False),
            created_at=now,
            updated_at=now,
        )
        conn.execute(insert(t).values(**row))
        fields = ["*"]
        old_grid = None
    else:
        current = conn.execute(select(t).where(t.c.id == row_id)).mappings().one()
        row = dict(current)
        old_grid = info.grid_of(row)
        changed = {k: v for k, v in values.items() if row.get(k) != v}
        if not changed:
            return row
        stamps = json.loads(row["field_hlc"]) if row.get("field_hlc") else {}
        stamps.update(dict.fromkeys(changed, stamp))
        upd = {
            **changed,
            "version": int(row["version"]) + 1,
            "hlc": stamp,
            "field_hlc": json.dumps(stamps, sort_keys=True),
            "updated_at": now,
        }
        conn.execute(update(t).where(t.c.id == row_id).values(**upd))
        row.update(upd)
        fields = sorted(changed)
    entry = log_values(
        info, row, fields=fields, old_grid=old_grid, device_id=OFFICE_NODE, account_id=by
    )
    conn.execute(insert(server_log_table()).values(**entry))
    return row


def server_log_table() -> Any:
    from luzsong_grid.sync.models import SyncChangeLog

    return SyncChangeLog.__table__  # type: ignore[attr-defined]


def _account_row(conn: Connection, username: str) -> dict[str, Any]:
    row = (
        conn.execute(
            select(_account_t).where(
                _account_t.c.username == username.strip(), _account_t.c.deleted.is_(False)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise UserError(MSG_NO_USER, username=username)
    return dict(row)


def _check_grids(conn: Connection, grids: Sequence[str]) -> list[str]:
    known = set(
        conn.execute(
            select(_grid_t.c.code).where(
                _grid_t.c.code.in_(list(grids)), _grid_t.c.deleted.is_(False)
            )
        ).scalars()
    )
    for code in grids:
        if code not in known:
            raise UserError(MSG_NO_GRID, code=code)
    return list(dict.fromkeys(grids))


def _check_scope(conn: Connection, role: str, scope_code: str) -> str:
    """Staff: their community's code; supervisors: a street code or "" (the district)."""
    scope_code = scope_code.strip()
    if role == "staff":
        if not scope_code:
            raise UserError(MSG_STAFF_SCOPE)
        table = _community_t
    elif role == "supervisor":
        if not scope_code:
            return ""
        table = _street_t
    else:
        return ""
    found = conn.execute(
        select(table.c.code).where(table.c.code == scope_code, table.c.deleted.is_(False))
    ).first()
    if found is None:
        raise UserError(MSG_BAD_SCOPE, code=scope_code)
    return scope_code


def add_user(
    server: SyncServer,
    *,
    username: str,
    role: str,
    password: str,
    display_name: str = "",
    scope_code: str = "",
    grids: Sequence[str] = (),
    by: str = "",
) -> dict[str, Any]:
    """Create an account (its password hashed with argon2) and its grids."""
    from luzsong_grid.auth import hash_password

    username = username.strip()
    if role not in ROLES:
        raise UserError(MSG_ROLE, role=role)
    if len(password) < 8:
        raise UserError(MSG_SHORT_PASSWORD)
    if role == "worker" and not grids:
        raise UserError(MSG_WORKER_GRIDS)
    if grids and role != "worker":
        raise UserError(MSG_ONLY_WORKERS)
    password_hash = hash_password(password)
    with server.transaction() as conn:
        taken = conn.execute(
            select(_account_t.c.id).where(_account_t.c.username == username)
        ).first()
        if taken is not None or not username:
            raise UserError(MSG_USER_TAKEN, username=username)
        scope = _check_scope(conn, role, scope_code)
        codes = _check_grids(conn, grids)
        row = _write_row(
            conn,
            server,
            "account",
            None,
            {
                "username": username,
                "display_name": display_name.strip() or username,
                "role": role,
                "scope_code": scope,
                "password_hash": password_hash,
                "disabled": False,
            },
            by=by,
        )
        for code in codes:
            _write_row(
                conn,
                server,
                "account_grid",
                None,
                {"account_id": row["id"], "grid_code": code},
                by=by,
            )
    return _public(row, codes)


def _public(row: dict[str, Any], grids: Sequence[str]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "username": row["username"],
        "display_name": row["display_name"],
        "role": row["role"],
        "scope_code": row["scope_code"],
        "grids": list(grids),
        "disabled": bool(row["disabled"]),
    }


def list_users(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        links: dict[str, list[str]] = {}
        for account_id, code in conn.execute(
            select(_grid_link_t.c.account_id, _grid_link_t.c.grid_code)
            .where(_grid_link_t.c.deleted.is_(False))
            .order_by(_grid_link_t.c.grid_code)
        ):
            links.setdefault(account_id, []).append(code)
        rows = conn.execute(
            select(_account_t)
            .where(_account_t.c.deleted.is_(False))
            .order_by(_account_t.c.username)
        ).mappings()
        return [_public(dict(r), links.get(r["id"], [])) for r in rows]


def set_disabled(server: SyncServer, username: str, disabled: bool = True, *, by: str = "") -> None:
    """Disable (or enable) an account; a disabled account's tokens die at once."""
    with server.transaction() as conn:
        row = _account_row(conn, username)
        _write_row(conn, server, "account", row["id"], {"disabled": disabled}, by=by)
        if disabled:
            conn.execute(
                update(_token_t).where(_token_t.c.account_id == row["id"]).values(revoked=True)
            )


def assign_grids(
    server: SyncServer, username: str, grids: Sequence[str], *, by: str = ""
) -> list[str]:
    """Make ``grids`` the worker's grids (grid reassignment). Returns them."""
    if not grids:
        raise UserError(MSG_WORKER_GRIDS)
    with server.transaction() as conn:
        row = _account_row(conn, username)
        if row["role"] != "worker":
            raise UserError(MSG_ONLY_WORKERS)
        codes = _check_grids(conn, grids)
        links = {
            r["grid_code"]: dict(r)
            for r in conn.execute(
                select(_grid_link_t).where(_grid_link_t.c.account_id == row["id"])
            ).mappings()
        }
        for code, link in links.items():
            if code not in codes and not link["deleted"]:
                _write_row(conn, server, "account_grid", link["id"], {"deleted": True}, by=by)
        for code in codes:
            found = links.get(code)
            if found is None:
                _write_row(
                    conn,
                    server,
                    "account_grid",
                    None,
                    {"account_id": row["id"], "grid_code": code},
                    by=by,
                )
            elif found["deleted"]:
                _write_row(conn, server, "account_grid", found["id"], {"deleted": False}, by=by)
    return codes


def set_password(server: SyncServer, username: str, password: str, *, by: str = "") -> None:
    from luzsong_grid.auth import hash_password

    if len(password) < 8:
        raise UserError(MSG_SHORT_PASSWORD)
    with server.transaction() as conn:
        row = _account_row(conn, username)
        _write_row(
            conn, server, "account", row["id"], {"password_hash": hash_password(password)}, by=by
        )


# --------------------------------------------------------------------------
# Tokens, devices, and the check of every request
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    token: str
    expires_at: datetime
    account_id: str
    username: str
    role: str
    device_id: str
    device_registered: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "expires_at": self.expires_at.isoformat(),
            "account_id": self.account_id,
            "username": self.username,
            "role": self.role,
            "device_id": self.device_id,
            "device_registered": self.device_registered,
        }


@dataclass(frozen=True)
class Caller:
    """An authenticated request: who, from which device, and their scope."""

    account_id: str
    username: str
    role: str
    device_id: str
    device_registered: bool
    principal: Principal


BAD_LOGIN = "Wrong user name or password."
DISABLED = "This account is disabled."
REVOKED = "This device's access was revoked by the office."


def _device(conn: Connection, device_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(_device_t).where(_device_t.c.id == device_id)).mappings().first()
    return dict(row) if row is not None else None


def _issue(
    conn: Connection, account: dict[str, Any], device_id: str, ttl: timedelta, now: datetime
) -> Issued:
    token = secrets.token_urlsafe(32)
    expires = now + ttl
    conn.execute(
        insert(_token_t).values(
            token_hash=sha256_hex(token),
            account_id=account["id"],
            device_id=device_id,
            created_at=now,
            expires_at=expires,
            revoked=False,
        )
    )
    device = _device(conn, device_id)
    return Issued(
        token=token,
        expires_at=expires,
        account_id=account["id"],
        username=account["username"],
        role=account["role"],
        device_id=device_id,
        device_registered=device is not None and not device["revoked"],
    )


@functools.cache
def _dummy_hash() -> str:
    from luzsong_grid.auth import hash_password

    return hash_password(secrets.token_hex(16))


def _write_tx(db: Engine | SyncServer) -> contextlib.AbstractContextManager[Connection]:
    """A write transaction: the office server's queue when given the server."""
    if isinstance(db, Engine):
        return db.begin()
    return db.transaction()


def _engine(db: Engine | SyncServer) -> Engine:
    return db if isinstance(db, Engine) else db.engine


def login(
    engine: Engine | SyncServer,
    username: str,
    password: str,
    device_id: str,
    *,
    ttl: timedelta = DEFAULT_TOKEN_TTL,
    now: datetime | None = None,
) -> Issued:
    """Check the password (argon2) and issue a token bound to ``device_id``."""
    from luzsong_grid.auth import verify_password

    now = now or _now()
    with _engine(engine).connect() as conn:
        row = (
            conn.execute(
                select(_account_t).where(
                    _account_t.c.username == username.strip(), _account_t.c.deleted.is_(False)
                )
            )
            .mappings()
            .first()
        )
    if row is None:
        verify_password(_dummy_hash(), password)  # the same time as a wrong password
        raise AuthError(401, "bad_login", BAD_LOGIN)
    account = dict(row)
    if not verify_password(account["password_hash"], password):
        raise AuthError(401, "bad_login", BAD_LOGIN)
    if account["disabled"]:
        raise AuthError(403, "account_disabled", DISABLED)
    with _write_tx(engine) as conn:
        device = _device(conn, device_id)
        if device is not None and device["revoked"]:
            raise AuthError(403, "device_revoked", REVOKED)
        return _issue(conn, account, device_id, ttl, now)


def refresh(
    engine: Engine | SyncServer,
    username: str,
    device_id: str,
    device_key: str,
    *,
    ttl: timedelta = DEFAULT_TOKEN_TTL,
    now: datetime | None = None,
) -> Issued:
    """A new token for a registered device, proven by its key (no password)."""
    now = now or _now()
    with _write_tx(engine) as conn:
        row = (
            conn.execute(
                select(_account_t).where(
                    _account_t.c.username == username.strip(), _account_t.c.deleted.is_(False)
                )
            )
            .mappings()
            .first()
        )
        device = _device(conn, device_id)
        try:
            key_hash = sha256_hex(bytes.fromhex(device_key))
        except ValueError:
            key_hash = ""
        if (
            row is None
            or device is None
            or device["account_id"] != row["id"]
            or not device["key_hash"]
            or not hmac.compare_digest(device["key_hash"], key_hash)
        ):
            raise AuthError(401, "bad_login", BAD_LOGIN)
        if row["disabled"]:
            raise AuthError(403, "account_disabled", DISABLED)
        if device["revoked"]:
            raise AuthError(403, "device_revoked", REVOKED)
        return _issue(conn, dict(row), device_id, ttl, now)


def authenticate(
    engine: Engine,
    token: str | None,
    *,
    require_device: bool = True,
    now: datetime | None = None,
    known_epoch: str | None = None,
    conn: Connection | None = None,
) -> Caller:
    """The caller of a request, checked afresh; AuthError when refused.
    ``known_epoch``: the database's auth epoch, when the caller just read it,
    and ``conn`` a connection to read through (several requests at once)."""
    from luzsong_grid.sync.server import CALLERS, auth_epoch, principal_of, reading

    if not token:
        raise AuthError(401, "unauthenticated", "Sign in first (Authorization: Bearer TOKEN).")
    now = now or _now()
    token_hash = sha256_hex(token)
    cached = CALLERS.get(engine, token_hash)
    if cached is not None:
        # A change made by another process (``luzsong-grid user disable``)
        # moved the database's auth epoch: look again.
        if known_epoch is None:
            with reading(engine, conn) as reader:
                known_epoch = auth_epoch(reader)
        if known_epoch != cached[2]:
            cached = None
    if cached is None:
        epoch = CALLERS.epoch
        with reading(engine, conn) as reader:
            db_epoch = auth_epoch(reader) if known_epoch is None else known_epoch
            tok = reader.execute(_token_query(), {"token_hash": token_hash}).first()
            if tok is None:
                raise AuthError(401, "unauthenticated", "Unknown token: sign in again.")
            if tok.a_id is None or tok.deleted:
                raise AuthError(401, "unauthenticated", "Unknown account: sign in again.")
            if tok.disabled:
                raise AuthError(403, "account_disabled", DISABLED)
            if tok.d_id is not None and tok.d_revoked:
                raise AuthError(403, "device_revoked", REVOKED)
            if tok.revoked:
                raise AuthError(401, "unauthenticated", "This token was withdrawn: sign in again.")
            principal = principal_of(
                reader, tok.account_id, str(tok.role), str(tok.scope_code or "")
            )
        cached = (_caller_of(tok, principal), tok.expires_at, db_epoch)
        CALLERS.put(engine, token_hash, cached, epoch)
    caller, expires_at, _db_epoch = cached
    if expires_at <= now:
        raise AuthError(401, "token_expired", "The token expired: sign in again.")
    if require_device and not caller.device_registered:
        raise AuthError(403, "device_unknown", "Register this device first (POST /auth/devices).")
    return caller  # type: ignore[no-any-return]


def _caller_of(tok: Any, principal: Principal) -> Caller:
    return Caller(
        account_id=tok.account_id,
        username=tok.username,
        role=tok.role,
        device_id=tok.device_id,
        device_registered=tok.d_id is not None and tok.d_account == tok.account_id,
        principal=principal,
    )


def look_up_callers(engine: Engine, conn: Connection, tokens: Sequence[str], epoch: str) -> None:
    """Check the tokens of several requests at once (a group of pushes):
    those not yet in the caller cache in one query, workers' grids in
    another, so that :func:`authenticate` of each then finds it there.
    Tokens that would be refused are left to :func:`authenticate` (and its
    messages). ``epoch``: the database's auth epoch, read through ``conn``."""
    from luzsong_grid.sync.server import CALLERS, Principal, principal_of

    wanted = {sha256_hex(t) for t in tokens if t}
    wanted = {h for h in wanted if (CALLERS.get(engine, h) or (None, None, None))[2] != epoch}
    if not wanted:
        return
    cache_epoch = CALLERS.epoch
    found = [
        tok
        for tok in conn.execute(_tokens_query(), {"hashes": sorted(wanted)})
        if tok.a_id is not None
        and not (tok.deleted or tok.disabled or tok.revoked)
        and not (tok.d_id is not None and tok.d_revoked)
    ]
    workers = sorted({tok.account_id for tok in found if tok.role == "worker"})
    grids: dict[str, set[str]] = {a: set() for a in workers}
    ag = AccountGrid.__table__  # type: ignore[attr-defined]
    for n in range(0, len(workers), 500):
        for account_id, grid_code in conn.execute(
            select(ag.c.account_id, ag.c.grid_code).where(
                ag.c.account_id.in_(workers[n : n + 500]), ag.c.deleted.is_(False)
            )
        ):
            grids[account_id].add(grid_code)
    for tok in found:
        if tok.role == "worker":
            principal = Principal(
                account_id=tok.account_id,
                role="worker",
                scope_code=str(tok.scope_code or ""),
                grids=frozenset(grids[tok.account_id]),
            )
        else:
            principal = principal_of(conn, tok.account_id, str(tok.role), str(tok.scope_code or ""))
        cached = (_caller_of(tok, principal), tok.expires_at, epoch)
        CALLERS.put(engine, tok.token_hash, cached, cache_epoch)


@functools.cache
def _tokens_query() -> Any:
    """:func:`_token_query` for several token hashes at once."""
    return (
        _token_select()
        .add_columns(_token_t.c.token_hash)
        .where(_token_t.c.token_hash.in_(bindparam("hashes", expanding=True)))
    )


@functools.cache
def _token_query() -> Any:
    """A token, its account and its device in one query (built once)."""
    return _token_select().where(_token_t.c.token_hash == bindparam("token_hash"))


@functools.cache
def _token_select() -> Any:
    a, d = _account_t, _device_t
    return (
        select(
            _token_t.c.account_id,
            _token_t.c.device_id,
            _token_t.c.expires_at,
            _token_t.c.revoked,
            a.c.id.label("a_id"),
            a.c.username,
            a.c.role,
            a.c.scope_code,
            a.c.disabled,
            a.c.deleted,
            d.c.id.label("d_id"),
            d.c.account_id.label("d_account"),
            d.c.revoked.label("d_revoked"),
        )
        .select_from(_token_t)
        .outerjoin(a, a.c.id == _token_t.c.account_id)
        .outerjoin(d, d.c.id == _token_t.c.device_id)
    )


def check_device_key(device_key: str) -> bytes:
    try:
        key = bytes.fromhex(device_key)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise UserError(MSG_BAD_KEY)
    return key


def register_device(
    server: SyncServer, caller: Caller, device_id: str, device_key: str, name: str = ""
) -> dict[str, Any]:
    """Register the caller's laptop (or re-key it). A revoked device stays
    revoked unless an admin registers it again."""
    key = check_device_key(device_key)
    if device_id != caller.device_id and caller.role != "admin":
        raise AuthError(403, "forbidden", "A device registers itself (sign in from it).")
    with server.engine.connect() as conn:
        device = _device(conn, device_id)
    if device is not None:
        if device["revoked"] and caller.role != "admin":
            raise AuthError(403, "device_revoked", REVOKED)
        if device["account_id"] != caller.account_id and caller.role != "admin":
            owner_key = device["key_hash"]
            if owner_key and not hmac.compare_digest(owner_key, sha256_hex(key)):
                raise AuthError(403, "forbidden", "This device is registered to another account.")
    server.register_device(caller.account_id, device_id, name=name, key=key)
    return {"device_id": device_id, "account_id": caller.account_id, "registered": True}


def revoke_device(server: SyncServer, caller: Caller | None, device_id: str) -> None:
    """Revoke a laptop (its owner or an admin; ``caller`` None: the CLI)."""
    with server.transaction() as conn:
        device = _device(conn, device_id)
        if device is None:
            raise AuthError(404, "not_found", "No such device.")
        if (
            caller is not None
            and caller.role != "admin"
            and device["account_id"] != caller.account_id
        ):
            raise AuthError(403, "forbidden", "Only its owner or an admin revokes a device.")
        conn.execute(update(_token_t).where(_token_t.c.device_id == device_id).values(revoked=True))
    server.revoke_device(device_id)


def list_devices(engine: Engine, caller: Caller | None = None) -> list[dict[str, Any]]:
    query = select(
        _device_t.c.id,
        _device_t.c.account_id,
        _device_t.c.name,
        _device_t.c.revoked,
        _device_t.c.created_at,
        _device_t.c.last_seen,
        _device_t.c.last_cursor,
    ).order_by(_device_t.c.created_at, _device_t.c.id)
    if caller is not None and caller.role != "admin":
        query = query.where(_device_t.c.account_id == caller.account_id)
    with engine.connect() as conn:
        return [
            {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in dict(r).items()}
            for r in conn.execute(query).mappings()
        ]


def purge_expired_tokens(engine: Engine, *, now: datetime | None = None) -> int:
    from sqlalchemy import delete

    now = now or _now()
    with engine.begin() as conn:
        result = conn.execute(
            delete(_token_t).where(_token_t.c.expires_at <= now - timedelta(days=1))
        )
        return int(result.rowcount or 0)


Clock = Callable[[], datetime]
