"""What sync needs to know about the synced tables: columns, value
conversion to and from JSON, which rows belong to a grid, checksums.

Shared by the office side, the laptop side and the store's tracking hook.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table
from sqlalchemy.engine import Connection

from luzsong_grid.store.models import Synced, synced_tables
from luzsong_grid.sync.protocol import TableChecksum

# Tables every device in an office pulls whole (no grid scope), although
# account_grid has a grid_code: a worker needs the assignments to know
# their own grids, and staff and supervisors see every assignment.
UNSCOPED_WITH_GRID = frozenset({"account_grid"})
# Columns that never leave the machine they are on (the office keeps its
# own password hashes; a laptop keeps the one its user signs in with).
LOCAL_ONLY: Mapping[str, frozenset[str]] = {"account": frozenset({"password_hash"})}
# Stamp columns: maintained by whoever applies a change, never sent as fields.
META = frozenset({"version", "hlc", "field_hlc"})
_DIGEST_MASK = (1 << 128) - 1


def _identity(value: Any) -> Any:
    return value


def _to_date(value: Any) -> Any:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _to_datetime(value: Any) -> Any:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _to_bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _to_int(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value if value is None else int(value)
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"not a whole number: {value!r}")
    return int(value)


def _to_float(value: Any) -> Any:
    return None if value is None else float(value)


def _to_str(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"not text: {value!r}")


def _converter(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, DateTime):
        return _to_datetime
    if isinstance(column_type, Date):
        return _to_date
    if isinstance(column_type, Boolean):
        return _to_bool
    if isinstance(column_type, Integer):
        return _to_int
    if isinstance(column_type, Float):
        return _to_float
    return _to_str


@dataclass(frozen=True)
class TableInfo:
    name: str
    model: type[Synced]
    table: Table
    columns: tuple[str, ...]
    converters: Mapping[str, Callable[[Any], Any]]
    scoped: bool  # rows belong to a grid (grid_code) and are pulled by grid
    identity_fields: frozenset[str]
    local_only: frozenset[str]
    order: int  # position in foreign-key order (parents first)

    def to_db(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """JSON values → column values; ValueError for unknown columns or bad values."""
        out: dict[str, Any] = {}
        for name, value in values.items():
            conv = self.converters.get(name)
            if conv is None:
                raise ValueError(f"{self.name} has no column {name!r}")
            out[name] = conv(value)
        return out

    @functools.cached_property
    def column_set(self) -> frozenset[str]:
        return frozenset(self.columns)

    @functools.cached_property
    def _texts(self) -> frozenset[str]:
        """Text columns a push may set."""
        return frozenset(
            n for n, c in self.converters.items() if c is _to_str and n not in self._not_pushed
        )

    @functools.cached_property
    def _not_pushed(self) -> frozenset[str]:
        return frozenset({"id", *META, *self.local_only})

    def from_op(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """An op's fields → column values, leaving out what a push never sets
        (the id, stamps, local-only columns, ``_``-names); ValueError (or
        TypeError) for unknown columns or bad values."""
        out: dict[str, Any] = {}
        converters, skipped, texts = self.converters, self._not_pushed, self._texts
        for name, value in fields.items():
            if name in texts and (value is None or type(value) is str):
                out[name] = value  # most fields: text that stays text
                continue
            conv = converters.get(name)
            if conv is None or name in skipped:
                if name in skipped or name[:1] == "_":
                    continue
                raise ValueError(f"{self.name} has no column {name!r}")
            out[name] = conv(value)
        return out

    def to_json(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A full row (column values) as JSON values, without local-only columns."""
        return {
            name: json_value(row[name]) if name not in self.local_only else ""
            for name in self.columns
            if name in row
        }

    def grid_of(self, row: Mapping[str, Any]) -> str | None:
        if not self.scoped:
            return None
        value = row.get("grid_code")
        return None if value is None else str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@cache
def tables() -> dict[str, TableInfo]:
    """Every synced table by name."""
    from sqlmodel import SQLModel

    order = {t.name: n for n, t in enumerate(SQLModel.metadata.sorted_tables)}
    out: dict[str, TableInfo] = {}
    for model in synced_tables():
        table: Table = model.__table__  # type: ignore[attr-defined]
        name = str(table.name)
        cols = tuple(c.name for c in table.columns)
        out[name] = TableInfo(
            name=name,
            model=model,
            table=table,
            columns=cols,
            converters={c.name: _converter(c.type) for c in table.columns},
            scoped="grid_code" in cols and name not in UNSCOPED_WITH_GRID,
            identity_fields=frozenset(model.__identity_fields__),
            local_only=LOCAL_ONLY.get(name, frozenset()),
            order=order[name],
        )
    return dict(sorted(out.items(), key=lambda kv: kv[1].order))


