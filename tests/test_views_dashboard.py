"""The dashboard's numbers: the monthly report's, per scope, with weeks and types."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from luzsong_grid.auth import load_user
from luzsong_grid.reports import period, stats
from luzsong_grid.reports.scope import Scope, district
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor, connect_raw, open_store
from luzsong_grid.views import dashboard
from tests.conftest import DEMO_TODAY


@pytest.fixture
def conn(demo_db: Path) -> Iterator[sqlite3.Connection]:
    c = connect_raw(demo_db, readonly=True)
    yield c
    c.close()


def _scope(conn: sqlite3.Connection, username: str) -> Scope:
    account = conn.execute("SELECT id FROM account WHERE username = ?", (username,)).fetchone()
    return load_user(conn, account[0]).scope


@pytest.mark.parametrize("username", ["worker", "staff", "district"])
def test_figures_are_the_monthly_reports_numbers(conn: sqlite3.Connection, username: str) -> None:
    scope = _scope(conn, username)
    board = dashboard.load(conn, scope=scope, today=DEMO_TODAY)
    assert board.this_month.label == "2026-11"
    assert board.last_month.label == "2026-10"
    now = stats.compute(conn, scope=scope, period=period.month(2026, 11), today=DEMO_TODAY)
    before = stats.compute(conn, scope=scope, period=period.month(2026, 10), today=DEMO_TODAY)
    assert [f.key for f in board.figures] == list(dashboard.FIGURES)
    assert {f.key: f.this_month for f in board.figures} == dashboard._figures(now)
    assert {f.key: f.last_month for f in board.figures} == dashboard._figures(before)
    visits = board.figure("visits")
    assert visits.change == visits.this_month - visits.last_month
    assert board.overdue.key_persons == now["visits"]["overdue"]["key_persons"]
    assert board.overdue.households == now["visits"]["overdue"]["households"]
    assert board.overdue.disputes == now["disputes"]["overdue"]
    assert board.overdue.events == now["events"]["overdue"]
    assert board.key_group_rate == now["visits"]["key_group"]["completion_rate"]


def test_the_district_sees_more_than_a_grid(conn: sqlite3.Connection) -> None:
    grid = dashboard.load(conn, scope=_scope(conn, "worker"), today=DEMO_TODAY)
    whole = dashboard.load(conn, scope=district(), today=DEMO_TODAY)
    assert whole.figure("visits").this_month > grid.figure("visits").this_month > 0
    assert sum(w.count for w in whole.weeks) > sum(w.count for w in grid.weeks) > 0


def test_twelve_iso_weeks_up_to_today(conn: sqlite3.Connection) -> None:
    scope = district()
    weeks = dashboard.visits_per_week(conn, scope=scope, today=DEMO_TODAY)
    assert len(weeks) == dashboard.WEEKS
    assert all(w.monday.weekday() == 0 for w in weeks)
    assert [w.monday for w in weeks] == sorted(w.monday for w in weeks)
    assert weeks[-1].monday <= DEMO_TODAY < weeks[-1].monday + timedelta(days=7)
    assert weeks[-1].iso_week == DEMO_TODAY.isocalendar().week
    first = weeks[0].monday
    total = conn.execute(
        "SELECT count(*) FROM visit WHERE deleted = 0 AND voided = 0 "
        "AND visited_at >= ? AND visited_at <= ?",
        (first.isoformat(), f"{DEMO_TODAY.isoformat()} 23:59:59.999999"),
    ).fetchone()[0]
    assert sum(w.count for w in weeks) == total


def test_disputes_by_type_have_both_names_most_frequent_first(conn: sqlite3.Connection) -> None:
    board = dashboard.load(conn, scope=district(), today=DEMO_TODAY)
    types = board.disputes_by_type
    assert types, "the demo district has disputes this month"
    assert sum(t.count for t in types) == board.figure("disputes_accepted").this_month
    assert [t.count for t in types] == sorted((t.count for t in types), reverse=True)
    assert all(t.count > 0 for t in types)
    first = types[0]
    assert first.label("zh_CN") == first.name
    assert not first.name.isascii()
    assert first.label("en") == first.name_en
    assert first.name_en.isascii()


def test_a_visit_logged_today_shows_this_week_and_this_month(demo_copy: Path) -> None:
    reader = connect_raw(demo_copy, readonly=True)
    try:
        scope = _scope(reader, "worker")
        before = dashboard.load(reader, scope=scope, today=date.today())
        worker_id, household_id = reader.execute(
            "SELECT a.id, h.id FROM account a JOIN account_grid g ON g.account_id = a.id "
            "JOIN household h ON h.grid_code = g.grid_code "
            "WHERE a.username = 'worker' AND h.deleted = 0 LIMIT 1"
        ).fetchone()
    finally:
        reader.close()
    store = open_store(demo_copy)
    try:
        actor = Actor(account_id=worker_id, device_id=store.device_id, role="worker")
        with store.session(actor=actor) as session:
            services.log_visit(
                session=session,
                data=services.VisitIn(
                    household_id=household_id, visited_at=datetime.now().replace(microsecond=0)
                ),
            )
    finally:
        store.close()
    reader = connect_raw(demo_copy, readonly=True)
    try:
        after = dashboard.load(reader, scope=scope, today=date.today())
    finally:
        reader.close()
    assert after.weeks[-1].count == before.weeks[-1].count + 1
    assert after.figure("visits").this_month == before.figure("visits").this_month + 1
    assert after.figure("visits").last_month == before.figure("visits").last_month


def test_a_scope_without_grids_is_all_zero(conn: sqlite3.Connection) -> None:
    empty = Scope("grid", "", "—", ())
    board = dashboard.load(conn, scope=empty, today=DEMO_TODAY)
    assert all(f.this_month == 0 and f.last_month == 0 for f in board.figures)
    assert all(w.count == 0 for w in board.weeks)
    assert board.disputes_by_type == ()
    assert board.overdue.total == 0
