"""Tracked bulk writes: tens of thousands of rows in one transaction, fast.

The tracking hook (:mod:`luzsong_grid.store.tracking`) stamps every new or
changed ORM object at flush and writes its outbox and audit rows; through
the ORM that costs about half a millisecond a row, so a 50,000-person roster
would take minutes. The functions here write exactly what the hook writes
for the same change (the row stamped with an HLC, version and times; one
outbox op; one audit row with identity numbers masked), with ``executemany``
on the session's own connection, inside the session's transaction: a
rollback takes everything back, and nothing can be written without its
outbox and audit rows. ``tests/test_excel_import.py`` checks that a bulk
insert and a bulk patch leave the same outbox and audit rows as the ORM.

Rows already in the ORM session are not touched here: callers load what they
need as plain values and never mix the two for one row.

New search documents are added in one pass when there are many of them:
inside the transaction the ``search_doc`` triggers are dropped, the rows
inserted, the two FTS5 indexes fed with one ``INSERT … SELECT`` each (the
statements are derived from the insert trigger, so they follow its
definition) and the triggers put back, as :func:`luzsong_grid.search.rebuild_index`
does for the whole table: 10 times faster than a trigger a row.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, get_args

from luzsong_grid import search
from luzsong_grid.domain.validation import mask_phone, mask_resident_id
from luzsong_grid.hlc import MAX_COUNTER, HybridClock, Stamp
from luzsong_grid.store.models import Outbox, Synced
from luzsong_grid.store.tracking import _audit_value, to_json_value

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect
    from sqlmodel import Session

    from luzsong_grid.store.db import Actor, Store

__all__ = [
    "Batch",
    "Patch",
    "SearchFeed",
    "add_search_docs",
    "checkpoint_in_background",
    "insert_new",
    "new_ids",
    "patch_rows",
    "prepare_insert",
    "raw_connection",
    "roomy_cache",
    "start_search_docs",
    "write_search_docs",
]

log = logging.getLogger(__name__)

# Fewer new search documents than this go through the triggers, row by row.
BULK_SEARCH_MIN = 500
_STAMP_COLUMNS = frozenset({"version", "hlc", "field_hlc"})
_MASKERS: dict[str, Callable[[str], str]] = {"id_number": mask_resident_id, "phone": mask_phone}


def _encoder(*, sort_keys: bool) -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=...)`` for the flat
    dicts of a row: the C encoder made once (``JSONEncoder.encode`` builds a
    new one per call, a third of its time for a small dict), same text."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python without the C accelerator
        return encoder.encode
    # (markers, default, encoder, indent, key separator, item separator,
    # sort_keys, skipkeys, allow_nan); markers None: the dicts hold no cycles.
    chunks = make(
        None,
        encoder.default,
        json.encoder.encode_basestring,
        None,
        ": ",
        ", ",
        sort_keys,
        False,
        True,
    )
    join = "".join

    def encode(value: Any) -> str:
        return join(chunks(value, 0))

    return encode


_ENCODE = _encoder(sort_keys=True)
_ENCODE_ORDERED = _encoder(sort_keys=False)
_TRIGGER_INSERT = re.compile(r"INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)", re.I)

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Patch:
    """A change to one existing row: its id, the version and per-field stamps
    it had when read, and ``{column: (old, new)}``."""

    row_id: str
    base_version: int
    field_hlc: str | None
    changes: Mapping[str, tuple[Any, Any]]


def raw_connection(session: Session) -> sqlite3.Connection:
    """The DB-API connection under ``session``, in its transaction (pending
    ORM changes are flushed first, so they keep their order)."""
    session.flush()
    conn: sqlite3.Connection = session.connection().connection.driver_connection  # type: ignore[assignment]
    return conn


def _context(session: Session) -> tuple[Store, Actor]:
    store: Store = session.info["store"]
    actor: Actor = session.info["actor"]
    return store, actor


def _processors(dialect: Dialect, model: type[Any], names: Sequence[str]) -> list[Processor]:
    columns = model.__table__.columns
    return [columns[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]


def _defaults(model: type[Synced], names: Sequence[str]) -> dict[str, Callable[[], Any]]:
    out: dict[str, Callable[[], Any]] = {}
    for name in names:
        info = model.model_fields[name]
        if info.default_factory is not None:
            out[name] = info.default_factory  # type: ignore[assignment]
        elif not info.is_required():
            out[name] = functools.partial(_same, info.default)
    return out


def _same(value: Any) -> Any:
    return value


def _convert(values: Sequence[Any], procs: Sequence[Processor]) -> tuple[Any, ...]:
    return tuple(v if p is None or v is None else p(v) for v, p in zip(values, procs, strict=True))


def _insert_sql(table: str, names: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"


_OUTBOX_NAMES = (
    "op_id",
    "table_name",
    "row_id",
    "kind",
    "fields",
    "base_version",
    "hlc",
    "account_id",
    "device_id",
    "created_at",
    "state",
    "result",
)
_AUDIT_NAMES = (
    "at",
    "hlc",
    "account_id",
    "device_id",
    "table_name",
    "row_id",
    "action",
    "changes",
)


class _Journal:
    """Outbox and audit rows waiting for one executemany each."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.store, self.actor = _context(session)
        self.remote = bool(session.info.get("remote", False))
        dialect = session.get_bind().dialect
        self.now = now
        (self.when,) = _convert((now,), _processors(dialect, Outbox, ("created_at",)))
        self.outbox: list[tuple[Any, ...]] = []
        self.audit: list[tuple[Any, ...]] = []
        self.op_ids: list[str] = []

    def add(
        self, table: str, row_id: str, kind: str, fields: str, base: int, stamp: str, changes: str
    ) -> None:
        actor = self.actor
        if not self.remote:
            if not self.op_ids:
                self.op_ids = new_ids(4096)[::-1]
            op_id = self.op_ids.pop()
            ids = (actor.account_id, actor.device_id)
            self.outbox.append(
                (op_id, table, row_id, kind, fields, base, stamp, *ids, self.when, "pending", "")
            )
        action = kind if not self.remote else f"remote_{kind}"
        self.audit.append(
            (self.when, stamp, actor.account_id, actor.device_id, table, row_id, action, changes)
        )

    def statements(self) -> list[tuple[str, list[Sequence[Any]]]]:
        out: list[tuple[str, list[Sequence[Any]]]] = []
        if self.outbox:
            out.append((_insert_sql("outbox", _OUTBOX_NAMES), list(self.outbox)))
        if self.audit:
            out.append((_insert_sql("audit_log", _AUDIT_NAMES), list(self.audit)))
        return out


