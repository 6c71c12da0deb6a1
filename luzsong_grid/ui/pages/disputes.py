"""The Disputes page (矛盾纠纷): the mediation ledger of the user's scope and
one dispute's record beside it.

Left: the ledger (filters: open / closed / all, type, overdue only; search by
a party's name or the case number); an overdue deadline is red. Right: every
ledger field, the parties (ID and phone masked; a worker or staff member may
reveal one, audited), the workflow history, a button for each status the
workflow allows next, and the follow-up visits (回访) with their due dates.
Supervisors read only: no buttons that change anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.domain import workflow
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.dialogs.dispute import (
    FollowupDialog,
    MoveDisputeDialog,
    NewDisputeDialog,
    ScheduleFollowupDialog,
)
from luzsong_grid.ui.models.disputes import (
    OVERDUE,
    DisputeLedgerModel,
    DisputeStepModel,
    FollowupModel,
    PartyModel,
    RecordTableModel,
    day,
)
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.views import disputes as views
from luzsong_grid.views.disputes import DisputeCatalog, DisputeDetail, DisputeRow

_D = workflow.DisputeStatus


def make_table(model: RecordTableModel, *, rows: int = 0) -> QTableView:
    """A read-only, row-selecting table for ``model``; ``rows`` > 0 fixes its
    height to about that many rows (a sub-table in a detail panel)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setHighlightSections(False)
    table.setWordWrap(False)
    if rows:
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(30 + 28 * rows)
        table.setMaximumHeight(30 + 28 * max(rows, 4))
    return table


class FieldGrid(QWidget):
    """Label/value pairs, two pairs a row; a value may be shown in red."""

    def __init__(self, labels: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.values: dict[str, QLabel] = {}
        position = 0
        for key, text in labels:
            wide = key.startswith("*")
            key = key.lstrip("*")
            if wide and position % 2:
                position += 1
            row, col = divmod(position, 2)
            name = QLabel(text)
            name.setStyleSheet("color: #5f6b7a;")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel("")
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1, 1, 3 if wide else 1)
            self.values[key] = value
            position += 2 if wide else 1
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def set(self, key: str, text: str, *, red: bool = False) -> None:
        label = self.values[key]
        label.setText(text)
        label.setStyleSheet(f"color: {OVERDUE}; font-weight: 600;" if red else "")

    def clear(self) -> None:
        for key in self.values:
            self.set(key, "")


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    return label


