"""Import households (导入花名册): a roster workbook in two steps.

1. Check the file (a dry run, :func:`luzsong_grid.excel.roster.preview`) on a
   worker thread, with progress and Cancel: every row's verdict and reason in
   a table, the counts on top, a filter to see only the rejected rows.
2. "Import N rows" writes the accepted rows in one transaction on the
   database's writer thread (:func:`~luzsong_grid.excel.roster.apply`).

"Save error report" writes the rejected rows with their reasons under the
original headers (:func:`~luzsong_grid.excel.roster.write_error_report`), for
the office to correct and import again. A file that cannot be imported at all
(not Excel, password, open elsewhere, no header) gets the core's message and
nothing is written. Rows that name no grid go to the grid chosen here: only
grids the account may write to are offered.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.excel import roster
from luzsong_grid.excel import roster_read as rr
from luzsong_grid.excel.roster import ImportResult, RosterPlan, Verdict
from luzsong_grid.excel.roster_cli import MSG_DONE, MSG_SUMMARY, MSG_UP_TO_DATE
from luzsong_grid.i18n import UserError, translate
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.dialogs.export import PROGRESS_POLL_MS, documents_dir
from luzsong_grid.ui.models.roster import ALL, REJECTED_ONLY, RosterPreviewModel
from luzsong_grid.ui.widgets.jobs import CancellableDialog
from luzsong_grid.views.households import GridInfo, grids_in_scope

T = TypeVar("T")
#: Tables an import writes: pages showing them refresh.
WRITTEN_TABLES = ("household", "person", "person_tag", "household_tag")


class StageMeter:
    """(stage, done, total) written by a worker thread, read by a UI timer."""

    def __init__(self) -> None:
        self.value: tuple[str, int, int] = ("", 0, 0)

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.value = (stage, done, total)


def writable_grids(ctx: AppContext) -> tuple[str, ...] | None:
    """The grids the account may import into (None: every grid). Workers:
    their own grids; community staff and supervisors: their scope's;
    administrators: all."""
    user = ctx.user
    if user.role == "worker":
        return user.grids
    return user.scope.grids


class RosterImportDialog(CancellableDialog):
    imported = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grids: list[GridInfo] = []
        self.plan: RosterPlan | None = None
        self.import_result: ImportResult | None = None
        self.meter = StageMeter()
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Import households from Excel"))
        self.setMinimumSize(860, 560)

        form = QFormLayout()
        file_row = QWidget(self)
        file_line = QHBoxLayout(file_row)
        file_line.setContentsMargins(0, 0, 0, 0)
        self.path_edit = QLineEdit(file_row)
        self.path_edit.setPlaceholderText(self.tr("A roster (花名册) in .xlsx or .xls"))
        if path is not None:
            self.path_edit.setText(str(path))
        self.choose_button = QPushButton(self.tr("Choose…"), file_row)
        file_line.addWidget(self.path_edit, 1)
        file_line.addWidget(self.choose_button)
        form.addRow(self.tr("File"), file_row)
        grid_row = QWidget(self)
        grid_line = QHBoxLayout(grid_row)
        grid_line.setContentsMargins(0, 0, 0, 0)
        self.grid = QComboBox(grid_row)
        self.grid.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grid_note = QLabel(self.tr("for rows whose 所属网格 cell is empty"), grid_row)
        self.grid_note.setObjectName("note")
        grid_line.addWidget(self.grid)
        grid_line.addWidget(self.grid_note, 1)
        form.addRow(self.tr("Grid"), grid_row)

        step_row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check the file"), self)
        self.check_button.setDefault(True)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setVisible(False)
        step_row.addWidget(self.check_button)
        step_row.addWidget(self.progress, 1)
        step_row.addWidget(self.cancel_button)
        step_row.addStretch(0)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")

        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show"), self))
        self.show_filter = QComboBox(self)
        self.show_filter.addItem(self.tr("All rows"), ALL)
        self.show_filter.addItem(self.tr("Rejected rows (errors and duplicates)"), REJECTED_ONLY)
        self.show_filter.addItem(self.tr("New persons"), Verdict.NEW.value)
        self.show_filter.addItem(self.tr("Updated persons"), Verdict.UPDATE.value)
        self.show_filter.addItem(self.tr("Already registered"), Verdict.UNCHANGED.value)
        self.show_filter.addItem(self.tr("Skipped rows"), Verdict.SKIPPED.value)
        filter_row.addWidget(self.show_filter)
        filter_row.addStretch(1)

        self.model = RosterPreviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate((90, 56, 110, 90, 160)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.detail = QLabel("", self)  # the current row's whole reason
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        self.report_button = QPushButton(self.tr("Save error report…"), self)
        self.report_button.setEnabled(False)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setEnabled(False)
        # The standard Close button: Qt's own translation (关闭), not a case's 结案.
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = closing.button(QDialogButtonBox.StandardButton.Close)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(closing)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(step_row)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_POLL_MS)
        self.timer.timeout.connect(self._show_progress)
        self.choose_button.clicked.connect(self.choose_file)
        self.path_edit.textChanged.connect(self._input_changed)
        self.grid.currentIndexChanged.connect(self._input_changed)
        self.check_button.clicked.connect(lambda: ctx.spawn(self.check()))
        self.cancel_button.clicked.connect(self.cancel)
        self.import_button.clicked.connect(lambda: ctx.spawn(self.commit()))
        self.report_button.clicked.connect(self.choose_report_file)
        self.show_filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(str(self.show_filter.currentData()))
        )
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.modelReset.connect(lambda: self.detail.setText(""))
        self._update_buttons()

    # -- choices -----------------------------------------------------------------

    async def load(self, preferred: str = "") -> None:
        """The grids the account may import into (read in the background);
        ``preferred`` is selected when it is one of them."""
        self.grids = await self.ctx.bg.read(grids_in_scope, writable_grids(self.ctx))
        self.grid.blockSignals(True)
        self.grid.clear()
        if len(self.grids) != 1:
            self.grid.addItem(self.tr("(none: every row names its grid)"), "")
        for info in self.grids:
            self.grid.addItem(info.label(self.ctx.lang), info.code)
        self.grid.setEnabled(len(self.grids) > 1)
        if preferred:
            self.select_grid(preferred)
        self.grid.blockSignals(False)

    def select_grid(self, code: str) -> None:
        index = self.grid.findData(code)
        if index >= 0:
            self.grid.setCurrentIndex(index)

    def choose_file(self) -> None:
        current = self.path_edit.text().strip()
        dialog = QFileDialog(
            self,
            self.tr("Choose a roster"),
            str(Path(current).parent) if current else str(documents_dir()),
            self.tr("Excel workbooks (*.xlsx *.xls)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.file_chosen)
        self.file_dialog = dialog
        dialog.open()

    def file_chosen(self, path: str) -> None:
        if path:
            self.path_edit.setText(path)
            self.ctx.spawn(self.check())

    def _input_changed(self, *_args: Any) -> None:
        """A new file or grid: the last check no longer holds."""
        if self.plan is not None and not self.plan.applied:
            self._set_plan(None)
            self.status.setText(self.tr("Check the file again."))
        self._update_buttons()

    # -- running on other threads ---------------------------------------------------

    async def _run(self, job: Callable[[], T], *, writer: bool = False) -> T:
        """``job()`` off the UI thread, with the progress bar and Cancel shown."""
        self.cancel_event = threading.Event()
        self.meter = StageMeter()
        self._set_running(True)
        try:
            if writer:  # the database's one writer thread, so writes queue up
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self.ctx.bg.writer, job)
            return await self.ctx.bg.work(job)
        finally:
            self._set_running(False)

    def worker_progress(self, stage: str, done: int, total: int) -> None:
        """Called on the worker thread."""
        self.meter(stage, done, total)

    async def check(self) -> RosterPlan | None:
        """The dry run: every row's verdict; nothing is written."""
        if self.running:
            return None
        self.show_error("")
        self.import_result = None
        self._set_plan(None)
        text = self.path_edit.text().strip()
        if not text:
            self.show_error(self.tr("Choose the roster file first."))
            return None
        job = functools.partial(
            roster.preview,
            self.ctx.store,
            Path(text).expanduser(),
            actor=self.ctx.actor,
            grid=self.grid.currentData() or None,
            progress=self.worker_progress,
            cancel=self.cancel_event_is_set,
        )
        try:
            plan = await self._run(job)
        except UserError as exc:
            self.show_error(exc.localized(self.ctx.lang))
            return None
        self._set_plan(plan)
        return plan

    def cancel_event_is_set(self) -> bool:
        """The cancel check the core calls (on the worker thread)."""
        return self.cancel_event.is_set()

    async def commit(self) -> ImportResult | None:
        """Write the checked rows in one transaction."""
        plan = self.plan
        if self.running or plan is None or plan.applied or not plan.changes:
            return None
        self.show_error("")
        job = functools.partial(
            roster.apply,
            self.ctx.store,
            plan,
            progress=self.worker_progress,
            cancel=self.cancel_event_is_set,
        )
        try:
            result = await self._run(job, writer=True)
        except UserError as exc:
            self.show_error(exc.localized(self.ctx.lang))
            return None
        finally:
            self._update_buttons()
        self.import_result = result
        lang = self.ctx.lang
        tags = result.person_tags_new + result.household_tags_new
        self.status.setText(
            translate("core", MSG_DONE, lang).format(
                persons=result.persons_new,
                updated=result.persons_updated,
                households=result.households_new,
                tags=tags,
            )
        )
        self._update_buttons()
        for table in WRITTEN_TABLES:
            self.ctx.bridge.data_changed.emit(table)
        self.ctx.bridge.status.emit(self.status.text())
        self.imported.emit()
        return result

    def choose_report_file(self) -> None:
        if self.plan is None:
            return
        source = self.plan.path
        suggested = source.with_name(self.tr("%1_rejected_rows.xlsx").replace("%1", source.stem))
        dialog = QFileDialog(
            self,
            self.tr("Save the rejected rows as"),
            str(suggested.parent),
            self.tr("Excel workbook (*.xlsx)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(suggested.name)
        dialog.fileSelected.connect(
            lambda chosen: self.ctx.spawn(self.save_error_report(Path(chosen)))
        )
        self.file_dialog = dialog
        dialog.open()

    async def save_error_report(self, path: Path) -> int | None:
        """Write the rejected rows and their reasons to ``path``."""
        plan = self.plan
        if plan is None or self.running:
            return None
        self.show_error("")
        job = functools.partial(roster.write_error_report, plan, path, lang=self.ctx.lang)
        try:
            count = await self._run(job)
        except UserError as exc:
            self.show_error(exc.localized(self.ctx.lang))
            return None
        self.status.setText(
            self.tr("%n rejected row(s) saved with their reasons: %1", "", count).replace(
                "%1", str(path)
            )
        )
        return count

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.setText("")
            return
        item = self.model.row_at(current.row())
        reason = item.reason_text(self.ctx.lang)
        text = self.tr("Sheet “%1”, row %2: %3") if reason else self.tr("Sheet “%1”, row %2")
        self.detail.setText(
            text.replace("%1", item.sheet).replace("%2", str(item.row)).replace("%3", reason)
        )

    # -- showing -----------------------------------------------------------------------

    def _set_plan(self, plan: RosterPlan | None) -> None:
        self.plan = plan
        self.model.set_plan(plan, self.ctx.lang)
        if plan is None:
            self.summary.setText("")
            self.status.setText("")
            self._update_buttons()
            return
        self.table.setColumnHidden(RosterPreviewModel.SHEET, len(plan.sheets) < 2)
        counts = plan.counts()
        self.summary.setText(
            translate("core", MSG_SUMMARY, self.ctx.lang).format(
                file=plan.path.name,
                rows=len(plan.rows),
                households=plan.households_new,
                **counts,
            )
        )
        notes = [w.text(self.ctx.lang) for w in plan.warnings]
        if plan.sheets and all(rr.GRID in s.columns for s in plan.sheets if s.header_rows):
            notes.append(self.tr("The file names each row's grid (所属网格)."))
        if plan.accepted and not plan.changes:
            notes.append(translate("core", MSG_UP_TO_DATE, self.ctx.lang))
        self.status.setText("\n".join(notes))
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        idle = not self.running
        changes = plan.changes if plan is not None and not plan.applied else 0
        self.import_button.setEnabled(idle and changes > 0)
        if plan is not None and plan.applied:
            self.import_button.setText(self.tr("Imported"))
        elif plan is not None and not changes:
            self.import_button.setText(self.tr("Nothing to import"))
        else:
            self.import_button.setText(self.tr("Import %n row(s)", "", changes))
        self.report_button.setEnabled(idle and plan is not None and bool(plan.rejected()))
        self.check_button.setEnabled(idle)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in (self.path_edit, self.choose_button, self.grid, self.show_filter):
            widget.setEnabled(not running)
        if not running:
            self.grid.setEnabled(len(self.grids) > 1)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self._update_buttons()
        if running:
            self.progress.setRange(0, 0)
            self.timer.start()
            self._show_progress()
        else:
            self.timer.stop()
            self.job_ended()

    def _show_progress(self) -> None:
        stage, done, total = self.meter.value
        texts = {
            "read": self.tr("Reading the file…"),
            "check": self.tr("Checking the rows…"),
            "write": self.tr("Importing…"),
        }
        self.progress.setFormat(f"{texts.get(stage, self.tr('Working…'))} %p%")
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def show_stopping(self) -> None:
        self.progress.setFormat(self.tr("Stopping…"))