@dataclass
class Batch:
    """Rows ready to be written: (statement, rows) pairs, run in order."""

    statements: list[tuple[str, list[Sequence[Any]]]]
    count: int

    def run(self, conn: sqlite3.Connection) -> None:
        for sql, rows in self.statements:
            conn.executemany(sql, rows)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def new_ids(count: int) -> list[str]:
    """``count`` UUIDv7 ids at once (time-ordered, unique; the 12-bit counter
    field counts up from 0, each 4,096 ids taking the next millisecond; 62
    random bits each)."""
    ms = int(time.time() * 1000)
    noise = os.urandom(8 * count).hex()
    out: list[str] = []
    append = out.append
    for block in range(0, count, 4096):
        stamp = f"{(ms + (block >> 12)) & 0xFFFF_FFFF_FFFF:012x}"
        head = f"{stamp[:8]}-{stamp[8:]}-7"
        for i in range(block, min(count, block + 4096)):
            rand = noise[16 * i : 16 * i + 16]
            # The variant: 0b10 and two random bits.
            append(f"{head}{i & 0xFFF:03x}-{_VARIANT[rand[0]]}{rand[1:4]}-{rand[4:]}")
    return out


def insert_new(session: Session, model: type[Synced], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert new rows of a synced table with their outbox and audit rows.

    Each mapping gives column values; missing columns get the model's
    defaults (``id`` a fresh UUIDv7). The sync columns are stamped as the
    tracking hook stamps a new object. Values must already be valid: nothing
    is checked here beyond what the database itself enforces. Returns the
    number of rows written.
    """
    batch = prepare_insert(session, model, rows)
    batch.run(raw_connection(session))
    return batch.count


def prepare_insert(
    session: Session, model: type[Synced], rows: Iterable[Mapping[str, Any]]
) -> Batch:
    """The statements :func:`insert_new` runs, without running them (no
    database access: another thread may be writing on the connection)."""
    given_rows = list(rows)
    if not given_rows:
        return Batch([], 0)
    store, _actor = _context(session)
    now = _now()
    journal = _Journal(session, now)
    table = str(model.__tablename__)
    names = [c.name for c in model.__table__.columns]  # type: ignore[attr-defined]
    position = {name: i for i, name in enumerate(names)}
    procs = _processors(session.get_bind().dialect, model, names)
    when = journal.when
    # The journal's outbox and audit rows, as _Journal.add makes them.
    who = (journal.actor.account_id, journal.actor.device_id)
    done = (when, "pending", "")
    op_ids = None if journal.remote else iter(new_ids(len(given_rows)))
    action = "remote_insert" if journal.remote else "insert"
    outbox_append, audit_append = journal.outbox.append, journal.audit.append
    # Column values every new row starts from; stamps are set per row below.
    template: list[Any] = [None] * len(names)
    factories: list[tuple[int, Callable[[], Any]]] = []
    for name, factory in _defaults(model, names).items():
        if name in ("id", "created_at", "updated_at") or name in _STAMP_COLUMNS:
            continue
        if isinstance(factory, functools.partial):
            template[position[name]] = factory()
        else:
            factories.append((position[name], factory))
    template[position["created_at"]] = template[position["updated_at"]] = now
    template[position["version"]] = 1
    field_names = sorted(n for n in names if n not in _STAMP_COLUMNS)
    dated = {n for n in field_names if _is_dated(model.model_fields[n].annotation)}
    masked = [(n, _MASKERS[n]) for n in field_names if n in _MASKERS]
    # Every row starts from these, JSON-ready (keys sorted as json.dumps(...,
    # sort_keys=True) writes them for the hook) and database-ready.
    json_template = {n: _json_ready(template[position[n]], n in dated) for n in field_names}
    db_template = [
        v if p is None or v is None else p(v) for v, p in zip(template, procs, strict=True)
    ]
    id_pos, hlc_pos = position["id"], position["hlc"]
    db_template[position["created_at"]] = db_template[position["updated_at"]] = when
    ids = iter(new_ids(sum(1 for r in given_rows if "id" not in r)))
    stamps = iter(_stamps(store.clock, len(given_rows)))
    data: list[Sequence[Any]] = []
    # Rows giving the same columns (in the same order) share a plan: each row's
    # values and JSON fields are then picked from template + given values in
    # one step, and only the columns that need it are converted.
    plans: dict[tuple[str, ...], _RowPlan] = {}
    db_base, json_base = tuple(db_template), tuple(json_template.values())
    for given in given_rows:
        keys = tuple(given)
        plan = plans.get(keys)
        if plan is None:
            plan = plans[keys] = _RowPlan.make(keys, names, field_names, procs, dated)
        vals = tuple(given.values())
        values = list(plan.db_pick(db_base + vals))
        for pos, convert in plan.convert:
            value = values[pos]
            if value is not None:
                values[pos] = convert(value)
        if plan.dated:
            ready = list(vals)
            for i in plan.dated:
                if ready[i] is not None:
                    ready[i] = ready[i].isoformat()
            vals = tuple(ready)
        fields = dict(zip(field_names, plan.json_pick(json_base + vals), strict=True))
        if plan.new_id:
            values[id_pos] = fields["id"] = next(ids)
        for pos, factory in factories:
            if names[pos] not in given:
                value = factory()
                fields[names[pos]] = _json_ready(value, names[pos] in dated)
                proc = procs[pos]
                values[pos] = value if proc is None or value is None else proc(value)
        stamp = values[hlc_pos] = next(stamps)
        text = _ENCODE_ORDERED(fields)
        audit_text = text
        for name, mask in masked:
            value = fields[name]
            if isinstance(value, str) and value:
                # The one place a key appears: '"phone": "…"' (string values
                # cannot hold an unescaped quote).
                old = f'"{name}": {_json_text(value)}'
                audit_text = audit_text.replace(old, f'"{name}": {_json_text(mask(value))}', 1)
        row_id = values[id_pos]
        if op_ids is not None:
            outbox_append((next(op_ids), table, row_id, "insert", text, 0, stamp, *who, *done))
        audit_append((when, stamp, *who, table, row_id, action, audit_text))
        data.append(values)
    return Batch([(_insert_sql(table, names), data), *journal.statements()], len(data))


def _stamps(clock: HybridClock, count: int) -> list[str]:
    """``count`` fresh HLC stamps, in order, as ``count`` calls of
    ``clock.now()`` would give them when made within one millisecond: the
    first from the clock, the rest counting up from it (the next
    millisecond when the counter is full), then the clock is moved past the
    last one (``observe``), so that later stamps sort after all of them."""
    if count <= 0:
        return []
    first = Stamp.parse(clock.now())
    node, ms, counter = first.node, first.wall_ms, first.counter
    out = [str(first)]
    append = out.append
    for _ in range(count - 1):
        counter += 1
        if counter > MAX_COUNTER:
            ms, counter = ms + 1, 0
        append(f"{ms:013d}-{counter:05d}-{node}")
    clock.observe(out[-1])
    return out


@dataclass(frozen=True)
class _RowPlan:
    """How a row giving ``keys`` becomes database values and JSON fields:
    pickers over (template values + the row's values)."""

    db_pick: Callable[[tuple[Any, ...]], tuple[Any, ...]]
    json_pick: Callable[[tuple[Any, ...]], tuple[Any, ...]]
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]  # given columns needing conversion
    dated: tuple[int, ...]  # given values written to JSON as ISO text
    new_id: bool

    @classmethod
    def make(
        cls,
        keys: tuple[str, ...],
        names: Sequence[str],
        field_names: Sequence[str],
        procs: Sequence[Processor],
        dated: set[str],
    ) -> _RowPlan:
        unknown = set(keys) - set(field_names)
        if unknown or len(set(keys)) != len(keys):
            raise KeyError(f"not columns to insert: {sorted(unknown) or keys}")
        given = {name: i for i, name in enumerate(keys)}
        db_src = [len(names) + given[n] if n in given else pos for pos, n in enumerate(names)]
        json_src = [
            len(field_names) + given[n] if n in given else i for i, n in enumerate(field_names)
        ]
        convert: tuple[tuple[int, Callable[[Any], Any]], ...] = tuple(
            (pos, proc)
            for pos, (name, proc) in enumerate(zip(names, procs, strict=True))
            if name in given and proc is not None
        )
        return cls(
            db_pick=itemgetter(*db_src),
            json_pick=itemgetter(*json_src),
            convert=convert,
            dated=tuple(given[n] for n in keys if n in dated),
            new_id="id" not in given,
        )


def _json_ready(value: Any, dated: bool) -> Any:
    return value.isoformat() if dated and value is not None else value


def _json_text(value: str) -> str:
    """``value`` as a JSON string, as the encoder writes it (without
    ensure_ascii only quotes, backslashes and control characters are escaped;
    printable text without the first two is written as it is)."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return _ENCODE_ORDERED(value)


def _is_dated(annotation: Any) -> bool:
    return any(t in (date, datetime) for t in (annotation, *get_args(annotation)))


@contextlib.contextmanager
def roomy_cache(session: Session, kib: int = 131072) -> Iterator[None]:
    """A bigger page cache for the connection while the block writes in bulk."""
    conn = raw_connection(session)
    (size,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(size)}")


def checkpoint_in_background(session: Session) -> None:
    """No automatic WAL checkpoint when this (large) transaction commits:
    the WAL it filled is copied into the database file by a background thread
    right after the commit, so that the caller is not kept waiting for it.

    A commit is durable in the WAL already; the checkpoint only moves the
    pages into the main file (SQLite itself would otherwise do it, on the
    committing connection, before the commit returns). The thread has its own
    connection and only takes what no reader still needs (PASSIVE); whatever
    it leaves is checkpointed by later commits as usual."""
    if session.get_bind().dialect.name != "sqlite":
        return
    conn = raw_connection(session)
    store, _actor = _context(session)
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute("PRAGMA wal_autocheckpoint = 0")

    def restore(_session: Any) -> None:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")

    def committed(_session: Any) -> None:
        restore(_session)
        threading.Thread(
            target=_checkpoint, args=(store,), name="wal-checkpoint", daemon=True
        ).start()

    from sqlalchemy import event

    event.listen(session, "after_commit", committed, once=True)
    event.listen(session, "after_rollback", restore, once=True)


def _checkpoint(store: Store) -> None:
    try:
        conn = store.raw(readonly=False)
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()
    except Exception:  # housekeeping: later commits checkpoint anyway
        log.debug("background checkpoint failed", exc_info=True)


class StaleRowError(RuntimeError):
    """A row changed between reading it and patching it."""


def patch_rows(session: Session, model: type[Synced], patches: Iterable[Patch]) -> int:
    """Apply changes to existing rows as the tracking hook would: per-field
    stamps merged, version bumped, one ``patch`` outbox op and audit row per
    row. A row whose version moved since it was read raises
    :class:`StaleRowError` (the caller's transaction then rolls back)."""
    store, _actor = _context(session)
    conn = raw_connection(session)
    now = _now()
    journal = _Journal(session, now)
    table = str(model.__tablename__)
    dialect = session.get_bind().dialect
    (when,) = _convert((now,), _processors(dialect, model, ("updated_at",)))
    count = 0
    for patch in patches:
        changes = {n: (old, new) for n, (old, new) in patch.changes.items() if old != new}
        if not changes:
            continue
        names = sorted(changes)
        stamp = store.clock.now()
        stamps = json.loads(patch.field_hlc) if patch.field_hlc else {}
        for name in names:
            stamps[name] = stamp
        values = _convert([changes[n][1] for n in names], _processors(dialect, model, names))
        sets = ", ".join(f"{n} = ?" for n in names)
        cur = conn.execute(
            f"UPDATE {table} SET {sets}, field_hlc = ?, hlc = ?, version = ?, updated_at = ? "
            "WHERE id = ? AND version = ?",
            (
                *values,
                json.dumps(stamps, sort_keys=True),
                stamp,
                patch.base_version + 1,
                when,
                patch.row_id,
                patch.base_version,
            ),
        )
        if cur.rowcount != 1:
            raise StaleRowError(f"{table} {patch.row_id} changed since it was read")
        fields = {n: to_json_value(changes[n][1]) for n in names}
        audit = {
            n: [_audit_value(n, old), _audit_value(n, new)] for n, (old, new) in changes.items()
        }
        journal.add(
            table,
            patch.row_id,
            "patch",
            _ENCODE(fields),
            patch.base_version,
            stamp,
            _ENCODE(audit),
        )
        count += 1
    Batch(journal.statements(), count).run(conn)
    return count


def _fts_feeds(conn: sqlite3.Connection) -> list[str]:
    """``INSERT … SELECT`` statements that feed the FTS indexes from
    search_doc rows above a rowid, derived from the insert trigger."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_doc_ai'"
    ).fetchone()
    if row is None:
        return []
    feeds = []
    for table, columns, values in _TRIGGER_INSERT.findall(str(row[0])):
        selected = ", ".join(v.strip().removeprefix("new.") for v in values.split(","))
        feeds.append(
            f"INSERT INTO {table}({columns}) SELECT {selected} FROM search_doc WHERE rowid > ?"
        )
    return feeds


def add_search_docs(session: Session, docs: Sequence[tuple[str, ...]]) -> None:
    """Index new persons and households (:func:`search.person_doc`/
    :func:`search.household_doc` values) in the session's transaction.

    Only for rows that have no document yet; changed rows go through
    ``search.UPSERT_DOC_SQL`` and the triggers."""
    start_search_docs(session, docs).finish()


def start_search_docs(session: Session, docs: Sequence[tuple[str, ...]]) -> SearchFeed:
    """:func:`add_search_docs` in two halves: the documents are inserted now
    and the FTS indexes fed by a helper thread; :meth:`SearchFeed.finish`
    waits for it. In between the caller may do Python work that does not use
    the database (:func:`prepare_insert`): feeding the indexes is one SQL
    statement per index, run without the interpreter lock, so the two really
    run at once."""
    if not docs or session.get_bind().dialect.name != "sqlite":
        return SearchFeed(None, [], [], 0)
    return _start(raw_connection(session), docs)


def write_search_docs(conn: sqlite3.Connection, docs: Sequence[tuple[str, ...]]) -> None:
    """:func:`add_search_docs` on a connection."""
    _start(conn, docs).finish()


class SearchFeed:
    """The FTS indexes being fed from new ``search_doc`` rows (see
    :func:`start_search_docs`)."""

    def __init__(
        self,
        conn: sqlite3.Connection | None,
        feeds: Sequence[str],
        triggers: Sequence[tuple[str, str]],
        start: int,
    ) -> None:
        self._conn = conn
        self._triggers = triggers
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if conn is not None and feeds:
            self._thread = threading.Thread(
                target=self._feed, args=(conn, feeds, start), name="search-feed", daemon=True
            )
            self._thread.start()

    def _feed(self, conn: sqlite3.Connection, feeds: Sequence[str], start: int) -> None:
        try:
            for feed in feeds:
                # A big in-memory hash: one segment flushed instead of dozens.
                table = feed.split()[2].split("(")[0]
                conn.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (64 << 20,)
                )
                conn.execute(feed, (start,))
                conn.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)",
                    (search.FTS5_DEFAULT_HASH_BYTES,),
                )
        except BaseException as exc:  # handed to finish(), in the caller's thread
            self._error = exc

    def finish(self) -> None:
        """Wait for the feed, put the triggers back; raise what the feed raised."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        if self._conn is not None:
            for _name, sql in self._triggers:
                self._conn.execute(sql)
            self._conn = None


def _start(conn: sqlite3.Connection, docs: Sequence[tuple[str, ...]]) -> SearchFeed:
    if not docs:
        return SearchFeed(None, [], [], 0)
    feeds = _fts_feeds(conn)
    if len(docs) < BULK_SEARCH_MIN or len(feeds) != 2:
        conn.executemany(search.UPSERT_DOC_SQL, docs)
        return SearchFeed(None, [], [], 0)
    (start,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM search_doc").fetchone()
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc' "
        "AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    # Plain INSERT: a document that exists already fails loudly (its index
    # entries could not be replaced without the triggers).
    conn.executemany(search.INSERT_DOC_SQL, docs)
    return SearchFeed(conn, feeds, triggers, int(start))
