"""The counts a monthly (quarterly, yearly) report holds, for one scope and period.

``luzsong-grid stats --json`` prints :func:`compute`'s result; the Excel
report and the desktop dashboard are built from the same numbers, so they
cannot disagree. Plain SQL on a read-only connection: fast at district scale.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from luzsong_grid.domain.validation import age_on
from luzsong_grid.domain.visits import (
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
    grouped by grid, and the work that depends on a day (who is a key
    person, who is overdue) is shared between the periods.
    ``tests/test_excel_export.py`` checks the result against :func:`compute`
    grid by grid.
    """
    today = today or date.today()
    grid_rows = _scope_grids(conn, scope)
    codes = tuple(code for code, _name in grid_rows)
    if not codes:
        return [{} for _ in periods]
    rules = due.load_rulebook(conn)
    as_ofs = [min(p.end, today) for p in periods]
    keys = _key_persons_by_grid(conn, rules, scope, sorted({*as_ofs, *(p.end for p in periods)}))
    overdue = _overdue_by_grid(conn, rules, scope, sorted(set(as_ofs)), keys)
    land = _territory_by_grid(conn, scope, codes)
    where, params = scope.sql_filter()

    out: list[dict[str, dict[str, Any]]] = []
    for span, as_of in zip(periods, as_ofs, strict=True):
        bounds = _bounds(span)
        days = (span.start.isoformat(), span.end.isoformat())
        visit_part = _visits_by_grid(conn, codes, bounds, span, keys[span.end])
        svc = _grouped(
            conn,
            "SELECT grid_code, type_code, sum(count) FROM service_tally WHERE deleted = 0 "
            "AND done_on BETWEEN ? AND ?" + where + " GROUP BY grid_code, type_code",
            (*days, *params),
        )
        disp = _disputes_by_grid(conn, scope, codes, days, as_of)
        evts = _events_by_grid(conn, scope, codes, bounds, as_of)
        late = overdue[as_of]
        result: dict[str, dict[str, Any]] = {}
        for code, name in grid_rows:
            by_type = dict(sorted(svc.get(code, {}).items()))
            late_persons, late_households = late[(code, "person")], late[(code, "household")]
            visits_g = visit_part[code]
            visits_g["overdue"] = {
                "as_of": as_of.isoformat(),
                "key_persons": late_persons,
                "households": late_households,
                "total": late_persons + late_households,
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
    households = dict(
        conn.execute(
            "SELECT grid_code, count(*) FROM household WHERE deleted = 0"
            + where
            + " GROUP BY grid_code",
            params,
        )
    )
    persons = dict(
        conn.execute(
            # District-wide, a scan beats the grid index (a lookup per person).
            "SELECT grid_code, count(*) FROM person"
            + (" NOT INDEXED" if scope.grids is None else "")
            + " WHERE deleted = 0 AND moved_out = 0 AND deceased = 0"
            + where
            + " GROUP BY grid_code",
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


# (grid, person id) → (household id, interval days, tagged since): everyone a
# rule applies to on a day, as due.key_persons finds them grid by grid (a
# person's tags count in the tag's grid).
_KeyPersons = dict[tuple[str, str], tuple[str, int, date]]


def _key_persons_by_grid(
    conn: sqlite3.Connection, rules: RuleBook, scope: Scope, days: Sequence[date]
) -> dict[date, _KeyPersons]:
    where, params = scope.sql_filter("t.grid_code")
    tag_marks = ",".join("?" * len(rules.by_tag))
    # "+t.tag_code": scanning the tags beats an index walk with a lookup per tag.
    rows = conn.execute(
        "SELECT t.grid_code, p.id, p.household_id, p.birth_date, t.tag_code, t.attrs, t.since "
        "FROM person_tag t JOIN person p ON p.id = t.person_id "
        "WHERE t.deleted = 0 AND p.deleted = 0 AND p.moved_out = 0 AND p.deceased = 0 "
        f"AND (t.since IS NULL OR t.since <= ?) AND +t.tag_code IN ({tag_marks})" + where,
        (max(days).isoformat(), *rules.by_tag, *params),
    )
    # (grid, person) → household, birth day, [(tag, risk level, tagged since as stored)]
    people: dict[tuple[str, str], tuple[str, date | None, list[tuple[str, int | None, str]]]] = {}
    for grid, pid, hid, birth, tag, attrs, since in rows:
        risk = json.loads(attrs).get("risk_level") if attrs and attrs != "{}" else None
        entry = people.get((grid, pid))
        if entry is None:
            entry = people[(grid, pid)] = (hid, due._day(birth), [])
        entry[2].append((tag, risk if isinstance(risk, int) else None, since or ""))
    # Many persons share their tags (and age): each combination is looked up once.
    intervals: dict[tuple[tuple[tuple[str, int | None], ...], int | None], int | None] = {}
    out: dict[date, _KeyPersons] = {}
    for day in days:
        text = day.isoformat()
        found: _KeyPersons = {}
        for key, (hid, birth, tagged) in people.items():
            now = [t for t in tagged if t[2] <= text]
            if not now:
                continue
            age = age_on(birth, day) if birth else None
            combination = (tuple((tag, risk) for tag, risk, _since in now), age)
            if combination in intervals:
                interval = intervals[combination]
            else:
                facts = [TagFact(tag, risk) for tag, risk in combination[0]]
                interval = intervals[combination] = rules.interval(facts, age=age)
            if interval is not None:
                found[key] = (hid, interval, min(due._day(t[2]) or day for t in now))
        out[day] = found
    return out


def _walks(column: str, ends: Sequence[str], *, whole: bool = False) -> str:
    """Correlated subqueries, one per bound in ``ends``: the newest live visit
    up to the bound whose ``column`` is ``k.ref`` (whole-household visits only
    if ``whole``), in grid ``k.grid_code``. Each walks the (person|household,
    visited_at) index back and stops at the first match."""
    only_whole = " AND v.person_id IS NULL" if whole else ""
    return ", ".join(
        f"(SELECT v.visited_at FROM visit v WHERE v.{column} = k.ref AND v.visited_at <= ?"
        f"{only_whole} AND v.grid_code = k.grid_code AND v.deleted = 0 AND v.voided = 0 "
        "ORDER BY v.visited_at DESC LIMIT 1)"
        for _ in ends
    )


def _last_visits(
    conn: sqlite3.Connection, subjects: Sequence[tuple[str, str]], by: str, ends: Sequence[str]
) -> list[list[date | None]]:
    """For each (grid, id) of ``subjects``, the day of its newest live visit in
    that grid up to each of ``ends``: visits naming the person (``by`` =
    "person") or whole-household visits ("whole")."""
    if not subjects:
        return []
    walks = _walks("person_id" if by == "person" else "household_id", ends, whole=by == "whole")
    rows = conn.execute(
        f"SELECT {walks} FROM (SELECT json_extract(value, '$[0]') AS grid_code, "
        "json_extract(value, '$[1]') AS ref, key AS n FROM json_each(?)) k ORDER BY k.n",
        (*ends, json.dumps(subjects)),
    )
    return [[due._day(text) for text in row] for row in rows]


def _overdue_by_grid(
    conn: sqlite3.Connection,
    rules: RuleBook,
    scope: Scope,
    as_ofs: Sequence[date],
    keys: dict[date, _KeyPersons],
) -> dict[date, Counter[tuple[str, str]]]:
    """as_of → Counter of (grid, "person"|"household") overdue on that day,
    as due.due_items counts them grid by grid."""
    ends = [f"{day.isoformat()} 23:59:59.999999" for day in as_ofs]
    out: dict[date, Counter[tuple[str, str]]] = {day: Counter() for day in as_ofs}

    # Tagged persons: the newest of the last visit naming them and the last
    # visit to their whole household (both in their grid). Most were visited
    # by name recently enough; only the others need the household looked at.
    persons = sorted({key for day in as_ofs for key in keys[day]})
    named = dict(zip(persons, _last_visits(conn, persons, "person", ends), strict=True))
    unsure = sorted(
        {
            (grid, keys[day][(grid, pid)][0])
            for n, day in enumerate(as_ofs)
            for (grid, pid), (_hid, interval, _since) in keys[day].items()
            if (last := named[(grid, pid)][n]) is None or last + timedelta(days=interval) < day
        }
    )
    whole = dict(zip(unsure, _last_visits(conn, unsure, "whole", ends), strict=True))
    for n, day in enumerate(as_ofs):
        late = out[day]
        for (grid, pid), (hid, interval, since) in keys[day].items():
            last = named[(grid, pid)][n]
            if last is not None and last + timedelta(days=interval) >= day:
                continue
            last = max(filter(None, (last, whole[(grid, hid)][n])), default=None)
            due_on = since if last is None else last + timedelta(days=interval)
            if due_on < day:
                late[(grid, "person")] += 1

    # Households: the newest visit of any kind, in their grid; the interval of
    # their tags' rules (tags counted in the tag's grid) or the ordinary one.
    where, params = scope.sql_filter()
    tags = conn.execute(
        "SELECT grid_code, household_id, tag_code, since FROM household_tag WHERE deleted = 0"
        + where,
        params,
    ).fetchall()
    tagged: dict[date, dict[tuple[str, str], int]] = {}
    for day in as_ofs:
        text = day.isoformat()
        facts: dict[tuple[str, str], list[TagFact]] = {}
        for grid, hid, tag, since in tags:
            if since is None or since <= text:
                facts.setdefault((grid, hid), []).append(TagFact(tag))
        intervals = {key: rules.interval(found) for key, found in facts.items()}
        tagged[day] = {key: days for key, days in intervals.items() if days is not None}
    households = conn.execute(
        f"SELECT k.grid_code, k.ref, k.created_at, {_walks('household_id', ends)} "
        "FROM (SELECT grid_code, id AS ref, created_at FROM household WHERE deleted = 0"
        + where
        + ") k",
        (*ends, *params),
    )
    default = rules.household_interval_days
    for grid, hid, created, *lasts in households:
        created_day = due._day(created)
        for day, last_text in zip(as_ofs, lasts, strict=True):
            last = due._day(last_text)
            since = created_day or day
            if last is None and since > day:
                continue  # did not exist yet
            interval = tagged[day].get((grid, hid), default)
            due_on = since if last is None else last + timedelta(days=interval)
            if due_on < day:
                out[day][(grid, "household")] += 1
    return out


def _visits_by_grid(
    conn: sqlite3.Connection,
    codes: tuple[str, ...],
    bounds: tuple[str, str],
    span: Period,
    key: _KeyPersons,
) -> dict[str, dict[str, Any]]:
    """The visit counts of :func:`visits` per grid, overdue counts left out."""
    # The flags packed into one number; grid codes listed so that the
    # (grid, visited_at) index finds the period's visits even district-wide.
    packed = " + ".join(f"(found_{f} << {n})" for n, f in enumerate(VISIT_FLAGS))
    count: Counter[str] = Counter()
    households: dict[str, set[str]] = {code: set() for code in codes}
    persons: dict[str, set[str]] = {code: set() for code in codes}
    kinds: dict[str, Counter[str]] = {code: Counter() for code in codes}
    found = {code: [0] * len(VISIT_FLAGS) for code in codes}
    per_person: Counter[tuple[str, str]] = Counter()
    per_household: Counter[tuple[str, str]] = Counter()
    marks = ",".join("?" * len(codes))
    for grid, hid, pid, kind, flags in conn.execute(
        f"SELECT grid_code, household_id, person_id, kind, {packed} FROM visit "
        f"WHERE deleted = 0 AND voided = 0 AND grid_code IN ({marks}) "
        "AND visited_at BETWEEN ? AND ?",
        (*codes, *bounds),
    ):
        count[grid] += 1
        households[grid].add(hid)
        kinds[grid][kind] += 1
        if pid is None:
            per_household[(grid, hid)] += 1
        else:
            persons[grid].add(pid)
            per_person[(grid, pid)] += 1
        if flags:
            sums = found[grid]
            for n in range(len(VISIT_FLAGS)):
                sums[n] += flags >> n & 1

    in_key: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    for (grid, pid), (hid, interval, _since) in key.items():
        if not is_key_group(interval):
            continue
        in_key[grid] += 1
        done = per_person[(grid, pid)] + per_household[(grid, hid)]
        if done >= required_visits(interval, span.days):
            completed[grid] += 1
    return {
        code: {
            "household_visits": count[code],
            "households_visited": len(households[code]),
            "persons_visited": len(persons[code]),
            "by_kind": dict(sorted(kinds[code].items())),
            "findings": dict(zip(VISIT_FLAGS, found[code], strict=True)),
            "key_group": {
                "persons": in_key[code],
                "completed": completed[code],
                "completion_rate": _rate(completed[code], in_key[code]),
            },
        }
        for code in codes
    }


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
