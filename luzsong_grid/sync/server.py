"""The office side of sync: apply pushed ops, serve pulls and checksums.

Plain SQLAlchemy core over any engine (SQLite for a small office and the
tests, PostgreSQL for the district), so the HTTP app (``luzsong_grid/server``)
and USB bundles share one implementation. Every change to the office
database gets a ``sync_change_log`` row in its own transaction: pushed ops
here, direct edits on the office store through the tracking hook (office
mode, :meth:`SyncServer.for_store`). The rules are in docs/SYNC-PROTOCOL.md.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Boolean, bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from luzsong_grid.domain import workflow
from luzsong_grid.hlc import FUTURE_TOLERANCE_MS, HybridClock, Stamp
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.ids import uuid7
from luzsong_grid.store.models import (
    Account,
    AccountGrid,
    AuditLog,
    Community,
    Grid,
    SyncState,
)
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.models import SyncAppliedOp, SyncChangeLog, SyncConflict, SyncDevice
from luzsong_grid.sync.tables import (
    TableInfo,
    dumps,
    row_json,
    scalar_defaults,
    scope_checksums,
    table_info,
    tables,
)

if TYPE_CHECKING:
    from luzsong_grid.store.db import Store

log = logging.getLogger("luzsong_grid.sync.server")

MSG_UNKNOWN_ACCOUNT = QT_TRANSLATE_NOOP(
    "core", "The account is unknown or disabled at the community office."
)
MSG_NO_CONFLICT = QT_TRANSLATE_NOOP("core", "There is no open conflict with this number.")

# pg_advisory_xact_lock key serialising change-log appends ("luzsync").
ADVISORY_LOCK_KEY = 0x6C757A73796E63
OFFICE_NODE = "office"
# Tables staff may change for their office besides their grids' rows.
STAFF_TABLES = frozenset({"catalog_item", "visit_rule"})
WORKFLOW_KINDS: dict[str, workflow.Kind] = {"dispute": "dispute", "event": "event"}
_STATE_OFFICE = "office"
_STATE_OFFICE_ID = "office_id"
_STATE_HORIZON = "purge_horizon"
PURGED = "_purged"  # the fields of a change-log notice that a tombstone was purged
_STAR = ["*"]  # the fields of an insert: all
_ALL_FIELDS = dumps(_STAR)
# Pull positions of devices are written at most this often (see SyncServer._seen).
SEEN_FLUSH_S = 2.0
# How long a writer waits for the others of this process (then: "busy", retry).
WRITE_QUEUE_TIMEOUT_S = 30.0

Resolution = Literal["keep_server", "apply_op", "edit"]

_log_t = SyncChangeLog.__table__  # type: ignore[attr-defined]
_applied_t = SyncAppliedOp.__table__  # type: ignore[attr-defined]
_conflict_t = SyncConflict.__table__  # type: ignore[attr-defined]
_device_t = SyncDevice.__table__  # type: ignore[attr-defined]
_state_t = SyncState.__table__  # type: ignore[attr-defined]
_audit_t = AuditLog.__table__  # type: ignore[attr-defined]


# --------------------------------------------------------------------------
# Who is asking
# --------------------------------------------------------------------------

# Tables whose changes can change who may do what (accounts, their grids,
# the territory a staff member's or supervisor's scope expands to).
AUTH_TABLES = frozenset({"account", "account_grid", "grid", "community", "street"})
# Marks a connection whose transaction changed accounts, tokens or devices
# (see SyncServer.transaction: the caller cache is emptied after its commit).
AUTH_CHANGED = "luzsong_auth_changed"


class CallerCache:
    """Recently checked tokens of this process, kept for ``ttl`` seconds.

    Emptied whenever this process changes an account, its grids, a token or
    a device (after the commit), so a disabled account or a revoked device
    is refused at once; a change made by another process (the
    ``luzsong-grid user`` command) is seen within ``ttl``. A lookup that
    began before an emptying is not stored (``epoch``)."""

    def __init__(self, ttl: float = 5.0) -> None:
        self.ttl = ttl
        self.epoch = 0
        self._entries: dict[tuple[int, str], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, engine: Engine, token_hash: str) -> Any:
        entry = self._entries.get((id(engine), token_hash))
        if entry is None or time.monotonic() - entry[0] > self.ttl:
            return None
        return entry[1]

    def put(self, engine: Engine, token_hash: str, value: Any, epoch: int) -> None:
        with self._lock:
            if epoch != self.epoch:
                return
            if len(self._entries) > 50_000:
                self._entries.clear()
            self._entries[(id(engine), token_hash)] = (time.monotonic(), value)

    def forget(self) -> None:
        with self._lock:
            self.epoch += 1
            self._entries.clear()


CALLERS = CallerCache()


AUTH_EPOCH_KEY = "auth_epoch"


def auth_changed(conn: Connection) -> None:
    """Note that ``conn``'s transaction changes who may do what: the caller
    cache is emptied after it commits (SyncServer.transaction) — call
    :func:`CallerCache.forget` yourself after other transactions. The
    database's auth epoch moves in the same transaction, so other processes
    serving the same database (or this one, when the change came from the
    ``luzsong-grid user`` command) drop their cached callers at once too."""
    conn.info[AUTH_CHANGED] = True
    bumped = conn.execute(
        text(
            "UPDATE sync_state SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR(20)) "
            "WHERE key = :k"
        ),
        {"k": AUTH_EPOCH_KEY},
    )
    if not bumped.rowcount:
        conn.execute(
            text("INSERT INTO sync_state (key, value) VALUES (:k, '1')"), {"k": AUTH_EPOCH_KEY}
        )


def auth_epoch(conn: Connection) -> str:
    """The database's auth epoch (see :func:`auth_changed`)."""
    row = conn.execute(
        text("SELECT value FROM sync_state WHERE key = :k"), {"k": AUTH_EPOCH_KEY}
    ).first()
    return str(row[0]) if row is not None else "0"


@dataclass(frozen=True)
class Principal:
    """An authenticated account and what it may read and write."""

    account_id: str
    role: str  # worker | staff | supervisor | admin
    scope_code: str = ""
    grids: frozenset[str] | None = None  # None: every grid

    def reads_grid(self, grid_code: str | None) -> bool:
        return grid_code is None or self.grids is None or grid_code in self.grids

    def may_write(self, info: TableInfo, grid_codes: Sequence[str | None]) -> bool:
        if self.role == "admin":
            return True
        if self.role not in ("worker", "staff"):
            return False
        if not info.scoped:
            return self.role == "staff" and info.name in STAFF_TABLES
        assert self.grids is not None
        return all(g is not None and g in self.grids for g in grid_codes)

    @functools.cached_property
    def scope_key(self) -> str:
        grids = "*" if self.grids is None else ",".join(sorted(self.grids))
        text = f"{self.role}|{self.scope_code}|{grids}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def principal_for(conn: Connection, account_id: str) -> Principal:
    """The principal of an account: a worker's assigned grids, a staff
    member's community grids, a supervisor's street (or the district)."""
    acc = Account.__table__  # type: ignore[attr-defined]
    row = conn.execute(
        select(acc.c.role, acc.c.scope_code, acc.c.disabled, acc.c.deleted).where(
            acc.c.id == account_id
        )
    ).first()
    if row is None or row.disabled or row.deleted:
        raise UserError(MSG_UNKNOWN_ACCOUNT)
    return principal_of(conn, account_id, str(row.role), str(row.scope_code or ""))


