"""The Households page's read queries (luzsong_grid.views.households), on a
hand-built territory and on the demo district."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from luzsong_grid.domain.visits import DueState
from luzsong_grid.reports.scope import Scope, district
from luzsong_grid.store import services
from luzsong_grid.store.db import Store, connect_raw
from luzsong_grid.views import households as views
from luzsong_grid.views.households import HouseholdFilter
from tests.conftest import DEMO_TODAY, Territory, add_household, resident_id

HEAD_ID = resident_id(date(1956, 12, 19), 3, "F")
SPOUSE_ID = resident_id(date(1958, 6, 11), 5, "M")


@pytest.fixture
def village(store: Store, territory: Territory) -> dict[str, str]:
    """Three households in grid a1, one in grid b1, with tags, a visit, a
    service, a dispute and an event."""
    t = territory
    h1, (head, spouse) = add_household(
        store, t.w1, t.grid_a1, "学堂冲花园1栋101室", [("潘珍", HEAD_ID), ("方贵", SPOUSE_ID)]
    )
    h2, (lone,) = add_household(store, t.w1, t.grid_a1, "学堂冲花园1栋102室", [("李四", "")])
    h3, _ = add_household(store, t.w1, t.grid_a1, "学堂冲花园2栋101室")
    hb, (other,) = add_household(store, t.w2, t.grid_b1, "公园路1号", [("王五", "")])
    with store.session(actor=t.w1) as s:
        services.update_person(
            session=s, person_id=head.id, patch=services.PersonPatch(phone="13689637282")
        )
        services.add_person_tag(
            session=s,
            person_id=head.id,
            tag_code="severe_mental_disorder",
            attrs={"risk_level": 3},
            since=date(2026, 11, 1),
        )
        services.add_person_tag(session=s, person_id=spouse.id, tag_code="empty_nest_elderly")
        services.add_household_tag(session=s, household_id=h2.id, tag_code="low_income")
        services.log_visit(
            session=s,
            data=services.VisitIn(
                household_id=h1.id, visited_at=datetime(2026, 11, 20, 9, 30), findings="一切正常"
            ),
        )
        services.tally_service(
            session=s,
            grid_code=t.grid_a1,
            type_code="certificate",
            done_on=date(2026, 11, 21),
            household_id=h1.id,
            person_id=spouse.id,
        )
        services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=t.grid_a1,
                type_code="neighbour",
                source_code="proactive",
                found_on=date(2026, 11, 22),
                summary="漏水",
                parties=[
                    services.PartyIn(name="方贵", person_id=spouse.id, role="applicant"),
                    services.PartyIn(name="李四", person_id=lone.id, role="respondent"),
                ],
            ),
        )
        services.report_event(
            session=s,
            data=services.EventIn(
                grid_code=t.grid_a1,
                category_code="fire_safety",
                description="楼道堆物",
                household_id=h1.id,
                reported_at=datetime(2026, 11, 23, 10, 0),
            ),
        )
    return {
        "h1": h1.id,
        "h2": h2.id,
        "h3": h3.id,
        "hb": hb.id,
        "head": head.id,
        "spouse": spouse.id,
        "lone": lone.id,
        "other": other.id,
    }


@pytest.fixture
def conn(store: Store) -> sqlite3.Connection:
    return connect_raw(store.path, readonly=True)


def test_ids_by_scope_grid_and_tag(
    conn: sqlite3.Connection, territory: Territory, village: dict[str, str]
) -> None:
    v, t = village, territory
    everything = views.household_ids(conn, HouseholdFilter())
    assert everything == [v["h1"], v["h2"], v["h3"], v["hb"]]  # grid, then address
    assert views.household_ids(conn, HouseholdFilter(scope=(t.grid_b1,))) == [v["hb"]]
    assert views.household_ids(conn, HouseholdFilter(scope=())) == []
    assert views.household_ids(conn, HouseholdFilter(grid=t.grid_a1)) == [v["h1"], v["h2"], v["h3"]]
    # A person's tag finds the household; so does the household's own tag.
    assert views.household_ids(conn, HouseholdFilter(tag="empty_nest_elderly")) == [v["h1"]]
    assert views.household_ids(conn, HouseholdFilter(tag="low_income")) == [v["h2"]]
    only = frozenset({v["h3"], v["hb"]})
    assert views.household_ids(conn, HouseholdFilter(scope=t.grids, only=only)) == [
        v["h3"],
        v["hb"],
    ]


def test_rows_of_a_block(conn: sqlite3.Connection, village: dict[str, str]) -> None:
    v = village
    rows = views.household_rows(conn, [v["h2"], v["h1"], "no-such-id"])
    assert [r.id for r in rows] == [v["h2"], v["h1"]]  # the order asked for; gone ids dropped
    h2, h1 = rows
    assert (h1.address, h1.head_name, h1.members, h1.grid_name) == (
        "学堂冲花园1栋101室",
        "潘珍",
        2,
        "学堂冲第一网格",
    )
    assert h1.tags == ("empty_nest_elderly", "severe_mental_disorder")
    assert h1.last_visit == date(2026, 11, 20)
    assert (h2.head_name, h2.members, h2.tags, h2.last_visit) == ("李四", 1, ("low_income",), None)
    assert views.household_rows(conn, []) == []


def test_visible_tags_hide_sensitive_ones(conn: sqlite3.Connection) -> None:
    tags = views.tag_catalog(conn)
    assert tags["severe_mental_disorder"].sensitive
    assert not tags["empty_nest_elderly"].sensitive
    codes = ["severe_mental_disorder", "empty_nest_elderly", "unknown"]
    assert views.visible_tags(codes, tags, True) == ["empty_nest_elderly", "severe_mental_disorder"]
    assert views.visible_tags(codes, tags, False) == ["empty_nest_elderly"]


def test_detail_masks_numbers_and_links_the_records(
    conn: sqlite3.Connection, village: dict[str, str]
) -> None:
    v = village
    detail = views.household_detail(conn, v["h1"])
    assert detail is not None
    assert detail.address == "学堂冲花园1栋101室"
    head, spouse = detail.members
    assert (head.id, head.relation, head.gender, head.birth_date) == (
        v["head"],
        "head",
        "F",
        date(1956, 12, 19),
    )
    assert head.id_masked == HEAD_ID[:6] + "********" + HEAD_ID[-4:]
    assert head.phone_masked == "136****7282"
    assert HEAD_ID not in repr(detail)
    assert "13689637282" not in repr(detail)
    assert [t.code for t in head.tags] == ["severe_mental_disorder"]
    assert '"risk_level": 3' in head.tags[0].attrs
    assert spouse.age(date(2026, 11, 27)) == 68
    assert [(x.visited_at, x.findings, x.worker) for x in detail.visits] == [
        ("2026-11-20 09:30", "一切正常", "网格员一")
    ]
    assert [(s.type_code, s.person) for s in detail.services] == [("certificate", "方贵")]
    assert [(d.type_code, d.status, d.parties) for d in detail.disputes] == [
        ("neighbour", "accepted", "方贵")
    ]
    assert [(e.category_code, e.description) for e in detail.events] == [
        ("fire_safety", "楼道堆物")
    ]
    other = views.household_detail(conn, v["h2"])
    assert other is not None
    assert [d.parties for d in other.disputes] == ["李四"]  # the other party's household
    assert [t.code for t in other.tags] == ["low_income"]
    assert views.household_detail(conn, "no-such-id") is None


def test_duplicate_owner_and_household_of_person(
    conn: sqlite3.Connection, village: dict[str, str]
) -> None:
    v = village
    assert views.id_number_owner(conn, HEAD_ID) == (v["head"], "潘珍", v["h1"])
    assert views.id_number_owner(conn, HEAD_ID, exclude=v["head"]) is None
    assert views.household_of_person(conn, v["lone"]) == v["h2"]
    assert views.household_of_person(conn, "nobody") is None


def test_due_is_the_worst_of_household_and_members(
    conn: sqlite3.Connection, territory: Territory, village: dict[str, str]
) -> None:
    v = village
    scope = Scope("grid", territory.grid_a1, "", (territory.grid_a1,))
    due = views.household_due(conn, scope=scope, as_of=date(2026, 12, 1))
    # The head's risk level 3 asks for a weekly visit: due a week after the
    # household visit of 20 November, though the household itself is not due.
    assert due[v["h1"]] == views.HouseholdDue(DueState.OVERDUE, date(2026, 11, 27))
    assert v["hb"] not in due  # out of scope


def test_grids_and_catalogues(conn: sqlite3.Connection, territory: Territory) -> None:
    grids = views.grids_in_scope(conn, (territory.grid_b1, territory.grid_a1))
    assert [g.code for g in grids] == [territory.grid_a1, territory.grid_b1]
    assert grids[0].label("zh_CN") == "学堂冲社区·学堂冲第一网格"
    assert views.grids_in_scope(conn, ()) == []
    assert len(views.grids_in_scope(conn, None)) == 3
    labels = views.catalog_labels(conn)
    assert labels[("relation", "head")][0] == "户主"
    assert labels[("event_category", "fire_safety")][0]
    assert ("head", "户主", "Head of household") in views.relations(conn)


def test_on_the_demo_district(demo_db: Path) -> None:
    conn = connect_raw(demo_db, readonly=True)
    try:
        (total,) = conn.execute("SELECT count(*) FROM household WHERE deleted = 0").fetchone()
        ids = views.household_ids(conn, HouseholdFilter())
        assert len(ids) == total == len(set(ids))
        worker_grid = "430203002001001"
        mine = views.household_ids(conn, HouseholdFilter(scope=(worker_grid,)))
        (count,) = conn.execute(
            "SELECT count(*) FROM household WHERE deleted = 0 AND grid_code = ?", (worker_grid,)
        ).fetchone()
        assert len(mine) == count > 0
        rows = views.household_rows(conn, ids[:100])
        assert [r.id for r in rows] == ids[:100]
        for row in rows:
            (members,) = conn.execute(
                "SELECT count(*) FROM person WHERE household_id = ? AND deleted = 0 "
                "AND moved_out = 0 AND deceased = 0",
                (row.id,),
            ).fetchone()
            assert row.members == members
        tagged = views.household_ids(conn, HouseholdFilter(tag="low_income"))
        (expected,) = conn.execute(
            "SELECT count(DISTINCT household_id) FROM household_tag "
            "WHERE deleted = 0 AND tag_code = 'low_income'"
        ).fetchone()
        assert len(tagged) == expected > 0
        due = views.household_due(conn, scope=district(), as_of=DEMO_TODAY)
        assert set(due) == set(ids)
        assert any(d.state is DueState.OVERDUE for d in due.values())
        detail = views.household_detail(conn, ids[0])
        assert detail is not None
        assert detail.members
        assert all("*" in m.id_masked for m in detail.members if m.has_id)
    finally:
        conn.close()


def test_due_computed_in_another_process_matches(demo_db: Path) -> None:
    conn = connect_raw(demo_db, readonly=True)
    try:
        here = views.household_due(conn, scope=district(), as_of=DEMO_TODAY)
    finally:
        conn.close()
    apart = views.household_due_apart(demo_db, district(), DEMO_TODAY)
    assert dict(apart) == here
    overdue = {h for h, d in here.items() if d.state is DueState.OVERDUE}
    assert apart.ids_in_state(DueState.OVERDUE) == overdue
