"""The laptop side of sync: push the outbox, pull the office's changes.

``SyncClient(store, transport).sync()`` always pushes first (pending outbox
ops in order, in batches; every op gets its answer recorded; rejected and
conflicting ops do not block the queue and the row falls back to the
office's version), then pulls pages, each page applied together with the
new cursor in one local transaction (a torn pull simply repeats). Rows with
local ops still pending are rebased: the fields those ops changed keep the
local value. Finally a checksum of the scope is compared; drift, a changed
scope (grid reassignment) or an office that lost or purged history leads to
a full re-sync of the scope. See docs/SYNC-PROTOCOL.md.

The laptop holds a subset of the office database (its grids), so a row may
refer to a row outside it (a visit of a household that moved to another
grid): sync writes run with foreign-key checks off; the office enforces
them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import json
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, runtime_checkable

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from luzsong_grid import search
from luzsong_grid.store.db import SCHEMA_HEAD, user_errors
from luzsong_grid.store.models import AuditLog, Outbox, SyncState
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.tables import (
    TableInfo,
    combine,
    dumps,
    grid_sums,
    scalar_defaults,
    scope_checksums,
    table_info,
    tables,
)

if TYPE_CHECKING:
    from luzsong_grid.store.db import Store
    from luzsong_grid.sync.server import SyncServer

log = logging.getLogger("luzsong_grid.sync.client")

T = TypeVar("T")
Progress = Callable[[str, int, int | None], None]  # (phase, done, total or None)

# sync_state keys of the laptop
STATE_CURSOR = "sync_cursor"
STATE_SCOPE = "sync_scope_key"
STATE_OFFICE = "sync_office_id"
STATE_RESYNC = "sync_resync"  # a full re-sync was started and has not finished
STATE_VERIFIED = "sync_verified_at"  # unix time of the last matching checksum
# A sync that moved nothing still compares checksums this often.
VERIFY_EVERY_S = 3600

_outbox_t = Outbox.__table__  # type: ignore[attr-defined]
_state_t = SyncState.__table__  # type: ignore[attr-defined]
_audit_t = AuditLog.__table__  # type: ignore[attr-defined]
_ALL = "*"


class TransportError(Exception):
    """The office could not be reached or answered badly. ``transient``
    errors (timeouts, connection resets, 5xx) are retried with backoff."""

    def __init__(self, message: str = "", *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class PushTooLarge(TransportError):
    """The office takes fewer ops per push (an older office): send fewer."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message, transient=False)


class SyncCancelled(Exception):
    """The user cancelled; what was done so far is kept."""


class Transport(Protocol):
    """How a laptop talks to the office (HTTP, in-process, …). The
    transport knows who is calling (token → account, device)."""

    def push(self, req: p.PushRequest) -> p.PushResponse: ...

    def pull(self, cursor: int, limit: int) -> p.PullPage: ...

    def checksum(self) -> p.ScopeChecksum: ...


@runtime_checkable
class RawPush(Protocol):
    """A transport that sends a push request already written as JSON (the
    laptop writes it straight from the outbox rows, see :func:`push_body`)."""

    def push_raw(self, body: bytes) -> p.PushResponse: ...


class SkippingPull(Protocol):
    """A transport whose pull can leave out seq ranges (``pulls_skip`` true)."""

    pulls_skip: bool

    def pull(self, cursor: int, limit: int, skip: Sequence[tuple[int, int]] = ()) -> p.PullPage: ...


class InProcessTransport:
    """Calls a :class:`SyncServer` directly (tests, the office's own tools)."""

    def __init__(self, server: SyncServer, account_id: str, device_id: str) -> None:
        self.server = server
        self.account_id = account_id
        self.device_id = device_id

    pulls_skip = True

    def push(self, req: p.PushRequest) -> p.PushResponse:
        return self.server.handle_push(self.server.principal(self.account_id), req)

    def pull(self, cursor: int, limit: int, skip: Sequence[tuple[int, int]] = ()) -> p.PullPage:
        principal = self.server.principal(self.account_id)
        return self.server.pull(principal, cursor, limit, device_id=self.device_id, skip=skip)

    def checksum(self) -> p.ScopeChecksum:
        return self.server.checksum(self.server.principal(self.account_id))