class DisputesPage(Page):
    tables = frozenset({"dispute", "dispute_party", "dispute_step", "dispute_followup"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.catalog: DisputeCatalog | None = None
        self.grids: list[views.Choice] = []
        self.detail: DisputeDetail | None = None
        self.dialog: QDialog | None = None
        self._generation = 0
        self._detail_generation = 0
        self._selecting = False
        self._build()

    # -- building ----------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 10)
        top = QHBoxLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        self.new_button = QPushButton(self.tr("New dispute…"))
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_dispute)
        self.new_button.setVisible(self.ctx.user.can_write)
        top.addWidget(self.new_button)
        outer.addLayout(top)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Party's name or case no."))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(230)
        self.status = QComboBox()
        self.status.addItem(self.tr("Open"), "open")
        self.status.addItem(self.tr("Closed"), "closed")
        self.status.addItem(self.tr("All"), "all")
        self.type = QComboBox()
        self.type.addItem(self.tr("All types"), "")
        self.overdue = QCheckBox(self.tr("Overdue only"))
        self.count = QLabel("")
        self.count.setStyleSheet("color: #5f6b7a;")
        for widget in (self.search, self.status, self.type, self.overdue):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        outer.addLayout(filters)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status.currentIndexChanged.connect(self._reload)
        self.type.currentIndexChanged.connect(self._reload)
        self.overdue.toggled.connect(self._reload)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = DisputeLedgerModel(self.ctx.lang, self)
        self.table = make_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([700, 480])
        outer.addWidget(splitter, 1)

    def _build_detail(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 4, 0)
        self.detail_title = QLabel(self.tr("Choose a dispute in the ledger."))
        self.detail_title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.detail_title.setWordWrap(True)
        column.addWidget(self.detail_title)
        self.fields = FieldGrid(
            [
                ("status", self.tr("Status")),
                ("deadline", self.tr("Deadline")),
                ("type", self.tr("Type")),
                ("source", self.tr("Source")),
                ("found_on", self.tr("Found on")),
                ("accepted_on", self.tr("Accepted on")),
                ("grid", self.tr("Grid")),
                ("reported_by", self.tr("Registered by")),
                ("*place", self.tr("Place")),
                ("scale", self.tr("Scale")),
                ("people", self.tr("People involved")),
                ("amount", self.tr("Amount involved")),
                ("major", self.tr("Major")),
                ("*summary", self.tr("Summary")),
                ("*measures", self.tr("Measures taken")),
                ("*responsible", self.tr("Responsible")),
                ("result", self.tr("Result")),
                ("method", self.tr("Method")),
                ("resolved_on", self.tr("Concluded on")),
                ("agreement", self.tr("Agreement")),
                ("performance", self.tr("Performance deadline")),
            ]
        )
        column.addWidget(self.fields)

        self.actions_box = QGroupBox(self.tr("Next step"))
        self.actions_row = QHBoxLayout(self.actions_box)
        self.actions_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.actions_hint = QLabel("")
        self.actions_hint.setStyleSheet("color: #5f6b7a;")
        self.move_buttons: dict[str, QPushButton] = {}
        column.addWidget(self.actions_box)
        self.actions_box.setVisible(False)

        parties = QGroupBox(self.tr("Parties"))
        box = QVBoxLayout(parties)
        self.parties = PartyModel(self)
        self.party_table = make_table(self.parties, rows=2)
        box.addWidget(self.party_table)
        reveal_row = QHBoxLayout()
        self.reveal_id = QPushButton(self.tr("Show full ID number"))
        self.reveal_phone = QPushButton(self.tr("Show full phone"))
        self.reveal_id.clicked.connect(lambda: self.ctx.spawn(self.reveal("id_number")))
        self.reveal_phone.clicked.connect(lambda: self.ctx.spawn(self.reveal("phone")))
        reveal_row.addWidget(self.reveal_id)
        reveal_row.addWidget(self.reveal_phone)
        reveal_row.addStretch(1)
        box.addLayout(reveal_row)
        for button in (self.reveal_id, self.reveal_phone):
            button.setVisible(self.ctx.user.can_reveal)
            button.setToolTip(self.tr("Choose a party first. Each reveal is recorded."))
        column.addWidget(parties)

        history = QGroupBox(self.tr("History"))
        box = QVBoxLayout(history)
        self.steps = DisputeStepModel(self.ctx.lang, self)
        self.step_table = make_table(self.steps, rows=3)
        box.addWidget(self.step_table)
        column.addWidget(history)

        followups = QGroupBox(self.tr("Follow-up visits"))
        box = QVBoxLayout(followups)
        self.followups = FollowupModel(self)
        self.followup_table = make_table(self.followups, rows=2)
        box.addWidget(self.followup_table)
        row = QHBoxLayout()
        self.record_button = QPushButton(self.tr("Record follow-up…"))
        self.schedule_button = QPushButton(self.tr("Schedule follow-up…"))
        self.record_button.clicked.connect(self.record_followup)
        self.schedule_button.clicked.connect(self.schedule_followup)
        row.addWidget(self.record_button)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        box.addLayout(row)
        for button in (self.record_button, self.schedule_button):
            button.setVisible(self.ctx.user.can_write)
        column.addWidget(followups)
        column.addStretch(1)
        self.detail_parts = [self.fields, parties, history, followups]
        for part in self.detail_parts:
            part.setVisible(False)
        scroll.setWidget(panel)
        scroll.setMinimumWidth(440)
        return scroll

    def title(self) -> str:
        return self.tr("Disputes")

    def icon_name(self) -> str:
        return "disputes"

    # -- reading -----------------------------------------------------------

    def _reload(self) -> None:
        self.ctx.spawn(self.refresh())

    def selected_id(self) -> str:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if isinstance(row, DisputeRow) else ""

    async def refresh(self, select: str = "") -> None:
        self._generation += 1
        generation = self._generation
        lang, scope = self.ctx.lang, self.ctx.user.scope.grids
        if self.catalog is None:
            catalog, grids = await self.ctx.bg.read(
                lambda conn: (
                    views.dispute_catalog(conn, lang),
                    views.grid_choices(conn, scope, lang),
                )
            )
            if self.catalog is None:
                self.catalog, self.grids = catalog, grids
                self.type.blockSignals(True)
                for choice in catalog.types:
                    self.type.addItem(choice.name, choice.code)
                self.type.blockSignals(False)
                self.table.setColumnHidden(self.model.GRID_COLUMN, len(grids) <= 1)
        keep = select or self.selected_id() or (self.detail.id if self.detail else "")
        status = cast(views.StatusFilter, str(self.status.currentData()))
        type_code = str(self.type.currentData() or "")
        overdue, text = self.overdue.isChecked(), self.search.text()
        rows = await self.ctx.bg.read(
            lambda conn: views.list_disputes(
                conn,
                grids=scope,
                status=status,
                type_code=type_code,
                overdue_only=overdue,
                text=text,
                lang=lang,
            )
        )
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self._fit_columns()
        n_overdue = sum(r.overdue for r in rows)
        count = self.tr("%1 shown").replace("%1", str(len(rows)))
        if n_overdue:
            count += " · " + self.tr("%1 overdue").replace("%1", str(n_overdue))
        self.count.setText(count)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and not keep and rows:
            row, keep = 0, rows[0].id  # nothing chosen yet: show the newest
        if row >= 0:
            self._selecting = True  # refresh shows the detail itself
            try:
                self.table.selectRow(row)
            finally:
                self._selecting = False
            await self.show_detail(keep)
        elif keep and self.detail is not None and self.detail.id == keep:
            await self.show_detail(keep)  # filtered out of the list: keep showing it
        else:
            self.show_nothing()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column), 180))

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if self._selecting:
            return
        row = self.model.row_at(current.row())
        if isinstance(row, DisputeRow) and (self.detail is None or self.detail.id != row.id):
            self.ctx.spawn(self.show_detail(row.id))

    def show_nothing(self) -> None:
        self.detail = None
        self.detail_title.setText(self.tr("Choose a dispute in the ledger."))
        for part in self.detail_parts:
            part.setVisible(False)
        self.actions_box.setVisible(False)

    async def show_detail(self, dispute_id: str) -> None:
        self._detail_generation += 1
        generation = self._detail_generation
        lang = self.ctx.lang
        detail = await self.ctx.bg.read(
            lambda conn: views.dispute_detail(conn, dispute_id, lang=lang)
        )
        if generation != self._detail_generation:
            return
        if detail is None:
            self.show_nothing()
            return
        self.detail = detail
        self._fill(detail)

    def _fill(self, d: DisputeDetail) -> None:
        lang = self.ctx.lang
        self.detail_title.setText(
            self.tr("%1 · %2").replace("%1", d.type_name).replace("%2", d.case_no)
        )
        f = self.fields
        f.set("status", workflow.label(d.status, lang))
        f.set(
            "deadline",
            day(d.deadline) + (" · " + self.tr("overdue") if d.overdue else ""),
            red=d.overdue,
        )
        f.set("type", d.type_name)
        f.set("source", d.source_name)
        f.set("found_on", day(d.found_on))
        f.set("accepted_on", day(d.accepted_on))
        f.set("grid", d.grid_name)
        f.set("reported_by", d.reported_by)
        f.set("place", d.place)
        f.set("scale", d.scale)
        f.set("people", str(d.people_involved))
        f.set("amount", self.tr("%1 yuan").replace("%1", f"{d.amount:,.2f}") if d.amount else "")
        f.set("major", self.tr("Yes") if d.major else self.tr("No"))
        f.set("summary", d.summary)
        f.set("measures", d.measures)
        f.set(
            "responsible",
            " · ".join(x for x in (d.responsible_department, d.responsible_person) if x),
        )
        f.set("result", d.result_name)
        f.set("method", d.method_name)
        f.set("resolved_on", day(d.resolved_on))
        if d.agreement:
            f.set("agreement", self.tr("Yes, no. %1").replace("%1", d.agreement_no))
        else:
            f.set("agreement", self.tr("No") if d.result else "")
        f.set("performance", day(d.performance_deadline))
        self.parties.set_rows(d.parties)
        self.steps.set_rows(d.steps)
        self.followups.set_rows(d.followups)
        for table in (self.party_table, self.step_table, self.followup_table):
            table.resizeColumnsToContents()
        for part in self.detail_parts:
            part.setVisible(True)
        self._fill_actions(d)
        pending = d.open_followup
        self.record_button.setEnabled(pending is not None)
        self.schedule_button.setEnabled(d.result == "success" and d.status != _D.CLOSED)
        if self.ctx.user.can_reveal:
            self.reveal_id.setEnabled(any(p.has_id_number for p in d.parties))
            self.reveal_phone.setEnabled(any(p.has_phone for p in d.parties))

    def move_text(self, current: str, target: str) -> str:
        texts = {
            _D.MEDIATING: self.tr("Mediate again")
            if current == _D.FAILED
            else self.tr("Start mediation"),
            _D.RESOLVED: self.tr("Mediated successfully…"),
            _D.FAILED: self.tr("Mediation failed…"),
            _D.REFERRED: self.tr("Refer…"),
            _D.CLOSED: self.tr("Close the case"),
        }
        return texts.get(workflow.DisputeStatus(target), workflow.label(target, self.ctx.lang))

    def _fill_actions(self, d: DisputeDetail) -> None:
        for button in self.move_buttons.values():
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self.move_buttons = {}
        self.actions_row.removeWidget(self.actions_hint)
        if not self.ctx.user.can_write:
            self.actions_box.setVisible(False)
            return
        allowed = workflow.allowed_next("dispute", d.status)
        for target in allowed:
            button = QPushButton(self.move_text(d.status, target))
            button.setObjectName(f"move_{target}")
            button.clicked.connect(lambda _c=False, t=target: self.start_move(t))
            self.actions_row.addWidget(button)
            self.move_buttons[target] = button
        closing = self.move_buttons.get(_D.CLOSED)
        if closing is not None and d.status == _D.RESOLVED and d.open_followup is not None:
            closing.setEnabled(False)
            closing.setToolTip(self.tr("Record the follow-up visit first."))
            self.actions_hint.setText(self.tr("Close after the follow-up visit."))
        else:
            self.actions_hint.setText("" if allowed else self.tr("This case is closed."))
        self.actions_row.addWidget(self.actions_hint, 1)
        self.actions_box.setVisible(True)

    # -- acting ------------------------------------------------------------

    def _open(self, dialog: QDialog, select: str = "") -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(
            lambda: self.ctx.spawn(self.refresh(select or getattr(dialog, "saved_id", "")))
        )
        dialog.open()
        return dialog

    def new_dispute(self) -> NewDisputeDialog | None:
        if self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = NewDisputeDialog(self.ctx, self.catalog, self.grids, self)
        self._open(dialog)
        return dialog

    def start_move(self, target: str) -> MoveDisputeDialog | None:
        if self.detail is None or self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = MoveDisputeDialog(self.ctx, self.detail, target, self.catalog, self)
        self._open(dialog, self.detail.id)
        return dialog

    def record_followup(self) -> FollowupDialog | None:
        if self.detail is None or not self.ctx.user.can_write:
            return None
        pending = self.detail.open_followup
        if pending is None:
            return None
        dialog = FollowupDialog(self.ctx, self.detail, pending, self)
        self._open(dialog, self.detail.id)
        return dialog

    def schedule_followup(self) -> ScheduleFollowupDialog | None:
        if self.detail is None or not self.ctx.user.can_write:
            return None
        dialog = ScheduleFollowupDialog(self.ctx, self.detail, self)
        self._open(dialog, self.detail.id)
        return dialog

    async def reveal(self, field: str) -> None:
        """Show one party's full ID or phone number (audited by the service)."""
        if not self.ctx.user.can_reveal or self.detail is None:
            return
        row = self.parties.row_at(self.party_table.currentIndex().row())
        if row is None and self.parties.rowCount() == 1:
            row = self.parties.row_at(0)
        if row is None:
            self.ctx.bridge.status.emit(self.tr("Choose a party first."))
            return
        party_id = row.id
        value = await self.ctx.bg.write(
            lambda s: services.reveal(
                session=s, table="dispute_party", row_id=party_id, field=field
            ),
            actor=self.ctx.actor,
        )
        self.parties.reveal(party_id, field, str(value))
