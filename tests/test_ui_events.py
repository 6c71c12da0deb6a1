"""The Events page, driven like a grid worker would, in both languages."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from luzsong_grid.domain import workflow
from luzsong_grid.ui.dialogs.dispute import combo_code, select_code
from luzsong_grid.ui.dialogs.event import EventStepDialog, ReportEventDialog, attachments_dir
from luzsong_grid.ui.models.events import URGENCY_COLORS
from luzsong_grid.ui.pages.events import EventsPage
from tests.test_ui_disputes import lang, run

__all__ = ["lang"]  # a fixture used from the disputes tests (garbage collection: conftest)


def _page(qtbot: Any, aloop: Any, ctx: Any) -> EventsPage:
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1218, 740)
    page.show()
    run(aloop, ctx, page.refresh())
    return page


def _save(aloop: Any, page: EventsPage, dialog: Any) -> None:
    assert run(aloop, page.ctx, dialog.save()) is True
    run(aloop, page.ctx, page.refresh())


def _photo(folder: Path) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f5d94"))
    path = folder / "现场.png"
    assert image.save(str(path))
    return path


def test_an_event_reported_and_followed_to_closure(
    qtbot: Any, qtmodeltester: Any, aloop: Any, make_ctx: Any, lang: str, tmp_path: Path
) -> None:
    ctx = make_ctx("worker", lang)
    page = _page(qtbot, aloop, ctx)
    assert page.catalog is not None
    red = next(i for i in page.catalog.items if i.urgency == "red")
    category = page.catalog.category(red.category_code)
    assert category is not None

    dialog = page.report_event()
    assert isinstance(dialog, ReportEventDialog)
    select_code(dialog.category, red.category_code)
    # Without an item, the category's department and blue (72 h) are suggested.
    assert combo_code(dialog.item) == ""
    assert combo_code(dialog.department) == category.default_department
    assert combo_code(dialog.urgency) == "blue"
    assert "72" in dialog.deadline.text()
    # The item list holds only that category's items; choosing one suggests its
    # department and urgency, with the deadline shown.
    assert dialog.item.count() == 1 + len(page.catalog.items_of(red.category_code))
    select_code(dialog.item, red.code)
    assert combo_code(dialog.department) == red.department_code
    assert combo_code(dialog.urgency) == "red"
    assert "2" in dialog.deadline.text()
    assert page.catalog.department_name(red.department_code) in dialog.suggested.text()
    dialog.place.setText("建设南路12号")
    dialog.description.setPlainText("现场发现隐患，需尽快处置。")
    dialog.set_photo(_photo(tmp_path))
    _save(aloop, page, dialog)

    detail = page.detail
    assert detail is not None
    assert detail.id == dialog.saved_id
    assert (detail.urgency, detail.department_code, detail.status) == (
        "red",
        red.department_code,
        "reported",
    )
    assert (detail.deadline_at - detail.reported_at).total_seconds() == 2 * 3600
    # The photo was copied under a new name into attachments/ and is shown.
    assert detail.photo.endswith(".png")
    assert detail.photo != "现场.png"
    assert (attachments_dir(ctx) / detail.photo).is_file()
    assert page.photo.isVisible()
    assert not page.photo.pixmap().isNull()
    row = page.model.row_of(detail.id)
    urgency_column = next(
        n for n, c in enumerate(page.model.columns) if c.header == page.model.tr("Urgency")
    )
    chip = page.model.data(page.model.index(row, urgency_column), Qt.ItemDataRole.BackgroundRole)
    assert chip.color().name() == URGENCY_COLORS["red"]

    def step(target: str, note: str = "") -> None:
        assert page.detail is not None
        expected = set(workflow.allowed_next("event", page.detail.status))
        assert set(page.move_buttons) == expected  # only the allowed moves
        page.move_buttons[target].click()
        assert isinstance(page.dialog, EventStepDialog)
        page.dialog.note.setPlainText(note)
        _save(aloop, page, page.dialog)
        assert page.detail.status == target

    def act(action: str, note: str) -> None:
        page.action_buttons[action].click()
        assert isinstance(page.dialog, EventStepDialog)
        page.dialog.note.setPlainText(note)
        _save(aloop, page, page.dialog)

    step("accepted")
    assert page.action_buttons == {}  # extend/supervise only once dispatched
    page.move_buttons["dispatched"].click()
    dispatch = page.dialog
    assert isinstance(dispatch, EventStepDialog)
    assert dispatch.department is not None
    select_code(dispatch.department, "housing")
    dispatch.note.setPlainText("派住建局处置")
    _save(aloop, page, dispatch)
    assert page.detail.department_code == "housing"
    assert set(page.action_buttons) == {"extend", "supervise"}
    step("signed")
    act("extend", "需协调物业")
    assert page.detail.extended_to is not None
    act("supervise", "已超时，督办")
    assert page.detail.supervised
    for target in ("handled", "feedback", "verified", "closed"):
        step(target)
    assert page.move_buttons == {}
    assert not page.actions_box.isVisible()

    label = lambda s: workflow.label(s, lang)  # noqa: E731
    changes = [page.steps.data(page.steps.index(r, 2)) for r in range(page.steps.rowCount())]
    assert changes == [
        label("reported"),
        f"{label('reported')} → {label('accepted')}",
        f"{label('accepted')} → {label('dispatched')}",
        f"{label('dispatched')} → {label('signed')}",
        label("extend"),
        label("supervise"),
        f"{label('signed')} → {label('handled')}",
        f"{label('handled')} → {label('feedback')}",
        f"{label('feedback')} → {label('verified')}",
        f"{label('verified')} → {label('closed')}",
    ]
    assert page.steps.data(page.steps.index(2, 3)) == page.catalog.department_name("housing")
    assert page.steps.data(page.steps.index(4, 4)) == "需协调物业"
    assert page.steps.data(page.steps.index(0, 1)) == ctx.user.display_name
    # Finished events leave the open list.
    assert page.model.row_of(detail.id) == -1
    for model in (page.model, page.steps):
        qtmodeltester.check(model)


def test_report_needs_a_description_and_saves_nothing_without(
    qtbot: Any, aloop: Any, make_ctx: Any, lang: str
) -> None:
    ctx = make_ctx("worker", lang)
    page = _page(qtbot, aloop, ctx)
    dialog = page.report_event()
    assert dialog is not None
    count = sqlite3.connect(ctx.store.path).execute("SELECT count(*) FROM event").fetchone()[0]
    dialog.place.setText("某处")
    assert run(aloop, ctx, dialog.save()) is False
    assert dialog.field_error("description")
    assert dialog.place.text() == "某处"
    assert (
        sqlite3.connect(ctx.store.path).execute("SELECT count(*) FROM event").fetchone()[0] == count
    )


def test_the_household_is_found_by_address(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "en")
    page = _page(qtbot, aloop, ctx)
    conn = sqlite3.connect(ctx.store.path)
    household_id, address = conn.execute(
        "SELECT id, address FROM household WHERE grid_code = ? AND deleted = 0 LIMIT 1",
        (ctx.user.grids[0],),
    ).fetchone()
    conn.close()
    dialog = page.report_event()
    assert dialog is not None
    dialog.household_query.setText(address)
    run(aloop, ctx, dialog.find_household())
    assert combo_code(dialog.household) == household_id
    dialog.description.setPlainText("楼道堆放杂物")
    _save(aloop, page, dialog)
    assert page.detail is not None
    assert page.detail.household_address == address


def test_a_supervisor_sees_no_action_buttons(
    qtbot: Any, qtmodeltester: Any, aloop: Any, make_ctx: Any, lang: str
) -> None:
    ctx = make_ctx("supervisor", lang)
    page = _page(qtbot, aloop, ctx)
    page.status.setCurrentIndex(page.status.findData("all"))
    run(aloop, ctx, page.refresh())
    assert page.model.rowCount() > 0
    assert page.detail is not None  # the newest is shown
    assert page.steps.rowCount() >= 1
    assert not page.report_button.isVisible()
    assert not page.actions_box.isVisible()
    assert page.move_buttons == {}
    assert page.action_buttons == {}
    assert page.report_event() is None
    assert page.start_move("accepted") is None
    qtmodeltester.check(page.model)
