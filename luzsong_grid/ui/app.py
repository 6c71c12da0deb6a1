"""The desktop shell: a window that opens the local database off the UI
thread and says plainly that the full client is still to come."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from luzsong_grid import paths
from luzsong_grid.i18n import current_language

# The one thread that touches SQLite for writes; reads may share it for now.
DB_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC"]


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Our .qm and Qt's own qtbase for ``lang``; English is the source text."""
    loaded: list[QTranslator] = []
    if lang == "en":
        return loaded
    candidates = [
        (paths.translations_dir(), f"luzsong_grid_{lang}"),
        (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), f"qtbase_{lang}"),
    ]
    for directory, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(directory)):  # Qt reports failure by return value
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def apply_font(app: QApplication) -> None:
    """Microsoft YaHei on Windows, Noto CJK on Linux: whichever exists."""
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)


def _counts() -> dict[str, Any]:
    from luzsong_grid.store.db import open_store

    store = open_store()
    try:
        with store.engine.connect() as conn:
            return {
                table: conn.exec_driver_sql(
                    f"SELECT count(*) FROM {table} WHERE deleted = 0"
                ).scalar()
                for table in ("street", "community", "grid", "household", "person")
            }
    finally:
        store.close()


class ShellWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Lusong Grid Worker's Desk"))
        self.resize(760, 420)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(self.tr("Lusong District grid work"), body)
        title.setStyleSheet("font-size: 22px; font-weight: 600;")
        note = QLabel(
            self.tr(
                "This is the application shell. The core (households, visits, disputes, "
                "events, services, search and reports) works from the command line today; "
                "the full desktop client comes next."
            ),
            body,
        )
        note.setWordWrap(True)
        self.status = QLabel(self.tr("Opening the database…"), body)
        self.status.setWordWrap(True)
        folder = QLabel(self.tr("Data folder: %1").replace("%1", str(paths.data_dir())), body)
        folder.setWordWrap(True)
        for widget in (title, note, folder, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setCentralWidget(body)

    def show_counts(self, counts: dict[str, Any]) -> None:
        self.status.setText(
            self.tr("%1 streets/town, %2 communities, %3 grids, %4 households, %5 persons.")
            .replace("%1", str(counts["street"]))
            .replace("%2", str(counts["community"]))
            .replace("%3", str(counts["grid"]))
            .replace("%4", str(counts["household"]))
            .replace("%5", str(counts["person"]))
        )

    def show_error(self, text: str) -> None:
        self.status.setText(text)


async def load_counts(window: ShellWindow) -> None:
    from luzsong_grid.i18n import UserError

    loop = asyncio.get_running_loop()
    try:
        counts = await loop.run_in_executor(DB_EXECUTOR, _counts)
    except UserError as exc:
        window.show_error(exc.localized())
        return
    window.show_counts(counts)


def run() -> int:
    import qasync

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    lang = current_language()
    QLocale.setDefault(QLocale(lang))
    apply_font(app)
    install_translators(app, lang)
    window = ShellWindow()
    window.show()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        task = loop.create_task(load_counts(window))
        app.aboutToQuit.connect(lambda: task.cancel())
        loop.run_until_complete(_until_closed(app))
    return 0


async def _until_closed(app: QApplication) -> None:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    await closed.wait()
