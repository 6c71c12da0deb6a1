"""Excel from the desktop client: the Export and Import households dialogs on
real widgets, offscreen, on a copy of the demo district."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication

from luzsong_grid.excel import roster_read
from luzsong_grid.excel.common import MSG_CANCELLED, MSG_FOLDER_MISSING
from luzsong_grid.i18n import UserError
from luzsong_grid.ui import app as ui_app
from luzsong_grid.ui.dialogs.export import ExportDialog, documents_dir
from luzsong_grid.ui.dialogs.roster_import import RosterImportDialog
from luzsong_grid.ui.mainwindow import MainWindow
from luzsong_grid.ui.models.roster import REJECTED_ONLY, RosterPreviewModel
from tests.conftest import DEMO_TODAY, drive, resident_id, settle

WORKER_GRID = "430203002001001"
FULL_ID = re.compile(r"^\d{17}[\dX]$")
MASKED_ID = re.compile(r"^\d{6}\*{8}[\dX]{4}$")


def _export_dialog(qtbot: Any, aloop: Any, ctx: Any) -> ExportDialog:
    dialog = ExportDialog(ctx, today=DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    drive(aloop, dialog.load())
    return dialog


def _select(combo: Any, code: str) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The Chinese translations installed, as the app does for zh_CN."""
    translators = ui_app.install_translators(qapp, "zh_CN")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the files made (the demo copy is in tmp_path too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_report_of_the_district_exported_through_the_dialog(
    qtbot: Any, aloop: Any, make_ctx: Any, out: Path, chinese: None
) -> None:
    ctx = make_ctx("district", "zh_CN")
    dialog = _export_dialog(qtbot, aloop, ctx)
    # The last complete month, the whole district, a Chinese name in Documents.
    assert dialog.kind == "report"
    assert dialog.scope().kind == "district"
    assert dialog.street.isEnabled()
    assert dialog.street.count() == 1 + 8
    default = Path(dialog.path_edit.text())
    assert default == documents_dir() / "芦淞区_2026年10月_月报.xlsx"
    assert not dialog.unmasked.isVisibleTo(dialog)  # a supervisor never gets full numbers

    target = out / default.name
    dialog.path_edit.setText(str(target))
    assert drive(aloop, dialog.export(), timeout=120) == target
    assert dialog.error.text() == ""
    assert str(target) in dialog.result_label.text()
    assert dialog.open_folder_button.isVisibleTo(dialog)
    assert dialog.folder_url is not None
    assert dialog.folder_url.toLocalFile() == str(out)
    assert not dialog.progress.isVisibleTo(dialog)
    assert not dialog.running

    book = openpyxl.load_workbook(target)
    sheet = book["汇总"]
    assert "芦淞区2026年10月网格工作月报" in str(sheet["A1"].value)
    numbers = [
        c
        for row in sheet.iter_rows(min_row=4, values_only=True)
        for c in row
        if isinstance(c, int | float) and not isinstance(c, bool)
    ]
    assert sum(numbers) > 0  # the month's work is in it
    assert len(book.sheetnames) >= 2  # and the chart sheet
    assert _leftovers(out) == [target.name]

    # A quarter: the name follows the period unless the user chose a name.
    dialog.path_edit.setText("")
    _select(dialog.period_kind, "quarter")
    assert dialog.month.isHidden()
    assert not dialog.quarter.isHidden()
    assert Path(dialog.path_edit.text()).name == "芦淞区_2026年第四季度_季报.xlsx"
    _select(dialog.period_kind, "year")
    assert Path(dialog.path_edit.text()).name == "芦淞区_2026年度_年报.xlsx"


def test_ledger_of_the_workers_grid_is_masked(
    qtbot: Any, aloop: Any, make_ctx: Any, out: Path, chinese: None
) -> None:
    ctx = make_ctx("worker", "zh_CN")
    dialog = _export_dialog(qtbot, aloop, ctx)
    # A worker's choice is their grid only.
    for combo in (dialog.street, dialog.community, dialog.grid):
        assert combo.count() == 1
        assert not combo.isEnabled()
    assert dialog.scope().grids == (WORKER_GRID,)
    _select(dialog.what, "visits")
    assert dialog.dates_row.isVisibleTo(dialog)
    assert not dialog.period_row.isVisibleTo(dialog)
    assert not dialog.unmasked.isVisibleTo(dialog)  # workers get masked ledgers
    dialog.start.setDate(dialog.start.date().addMonths(-9))
    name = Path(dialog.path_edit.text()).name
    assert name == "学堂冲社区第1网格_走访台账_2026-01-01至2026-10-31.xlsx"
    target = out / name
    dialog.path_edit.setText(str(target))
    assert drive(aloop, dialog.export(), timeout=120) == target

    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header_at = next(n for n, r in enumerate(rows) if "身份证号" in [str(c) for c in r])
    header = [str(c) for c in rows[header_at]]
    id_col = header.index("身份证号")
    records = [r for r in rows[header_at + 1 :] if isinstance(r[0], int)]
    assert len(records) > 10
    assert all(MASKED_ID.match(str(r[id_col])) for r in records if r[id_col])
    assert {r[4] for r in records} == {"学堂冲社区第1网格"}
    assert f"{len(records)} 条" in dialog.result_label.text()


def test_staff_may_ask_for_full_numbers_and_it_is_audited(
    qtbot: Any, aloop: Any, make_ctx: Any, out: Path
) -> None:
    ctx = make_ctx("staff", "en")
    dialog = _export_dialog(qtbot, aloop, ctx)
    assert not dialog.street.isEnabled()
    assert not dialog.community.isEnabled()
    assert dialog.grid.isEnabled()
    assert dialog.grid.itemData(0) == ""
    assert dialog.scope().kind == "community"
    _select(dialog.what, "disputes")
    assert dialog.unmasked.isVisibleTo(dialog)
    assert not dialog.unmasked.isChecked()
    dialog.unmasked.setChecked(True)
    dialog.start.setDate(dialog.start.date().addYears(-1))
    name = Path(dialog.path_edit.text()).name
    assert name.endswith(".xlsx")
    assert "Dispute mediation ledger" in name
    target = out / name
    dialog.path_edit.setText(str(target))
    assert drive(aloop, dialog.export(), timeout=120) == target, dialog.error.text()

    book = openpyxl.load_workbook(target, read_only=True)
    ids = [
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str) and (FULL_ID.match(c) or MASKED_ID.match(c))
    ]
    assert ids
    assert all(FULL_ID.match(i) for i in ids)
    conn = sqlite3.connect(ctx.store.path)
    try:
        audited = conn.execute(
            "SELECT account_id, changes FROM audit_log WHERE action = 'export_unmasked'"
        ).fetchall()
    finally:
        conn.close()
    assert [a for a, _c in audited] == [ctx.user.account_id]
    assert target.name in audited[0][1]