@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)  # status → ops
    pulled: int = 0  # changes applied
    cursor: int = 0
    full_resync: bool = False
    resync_reason: str = ""  # scope | office | checksum | resumed
    checksum_ok: bool | None = None  # None: not compared (changes still arriving)
    future_stamps: int = 0
    cancelled: bool = False

    @property
    def conflicts(self) -> int:
        return self.pushed.get("conflict", 0)

    @property
    def rejected(self) -> int:
        return self.pushed.get("rejected", 0)


class _NeedResync(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------
# Local rows
# --------------------------------------------------------------------------


def full_row(info: TableInfo, values: Mapping[str, Any]) -> dict[str, Any]:
    """Column values of every column of ``info`` from JSON ``values``
    (unknown keys dropped, missing ones defaulted)."""
    out: dict[str, Any] = {}
    defaults = scalar_defaults(info)
    for name in info.columns:
        if name in values:
            out[name] = info.converters[name](values[name])
        elif name in defaults:
            out[name] = defaults[name]
        elif name in ("created_at", "updated_at"):
            out[name] = datetime.now().replace(microsecond=0)
        else:
            out[name] = None
    return out


def index_rows(conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Bring the local search index in step with pulled persons/households."""
    upserts: list[tuple[str, ...]] = []
    removed: list[tuple[str]] = []
    for row in rows:
        if row.get("deleted"):
            removed.append((str(row["id"]),))
        elif table == "person":
            upserts.append(
                search.person_doc(
                    person_id=row["id"],
                    household_id=row["household_id"],
                    grid_code=row["grid_code"],
                    name=row.get("name") or "",
                    id_number=row.get("id_number") or "",
                    phone=row.get("phone") or "",
                )
            )
        elif table == "household":
            upserts.append(
                search.household_doc(
                    household_id=row["id"],
                    grid_code=row["grid_code"],
                    address=row.get("address") or "",
                    household_no=row.get("household_no") or "",
                )
            )
    if removed:
        conn.exec_driver_sql(search.DELETE_DOC_SQL, removed)
    if upserts:
        conn.exec_driver_sql(search.UPSERT_DOC_SQL, upserts)


def _unindex(conn: Connection, table: str, row_ids: Sequence[str]) -> None:
    if table in ("person", "household") and row_ids:
        conn.exec_driver_sql(search.DELETE_DOC_SQL, [(r,) for r in row_ids])


def _get_state(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(_state_t.c.value).where(_state_t.c.key == key)).scalar()
    return None if value is None else str(value)


def _set_state(conn: Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute(delete(_state_t).where(_state_t.c.key == key))
    else:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, ?)", (key, value)
        )


# --------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------


class SyncClient:
    """Syncs one laptop store with the office through a transport."""

    def __init__(
        self,
        store: Store,
        transport: Transport,
        *,
        push_batch: int = p.MAX_PUSH_OPS,
        page_size: int = p.DEFAULT_PULL_LIMIT,
        retries: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.push_batch = max(1, min(push_batch, p.MAX_PUSH_OPS))
        self.page_size = max(1, page_size)
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.rng = rng or random.Random()
        self._progress: Progress | None = None
        self._cancel: Callable[[], bool] | None = None
        # Change-log seqs of this laptop's inserts the office applied as sent
        # in this sync: the laptop holds those rows already (see protocol.is_echo).
        self._echoes: list[int] = []
        # The last push of a sync asks for the first pull page in its answer
        # (one round trip less); the page waits here for the pull.
        self._want_page = False
        self._first_page: p.PullPage | None = None

    # -- public -------------------------------------------------------------

    @property
    def cursor(self) -> int:
        with self.store.engine.connect() as conn:
            return int(_get_state(conn, STATE_CURSOR) or 0)

    def pending_count(self) -> int:
        with self.store.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(_outbox_t)
                    .where(_outbox_t.c.state == "pending")
                ).scalar_one()
            )

    def sync(
        self,
        *,
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
        verify: bool | None = None,
    ) -> SyncReport:
        """Push, then pull, then compare checksums (full re-sync on drift).
        ``verify``: True always, False never, None (default) when this sync
        moved anything or the last comparison is older than
        :data:`VERIFY_EVERY_S` (a checksum reads the whole scope on both
        sides, so a sync with nothing to do stays cheap).
        ``cancel`` is polled between batches and pages."""
        self._progress, self._cancel = progress, cancel
        self._echoes = []
        report = SyncReport()
        try:
            with _fewer_collections():
                self._sync(report, verify)
        except SyncCancelled:
            report.cancelled = True
        finally:
            self._progress = self._cancel = None
        report.cursor = self.cursor
        return report

    def _sync(self, report: SyncReport, verify: bool | None) -> None:
        with self.store.engine.connect() as conn:
            resumed = _get_state(conn, STATE_RESYNC) is not None
        if resumed:
            self._full_resync(report, "resumed")
        else:
            self._want_page, self._first_page = True, None
            try:
                self.push_pending(report)
            finally:
                self._want_page = False
            first, self._first_page = self._first_page, None
            try:
                self._pull_pages(report, skip=p.seq_ranges(self._echoes), first=first)
            except _NeedResync as need:
                self._full_resync(report, need.reason)
        if verify is None:
            verify = bool(report.pushed or report.pulled or report.full_resync)
            verify = verify or self._verified_ago() > VERIFY_EVERY_S
        if verify:
            report.checksum_ok = self.verify()
            if report.checksum_ok is False and not report.full_resync:
                log.warning("scope checksum differs from the office's: full re-sync")
                self._full_resync(report, "checksum")
                report.checksum_ok = self.verify()
            if report.checksum_ok:
                with self._remote_tx() as conn:
                    _set_state(conn, STATE_VERIFIED, str(int(time.time())))

    def push_pending(self, report: SyncReport | None = None) -> dict[str, int]:
        """Push every pending outbox op, in order, in batches.

        Over HTTP the next batch is read and sent while the answers to the
        last one are recorded (one request in flight at a time, in order),
        so the laptop's work and the office's overlap."""
        report = report if report is not None else SyncReport()
        total = self.pending_count()
        done = 0
        overlap = isinstance(self.transport, RawPush)
        with contextlib.ExitStack() as stack:
            pool = (
                stack.enter_context(concurrent.futures.ThreadPoolExecutor(1, "push"))
                if overlap
                else None
            )
            rows = self._pending_after(None)
            sent = pool.submit(self._send_ops, rows) if pool is not None and rows else None
            while rows:
                self._check_cancel()
                if pool is not None:
                    # The office works on ``rows``; meanwhile the next batch
                    # is read, and written as JSON unless it is the last (whose
                    # pull request names the echoes of this one).
                    following = self._pending_after(int(rows[-1][9]))
                    ready = (
                        push_body(self.store.device_id, following)
                        if len(following) >= self.push_batch
                        else None
                    )
                    assert sent is not None
                    waiting, sent = sent, None
                    try:
                        resp = waiting.result()
                    except PushTooLarge as exc:
                        self._smaller_batches(exc)
                        rows = self._pending_after(None)
                        sent = pool.submit(self._send_ops, rows) if rows else None
                        continue
                    if ready is not None:
                        sent = pool.submit(self._send_body, ready)
                    elif following:
                        sent = pool.submit(self._send_ops, following)
                else:
                    following = []
                    try:
                        resp = self._send_ops(rows)
                    except PushTooLarge as exc:
                        self._smaller_batches(exc)
                        rows = self._pending_after(None)
                        continue
                if [r.op_id for r in resp.results] != [row[0] for row in rows]:
                    raise TransportError("the office answered other ops than sent", transient=False)
                # A page that came with the last push is the pull's first.
                self._first_page = None if following else resp.pull
                self.store.clock.observe(resp.server_hlc)
                counts = self.apply_push_results(resp.results)
                for status, n in counts.items():
                    report.pushed[status] = report.pushed.get(status, 0) + n
                report.future_stamps += sum(1 for r in resp.results if r.future_stamp)
                done += len(rows)
                self._report("push", done, max(total, done))
                rows = following if pool is not None else self._pending_after(None)
        return report.pushed

    def _smaller_batches(self, refused: PushTooLarge) -> None:
        """The office refused a push as too large: send a quarter as many ops
        per push from now on (``refused`` raised when one op is too many)."""
        if self.push_batch <= 1:
            raise refused
        self.push_batch = max(1, self.push_batch // 4)
        log.info("the office takes fewer ops per push: %d now", self.push_batch)

    def _pending_after(self, seq: int | None) -> Sequence[Any]:
        """The next batch of pending outbox rows (after outbox ``seq``)."""
        with self.store.engine.connect() as conn:
            if seq is None:
                return conn.exec_driver_sql(_PENDING_SQL, (self.push_batch,)).all()
            return conn.exec_driver_sql(_PENDING_AFTER_SQL, (seq, self.push_batch)).all()

    def _send_ops(self, rows: Sequence[Sequence[Any]]) -> p.PushResponse:
        """Push outbox rows (columns of _OP_COLUMNS): written as JSON straight
        from the stored fields when the transport takes raw bodies."""
        if isinstance(self.transport, RawPush):
            return self._send_body(
                push_body(self.store.device_id, rows, pull=self._pull_after(rows))
            )
        req = p.PushRequest(
            schema_version=SCHEMA_HEAD,
            device_id=self.store.device_id,
            ops=[_op_of_tuple(row) for row in rows],
        )
        return self._call(self.transport.push, req)

    def _send_body(self, body: bytes) -> p.PushResponse:
        """A push request already written as JSON (a RawPush transport)."""
        return self._call(cast(RawPush, self.transport).push_raw, body)

    def _pull_after(self, rows: Sequence[Any]) -> p.PullAfter | None:
        """What to ask for with this push: the first pull page, when it is
        the sync's last push (a short batch) and the office can answer it."""
        if not (self._want_page and len(rows) < self.push_batch):
            return None
        if not getattr(self.transport, "pushes_pull", False):
            return None
        cursor = self.cursor
        skip = [r for r in p.seq_ranges(list(self._echoes)) if r[1] > cursor]
        return p.PullAfter(cursor=cursor, limit=min(self.page_size, p.MAX_PULL_LIMIT), skip=skip)

    def apply_push_results(self, results: Sequence[p.OpResult]) -> dict[str, int]:
        """Record the office's answers in the outbox (ops still pending only,
        so a repeated answer changes nothing) and, for ops that were not
        applied as sent, bring the row back to the office's version."""
        counts: dict[str, int] = {}
        with self._remote_tx() as conn:
            wanted = [r.op_id for r in results]
            ops: dict[str, tuple[str, str, str]] = {}
            for n in range(0, len(wanted), 500):
                part = wanted[n : n + 500]
                marks_sql = ",".join("?" * len(part))
                # By op_id alone: with the state in the WHERE, SQLite may
                # take the state index and walk every pending op per query.
                for op_id, table, row_id, kind, state in conn.exec_driver_sql(
                    "SELECT op_id, table_name, row_id, kind, state FROM outbox"
                    f" WHERE op_id IN ({marks_sql})",
                    tuple(part),
                ):
                    if state == "pending":
                        ops[op_id] = (table, row_id, kind)
            fixes: dict[tuple[str, str], p.OpResult] = {}
            marks: list[tuple[str, str, str]] = []
            for res in results:
                op = ops.get(res.op_id)
                if op is None:
                    continue
                counts[res.status] = counts.get(res.status, 0) + 1
                if (
                    res.status == "applied"
                    and not (res.reason or res.message or res.conflict_id or res.future_stamp)
                    and res.row is None
                ):
                    # The common answer, written as dumps() writes it.
                    note = f'{{"seq": {int(res.seq)}}}' if res.seq else ""
                    if p.is_echo(op[2], res):
                        self._echoes.append(int(res.seq or 0))
                else:
                    values = {
                        "reason": res.reason,
                        "message": res.message,
                        "conflict_id": res.conflict_id,
                        "future_stamp": res.future_stamp or None,
                        "seq": res.seq,
                    }
                    kept = {k: v for k, v in values.items() if v}
                    note = dumps(kept) if kept else ""
                marks.append((res.status, note, res.op_id))
                if res.status != "applied":
                    fixes[(op[0], op[1])] = res
            if marks:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = ?, result = ? WHERE op_id = ?", marks
                )
            if fixes:
                pending = _pending_fields(conn)
                for (name, row_id), res in fixes.items():
                    info = table_info(name)
                    if info is None:
                        continue
                    key = (name, row_id)
                    if res.row is None:
                        if res.status != "merged" and key not in pending:
                            conn.execute(delete(info.table).where(info.table.c.id == row_id))
                            _unindex(conn, name, [row_id])
                        continue
                    fixed = full_row(info, res.row)
                    if key in pending:
                        fixed = _rebase(conn, info, fixed, pending[key])
                    _upsert(conn, info, [fixed])
                    if name in ("person", "household"):
                        index_rows(conn, name, [fixed])
        return counts

    def apply_page(self, page: p.PullPage, *, seen: set[tuple[str, str]] | None = None) -> int:
        """Apply one pull page and store its cursor, in one local transaction."""
        latest: dict[tuple[str, str], p.Change] = {}
        for change in page.changes:
            key = (change.table, change.row_id)
            latest[key] = change
            if seen is not None:
                if change.evict:
                    seen.discard(key)
                else:
                    seen.add(key)
        by_table: dict[str, list[p.Change]] = {}
        for change in latest.values():
            by_table.setdefault(change.table, []).append(change)
        with self._remote_tx() as conn:
            pending = _pending_fields(conn) if latest else {}
            for name, info in tables().items():
                changes = by_table.get(name)
                if not changes:
                    continue
                upserts: list[dict[str, Any]] = []
                evicted: list[str] = []
                for change in changes:
                    key = (name, change.row_id)
                    if change.evict:
                        if key not in pending:
                            evicted.append(change.row_id)
                        continue
                    row = full_row(info, change.row)
                    row["id"] = change.row_id
                    if key in pending:
                        row = _rebase(conn, info, row, pending[key])
                    upserts.append(row)
                if upserts:
                    _upsert(conn, info, upserts)
                    if name in ("person", "household"):
                        index_rows(conn, name, upserts)
                for n in range(0, len(evicted), 500):
                    part = evicted[n : n + 500]
                    conn.execute(delete(info.table).where(info.table.c.id.in_(part)))
                    _unindex(conn, name, part)
            _set_state(conn, STATE_CURSOR, str(page.cursor))
            if page.office_id:
                _set_state(conn, STATE_OFFICE, page.office_id)
            if page.scope_key and _get_state(conn, STATE_SCOPE) is None:
                _set_state(conn, STATE_SCOPE, page.scope_key)
            if page.changes:
                conn.execute(
                    _audit_t.insert().values(
                        at=datetime.now().replace(microsecond=0),
                        hlc=page.server_hlc,
                        account_id="",
                        device_id=self.store.device_id,
                        table_name="sync",
                        row_id="",
                        action="sync_pull",
                        changes=dumps({"count": len(page.changes), "cursor": page.cursor}),
                    )
                )
        if page.server_hlc:
            self.store.clock.observe(page.server_hlc)
        return len(page.changes)

    def _verified_ago(self) -> float:
        with self.store.engine.connect() as conn:
            last = _get_state(conn, STATE_VERIFIED)
        return time.time() - float(last or 0)

    def verify(self) -> bool | None:
        """Compare the scope with the office's checksum; None when the
        office has moved on since the last pull or local ops are pending."""
        # The office counts while the laptop does (its scope is named in
        # the answer: the laptop sums per grid, then adds up that scope).
        with concurrent.futures.ThreadPoolExecutor(1, "sync-checksum") as pool:
            asked = pool.submit(self._call, self.transport.checksum)
            with self.store.engine.connect() as conn:
                cursor = int(_get_state(conn, STATE_CURSOR) or 0)
                pending = bool(_pending_fields(conn))
                sums = None if pending else grid_sums(conn)
            remote = asked.result()
        if remote.seq != cursor or sums is None:
            return None
        grids = None if remote.grids is None else frozenset(remote.grids)
        local = combine(sums, grids)
        same = local == remote.tables
        if not same:
            diff = sorted(k for k in remote.tables if local.get(k) != remote.tables[k])
            log.warning("checksum differs for %s", diff)
        return same

    def local_checksum(self, grids: frozenset[str] | None) -> dict[str, p.TableChecksum]:
        with self.store.engine.connect() as conn:
            return scope_checksums(conn, grids)

    # -- pull and full re-sync ------------------------------------------------

    def _pull_pages(
        self,
        report: SyncReport,
        *,
        seen: set[tuple[str, str]] | None = None,
        skip: Sequence[tuple[int, int]] = (),
        first: p.PullPage | None = None,
    ) -> None:
        """Pull pages to the end. ``skip``: seq ranges to leave out (never in
        a full re-sync, which must see every row). ``first``: the first page,
        when it came with the last push."""
        cursor = self.cursor
        skipping = bool(skip) and seen is None and getattr(self.transport, "pulls_skip", False)
        while True:
            self._check_cancel()
            if first is not None:
                page, first = first, None
            elif skipping:
                ahead = [r for r in skip if r[1] > cursor]
                pull = cast(SkippingPull, self.transport).pull
                page = self._call(pull, cursor, self.page_size, ahead)
            else:
                page = self._call(self.transport.pull, cursor, self.page_size)
            if page.resync:
                if seen is not None:
                    raise TransportError("the office asks for a re-sync again", transient=False)
                raise _NeedResync("office")
            if seen is None:
                with self.store.engine.connect() as conn:
                    stored = _get_state(conn, STATE_SCOPE)
                if stored and page.scope_key and stored != page.scope_key:
                    raise _NeedResync("scope")
            report.pulled += self.apply_page(page, seen=seen)
            cursor = page.cursor
            self._report("pull", cursor, None)
            if not page.more:
                break

    def _full_resync(self, report: SyncReport, reason: str) -> None:
        """Re-read the whole scope from the office: rows it no longer holds
        for us (other grids, purged tombstones) leave the laptop; ops not yet
        answered are pushed first, answered ones are offered again (the
        office answers repeats from its records and re-applies any it lost
        in a restore)."""
        report.full_resync = True
        report.resync_reason = report.resync_reason or reason
        with self._remote_tx() as conn:
            _set_state(conn, STATE_RESYNC, reason)
            _set_state(conn, STATE_CURSOR, "0")
            _set_state(conn, STATE_SCOPE, None)
        self.push_pending(report)
        self._replay()
        seen: set[tuple[str, str]] = set()
        self._pull_pages(report, seen=seen)
        with self._remote_tx() as conn:
            pending = _pending_fields(conn)
            for name, info in reversed(list(tables().items())):
                local = conn.execute(select(info.table.c.id)).scalars().all()
                gone = [r for r in local if (name, r) not in seen and (name, r) not in pending]
                for n in range(0, len(gone), 500):
                    part = gone[n : n + 500]
                    conn.execute(delete(info.table).where(info.table.c.id.in_(part)))
                    _unindex(conn, name, part)
            _set_state(conn, STATE_RESYNC, None)

    def _replay(self) -> None:
        last = 0
        while True:
            self._check_cancel()
            with self.store.engine.connect() as conn:
                rows = conn.exec_driver_sql(_REPLAY_SQL, (last, self.push_batch)).all()
            if not rows:
                return
            last = int(rows[-1][-1])
            try:
                resp = self._send_ops(rows)
            except PushTooLarge as exc:
                self._smaller_batches(exc)
                last = 0
                continue
            self.store.clock.observe(resp.server_hlc)
            self._report("replay", last, None)

    # -- plumbing -------------------------------------------------------------

    @contextlib.contextmanager
    def _remote_tx(self) -> Iterator[Connection]:
        """One local write transaction for changes that come from the office
        (no outbox rows), foreign-key checks off (see the module docstring)."""
        with user_errors(self.store.path), self.store.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                conn.execution_options(immediate=True)
                with conn.begin():
                    yield conn
            finally:
                raw.execute("PRAGMA foreign_keys=ON")

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        attempt = 0
        while True:
            try:
                return fn(*args)
            except TransportError as exc:
                if not exc.transient or attempt >= self.retries:
                    raise
                delay = min(self.max_backoff, self.backoff * (2**attempt))
                log.info("office unreachable (%s); retrying in %.1fs", exc, delay)
                self.sleep(self.rng.uniform(delay / 2, delay))
                attempt += 1
                self._check_cancel()

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise SyncCancelled

    def _report(self, phase: str, done: int, total: int | None) -> None:
        if self._progress is not None:
            self._progress(phase, done, total)


# Outbox columns as pushed, in this order (then seq).
_OP_COLUMNS = (
    "op_id, table_name, row_id, kind, fields, base_version, hlc, account_id, device_id, seq"
)
_PENDING_SQL = f"SELECT {_OP_COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?"
_PENDING_AFTER_SQL = (
    f"SELECT {_OP_COLUMNS} FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?"
)
_REPLAY_SQL = (
    f"SELECT {_OP_COLUMNS} FROM outbox WHERE seq > ? AND state IN ('applied', 'merged')"
    " ORDER BY seq LIMIT ?"
)
_JSON = json.JSONEncoder(ensure_ascii=False)


def _op_of(row: Any) -> p.Op:
    """An outbox row (a mapping of its columns) as an Op (USB bundles)."""
    return _op_of_tuple([row[c.strip()] for c in _OP_COLUMNS.split(",")])


def _op_of_tuple(row: Sequence[Any]) -> p.Op:
    return p.Op(
        op_id=row[0],
        table=row[1],
        row_id=row[2],
        kind=row[3],
        fields=json.loads(row[4]),
        base_version=row[5],
        hlc=row[6],
        account_id=row[7],
        device_id=row[8],
    )


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The garbage collector runs less often while a sync makes its many
    short-lived rows, ops and answers (each collection walks every object
    the app holds; with the default threshold a 100k-op sync set off
    hundreds). Other threads only see collections come later."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def push_body(
    device_id: str, rows: Sequence[Sequence[Any]], *, pull: p.PullAfter | None = None
) -> bytes:
    """The JSON of a PushRequest for outbox rows (columns of _OP_COLUMNS),
    the stored ``fields`` JSON spliced in as it is."""
    enc = _JSON.encode
    ops = ",".join(
        f'{{"op_id":{enc(r[0])},"table":{enc(r[1])},"row_id":{enc(r[2])},"kind":{enc(r[3])},'
        f'"fields":{r[4]},"base_version":{int(r[5])},"hlc":{enc(r[6])},'
        f'"account_id":{enc(r[7] or "")},"device_id":{enc(r[8] or "")}}}'
        for r in rows
    )
    head = (
        f'{{"protocol":{p.PROTOCOL_VERSION},"schema_version":{enc(SCHEMA_HEAD)},'
        f'"device_id":{enc(device_id)},"ops":['
    )
    tail = "]}" if pull is None else f'],"pull":{pull.model_dump_json()}}}'
    return (head + ops + tail).encode()


