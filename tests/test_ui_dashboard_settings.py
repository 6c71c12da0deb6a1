"""The Dashboard and Settings pages, driven through their real widgets offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableView

from luzsong_grid import settings as prefs
from luzsong_grid.store.db import connect_raw
from luzsong_grid.ui import app as ui_app
from luzsong_grid.ui.mainwindow import MainWindow
from luzsong_grid.ui.models.settings import CatalogModel, RulesModel, read, write
from luzsong_grid.ui.pages.dashboard import DashboardPage
from luzsong_grid.ui.pages.settings import SettingsPage
from luzsong_grid.ui.widgets.charts import BarChart, LineChart
from luzsong_grid.ui.widgets.state import columns_key, remember_columns
from luzsong_grid.views import dashboard
from luzsong_grid.views import settings as queries
from tests.conftest import drive, settle


@pytest.fixture(autouse=True)
def _private_qsettings(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """QSettings of this test in tmp_path, never the user's (made after the
    QApplication: QSettings before it aborted a test worker)."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = ui_app.install_translators(qapp, "zh_CN")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def _window(qtbot: Any, ctx: Any) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


# --------------------------------------------------------------------------
# Settings declared once
# --------------------------------------------------------------------------


def test_settings_are_declared_once_with_defaults() -> None:
    assert prefs.defaults() == {"app/language": "zh_CN", "app/idle_lock_minutes": 10}
    assert prefs.by_key("app/language") is prefs.LANGUAGE
    assert prefs.LANGUAGE.coerce("en") == "en"
    assert prefs.LANGUAGE.coerce("fr") == "zh_CN"
    assert prefs.IDLE_LOCK_MINUTES.coerce("15") == 15
    assert prefs.IDLE_LOCK_MINUTES.coerce("0") == 10
    assert prefs.IDLE_LOCK_MINUTES.coerce("lots") == 10
    assert prefs.IDLE_LOCK_MINUTES.coerce(None) == 10
    assert not any(s.key.startswith(prefs.UI_STATE_PREFIX) for s in prefs.ALL)


def test_preferences_round_trip_through_qsettings(qapp: QApplication) -> None:
    assert read(prefs.LANGUAGE) == "zh_CN"
    assert write(prefs.LANGUAGE, "en") == "en"
    assert read(prefs.LANGUAGE) == "en"
    QSettings().setValue(prefs.IDLE_LOCK_MINUTES.key, "999")
    assert read(prefs.IDLE_LOCK_MINUTES) == 10  # out of range: the default


