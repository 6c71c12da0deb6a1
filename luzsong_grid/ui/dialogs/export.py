"""Export to Excel (导出): the work report of a month, quarter or year, or a
ledger (visits, disputes, services, events) of a date range, for a scope
the signed-in account may see.

The places offered are the account's report scope and what lies inside it
(a worker: their grids; community staff: their community and its grids; a
street supervisor: the street, its communities and grids; the district:
everything). Full ID and phone numbers are offered only to the roles the
core allows (:mod:`luzsong_grid.excel.access`), off by default, and the core
checks and audits them again. The file is written on a worker thread, with a
progress bar and a Cancel that stops it; the core writes beside the target
and moves the file into place, so a cancelled or failed export leaves no
half-written file.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.excel import desktop
from luzsong_grid.excel.access import UNMASK_ROLES
from luzsong_grid.excel.desktop import GridPlace, Place
from luzsong_grid.excel.export_cli import MSG_BAD_RANGE
from luzsong_grid.i18n import UserError
from luzsong_grid.reports import period as periods
from luzsong_grid.reports.period import Period
from luzsong_grid.reports.scope import DISTRICT_NAME, DISTRICT_NAME_EN, Scope
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.widgets.jobs import CancellableDialog

log = logging.getLogger("luzsong_grid.ui")

REPORT = "report"
PROGRESS_POLL_MS = 100


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def last_complete_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def documents_dir() -> Path:
    """The user's Documents folder (the home folder when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class ProgressMeter:
    """Progress written by the worker thread and read by a timer on the UI
    thread (an assignment of a tuple is atomic: no lock needed)."""

    def __init__(self) -> None:
        self.value: tuple[int, int] = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.value = (done, total)


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ExportDialog(CancellableDialog):
    """Choose what, when and where; export; open the folder."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.places: list[GridPlace] = []
        self.meter = ProgressMeter()
        self.saved_path: Path | None = None
        self.folder_url: QUrl | None = None
        self._confirmed_path: Path | None = None  # an existing file the user agreed to replace
        self._auto_name = ""  # the suggested name last put in the path field
        self.file_dialog: QFileDialog | None = None
        user = ctx.user
        self.setWindowTitle(self.tr("Export to Excel"))
        self.setMinimumWidth(680)

        self.form = QFormLayout()
        self.what = QComboBox(self)
        self.what.addItem(self.tr("Work report (month, quarter or year)"), REPORT)
        self.what.addItem(self.tr("Visit ledger"), "visits")
        self.what.addItem(self.tr("Dispute ledger"), "disputes")
        self.what.addItem(self.tr("Service ledger"), "services")
        self.what.addItem(self.tr("Event ledger"), "events")
        self.form.addRow(self.tr("Export"), self.what)

        # Period of a report: month, quarter or year.
        first, _last = last_complete_month(self.today)
        self.period_row = QWidget(self)
        period_line = QHBoxLayout(self.period_row)
        period_line.setContentsMargins(0, 0, 0, 0)
        self.period_kind = QComboBox(self.period_row)
        self.period_kind.addItem(self.tr("Month"), "month")
        self.period_kind.addItem(self.tr("Quarter"), "quarter")
        self.period_kind.addItem(self.tr("Year"), "year")
        self.year = QSpinBox(self.period_row)
        self.year.setRange(2000, max(self.today.year, 2000))
        self.year.setValue(first.year)
        self.year.setSuffix(self.tr(" (year)"))
        self.month = QComboBox(self.period_row)
        locale = QLocale(ctx.lang)
        for m in range(1, 13):
            self.month.addItem(locale.monthName(m, QLocale.FormatType.LongFormat), m)
        self.month.setCurrentIndex(first.month - 1)
        self.quarter = QComboBox(self.period_row)
        for q, text in enumerate(
            (
                self.tr("Q1 (January to March)"),
                self.tr("Q2 (April to June)"),
                self.tr("Q3 (July to September)"),
                self.tr("Q4 (October to December)"),
            ),
            1,
        ):
            self.quarter.addItem(text, q)
        self.quarter.setCurrentIndex((first.month - 1) // 3)
        for widget in (self.period_kind, self.year, self.month, self.quarter):
            period_line.addWidget(widget)
        period_line.addStretch(1)
        self.form.addRow(self.tr("Period"), self.period_row)

        # Date range of a ledger.
        start, end = last_complete_month(self.today)
        self.dates_row = QWidget(self)
        dates_line = QHBoxLayout(self.dates_row)
        dates_line.setContentsMargins(0, 0, 0, 0)
        self.start = date_edit(start)
        self.end = date_edit(end)
        dates_line.addWidget(self.start)
        dates_line.addWidget(QLabel(self.tr("to"), self.dates_row))
        dates_line.addWidget(self.end)
        dates_line.addStretch(1)
        self.form.addRow(self.tr("From"), self.dates_row)

        # Scope: street → community → grid, within what the account sees.
        self.street = QComboBox(self)
        self.community = QComboBox(self)
        self.grid = QComboBox(self)
        for combo in (self.street, self.community, self.grid):
            combo.setMinimumContentsLength(16)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.form.addRow(self.tr("Street / town"), self.street)
        self.form.addRow(self.tr("Community / village"), self.community)
        self.form.addRow(self.tr("Grid"), self.grid)

        self.unmasked = QCheckBox(self.tr("Show full ID and phone numbers"), self)
        self.unmasked.setToolTip(
            self.tr(
                "Off: ID and phone numbers are masked. On: the file holds full numbers; "
                "the export is recorded in the audit log. Keep such a file safe and delete it "
                "after use."
            )
        )
        self.may_unmask = user.role in UNMASK_ROLES
        self.form.addRow("", self.unmasked)

        path_row = QWidget(self)
        path_line = QHBoxLayout(path_row)
        path_line.setContentsMargins(0, 0, 0, 0)
        self.path_edit = QLineEdit(path_row)
        self.path_edit.setMinimumWidth(360)
        self.choose_button = QPushButton(self.tr("Choose…"), path_row)
        path_line.addWidget(self.path_edit, 1)
        path_line.addWidget(self.choose_button)
        self.form.addRow(self.tr("Save as"), path_row)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel export"), self)
        self.cancel_button.setVisible(False)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        result_row = QHBoxLayout()
        self.result_label = QLabel("", self)
        self.result_label.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("Open folder"), self)
        self.open_folder_button.setVisible(False)
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.open_folder_button)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setDefault(True)
        # The standard Close button: Qt's own translation (关闭), not a case's 结案.
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = closing.button(QDialogButtonBox.StandardButton.Close)
        buttons.addWidget(self.export_button)
        buttons.addWidget(closing)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(result_row)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_POLL_MS)
        self.timer.timeout.connect(self._show_progress)

        self.what.currentIndexChanged.connect(self._what_changed)
        self.period_kind.currentIndexChanged.connect(self._period_kind_changed)
        for combo in (self.month, self.quarter):
            combo.currentIndexChanged.connect(self._suggest_name)
        self.year.valueChanged.connect(self._suggest_name)
        self.start.dateChanged.connect(self._suggest_name)
        self.end.dateChanged.connect(self._suggest_name)
        self.street.currentIndexChanged.connect(self._street_changed)
        self.community.currentIndexChanged.connect(self._community_changed)
        self.grid.currentIndexChanged.connect(self._suggest_name)
        self.choose_button.clicked.connect(self.choose_file)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.export_button.clicked.connect(lambda: ctx.spawn(self.export()))
        self.close_button.clicked.connect(self.reject)
        self._what_changed()
        self._period_kind_changed()

    # -- choices ---------------------------------------------------------------

    async def load(self) -> None:
        """The places the account may export (read in the background)."""
        self.places = await self.ctx.bg.read(desktop.visible_places, self.ctx.user.scope.grids)
        self._fill_streets()

    @property
    def kind(self) -> str:
        return str(self.what.currentData())

    def _what_changed(self, *_args: Any) -> None:
        report = self.kind == REPORT
        self.form.setRowVisible(self.period_row, report)
        self.form.setRowVisible(self.dates_row, not report)
        self.form.setRowVisible(self.unmasked, self.may_unmask and not report)
        self._suggest_name()

    def _period_kind_changed(self, *_args: Any) -> None:
        kind = self.period_kind.currentData()
        self.month.setVisible(kind == "month")
        self.quarter.setVisible(kind == "quarter")
        self._suggest_name()

    def _user_kind(self) -> str:
        return self.ctx.user.scope.kind

    def _fill(self, combo: QComboBox, entries: list[tuple[str, str]]) -> None:
        combo.blockSignals(True)
        combo.clear()
        for label, code in entries:
            combo.addItem(label, code)
        combo.setCurrentIndex(0)
        combo.setEnabled(len(entries) > 1)
        combo.blockSignals(False)

    def _unique(self, places: list[Place]) -> list[Place]:
        seen: dict[str, Place] = {}
        for place in places:
            seen.setdefault(place.code, place)
        return list(seen.values())

    def _fill_streets(self) -> None:
        lang = self.ctx.lang
        entries: list[tuple[str, str]] = []
        if self._user_kind() == "district":
            entries.append((self.tr("Whole district (%1)").replace("%1", self._district()), ""))
        for street in self._unique([p.street for p in self.places]):
            entries.append((street.label(lang), street.code))
        self._fill(self.street, entries)
        self._street_changed()

    def _street_changed(self, *_args: Any) -> None:
        lang = self.ctx.lang
        street = self.street.currentData() or ""
        if not street:
            self._fill(self.community, [(self.tr("All"), "")])
        else:
            entries: list[tuple[str, str]] = []
            if self._user_kind() in ("district", "street"):
                entries.append((self.tr("All communities of the street"), ""))
            inside = [p.community for p in self.places if p.street.code == street]
            entries += [(c.label(lang), c.code) for c in self._unique(inside)]
            self._fill(self.community, entries)
        self._community_changed()

    def _community_changed(self, *_args: Any) -> None:
        lang = self.ctx.lang
        community = self.community.currentData() or ""
        if not community:
            self._fill(self.grid, [(self.tr("All"), "")])
        else:
            grids = [p for p in self.places if p.community.code == community]
            entries: list[tuple[str, str]] = []
            if self._user_kind() != "grid" or len(grids) > 1:
                label = (
                    self.tr("All my grids")
                    if self._user_kind() == "grid"
                    else self.tr("All grids of the community")
                )
                entries.append((label, ""))
            entries += [(g.label(lang), g.code) for g in grids]
            self._fill(self.grid, entries)
        self._suggest_name()

    def _district(self) -> str:
        return DISTRICT_NAME_EN if self.ctx.lang == "en" else DISTRICT_NAME

    def scope(self) -> Scope:
        """The scope chosen (never wider than the account's)."""
        user_scope = self.ctx.user.scope
        street = self.street.currentData() or ""
        community = self.community.currentData() or ""
        grid = self.grid.currentData() or ""
        if grid:
            place = next(p for p in self.places if p.code == grid)
            return Scope("grid", grid, place.name, (grid,))
        if community:
            codes = tuple(p.code for p in self.places if p.community.code == community)
            if user_scope.kind == "grid" and set(codes) == set(user_scope.grids or ()):
                return user_scope
            found = next(p.community for p in self.places if p.community.code == community)
            return Scope("community", community, found.name, codes)
        if street:
            codes = tuple(p.code for p in self.places if p.street.code == street)
            found = next(p.street for p in self.places if p.street.code == street)
            return Scope("street", street, found.name, codes)
        return user_scope

    def scope_title(self, scope: Scope) -> str:
        """The scope's name in the dialog's language (for the file name)."""
        lang = self.ctx.lang
        if scope.kind == "district":
            return self._district()
        if scope.kind == "grid" and scope.grids == (scope.code,):
            found: list[Place] = [p for p in self.places if p.code == scope.code]
        elif scope.kind == "community":
            found = [p.community for p in self.places if p.community.code == scope.code]
        elif scope.kind == "street":
            found = [p.street for p in self.places if p.street.code == scope.code]
        else:  # a worker's several grids
            found = []
        return found[0].label(lang) if found else scope.name

    def period(self) -> Period:
        y = self.year.value()
        kind = self.period_kind.currentData()
        if kind == "quarter":
            return periods.quarter(y, int(self.quarter.currentData()))
        if kind == "year":
            return periods.year(y)
        return periods.month(y, int(self.month.currentData()))

    def suggested_name(self) -> str:
        if not self.places:
            return ""
        scope = self.scope()
        title = self.scope_title(scope)
        if self.kind == REPORT:
            return desktop.report_file_name(title, self.period(), self.ctx.lang)
        return desktop.ledger_file_name(
            title, self.kind, pydate(self.start.date()), pydate(self.end.date()), self.ctx.lang
        )

    def _suggest_name(self, *_args: Any) -> None:
        """Put the suggested file name in the path field, unless the user
        typed or chose a name of their own."""
        name = self.suggested_name()
        if not name:
            return
        current = self.path_edit.text().strip()
        if current and self._auto_name and Path(current).name != self._auto_name:
            return  # the user's own name
        folder = Path(current).parent if current else documents_dir()
        self._auto_name = name
        self.path_edit.setText(str(folder / name))

    def choose_file(self) -> None:
        current = self.path_edit.text().strip()
        dialog = QFileDialog(
            self,
            self.tr("Save the Excel file as"),
            str(Path(current).parent) if current else str(documents_dir()),
            self.tr("Excel workbook (*.xlsx)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("xlsx")
        if current:
            dialog.selectFile(Path(current).name)
        dialog.fileSelected.connect(self.file_chosen)
        self.file_dialog = dialog
        dialog.open()

    def file_chosen(self, path: str) -> None:
        if not path:
            return
        self.path_edit.setText(path)
        self._auto_name = Path(path).name
        self._confirmed_path = Path(path)  # the file dialog asked about replacing it

    # -- exporting ---------------------------------------------------------------

    def target(self) -> Path | None:
        """The file to write, or None (with a message) if it cannot be used yet."""
        text = self.path_edit.text().strip()
        if not text:
            self.show_error(self.tr("Choose where to save the file."))
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
            self.path_edit.setText(str(path))
        if path.is_file() and path != self._confirmed_path:
            self._confirmed_path = path
            self.show_error(
                self.tr("%1 already exists. Click Export again to replace it.").replace(
                    "%1", str(path)
                )
            )
            return None
        return path

    def worker_progress(self, done: int, total: int) -> None:
        """Called on the worker thread."""
        self.meter(done, total)

    async def export(self) -> Path | None:
        """Write the chosen file; returns its path, or None when it was not
        written (the dialog says why)."""
        if self.running or not self.places:
            return None
        self.show_error("")
        self.result_label.setText("")
        self.open_folder_button.setVisible(False)
        kind = self.kind
        start, end = pydate(self.start.date()), pydate(self.end.date())
        if kind != REPORT and start > end:
            self.show_error(UserError(MSG_BAD_RANGE, start=start, end=end).localized(self.ctx.lang))
            return None
        target = self.target()
        if target is None:
            return None
        scope = self.scope()
        user = self.ctx.user
        self.cancel_event = threading.Event()
        self.meter = ProgressMeter()
        job: Any
        if kind == REPORT:
            job = functools.partial(
                desktop.export_report,
                self.ctx.store.path,
                target,
                scope=scope,
                period=self.period(),
                made_by=user.display_name,
                lang=self.ctx.lang,
                progress=self.worker_progress,
                cancel=self.cancel_event.is_set,
            )
        else:
            job = functools.partial(
                desktop.export_ledger,
                self.ctx.store.path,
                target,
                kind,
                scope=scope,
                start=start,
                end=end,
                username=user.username,
                made_by=user.display_name,
                lang=self.ctx.lang,
                unmasked=self.may_unmask and self.unmasked.isChecked(),
                progress=self.worker_progress,
                cancel=self.cancel_event.is_set,
            )
        self._set_running(True)
        try:
            outcome = await self.ctx.bg.work(job)
        except UserError as exc:
            self.show_error(exc.localized(self.ctx.lang))
            return None
        finally:
            self._set_running(False)
        self._confirmed_path = None
        self._show_saved(kind, outcome)
        return target

    def _show_saved(self, kind: str, outcome: tuple[Any, ...]) -> None:
        path = Path(outcome[0])
        self.saved_path = path
        if kind == REPORT:
            if outcome[2]:
                text = self.tr("Nil report saved (nothing was recorded in the period): %1")
            else:
                text = self.tr("Report saved (%n grid(s)): %1", "", int(outcome[1]))
        else:
            text = self.tr("Ledger saved (%n record(s)): %1", "", int(outcome[1]))
        self.result_label.setText(text.replace("%1", str(path)))
        self.folder_url = QUrl.fromLocalFile(str(path.parent))
        self.open_folder_button.setVisible(True)
        self.ctx.bridge.status.emit(self.result_label.text())

    def open_folder(self) -> None:
        if self.folder_url is not None:
            QDesktopServices.openUrl(self.folder_url)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in (
            self.what,
            self.period_row,
            self.dates_row,
            self.street,
            self.community,
            self.grid,
            self.unmasked,
            self.path_edit,
            self.choose_button,
            self.export_button,
        ):
            widget.setEnabled(not running)
        if not running:
            # Restore which scope levels offer a choice.
            for combo in (self.street, self.community, self.grid):
                combo.setEnabled(combo.count() > 1)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the first report
            self.status.setText(self.tr("Exporting…"))
            self.timer.start()
        else:
            self.timer.stop()
            self.status.setText("")
            self.job_ended()

    def _show_progress(self) -> None:
        done, total = self.meter.value
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def show_stopping(self) -> None:
        """The core removes the unfinished file."""
        self.status.setText(self.tr("Stopping…"))
