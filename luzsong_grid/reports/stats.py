"""The counts a monthly (quarterly, yearly) report holds, for one scope and period.

``luzsong-grid stats --json`` prints :func:`compute`'s result; the Excel
report and the desktop dashboard are built from the same numbers, so they
cannot disagree. Plain SQL on a read-only connection: fast at district scale.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from luzsong_grid.domain.visits import (
    KEY_GROUP_MAX_INTERVAL,
    VISIT_FLAGS,
    DueState,
    RuleBook,
    TagFact,
    is_key_group,
    required_visits,
)
from luzsong_grid.reports import due
from luzsong_grid.reports.period import Period
from luzsong_grid.reports.scope import Scope

TERMINAL_EVENT = ("closed", "self_resolved", "cancelled")
CLOSED_EVENT = ("closed", "self_resolved")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _bounds(period: Period) -> tuple[str, str]:
    return period.start.isoformat(), f"{period.end.isoformat()} 23:59:59.999999"


def territory(conn: sqlite3.Connection, scope: Scope) -> dict[str, int]:
    where, params = scope.sql_filter("g.code")
    streets, communities, grids = conn.execute(
        "SELECT count(DISTINCT c.street_code), count(DISTINCT c.code), count(*) "
        "FROM grid g JOIN community c ON c.code = g.community_code "
        "WHERE g.deleted = 0" + where,
        params,
    ).fetchone()
    where, params = scope.sql_filter()
    households = conn.execute(
        "SELECT count(*) FROM household WHERE deleted = 0" + where, params
    ).fetchone()[0]
    persons = conn.execute(
        "SELECT count(*) FROM person WHERE deleted = 0 AND moved_out = 0 AND deceased = 0" + where,
        params,
    ).fetchone()[0]
    return {
        "streets": streets,
        "communities": communities,
        "grids": grids,
        "households": households,
        "persons": persons,
    }


def visits(conn: sqlite3.Connection, scope: Scope, period: Period, as_of: date) -> dict[str, Any]:
    where, params = scope.sql_filter()
    start, end = _bounds(period)
    live = "deleted = 0 AND voided = 0 AND visited_at BETWEEN ? AND ?" + where
    args = (start, end, *params)
    flags = ", ".join(f"sum(found_{f})" for f in VISIT_FLAGS)
    row = conn.execute(
        f"SELECT count(*), count(DISTINCT household_id), count(DISTINCT person_id), {flags} "
        "FROM visit WHERE " + live,
        args,
    ).fetchone()
    by_kind = dict(
        conn.execute("SELECT kind, count(*) FROM visit WHERE " + live + " GROUP BY kind", args)
    )

    # Key groups: who needed visits in the period, and who got enough of them.
    rules = due.load_rulebook(conn)
    key = {
        pid: v
        for pid, v in due.key_persons(conn, rules, scope, period.end).items()
        if is_key_group(v[2])
    }
    per_person = Counter(
        dict(
            conn.execute(
                "SELECT person_id, count(*) FROM visit WHERE person_id IS NOT NULL AND "
                + live
                + " GROUP BY person_id",
                args,
            )
        )
    )
    per_household = Counter(
        dict(
            conn.execute(
                "SELECT household_id, count(*) FROM visit WHERE person_id IS NULL AND "
                + live
                + " GROUP BY household_id",
                args,
            )
        )
    )
    completed = 0
    for pid, (hid, _grid, interval, _since) in key.items():
        done = per_person[pid] + per_household[hid]
        if done >= required_visits(interval, period.days):
            completed += 1

    items = due.due_items(conn, scope=scope, as_of=as_of, rules=rules)
    overdue = Counter(i.kind for i in items if i.state is DueState.OVERDUE)
    return {
        "household_visits": row[0],
        "households_visited": row[1],
        "persons_visited": row[2],
        "by_kind": by_kind,
        "findings": {f: row[3 + n] or 0 for n, f in enumerate(VISIT_FLAGS)},
        "key_group": {
            "persons": len(key),
            "completed": completed,
            "completion_rate": _rate(completed, len(key)),
        },
        "overdue": {
            "as_of": as_of.isoformat(),
            "key_persons": overdue["person"],
            "households": overdue["household"],
            "total": overdue["person"] + overdue["household"],
        },
    }


def services(conn: sqlite3.Connection, scope: Scope, period: Period) -> dict[str, Any]:
    where, params = scope.sql_filter()
    by_type = dict(
        conn.execute(
            "SELECT type_code, sum(count) FROM service_tally WHERE deleted = 0 "
            "AND done_on BETWEEN ? AND ?" + where + " GROUP BY type_code ORDER BY type_code",
            (period.start.isoformat(), period.end.isoformat(), *params),
        )
    )
    return {"total": sum(by_type.values()), "by_type": by_type}


def disputes(conn: sqlite3.Connection, scope: Scope, period: Period, as_of: date) -> dict[str, Any]:
    where, params = scope.sql_filter()
    span = (period.start.isoformat(), period.end.isoformat(), *params)
    accepted = "deleted = 0 AND accepted_on BETWEEN ? AND ?" + where
    concluded = "deleted = 0 AND result != '' AND resolved_on BETWEEN ? AND ?" + where

    def grouped(column: str, condition: str) -> dict[str, int]:
        return dict(
            conn.execute(
                f"SELECT {column}, count(*) FROM dispute WHERE {condition} "
                f"GROUP BY {column} ORDER BY {column}",
                span,
            )
        )

    n_accepted, amount, major, prevented = conn.execute(
        "SELECT count(*), coalesce(sum(amount), 0), coalesce(sum(major), 0), "
        "coalesce(sum(escalation_prevented), 0) FROM dispute WHERE " + accepted,
        span,
    ).fetchone()
    by_result = grouped("result", concluded)
    agreements = conn.execute(
        "SELECT count(*) FROM dispute WHERE agreement = 1 AND " + concluded, span
    ).fetchone()[0]
    # Open on ``as_of``: accepted by then and not concluded by then (a past
    # month's report must not change when a dispute is concluded later).
    day = as_of.isoformat()
    open_now, overdue_now = conn.execute(
        "SELECT count(*), coalesce(sum(deadline < ?), 0) FROM dispute "
        "WHERE deleted = 0 AND accepted_on <= ? "
        "AND (result = '' OR coalesce(resolved_on, '') > ?)" + where,
        (day, day, day, *params),
    ).fetchone()
    n_concluded = sum(by_result.values())
    success = by_result.get("success", 0)
    return {
        "accepted": n_accepted,
        "by_type": grouped("type_code", accepted),
        "by_source": grouped("source_code", accepted),
        "concluded": n_concluded,
        "resolved": success,
        "by_result": by_result,
        "success_rate": _rate(success, n_concluded),
        "agreements": agreements,
        "amount": round(float(amount), 2),
        "major": major,
        "escalation_prevented": prevented,
        "open": open_now,
        "overdue": overdue_now,
    }


def events(conn: sqlite3.Connection, scope: Scope, period: Period, as_of: date) -> dict[str, Any]:
    where, params = scope.sql_filter()
    start, end = _bounds(period)
    reported = "deleted = 0 AND reported_at BETWEEN ? AND ?" + where
    span = (start, end, *params)

    def grouped(column: str) -> dict[str, int]:
        return dict(
            conn.execute(
                f"SELECT {column}, count(*) FROM event WHERE {reported} "
                f"GROUP BY {column} ORDER BY {column}",
                span,
            )
        )

    closed_marks = ",".join("?" * len(CLOSED_EVENT))
    closed, on_time = conn.execute(
        "SELECT count(*), coalesce(sum(closed_at <= coalesce(extended_to, deadline_at)), 0) "
        f"FROM event WHERE deleted = 0 AND status IN ({closed_marks}) "
        "AND closed_at BETWEEN ? AND ?" + where,
        (*CLOSED_EVENT, start, end, *params),
    ).fetchone()
    terminal_marks = ",".join("?" * len(TERMINAL_EVENT))
    as_of_end = f"{as_of.isoformat()} 23:59:59.999999"
    # Still open on ``as_of`` (not closed, resolved or cancelled by then) and past its deadline.
    overdue = conn.execute(
        f"SELECT count(*) FROM event WHERE deleted = 0 "
        f"AND (status NOT IN ({terminal_marks}) OR coalesce(closed_at, '') > ?) "
        "AND reported_at <= ? AND coalesce(extended_to, deadline_at) < ?" + where,
        (*TERMINAL_EVENT, as_of_end, as_of_end, as_of_end, *params),
    ).fetchone()[0]
    by_status = grouped("status")
    return {
        "reported": sum(by_status.values()),
        "by_status": by_status,
        "by_category": grouped("category_code"),
        "by_urgency": grouped("urgency"),
        "closed": closed,
        "closed_on_time": on_time,
        "on_time_rate": _rate(on_time, closed),
        "overdue": overdue,
        "supervised": conn.execute(
            "SELECT count(*) FROM event WHERE supervised = 1 AND " + reported, span
        ).fetchone()[0],
    }


def compute(
    conn: sqlite3.Connection, *, scope: Scope, period: Period, today: date | None = None
) -> dict[str, Any]:
    """Every count of the report for ``scope`` in ``period``. Overdue counts
    are taken at the period's end, or today while the period is running."""
    today = today or date.today()
    as_of = min(period.end, today)
    return {
        "scope": {"kind": scope.kind, "code": scope.code, "name": scope.name},
        "period": {
            "label": period.label,
            "kind": period.kind,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "territory": territory(conn, scope),
        "visits": visits(conn, scope, period, as_of),
        "services": services(conn, scope, period),
        "disputes": disputes(conn, scope, period, as_of),
        "events": events(conn, scope, period, as_of),
    }


# --------------------------------------------------------------------------
# Every grid of a scope in one pass (the Excel report's rows)
# --------------------------------------------------------------------------


def compute_grids(
    conn: sqlite3.Connection,
    *,
    scope: Scope,
    periods: Sequence[Period],
    today: date | None = None,
) -> list[dict[str, dict[str, Any]]]:
    """For each of ``periods``, grid code → exactly what :func:`compute`
    returns for that grid alone, for every grid of ``scope``.

    One :func:`compute` per grid would take minutes for the district (288
    grids, a year of visits): here each query runs once for all grids,
    grouped by grid, the work that depends on a day (who is a key person,
    who is overdue) is shared between the periods, and the households'
    overdue check runs beside the rest on a second read-only connection when
    ``conn`` is a database file. ``tests/test_excel_export.py`` checks the
    result against :func:`compute` grid by grid.
    """
    today = today or date.today()
    grid_rows = _scope_grids(conn, scope)
    codes = tuple(code for code, _name in grid_rows)
    if not codes:
        return [{} for _ in periods]
    rules = due.load_rulebook(conn)
    as_ofs = [min(p.end, today) for p in periods]
    days = sorted(set(as_ofs))
    # Key persons on each day a count needs: the periods' ends (completion)
    # and the days overdue is counted on.
    person_days = sorted({*as_ofs, *(p.end for p in periods)})
    with _Beside(conn) as beside:
        # The heavy reading first, beside the rest: counted inside SQLite, so
        # the threads really run at once.
        late_households = beside.run(_household_overdue, rules, scope, days)
        person_parts = beside.run(
            _person_parts,
            rules,
            scope,
            [
                _PersonDay(
                    day,
                    tuple((n, p) for n, p in enumerate(periods) if p.end == day),
                    day in as_ofs,
                )
                for day in person_days
            ],
        )
        kinds = [
            str(kind)
            for (kind,) in conn.execute(
                "SELECT DISTINCT code FROM catalog_item WHERE kind = 'visit_kind' ORDER BY code"
            )
        ]
        counted = [beside.run(_visit_counts, codes, _bounds(span), kinds) for span in periods]
        land = _territory_by_grid(conn, scope, codes)
        where, params = scope.sql_filter()
        parts = []
        for span, as_of in zip(periods, as_ofs, strict=True):
            days_span = (span.start.isoformat(), span.end.isoformat())
            parts.append(
                (
                    _grouped(
                        conn,
                        "SELECT grid_code, type_code, sum(count) FROM service_tally "
                        "WHERE deleted = 0 AND done_on BETWEEN ? AND ?"
                        + where
                        + " GROUP BY grid_code, type_code",
                        (*days_span, *params),
                    ),
                    _disputes_by_grid(conn, scope, codes, days_span, as_of),
                    _events_by_grid(conn, scope, codes, _bounds(span), as_of),
                )
            )
        persons_on = person_parts.result()
        visit_parts = [
            _visits_by_grid(codes, n, persons_on[span.end], counts.result())
            for n, (span, counts) in enumerate(zip(periods, counted, strict=True))
        ]
        households_late = late_households.result()

    out: list[dict[str, dict[str, Any]]] = []
    for span, as_of, visit_part, (svc, disp, evts) in zip(
        periods, as_ofs, visit_parts, parts, strict=True
    ):
        result: dict[str, dict[str, Any]] = {}
        for code, name in grid_rows:
            by_type = dict(sorted(svc.get(code, {}).items()))
            persons = persons_on[as_of][code].late if code in persons_on[as_of] else 0
            households = households_late[as_of][code]
            visits_g = visit_part[code]
            visits_g["overdue"] = {
                "as_of": as_of.isoformat(),
                "key_persons": persons,
                "households": households,
                "total": persons + households,
            }
            result[code] = {
                "scope": {"kind": "grid", "code": code, "name": name},
                "period": {
                    "label": span.label,
                    "kind": span.kind,
                    "start": span.start.isoformat(),
                    "end": span.end.isoformat(),
                },
                "territory": land[code],
                "visits": visits_g,
                "services": {"total": sum(by_type.values()), "by_type": by_type},
                "disputes": disp[code],
                "events": evts[code],
            }
        out.append(result)
    return out


MMAP_BYTES = 1 << 31


class _Done:
    """A finished result (when no second connection could be had)."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


class _Beside:
    """Runs functions in helper threads, each on its own read-only connection
    to ``conn``'s file: SQLite works without the interpreter lock, so the
    queries really run at once. For a database in memory they run inline on
    ``conn``. (The connections read at nearly the same moment; a write landing
    in between could show in one count and not another, as it could between
    two reports.)"""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._path = next(
            (file for _n, name, file in conn.execute("PRAGMA database_list") if name == "main"), ""
        )
        self._pool: Any = None
        self._mmap = 0

    def __enter__(self) -> _Beside:
        # Reading through a memory map spares SQLite a system call per page;
        # the index walks below touch many pages once.
        self._mmap = self._conn.execute("PRAGMA mmap_size").fetchone()[0]
        self._conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        if self._path:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="stats")
        return self

    def _call(self, fn: Any, *args: Any) -> Any:
        from luzsong_grid.store.db import connect_raw

        other = connect_raw(self._path, readonly=True)  # keyed when the database is encrypted
        try:
            other.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            return fn(other, *args)
        finally:
            other.close()

    def run(self, fn: Any, *args: Any) -> Any:
        if self._pool is None:
            return _Done(fn(self._conn, *args))
        return self._pool.submit(self._call, fn, *args)

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._conn.execute(f"PRAGMA mmap_size={int(self._mmap)}")


def _scope_grids(conn: sqlite3.Connection, scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the scope's live grids, by code."""
    where, params = scope.sql_filter("code")
    return [
        (str(code), str(name))
        for code, name in conn.execute(
            "SELECT code, name FROM grid WHERE deleted = 0" + where + " ORDER BY code", params
        )
    ]


def _grouped(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any]
) -> dict[str, dict[str, int]]:
    """grid → {key: value} from rows (grid, key, value)."""
    out: dict[str, dict[str, int]] = {}
    for grid, key, value in conn.execute(sql, params):
        out.setdefault(grid, {})[key] = value
    return out