def test_column_widths_are_remembered(qtbot: Any) -> None:
    model = CatalogModel()
    model.load("dispute_type", [queries.CatalogRow("a", "甲", "A", True)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    memory = remember_columns(view, "test/catalog")
    view.setColumnWidth(1, 321)
    memory.save()
    assert QSettings().value(columns_key("test/catalog"))[1] in (321, "321")
    again = QTableView()
    qtbot.addWidget(again)
    remember_columns(again, "test/catalog")  # no model yet: restored when it comes
    again.setModel(model)
    assert again.columnWidth(1) == 321


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------


def test_rules_model_passes_the_model_tester_and_keeps_edits(
    qtmodeltester: Any, demo_db: Path
) -> None:
    conn = connect_raw(demo_db, readonly=True)
    try:
        rows = queries.rule_rows(conn, sensitive=True)
        tags = queries.tag_choices(conn, sensitive=True)
        hidden = queries.rule_rows(conn, sensitive=False)
    finally:
        conn.close()
    assert len(hidden) < len(rows)  # sensitive tags' rules hidden from supervisors
    model = RulesModel("zh_CN")
    model.load(rows)
    qtmodeltester.check(model)
    interval = model.index(0, RulesModel.INTERVAL)
    assert not model.setData(interval, 7)  # read-only until allowed
    model.editable = True
    assert model.setData(interval, 7)
    assert not model.setData(interval, None)  # an interval is required
    assert not model.setData(interval, "seven")
    assert model.has_changes()
    risky = next(n for n, r in enumerate(rows) if r.has_risk)
    plain = next(n for n, r in enumerate(rows) if not r.has_risk)
    assert model.flags(model.index(risky, RulesModel.MIN_RISK)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(plain, RulesModel.MIN_RISK)) & Qt.ItemFlag.ItemIsEditable
    model.add_rule(tags[0])
    model.remove_rule(1)
    added, changed, removed = model.pending()
    assert (len(added), len(changed), len(removed)) == (1, 1, 1)
    assert changed[0].interval_days == 7
    qtmodeltester.check(model)


def test_catalog_model_passes_the_model_tester(qtmodeltester: Any, demo_db: Path) -> None:
    conn = connect_raw(demo_db, readonly=True)
    try:
        rows = queries.catalog_rows(conn, "dispute_type")
    finally:
        conn.close()
    model = CatalogModel()
    model.load("dispute_type", rows)
    model.editable = True
    qtmodeltester.check(model)
    assert model.setData(model.index(0, CatalogModel.NAME), "新名称")
    assert model.setData(
        model.index(0, CatalogModel.ACTIVE), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert model.pending()[0].name == "新名称"
    assert not model.pending()[0].active


def test_charts_paint_data_and_nothing(qtbot: Any) -> None:
    for chart in (LineChart("周"), BarChart("类型")):
        qtbot.addWidget(chart)
        chart.resize(400, 240)
        chart.set_data(["一", "二", "三"], [3, 0, 5])
        assert not chart.grab().isNull()
        chart.set_data([], [])
        assert not chart.grab().isNull()
        with pytest.raises(ValueError, match="differ"):
            chart.set_data(["一"], [])


# --------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------


@pytest.mark.usefixtures("chinese")
def test_dashboard_shows_the_scopes_numbers_in_chinese(
    qtbot: Any, aloop: Any, make_ctx: Any
) -> None:
    ctx = make_ctx("staff", "zh_CN")
    window = _window(qtbot, ctx)
    page = window.go_to("DashboardPage")
    assert isinstance(page, DashboardPage)
    drive(aloop, page.refresh())
    settle(aloop)
    assert page.board is not None
    conn = connect_raw(ctx.store.path, readonly=True)
    try:
        expected = dashboard.load(conn, scope=ctx.user.scope, today=date.today())
    finally:
        conn.close()
    visits = expected.figure("visits")
    assert page.cards["visits"].value.text() == f"{visits.this_month:,}"
    assert page.cards["visits"].title.text() == "走访次数"
    assert "上月" in page.cards["visits"].note.text()
    assert page.overdue["households"].text() == str(expected.overdue.households)
    assert page.weeks_chart.values == [w.count for w in expected.weeks]
    assert page.weeks_chart.labels[-1] == "本周"
    assert "本月" in page.period_label.text()
    assert page.status.text() == ""
    assert ctx.stall.max_stall_ms < 1000
    window.close()


def test_dashboard_recomputes_only_after_a_change(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("worker", "en")
    window = _window(qtbot, ctx)
    page = window.go_to("DashboardPage")
    assert isinstance(page, DashboardPage)
    drive(aloop, page.refresh())
    first = page.board
    drive(aloop, page.refresh())
    assert page.board is first  # nothing changed: nothing recomputed
    ctx.bridge.data_changed.emit("visit")
    settle(aloop)
    drive(aloop, page.refresh())
    assert page.board is not first
    window.close()


# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------


def _settings_page(qtbot: Any, aloop: Any, ctx: Any) -> tuple[MainWindow, SettingsPage]:
    window = _window(qtbot, ctx)
    page = window.go_to("SettingsPage")
    assert isinstance(page, SettingsPage)
    drive(aloop, page.refresh())
    settle(aloop)
    return window, page


@pytest.mark.usefixtures("chinese")
def test_staff_change_an_interval_and_it_is_saved(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("staff", "zh_CN")
    window, page = _settings_page(qtbot, aloop, ctx)
    changed: list[str] = []
    ctx.bridge.data_changed.connect(changed.append)
    assert page.save_rules.isVisible()
    assert not page.save_rules.isEnabled()
    row = next(n for n, r in enumerate(page.rules.rules) if r.row.tag_code == "low_income")
    rule_id = page.rules.rules[row].row.id
    assert page.rules.setData(page.rules.index(row, RulesModel.INTERVAL), 14)
    assert page.save_rules.isEnabled()
    assert drive(aloop, page.save_rule_changes())
    assert "visit_rule" in changed
    assert not page.rules.has_changes()
    conn = connect_raw(ctx.store.path, readonly=True)
    try:
        days = conn.execute(
            "SELECT interval_days FROM visit_rule WHERE id = ?", (rule_id,)
        ).fetchone()[0]
        queued = conn.execute(
            "SELECT count(*) FROM outbox WHERE row_id = ?", (rule_id,)
        ).fetchone()[0]
    finally:
        conn.close()
    assert days == 14
    assert queued == 1
    window.close()


@pytest.mark.usefixtures("chinese")
def test_a_refused_save_keeps_the_edits_and_says_why(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("admin", "zh_CN")
    window, page = _settings_page(qtbot, aloop, ctx)
    row = next(n for n, r in enumerate(page.rules.rules) if r.row.has_risk)
    page.rules.setData(page.rules.index(row, RulesModel.MIN_RISK), 4)
    page.rules.setData(page.rules.index(row, RulesModel.MAX_RISK), 2)
    assert not drive(aloop, page.save_rule_changes())
    assert "风险等级" in page.rules_error.text()
    assert page.rules.failed_row == row
    assert page.rules.has_changes()  # what the user typed is still there
    assert page.rules.rules[row].row.min_risk == 4
    page.rules.setData(page.rules.index(row, RulesModel.MAX_RISK), 5)
    assert drive(aloop, page.save_rule_changes())
    assert page.rules_error.text() == ""
    window.close()


def test_a_worker_reads_rules_and_catalogues_but_cannot_edit(
    qtbot: Any, aloop: Any, make_ctx: Any
) -> None:
    ctx = make_ctx("worker", "en")
    window, page = _settings_page(qtbot, aloop, ctx)
    assert page.rules.rowCount() > 0
    assert not page.save_rules.isVisible()
    assert not page.rules.flags(page.rules.index(0, RulesModel.INTERVAL)) & (
        Qt.ItemFlag.ItemIsEditable
    )
    page.tabs.setCurrentIndex(1)
    assert page.catalog.rowCount() > 0
    assert not page.catalog.setData(page.catalog.index(0, CatalogModel.NAME), "x")
    window.close()


def test_supervisors_do_not_see_sensitive_tags_rules(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("supervisor", "en")
    window, page = _settings_page(qtbot, aloop, ctx)
    codes = {r.row.tag_code for r in page.rules.rules}
    assert "drug_user" not in codes
    assert "low_income" in codes
    window.close()


def test_staff_rename_and_switch_off_a_dispute_type(qtbot: Any, aloop: Any, make_ctx: Any) -> None:
    ctx = make_ctx("staff", "en")
    window, page = _settings_page(qtbot, aloop, ctx)
    page.tabs.setCurrentIndex(1)
    page.kind.setCurrentIndex(page.kind.findData("dispute_type"))
    drive(aloop, page.load_catalog(force=True))
    assert page.catalog.kind == "dispute_type"
    code = page.catalog.items[0].row.code
    page.catalog.setData(page.catalog.index(0, CatalogModel.NAME_EN), "Renamed")
    page.catalog.setData(
        page.catalog.index(0, CatalogModel.ACTIVE),
        Qt.CheckState.Unchecked,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert not page.kind.isEnabled()  # save or discard before switching
    page.catalog.setData(page.catalog.index(1, CatalogModel.NAME), "   ")
    assert not drive(aloop, page.save_catalog_changes())
    assert page.catalog_error.text().startswith(page.catalog.items[1].row.code)
    page.catalog.setData(page.catalog.index(1, CatalogModel.NAME), "邻里纠纷")
    assert drive(aloop, page.save_catalog_changes())
    conn = connect_raw(ctx.store.path, readonly=True)
    try:
        row = conn.execute(
            "SELECT name_en, active FROM catalog_item WHERE kind = 'dispute_type' AND code = ?",
            (code,),
        ).fetchone()
    finally:
        conn.close()
    assert tuple(row) == ("Renamed", 0)
    assert page.kind.isEnabled()
    window.close()


def test_this_computer_language_idle_lock_and_data_folder(
    qtbot: Any, aloop: Any, make_ctx: Any
) -> None:
    ctx = make_ctx("worker", "en")
    window, page = _settings_page(qtbot, aloop, ctx)
    page.tabs.setCurrentIndex(2)
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    assert read(prefs.LANGUAGE) == "zh_CN"
    assert "next time" in page.language_note.text()
    page.idle_minutes.setValue(3)
    assert read(prefs.IDLE_LOCK_MINUTES) == 3
    assert window.idle.timer.interval() == 3 * 60_000
    assert page.folder.text() == str(ctx.store.path.parent)
    assert page.db_size.text() not in ("", "…")
    window.close()
