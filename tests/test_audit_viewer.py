"""The audit-log viewer: who changed what, when, from which device; by scope."""

from __future__ import annotations

import sqlite3
from typing import Any

from luzsong_grid.domain import workflow
from luzsong_grid.store import services
from luzsong_grid.store.db import Store
from luzsong_grid.ui.mainwindow import MainWindow
from luzsong_grid.ui.pages.audit import AuditModel, AuditPage
from luzsong_grid.views.audit import audit_entries, describe, table_label
from tests.conftest import Territory, add_household, drive


def test_entries_are_newest_first_and_limited_to_the_scope(
    store: Store, territory: Territory
) -> None:
    add_household(store, territory.w1, territory.grid_a1, "桂花路1号", [("张伟", "")])
    add_household(store, territory.w2, territory.grid_b1, "公园路2号", [("李娜", "")])
    conn = sqlite3.connect(store.path)
    try:
        everything = audit_entries(conn, grids=None)
        mine = audit_entries(conn, grids=(territory.grid_a1,))
        found = audit_entries(conn, grids=None, text="李娜")
    finally:
        conn.close()
    assert [e.seq for e in everything] == sorted((e.seq for e in everything), reverse=True)
    assert {"household", "person"} <= {e.table_name for e in mine}
    assert all("公园路" not in str(e.changes) for e in mine)
    assert any("桂花路" in str(e.changes) for e in mine)
    assert everything[0].account == "网格员二"
    assert everything[0].device_id == store.device_id
    assert [e.table_name for e in found] == ["person"]
    assert {e.subject for e in mine if e.table_name == "household"} == {"桂花路1号"}
    assert {e.subject for e in mine if e.table_name == "person"} == {"张伟"}


def test_changes_read_as_labelled_fields_in_the_user_language(
    store: Store, territory: Territory
) -> None:
    changes = {
        "id": "0192",
        "hlc": "x",
        "version": 2,
        "findings": "身体状况良好",
        "voided": True,
        "deleted": False,
        "to_status": "mediating",
        "note": "",
        "frobs": 3,
    }
    mediating = workflow.label("mediating", "en")
    assert (
        describe(changes, "en") == f"To: {mediating}; Findings: 身体状况良好; Voided: yes; frobs: 3"
    )
    zh = describe(changes, "zh_CN")
    mediating = workflow.label("mediating", "zh_CN")
    assert zh == f"到：{mediating}；发现情况：身体状况良好；已作废：是；frobs：3"
    assert table_label("visit", "zh_CN") == "走访记录"
    visit = {"kind": "routine", "visited_at": "2026-11-27T11:57:00"}
    named = describe(visit, "zh_CN", {"kind": {"routine": "日常走访"}})
    assert named == "走访时间：2026-11-27 11:57；类型：日常走访"
    add_household(store, territory.w1, territory.grid_a1, "桂花路1号", [("张伟", "")])
    conn = sqlite3.connect(store.path)
    try:
        by_kind = audit_entries(conn, grids=None, text="住户", lang="zh_CN")
    finally:
        conn.close()
    assert {e.table_name for e in by_kind} == {"household"}


def test_audit_page_for_supervisors_not_workers(
    qtbot: Any, qtmodeltester: Any, aloop: Any, make_ctx: Any
) -> None:
    wctx = make_ctx("worker", "en")
    worker = MainWindow(wctx)
    qtbot.addWidget(worker)
    assert not any(isinstance(p, AuditPage) for p in worker.pages)
    drive(
        aloop,
        wctx.bg.write(
            lambda s: services.tally_service(
                session=s, grid_code=wctx.user.grids[0], type_code="elderly_allowance"
            ),
            actor=wctx.actor,
        ),
    )
    ctx = make_ctx("supervisor", "en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.go_to("AuditPage")
    assert isinstance(page, AuditPage)
    drive(aloop, page.refresh())
    assert page.model.rowCount() >= 1
    first = [page.model.data(page.model.index(0, c)) for c in range(6)]
    assert first[1] == wctx.user.display_name
    assert first[3].startswith("Services")
    assert first[4] == "added"
    assert "Count: 1" in first[5]
    assert "hlc" not in first[5]
    qtmodeltester.check(page.model)
    assert AuditModel().columnCount() == 6
