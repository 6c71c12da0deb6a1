"""What the Dashboard page shows, for one scope, Qt-free.

The month figures come from :func:`luzsong_grid.reports.stats.compute`, the
same numbers as the monthly report, so the two cannot disagree. This month
runs up to ``today``; last month is whole.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from luzsong_grid.reports import period as periods
from luzsong_grid.reports import stats
from luzsong_grid.reports.period import Period
from luzsong_grid.reports.scope import Scope

WEEKS = 12

# The figures compared month on month, in the order the page shows them.
FIGURES = (
    "visits",
    "households_visited",
    "services",
    "disputes_accepted",
    "disputes_resolved",
    "events_reported",
    "events_closed",
    "events_closed_on_time",
)


@dataclass(frozen=True)
class Figure:
    key: str  # one of FIGURES
    this_month: int
    last_month: int

    @property
    def change(self) -> int:
        return self.this_month - self.last_month


@dataclass(frozen=True)
class WeekCount:
    monday: date
    iso_week: int
    count: int


@dataclass(frozen=True)
class TypeCount:
    code: str
    name: str
    name_en: str
    count: int

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Overdue:
    key_persons: int
    households: int
    disputes: int
    events: int

    @property
    def total(self) -> int:
        return self.key_persons + self.households + self.disputes + self.events


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    today: date
    this_month: Period
    last_month: Period
    figures: tuple[Figure, ...]
    weeks: tuple[WeekCount, ...]
    disputes_by_type: tuple[TypeCount, ...]
    overdue: Overdue
    key_group_persons: int
    key_group_rate: float | None  # this month's visit completion, 0..1

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _figures(report: dict[str, Any]) -> dict[str, int]:
    visits, disputes, events = report["visits"], report["disputes"], report["events"]
    return {
        "visits": visits["household_visits"],
        "households_visited": visits["households_visited"],
        "services": report["services"]["total"],
        "disputes_accepted": disputes["accepted"],
        "disputes_resolved": disputes["resolved"],
        "events_reported": events["reported"],
        "events_closed": events["closed"],
        "events_closed_on_time": events["closed_on_time"],
    }


def visits_per_week(
    conn: sqlite3.Connection, *, scope: Scope, today: date, weeks: int = WEEKS
) -> tuple[WeekCount, ...]:
    """Visits in each of the last ``weeks`` ISO weeks (Monday to Sunday), the
    current (partial) week last."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    where, params = scope.sql_filter()
    per_day = conn.execute(
        "SELECT substr(visited_at, 1, 10), count(*) FROM visit "
        "WHERE deleted = 0 AND voided = 0 AND visited_at BETWEEN ? AND ?" + where + " GROUP BY 1",
        (first.isoformat(), f"{today.isoformat()} 23:59:59.999999", *params),
    )
    counts = [0] * weeks
    for day_text, count in per_day:
        index = (date.fromisoformat(day_text) - first).days // 7
        if 0 <= index < weeks:
            counts[index] += count
    return tuple(
        WeekCount(monday, monday.isocalendar().week, counts[n])
        for n, monday in enumerate(first + timedelta(weeks=n) for n in range(weeks))
    )


def dispute_type_counts(conn: sqlite3.Connection, by_type: dict[str, int]) -> tuple[TypeCount, ...]:
    """Counts per dispute type with the catalogue's names, most frequent first."""
    names = {
        code: (name, name_en)
        for code, name, name_en in conn.execute(
            "SELECT code, name, name_en FROM catalog_item WHERE kind = 'dispute_type'"
        )
    }
    items = [
        TypeCount(code, *names.get(code, (code, code)), count)
        for code, count in by_type.items()
        if count
    ]
    items.sort(key=lambda t: (-t.count, t.code))
    return tuple(items)


def _last_month(
    conn: sqlite3.Connection, scope: Scope, period: Period, today: date
) -> dict[str, Any]:
    """The parts of :func:`stats.compute` the figures need for a past month.

    ``stats.visits`` also works out the due list at the month's end, which
    the dashboard does not show and which is most of the time on a
    district; the two visit counts are taken with the same conditions here.
    """
    where, params = scope.sql_filter()
    start, end = period.start.isoformat(), f"{period.end.isoformat()} 23:59:59.999999"
    count, households = conn.execute(
        "SELECT count(*), count(DISTINCT household_id) FROM visit "
        "WHERE deleted = 0 AND voided = 0 AND visited_at BETWEEN ? AND ?" + where,
        (start, end, *params),
    ).fetchone()
    as_of = min(period.end, today)
    return {
        "visits": {"household_visits": count, "households_visited": households},
        "services": stats.services(conn, scope, period),
        "disputes": stats.disputes(conn, scope, period, as_of),
        "events": stats.events(conn, scope, period, as_of),
    }


def load(conn: sqlite3.Connection, *, scope: Scope, today: date) -> Dashboard:
    """Everything the dashboard shows for ``scope`` on ``today``."""
    this_month = periods.month(today.year, today.month)
    last_month = this_month.previous()
    now = stats.compute(conn, scope=scope, period=this_month, today=today)
    before = _last_month(conn, scope, last_month, today)
    this_figures, last_figures = _figures(now), _figures(before)
    visits = now["visits"]
    return Dashboard(
        scope=scope,
        today=today,
        this_month=this_month,
        last_month=last_month,
        figures=tuple(Figure(k, this_figures[k], last_figures[k]) for k in FIGURES),
        weeks=visits_per_week(conn, scope=scope, today=today),
        disputes_by_type=dispute_type_counts(conn, now["disputes"]["by_type"]),
        overdue=Overdue(
            key_persons=visits["overdue"]["key_persons"],
            households=visits["overdue"]["households"],
            disputes=now["disputes"]["overdue"],
            events=now["events"]["overdue"],
        ),
        key_group_persons=visits["key_group"]["persons"],
        key_group_rate=visits["key_group"]["completion_rate"],
    )