def test_a_street_supervisor_chooses_within_the_street(
    qtbot: Any, aloop: Any, make_ctx: Any, chinese: None
) -> None:
    ctx = make_ctx("supervisor", "zh_CN")
    dialog = _export_dialog(qtbot, aloop, ctx)
    assert dialog.street.count() == 1
    assert dialog.street.currentText() == "建设街道"
    assert dialog.scope().kind == "street"
    assert dialog.scope().grids == ctx.user.scope.grids
    assert dialog.community.isEnabled()
    assert dialog.community.count() > 2
    dialog.community.setCurrentIndex(1)
    community = dialog.community.currentData()
    chosen = dialog.scope()
    assert (chosen.kind, chosen.code) == ("community", community)
    assert chosen.grids
    assert all(g.startswith(community) for g in chosen.grids)
    assert Path(dialog.path_edit.text()).name.startswith(dialog.community.currentText() + "_")
    dialog.grid.setCurrentIndex(1)
    assert dialog.scope().kind == "grid"
    assert dialog.scope().grids == (dialog.grid.currentData(),)


def test_cancel_mid_export_leaves_no_file(qtbot: Any, aloop: Any, make_ctx: Any, out: Path) -> None:
    ctx = make_ctx("district", "en")
    dialog = _export_dialog(qtbot, aloop, ctx)
    target = out / "report.xlsx"
    dialog.path_edit.setText(str(target))
    # Hold the worker at its first report past the start, until Cancel is clicked.
    reached = threading.Event()
    report = dialog.worker_progress

    def held(done: int, total: int) -> None:
        report(done, total)
        if done > 0:
            reached.set()
            dialog.cancel_event.wait(20)

    dialog.worker_progress = held  # type: ignore[method-assign]

    async def scenario() -> Any:
        task = asyncio.ensure_future(dialog.export())
        while not reached.is_set():
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.25)  # the progress timer shows it
        assert dialog.running
        assert dialog.progress.isVisibleTo(dialog)
        assert dialog.progress.value() > 0
        assert not dialog.export_button.isEnabled()
        dialog.cancel_button.click()
        return await task

    assert drive(aloop, scenario(), timeout=120) is None
    assert dialog.error.text() == UserError(MSG_CANCELLED).localized("en")
    assert not target.exists()
    assert _leftovers(out) == []  # no temporary file either
    assert not dialog.running
    assert dialog.export_button.isEnabled()


