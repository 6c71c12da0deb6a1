"""Dialogs of the Disputes page: accept a new dispute (with its parties),
move one along its workflow (resolving asks for the method and agreement),
schedule and record follow-up visits (回访).

Every dialog validates before it saves and shows a message next to the
field it is about (``FieldError.field``); a failed save keeps what the user
typed. Saving is a coroutine (``save()``) started with ``ctx.spawn``; the
dialogs are shown with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from luzsong_grid.domain import validation, workflow
from luzsong_grid.i18n import FieldError, UserError
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.views.disputes import Choice, DisputeCatalog, DisputeDetail, FollowupRow

BAD_CELL = "#fbe3e1"


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(qdate(value or date.today()))
    return edit


def fill_combo(combo: QComboBox, choices: list[Choice] | tuple[Choice, ...]) -> None:
    for choice in choices:
        combo.addItem(choice.name, choice.code)


def combo_code(combo: QComboBox) -> str:
    data = combo.currentData()
    return str(data) if data is not None else ""


def select_code(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    if index >= 0:
        combo.setCurrentIndex(index)


class FormDialog(QDialog):
    """A form whose fields can each show an error message beneath them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(self.form)
        self.errors: dict[str, QLabel] = {}
        self.error = QLabel("")  # a message about no one field
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(lambda: self.ctx.spawn(self.save()))
        self.buttons.rejected.connect(self.reject)
        self.saving = False
        self.saved_id = ""  # a new record's id, once saved
        self.width_hint = 520

    def finish_layout(self) -> None:
        self.outer.addWidget(self.error)
        self.outer.addWidget(self.buttons)
        self.resize(self.width_hint, self.sizeHint().height())

    def add_field(self, label: str, widget: QWidget, *fields: str) -> QWidget:
        """A form row: ``widget`` with an error line under it for ``fields``."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = QLabel("")
        message.setObjectName("error")
        message.setWordWrap(True)
        message.hide()
        column.addWidget(message)
        for field in fields:
            self.errors[field] = message
        self.form.addRow(label, box)
        return box

    def clear_errors(self) -> None:
        for label in [*self.errors.values(), self.error]:
            label.clear()
            label.hide()

    def show_error(self, field: str, text: str) -> None:
        label = self.errors.get(field)
        if label is None:
            label = self.errors.get(field.split(".")[0], self.error)
        label.setText(text)
        label.show()

    def field_error(self, field: str) -> str:
        """The message shown next to ``field`` (tests and screen readers)."""
        label = self.errors.get(field)
        return label.text() if label is not None else ""

    async def write(self, job: Callable[[Session], Any]) -> Any | None:
        """Run ``job`` in one transaction; a FieldError lands next to its field.
        Returns the job's result, or None when it failed (nothing was saved)."""
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        try:
            return await self.ctx.bg.write(job, actor=self.ctx.actor)
        except FieldError as exc:
            self.show_error(exc.field, exc.localized(self.ctx.lang))
        except UserError as exc:
            self.error.setText(exc.localized(self.ctx.lang))
            self.error.show()
        finally:
            save.setEnabled(True)
        return None

    async def save(self) -> bool:
        """Check and save the form (once at a time); True when it closed."""
        if self.saving:
            return False
        self.saving = True
        try:
            self.clear_errors()
            return await self.submit()
        finally:
            self.saving = False

    async def submit(self) -> bool:
        """Check the fields and :meth:`commit` (errors cleared already)."""
        raise NotImplementedError

    async def commit(self, job: Callable[[Session], Any], table: str, *, new: bool = False) -> bool:
        """Write ``job``; on success tell the pages ``table`` changed and close.
        ``new``: the job made a record; its id (the job's result) becomes
        ``saved_id`` so the page can select it."""
        result = await self.write(job)
        if result is None:
            return False
        if new:
            self.saved_id = str(result)
        self.ctx.bridge.data_changed.emit(table)
        self.accept()
        return True


# --------------------------------------------------------------------------
# A new dispute
# --------------------------------------------------------------------------

NAME, ID_NUMBER, PHONE, ROLE = range(4)