def principal_of(conn: Connection, account_id: str, role: str, scope: str) -> Principal:
    """The principal of an enabled account whose role and scope are known."""
    grid_t = Grid.__table__  # type: ignore[attr-defined]
    comm_t = Community.__table__  # type: ignore[attr-defined]
    grids: frozenset[str] | None
    if role == "admin" or (role == "supervisor" and not scope):
        grids = None
    elif role == "worker":
        ag = AccountGrid.__table__  # type: ignore[attr-defined]
        grids = frozenset(
            conn.execute(
                select(ag.c.grid_code).where(ag.c.account_id == account_id, ag.c.deleted.is_(False))
            ).scalars()
        )
    elif role == "staff":
        grids = frozenset(
            conn.execute(
                select(grid_t.c.code).where(
                    grid_t.c.community_code == scope, grid_t.c.deleted.is_(False)
                )
            ).scalars()
        )
    elif role == "supervisor":
        grids = frozenset(
            conn.execute(
                select(grid_t.c.code)
                .join(comm_t, comm_t.c.code == grid_t.c.community_code)
                .where(comm_t.c.street_code == scope, grid_t.c.deleted.is_(False))
            ).scalars()
        )
    else:
        grids = frozenset()
    return Principal(account_id=account_id, role=role, scope_code=scope, grids=grids)


# --------------------------------------------------------------------------
# Change-log appends (also used by the tracking hook in office mode)
# --------------------------------------------------------------------------


def reading(
    engine: Engine, conn: Connection | None
) -> contextlib.AbstractContextManager[Connection]:
    """``conn`` as it is (several reads in a row), or a connection of
    ``engine``'s for the block."""
    return contextlib.nullcontext(conn) if conn is not None else engine.connect()


def lock_change_log(conn: Connection) -> None:
    """Serialise change-log appends until the end of the transaction, so a
    committed seq is never skipped by a reader (PostgreSQL; SQLite writers
    are serialised already)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")


def log_values(
    info: TableInfo,
    row: dict[str, Any],
    *,
    fields: Sequence[str],
    old_grid: str | None = None,
    device_id: str = "",
    account_id: str = "",
    at: datetime | None = None,
) -> dict[str, Any]:
    """The sync_change_log values for a change that left ``row`` (column values)."""
    grid = info.grid_of(row)
    return {
        "table_name": info.name,
        "row_id": row["id"],
        "grid_code": grid,
        "old_grid_code": old_grid if old_grid != grid else None,
        "version": row.get("version") or 1,
        "hlc": row.get("hlc") or "",
        "fields": _ALL_FIELDS if fields is _STAR or fields == _STAR else dumps(list(fields)),
        "row": row_json(info, row),
        "device_id": device_id,
        "account_id": account_id,
        "at": at or datetime.now().replace(microsecond=0),
    }


# --------------------------------------------------------------------------
# Many rows in one DBAPI executemany (the push's hot path)
# --------------------------------------------------------------------------


@functools.cache
def _raw_insert(
    table: Any, dialect: Any, names: tuple[str, ...]
) -> tuple[str, list[tuple[int, Any]]]:
    """The INSERT of ``names`` into ``table`` in the driver's own parameter
    style, and the columns' bind processors (dates to text on SQLite …)."""
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)})"
        f" VALUES ({', '.join([mark] * len(names))})"
    )
    procs = []
    for i, name in enumerate(names):
        column_type = table.c[name].type
        if dialect.name == "sqlite" and isinstance(column_type, Boolean):
            continue  # the driver binds True/False as 1/0 itself
        proc = column_type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            procs.append((i, proc))
    return sql, procs


