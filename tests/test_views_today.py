"""What the Today page reads (luzsong_grid.views.today), on a hand-built
territory with exact expectations, and on the demo district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from luzsong_grid.auth import sign_in
from luzsong_grid.demo import DEMO_PASSWORD
from luzsong_grid.reports.scope import Scope
from luzsong_grid.store import services
from luzsong_grid.store.db import Store, connect_raw
from luzsong_grid.views import today as views
from tests.conftest import DEMO_TODAY, Territory, add_household

T = date.today()


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=10)


@dataclass
class Built:
    h: dict[str, str]  # address → household id
    p: dict[str, str]  # name → person id
    visit_followups: dict[str, str]
    dispute_followup: str
    dispute: str
    late_event: str
    fresh_event: str


def _visit(store: Store, territory: Territory, hid: str, day: date, **extra: object) -> str:
    with store.session(actor=territory.w1) as s:
        return services.log_visit(
            session=s,
            data=services.VisitIn(household_id=hid, visited_at=_at(day), **extra),  # type: ignore[arg-type]
        ).id


@pytest.fixture
def built(store: Store, territory: Territory) -> Built:
    w1, a1, a2, b1 = territory.w1, territory.grid_a1, territory.grid_a2, territory.grid_b1
    h: dict[str, str] = {}
    p: dict[str, str] = {}
    plan = [
        (a1, "桂花路10号", "张一", 100),  # overdue 10 days
        (a1, "桂花路2号", "李二", 95),  # overdue 5 days
        (a1, "桂花路2号3栋", "王三", 85),  # due in 5 days
        (a1, "桂花路1号", "孙四", 30),  # not due
        (a1, "樟树路3号", "赵五", 40),  # the household is fine; 赵五 (disabled) is 10 days late
        (a1, "樟树路1号", "钱六", 35),  # 钱六 (community correction, sensitive) 5 days late
        (a2, "公园路5号", "周七", 91),  # other grid of 学堂冲社区: overdue 1 day
    ]
    for grid, address, name, days_ago in plan:
        household, persons = add_household(store, territory.system, grid, address, [(name, "")])
        h[address], p[name] = household.id, persons[0].id
        with store.session(actor=w1 if grid == a1 else territory.staff1) as s:
            services.log_visit(
                session=s,
                data=services.VisitIn(
                    household_id=household.id, visited_at=_at(T - timedelta(days=days_ago))
                ),
            )
    other, _ = add_household(store, territory.system, b1, "公园路9号", [("吴八", "")])
    with store.session(actor=w1) as s:
        services.add_person_tag(
            session=s, person_id=p["赵五"], tag_code="disabled", since=T - timedelta(days=200)
        )
        services.add_person_tag(
            session=s,
            person_id=p["钱六"],
            tag_code="community_correction",
            since=T - timedelta(days=200),
        )
    # Visit follow-ups: overdue, due soon, too far ahead, done, voided.
    followups = {
        "late": _visit(
            store,
            territory,
            h["桂花路1号"],
            T - timedelta(days=3),
            followup_due=T - timedelta(days=2),
        ),
        "soon": _visit(
            store,
            territory,
            h["桂花路1号"],
            T - timedelta(days=2),
            followup_due=T + timedelta(days=3),
        ),
        "far": _visit(
            store,
            territory,
            h["桂花路1号"],
            T - timedelta(days=2),
            followup_due=T + timedelta(days=20),
        ),
        "done": _visit(store, territory, h["桂花路1号"], T - timedelta(days=2), followup_due=T),
        "void": _visit(store, territory, h["桂花路1号"], T - timedelta(days=2), followup_due=T),
    }
    with store.session(actor=w1) as s:
        services.set_visit_followup_done(session=s, visit_id=followups["done"])
        services.void_visit(session=s, visit_id=followups["void"])
        dispute = services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=a1,
                type_code="neighbour",
                source_code="proactive",
                found_on=T - timedelta(days=20),
                accepted_on=T - timedelta(days=20),
                summary="楼上漏水，邻里纠纷",
                parties=[services.PartyIn(name="张一"), services.PartyIn(name="李二")],
            ),
        )
        followup = services.add_dispute_followup(
            session=s, dispute_id=dispute.id, due_on=T + timedelta(days=3)
        )
        later = services.add_dispute_followup(
            session=s, dispute_id=dispute.id, due_on=T + timedelta(days=30)
        )
        made = services.add_dispute_followup(session=s, dispute_id=dispute.id, due_on=T)
        services.record_dispute_followup(session=s, followup_id=made.id)
        assert later.id
        late_event = services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=a1,
                category_code="public_security",
                urgency="blue",
                reported_at=datetime.now().replace(microsecond=0) - timedelta(days=4),
                description="路灯损坏",
            ),
        )
        fresh_event = services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=a1, category_code="public_security", urgency="red", description="井盖缺失"
            ),
        )
        done_event = services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=a1, category_code="public_security", urgency="red", description="已处理"
            ),
        )
        services.move_event(session=s, event_id=done_event.id, to_status="self_resolved")
    with store.session(actor=territory.w2) as s:
        services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=b1,
                category_code="public_security",
                description="别的网格",
                household_id=other.id,
            ),
        )
    return Built(h, p, followups, followup.id, dispute.id, late_event.id, fresh_event.id)


def _grid(territory: Territory) -> Scope:
    return Scope("grid", territory.grid_a1, "学堂冲第一网格", (territory.grid_a1,))


def _community(territory: Territory) -> Scope:
    return Scope(
        "community", territory.community_a, "学堂冲社区", (territory.grid_a1, territory.grid_a2)
    )


def test_natural_key_orders_numbers_by_value() -> None:
    addresses = ["桂花路10号", "桂花路2号3栋", "桂花路2号", "桂花路1号", "Ａ路１０号", "Ａ路９号"]
    assert sorted(addresses, key=views.natural_key) == [
        "Ａ路９号",
        "Ａ路１０号",
        "桂花路1号",
        "桂花路2号",
        "桂花路2号3栋",
        "桂花路10号",
    ]


def test_due_visits_overdue_first_in_route_order(
    store: Store, territory: Territory, built: Built
) -> None:
    conn = connect_raw(store.path, readonly=True)
    rows = views.due_visits(conn, scope=_grid(territory), as_of=T, sees_sensitive=True)
    got = [(r.address, r.name, r.person_id is not None, r.overdue, r.days, r.reason) for r in rows]
    assert got == [
        ("桂花路2号", "李二", False, True, 5, ""),
        ("桂花路10号", "张一", False, True, 10, ""),
        ("樟树路1号", "钱六", True, True, 5, "社区矫正"),
        ("樟树路3号", "赵五", True, True, 10, "残疾人"),
        ("桂花路2号3栋", "王三", False, False, -5, ""),
    ]
    assert rows[0].household_id == built.h["桂花路2号"]
    assert rows[2].person_id == built.p["钱六"]
    assert rows[2].interval_days == 30
    assert rows[0].interval_days == 90
    assert rows[0].last_visit == T - timedelta(days=95)
    assert {r.grid_name for r in rows} == {"学堂冲第一网格"}


def test_due_visits_hide_sensitive_reasons_and_group_by_grid(
    store: Store, territory: Territory, built: Built
) -> None:
    conn = connect_raw(store.path, readonly=True)
    rows = views.due_visits(conn, scope=_community(territory), as_of=T, lang="en")
    assert [(r.grid_code, r.address, r.reason) for r in rows] == [
        (territory.grid_a1, "桂花路2号", ""),
        (territory.grid_a1, "桂花路10号", ""),
        (territory.grid_a1, "樟树路1号", ""),  # a key person: not for this role's eyes
        (territory.grid_a1, "樟树路3号", "Person with disability"),
        (territory.grid_a1, "桂花路2号3栋", ""),
        (territory.grid_a2, "公园路5号", ""),
    ]
    assert rows[-1].days == 1
    assert rows[-1].overdue


def test_a_visit_takes_the_row_off_and_voiding_it_brings_it_back(
    store: Store, territory: Territory, built: Built
) -> None:
    with store.session(actor=territory.w1) as s:
        visit = services.log_visit(
            session=s,
            data=services.VisitIn(household_id=built.h["樟树路3号"], person_id=built.p["赵五"]),
        )
    conn = connect_raw(store.path, readonly=True)
    names = [r.name for r in views.due_visits(conn, scope=_grid(territory), as_of=T)]
    assert "赵五" not in names
    assert len(names) == 4
    with store.session(actor=territory.w1) as s:
        services.void_visit(session=s, visit_id=visit.id)
    names = [r.name for r in views.due_visits(conn, scope=_grid(territory), as_of=T)]
    assert "赵五" in names
    assert len(names) == 5


def test_followups_visits_disputes_and_event_deadlines(
    store: Store, territory: Territory, built: Built
) -> None:
    conn = connect_raw(store.path, readonly=True)
    now = datetime.now()
    rows = views.followups(conn, scope=_grid(territory), now=now)
    got = [(r.kind, r.ref_id, r.overdue) for r in rows]
    assert got == [
        ("visit", built.visit_followups["late"], True),
        ("event", built.late_event, True),
        ("event", built.fresh_event, False),
        ("dispute", built.dispute_followup, False),
        ("visit", built.visit_followups["soon"], False),
    ]
    dispute_row = rows[3]
    assert dispute_row.record_id == built.dispute
    assert dispute_row.detail == "楼上漏水，邻里纠纷"
    assert dispute_row.due_at.date() == T + timedelta(days=3)
    visit_row = rows[0]
    assert visit_row.household_id == built.h["桂花路1号"]
    assert visit_row.title == "孙四"
    assert visit_row.detail == "桂花路1号"
    assert rows[1].timed
    assert not rows[0].timed


def test_extended_deadline_counts(store: Store, territory: Territory, built: Built) -> None:
    with store.session(actor=territory.w1) as s:
        for status in ("accepted", "dispatched"):
            services.move_event(session=s, event_id=built.late_event, to_status=status)
        services.event_action(
            session=s,
            event_id=built.late_event,
            action="extend",
            until=datetime.now().replace(microsecond=0) + timedelta(days=2),
        )
    conn = connect_raw(store.path, readonly=True)
    rows = {r.ref_id: r for r in views.followups(conn, scope=_grid(territory), now=datetime.now())}
    assert not rows[built.late_event].overdue


def test_my_open_events(store: Store, territory: Territory, built: Built) -> None:
    conn = connect_raw(store.path, readonly=True)
    now = datetime.now()
    rows = views.my_open_events(conn, account_id=territory.w1.account_id, now=now)
    assert [(r.event_id, r.overdue, r.status, r.category) for r in rows] == [
        (built.late_event, True, "reported", "治安隐患"),
        (built.fresh_event, False, "reported", "治安隐患"),
    ]
    assert views.my_open_events(conn, account_id=territory.staff1.account_id, now=now) == []


def test_tally_types_and_today_counts(store: Store, territory: Territory) -> None:
    conn = connect_raw(store.path, readonly=True)
    kinds = views.tally_types(conn)
    assert [k.key for k in kinds] == list("1234567890")
    assert kinds[0].code == "social_medical_insurance"
    assert kinds[0].name == "社保/医保代办"
    assert views.tally_types(conn, lang="en")[0].name == "Social / medical insurance errands"
    with store.session(actor=territory.w1) as s:
        services.tally_service(session=s, grid_code=territory.grid_a1, type_code="other", count=2)
        gone = services.tally_service(session=s, grid_code=territory.grid_a1, type_code="other")
        services.tally_service(session=s, grid_code=territory.grid_a1, type_code="certificate")
        services.void_service_tally(session=s, tally_id=gone.id)
    counts = views.tallied_today(conn, account_id=territory.w1.account_id, as_of=T)
    assert counts == {"other": 2, "certificate": 1}
    outbox = conn.execute(
        "SELECT kind FROM outbox WHERE table_name = 'service_tally' AND row_id = ? ORDER BY seq",
        (gone.id,),
    ).fetchall()
    assert [k for (k,) in outbox] == ["insert", "delete"]


def test_void_service_tally_refuses_another_workers_grid(
    store: Store, territory: Territory
) -> None:
    from luzsong_grid.i18n import FieldError

    with store.session(actor=territory.w2) as s:
        row = services.tally_service(session=s, grid_code=territory.grid_b1, type_code="other")
    with pytest.raises(FieldError), store.session(actor=territory.w1) as s:
        services.void_service_tally(session=s, tally_id=row.id)


def test_visit_form(store: Store, territory: Territory, built: Built) -> None:
    household, persons = add_household(
        store, territory.system, territory.grid_a1, "桂花路8号", [("户主甲", ""), ("成员乙", "")]
    )
    conn = connect_raw(store.path, readonly=True)
    form = views.visit_form(conn, household.id)
    assert form.address == "桂花路8号"
    assert form.head == "户主甲"
    assert form.members == [(persons[0].id, "户主甲"), (persons[1].id, "成员乙")]
    assert form.kinds[0] == ("routine", "常规走访")
    assert [f for f, _n in form.findings] == [
        "needs",
        "hazard_safety",
        "hazard_fire",
        "hazard_sanitation",
        "dispute",
        "request",
        "suggestion",
    ]
    assert form.findings[0][1] == "困难需求"
    assert form.findings[6][1] == "意见建议"


def test_load_today_on_the_demo_district(demo_db: Path) -> None:
    conn = connect_raw(demo_db, readonly=True)
    staff = sign_in(demo_db, "staff", DEMO_PASSWORD)
    now = datetime.combine(DEMO_TODAY, datetime.min.time()).replace(hour=9)
    view = views.load_today(conn, user=staff, now=now)
    expected_due = views.due_items(conn, scope=staff.scope, as_of=DEMO_TODAY)
    assert len(view.due) == len(expected_due)
    assert {(r.household_id, r.person_id) for r in view.due} == {
        (i.household_id, i.ref_id if i.kind == "person" else None) for i in expected_due
    }
    assert view.due == views.route_order(view.due)
    assert all(r.address for r in view.due)
    assert all(r.name for r in view.due)
    assert view.overdue_count == sum(1 for i in expected_due if i.state == "overdue")
    assert [k.key for k in view.tally_types] == list("1234567890")
    assert view.grids
    assert view.grids[0][0] == staff.grids[0]
    # the district: every follow-up the scope has, each in the user's scope
    admin = sign_in(demo_db, "admin", DEMO_PASSWORD)
    whole = views.load_today(conn, user=admin, now=now)
    open_events = conn.execute(
        "SELECT count(*) FROM event WHERE deleted = 0 AND status NOT IN "
        "('closed', 'self_resolved', 'cancelled')"
    ).fetchone()[0]
    assert sum(1 for r in whole.followups if r.kind == "event") == open_events
    pending = conn.execute(
        "SELECT count(*) FROM dispute_followup WHERE deleted = 0 AND done_on IS NULL "
        "AND due_on <= ?",
        ((DEMO_TODAY + timedelta(days=7)).isoformat(),),
    ).fetchone()[0]
    assert sum(1 for r in whole.followups if r.kind == "dispute") == pending
    assert whole.followups == sorted(
        whole.followups, key=lambda r: (r.due_at, r.kind, r.title, r.ref_id)
    )
