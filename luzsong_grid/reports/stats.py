"""The counts a monthly (quarterly, yearly) report holds, for one scope and period.

``luzsong-grid stats --json`` prints :func:`compute`'s result; the Excel
report and the desktop dashboard are built from the same numbers, so they
cannot disagree. Plain SQL on a read-only connection: fast at district scale.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from luzsong_grid.domain.visits import VISIT_FLAGS, DueState, is_key_group, required_visits
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