def insert_rows(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``conn.execute(insert(table), rows)`` without SQLAlchemy's per-row
    parameter handling: rows grouped by their columns, each group in one
    executemany of the DBAPI cursor, values through the columns' own bind
    processors. Every column without a value in a row must have no default
    (as with ``insert(table)`` of a list, which takes its columns from the
    first row)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for names, group in groups.items():
        sql, procs = _raw_insert(table, conn.dialect, names)
        params = []
        done: dict[Any, Any] = {}  # a batch repeats its times: each converted once
        for row in group:
            values = list(row.values())
            for i, proc in procs:
                value = values[i]
                if isinstance(value, datetime):
                    key = (i, value)
                    found = done.get(key)
                    if found is None:
                        found = done[key] = proc(value)
                    values[i] = found
                elif value is not None:
                    values[i] = proc(value)
            params.append(tuple(values))
        if conn.dialect.name == "postgresql" and len(params) >= COPY_FROM:
            _copy_rows(conn, table, names, params)
        else:
            conn.exec_driver_sql(sql, params)


# PostgreSQL: from this many rows on, a COPY (one stream) instead of an
# executemany (a statement per row, even pipelined).
COPY_FROM = 200


def _copy_rows(
    conn: Connection, table: Any, names: tuple[str, ...], params: Sequence[tuple[Any, ...]]
) -> None:
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
        for values in params:
            copy.write_row(values)


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


def _wall(stamp: str) -> int:
    try:
        return Stamp.parse(stamp).wall_ms
    except ValueError:
        return 0


@dataclass
class _Batch:
    """One push transaction: rows read once, answers collected."""

    conn: Connection
    principal: Principal
    device_id: str
    slow: bool  # one savepoint per op (after the fast path hit an integrity error)
    index: bool  # keep the office's search index in step in this transaction
    now: datetime  # the office's time for created/at columns of this transaction
    office_wall: int  # the office clock (ms) when the batch began: stamps far beyond are clamped
    newest: str = ""  # the newest stamp accepted so far (merged into the clock at the end)
    rows: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    known: dict[str, p.OpResult] = field(default_factory=dict)
    logs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (op_id, entry)
    seqs: dict[str, int] = field(default_factory=dict)  # op_id → its change-log seq
    # Fast path: new rows per table, written together (before any update and
    # at the end of the batch); rows for the office's search index.
    inserts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    indexed: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def flush_inserts(self) -> None:
        for name, info in tables().items():
            rows = self.inserts.pop(name, None)
            if rows:
                insert_rows(self.conn, info.table, rows)

    def flush_index(self) -> None:
        if not self.index:
            self.indexed.clear()
            return
        from luzsong_grid.sync.client import index_rows

        for name, rows in self.indexed.items():
            index_rows(self.conn, name, list(rows.values()))
        self.indexed.clear()

    answers: list[dict[str, Any]] = field(default_factory=list)


# One push for push_many: caller, device, ops, the laptop's schema (None: not checked).
PushArgs = tuple["Principal", str, Sequence[p.Op], str | None]


class _Conflict(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


class _Reject(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


class SyncServer:
    """The office's sync core over one SQLAlchemy engine.

    ``search``: how the office's own search index (SQLite offices only) follows
    pushed persons and households: ``inline`` in the push transaction, or
    ``background``: a :class:`SearchIndexer` thread catches up from the change
    log when the office is idle (the HTTP server; see :meth:`start_indexer`).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        clock: HybridClock | None = None,
        search: Literal["inline", "background"] = "inline",
    ) -> None:
        self.engine = engine
        self._writer = engine.execution_options(immediate=True)
        self._sqlite = engine.dialect.name == "sqlite"
        # Writers of this process queue here instead of in SQLite's busy
        # handler, which sleeps in growing steps (SQLite only: PostgreSQL
        # has row locks and the change-log advisory lock).
        self._write_lock = threading.RLock() if self._sqlite else None
        # Pull positions of devices, written behind (see _seen).
        self._seen_lock = threading.Lock()
        self._seen_buf: dict[str, int] = {}
        self._seen_at = time.monotonic()
        self.clock = clock or HybridClock(OFFICE_NODE, last=self._last_stamp())
        self.office_id = self._ensure_office()
        self.ensure_baseline()
        self.indexer: SearchIndexer | None = None
        if search == "background" and self._sqlite:
            self.indexer = SearchIndexer(self)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite), queued behind the
        other writers of this process."""
        lock = self._write_lock
        if lock is not None and not lock.acquire(timeout=WRITE_QUEUE_TIMEOUT_S):
            raise OperationalError(
                "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked (queue)")
            )
        changed = False
        try:
            with self._writer.begin() as conn:
                conn.info.pop(AUTH_CHANGED, None)
                try:
                    yield conn
                finally:
                    changed = bool(conn.info.pop(AUTH_CHANGED, False))
        finally:
            if lock is not None:
                lock.release()
            if changed:  # committed or not: a fresh look costs nothing
                CALLERS.forget()

    def start_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.start()

    def stop_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.stop()

    @classmethod
    def for_store(cls, store: Store) -> SyncServer:
        """The sync core of an office store; marks the store as the office,
        so its own sessions write change-log rows instead of outbox rows."""
        with store.engine.begin() as conn:
            _set_state(conn, _STATE_OFFICE, "1")
        store.office = True
        return cls(store.engine, clock=store.clock)

    # -- set-up -------------------------------------------------------------

    def _last_stamp(self) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(select(func.max(_log_t.c.hlc))).scalar()
        return str(value) if value else None

    def _ensure_office(self) -> str:
        with self.transaction() as conn:
            office_id = _get_state(conn, _STATE_OFFICE_ID)
            if not office_id:
                office_id = uuid7()
                _set_state(conn, _STATE_OFFICE_ID, office_id)
                _set_state(conn, _STATE_OFFICE, "1")
            return office_id

    def ensure_baseline(self) -> int:
        """Log every existing row once, when the change log is still empty
        (an office database made before sync, or filled by the demo
        generator and the catalogue seeding, which bypass sessions)."""
        with self.transaction() as conn:
            lock_change_log(conn)
            if conn.execute(select(_log_t.c.seq).limit(1)).first() is not None:
                return 0
            count = 0
            for info in tables().values():
                batch: list[dict[str, Any]] = []
                for row in conn.execute(select(info.table).order_by(info.table.c.id)).mappings():
                    batch.append(log_values(info, dict(row), fields=["*"], device_id=OFFICE_NODE))
                    if len(batch) >= 5000:
                        conn.execute(insert(_log_t), batch)
                        count += len(batch)
                        batch = []
                if batch:
                    conn.execute(insert(_log_t), batch)
                    count += len(batch)
            return count

    def register_device(
        self, account_id: str, device_id: str, *, name: str = "", key: bytes = b""
    ) -> None:
        """Record (or re-key) a laptop of ``account_id``; ``key`` is its device key."""
        from luzsong_grid.sync.bundle import bundle_key

        values = {
            "account_id": account_id,
            "name": name,
            "key_hash": hashlib.sha256(key).hexdigest() if key else "",
            "bundle_key": bundle_key(key).hex() if key else "",
            "revoked": False,
        }
        with self.transaction() as conn:
            found = conn.execute(select(_device_t.c.id).where(_device_t.c.id == device_id)).first()
            if found is None:
                conn.execute(
                    insert(_device_t).values(
                        id=device_id,
                        created_at=datetime.now().replace(microsecond=0),
                        last_cursor=0,
                        **values,
                    )
                )
            else:
                conn.execute(update(_device_t).where(_device_t.c.id == device_id).values(**values))
            auth_changed(conn)

    def revoke_device(self, device_id: str) -> None:
        with self.transaction() as conn:
            conn.execute(update(_device_t).where(_device_t.c.id == device_id).values(revoked=True))
            auth_changed(conn)

    def principal(self, account_id: str) -> Principal:
        with self.engine.connect() as conn:
            return principal_for(conn, account_id)

    # -- push ---------------------------------------------------------------

    def _pushing(self) -> contextlib.AbstractContextManager[None]:
        """Around a push: the background search indexer waits for it."""
        return self.indexer.busy() if self.indexer is not None else contextlib.nullcontext()

    def handle_push(self, principal: Principal, req: p.PushRequest) -> p.PushResponse:
        """A whole push request → its response (what POST /sync/push answers)."""
        results = self.push(principal, req.device_id, req.ops, schema_version=req.schema_version)
        return p.PushResponse(results=results, server_hlc=self.clock.now())

    def push(
        self,
        principal: Principal,
        device_id: str,
        ops: Sequence[p.Op],
        *,
        schema_version: str | None = None,
    ) -> list[p.OpResult]:
        """Apply ``ops`` in order; one answer per op. Idempotent by op_id."""
        if schema_version is not None and not _schema_known(schema_version):
            return [
                p.OpResult(
                    op_id=op.op_id,
                    status="rejected",
                    reason=p.REASON_SCHEMA,
                    message=f"schema {schema_version} is newer than the office's",
                )
                for op in ops
            ]
        results: list[p.OpResult] = []
        with self._pushing():
            for start in range(0, len(ops), p.MAX_PUSH_OPS):
                chunk = ops[start : start + p.MAX_PUSH_OPS]
                try:
                    results.extend(self._push_batch(principal, device_id, chunk, slow=False))
                except IntegrityError:
                    results.extend(self._push_batch(principal, device_id, chunk, slow=True))
        return results

    def push_many(self, pushes: Sequence[PushArgs]) -> list[list[p.OpResult]]:
        """Several pushes (of different laptops, as they arrive) in one
        transaction, in order, each answered as :meth:`push` answers it: the
        office's group commit when many laptops sync at once. A group that
        fails (an integrity error in one of its pushes) is applied again
        push by push."""
        out: list[list[p.OpResult]] = [[] for _ in pushes]
        group: list[int] = []
        for i, (principal, device_id, ops, schema) in enumerate(pushes):
            if (schema is not None and not _schema_known(schema)) or len(ops) > p.MAX_PUSH_OPS:
                out[i] = self.push(principal, device_id, ops, schema_version=schema)
            elif ops:
                group.append(i)
        if not group:
            return out
        with self._pushing():
            try:
                with self.transaction() as conn:
                    done = self._push_in(conn, [pushes[i][:3] for i in group], slow=False)
            except IntegrityError:
                if len(group) == 1:
                    with self.transaction() as conn:
                        done = self._push_in(conn, [pushes[group[0]][:3]], slow=True)
                else:
                    done = [self.push(*pushes[i][:3]) for i in group]
        for i, results in zip(group, done, strict=True):
            out[i] = results
        return out

    def _push_batch(
        self, principal: Principal, device_id: str, ops: Sequence[p.Op], *, slow: bool
    ) -> list[p.OpResult]:
        with self.transaction() as conn:
            return self._push_in(conn, [(principal, device_id, ops)], slow=slow)[0]

    def _push_in(
        self,
        conn: Connection,
        pushes: Sequence[tuple[Principal, str, Sequence[p.Op]]],
        *,
        slow: bool,
    ) -> list[list[p.OpResult]]:
        """Apply pushes in a write transaction: their rows read at once, the
        ops answered in order, then new rows, change-log entries and answers
        written together. ``slow`` (one push only): a savepoint per op."""
        assert not slow or len(pushes) == 1
        lock_change_log(conn)
        office_wall = _wall(self.clock.now())
        now = datetime.now().replace(microsecond=0)
        # One _Batch per push (its caller and device), sharing what was read
        # and what is to be written.
        shared: dict[str, Any] = {
            "rows": {},
            "known": {},
            "logs": [],
            "seqs": {},
            "inserts": {},
            "indexed": {},
            "answers": [],
        }
        batches = [
            _Batch(
                conn=conn,
                principal=principal,
                device_id=device_id,
                slow=slow,
                index=self._sqlite and self.indexer is None,
                now=now,
                office_wall=office_wall,
                **shared,
            )
            for principal, device_id, _ops in pushes
        ]
        first = batches[0]
        every_op = [op for _principal, _device, ops in pushes for op in ops]
        if any(op.table in AUTH_TABLES for op in every_op):
            auth_changed(conn)
        ids = list({op.op_id for op in every_op})
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        for n in range(0, len(ids), 500):
            part = tuple(ids[n : n + 500])
            for op_id, result in conn.exec_driver_sql(
                "SELECT op_id, result FROM sync_applied_op"
                f" WHERE op_id IN ({', '.join([mark] * len(part))})",
                part,
            ):
                first.known[op_id] = p.OpResult.model_validate_json(result)
        self._prefetch(first, every_op)
        answered = [
            [self._answer(batch, op) for op in ops]
            for batch, (_principal, _device, ops) in zip(batches, pushes, strict=True)
        ]
        newest = max(batch.newest for batch in batches)
        if newest:
            self.clock.observe(newest)
        first.flush_inserts()
        first.flush_index()
        if first.logs:
            # Logged after the rows, in op order: seq order is op order.
            seqs = self._append_logs(conn, [entry for _op_id, entry in first.logs])
            for (op_id, _entry), seq in zip(first.logs, seqs, strict=True):
                first.seqs[op_id] = seq
        for results in answered:
            for result in results:
                if result.seq is None and result.op_id in first.seqs:
                    result.seq = first.seqs[result.op_id]
        if first.answers:
            for answer in first.answers:
                answer["result"] = _result_json(first.known[answer["op_id"]])
            insert_rows(conn, _applied_t, first.answers)
        self._flush_seen(conn)
        return answered

    def _append_logs(self, conn: Connection, logs: list[dict[str, Any]]) -> list[int]:
        """Append change-log rows (in a transaction holding the change-log
        lock); returns their seqs in order."""
        # RETURNING in the order sent costs one statement per row (SQLite)
        # or SQLAlchemy's sorting (PostgreSQL); the change-log lock is ours
        # (SQLite's write lock, PostgreSQL's advisory lock), so the new rows
        # are exactly those after the newest seq, numbered in insertion order.
        before = int(
            conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM sync_change_log").scalar_one()
        )
        insert_rows(conn, _log_t, logs)
        seqs = [
            int(seq)
            for seq in conn.exec_driver_sql(
                f"SELECT seq FROM sync_change_log WHERE seq > {before:d} ORDER BY seq"
            ).scalars()
        ]
        if len(seqs) != len(logs):  # pragma: no cover - another writer despite the lock
            raise RuntimeError("change-log append raced with another writer")
        return seqs

    def _prefetch(self, batch: _Batch, ops: Sequence[p.Op]) -> None:
        wanted: dict[str, set[str]] = {}
        for op in ops:
            if table_info(op.table) is not None:
                wanted.setdefault(op.table, set()).add(op.row_id)
        for name, row_ids in wanted.items():
            info = tables()[name]
            ids = sorted(row_ids)
            for rid in ids:
                batch.rows[(name, rid)] = None
            # Which exist, in plain SQL (a first sync's inserts: none); then
            # those rows with their column types.
            mark = "?" if batch.conn.dialect.paramstyle == "qmark" else "%s"
            found: list[str] = []
            for n in range(0, len(ids), 500):
                part = ids[n : n + 500]
                found += batch.conn.exec_driver_sql(
                    f"SELECT id FROM {name} WHERE id IN ({', '.join([mark] * len(part))})",
                    tuple(part),
                ).scalars()
            for n in range(0, len(found), 500):
                for row in batch.conn.execute(
                    select(info.table).where(info.table.c.id.in_(found[n : n + 500]))
                ).mappings():
                    batch.rows[(name, row["id"])] = dict(row)

    def _answer(self, batch: _Batch, op: p.Op) -> p.OpResult:
        known = batch.known.get(op.op_id)
        if known is not None:
            return known
        info = table_info(op.table)
        try:
            if info is None:
                raise _Reject(p.REASON_UNKNOWN_TABLE, f"unknown table {op.table!r}")
            if batch.slow:
                snapshot = batch.rows.get((info.name, op.row_id))
                try:
                    with batch.conn.begin_nested():
                        result = self._apply(batch, info, op)
                except IntegrityError as exc:
                    batch.rows[(info.name, op.row_id)] = snapshot
                    batch.logs = [e for e in batch.logs if e[0] != op.op_id]
                    raise _Reject(p.REASON_INTEGRITY, str(exc.orig)[:300]) from exc
            else:
                result = self._apply(batch, info, op)
        except _Reject as exc:
            current = batch.rows.get((op.table, op.row_id)) if info is not None else None
            result = p.OpResult(
                op_id=op.op_id,
                status="rejected",
                reason=exc.reason,
                message=exc.message,
                row=self._visible(batch.principal, info, current),
            )
        except _Conflict as exc:
            assert info is not None
            current = batch.rows.get((info.name, op.row_id))
            conflict_id = uuid7()
            batch.conn.execute(
                insert(_conflict_t).values(
                    id=conflict_id,
                    op_id=op.op_id,
                    device_id=batch.device_id,
                    account_id=op.account_id or batch.principal.account_id,
                    table_name=info.name,
                    row_id=op.row_id,
                    grid_code=info.grid_of(current or op.fields),
                    kind=op.kind,
                    reason=exc.reason,
                    op=op.model_dump_json(),
                    server_row=dumps(info.to_json(current) if current else None),
                    status="open",
                    resolution="",
                    resolved_by="",
                    created_at=datetime.now().replace(microsecond=0),
                )
            )
            result = p.OpResult(
                op_id=op.op_id,
                status="conflict",
                reason=exc.reason,
                message=exc.message,
                row=self._visible(batch.principal, info, current),
                conflict_id=conflict_id,
            )
        batch.known[op.op_id] = result
        batch.answers.append(
            {
                "op_id": op.op_id,
                "device_id": batch.device_id,
                "account_id": op.account_id or batch.principal.account_id,
                "status": result.status,
                "result": "",
                "at": batch.now,
            }
        )
        return result

    @staticmethod
    def _visible(
        principal: Principal, info: TableInfo | None, row: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        if info is None or row is None or not principal.reads_grid(info.grid_of(row)):
            return None
        return info.to_json(row)

    def _stamp(self, batch: _Batch, op: p.Op) -> tuple[str, bool]:
        """The stamp the op is applied with, and whether it came from the future."""
        hlc = op.hlc
        try:
            # Stamps are "<13-digit wall ms>-<counter>-<node>".
            if hlc[13:14] == "-" == hlc[19:20] and hlc[:13].isdigit() and hlc[14:19].isdigit():
                wall = int(hlc[:13])
            else:
                wall = Stamp.parse(hlc).wall_ms
        except ValueError as exc:
            raise _Reject(p.REASON_INVALID, f"bad stamp {op.hlc!r}") from exc
        if wall - batch.office_wall > FUTURE_TOLERANCE_MS:
            # Flagged, and clamped to the office clock so that one laptop's
            # wrong clock does not win every later edit (nor drag every
            # other clock an hour ahead through the merge on pull). The
            # stamps accepted so far are merged first: the clamped stamp
            # comes after them.
            if batch.newest:
                self.clock.observe(batch.newest)
            now = self.clock.now()
            self._audit(batch, op, "future_stamp", {"hlc": op.hlc, "office": now})
            return now, True
        if op.hlc > batch.newest:
            batch.newest = op.hlc
        return op.hlc, False

    def _audit(self, batch: _Batch, op: p.Op, action: str, changes: dict[str, Any]) -> None:
        batch.conn.execute(
            insert(_audit_t).values(
                at=batch.now,
                hlc=op.hlc,
                account_id=op.account_id or batch.principal.account_id,
                device_id=batch.device_id,
                table_name=op.table,
                row_id=op.row_id,
                action=action,
                changes=dumps(changes),
            )
        )

    def _apply(self, batch: _Batch, info: TableInfo, op: p.Op) -> p.OpResult:
        if batch.principal.role not in ("worker", "staff", "admin"):
            raise _Reject(p.REASON_READ_ONLY, f"role {batch.principal.role} writes nothing")
        key = (info.name, op.row_id)
        current = batch.rows.get(key)
        try:
            fields = info.from_op(op.fields)
        except (ValueError, TypeError) as exc:
            raise _Reject(p.REASON_INVALID, str(exc)) from exc
        grids: list[str | None] = []
        if info.scoped:
            if current is not None:
                grids.append(info.grid_of(current))
            if "grid_code" in fields:
                grids.append(fields["grid_code"])
        if not batch.principal.may_write(info, grids):
            raise _Reject(p.REASON_OUT_OF_SCOPE, f"{info.name} of grid {grids} is out of scope")
        if op.kind == "insert":
            return self._insert(batch, info, op, current, fields)
        if current is None:
            raise _Reject(p.REASON_NOT_FOUND, f"{info.name} {op.row_id} is not at the office")
        if op.kind == "delete":
            if current["deleted"]:
                return p.OpResult(op_id=op.op_id, status="applied")
            stamp, future = self._stamp(batch, op)
            changed = {k: v for k, v in fields.items() if current.get(k) != v}
            changed["deleted"] = True
            return self._write(batch, info, op, current, changed, stamp, future, lost=[])
        if current["deleted"]:
            raise _Conflict(p.REASON_DELETED, f"{info.name} {op.row_id} was deleted")
        return self._patch(batch, info, op, current, fields)

    def _insert(
        self,
        batch: _Batch,
        info: TableInfo,
        op: p.Op,
        current: dict[str, Any] | None,
        fields: dict[str, Any],
    ) -> p.OpResult:
        if current is not None:
            differs = [
                k
                for k, v in fields.items()
                if k not in ("created_at", "updated_at") and current.get(k) != v
            ]
            if not differs:
                return p.OpResult(op_id=op.op_id, status="applied")
            raise _Conflict(p.REASON_DUPLICATE, f"{info.name} {op.row_id} exists: {differs}")
        if info.scoped and not fields.get("grid_code"):
            raise _Reject(p.REASON_INVALID, f"{info.name} needs a grid_code")
        stamp, future = self._stamp(batch, op)
        row = scalar_defaults(info)
        row.update(fields)
        now = batch.now
        if "created_at" not in row:
            row["created_at"] = now
        if "updated_at" not in row:
            row["updated_at"] = now
        row["id"], row["version"], row["hlc"], row["field_hlc"] = op.row_id, 1, stamp, None
        if "deleted" not in row:
            row["deleted"] = False
        for name in info.local_only:
            row[name] = ""
        if batch.slow:
            batch.conn.execute(insert(info.table), [row])
        else:
            rows = batch.inserts.get(info.name)
            if rows is None:
                rows = batch.inserts[info.name] = []
            rows.append(row)
        batch.rows[(info.name, op.row_id)] = row
        self._logged(batch, info, op, row, _STAR, None)
        if info.name in _SEARCH_TABLES:
            self._index_later(batch, info, row)
        return p.OpResult(op_id=op.op_id, status="applied", future_stamp=future)

    def _patch(
        self,
        batch: _Batch,
        info: TableInfo,
        op: p.Op,
        current: dict[str, Any],
        fields: dict[str, Any],
    ) -> p.OpResult:
        wf = WORKFLOW_KINDS.get(info.name)
        if op.kind == "transition" and wf is not None and "status" in fields:
            new = str(fields["status"])
            now_status = str(current["status"])
            if new != now_status and not _can_transition(wf, now_status, new):
                raise _Conflict(
                    p.REASON_TRANSITION, f"{info.name} is {now_status}; cannot move to {new}"
                )
        identity = [f for f in fields if f in info.identity_fields and current.get(f) != fields[f]]
        if identity and op.base_version < int(current["version"]):
            touched = self._changed_since(batch.conn, info, op)
            clash = sorted(set(identity) & touched)
            if clash:
                raise _Conflict(p.REASON_IDENTITY, f"{info.name} {clash} changed concurrently")
        stamp, future = self._stamp(batch, op)
        stamps = json.loads(current["field_hlc"]) if current.get("field_hlc") else {}
        changed: dict[str, Any] = {}
        lost: list[str] = []
        for name, value in fields.items():
            if name in ("created_at", "updated_at"):
                continue
            forced = op.kind == "transition" and name == "status"
            if not forced and stamp <= stamps.get(name, ""):
                if current.get(name) != value:
                    lost.append(name)
                continue
            if current.get(name) != value:
                changed[name] = value
        return self._write(batch, info, op, current, changed, stamp, future, lost=lost)

    def _write(
        self,
        batch: _Batch,
        info: TableInfo,
        op: p.Op,
        current: dict[str, Any],
        changed: dict[str, Any],
        stamp: str,
        future: bool,
        *,
        lost: list[str],
    ) -> p.OpResult:
        status: p.OpStatus = "merged" if lost else "applied"
        if not changed:
            row_json = info.to_json(current) if lost else None
            return p.OpResult(op_id=op.op_id, status=status, row=row_json, future_stamp=future)
        stamps = json.loads(current["field_hlc"]) if current.get("field_hlc") else {}
        for name in changed:
            stamps[name] = max(stamp, stamps.get(name, ""))
        values = dict(changed)
        values.update(
            version=int(current["version"]) + 1,
            hlc=max(stamp, str(current.get("hlc") or "")),
            field_hlc=json.dumps(stamps, sort_keys=True),
            # From the stamp, not the office clock: replaying the same ops
            # (after a restore) gives the same row.
            updated_at=_stamp_time(stamp),
        )
        batch.flush_inserts()
        # Values as parameters (not literals): one cached statement per column set.
        batch.conn.execute(
            update(info.table).where(info.table.c.id == bindparam("_row_id")),
            {**values, "_row_id": op.row_id},
        )
        row = {**current, **values}
        batch.rows[(info.name, op.row_id)] = row
        self._logged(batch, info, op, row, sorted(changed), info.grid_of(current))
        self._index_later(batch, info, row)
        return p.OpResult(
            op_id=op.op_id,
            status=status,
            row=info.to_json(row) if lost else None,
            future_stamp=future,
        )

    def _logged(
        self,
        batch: _Batch,
        info: TableInfo,
        op: p.Op,
        row: dict[str, Any],
        fields: list[str],
        old_grid: str | None,
    ) -> None:
        entry = log_values(
            info,
            row,
            fields=fields,
            old_grid=old_grid,
            device_id=op.device_id or batch.device_id,
            account_id=op.account_id or batch.principal.account_id,
            at=batch.now,
        )
        if batch.slow:
            (batch.seqs[op.op_id],) = self._append_logs(batch.conn, [entry])
        else:
            batch.logs.append((op.op_id, entry))

    def _changed_since(self, conn: Connection, info: TableInfo, op: p.Op) -> set[str]:
        """Fields other devices changed on the row after the op's base version."""
        touched: set[str] = set()
        for fields_json in conn.execute(
            select(_log_t.c.fields).where(
                _log_t.c.table_name == info.name,
                _log_t.c.row_id == op.row_id,
                _log_t.c.version > op.base_version,
                _log_t.c.device_id != (op.device_id or ""),
            )
        ).scalars():
            names = json.loads(fields_json)
            touched.update(info.columns if "*" in names else names)
        return touched

    @staticmethod
    def _index_later(batch: _Batch, info: TableInfo, row: dict[str, Any]) -> None:
        if info.name in ("person", "household"):
            batch.indexed.setdefault(info.name, {})[row["id"]] = row
            if batch.slow:
                batch.flush_index()

    @staticmethod
    def _index(conn: Connection, info: TableInfo, row: dict[str, Any]) -> None:
        """Keep the office's own search index (SQLite offices) in step."""
        if conn.dialect.name != "sqlite" or info.name not in ("person", "household"):
            return
        from luzsong_grid.sync.client import index_rows

        index_rows(conn, info.name, [row])

    # -- pull ---------------------------------------------------------------

    def pull(
        self,
        principal: Principal,
        cursor: int,
        limit: int = p.DEFAULT_PULL_LIMIT,
        *,
        device_id: str | None = None,
        skip: Sequence[tuple[int, int]] = (),
    ) -> p.PullPage:
        """Changes after ``cursor`` in the caller's scope, oldest first.
        ``skip``: ranges of seqs the caller already holds as logged (the
        echoes of its own inserts, see :meth:`SyncClient.sync`)."""
        found = self._page(principal, cursor, limit, device_id, skip)
        base = self._page_base(principal)
        if found is None:
            return p.PullPage(changes=[], cursor=cursor, more=False, resync=True, **base)
        rows, new_cursor, more, grids = found
        changes = []
        for seq, table, row_id, grid, row in rows:
            if row == "{}" or (grids is not None and grid is not None and grid not in grids):
                changes.append(p.Change(seq=seq, table=table, row_id=row_id, evict=True))
            else:
                changes.append(
                    p.Change(
                        seq=seq, table=table, row_id=row_id, grid_code=grid, row=json.loads(row)
                    )
                )
        return p.PullPage(changes=changes, cursor=new_cursor, more=more, **base)

    def pull_json(
        self,
        principal: Principal,
        cursor: int,
        limit: int = p.DEFAULT_PULL_LIMIT,
        *,
        device_id: str | None = None,
        skip: Sequence[tuple[int, int]] = (),
        conn: Connection | None = None,
    ) -> bytes:
        """:meth:`pull` as the JSON of a PullPage, the logged rows spliced in
        as stored (not parsed and written again). ``conn``: read through it
        (several pages in a row), else through a connection of its own."""
        found = self._page(principal, cursor, limit, device_id, skip, conn)
        base = self._page_base(principal)
        if found is None:
            page = p.PullPage(changes=[], cursor=cursor, more=False, resync=True, **base)
            return page.model_dump_json().encode()
        rows, new_cursor, more, grids = found
        parts = []
        for seq, table, row_id, grid, row in rows:
            head = f'{{"seq":{int(seq)},"table":{_js(table)},"row_id":{_js(row_id)},'
            if row == "{}" or (grids is not None and grid is not None and grid not in grids):
                parts.append(head + '"grid_code":null,"row":{},"evict":true}')
            else:
                parts.append(f'{head}"grid_code":{_js(grid)},"row":{row},"evict":false}}')
        tail = (
            f'],"cursor":{int(new_cursor)},"more":{"true" if more else "false"},'
            f'"server_hlc":{_js(base["server_hlc"])},"office_id":{_js(base["office_id"])},'
            f'"scope_key":{_js(base["scope_key"])},"resync":false}}'
        )
        return ('{"changes":[' + ",".join(parts) + tail).encode()

    def _page_base(self, principal: Principal) -> dict[str, str]:
        return {
            "server_hlc": self.clock.now(),
            "office_id": self.office_id,
            "scope_key": principal.scope_key,
        }

    def _page(
        self,
        principal: Principal,
        cursor: int,
        limit: int,
        device_id: str | None,
        skip: Sequence[tuple[int, int]],
        given: Connection | None = None,
    ) -> tuple[Sequence[Any], int, bool, frozenset[str] | None] | None:
        """The change-log rows of one page, the next cursor, whether more
        follow and the caller's grids; None: the caller must re-sync."""
        limit = max(1, min(int(limit), p.MAX_PULL_LIMIT))
        cursor = max(0, int(cursor))
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        with reading(self.engine, given) as conn:
            # Plain SQL: a pull is the most frequent request of all.
            top_text, horizon_text = conn.exec_driver_sql(
                "SELECT (SELECT coalesce(max(seq), 0) FROM sync_change_log),"
                f" (SELECT value FROM sync_state WHERE key = {mark})",
                (_STATE_HORIZON,),
            ).one()
            top, horizon = int(top_text), int(horizon_text or 0)
            if cursor > top or 0 < cursor < horizon:
                return None
            # Values as parameters: the statement's text repeats from pull to
            # pull, so the driver's statement cache (SQLite) and prepared
            # statements (PostgreSQL) spare its parsing and planning.
            between = f"seq > {mark} AND seq <= {mark}"
            window: list[Any] = [cursor, top]
            for low, high in list(skip)[: p.MAX_SKIP_RANGES]:
                if high >= low and high > cursor:
                    between += f" AND seq NOT BETWEEN {mark} AND {mark}"
                    window += [int(low), int(high)]
            columns = "seq, table_name, row_id, grid_code, row"
            grids = principal.grids
            params: list[Any] = []
            if grids is None:
                sql = f"SELECT {columns} FROM sync_change_log WHERE {between}"
                params += window
            else:
                # The seqs of the page from each index range (one grid, the
                # reference rows, rows moved out of a grid), each ordered and
                # cut at the page: a worker's pull seeks its own entries
                # instead of reading every other laptop's since its cursor.
                g = sorted(grids)
                parts = [(f"grid_code = {mark}", [c]) for c in g]
                parts.append(("grid_code IS NULL", []))
                parts += [(f"old_grid_code = {mark}", [c]) for c in g]
                picks = []
                for n, (part, values) in enumerate(parts):
                    picks.append(
                        f"SELECT seq FROM (SELECT seq FROM sync_change_log WHERE {part} AND"
                        f" {between} ORDER BY seq LIMIT {mark}) AS s{n}"
                    )
                    params += [*values, *window, limit + 1]
                sql = (
                    f"SELECT {columns} FROM sync_change_log"
                    f" WHERE seq IN ({' UNION ALL '.join(picks)})"
                )
            sql += f" ORDER BY seq LIMIT {mark}"
            params.append(limit + 1)
            rows = conn.exec_driver_sql(sql, tuple(params)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        new_cursor = int(rows[-1][0]) if more else top
        if device_id:
            self._seen(device_id, cursor)
        return rows, new_cursor, more, grids

    def _seen(self, device_id: str, cursor: int) -> None:
        """Note how far a device has pulled. Written behind: with the next
        push, or at most every SEEN_FLUSH_S (purges read it after a flush;
        a position not yet written only makes a purge more careful)."""
        with self._seen_lock:
            if cursor > self._seen_buf.get(device_id, -1):
                self._seen_buf[device_id] = cursor
            due = time.monotonic() - self._seen_at >= SEEN_FLUSH_S
        if due:
            with self.transaction() as conn:
                self._flush_seen(conn)

    def flush_seen(self) -> None:
        """Write the pull positions noted since the last flush."""
        with self.transaction() as conn:
            self._flush_seen(conn)

    def _flush_seen(self, conn: Connection) -> None:
        with self._seen_lock:
            buf, self._seen_buf = self._seen_buf, {}
            self._seen_at = time.monotonic()
        if not buf:
            return
        dialect = conn.dialect
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        seen: Any = datetime.now().replace(microsecond=0)
        proc = _device_t.c.last_seen.type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            seen = proc(seen)
        conn.exec_driver_sql(
            f"UPDATE sync_device SET last_seen = {mark}, last_cursor ="
            f" CASE WHEN last_cursor < {mark} THEN {mark} ELSE last_cursor END WHERE id = {mark}",
            [(seen, cur, cur, dev) for dev, cur in sorted(buf.items())],
        )

    def checksum(self, principal: Principal) -> p.ScopeChecksum:
        """Row counts and hashes of the caller's scope, at change-log position ``seq``."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            top = int(conn.execute(select(func.coalesce(func.max(_log_t.c.seq), 0))).scalar_one())
            sums = scope_checksums(conn, principal.grids)
        grids = None if principal.grids is None else sorted(principal.grids)
        return p.ScopeChecksum(seq=top, grids=grids, tables=sums)

    # -- review queue -------------------------------------------------------

    def conflicts(self, *, status: str | None = "open") -> list[dict[str, Any]]:
        """Entries of the review queue (newest last)."""
        query = select(_conflict_t).order_by(_conflict_t.c.created_at, _conflict_t.c.id)
        if status is not None:
            query = query.where(_conflict_t.c.status == status)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def resolve_conflict(
        self,
        conflict_id: str,
        resolution: Resolution,
        *,
        account_id: str,
        fields: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """Decide a review-queue entry: keep the office's row, apply the op's
        fields over it (bringing a deleted row back), or apply ``fields``
        (edit). Returns the row as the office now holds it."""
        with self.transaction() as conn:
            lock_change_log(conn)
            entry = (
                conn.execute(
                    select(_conflict_t).where(
                        _conflict_t.c.id == conflict_id, _conflict_t.c.status == "open"
                    )
                )
                .mappings()
                .first()
            )
            if entry is None:
                raise UserError(MSG_NO_CONFLICT)
            info = tables()[entry["table_name"]]
            if info.name in AUTH_TABLES:
                auth_changed(conn)
            op = p.Op.model_validate_json(entry["op"])
            current = (
                conn.execute(select(info.table).where(info.table.c.id == entry["row_id"]))
                .mappings()
                .first()
            )
            row = dict(current) if current is not None else None
            wanted: dict[str, Any] = {}
            if resolution == "apply_op":
                wanted = {k: v for k, v in op.fields.items() if not k.startswith("_")}
                if op.kind != "delete":
                    wanted["deleted"] = False
            elif resolution == "edit":
                wanted = dict(fields or {})
            if wanted:
                for name in ("id", "version", "hlc", "field_hlc", *info.local_only):
                    wanted.pop(name, None)
                values = info.to_db(wanted)
                stamp = self.clock.now()
                if row is None:
                    row = scalar_defaults(info)
                    row.update(values, id=entry["row_id"], version=1, hlc=stamp, field_hlc=None)
                    conn.execute(insert(info.table).values(**row))
                    changed_names = ["*"]
                    old_grid = None
                else:
                    old_grid = info.grid_of(row)
                    stamps = json.loads(row["field_hlc"]) if row.get("field_hlc") else {}
                    stamps.update(dict.fromkeys(values, stamp))
                    upd = {
                        **values,
                        "version": int(row["version"]) + 1,
                        "hlc": stamp,
                        "field_hlc": json.dumps(stamps, sort_keys=True),
                        "updated_at": datetime.now().replace(microsecond=0),
                    }
                    conn.execute(
                        update(info.table).where(info.table.c.id == row["id"]).values(**upd)
                    )
                    row.update(upd)
                    changed_names = sorted(values)
                entry_values = log_values(
                    info,
                    row,
                    fields=changed_names,
                    old_grid=old_grid,
                    device_id=OFFICE_NODE,
                    account_id=account_id,
                )
                conn.execute(insert(_log_t).values(**entry_values))
                self._index(conn, info, row)
            conn.execute(
                update(_conflict_t)
                .where(_conflict_t.c.id == conflict_id)
                .values(
                    status="resolved",
                    resolution=resolution,
                    resolved_by=account_id,
                    resolved_at=datetime.now().replace(microsecond=0),
                )
            )
            return info.to_json(row) if row is not None else None

    # -- housekeeping -------------------------------------------------------

    def purge_horizon(self) -> int:
        with self.engine.connect() as conn:
            return int(_get_state(conn, _STATE_HORIZON) or 0)

    def purge_tombstones(self, *, horizon: int | None = None) -> int:
        """Hard-delete tombstones every registered device has pulled past
        (or, with ``horizon``, every tombstone logged at or before it), with
        their change-log entries. Devices whose cursor is older then get a
        full re-sync. Returns the number of rows purged."""
        purged = 0
        with self.transaction() as conn:
            lock_change_log(conn)
            self._flush_seen(conn)
            top = int(conn.execute(select(func.coalesce(func.max(_log_t.c.seq), 0))).scalar_one())
            if horizon is None:
                lowest = conn.execute(
                    select(func.min(_device_t.c.last_cursor)).where(_device_t.c.revoked.is_(False))
                ).scalar()
                horizon = top if lowest is None else int(lowest)
            horizon = min(int(horizon), top)
            for info in reversed(list(tables().values())):
                t = info.table
                last = (
                    select(_log_t.c.row_id, func.max(_log_t.c.seq).label("last"))
                    .where(_log_t.c.table_name == info.name)
                    .group_by(_log_t.c.row_id)
                    .subquery()
                )
                ids = (
                    conn.execute(
                        select(t.c.id)
                        .join(last, last.c.row_id == t.c.id, isouter=True)
                        .where(t.c.deleted.is_(True), func.coalesce(last.c.last, 0) <= horizon)
                    )
                    .scalars()
                    .all()
                )
                for row_id in ids:
                    try:
                        with conn.begin_nested():
                            conn.execute(delete(t).where(t.c.id == row_id))
                    except IntegrityError:
                        continue  # still referenced by a live row: keep the tombstone
                    grid = conn.execute(
                        select(_log_t.c.grid_code)
                        .where(_log_t.c.table_name == info.name, _log_t.c.row_id == row_id)
                        .order_by(_log_t.c.seq.desc())
                        .limit(1)
                    ).scalar()
                    conn.execute(
                        delete(_log_t).where(
                            _log_t.c.table_name == info.name, _log_t.c.row_id == row_id
                        )
                    )
                    # A small notice takes the entries' place, so laptops
                    # that hold the tombstone drop it too.
                    conn.execute(
                        insert(_log_t).values(
                            table_name=info.name,
                            row_id=row_id,
                            grid_code=grid,
                            old_grid_code=None,
                            version=0,
                            hlc="",
                            fields=dumps([PURGED]),
                            row="{}",
                            device_id=OFFICE_NODE,
                            account_id="",
                            at=datetime.now().replace(microsecond=0),
                        )
                    )
                    purged += 1
            old = int(_get_state(conn, _STATE_HORIZON) or 0)
            _set_state(conn, _STATE_HORIZON, str(max(old, horizon)))
        return purged


# --------------------------------------------------------------------------
# The office's search index, off the push path
# --------------------------------------------------------------------------

_STATE_SEARCH = "search_indexed_seq"
_SEARCH_TABLES = ("person", "household")


class SearchIndexer:
    """Keeps a SQLite office's search index in step with the change log, in
    a thread, instead of in every push transaction (indexing a person or
    household costs more than applying its op). The position is kept in
    ``sync_state`` and advanced in the same transaction as the index, so a
    crash loses nothing: the indexer resumes from the log. It works when
    the office has been quiet for ``idle`` seconds, or when its backlog is
    older than ``max_lag`` seconds, in transactions of ``batch`` rows."""

    def __init__(
        self, server: SyncServer, *, idle: float = 0.3, max_lag: float = 20.0, batch: int = 500
    ) -> None:
        self.server = server
        self.idle, self.max_lag, self.batch = idle, max_lag, batch
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._busy_at = time.monotonic()
        self._active = 0  # pushes under way
        self._count_lock = threading.Lock()
        self._behind_since: float | None = None
        self._thread: threading.Thread | None = None
        with server.transaction() as conn:
            if _get_state(conn, _STATE_SEARCH) is None:
                # The index was kept in step until now (inline indexing).
                top = conn.execute(select(func.coalesce(func.max(_log_t.c.seq), 0))).scalar_one()
                _set_state(conn, _STATE_SEARCH, str(int(top)))

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
            self._thread.start()
            self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """A push under way: the indexer waits for it (and then for quiet),
        and indexes what it logged afterwards (the thread starts with the
        first push)."""
        with self._count_lock:
            self._active += 1
        try:
            yield
        finally:
            now = time.monotonic()
            with self._count_lock:
                self._active -= 1
                self._busy_at = now
            if self._behind_since is None:
                self._behind_since = now
            if self._thread is None and not self._stop.is_set():
                self.start()
            self._wake.set()

    def pending(self) -> int:
        """Persons and households logged but not yet indexed."""
        with self.server.engine.connect() as conn:
            done = int(_get_state(conn, _STATE_SEARCH) or 0)
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(_log_t)
                    .where(_log_t.c.seq > done, _log_t.c.table_name.in_(_SEARCH_TABLES))
                ).scalar_one()
            )

    def catch_up(self) -> int:
        """Index the whole backlog now (tests, shutdown). Returns rows indexed."""
        total = 0
        while True:
            n = self.step()
            total += n
            if n == 0:
                return total

    def step(self) -> int:
        """Index one batch of the backlog; 0 when there is none."""
        from luzsong_grid.sync.client import index_rows

        with self.server.transaction() as conn:
            done = int(_get_state(conn, _STATE_SEARCH) or 0)
            rows = conn.execute(
                select(_log_t.c.seq, _log_t.c.table_name, _log_t.c.row_id)
                .where(_log_t.c.seq > done, _log_t.c.table_name.in_(_SEARCH_TABLES))
                .order_by(_log_t.c.seq)
                .limit(self.batch)
            ).all()
            if not rows:
                top = int(
                    conn.execute(select(func.coalesce(func.max(_log_t.c.seq), 0))).scalar_one()
                )
                if top > done:
                    _set_state(conn, _STATE_SEARCH, str(top))
                self._behind_since = None
                return 0
            wanted: dict[str, set[str]] = {}
            for _seq, table, row_id in rows:
                wanted.setdefault(table, set()).add(row_id)
            for name, ids in wanted.items():
                info = tables()[name]
                found = [
                    dict(r)
                    for r in conn.execute(
                        select(info.table).where(info.table.c.id.in_(sorted(ids)))
                    ).mappings()
                ]
                index_rows(conn, name, found)
                gone = ids - {r["id"] for r in found}  # purged tombstones
                if gone:
                    index_rows(conn, name, [{"id": r, "deleted": True} for r in sorted(gone)])
            _set_state(conn, _STATE_SEARCH, str(int(rows[-1][0])))
            return len(rows)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=5.0)
            self._wake.clear()
            while not self._stop.is_set():
                quiet = time.monotonic() - self._busy_at
                behind = self._behind_since
                overdue = behind is not None and time.monotonic() - behind > self.max_lag
                if (self._active or quiet < self.idle) and not overdue:
                    self._stop.wait(max(0.05, self.idle - quiet))
                    continue
                began = time.monotonic()
                try:
                    if self.step() == 0:
                        break
                except Exception:  # keep serving; the backlog stays for the next round
                    log.exception("search index: catching up failed")
                    self._stop.wait(5.0)
                    break
                # At most half the time: other writers (sign-ins, the office's
                # own desktop, the CLI) get the database in between.
                self._stop.wait(min(0.5, time.monotonic() - began))


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


_JSON = json.JSONEncoder(ensure_ascii=False)


def _result_json(result: p.OpResult) -> str:
    """An answer as stored for repeats (``model_dump_json`` without defaults;
    the common plain answer written directly)."""
    if (
        result.status == "applied"
        and not (result.reason or result.message or result.conflict_id or result.future_stamp)
        and result.row is None
    ):
        seq = "" if result.seq is None else f',"seq":{int(result.seq)}'
        return f'{{"op_id":{_js(result.op_id)},"status":"applied"{seq}}}'
    return result.model_dump_json(exclude_defaults=True)


@functools.lru_cache(maxsize=4096)
def _js_cached(value: str) -> str:
    return _JSON.encode(value)


def _js(value: str | None) -> str:
    """A JSON string (or null); table names and grid codes come from a small set."""
    if value is None:
        return "null"
    if len(value) <= 20:
        return _js_cached(value)
    return _JSON.encode(value)


def _stamp_time(stamp: str) -> datetime:
    return datetime.fromtimestamp(_wall(stamp) / 1000).replace(microsecond=0)


def _can_transition(kind: workflow.Kind, current: str, new: str) -> bool:
    try:
        return workflow.can_transition(kind, current, new)
    except ValueError:
        return False


def _schema_known(revision: str) -> bool:
    from luzsong_grid.store.db import SCHEMA_HEAD, _known_revision

    return revision == SCHEMA_HEAD or _known_revision(revision)


def _get_state(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(_state_t.c.value).where(_state_t.c.key == key)).scalar()
    return None if value is None else str(value)


def _set_state(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(_state_t.c.key).where(_state_t.c.key == key)).first() is None:
        conn.execute(insert(_state_t).values(key=key, value=value))
    else:
        conn.execute(update(_state_t).where(_state_t.c.key == key).values(value=value))


def new_device_key() -> bytes:
    """A fresh secret device key (32 random bytes)."""
    return secrets.token_bytes(32)