class NewDisputeDialog(FormDialog):
    """Accept a dispute into the ledger (受理), with its parties."""

    def __init__(
        self,
        ctx: AppContext,
        catalog: DisputeCatalog,
        grids: list[Choice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.catalog = catalog
        self.setWindowTitle(self.tr("New dispute"))
        self.width_hint = 760
        self.grid = QComboBox()
        fill_combo(self.grid, grids)
        self.grid.setEnabled(len(grids) > 1)
        self.add_field(self.tr("Grid"), self.grid, "grid_code")
        self.type = QComboBox()
        fill_combo(self.type, catalog.types)
        self.add_field(self.tr("Type"), self.type, "type_code")
        self.source = QComboBox()
        fill_combo(self.source, catalog.sources)
        self.add_field(self.tr("Source"), self.source, "source_code")
        self.found_on = date_edit()
        self.accepted_on = date_edit()
        self.deadline = QLabel("")
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Found on")))
        row.addWidget(self.found_on)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Accepted on")))
        row.addWidget(self.accepted_on)
        row.addSpacing(12)
        row.addWidget(self.deadline, 1)
        self.add_field(self.tr("Dates"), dates, "found_on", "accepted_on")
        self.accepted_on.dateChanged.connect(self._show_deadline)
        self._show_deadline()
        self.place = QLineEdit()
        self.add_field(self.tr("Place"), self.place, "place")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("Who, what happened, what each side wants"))
        self.summary.setFixedHeight(72)
        self.add_field(self.tr("Summary"), self.summary, "summary")
        numbers = QWidget()
        row = QHBoxLayout(numbers)
        row.setContentsMargins(0, 0, 0, 0)
        self.people = QSpinBox()
        self.people.setRange(0, 9999)
        self.amount = QDoubleSpinBox()
        self.amount.setRange(0, 1e10)
        self.amount.setDecimals(2)
        self.amount.setSuffix(" " + self.tr("yuan"))
        self.major = QCheckBox(self.tr("Major dispute"))
        row.addWidget(QLabel(self.tr("People involved")))
        row.addWidget(self.people)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Amount involved")))
        row.addWidget(self.amount)
        row.addSpacing(12)
        row.addWidget(self.major)
        row.addStretch(1)
        self.add_field(self.tr("Scale"), numbers, "people_involved", "amount")
        self.department = QLineEdit()
        self.person = QLineEdit()
        responsible = QWidget()
        row = QHBoxLayout(responsible)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.department, 2)
        row.addWidget(self.person, 1)
        self.department.setPlaceholderText(self.tr("Department"))
        self.person.setPlaceholderText(self.tr("Person"))
        self.add_field(
            self.tr("Responsible"), responsible, "responsible_department", "responsible_person"
        )
        self.parties = QTableWidget(0, 4)
        self.parties.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("ID number"), self.tr("Phone"), self.tr("Role")]
        )
        header = self.parties.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.parties.verticalHeader().setVisible(False)
        self.parties.setMinimumHeight(130)
        self.parties.itemChanged.connect(self._check_cell)
        party_box = QWidget()
        column = QVBoxLayout(party_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.parties)
        row = QHBoxLayout()
        self.add_party_button = QPushButton(self.tr("Add a party"))
        self.remove_party_button = QPushButton(self.tr("Remove the selected party"))
        self.add_party_button.clicked.connect(lambda: self.add_party())
        self.remove_party_button.clicked.connect(self._remove_party)
        row.addWidget(self.add_party_button)
        row.addWidget(self.remove_party_button)
        row.addStretch(1)
        column.addLayout(row)
        self.add_field(
            self.tr("Parties"),
            party_box,
            "parties",
            "parties.name",
            "parties.id_number",
            "parties.phone",
            "parties.role",
        )
        self.add_party(role="applicant")
        self.add_party(role="respondent")
        self.finish_layout()

    def _show_deadline(self) -> None:
        deadline = workflow.dispute_deadline(pydate(self.accepted_on.date()))
        self.deadline.setText(self.tr("Deadline: %1").replace("%1", deadline.isoformat()))

    def add_party(
        self, name: str = "", id_number: str = "", phone: str = "", role: str = ""
    ) -> int:
        row = self.parties.rowCount()
        self.parties.insertRow(row)
        for column, text in ((NAME, name), (ID_NUMBER, id_number), (PHONE, phone)):
            self.parties.setItem(row, column, QTableWidgetItem(text))
        combo = QComboBox()
        combo.addItem("", "")
        fill_combo(combo, self.catalog.roles)
        select_code(combo, role)
        self.parties.setCellWidget(row, ROLE, combo)
        return row

    def _remove_party(self) -> None:
        row = self.parties.currentRow()
        if row >= 0:
            self.parties.removeRow(row)

    def set_party(self, row: int, column: int, text: str) -> None:
        item = self.parties.item(row, column)
        if item is None:
            self.parties.setItem(row, column, QTableWidgetItem(text))
        else:
            item.setText(text)

    def _cell(self, row: int, column: int) -> str:
        item = self.parties.item(row, column)
        return item.text().strip() if item is not None else ""

    def _cell_error(self, row: int, column: int) -> str:
        """What is wrong with one ID or phone cell, or ""."""
        text = self._cell(row, column)
        if not text:
            return ""
        try:
            if column == ID_NUMBER:
                validation.parse_resident_id(text)
            elif column == PHONE:
                validation.validate_phone(text)
        except UserError as exc:
            return exc.localized(self.ctx.lang)
        return ""

    def _check_cell(self, item: QTableWidgetItem) -> None:
        if item.column() not in (ID_NUMBER, PHONE):
            return
        message = self._cell_error(item.row(), item.column())
        self.parties.blockSignals(True)
        item.setBackground(QBrush(QColor(BAD_CELL)) if message else QBrush())
        item.setToolTip(message)
        self.parties.blockSignals(False)
        field = "parties.id_number" if item.column() == ID_NUMBER else "parties.phone"
        if message:
            self.show_error(field, self._party_message(item.row(), message))
        else:
            label = self.errors[field]
            label.clear()
            label.hide()

    def _party_message(self, row: int, message: str) -> str:
        return self.tr("Party %1: %2").replace("%1", str(row + 1)).replace("%2", message)

    def party_data(self) -> tuple[list[services.PartyIn], dict[str, str]]:
        """The parties typed in (empty rows skipped) and what is wrong with them."""
        parties: list[services.PartyIn] = []
        problems: dict[str, str] = {}
        for row in range(self.parties.rowCount()):
            name, id_number, phone = (self._cell(row, c) for c in (NAME, ID_NUMBER, PHONE))
            combo = self.parties.cellWidget(row, ROLE)
            role = combo_code(combo) if isinstance(combo, QComboBox) else ""
            if not (name or id_number or phone):
                continue
            if not name:
                problems.setdefault(
                    "parties.name",
                    self._party_message(row, self.tr("Enter the party's name.")),
                )
            for column, field in ((ID_NUMBER, "parties.id_number"), (PHONE, "parties.phone")):
                message = self._cell_error(row, column)
                if message:
                    problems.setdefault(field, self._party_message(row, message))
            parties.append(services.PartyIn(name=name, id_number=id_number, phone=phone, role=role))
        if not parties:
            problems["parties"] = self.tr("Enter at least one party.")
        return parties, problems

    def collect(self) -> tuple[services.DisputeIn | None, dict[str, str]]:
        parties, problems = self.party_data()
        if not self.summary.toPlainText().strip():
            problems["summary"] = self.tr("Describe the dispute.")
        found_on, accepted_on = pydate(self.found_on.date()), pydate(self.accepted_on.date())
        if accepted_on < found_on:
            problems["accepted_on"] = self.tr("It cannot be accepted before it was found.")
        if problems:
            return None, problems
        return (
            services.DisputeIn(
                grid_code=combo_code(self.grid),
                type_code=combo_code(self.type),
                source_code=combo_code(self.source),
                found_on=found_on,
                accepted_on=accepted_on,
                place=self.place.text(),
                people_involved=self.people.value(),
                amount=self.amount.value(),
                summary=self.summary.toPlainText(),
                major=self.major.isChecked(),
                responsible_department=self.department.text(),
                responsible_person=self.person.text(),
                parties=parties,
            ),
            {},
        )

    async def submit(self) -> bool:
        data, problems = self.collect()
        for field, message in problems.items():
            self.show_error(field, message)
        if data is None:
            return False
        return await self.commit(
            lambda s: services.open_dispute(session=s, data=data).id, "dispute", new=True
        )