def test_a_missing_folder_gives_the_cores_message(
    qtbot: Any, aloop: Any, make_ctx: Any, out: Path, chinese: None
) -> None:
    ctx = make_ctx("worker", "zh_CN")
    dialog = _export_dialog(qtbot, aloop, ctx)
    target = out / "gone" / "月报.xlsx"
    dialog.path_edit.setText(str(target))
    assert drive(aloop, dialog.export()) is None
    expected = UserError(MSG_FOLDER_MISSING, folder=str(target.parent)).localized("zh_CN")
    assert dialog.error.text() == expected
    assert "不存在" in expected
    # An existing file is replaced only after a second click.
    existing = out / "old.xlsx"
    existing.write_bytes(b"old")
    dialog.path_edit.setText(str(existing))
    assert drive(aloop, dialog.export()) is None
    assert existing.read_bytes() == b"old"
    assert dialog.error.isVisibleTo(dialog)
    assert drive(aloop, dialog.export(), timeout=120) == existing
    assert existing.read_bytes()[:2] == b"PK"


# --------------------------------------------------------------------------
# Importing a roster
# --------------------------------------------------------------------------


def _roster(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(["学堂冲第一网格居民花名册"])
    sheet.append(["序号", "姓名", "身份证号", "与户主关系", "住址", "联系电话"])
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    book.save(path)
    return path


def _import_dialog(qtbot: Any, aloop: Any, ctx: Any, path: Path) -> RosterImportDialog:
    dialog = RosterImportDialog(ctx, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    drive(aloop, dialog.load())
    return dialog


def _persons(ctx: Any, ids: list[str]) -> dict[str, str]:
    conn = sqlite3.connect(ctx.store.path)
    try:
        marks = ",".join("?" * len(ids))
        return dict(
            conn.execute(
                f"SELECT id_number, grid_code FROM person WHERE id_number IN ({marks})", ids
            ).fetchall()
        )
    finally:
        conn.close()


def _count(ctx: Any, table: str) -> int:
    conn = sqlite3.connect(ctx.store.path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_roster_checked_then_imported_through_the_dialog(
    qtbot: Any, qtmodeltester: Any, aloop: Any, make_ctx: Any, tmp_path: Path, chinese: None
) -> None:
    ctx = make_ctx("worker", "zh_CN")
    head = resident_id(date(1961, 3, 5), 91)
    wife = resident_id(date(1963, 7, 9), 92, "F")
    other = resident_id(date(1980, 1, 2), 93)
    bad = resident_id(date(1975, 5, 5), 94)
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")  # a wrong check digit
    assert _persons(ctx, [head, wife, other]) == {}
    path = _roster(
        tmp_path / "花名册.xlsx",
        [
            ["张建国", head, "户主", "建设南路8号1栋101室", "13800138001"],
            ["李秀英", wife, "配偶", "", ""],
            ["王小明", bad, "户主", "建设南路8号1栋102室", ""],
            ["赵丽", other, "户主", "建设南路8号1栋103室", "13800138003"],
            ["张建国", head, "户主", "建设南路8号1栋101室", "13800138001"],
        ],
    )
    dialog = _import_dialog(qtbot, aloop, ctx, path)
    # A worker's own grid, the only choice.
    assert dialog.grid.count() == 1
    assert dialog.grid.currentData() == WORKER_GRID
    assert not dialog.grid.isEnabled()
    households = _count(ctx, "household")

    plan = drive(aloop, dialog.check(), timeout=60)
    assert plan is not None, dialog.error.text()
    counts = plan.counts()
    assert (counts["new"], counts["error"], counts["duplicate"]) == (3, 1, 1)
    assert "5" in dialog.summary.text()
    assert "3" in dialog.summary.text()
    assert _persons(ctx, [head, wife, other]) == {}  # the dry run wrote nothing
    model = dialog.model
    assert model.rowCount() == 5
    verdicts = [model.index(r, RosterPreviewModel.VERDICT).data() for r in range(5)]
    assert verdicts == ["新增", "新增", "未导入", "新增", "文件内重复"]
    bad_row = model.row_at(2)
    assert bad_row.verdict.value == "error"
    assert "校验" in model.index(2, RosterPreviewModel.REASON).data()
    assert model.index(2, RosterPreviewModel.NAME).data() == "王小明"
    assert MASKED_ID.match(model.index(0, RosterPreviewModel.ID_NUMBER).data())
    _select(dialog.show_filter, REJECTED_ONLY)
    assert model.rowCount() == 2
    assert {model.row_at(r).verdict.value for r in range(2)} == {"error", "duplicate"}
    qtmodeltester.check(model)
    assert dialog.import_button.isEnabled()
    assert "3" in dialog.import_button.text()
    assert dialog.report_button.isEnabled()

    report = tmp_path / "错误行.xlsx"
    assert drive(aloop, dialog.save_error_report(report)) == 2
    cells = [
        [str(c) for c in row if c is not None]
        for row in openpyxl.load_workbook(report).active.iter_rows(values_only=True)
    ]
    assert any("王小明" in row for row in cells)
    assert any("张建国" in row for row in cells)

    changed: list[str] = []
    ctx.bridge.data_changed.connect(changed.append)
    result = drive(aloop, dialog.commit(), timeout=60)
    assert result is not None, dialog.error.text()
    assert result.persons_new == 3
    assert result.households_new == 2
    assert _persons(ctx, [head, wife, other]) == {
        head: WORKER_GRID,
        wife: WORKER_GRID,
        other: WORKER_GRID,
    }
    assert _count(ctx, "household") == households + 2
    assert "person" in changed
    assert "household" in changed
    assert not dialog.import_button.isEnabled()
    assert "3" in dialog.status.text()


def test_a_file_that_is_not_excel_gives_the_message_and_writes_nothing(
    qtbot: Any, aloop: Any, make_ctx: Any, tmp_path: Path
) -> None:
    ctx = make_ctx("staff", "en")
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    dialog = _import_dialog(qtbot, aloop, ctx, path)
    # Staff choose among their community's grids (or none: the file names them).
    assert dialog.grid.isEnabled()
    assert dialog.grid.itemData(0) == ""
    persons = _count(ctx, "person")
    assert drive(aloop, dialog.check()) is None
    expected = UserError(roster_read.MSG_NOT_EXCEL, path=str(path)).localized("en")
    assert dialog.error.text() == expected
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert not dialog.report_button.isEnabled()
    assert _count(ctx, "person") == persons


def test_cancel_during_the_check_stops_it(
    qtbot: Any, aloop: Any, make_ctx: Any, tmp_path: Path
) -> None:
    ctx = make_ctx("worker", "en")
    rows = [[f"居民{n}", "", "户主", f"建设南路{n}号", ""] for n in range(50)]
    dialog = _import_dialog(qtbot, aloop, ctx, _roster(tmp_path / "r.xlsx", rows))
    reached = threading.Event()
    report = dialog.worker_progress

    def held(stage: str, done: int, total: int) -> None:
        report(stage, done, total)
        reached.set()
        dialog.cancel_event.wait(20)

    dialog.worker_progress = held  # type: ignore[method-assign]

    async def scenario() -> Any:
        task = asyncio.ensure_future(dialog.check())
        while not reached.is_set():
            await asyncio.sleep(0.02)
        assert dialog.cancel_button.isVisibleTo(dialog)
        dialog.cancel_button.click()
        return await task

    assert drive(aloop, scenario()) is None
    assert "cancelled" in dialog.error.text()
    assert dialog.plan is None
    assert dialog.check_button.isEnabled()


@pytest.mark.parametrize(("username", "imports"), [("worker", True), ("supervisor", False)])
def test_main_window_offers_the_dialogs_by_role(
    qtbot: Any, aloop: Any, make_ctx: Any, username: str, imports: bool
) -> None:
    ctx = make_ctx(username, "en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.export_action.isVisible()
    assert window.import_action.isVisible() is imports
    window.export_action.trigger()
    assert isinstance(window.excel_dialog, ExportDialog)
    drive(aloop, asyncio.sleep(0.05))
    assert window.excel_dialog.places
    window.excel_dialog.reject()
    if imports:
        window.import_action.trigger()
        assert isinstance(window.excel_dialog, RosterImportDialog)
        drive(aloop, asyncio.sleep(0.05))
        assert window.excel_dialog.grid.count() >= 1
        window.excel_dialog.reject()
    crashes: list[str] = []
    ctx.bridge.crashed.disconnect(window.show_crash)  # a modal box would wait forever
    ctx.bridge.crashed.connect(crashes.append)
    households = window.go_to("HouseholdsPage")
    assert households.import_button.isVisibleTo(households) is imports  # type: ignore[attr-defined]
    settle(aloop)
    if imports:  # the Households page opens the same dialog
        households.import_button.click()  # type: ignore[attr-defined]
        settle(aloop)
        opened = households.dialog  # type: ignore[attr-defined]
        assert isinstance(opened, RosterImportDialog)
        assert opened.grid.currentData() == WORKER_GRID
        opened.reject()
        settle(aloop)
    window.close()
    assert crashes == []
