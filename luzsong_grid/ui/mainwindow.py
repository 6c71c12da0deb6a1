"""The main window: navigation on the left, one page at a time, a status bar
with who is signed in and what waits to be synced."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from luzsong_grid import paths
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.pages.base import Page

log = logging.getLogger("luzsong_grid.ui")

# module, class: the pages in navigation order.
PAGES = (
    ("luzsong_grid.ui.pages.today", "TodayPage"),
    ("luzsong_grid.ui.pages.households", "HouseholdsPage"),
    ("luzsong_grid.ui.pages.disputes", "DisputesPage"),
    ("luzsong_grid.ui.pages.events", "EventsPage"),
    ("luzsong_grid.ui.pages.dashboard", "DashboardPage"),
    ("luzsong_grid.ui.pages.sync", "SyncPage"),
    ("luzsong_grid.ui.pages.settings", "SettingsPage"),
    ("luzsong_grid.ui.pages.audit", "AuditPage"),
)
IDLE_LOCK_MINUTES = 10


def icon(name: str) -> QIcon:
    path = paths.resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


class IdleWatcher(QObject):
    """Locks the window after a quiet spell with no keyboard or mouse input."""

    INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        }
    )

    def __init__(self, window: MainWindow, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.timeout.connect(window.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT and not self.window.locked:
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.locked = False
        self.setWindowTitle(self.tr("Lusong Grid Worker's Desk"))
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(1000, 640)
        body = QWidget(self)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget(body)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(148)
        self.stack = QStackedWidget(body)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.body = body
        self.pages: list[Page] = []
        for module_name, class_name in PAGES:
            page_class = getattr(importlib.import_module(module_name), class_name)
            if not page_class.visible_for(ctx.user):
                continue
            page: Page = page_class(ctx, self.stack)
            self.pages.append(page)
            self.stack.addWidget(page)
            QListWidgetItem(icon(page.icon_name()), page.title(), self.nav)
        self.nav.currentRowChanged.connect(self._show_page)
        self.who = QLabel(self._who_text())
        self.pending = QLabel("")
        self.statusBar().addWidget(self.who)
        self.statusBar().addPermanentWidget(self.pending)
        ctx.bridge.user_error.connect(self.show_user_error)
        ctx.bridge.crashed.connect(self.show_crash)
        ctx.bridge.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        ctx.bridge.data_changed.connect(lambda _table: ctx.spawn(self.update_pending()))
        data_menu = self.menuBar().addMenu(self.tr("Data"))
        self.export_action = data_menu.addAction(
            self.tr("Export a report or ledger to Excel…"), self.open_export
        )
        self.import_action = data_menu.addAction(
            self.tr("Import households from Excel…"), self.open_import
        )
        self.import_action.setVisible(ctx.user.can_write)  # supervisors only read
        self.excel_dialog: QDialog | None = None
        help_menu = self.menuBar().addMenu(self.tr("Help"))
        help_menu.addAction(self.tr("About"), self.show_about)
        self.idle = IdleWatcher(self, IDLE_LOCK_MINUTES)
        self._restore_geometry()
        self.nav.setCurrentRow(0)
        ctx.spawn(self.update_pending())

    def _who_text(self) -> str:
        user = self.ctx.user
        roles = {
            "worker": self.tr("grid worker"),
            "staff": self.tr("community staff"),
            "supervisor": self.tr("supervisor"),
            "admin": self.tr("administrator"),
        }
        return f"{user.display_name} · {roles.get(user.role, user.role)} · {user.scope.label}"

    def _show_page(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self.stack.setCurrentIndex(index)
            self.ctx.spawn(self.pages[index].refresh())

    def page(self, class_name: str) -> Page:
        return next(p for p in self.pages if type(p).__name__ == class_name)

    def go_to(self, class_name: str) -> Page:
        page = self.page(class_name)
        self.nav.setCurrentRow(self.pages.index(page))
        return page

    async def update_pending(self) -> None:
        count = await self.ctx.bg.read(
            lambda conn: conn.execute(
                "SELECT count(*) FROM outbox WHERE state = 'pending'"
            ).fetchone()[0]
        )
        self.pending.setText(self.tr("Not yet synced: %n change(s)", "", int(count)))

    def show_about(self) -> None:
        from luzsong_grid import __version__

        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr(
                "<b>Lusong Grid Worker's Desk</b> %1<br>"
                "For the grid workers of Lusong District, Zhuzhou.<br><br>"
                "Data folder: %2<br>Log files: %3<br>Device: %4"
            )
            .replace("%1", __version__)
            .replace("%2", str(paths.data_dir()))
            .replace("%3", str(paths.log_dir()))
            .replace("%4", self.ctx.store.device_id),
        )

    def open_export(self) -> None:
        from luzsong_grid.ui.dialogs.export import ExportDialog

        dialog = ExportDialog(self.ctx, self)
        self._open_excel_dialog(dialog, dialog.load())

    def open_import(self) -> None:
        from luzsong_grid.ui.dialogs.roster_import import RosterImportDialog

        dialog = RosterImportDialog(self.ctx, self)
        self._open_excel_dialog(dialog, dialog.load())

    def _open_excel_dialog(self, dialog: QDialog, loading: Coroutine[Any, Any, None]) -> None:
        self.excel_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "excel_dialog", None))
        dialog.open()
        self.ctx.spawn(loading)

    def show_user_error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Cannot do that"), text)

    def show_crash(self, text: str) -> None:
        log_file = paths.log_dir() / "luzsong-grid.log"
        QMessageBox.critical(
            self,
            self.tr("Something went wrong"),
            self.tr(
                "Something went wrong that should not have. Nothing you saved is lost. "
                "The details are in %1."
            ).replace("%1", str(log_file)),
        )
        log.error("crash dialog shown: %s", text)

    def lock(self) -> None:
        """Hide the data behind the sign-in dialog until the password is given again."""
        from luzsong_grid.ui.signin import SignInDialog

        if self.locked:
            return
        self.locked = True
        self.body.setVisible(False)
        dialog = SignInDialog(
            self.ctx.bg, lang=self.ctx.lang, locked_user=self.ctx.user.username, parent=self
        )
        dialog.accepted.connect(self._unlock)
        dialog.rejected.connect(self.close)
        dialog.open()
        self._lock_dialog = dialog

    def _unlock(self) -> None:
        self.locked = False
        self.body.setVisible(True)
        self.idle.timer.start()

    def _restore_geometry(self) -> None:
        state = QSettings()
        geometry = state.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 740)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)
        self.closed.emit()