# --------------------------------------------------------------------------
# Moving along the workflow
# --------------------------------------------------------------------------

CONCLUDING = frozenset(
    {
        workflow.DisputeStatus.RESOLVED,
        workflow.DisputeStatus.FAILED,
        workflow.DisputeStatus.REFERRED,
    }
)


class MoveDisputeDialog(FormDialog):
    """Move a dispute to ``to_status``; a result (resolved, failed, referred)
    asks for the date and method, resolving also for the agreement."""

    def __init__(
        self,
        ctx: AppContext,
        detail: DisputeDetail,
        to_status: str,
        catalog: DisputeCatalog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.detail = detail
        self.to_status = to_status
        self.setWindowTitle(
            self.tr("%1 → %2")
            .replace("%1", workflow.label(detail.status, ctx.lang))
            .replace("%2", workflow.label(to_status, ctx.lang))
        )
        self.width_hint = 520
        heading = QLabel(
            self.tr("Dispute %1: move to “%2”")
            .replace("%1", detail.case_no)
            .replace("%2", workflow.label(to_status, ctx.lang))
        )
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.concluding = to_status in CONCLUDING
        self.resolving = to_status == workflow.DisputeStatus.RESOLVED
        self.resolved_on = date_edit()
        self.method = QComboBox()
        self.method.addItem("", "")
        fill_combo(self.method, catalog.methods)
        self.agreement = QCheckBox(self.tr("A mediation agreement was signed"))
        self.agreement_no = QLineEdit()
        self.agreement_no.setPlaceholderText(self.tr("e.g. (2026) 建设调字第012号"))
        self.has_performance = QCheckBox(self.tr("Performed by"))
        self.performance = date_edit(date.today())
        if self.concluding:
            self.add_field(self.tr("Concluded on"), self.resolved_on, "resolved_on")
            self.add_field(self.tr("Method"), self.method, "method")
        if self.resolving:
            self.add_field(self.tr("Agreement"), self.agreement)
            self.add_field(self.tr("Agreement no."), self.agreement_no, "agreement_no")
            performance = QWidget()
            row = QHBoxLayout(performance)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.has_performance)
            row.addWidget(self.performance)
            row.addStretch(1)
            self.add_field(self.tr("Performance deadline"), performance, "performance_deadline")
            self.agreement.toggled.connect(self._agreement_toggled)
            self.has_performance.toggled.connect(self.performance.setEnabled)
            self._agreement_toggled(False)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.add_field(self.tr("Note"), self.note, "note")
        self.finish_layout()

    def _agreement_toggled(self, on: bool) -> None:
        self.agreement_no.setEnabled(on)
        self.has_performance.setEnabled(on)
        self.performance.setEnabled(on and self.has_performance.isChecked())

    async def submit(self) -> bool:
        agreement_no, performance = "", None
        if self.resolving and self.agreement.isChecked():
            agreement_no = self.agreement_no.text().strip()
            if not agreement_no:
                self.show_error("agreement_no", self.tr("Enter the agreement's number."))
                return False
            if self.has_performance.isChecked():
                performance = pydate(self.performance.date())
        kwargs: dict[str, Any] = {
            "dispute_id": self.detail.id,
            "to_status": self.to_status,
            "note": self.note.toPlainText(),
        }
        if self.concluding:
            kwargs |= {
                "resolved_on": pydate(self.resolved_on.date()),
                "method": combo_code(self.method),
                "agreement_no": agreement_no,
                "performance_deadline": performance,
            }
        return await self.commit(lambda s: services.move_dispute(session=s, **kwargs).id, "dispute")


