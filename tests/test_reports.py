"""Report periods, scopes and the counts of a monthly report (DOMAIN.md §8).

The statistics test builds a small, fully known month of work through the
service functions and checks every number of ``stats.compute`` against counts
worked out by hand below (not by running the report's SQL again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from luzsong_grid.i18n import UserError
from luzsong_grid.reports import period, scope, stats
from luzsong_grid.reports.period import Period
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor, Store, open_store
from tests.conftest import Territory, add_household, make_territory, resident_id

# ====================================================================== periods


def test_parse_month() -> None:
    p = period.parse("2026-10")
    assert (p.label, p.kind, p.start, p.end, p.days) == (
        "2026-10",
        "month",
        date(2026, 10, 1),
        date(2026, 10, 31),
        31,
    )
    assert period.parse(" 2026-2 ") == period.month(2026, 2)
    assert period.parse("2024-02").days == 29
    assert period.parse("2026-02").days == 28


def test_parse_quarter() -> None:
    p = period.parse("2026-Q3")
    assert (p.label, p.kind, p.start, p.end, p.days) == (
        "2026-Q3",
        "quarter",
        date(2026, 7, 1),
        date(2026, 9, 30),
        92,
    )
    assert period.parse("2026q1") == period.parse("2026-Q1")
    assert period.parse("2026-Q1").days == 90
    assert period.parse("2024-Q1").days == 91
    assert period.parse("2026-Q4").end == date(2026, 12, 31)


def test_parse_year() -> None:
    p = period.parse("2026")
    assert (p.label, p.kind, p.start, p.end, p.days) == (
        "2026",
        "year",
        date(2026, 1, 1),
        date(2026, 12, 31),
        365,
    )
    assert period.parse("2024").days == 366


def test_no_period_means_the_twelve_months_up_to_today() -> None:
    p = period.parse(None, today=date(2026, 11, 27))
    assert (p.kind, p.start, p.end, p.days) == (
        "rolling",
        date(2025, 11, 28),
        date(2026, 11, 27),
        365,
    )
    assert p.label == "2025-11-28..2026-11-27"
    assert period.parse("", today=date(2026, 11, 27)) == p


@pytest.mark.parametrize(
    "text",
    ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "0000", "10/2026", "2026-10-01", "abc", "26"],
)
def test_bad_period_is_a_user_error(text: str) -> None:
    with pytest.raises(UserError) as info:
        period.parse(text)
    message = info.value.localized("en")
    assert f"“{text}” is not a period" in message
    assert "2026-10" in message
    assert "2026-Q3" in message


@pytest.mark.parametrize(
    ("text", "previous", "last_year"),
    [
        ("2026-10", "2026-09", "2025-10"),
        ("2026-01", "2025-12", "2025-01"),
        ("2024-03", "2024-02", "2023-03"),
        ("2024-02", "2024-01", "2023-02"),
        ("2026-Q3", "2026-Q2", "2025-Q3"),
        ("2026-Q1", "2025-Q4", "2025-Q1"),
        ("2026", "2025", "2025"),
        ("2024", "2023", "2023"),
    ],
)
def test_previous_and_same_last_year(text: str, previous: str, last_year: str) -> None:
    p = period.parse(text)
    assert p.previous() == period.parse(previous)
    assert p.same_last_year() == period.parse(last_year)
    assert p.previous().end == p.start - timedelta(days=1)


def test_february_of_a_leap_year() -> None:
    march = period.parse("2024-03")
    assert march.previous().end == date(2024, 2, 29)
    feb = period.parse("2024-02")
    assert feb.same_last_year().end == date(2023, 2, 28)
    assert period.parse("2025-02").same_last_year().end == date(2024, 2, 29)


def test_rolling_previous_is_the_same_length_just_before() -> None:
    p = period.parse(None, today=date(2026, 11, 27))
    prev = p.previous()
    assert (prev.kind, prev.start, prev.end) == ("rolling", date(2024, 11, 28), date(2025, 11, 27))
    assert prev.days == p.days


def test_rolling_same_last_year() -> None:
    p = period.parse(None, today=date(2026, 11, 27)).same_last_year()
    assert (p.kind, p.start, p.end) == ("rolling", date(2024, 11, 28), date(2025, 11, 27))
    leap = period.parse(None, today=date(2024, 2, 29))
    assert (leap.start, leap.end) == (date(2023, 3, 1), date(2024, 2, 29))
    back = leap.same_last_year()
    assert (back.start, back.end) == (date(2022, 3, 1), date(2023, 2, 28))


def test_rolling_same_last_year_is_last_years_twelve_months_every_day() -> None:
    day = date(2020, 1, 1)
    while day < date(2030, 1, 1):
        window = period.last_twelve_months(day)
        year_ago = period._minus_year(day)
        assert window.same_last_year() == period.last_twelve_months(year_ago), day
        assert window.previous().end == window.start - timedelta(days=1)
        day += timedelta(days=1)


# ====================================================================== scopes


@pytest.fixture
def conn(store: Store, territory: Territory) -> Iterator[sqlite3.Connection]:
    raw = store.raw()
    yield raw
    raw.close()


def test_district_scope(conn: sqlite3.Connection) -> None:
    for text in (None, "", "district", " district "):
        s = scope.resolve(conn, text)
        assert (s.kind, s.code, s.name, s.grids) == ("district", "430203", "芦淞区", None)
        assert s.sql_filter() == ("", ())


@pytest.mark.parametrize(
    "text", ["street:建设街道", "street:建设", "street:430203002", "Street: 建设"]
)
def test_street_scope(conn: sqlite3.Connection, territory: Territory, text: str) -> None:
    s = scope.resolve(conn, text)
    assert (s.kind, s.code, s.name) == ("street", "430203002", "建设街道")
    assert s.grids == territory.grids


@pytest.mark.parametrize(
    "text", ["community:学堂冲社区", "community:学堂冲", "community:430203002001"]
)
def test_community_scope(conn: sqlite3.Connection, territory: Territory, text: str) -> None:
    s = scope.resolve(conn, text)
    assert (s.kind, s.code, s.name) == ("community", "430203002001", "学堂冲社区")
    assert s.grids == (territory.grid_a1, territory.grid_a2)


def test_grid_scope(conn: sqlite3.Connection, territory: Territory) -> None:
    s = scope.resolve(conn, f"grid:{territory.grid_b1}")
    assert (s.kind, s.code, s.name, s.grids) == (
        "grid",
        territory.grid_b1,
        "公园第一网格",
        (territory.grid_b1,),
    )
    assert s.label == f"公园第一网格 ({territory.grid_b1})"
    assert s.sql_filter("v.grid_code") == (" AND v.grid_code IN (?)", (territory.grid_b1,))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("street:不存在", "No street is called “不存在”."),
        ("community:桥头社区", "No community is called “桥头社区”."),
        ("grid:430203002001009", "No grid is called “430203002001009”."),
    ],
)
def test_unknown_place(conn: sqlite3.Connection, text: str, expected: str) -> None:
    with pytest.raises(UserError) as info:
        scope.resolve(conn, text)
    assert info.value.localized("en") == expected


@pytest.mark.parametrize(
    "text", ["street", "street:", "town:白关", "city:株洲", "建设街道", "grid :", ":建设"]
)
def test_malformed_scope(conn: sqlite3.Connection, text: str) -> None:
    with pytest.raises(UserError) as info:
        scope.resolve(conn, text)
    message = info.value.localized("en")
    assert message.startswith(f"“{text}” is not a scope.")
    assert "street:NAME" in message


def test_ambiguous_name_asks_for_the_code(store: Store, territory: Territory) -> None:
    with store.session(actor=territory.system) as s:
        services.create_community(
            session=s,
            code="430203002200",
            street_code=territory.street,
            name="公园村",
            kind="village",
        )
    conn = store.raw()
    with pytest.raises(UserError) as info:
        scope.resolve(conn, "community:公园")
    message = info.value.localized("en")
    assert "公园社区 (430203002002)" in message
    assert "公园村 (430203002200)" in message
    # The full name or the code still picks one.
    assert scope.resolve(conn, "community:公园村").code == "430203002200"
    assert scope.resolve(conn, "community:430203002002").name == "公园社区"


# ====================================================================== statistics

TODAY = date(2026, 11, 27)
OCTOBER = period.month(2026, 10)
JAN = datetime(2026, 1, 5, 9, 0)


@dataclass
class World:
    """The hand-built month: the store and the ids the tests look things up by."""

    store: Store
    t: Territory
    ids: dict[str, str] = field(default_factory=dict)

    def compute(self, where: str | None = None, when: Period = OCTOBER) -> dict[str, Any]:
        conn = self.store.raw()
        try:
            return stats.compute(conn, scope=scope.resolve(conn, where), period=when, today=TODAY)
        finally:
            conn.close()


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def build_world(store: Store, mp: pytest.MonkeyPatch) -> World:
    """A month of work in 建设街道 (October 2026, reported on 27 November).

    Grids: A1 (学堂冲, worker w1), A2 (学堂冲, staff1 writes), B1 (公园, worker w2).
    """
    t = make_territory(store)
    w = World(store, t)
    clock = {"now": datetime(2026, 11, 27, 12, 0)}
    # The services stamp "now" on closings and check dates against it: let the
    # test say what time it is while it builds the past.
    mp.setattr(services, "_now", lambda: clock["now"])

    def at(text: str) -> None:
        clock["now"] = _ts(text)

    # ------------------------------------------------------------ people
    a1, a2, b1 = t.grid_a1, t.grid_a2, t.grid_b1
    h1, (k1,) = add_household(
        store, t.w1, a1, "学堂冲路1号", [("王秀英", resident_id(date(1940, 3, 5), 1, "F"))]
    )
    h2, (k2,) = add_household(
        store, t.w1, a1, "学堂冲路2号", [("刘建国", resident_id(date(1960, 6, 1), 2, "M"))]
    )
    h3, _ = add_household(store, t.w1, a1, "学堂冲路3号", [("张伟", ""), ("李娜", "")])
    h4, (k4,) = add_household(
        store, t.w1, a1, "学堂冲路4号", [("赵磊", resident_id(date(1990, 2, 3), 3, "M"))]
    )
    h9, _ = add_household(store, t.w1, a1, "学堂冲路9号", [("孙梅", "")])
    h5, (k3, fp) = add_household(
        store,
        t.w2,
        b1,
        "公园路1号",
        [
            ("陈刚", resident_id(date(1975, 8, 9), 4, "M")),
            ("周琳", resident_id(date(1999, 1, 1), 6, "F")),
        ],
    )
    h6, (k5,) = add_household(
        store, t.w2, b1, "公园路6号", [("吴军", resident_id(date(1955, 12, 1), 5, "M"))]
    )
    h7, _ = add_household(store, t.staff1, a2, "学堂冲路7号", [("郑洁", "")])
    h8, _ = add_household(store, t.staff1, a2, "学堂冲路8号", [])
    w.ids.update(h1=h1.id, h3=h3.id, h7=h7.id, h8=h8.id, h9=h9.id, k1=k1.id, k3=k3.id)

    since = date(2026, 1, 10)
    with store.session(actor=t.w1) as s:
        # K1: 86, living alone: weekly. K2: disabled: monthly.
        services.add_person_tag(
            session=s, person_id=k1.id, tag_code="living_alone_elderly", since=since
        )
        services.add_person_tag(session=s, person_id=k2.id, tag_code="disabled", since=since)
        # K4 is tagged only after October: not a key person of October.
        services.add_person_tag(
            session=s, person_id=k4.id, tag_code="disabled", since=date(2026, 11, 10)
        )
        # H9 is a 低保户: a household tag with a monthly rule.
        services.add_household_tag(
            session=s, household_id=h9.id, tag_code="low_income", since=since
        )
    with store.session(actor=t.w2) as s:
        # K3: mental disorder, risk level 4: weekly.
        services.add_person_tag(
            session=s,
            person_id=k3.id,
            tag_code="severe_mental_disorder",
            attrs={"risk_level": 4},
            since=since,
        )
        # A tag without a rule does not make a key person.
        services.add_person_tag(
            session=s, person_id=fp.id, tag_code="floating_population", since=since
        )
        # K5: veteran: quarterly, has a rule but is not in the key groups.
        services.add_person_tag(
            session=s, person_id=k5.id, tag_code="veteran_entitled", since=since
        )

    # The services stamp created_at with the real clock: say every household but
    # H8 was registered in January (H8 is new: it is not due in October's report).
    raw = store.raw(readonly=False)
    try:
        with raw:
            raw.execute(
                "UPDATE household SET created_at = ? WHERE id != ?",
                (JAN.isoformat(sep=" ") + ".000000", h8.id),
            )
    finally:
        raw.close()

    # ------------------------------------------------------------ visits
    def visit(
        actor: Actor,
        hid: str,
        when: str,
        kind: str,
        pid: str | None = None,
        flags: tuple[str, ...] = (),
    ) -> str:
        with store.session(actor=actor) as s:
            v = services.log_visit(
                session=s,
                data=services.VisitIn(
                    household_id=hid,
                    person_id=pid,
                    visited_at=_ts(when),
                    kind=kind,
                    findings_flags=list(flags),
                ),
            )
            return v.id

    # October: K1 four times (weekly: complete), H2 once as a whole (K2 monthly:
    # complete), K3 twice (weekly: incomplete), H6 late on the last evening.
    visit(t.w1, h1.id, "2026-10-03 10:00", "key_check", k1.id)
    visit(t.w1, h1.id, "2026-10-10 10:00", "key_check", k1.id, ("hazard_fire",))
    visit(t.w1, h1.id, "2026-10-17 10:00", "key_check", k1.id)
    visit(t.w1, h1.id, "2026-10-26 10:00", "key_check", k1.id, ("needs", "request"))
    visit(t.w1, h2.id, "2026-10-12 15:00", "routine", None, ("needs",))
    visit(t.w2, h5.id, "2026-10-05 09:30", "key_check", k3.id)
    visit(t.w2, h5.id, "2026-10-19 09:30", "key_check", k3.id, ("hazard_safety",))
    visit(t.w2, h6.id, "2026-10-31 23:30", "followup", None, ("suggestion",))
    # Logged in error and voided: counts nowhere, and H7 stays overdue.
    wrong = visit(t.staff1, h7.id, "2026-10-20 11:00", "emergency", None, ("dispute",))
    with store.session(actor=t.staff1) as s:
        services.void_visit(session=s, visit_id=wrong)
    # Outside October.
    visit(t.w1, h4.id, "2026-09-15 10:00", "routine")
    visit(t.w1, h1.id, "2026-09-30 23:59", "key_check", k1.id)
    visit(t.w1, h9.id, "2026-09-20 10:00", "routine")
    visit(t.w2, h6.id, "2026-11-01 00:00", "routine", None, ("hazard_sanitation",))

    # ------------------------------------------------------------ services
    for actor, grid, type_code, count, day in [
        (t.w1, a1, "social_medical_insurance", 3, date(2026, 10, 1)),
        (t.w1, a1, "elderly_allowance", 2, date(2026, 10, 15)),
        (t.w1, a1, "certificate", 1, date(2026, 10, 31)),
        (t.w2, b1, "social_medical_insurance", 4, date(2026, 10, 20)),
        (t.staff1, a2, "policy_consultation", 6, date(2026, 10, 9)),
        (t.w2, b1, "policy_consultation", 1, date(2026, 9, 30)),
        (t.w2, b1, "other", 5, date(2026, 11, 1)),
    ]:
        with store.session(actor=actor) as s:
            services.tally_service(
                session=s, grid_code=grid, type_code=type_code, count=count, done_on=day
            )

    # ------------------------------------------------------------ disputes
    def dispute(
        actor: Actor, grid: str, type_code: str, source: str, accepted: date, **extra: Any
    ) -> str:
        with store.session(actor=actor) as s:
            d = services.open_dispute(
                session=s,
                data=services.DisputeIn(
                    grid_code=grid,
                    type_code=type_code,
                    source_code=source,
                    found_on=accepted - timedelta(days=1),
                    accepted_on=accepted,
                    summary=f"{type_code} {accepted}",
                    parties=[services.PartyIn(name="当事人甲"), services.PartyIn(name="当事人乙")],
                    **extra,
                ),
            )
            return d.id

    def move(actor: Actor, did: str, *steps: str, **extra: Any) -> None:
        with store.session(actor=actor) as s:
            for n, step in enumerate(steps):
                last = n == len(steps) - 1
                services.move_dispute(
                    session=s, dispute_id=did, to_status=step, **(extra if last else {})
                )

    d1 = dispute(t.w1, a1, "neighbour", "proactive", date(2026, 10, 3), amount=1000)
    move(
        t.w1,
        d1,
        "mediating",
        "resolved",
        resolved_on=date(2026, 10, 20),
        method="face_to_face",
        agreement_no="建调〔2026〕01号",
        performance_deadline=date(2026, 11, 20),
    )
    d2 = dispute(
        t.w1,
        a1,
        "property_management",
        "party_application",
        date(2026, 10, 8),
        amount=2500.5,
        major=True,
    )
    move(t.w1, d2, "mediating", "failed", resolved_on=date(2026, 10, 25))
    d3 = dispute(t.w2, b1, "neighbour", "referral", date(2026, 10, 10))
    move(t.w2, d3, "referred", resolved_on=date(2026, 10, 11))
    # Accepted in October, resolved in November: open on 31 October.
    d4 = dispute(t.w2, b1, "marriage_family", "proactive", date(2026, 10, 15))
    move(t.w2, d4, "mediating", "resolved", resolved_on=date(2026, 11, 5), agreement_no="公调01")
    d6 = dispute(t.w2, b1, "labour", "proactive", date(2026, 10, 30), amount=800)
    move(t.w2, d6, "mediating")
    # Accepted in September, resolved in October.
    d5 = dispute(t.w1, a1, "contract", "party_application", date(2026, 9, 20), amount=300)
    move(t.w1, d5, "mediating", "resolved", resolved_on=date(2026, 10, 2), agreement_no="建调02")
    # Accepted 10 September, deadline 10 October, still open: overdue.
    dispute(t.w1, a1, "neighbour", "proactive", date(2026, 9, 10))
    # Accepted in November: nothing to do with October.
    dispute(t.w2, b1, "neighbour", "proactive", date(2026, 11, 10))

    # ------------------------------------------------------------ events
    def event(actor: Actor, grid: str, category: str, urgency: str, reported: str) -> str:
        at(reported)
        with store.session(actor=actor) as s:
            e = services.report_event(
                session=s,
                data=services.EventIn(
                    grid_code=grid,
                    category_code=category,
                    urgency=urgency,
                    reported_at=_ts(reported),
                    description=f"{category} {reported}",
                ),
            )
            return e.id

    def walk(actor: Actor, eid: str, when: str, *steps: str) -> None:
        at(when)
        with store.session(actor=actor) as s:
            for step in steps:
                services.move_event(session=s, event_id=eid, to_status=step)

    def act(actor: Actor, eid: str, when: str, action: str, until: str | None = None) -> None:
        at(when)
        with store.session(actor=actor) as s:
            services.event_action(
                session=s, event_id=eid, action=action, until=_ts(until) if until else None
            )

    to_closed = ("handled", "feedback", "verified", "closed")
    # E1: blue (72 h), resolved on the spot within the hour: closed on time.
    e1 = event(t.w1, a1, "fire_safety", "blue", "2026-10-02 09:00")
    walk(t.w1, e1, "2026-10-02 10:00", "self_resolved")
    # E2: yellow (24 h), closed after two days: late.
    e2 = event(t.w1, a1, "city_management", "yellow", "2026-10-05 08:00")
    walk(t.w1, e2, "2026-10-05 09:00", "accepted", "dispatched", "signed")
    walk(t.w1, e2, "2026-10-07 08:00", *to_closed)
    # E3: red (2 h), supervised, extended, closed before the extended deadline: on time.
    e3 = event(t.w2, b1, "environment", "red", "2026-10-10 09:00")
    walk(t.w2, e3, "2026-10-10 09:30", "accepted", "dispatched")
    act(t.w2, e3, "2026-10-10 12:00", "supervise")
    act(t.w2, e3, "2026-10-10 12:05", "extend", "2026-10-12 09:00")
    walk(t.w2, e3, "2026-10-11 12:00", "signed", *to_closed)
    # E4: blue, accepted and left: overdue since 23 October.
    e4 = event(t.w2, b1, "public_service", "blue", "2026-10-20 09:00")
    walk(t.w2, e4, "2026-10-20 10:00", "accepted")
    # E5: yellow, reported on the 30th, due at noon on the 31st: overdue on the 31st.
    event(t.w1, a1, "other", "yellow", "2026-10-30 12:00")
    # E6: cancelled: neither closed nor overdue.
    e6 = event(t.w1, a1, "city_management", "blue", "2026-10-29 09:00")
    walk(t.w1, e6, "2026-10-29 10:00", "cancelled")
    # E7: blue, supervised, overdue on 31 October, closed on 3 November.
    e7 = event(t.w2, b1, "dispute", "blue", "2026-10-25 09:00")
    walk(t.w2, e7, "2026-10-25 10:00", "accepted", "dispatched")
    act(t.w2, e7, "2026-10-29 10:00", "supervise")
    walk(t.w2, e7, "2026-11-03 10:00", "signed", *to_closed)
    # E8: reported in September, resolved on 1 October before its deadline.
    e8 = event(t.w1, a1, "fire_safety", "blue", "2026-09-28 09:00")
    walk(t.w1, e8, "2026-10-01 08:00", "self_resolved")
    # E9: reported in September, still accepted: overdue.
    e9 = event(t.w2, b1, "public_service", "yellow", "2026-09-15 09:00")
    walk(t.w2, e9, "2026-09-15 10:00", "accepted")
    # E10: reported in November.
    event(t.w1, a1, "other", "blue", "2026-11-02 09:00")
    at("2026-11-27 12:00")
    return w


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    opened = open_store(tmp_path_factory.mktemp("world") / "grid.sqlite3")
    with pytest.MonkeyPatch.context() as mp:
        built = build_world(opened, mp)
    yield built
    opened.close()


# What October holds, counted by hand from build_world.
EXPECTED_DISTRICT: dict[str, Any] = {
    "scope": {"kind": "district", "code": "430203", "name": "芦淞区"},
    "period": {"label": "2026-10", "kind": "month", "start": "2026-10-01", "end": "2026-10-31"},
    "territory": {
        "streets": 1,
        "communities": 2,
        "grids": 3,
        "households": 9,  # H1-H9
        "persons": 10,  # 王秀英 刘建国 张伟 李娜 赵磊 孙梅 陈刚 周琳 吴军 郑洁
    },
    "visits": {
        "household_visits": 8,  # K1 ×4, H2, K3 ×2, H6 (not the voided one)
        "households_visited": 4,  # H1 H2 H5 H6
        "persons_visited": 2,  # K1 K3
        "by_kind": {"key_check": 6, "routine": 1, "followup": 1},
        "findings": {
            "needs": 2,
            "hazard_safety": 1,
            "hazard_fire": 1,
            "hazard_sanitation": 0,
            "dispute": 0,
            "request": 1,
            "suggestion": 1,
        },
        # K1 (weekly, 4 of 4), K2 (monthly, 1 of 1), K3 (weekly, 2 of 4).
        "key_group": {"persons": 3, "completed": 2, "completion_rate": 0.6667},
        "overdue": {
            "as_of": "2026-10-31",
            # K3: last 19 Oct + 7 = 26 Oct. K1 due 2 Nov, K2 11 Nov, K5 29 Jan.
            "key_persons": 1,
            # H3 (never visited), H7 (only a voided visit), H9 (低保户, monthly:
            # visited 20 Sep, due 20 Oct). H8 is newer than October.
            "households": 3,
            "total": 4,
        },
    },
    "services": {
        "total": 16,
        "by_type": {
            "social_medical_insurance": 7,
            "elderly_allowance": 2,
            "certificate": 1,
            "policy_consultation": 6,
        },
    },
    "disputes": {
        "accepted": 5,  # D1 D2 D3 D4 D6
        "by_type": {"neighbour": 2, "property_management": 1, "marriage_family": 1, "labour": 1},
        "by_source": {"proactive": 3, "party_application": 1, "referral": 1},
        "concluded": 4,  # D1 D2 D3 D5
        "resolved": 2,  # D1 D5
        "by_result": {"success": 2, "failed": 1, "referred": 1},
        "success_rate": 0.5,
        "agreements": 2,  # D1 D5 (D4's is November's)
        "amount": 4300.5,  # 1000 + 2500.5 + 800
        "major": 1,
        "escalation_prevented": 0,
        "open": 3,  # on 31 Oct: D4 (resolved in Nov), D6, D7
        "overdue": 1,  # D7
    },
    "events": {
        "reported": 7,  # E1-E7
        "by_status": {
            "self_resolved": 1,
            "closed": 3,
            "accepted": 1,
            "reported": 1,
            "cancelled": 1,
        },
        "by_category": {
            "fire_safety": 1,
            "city_management": 2,
            "environment": 1,
            "public_service": 1,
            "other": 1,
            "dispute": 1,
        },
        "by_urgency": {"blue": 4, "yellow": 2, "red": 1},
        "closed": 4,  # E1 E2 E3 E8
        "closed_on_time": 3,  # E1 E3 (extended) E8
        "on_time_rate": 0.75,
        "overdue": 4,  # on 31 Oct: E4 E5 E7 E9
        "supervised": 2,  # E3 E7
    },
}


def test_district_october(world: World) -> None:
    got = world.compute()
    for section, expected in EXPECTED_DISTRICT.items():
        assert got[section] == expected, section
    assert got.keys() == EXPECTED_DISTRICT.keys()


def test_street_equals_district_here(world: World) -> None:
    got = world.compute("street:建设街道")
    assert got["scope"] == {"kind": "street", "code": "430203002", "name": "建设街道"}
    for section in ("territory", "visits", "services", "disputes", "events"):
        assert got[section] == EXPECTED_DISTRICT[section], section


def test_workers_grid_counts_only_its_grid(world: World) -> None:
    got = world.compute(f"grid:{world.t.grid_a1}")
    assert got["territory"] == {
        "streets": 1,
        "communities": 1,
        "grids": 1,
        "households": 5,  # H1 H2 H3 H4 H9
        "persons": 6,
    }
    v = got["visits"]
    assert (v["household_visits"], v["households_visited"], v["persons_visited"]) == (5, 2, 1)
    assert v["by_kind"] == {"key_check": 4, "routine": 1}
    assert v["key_group"] == {"persons": 2, "completed": 2, "completion_rate": 1.0}
    assert v["overdue"] == {"as_of": "2026-10-31", "key_persons": 0, "households": 2, "total": 2}
    assert got["services"] == {
        "total": 6,
        "by_type": {"social_medical_insurance": 3, "elderly_allowance": 2, "certificate": 1},
    }
    d = got["disputes"]
    assert (d["accepted"], d["concluded"], d["resolved"], d["agreements"]) == (2, 3, 2, 2)
    assert d["by_result"] == {"success": 2, "failed": 1}
    assert (d["amount"], d["major"], d["open"], d["overdue"]) == (3500.5, 1, 1, 1)
    e = got["events"]
    assert (e["reported"], e["closed"], e["closed_on_time"], e["overdue"]) == (4, 3, 2, 1)
    assert e["by_category"] == {"fire_safety": 1, "city_management": 2, "other": 1}
    assert e["supervised"] == 0


def test_a_grid_with_nothing_still_reports_zeros(world: World) -> None:
    got = world.compute(f"grid:{world.t.grid_a2}")
    assert got["visits"]["household_visits"] == 0
    assert got["visits"]["key_group"] == {"persons": 0, "completed": 0, "completion_rate": None}
    assert got["visits"]["overdue"]["households"] == 1  # H7; H8 is new
    assert got["services"] == {"total": 6, "by_type": {"policy_consultation": 6}}
    assert got["disputes"]["accepted"] == 0
    assert got["disputes"]["success_rate"] is None
    assert got["events"]["reported"] == 0
    assert got["events"]["on_time_rate"] is None


def _additive(result: dict[str, Any]) -> dict[str, Any]:
    """The numbers of a report that add up across scopes."""
    v, d, e = result["visits"], result["disputes"], result["events"]
    return {
        "territory": {k: n for k, n in result["territory"].items() if k != "streets"},
        "visits": [v["household_visits"], v["households_visited"], v["persons_visited"]],
        "by_kind": v["by_kind"],
        "findings": v["findings"],
        "key_group": [v["key_group"]["persons"], v["key_group"]["completed"]],
        "overdue": [v["overdue"]["key_persons"], v["overdue"]["households"]],
        "services": result["services"]["by_type"],
        "disputes": [
            d[k]
            for k in (
                "accepted",
                "concluded",
                "resolved",
                "agreements",
                "amount",
                "major",
                "open",
                "overdue",
            )
        ],
        "dispute_types": d["by_type"],
        "dispute_sources": d["by_source"],
        "dispute_results": d["by_result"],
        "events": [e[k] for k in ("reported", "closed", "closed_on_time", "overdue", "supervised")],
        "event_status": e["by_status"],
        "event_categories": e["by_category"],
        "event_urgency": e["by_urgency"],
    }


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, dict):
        return {k: _add(a.get(k, 0), b.get(k, 0)) for k in a.keys() | b.keys()}
    if isinstance(a, list):
        return [_add(x, y) for x, y in zip(a, b, strict=True)]
    return a + b


@pytest.mark.parametrize("when", ["2026-10", "2026-Q4", "2026"])
def test_communities_add_up_to_the_street(world: World, when: str) -> None:
    span = period.parse(when)
    street = _additive(world.compute("street:建设", span))
    a = _additive(world.compute("community:学堂冲社区", span))
    b = _additive(world.compute("community:公园社区", span))
    assert _add(a, b) == street
    assert street["visits"][0] > 0


def test_a_year_counts_more_than_its_october(world: World) -> None:
    year = world.compute(when=period.year(2026))
    assert year["period"]["end"] == "2026-12-31"
    assert year["visits"]["overdue"]["as_of"] == TODAY.isoformat()  # the year is running
    assert year["visits"]["household_visits"] == 12  # October's 8 + 3 in Sep + 1 in Nov
    assert year["services"]["total"] == 16 + 1 + 5
    assert year["disputes"]["accepted"] == 8
    assert year["events"]["reported"] == 10


def test_past_report_does_not_change_when_work_is_finished_later(
    world: World, tmp_path: Path
) -> None:
    """October's overdue counts are taken on 31 October: closing D6 and E4 in
    November must not change them."""
    before = world.compute()
    copy = tmp_path / "copy.sqlite3"
    src = world.store.raw()
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.execute(
        "UPDATE event SET status = 'closed', closed_at = '2026-11-20 10:00:00.000000' "
        "WHERE status NOT IN ('closed', 'self_resolved', 'cancelled')"
    )
    dst.execute(
        "UPDATE dispute SET status = 'resolved', result = 'success', resolved_on = '2026-11-20' "
        "WHERE result = ''"
    )
    dst.commit()
    try:
        after = stats.compute(dst, scope=scope.district(), period=OCTOBER, today=TODAY)
    finally:
        dst.close()
    assert after["disputes"]["open"] == before["disputes"]["open"] == 3
    assert after["disputes"]["overdue"] == before["disputes"]["overdue"] == 1
    assert after["events"]["overdue"] == before["events"]["overdue"] == 4
