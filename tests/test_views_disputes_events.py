"""What the Disputes and Events pages read (luzsong_grid.views.disputes/events):
hand-built ledgers with exact expectations, and the demo district."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from luzsong_grid.domain import workflow
from luzsong_grid.reports import period as periods
from luzsong_grid.reports import stats
from luzsong_grid.reports.scope import district
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor, Store, connect_raw
from luzsong_grid.views import disputes as dv
from luzsong_grid.views import events as ev
from tests.conftest import DEMO_TODAY, Territory, resident_id

TODAY = date.today()
ZHANG_ID = resident_id(date(1980, 5, 1), 11, "M")
LI_ID = resident_id(date(1975, 3, 9), 12, "F")


@pytest.fixture
def conn(store: Store) -> Iterator[sqlite3.Connection]:
    connection = connect_raw(store.path, readonly=True)
    yield connection
    connection.close()


def _open(
    store: Store,
    actor: Actor,
    grid: str,
    *,
    accepted_on: date = TODAY,
    type_code: str = "neighbour",
    parties: tuple[tuple[str, str, str, str], ...] = (
        ("张三", ZHANG_ID, "13812345678", "applicant"),
        ("李四", LI_ID, "", "respondent"),
    ),
) -> str:
    with store.session(actor=actor) as s:
        dispute = services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=grid,
                type_code=type_code,
                source_code="proactive",
                found_on=accepted_on,
                accepted_on=accepted_on,
                place="学堂冲小区3栋",
                summary="楼上漏水",
                amount=1200.0,
                parties=[
                    services.PartyIn(name=n, id_number=i, phone=p, role=r) for n, i, p, r in parties
                ],
            ),
        )
        return dispute.id


def _move(store: Store, actor: Actor, dispute_id: str, to: str, **kwargs: object) -> None:
    with store.session(actor=actor) as s:
        services.move_dispute(session=s, dispute_id=dispute_id, to_status=to, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def ledger(store: Store, territory: Territory) -> dict[str, str]:
    """d_new (grid a1, today), d_late (grid a1, accepted 40 days ago: overdue),
    d_other (grid b1, contract dispute of worker w2)."""
    t = territory
    return {
        "d_new": _open(store, t.w1, t.grid_a1),
        "d_late": _open(
            store,
            t.w1,
            t.grid_a1,
            accepted_on=TODAY - timedelta(days=40),
            parties=(("王五", "", "", "applicant"),),
        ),
        "d_other": _open(
            store,
            t.w2,
            t.grid_b1,
            type_code="contract",
            parties=(("赵六", "", "", ""),),
        ),
    }


# --------------------------------------------------------------------------
# Disputes
# --------------------------------------------------------------------------


def test_ledger_rows_in_scope_newest_first(
    conn: sqlite3.Connection, territory: Territory, ledger: dict[str, str]
) -> None:
    rows = dv.list_disputes(conn, grids=[territory.grid_a1])
    assert [r.id for r in rows] == [ledger["d_new"], ledger["d_late"]]
    new, late = rows
    assert new.parties == "张三、李四"
    assert new.grid_name == "学堂冲第一网格"
    assert new.type_name == "邻里"
    assert new.source_name == "主动排查"
    assert new.status == "accepted"
    assert new.deadline == workflow.dispute_deadline(TODAY)
    assert new.accepted_on == TODAY
    assert new.case_no.startswith(f"{territory.grid_a1}-{TODAY:%Y%m%d}-")
    assert (new.overdue, late.overdue) == (False, True)
    assert late.parties == "王五"
    assert len(dv.list_disputes(conn, grids=None)) == 3
    assert dv.list_disputes(conn, grids=[]) == []
    other = dv.list_disputes(conn, grids=[territory.grid_b1], lang="en")
    assert [(r.type_name, r.source_name) for r in other] == [("Contract", "Found by the worker")]


def test_ledger_filters(
    conn: sqlite3.Connection, store: Store, territory: Territory, ledger: dict[str, str]
) -> None:
    grids = territory.grids

    def ids(**kwargs: object) -> set[str]:
        return {r.id for r in dv.list_disputes(conn, grids=grids, **kwargs)}  # type: ignore[arg-type]

    assert ids(overdue_only=True) == {ledger["d_late"]}
    assert ids(type_code="contract") == {ledger["d_other"]}
    assert ids(text="李四") == {ledger["d_new"]}
    assert ids(text="王") == {ledger["d_late"]}
    case_no = dv.dispute_detail(conn, ledger["d_other"])
    assert case_no is not None
    assert ids(text=case_no.case_no[-4:]) == {ledger["d_other"]}
    assert ids(text="%") == set()  # wildcards are text
    assert ids(status="closed") == set()
    # A referred dispute has a result: it is no longer overdue, and once closed
    # it leaves the open list.
    _move(store, territory.w1, ledger["d_late"], "referred", note="移交司法所")
    assert ids(overdue_only=True) == set()
    _move(store, territory.w1, ledger["d_late"], "closed")
    assert ids(status="closed") == {ledger["d_late"]}
    assert ids() == {ledger["d_new"], ledger["d_other"]}
    assert ids(status="all") == set(ledger.values())


def test_dispute_detail_parties_history_and_followups(
    conn: sqlite3.Connection, store: Store, territory: Territory, ledger: dict[str, str]
) -> None:
    d_id = ledger["d_new"]
    _move(store, territory.w1, d_id, "mediating", note="约双方到社区")
    _move(
        store,
        territory.w1,
        d_id,
        "resolved",
        method="face_to_face",
        agreement_no="（2026）建设调字第012号",
        performance_deadline=TODAY + timedelta(days=10),
        resolved_on=TODAY,
    )
    detail = dv.dispute_detail(conn, d_id)
    assert detail is not None
    assert [(p.name, p.id_number, p.phone, p.role_name) for p in detail.parties] == [
        ("张三", ZHANG_ID[:6] + "********" + ZHANG_ID[-4:], "138****5678", "申请人"),
        ("李四", LI_ID[:6] + "********" + LI_ID[-4:], "", "被申请人"),
    ]
    assert [(s.from_status, s.to_status, s.by) for s in detail.steps] == [
        ("", "accepted", "网格员一"),
        ("accepted", "mediating", "网格员一"),
        ("mediating", "resolved", "网格员一"),
    ]
    assert detail.steps[1].note == "约双方到社区"
    assert (detail.result, detail.result_name, detail.method_name) == (
        "success",
        "成功",
        "当面调解",
    )
    assert (detail.agreement, detail.agreement_no) == (True, "（2026）建设调字第012号")
    assert detail.performance_deadline == TODAY + timedelta(days=10)
    assert detail.overdue is False
    assert detail.amount == 1200.0
    assert detail.reported_by == "网格员一"
    (followup,) = detail.followups
    assert followup.due_on == TODAY + timedelta(days=services.FOLLOWUP_AFTER_DAYS)
    assert (followup.done_on, followup.overdue) == (None, False)
    assert detail.open_followup == followup
    later = dv.dispute_detail(conn, d_id, today=TODAY + timedelta(days=31))
    assert later is not None
    assert later.followups[0].overdue is True
    with store.session(actor=territory.w1) as s:
        services.record_dispute_followup(
            session=s, followup_id=followup.id, satisfaction="satisfied", remaining_risk="无"
        )
    done = dv.dispute_detail(conn, d_id, today=TODAY + timedelta(days=31))
    assert done is not None
    assert done.open_followup is None
    assert (done.followups[0].done_on, done.followups[0].by) == (TODAY, "网格员一")
    assert done.followups[0].overdue is False
    assert dv.dispute_detail(conn, "no-such-id") is None


def test_dispute_catalog_and_grid_choices(conn: sqlite3.Connection, territory: Territory) -> None:
    catalog = dv.dispute_catalog(conn)
    assert len(catalog.types) == 15
    assert [c.code for c in catalog.sources] == ["proactive", "party_application", "referral"]
    assert catalog.name_of("roles", "applicant") == "申请人"
    assert dv.dispute_catalog(conn, "en").name_of("results", "referred") == "Handed over"
    assert [c.code for c in dv.grid_choices(conn, [territory.grid_a1])] == [territory.grid_a1]
    assert [c.name for c in dv.grid_choices(conn, None)] == [
        "学堂冲第一网格",
        "学堂冲第二网格",
        "公园第一网格",
    ]
    assert dv.grid_choices(conn, []) == []


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------


def _report(
    store: Store, actor: Actor, grid: str, *, at: datetime, item: str | None = None, **kw: object
) -> str:
    with store.session(actor=actor) as s:
        event = services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=grid,
                category_code=str(kw.pop("category", "city_management")),
                item_code=item,
                reported_at=at,
                place="建设南路12号",
                description="占道经营",
                **kw,  # type: ignore[arg-type]
            ),
        )
        return event.id


def test_event_catalog_suggests_department_and_urgency(conn: sqlite3.Connection) -> None:
    catalog = ev.event_catalog(conn)
    assert len(catalog.categories) == 8
    assert len(catalog.items) == 150
    item = catalog.items_of("dispute")[0]
    assert catalog.suggest("dispute", item.code) == (item.department_code, item.urgency)
    assert catalog.suggest("other", None) == ("street_town", "blue")
    assert catalog.department_name("justice") == "区司法局"
    assert ev.event_catalog(conn, "en").category("dispute") == ev.CategoryInfo(
        "dispute", "Disputes", "justice"
    )


def test_events_list_detail_and_history(
    conn: sqlite3.Connection, store: Store, territory: Territory
) -> None:
    t = territory
    now = datetime.now().replace(microsecond=0)
    catalog = ev.event_catalog(conn)
    red = next(i for i in catalog.items if i.urgency == "red")
    e_red = _report(
        store,
        t.w1,
        t.grid_a1,
        at=now - timedelta(hours=3),
        item=red.code,
        category=red.category_code,
    )
    e_blue = _report(store, t.w1, t.grid_a1, at=now - timedelta(hours=1), urgency="blue")
    e_other = _report(store, t.w2, t.grid_b1, at=now - timedelta(hours=2))

    rows = ev.list_events(conn, grids=[t.grid_a1], now=now)
    assert [r.id for r in rows] == [e_blue, e_red]
    blue, red_row = rows
    assert (red_row.urgency, red_row.overdue) == ("red", True)
    assert red_row.deadline == now - timedelta(hours=1)
    assert red_row.department_name == catalog.department_name(red.department_code)
    assert red_row.item_name == red.name
    assert (blue.urgency, blue.overdue, blue.item_name) == ("blue", False, "")
    assert blue.department_name == "区城管局"  # the category's default department
    assert blue.deadline == now + timedelta(hours=71)
    assert {r.id for r in ev.list_events(conn, grids=None, now=now)} == {e_red, e_blue, e_other}
    assert [r.id for r in ev.list_events(conn, grids=t.grids, urgency="red", now=now)] == [e_red]
    assert [r.id for r in ev.list_events(conn, grids=t.grids, overdue_only=True, now=now)] == [
        e_red
    ]
    assert ev.list_events(conn, grids=[]) == []

    def move(to: str, **kw: object) -> None:
        with store.session(actor=t.w1) as s:
            services.move_event(session=s, event_id=e_red, to_status=to, **kw)  # type: ignore[arg-type]

    move("accepted")
    move("dispatched", department_code="housing", note="派住建局")
    move("signed")
    with store.session(actor=t.w1) as s:
        services.event_action(session=s, event_id=e_red, action="extend", note="需协调")
        services.event_action(session=s, event_id=e_red, action="supervise", note="已超期")
    (row,) = ev.list_events(conn, grids=t.grids, urgency="red", now=now)
    assert row.deadline == now + timedelta(hours=1)  # extended by another 2 h
    assert (row.overdue, row.supervised, row.department_name) == (False, True, "区住建局")
    for to in ("handled", "feedback", "verified", "closed"):
        move(to)
    detail = ev.event_detail(conn, e_red, now=now)
    assert detail is not None
    assert [(s.from_status, s.to_status, s.action) for s in detail.steps] == [
        ("", "reported", ""),
        ("reported", "accepted", ""),
        ("accepted", "dispatched", ""),
        ("dispatched", "signed", ""),
        ("signed", "signed", "extend"),
        ("signed", "signed", "supervise"),
        ("signed", "handled", ""),
        ("handled", "feedback", ""),
        ("feedback", "verified", ""),
        ("verified", "closed", ""),
    ]
    assert detail.steps[2].department_name == "区住建局"
    assert detail.steps[2].note == "派住建局"
    assert {s.by for s in detail.steps} == {"网格员一"}
    assert detail.extended_to == now + timedelta(hours=1)
    assert detail.deadline == detail.extended_to
    assert (detail.status, detail.overdue, detail.supervised) == ("closed", False, True)
    assert detail.closed_at is not None
    assert [r.id for r in ev.list_events(conn, grids=t.grids, status="closed", now=now)] == [e_red]
    assert e_red not in {r.id for r in ev.list_events(conn, grids=t.grids, now=now)}
    assert ev.event_detail(conn, "missing") is None


# --------------------------------------------------------------------------
# The demo district: the page agrees with the report counts
# --------------------------------------------------------------------------


def test_demo_lists_agree_with_the_reports(demo_copy: Path) -> None:
    conn = connect_raw(demo_copy, readonly=True)
    try:
        all_disputes = dv.list_disputes(conn, grids=None, status="all", today=DEMO_TODAY)
        total = conn.execute("SELECT count(*) FROM dispute WHERE deleted = 0").fetchone()[0]
        assert len(all_disputes) == total > 0
        counts = stats.compute(
            conn, scope=district(), period=periods.month(2026, 11), today=DEMO_TODAY
        )
        assert sum(r.overdue for r in all_disputes) == counts["disputes"]["overdue"]
        overdue = dv.list_disputes(
            conn, grids=None, status="all", overdue_only=True, today=DEMO_TODAY
        )
        assert len(overdue) == counts["disputes"]["overdue"]
        end_of_day = datetime.combine(DEMO_TODAY, datetime.max.time()).replace(microsecond=0)
        events = ev.list_events(conn, grids=None, status="all", now=end_of_day)
        assert len(events) == conn.execute("SELECT count(*) FROM event").fetchone()[0]
        assert sum(r.overdue for r in events) == counts["events"]["overdue"]
        # A worker's scope holds only their grid's records.
        grid = "430203002001001"
        mine = dv.list_disputes(conn, grids=[grid], status="all", today=DEMO_TODAY)
        assert {r.grid_code for r in mine} <= {grid}
        for row in all_disputes[:20]:
            detail = dv.dispute_detail(conn, row.id, today=DEMO_TODAY)
            assert detail is not None
            assert detail.steps[0].to_status == "accepted"
            assert all("*" in p.id_number for p in detail.parties if p.has_id_number)
    finally:
        conn.close()