# --------------------------------------------------------------------------
# Follow-up visits
# --------------------------------------------------------------------------

SATISFACTION = ("satisfied", "basically", "unsatisfied")


class FollowupDialog(FormDialog):
    """Record a follow-up visit (回访): was the agreement performed, is the
    resident satisfied, what risk remains."""

    def __init__(
        self,
        ctx: AppContext,
        detail: DisputeDetail,
        followup: FollowupRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.followup = followup
        self.setWindowTitle(self.tr("Record follow-up visit"))
        self.width_hint = 520
        heading = QLabel(
            self.tr("Dispute %1, follow-up due %2")
            .replace("%1", detail.case_no)
            .replace("%2", followup.due_on.isoformat())
        )
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.done_on = date_edit()
        self.add_field(self.tr("Visited on"), self.done_on, "done_on")
        self.performed = QCheckBox(self.tr("The agreement is being performed"))
        self.performed.setChecked(True)
        self.add_field(self.tr("Agreement"), self.performed, "performed")
        self.satisfaction = QComboBox()
        labels = {
            "satisfied": self.tr("Satisfied"),
            "basically": self.tr("Basically satisfied"),
            "unsatisfied": self.tr("Not satisfied"),
        }
        for code in SATISFACTION:
            self.satisfaction.addItem(labels[code], code)
        self.add_field(self.tr("Satisfaction"), self.satisfaction, "satisfaction")
        self.risk = QLineEdit()
        self.risk.setPlaceholderText(self.tr("e.g. none; may flare up again"))
        self.add_field(self.tr("Remaining risk"), self.risk, "remaining_risk")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.add_field(self.tr("Note"), self.note, "note")
        self.finish_layout()

    async def submit(self) -> bool:
        kwargs: dict[str, Any] = {
            "followup_id": self.followup.id,
            "performed": self.performed.isChecked(),
            "done_on": pydate(self.done_on.date()),
            "satisfaction": combo_code(self.satisfaction),
            "remaining_risk": self.risk.text(),
            "note": self.note.toPlainText(),
        }
        return await self.commit(
            lambda s: services.record_dispute_followup(session=s, **kwargs).id, "dispute_followup"
        )


class ScheduleFollowupDialog(FormDialog):
    """Schedule another follow-up visit (a reminder on the dispute)."""

    def __init__(
        self, ctx: AppContext, detail: DisputeDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.detail = detail
        self.setWindowTitle(self.tr("Schedule a follow-up visit"))
        self.due_on = date_edit(date.today())
        self.due_on.setDate(self.due_on.date().addDays(30))
        self.add_field(self.tr("Due on"), self.due_on, "due_on")
        self.finish_layout()

    async def submit(self) -> bool:
        due = pydate(self.due_on.date())
        return await self.commit(
            lambda s: (
                services.add_dispute_followup(session=s, dispute_id=self.detail.id, due_on=due).id
            ),
            "dispute_followup",
        )