def _territory_by_grid(
    conn: sqlite3.Connection, scope: Scope, codes: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    where, params = scope.sql_filter("g.code")
    land = {
        code: {"streets": streets, "communities": communities, "grids": grids}
        for code, streets, communities, grids in conn.execute(
            "SELECT g.code, count(DISTINCT c.street_code), count(DISTINCT c.code), count(*) "
            "FROM grid g JOIN community c ON c.code = g.community_code "
            "WHERE g.deleted = 0" + where + " GROUP BY g.code",
            params,
        )
    }
    where, params = scope.sql_filter()
    # District-wide, scans beat the grid indexes (a row lookup per entry).
    scan = " NOT INDEXED" if scope.grids is None else ""
    households = dict(
        conn.execute(
            f"SELECT grid_code, count(*) FROM household{scan} WHERE deleted = 0"
            + where
            + " GROUP BY grid_code",
            params,
        )
    )
    persons = dict(
        conn.execute(
            f"SELECT grid_code, count(*) FROM person{scan} "
            "WHERE deleted = 0 AND moved_out = 0 AND deceased = 0" + where + " GROUP BY grid_code",
            params,
        )
    )
    return {
        code: {
            **land.get(code, {"streets": 0, "communities": 0, "grids": 0}),
            "households": households.get(code, 0),
            "persons": persons.get(code, 0),
        }
        for code in codes
    }


# Days as whole julian day numbers, the way SQL gives them cheaply:
# CAST(julianday('YYYY-MM-DD') AS INTEGER) == date.toordinal() + _JD.
_JD = 1721424


def _jd(day: date) -> int:
    return day.toordinal() + _JD


def _jd_sql(column: str) -> str:
    return f"CAST(julianday(substr({column}, 1, 10)) AS INTEGER)"


def _walks(column: str, ends: Sequence[str], *, whole: bool = False) -> str:
    """Correlated subqueries, one per bound in ``ends``: the julian day of the
    newest live visit up to the bound whose ``column`` is ``k.ref``
    (whole-household visits only if ``whole``), in grid ``k.grid_code``. Each
    walks the (person|household, visited_at) index back to its first match."""
    only_whole = " AND v.person_id IS NULL" if whole else ""
    return ", ".join(
        f"(SELECT {_jd_sql('v.visited_at')} FROM visit v WHERE v.{column} = k.ref "
        f"AND v.visited_at <= ?{only_whole} AND v.grid_code = k.grid_code AND v.deleted = 0 "
        "AND v.voided = 0 ORDER BY v.visited_at DESC LIMIT 1)"
        for _ in ends
    )


def _ends(days: Sequence[date]) -> list[str]:
    return [f"{day.isoformat()} 23:59:59.999999" for day in days]


def _household_overdue(
    conn: sqlite3.Connection, rules: RuleBook, scope: Scope, days: Sequence[date]
) -> dict[date, Counter[str]]:
    """day → grid → households overdue that day, as due.due_items counts them
    grid by grid: due after their newest visit of any kind (in their grid),
    at the interval of their tags' rules (tags counted in the tag's grid) or
    the ordinary one. Counted inside SQLite: one row per grid comes back."""
    where, params = scope.sql_filter()
    tags = conn.execute(
        f"SELECT grid_code, household_id, tag_code, {_jd_sql('since')} FROM household_tag "
        "WHERE deleted = 0" + where,
        params,
    ).fetchall()
    # (grid, household) → its interval on each day (None: the ordinary one)
    tagged: dict[tuple[str, str], list[int | None]] = {}
    for n, day in enumerate(days):
        day_jd = _jd(day)
        facts: dict[tuple[str, str], list[TagFact]] = {}
        for grid, hid, tag, since in tags:
            if since is None or since <= day_jd:
                facts.setdefault((grid, hid), []).append(TagFact(tag))
        for key, found in facts.items():
            interval = rules.interval(found)
            if interval is not None:
                tagged.setdefault(key, [None] * len(days))[n] = interval
    ends = _ends(days)
    default = rules.household_interval_days
    late_cols = ", ".join(
        f"coalesce(sum(CASE WHEN k.last{n} IS NULL THEN coalesce(k.created, ?) < ? "
        f"ELSE k.last{n} + coalesce(t.i{n}, ?) < ? END), 0)"
        for n in range(len(days))
    )
    walk_list = [_walks("household_id", [end]) + f" AS last{n}" for n, end in enumerate(ends)]
    day_args = [a for day in days for a in (_jd(day), _jd(day), default, _jd(day))]
    # The tagged households' intervals, in a temporary table (its own, in
    # memory; allowed on a read-only connection) keyed for the join below.
    table = f"temp.lg_tagged_{secrets.token_hex(4)}"
    intervals = ", ".join(f"i{n}" for n in range(len(days)))
    conn.execute(
        f"CREATE TABLE {table} (ref TEXT, grid_code TEXT, {intervals}, "
        "PRIMARY KEY (ref, grid_code))"
    )
    try:
        conn.executemany(
            f"INSERT INTO {table} VALUES ({','.join('?' * (2 + len(days)))})",
            [(h, g, *i) for (g, h), i in tagged.items()],
        )
        sql = (
            f"SELECT hh.grid_code, {late_cols.replace('k.', 'hh.')} FROM (SELECT k.grid_code, "
            f"k.ref, {_jd_sql('k.created_at')} AS created, "
            + ", ".join(walk_list)
            + " FROM (SELECT grid_code, id AS ref, created_at FROM household"
            + (" NOT INDEXED" if scope.grids is None else "")
            + " WHERE deleted = 0"
            + where
            + f") k) hh LEFT JOIN {table} t ON t.ref = hh.ref AND t.grid_code = hh.grid_code "
            "GROUP BY hh.grid_code"
        )
        late: list[Counter[str]] = [Counter() for _ in days]
        # Parameters in the order they appear: the counts, the walks, the scope.
        for grid, *counts in conn.execute(sql, (*day_args, *ends, *params)):
            for n, count in enumerate(counts):
                if count:
                    late[n][grid] = count
    finally:
        conn.execute(f"DROP TABLE {table}")
    return dict(zip(days, late, strict=True))


@dataclass
class _PersonPart:
    """A grid's key persons on one day: how many are in the key groups, how
    many of those had enough visits in each period ending that day (by the
    period's position), and how many are overdue."""

    key_group: int = 0
    completed: dict[int, int] = field(default_factory=dict)
    late: int = 0


@dataclass(frozen=True)
class _PersonDay:
    """A day key persons are counted on: the periods ending that day whose
    completion is wanted (by position), and whether overdue is wanted."""

    day: date
    spans: tuple[tuple[int, Period], ...]
    late: bool


def _person_parts_sql(
    rules: RuleBook, scope: Scope, days: Sequence[_PersonDay]
) -> tuple[str, dict[str, Any]]:
    """The query of :func:`_person_parts` and its parameters: one row per
    grid, for each day the key-group count, the completed count of each of
    its spans and, if wanted, the overdue count."""
    args: dict[str, Any] = {"last": max(d.day for d in days).isoformat()}

    def bind(prefix: str, values: Sequence[Any]) -> list[str]:
        names = [f"{prefix}{n}" for n in range(len(values))]
        args.update(zip(names, values, strict=True))
        return [f":{name}" for name in names]

    grids = ""
    if scope.grids is not None:
        grids = (
            f" AND t.grid_code IN ({', '.join(bind('g', scope.grids))})"
            if scope.grids
            else " AND 0"
        )
    tags = ", ".join(bind("tag", list(rules.by_tag)))
    # District-wide, a scan of the tags beats the grid index (a row lookup per entry).
    scan = " NOT INDEXED" if scope.grids is None else ""
    # A tag's risk level: an integer in attrs (JSON true and false count as 1
    # and 0, as Python reads them).
    risk = (
        "CASE WHEN t.attrs IN ('', '{}') THEN NULL "
        "ELSE CASE json_type(t.attrs, '$.risk_level') "
        "WHEN 'integer' THEN json_extract(t.attrs, '$.risk_level') "
        "WHEN 'true' THEN 1 WHEN 'false' THEN 0 END END"
    )
    # A tag's interval: its rules as one CASE, the shortest matching first
    # (RuleBook.interval; unknown risk or age meets a condition). Written out
    # rather than joined, so that every tag row costs a few comparisons.
    # {age} stands for the holder's age on the day.
    by_tag = []
    for n, (tag, found) in enumerate(rules.by_tag.items()):
        whens = []
        for m, rule in enumerate(sorted(found, key=lambda r: r.interval_days)):
            conditions = []
            if rule.min_risk is not None:
                (low,) = bind(f"low{n}_{m}_", [rule.min_risk])
                conditions.append(f"x.risk >= {low}")
            if rule.max_risk is not None:
                (high,) = bind(f"high{n}_{m}_", [rule.max_risk])
                conditions.append(f"x.risk <= {high}")
            test = "1"
            if conditions:
                test = f"(x.risk IS NULL OR ({' AND '.join(conditions)}))"
            if rule.age_min is not None:
                (oldest,) = bind(f"age{n}_{m}_", [rule.age_min])
                test += f" AND (x.birth IS NULL OR {{age}} >= {oldest})"
            (every,) = bind(f"every{n}_{m}_", [rule.interval_days])
            whens.append(f"WHEN {test} THEN {every}")
        (code,) = bind(f"code{n}_", [tag])
        by_tag.append(f"WHEN {code} THEN CASE {' '.join(whens)} END")
    interval = f"CASE x.tag_code {' '.join(by_tag)} END"
    key_columns = []
    columns = []
    for i, wanted in enumerate(days):
        (day,) = bind(f"day{i}_", [wanted.day.isoformat()])
        (jd,) = bind(f"jd{i}_", [_jd(wanted.day)])
        (end,) = bind(f"end{i}_", _ends([wanted.day]))
        age = (
            f"(CAST(substr({day}, 1, 4) AS INTEGER) - CAST(substr(x.birth, 1, 4) AS INTEGER) "
            f"- (substr({day}, 6, 5) < substr(x.birth, 6, 5)))"
        )
        tagged = f"(x.since IS NULL OR x.since <= {day})"
        key_columns.append(
            f"min(CASE WHEN {tagged} THEN {interval.replace('{age}', age)} END) AS every{i}, "
            f"min(CASE WHEN {tagged} THEN coalesce({_jd_sql('x.since')}, {jd}) END) AS since{i}"
        )
        every = f"k.every{i}"
        live = "v.grid_code = k.grid_code AND v.deleted = 0 AND v.voided = 0"
        named = f"FROM visit v WHERE v.person_id = k.ref AND {live}"
        whole = f"FROM visit v WHERE v.household_id = k.hid AND v.person_id IS NULL AND {live}"
        key_group = f"{every} <= {KEY_GROUP_MAX_INTERVAL}"
        columns.append(f"coalesce(sum({key_group}), 0)")
        for n, span in wanted.spans:
            (start,) = bind(f"start{i}_{n}_", [span.start.isoformat()])
            (length,) = bind(f"days{i}_{n}_", [float(span.days)])
            in_span = f"v.visited_at BETWEEN {start} AND {end}"
            done = (
                f"(SELECT count(*) {named} AND {in_span}) + (SELECT count(*) {whole} AND {in_span})"
            )
            needed = f"max(1, CAST({length} / {every} + 0.1 AS INTEGER))"
            columns.append(f"coalesce(sum(CASE WHEN {key_group} THEN {done} >= {needed} END), 0)")
        if wanted.late:
            # Overdue: no visit naming them or to their whole household in
            # the last ``every`` days (due.due_items: last visit + interval
            # < day); never visited, overdue once the day they were tagged
            # has passed.
            recent = f"v.visited_at BETWEEN date({jd} - {every} + 0.5) AND {end}"
            ever = f"v.visited_at <= {end}"
            columns.append(
                f"coalesce(sum(CASE WHEN {every} IS NULL THEN 0 "
                f"WHEN EXISTS (SELECT 1 {named} AND {recent}) THEN 0 "
                f"WHEN EXISTS (SELECT 1 {whole} AND {recent}) THEN 0 "
                f"WHEN k.since{i} < {jd} THEN 1 "
                f"WHEN EXISTS (SELECT 1 {named} AND {ever}) THEN 1 "
                f"WHEN EXISTS (SELECT 1 {whole} AND {ever}) THEN 1 "
                "ELSE 0 END), 0)"
            )
    anyone = " OR ".join(f"k.every{i} IS NOT NULL" for i in range(len(days)))
    sql = (
        f"WITH k AS (SELECT x.grid_code, x.ref, x.hid, {', '.join(key_columns)} FROM ("
        f"SELECT t.grid_code, t.person_id AS ref, p.household_id AS hid, t.tag_code, "
        f"{risk} AS risk, p.birth_date AS birth, t.since "
        f"FROM person_tag t{scan} CROSS JOIN person p ON p.id = t.person_id "
        "WHERE t.deleted = 0 AND p.deleted = 0 AND p.moved_out = 0 AND p.deceased = 0 "
        f"AND (t.since IS NULL OR t.since <= :last) AND +t.tag_code IN ({tags}){grids}"
        ") x GROUP BY x.grid_code, x.ref) "
        f"SELECT k.grid_code, {', '.join(columns)} FROM k WHERE {anyone} GROUP BY k.grid_code"
    )
    return sql, args


def _person_parts(
    conn: sqlite3.Connection, rules: RuleBook, scope: Scope, days: Sequence[_PersonDay]
) -> dict[date, dict[str, _PersonPart]]:
    """day → grid → its key persons on that day as due.key_persons and
    due.due_items find them grid by grid (a person's tags count in the tag's
    grid): how many are in the key groups, the key-group completion of each
    period ending that day and, if wanted, how many are overdue. Counted
    inside SQLite in one query (a few index-only seeks in the live-visit
    indexes per person); one row per grid comes back."""
    out: dict[date, dict[str, _PersonPart]] = {d.day: {} for d in days}
    if not rules.by_tag or not days:
        return out
    sql, args = _person_parts_sql(rules, scope, days)
    for grid, *counts in conn.execute(sql, args):
        values = iter(counts)
        for wanted in days:
            part = out[wanted.day][grid] = _PersonPart(next(values))
            for n, _span in wanted.spans:
                part.completed[n] = next(values)
            if wanted.late:
                part.late = next(values)
    return out


@dataclass
class _VisitCounts:
    count: dict[str, int]
    households: dict[str, int]
    persons: dict[str, int]
    kinds: dict[str, dict[str, int]]
    found: dict[str, list[int]]


def _visit_counts(
    conn: sqlite3.Connection,
    codes: tuple[str, ...],
    bounds: tuple[str, str],
    kinds: Sequence[str],
) -> _VisitCounts:
    """A period's live visits, counted per grid inside SQLite; the visits of
    each of ``kinds`` counted in the same pass (other kinds, if any, in a
    second one)."""
    # Grid codes listed so that the (grid, visited_at) index finds the
    # period's visits even district-wide.
    marks = ",".join("?" * len(codes))
    live = (
        f"FROM visit WHERE deleted = 0 AND voided = 0 AND grid_code IN ({marks}) "
        "AND visited_at BETWEEN ? AND ?"
    )
    flags = ", ".join(f"sum(found_{f})" for f in VISIT_FLAGS)
    of_kind = "".join(", sum(kind = ?)" for _ in kinds)
    counts = _VisitCounts({}, {}, {}, {}, {})
    others = False
    for grid, count, households, persons, *sums in conn.execute(
        "SELECT grid_code, count(*), count(DISTINCT household_id), count(DISTINCT person_id), "
        f"{flags}{of_kind} {live} GROUP BY grid_code",
        (*kinds, *codes, *bounds),
    ):
        counts.count[grid] = count
        counts.households[grid] = households
        counts.persons[grid] = persons
        counts.found[grid] = sums[: len(VISIT_FLAGS)]
        by_kind = dict(zip(kinds, sums[len(VISIT_FLAGS) :], strict=True))
        counts.kinds[grid] = {kind: n for kind, n in by_kind.items() if n}
        others = others or sum(by_kind.values()) != count
    if others:
        counts.kinds = _grouped(
            conn,
            f"SELECT grid_code, kind, count(*) {live} GROUP BY grid_code, kind",
            (*codes, *bounds),
        )
    return counts


def _visits_by_grid(
    codes: tuple[str, ...], n: int, persons: dict[str, _PersonPart], counts: _VisitCounts
) -> dict[str, dict[str, Any]]:
    """The visit counts of :func:`visits` per grid for the ``n``-th period,
    overdue counts left out."""
    none = [0] * len(VISIT_FLAGS)
    nobody = _PersonPart()
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        part = persons.get(code, nobody)
        in_key, completed = part.key_group, part.completed.get(n, 0)
        out[code] = {
            "household_visits": counts.count.get(code, 0),
            "households_visited": counts.households.get(code, 0),
            "persons_visited": counts.persons.get(code, 0),
            "by_kind": dict(sorted(counts.kinds.get(code, {}).items())),
            "findings": dict(zip(VISIT_FLAGS, counts.found.get(code, none), strict=True)),
            "key_group": {
                "persons": in_key,
                "completed": completed,
                "completion_rate": _rate(completed, in_key),
            },
        }
    return out


def _disputes_by_grid(
    conn: sqlite3.Connection,
    scope: Scope,
    codes: tuple[str, ...],
    day_span: tuple[str, str],
    as_of: date,
) -> dict[str, dict[str, Any]]:
    in_grids, params = scope.sql_filter()
    span = (*day_span, *params)
    accepted = "deleted = 0 AND accepted_on BETWEEN ? AND ?" + in_grids
    concluded = "deleted = 0 AND result != '' AND resolved_on BETWEEN ? AND ?" + in_grids

    def grouped(column: str, condition: str) -> dict[str, dict[str, int]]:
        return _grouped(
            conn,
            f"SELECT grid_code, {column}, count(*) FROM dispute WHERE {condition} "
            f"GROUP BY grid_code, {column} ORDER BY grid_code, {column}",
            span,
        )

    totals = {
        grid: row
        for grid, *row in conn.execute(
            "SELECT grid_code, count(*), coalesce(sum(amount), 0), coalesce(sum(major), 0), "
            "coalesce(sum(escalation_prevented), 0) FROM dispute WHERE "
            + accepted
            + " GROUP BY grid_code",
            span,
        )
    }
    by_type, by_source = grouped("type_code", accepted), grouped("source_code", accepted)
    by_result = grouped("result", concluded)
    agreements = dict(
        conn.execute(
            "SELECT grid_code, count(*) FROM dispute WHERE agreement = 1 AND "
            + concluded
            + " GROUP BY grid_code",
            span,
        )
    )
    day = as_of.isoformat()
    still_open = {
        grid: (n, late)
        for grid, n, late in conn.execute(
            "SELECT grid_code, count(*), coalesce(sum(deadline < ?), 0) FROM dispute "
            "WHERE deleted = 0 AND accepted_on <= ? "
            "AND (result = '' OR coalesce(resolved_on, '') > ?)" + in_grids + " GROUP BY grid_code",
            (day, day, day, *params),
        )
    }
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        n_accepted, amount, major, prevented = totals.get(code, (0, 0, 0, 0))
        results = by_result.get(code, {})
        n_concluded = sum(results.values())
        success = results.get("success", 0)
        open_now, overdue_now = still_open.get(code, (0, 0))
        out[code] = {
            "accepted": n_accepted,
            "by_type": by_type.get(code, {}),
            "by_source": by_source.get(code, {}),
            "concluded": n_concluded,
            "resolved": success,
            "by_result": results,
            "success_rate": _rate(success, n_concluded),
            "agreements": agreements.get(code, 0),
            "amount": round(float(amount), 2),
            "major": major,
            "escalation_prevented": prevented,
            "open": open_now,
            "overdue": overdue_now,
        }
    return out


def _events_by_grid(
    conn: sqlite3.Connection,
    scope: Scope,
    codes: tuple[str, ...],
    bounds: tuple[str, str],
    as_of: date,
) -> dict[str, dict[str, Any]]:
    in_grids, params = scope.sql_filter()
    reported = "deleted = 0 AND reported_at BETWEEN ? AND ?" + in_grids
    span = (*bounds, *params)

    def grouped(column: str) -> dict[str, dict[str, int]]:
        return _grouped(
            conn,
            f"SELECT grid_code, {column}, count(*) FROM event WHERE {reported} "
            f"GROUP BY grid_code, {column} ORDER BY grid_code, {column}",
            span,
        )

    closed_marks = ",".join("?" * len(CLOSED_EVENT))
    closed = {
        grid: (n, on_time)
        for grid, n, on_time in conn.execute(
            "SELECT grid_code, count(*), "
            "coalesce(sum(closed_at <= coalesce(extended_to, deadline_at)), 0) "
            f"FROM event WHERE deleted = 0 AND status IN ({closed_marks}) "
            "AND closed_at BETWEEN ? AND ?" + in_grids + " GROUP BY grid_code",
            (*CLOSED_EVENT, *span),
        )
    }
    terminal_marks = ",".join("?" * len(TERMINAL_EVENT))
    as_of_end = f"{as_of.isoformat()} 23:59:59.999999"
    overdue = dict(
        conn.execute(
            "SELECT grid_code, count(*) FROM event WHERE deleted = 0 "
            f"AND (status NOT IN ({terminal_marks}) OR coalesce(closed_at, '') > ?) "
            "AND reported_at <= ? AND coalesce(extended_to, deadline_at) < ?"
            + in_grids
            + " GROUP BY grid_code",
            (*TERMINAL_EVENT, as_of_end, as_of_end, as_of_end, *params),
        )
    )
    supervised = dict(
        conn.execute(
            "SELECT grid_code, count(*) FROM event WHERE supervised = 1 AND "
            + reported
            + " GROUP BY grid_code",
            span,
        )
    )
    by_status, by_category, by_urgency = (
        grouped("status"),
        grouped("category_code"),
        grouped("urgency"),
    )
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        statuses = by_status.get(code, {})
        n_closed, on_time = closed.get(code, (0, 0))
        out[code] = {
            "reported": sum(statuses.values()),
            "by_status": statuses,
            "by_category": by_category.get(code, {}),
            "by_urgency": by_urgency.get(code, {}),
            "closed": n_closed,
            "closed_on_time": on_time,
            "on_time_rate": _rate(on_time, n_closed),
            "overdue": overdue.get(code, 0),
            "supervised": supervised.get(code, 0),
        }
    return out
