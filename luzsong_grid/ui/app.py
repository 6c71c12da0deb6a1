"""Start the desktop client: language, fonts, style, sign-in, main window.

Unexpected errors never reach the user as a traceback: Qt's messages go to
the log, ``sys.excepthook`` logs and shows a calm dialog.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from luzsong_grid import paths
from luzsong_grid.i18n import UserError, current_language

if TYPE_CHECKING:
    from luzsong_grid.ui.context import AppContext

log = logging.getLogger("luzsong_grid.ui")
qt_log = logging.getLogger("luzsong_grid.qt")

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC"]

STYLE = """
QWidget { font-size: 10pt; }
QListWidget#nav { background: #1f3a5f; color: #e8eef6; border: none; padding-top: 8px; }
QListWidget#nav::item { padding: 10px 12px; }
QListWidget#nav::item:selected { background: #2f5d94; color: white; }
QLabel#heading { font-size: 15pt; font-weight: 600; margin: 4px 0 8px 0; }
QLabel#error { color: #b3261e; }
QLabel.overdue, QLabel#overdue { color: #b3261e; font-weight: 600; }
QPushButton { padding: 4px 12px; }
QTableView { gridline-color: #d8dde3; selection-background-color: #cfe0f5;
             selection-color: black; }
QHeaderView::section { background: #eef2f6; padding: 4px; border: none;
                       border-bottom: 1px solid #d8dde3; font-weight: 600; }
"""


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Our .qm and Qt's own qtbase for ``lang``; English is the source text."""
    loaded: list[QTranslator] = []
    if lang == "en":
        return loaded
    candidates = [
        (str(paths.translations_dir()), f"luzsong_grid_{lang}"),
        (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), f"qtbase_{lang}"),
    ]
    for directory, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, directory):  # Qt reports failure by return value
            app.installTranslator(translator)
            loaded.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
    return loaded


def apply_look(app: QApplication) -> None:
    """Microsoft YaHei on Windows, Noto CJK on Linux: whichever exists; one style."""
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    qt_log.log(level, "%s", message)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(
            None, QCoreApplication.translate("app", "Cannot do that"), exc.localized()
        )
        return
    log.critical("unexpected error", exc_info=(kind, exc, tb))
    QMessageBox.critical(
        None,
        QCoreApplication.translate("app", "Something went wrong"),
        QCoreApplication.translate(
            "app",
            "Something went wrong that should not have. Nothing you saved is lost. "
            "The details are in %1.",
        ).replace("%1", str(paths.log_dir() / "luzsong-grid.log")),
    )


class GarbageCollector(QObject):
    """Python's cyclic garbage collection, only ever on the UI thread.

    Left automatic, a collection can start on a worker thread and destroy a
    Qt object there, which Qt does not allow. So automatic collection is off
    and a timer collects here (young objects often, everything now and then).
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._collect)
        self._timer.start()

    def _collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % 60 == 0 else 0)


def run() -> int:
    import qasync

    from luzsong_grid.ui.context import AppContext, Bridge
    from luzsong_grid.ui.mainwindow import MainWindow
    from luzsong_grid.ui.signin import SignInDialog
    from luzsong_grid.ui.tasks import Background, PendingStore, StallMonitor, warm_up

    qInstallMessageHandler(_qt_message)
    QCoreApplication.setOrganizationName("luzsong-grid")
    QCoreApplication.setApplicationName("luzsong-grid")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    # The wizard and the sign-in window close before the main window opens:
    # the app ends when the main window closes, not when any last window does.
    app.setQuitOnLastWindowClosed(False)
    from luzsong_grid import settings as prefs
    from luzsong_grid.ui.firstrun import FirstRunWizard, needs_first_run
    from luzsong_grid.ui.models.settings import read as read_setting
    from luzsong_grid.ui.models.settings import write as write_setting

    # LUZSONG_GRID_LANG (or --lang) wins for one run; else this machine's choice.
    lang = (
        current_language() if os.environ.get("LUZSONG_GRID_LANG") else read_setting(prefs.LANGUAGE)
    )
    os.environ["LUZSONG_GRID_LANG"] = lang  # core messages follow the same choice
    QLocale.setDefault(QLocale(lang))
    apply_look(app)
    translators = install_translators(app, lang)
    sys.excepthook = _excepthook
    GarbageCollector(app)  # parented to the app: lives as long as it
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    opener = ThreadPoolExecutor(max_workers=1, thread_name_prefix="open")
    with loop:
        if needs_first_run(paths.database_path()):
            wizard = FirstRunWizard(paths.database_path())
            finished = asyncio.Event()
            wizard.finished.connect(lambda _result: finished.set())
            wizard.show()
            loop.run_until_complete(finished.wait())
            if wizard.result() != FirstRunWizard.DialogCode.Accepted:
                return 0
            if wizard.language() != lang:
                lang = write_setting(prefs.LANGUAGE, wizard.language())
                os.environ["LUZSONG_GRID_LANG"] = lang
                for translator in translators:
                    app.removeTranslator(translator)
                translators = install_translators(app, lang)
        # The window comes first. The database is encrypted: it opens (and
        # migrates) once a password unlocks its key; meanwhile the modules
        # that takes are loaded off the UI thread.
        pending = PendingStore(paths.database_path(), loop.run_in_executor(opener, warm_up))
        dialog = SignInDialog(pending, lang=lang)
        answered = asyncio.Event()
        dialog.finished.connect(lambda _result: answered.set())
        dialog.show()
        QTimer.singleShot(0, lambda: log.info("sign-in window shown (language %s)", lang))
        loop.run_until_complete(answered.wait())
        opener.shutdown(wait=True)
        if dialog.user is None:
            if pending.store is not None:
                pending.store.close()
            return 0
        store = pending.store
        assert store is not None  # signing in needed it
        bg = Background(store)
        chosen = dialog.chosen_language()
        if chosen != lang:  # switch language for the session
            os.environ["LUZSONG_GRID_LANG"] = chosen  # core messages follow
            for translator in translators:
                app.removeTranslator(translator)
            translators = install_translators(app, chosen)
            lang = chosen
        stall = StallMonitor()
        ctx = AppContext(
            store=store, user=dialog.user, bg=bg, bridge=Bridge(), stall=stall, lang=lang
        )
        window = MainWindow(ctx)
        window.idle.timer.setInterval(read_setting(prefs.IDLE_LOCK_MINUTES) * 60_000)
        window.idle.timer.start()
        window.show()
        ctx.spawn(_daily_backup(ctx))
        stall.start()
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        loop.run_until_complete(closed.wait())
        ctx.tasks.cancel_all()
    bg.shutdown()
    store.close()
    return 0


async def _daily_backup(ctx: AppContext) -> None:
    """Today's and this week's backup, off the UI thread, once the window is up."""
    from luzsong_grid.store.backup import auto_backup

    written = await ctx.bg.work(auto_backup, ctx.store.path)
    if written:
        log.info("automatic backup: %s", ", ".join(str(p) for p in written))