def _pending_fields(conn: Connection) -> dict[tuple[str, str], set[str]]:
    """(table, row id) → the fields pending local ops change ("*": all)."""
    out: dict[tuple[str, str], set[str]] = {}
    for table, row_id, kind, fields in conn.execute(
        select(
            _outbox_t.c.table_name, _outbox_t.c.row_id, _outbox_t.c.kind, _outbox_t.c.fields
        ).where(_outbox_t.c.state == "pending")
    ):
        names = out.setdefault((table, row_id), set())
        if kind == "insert":
            names.add(_ALL)
        else:
            names.update(k for k in json.loads(fields) if not k.startswith("_"))
    return out


def _rebase(
    conn: Connection, info: TableInfo, row: dict[str, Any], fields: set[str]
) -> dict[str, Any]:
    """The office's row with the fields of pending local ops kept local."""
    local = conn.execute(select(info.table).where(info.table.c.id == row["id"])).mappings().first()
    if local is None:
        return row
    keep = (
        {c for c in info.columns if c not in ("id", "version", "hlc", "field_hlc")}
        if _ALL in fields
        else fields & set(info.columns)
    )
    out = dict(row)
    for name in keep:
        out[name] = local[name]
    stamps = json.loads(row["field_hlc"]) if row.get("field_hlc") else {}
    local_stamps = json.loads(local["field_hlc"]) if local["field_hlc"] else {}
    for name in keep:
        if name in local_stamps:
            stamps[name] = max(stamps.get(name, ""), local_stamps[name])
    out["field_hlc"] = json.dumps(stamps, sort_keys=True) if stamps else row.get("field_hlc")
    out["hlc"] = max(str(row.get("hlc") or ""), str(local["hlc"] or ""))
    return out


def _upsert(conn: Connection, info: TableInfo, rows: list[dict[str, Any]]) -> None:
    t = info.table
    stmt = sqlite_insert(t)
    keep = {"id", *info.local_only}
    stmt = stmt.on_conflict_do_update(
        index_elements=[t.c.id],
        set_={c: stmt.excluded[c] for c in info.columns if c not in keep},
    )
    conn.execute(stmt, rows)
