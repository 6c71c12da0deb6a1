"""The Disputes page, driven like a grid worker would, in both languages."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from luzsong_grid.domain import workflow
from luzsong_grid.store import services
from luzsong_grid.ui import app as ui_app
from luzsong_grid.ui.dialogs.dispute import (
    ID_NUMBER,
    NAME,
    PHONE,
    FollowupDialog,
    MoveDisputeDialog,
    NewDisputeDialog,
    select_code,
)
from luzsong_grid.ui.models.disputes import OVERDUE, DisputeLedgerModel
from luzsong_grid.ui.pages.disputes import DisputesPage
from tests.conftest import resident_id

WORKER_GRID = "430203002001001"
TODAY = date.today()


def run(loop: Any, ctx: Any, coro: Any, timeout: float = 30.0) -> Any:
    """Run ``coro`` on the qasync loop, then let every task the context
    spawned meanwhile finish, in ONE run of the loop.

    Not ``drive``/``settle``: qasync's ``run_until_complete`` processes Qt
    events once more after the loop stopped, with no running loop set, so a
    task stepped then fails in ``asyncio.get_running_loop()``; polling with
    many short runs makes that likely. Waiting here until nothing is pending
    leaves that last pass nothing to step."""

    async def main() -> Any:
        result = await coro
        while any(not task.done() for task in ctx.tasks._tasks):
            await asyncio.sleep(0.01)
        return result

    return loop.run_until_complete(asyncio.wait_for(main(), timeout))


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translators = ui_app.install_translators(qapp, request.param)
    yield request.param
    for translator in translators:
        qapp.removeTranslator(translator)


def _page(qtbot: Any, aloop: Any, ctx: Any) -> DisputesPage:
    page = DisputesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1218, 740)
    page.show()
    run(aloop, ctx, page.refresh())
    return page


def _save(aloop: Any, page: DisputesPage, dialog: Any) -> None:
    assert run(aloop, page.ctx, dialog.save()) is True
    run(aloop, page.ctx, page.refresh())


def _count(ctx: Any) -> int:
    import sqlite3

    conn = sqlite3.connect(ctx.store.path)
    try:
        return int(conn.execute("SELECT count(*) FROM dispute").fetchone()[0])
    finally:
        conn.close()


def test_a_dispute_through_its_workflow_with_a_follow_up(
    qtbot: Any, qtmodeltester: Any, aloop: Any, make_ctx: Any, lang: str
) -> None:
    ctx = make_ctx("worker", lang)
    page = _page(qtbot, aloop, ctx)
    before = page.model.rowCount()

    dialog = page.new_dispute()
    assert isinstance(dialog, NewDisputeDialog)
    select_code(dialog.type, "neighbour")
    select_code(dialog.source, "party_application")
    dialog.place.setText("学堂冲小区3栋")
    dialog.summary.setPlainText("楼上漏水，双方协商不成。")
    dialog.set_party(0, NAME, "张三")
    dialog.set_party(0, ID_NUMBER, resident_id(date(1980, 5, 1), 21, "M"))
    dialog.set_party(0, PHONE, "13812345678")
    dialog.set_party(1, NAME, "李四")
    assert workflow.dispute_deadline(TODAY).isoformat() in dialog.deadline.text()
    _save(aloop, page, dialog)
    assert page.model.rowCount() == before + 1
    assert page.detail is not None
    assert page.detail.id == dialog.saved_id
    assert [p.name for p in page.detail.parties] == ["张三", "李四"]
    assert page.parties.data(page.parties.index(0, 2)).count("*") == 8  # the ID is masked
    # Only the moves the workflow allows are offered.
    assert set(page.move_buttons) == {"mediating", "referred"}

    page.move_buttons["mediating"].click()
    assert isinstance(page.dialog, MoveDisputeDialog)
    page.dialog.note.setPlainText("约双方到社区调解室")
    _save(aloop, page, page.dialog)
    assert page.detail.status == "mediating"
    assert set(page.move_buttons) == {"resolved", "failed", "referred"}

    page.move_buttons["resolved"].click()
    move = page.dialog
    assert isinstance(move, MoveDisputeDialog)
    select_code(move.method, "face_to_face")
    move.agreement.setChecked(True)
    move.agreement_no.setText("（2026）建设调字第101号")
    move.has_performance.setChecked(True)
    _save(aloop, page, move)
    detail = page.detail
    assert (detail.status, detail.result, detail.agreement_no) == (
        "resolved",
        "success",
        "（2026）建设调字第101号",
    )
    assert page.fields.values["agreement"].text().endswith("（2026）建设调字第101号")
    # Closing waits for the follow-up visit, which was scheduled a month on.
    assert set(page.move_buttons) == {"closed"}
    assert not page.move_buttons["closed"].isEnabled()
    assert page.followups.rowCount() == 1
    assert detail.followups[0].due_on == TODAY + timedelta(days=30)
    assert page.record_button.isEnabled()

    page.record_button.click()
    followup = page.dialog
    assert isinstance(followup, FollowupDialog)
    select_code(followup.satisfaction, "satisfied")
    followup.risk.setText("无")
    _save(aloop, page, followup)
    assert page.detail.followups[0].done_on == TODAY
    assert page.move_buttons["closed"].isEnabled()

    page.move_buttons["closed"].click()
    _save(aloop, page, page.dialog)
    assert page.detail.status == "closed"
    assert page.move_buttons == {}
    assert not page.record_button.isEnabled()
    changes = [page.steps.data(page.steps.index(r, 2)) for r in range(page.steps.rowCount())]
    label = lambda s: workflow.label(s, lang)  # noqa: E731
    assert changes == [
        label("accepted"),
        f"{label('accepted')} → {label('mediating')}",
        f"{label('mediating')} → {label('resolved')}",
        f"{label('resolved')} → {label('closed')}",
    ]
    assert page.steps.data(page.steps.index(1, 3)) == "约双方到社区调解室"
    # Closed cases leave the open ledger; "all" shows it again.
    assert page.model.row_of(detail.id) == -1
    page.status.setCurrentIndex(page.status.findData("all"))
    run(aloop, ctx, page.refresh())
    assert page.model.row_of(detail.id) >= 0
    for model in (page.model, page.parties, page.steps, page.followups):
        qtmodeltester.check(model)


def test_an_overdue_dispute_is_flagged_red(
    qtbot: Any, qtmodeltester: Any, aloop: Any, make_ctx: Any, lang: str
) -> None:
    ctx = make_ctx("worker", lang)
    accepted = TODAY - timedelta(days=45)
    with ctx.store.session(actor=ctx.actor) as s:
        late = services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=WORKER_GRID,
                type_code="property_management",
                source_code="proactive",
                found_on=accepted,
                accepted_on=accepted,
                summary="物业费纠纷",
                parties=[services.PartyIn(name="周七")],
            ),
        ).id
    page = _page(qtbot, aloop, ctx)
    row = page.model.row_of(late)
    assert row >= 0
    column = next(
        n for n, c in enumerate(page.model.columns) if c.header == page.model.tr("Deadline")
    )
    index = page.model.index(row, column)
    assert page.model.data(index, Qt.ItemDataRole.ForegroundRole).color().name() == OVERDUE
    assert page.model.data(index).startswith(workflow.dispute_deadline(accepted).isoformat())
    page.overdue.setChecked(True)
    run(aloop, ctx, page.refresh())
    assert [r.id for r in page.model.rows()] == [late]
    assert page.detail is not None
    assert page.detail.overdue
    assert OVERDUE in page.fields.values["deadline"].styleSheet()
    qtmodeltester.check(page.model)
    assert isinstance(page.model, DisputeLedgerModel)


def test_an_invalid_party_id_is_shown_beside_the_field_and_nothing_is_saved(
    qtbot: Any, aloop: Any, make_ctx: Any, lang: str
) -> None:
    ctx = make_ctx("worker", lang)
    page = _page(qtbot, aloop, ctx)
    before = _count(ctx)
    dialog = page.new_dispute()
    assert dialog is not None
    dialog.summary.setPlainText("邻里噪音")
    dialog.set_party(0, NAME, "张三")
    good = resident_id(date(1980, 5, 1), 21, "M")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # a wrong check character
    dialog.set_party(0, ID_NUMBER, bad)
    # Shown as soon as it is typed...
    message = dialog.field_error("parties.id_number")
    assert message
    assert ("1" in message) if lang == "en" else ("第 1" in message or "1" in message)
    # ... and saving refuses, keeping what was typed.
    assert run(aloop, ctx, dialog.save()) is False
    assert dialog.field_error("parties.id_number") == message
    assert dialog.errors["parties.id_number"].isVisible()
    assert dialog.isVisible()
    assert dialog.parties.item(0, ID_NUMBER).text() == bad
    assert _count(ctx) == before
    # Corrected, it saves.
    dialog.set_party(0, ID_NUMBER, good)
    assert dialog.field_error("parties.id_number") == ""
    assert run(aloop, ctx, dialog.save()) is True
    assert _count(ctx) == before + 1


def test_a_supervisor_reads_only(qtbot: Any, aloop: Any, make_ctx: Any, lang: str) -> None:
    ctx = make_ctx("supervisor", lang)
    page = _page(qtbot, aloop, ctx)
    page.status.setCurrentIndex(page.status.findData("all"))
    run(aloop, ctx, page.refresh())
    assert page.model.rowCount() > 0
    page.table.selectRow(0)
    run(aloop, ctx, page.show_detail(page.model.row_at(0).id))
    assert page.detail is not None
    assert not page.new_button.isVisible()
    assert not page.actions_box.isVisible()
    assert page.move_buttons == {}
    assert not page.record_button.isVisible()
    assert not page.reveal_id.isVisible()
    assert page.new_dispute() is None


def test_a_worker_reveals_a_party_id_and_it_is_audited(
    qtbot: Any, aloop: Any, make_ctx: Any
) -> None:
    import sqlite3

    ctx = make_ctx("worker", "en")
    number = resident_id(date(1990, 1, 2), 31, "F")
    with ctx.store.session(actor=ctx.actor) as s:
        d_id = services.open_dispute(
            session=s,
            data=services.DisputeIn(
                grid_code=WORKER_GRID,
                type_code="neighbour",
                source_code="proactive",
                found_on=TODAY,
                summary="噪音",
                parties=[services.PartyIn(name="吴八", id_number=number)],
            ),
        ).id
    page = _page(qtbot, aloop, ctx)
    run(aloop, ctx, page.refresh(d_id))
    assert page.parties.data(page.parties.index(0, 2)) != number
    page.party_table.selectRow(0)
    run(aloop, ctx, page.reveal("id_number"))
    assert page.parties.data(page.parties.index(0, 2)) == number
    conn = sqlite3.connect(ctx.store.path)
    try:
        audited = conn.execute(
            "SELECT count(*) FROM audit_log "
            "WHERE action = 'reveal' AND table_name = 'dispute_party'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert audited == 1