def table_info(name: str) -> TableInfo | None:
    return tables().get(name)


_SORTED = orjson.OPT_SORT_KEYS


def dumps(value: Any) -> str:
    """Compact JSON, keys sorted, dates as ISO text (orjson: several times
    faster than the standard encoder, which a push of 2000 ops felt)."""
    return orjson.dumps(value, default=json_value, option=_SORTED).decode()


def row_json(info: TableInfo, row: Mapping[str, Any]) -> str:
    """``dumps(info.to_json(row))``, without the intermediate dict of JSON values."""
    if info.local_only:
        return dumps(info.to_json(row))
    if row.keys() == info.column_set:  # a full row (the common case): as it is
        return orjson.dumps(row, default=json_value, option=_SORTED).decode()
    return orjson.dumps(
        {name: row[name] for name in info.columns if name in row},
        default=json_value,
        option=_SORTED,
    ).decode()


def _digest_rows(rows: Iterable[Sequence[Any]]) -> TableChecksum:
    """Count and sum of the row hashes of (id, version, hlc) rows: the 128-bit
    blake2b of "id:version:hlc" (the same on every device)."""
    count = 0
    total = 0
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    for row_id, version, stamp in rows:
        digest = blake2b(f"{row_id}:{version}:{stamp}".encode(), digest_size=16).digest()
        total += from_bytes(digest, "big")
        count += 1
    return TableChecksum(count=count, digest=f"{total & _DIGEST_MASK:032x}")


def scope_checksums(conn: Connection, grids: frozenset[str] | None) -> dict[str, TableChecksum]:
    """Row count and an order-independent hash of ``id:version:hlc`` per synced
    table, over the rows of ``grids`` (None: every grid) plus every
    reference row. The same function runs on the office and on a laptop."""
    out: dict[str, TableChecksum] = {}
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    quote = conn.dialect.identifier_preparer.quote
    for name, info in tables().items():
        # Plain SQL: the rows as the driver gives them (ids and stamps are
        # text, versions whole numbers on every backend).
        sql = f"SELECT id, version, hlc FROM {quote(name)}"
        params: tuple[str, ...] = ()
        if info.scoped and grids is not None:
            params = tuple(sorted(grids))
            if not params:
                sql += " WHERE 1 = 0"
            else:
                sql += f" WHERE grid_code IN ({', '.join([mark] * len(params))})"
        out[name] = _digest_rows(conn.exec_driver_sql(sql, params))
    return out


# table → grid (None: a reference row) → (rows, sum of row hashes)
GridSums = dict[str, dict[str | None, tuple[int, int]]]


def grid_sums(conn: Connection) -> GridSums:
    """Every row's hash summed per table and grid: :func:`combine` makes the
    checksums of any scope from it (the digest is a sum), so a laptop can
    count before it knows the scope the office will name."""
    out: GridSums = {}
    quote = conn.dialect.identifier_preparer.quote
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    for name, info in tables().items():
        grid_col = "grid_code" if info.scoped else "NULL"
        sums: dict[str | None, list[int]] = {}
        sql = f"SELECT id, version, hlc, {grid_col} FROM {quote(name)}"
        for row_id, version, stamp, grid in conn.exec_driver_sql(sql):
            acc = sums.get(grid)
            if acc is None:
                sums[grid] = acc = [0, 0]
            acc[0] += 1
            # The row hash of _digest_rows, inline.
            digest = blake2b(f"{row_id}:{version}:{stamp}".encode(), digest_size=16).digest()
            acc[1] += from_bytes(digest, "big")
        out[name] = {g: (c, h) for g, (c, h) in sums.items()}
    return out


def combine(sums: GridSums, grids: frozenset[str] | None) -> dict[str, TableChecksum]:
    """:func:`scope_checksums` of ``grids`` from :func:`grid_sums`."""
    out: dict[str, TableChecksum] = {}
    for name, info in tables().items():
        by_grid = sums.get(name, {})
        if info.scoped and grids is not None:
            picked = [v for g, v in by_grid.items() if g is not None and g in grids]
        else:
            picked = list(by_grid.values())
        total = sum(h for _, h in picked) & _DIGEST_MASK
        out[name] = TableChecksum(count=sum(c for c, _ in picked), digest=f"{total:032x}")
    return out


def scalar_defaults(info: TableInfo) -> dict[str, Any]:
    """The plain (non-callable) column defaults of a table (a fresh dict)."""
    return dict(_scalar_defaults(info.name))


@cache
def _scalar_defaults(name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in tables()[name].table.columns:
        default: Any = column.default
        if default is not None and getattr(default, "is_scalar", False):
            out[column.name] = default.arg
    return out
