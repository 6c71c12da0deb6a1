"""The Events page (网格事件): the events of the user's scope and one event
with its whole history beside it.

Left: the events (filters: open / closed / all, urgency, overdue only; search
by number, place or description), urgency as a coloured chip, an overdue
deadline in red, supervised ones marked. Right: the event's fields (and its
photo), every step of its history (who, when, from → to, department, note,
extensions and supervision), and a button for each status the workflow
allows next plus 延期 / 督办 while they apply. Supervisors read only.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.domain import workflow
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.dialogs.event import (
    EventStepDialog,
    ReportEventDialog,
    attachments_dir,
    load_thumbnail,
)
from luzsong_grid.ui.models.disputes import moment
from luzsong_grid.ui.models.events import (
    URGENCY_COLORS,
    URGENCY_TEXT,
    EventListModel,
    EventStepModel,
    urgency_label,
)
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.ui.pages.disputes import FieldGrid, heading, make_table
from luzsong_grid.views import events as views
from luzsong_grid.views.disputes import Choice
from luzsong_grid.views.events import EventCatalog, EventDetail, EventRow

_E = workflow.EventStatus


class EventsPage(Page):
    tables = frozenset({"event", "event_step"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.catalog: EventCatalog | None = None
        self.grids: list[Choice] = []
        self.detail: EventDetail | None = None
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
        self.report_button = QPushButton(self.tr("Report an event…"))
        self.report_button.clicked.connect(self.report_event)
        self.report_button.setVisible(self.ctx.user.can_write)
        top.addWidget(self.report_button)
        outer.addLayout(top)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Event no., place or description"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(230)
        self.status = QComboBox()
        self.status.addItem(self.tr("Open"), "open")
        self.status.addItem(self.tr("Finished"), "closed")
        self.status.addItem(self.tr("All"), "all")
        self.urgency = QComboBox()
        self.urgency.addItem(self.tr("Any urgency"), "")
        for code in workflow.URGENCY_HOURS:
            self.urgency.addItem(urgency_label(code, self.ctx.lang), code)
        self.overdue = QCheckBox(self.tr("Overdue only"))
        self.count = QLabel("")
        self.count.setStyleSheet("color: #5f6b7a;")
        for widget in (self.search, self.status, self.urgency, self.overdue):
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
        self.urgency.currentIndexChanged.connect(self._reload)
        self.overdue.toggled.connect(self._reload)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = EventListModel(self.ctx.lang, self)
        self.table = make_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([740, 440])
        outer.addWidget(splitter, 1)

    def _build_detail(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 4, 0)
        title_row = QHBoxLayout()
        self.chip = QLabel("")
        self.chip.setVisible(False)
        self.detail_title = QLabel(self.tr("Choose an event in the list."))
        self.detail_title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.detail_title.setWordWrap(True)
        title_row.addWidget(self.chip)
        title_row.addWidget(self.detail_title, 1)
        column.addLayout(title_row)
        self.fields = FieldGrid(
            [
                ("status", self.tr("Status")),
                ("deadline", self.tr("Deadline")),
                ("reported_at", self.tr("Reported")),
                ("reported_by", self.tr("Reported by")),
                ("category", self.tr("Category")),
                ("item", self.tr("Item")),
                ("department", self.tr("Department")),
                ("grid", self.tr("Grid")),
                ("*place", self.tr("Place")),
                ("*description", self.tr("Description")),
                ("*household", self.tr("Household")),
                ("supervised", self.tr("Supervision")),
                ("closed_at", self.tr("Finished")),
            ]
        )
        column.addWidget(self.fields)
        self.photo = QLabel("")
        self.photo.setVisible(False)
        column.addWidget(self.photo)

        self.actions_box = QGroupBox(self.tr("Next step"))
        actions = QVBoxLayout(self.actions_box)
        self.moves_row = QHBoxLayout()
        self.extra_row = QHBoxLayout()
        self.moves_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.extra_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        actions.addLayout(self.moves_row)
        actions.addLayout(self.extra_row)
        self.move_buttons: dict[str, QPushButton] = {}
        self.action_buttons: dict[str, QPushButton] = {}
        column.addWidget(self.actions_box)
        self.actions_box.setVisible(False)

        history = QGroupBox(self.tr("History"))
        box = QVBoxLayout(history)
        self.steps = EventStepModel(self.ctx.lang, self)
        self.step_table = make_table(self.steps, rows=5)
        self.step_table.setMaximumHeight(16777215)
        box.addWidget(self.step_table)
        column.addWidget(history)
        column.addStretch(1)
        self.detail_parts: list[QWidget] = [self.fields, history]
        for part in self.detail_parts:
            part.setVisible(False)
        scroll.setWidget(panel)
        scroll.setMinimumWidth(440)
        return scroll

    def title(self) -> str:
        return self.tr("Events")

    def icon_name(self) -> str:
        return "events"

    # -- reading -----------------------------------------------------------

    def _reload(self) -> None:
        self.ctx.spawn(self.refresh())

    def selected_id(self) -> str:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if isinstance(row, EventRow) else ""

    async def refresh(self, select: str = "") -> None:
        self._generation += 1
        generation = self._generation
        lang, scope = self.ctx.lang, self.ctx.user.scope.grids
        if self.catalog is None:
            catalog, grids = await self.ctx.bg.read(
                lambda conn: (
                    views.event_catalog(conn, lang),
                    views.grid_choices(conn, scope, lang),
                )
            )
            if self.catalog is None:
                self.catalog, self.grids = catalog, grids
                self.table.setColumnHidden(self.model.GRID_COLUMN, len(grids) <= 1)
        keep = select or self.selected_id() or (self.detail.id if self.detail else "")
        status = cast(views.StatusFilter, str(self.status.currentData()))
        urgency = str(self.urgency.currentData() or "")
        overdue, text = self.overdue.isChecked(), self.search.text()
        rows = await self.ctx.bg.read(
            lambda conn: views.list_events(
                conn,
                grids=scope,
                status=status,
                urgency=urgency,
                overdue_only=overdue,
                text=text,
                lang=lang,
            )
        )
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            header.resizeSection(
                column, min(header.sectionSize(column), 130 if column != 6 else 180)
            )
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
            await self.show_detail(keep)
        else:
            self.show_nothing()

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if self._selecting:
            return
        row = self.model.row_at(current.row())
        if isinstance(row, EventRow) and (self.detail is None or self.detail.id != row.id):
            self.ctx.spawn(self.show_detail(row.id))

    def show_nothing(self) -> None:
        self.detail = None
        self.chip.setVisible(False)
        self.photo.setVisible(False)
        self.detail_title.setText(self.tr("Choose an event in the list."))
        for part in self.detail_parts:
            part.setVisible(False)
        self.actions_box.setVisible(False)

    async def show_detail(self, event_id: str) -> None:
        self._detail_generation += 1
        generation = self._detail_generation
        lang = self.ctx.lang
        detail = await self.ctx.bg.read(lambda conn: views.event_detail(conn, event_id, lang=lang))
        if generation != self._detail_generation:
            return
        if detail is None:
            self.show_nothing()
            return
        self.detail = detail
        self._fill(detail)
        if detail.photo:
            path = attachments_dir(self.ctx) / detail.photo
            image = await self.ctx.bg.work(load_thumbnail, path)
            if generation == self._detail_generation and not image.isNull():
                self.photo.setPixmap(QPixmap.fromImage(image))
                self.photo.setToolTip(detail.photo)
                self.photo.setVisible(True)

    def _fill(self, d: EventDetail) -> None:
        lang = self.ctx.lang
        self.chip.setText(" " + urgency_label(d.urgency, lang) + " ")
        self.chip.setStyleSheet(
            f"background: {URGENCY_COLORS.get(d.urgency, '#888')}; "
            f"color: {URGENCY_TEXT.get(d.urgency, '#fff')}; border-radius: 4px; "
            "padding: 2px 6px; font-weight: 600;"
        )
        self.chip.setVisible(True)
        self.detail_title.setText(f"{d.item_name or d.category_name} · {d.event_no}")
        f = self.fields
        f.set("status", workflow.label(d.status, lang))
        deadline = moment(d.deadline)
        if d.extended_to is not None:
            deadline += " " + self.tr("(extended from %1)").replace("%1", moment(d.deadline_at))
        if d.overdue:
            deadline += " · " + self.tr("overdue")
        f.set("deadline", deadline, red=d.overdue)
        f.set("reported_at", moment(d.reported_at))
        f.set("reported_by", d.reported_by)
        f.set("category", d.category_name)
        f.set("item", d.item_name)
        f.set("department", d.department_name)
        f.set("grid", d.grid_name)
        f.set("place", d.place)
        f.set("description", d.description)
        f.set("household", d.household_address)
        f.set("supervised", self.tr("Under supervision") if d.supervised else "", red=d.supervised)
        f.set("closed_at", moment(d.closed_at))
        self.steps.set_rows(d.steps)
        self.step_table.resizeColumnsToContents()
        self.step_table.horizontalHeader().setStretchLastSection(True)
        self.photo.setVisible(False)
        for part in self.detail_parts:
            part.setVisible(True)
        self._fill_actions(d)

    def move_text(self, current: str, target: str) -> str:
        texts = {
            _E.REPORTED: self.tr("Resubmit"),
            _E.ACCEPTED: self.tr("Accept"),
            _E.DISPATCHED: self.tr("Dispatch…"),
            _E.SIGNED: self.tr("Sign for"),
            _E.HANDLED: self.tr("Verification failed: handle again")
            if current == _E.VERIFIED
            else self.tr("Handled"),
            _E.FEEDBACK: self.tr("Give feedback"),
            _E.VERIFIED: self.tr("Verified"),
            _E.CLOSED: self.tr("Close"),
            _E.SELF_RESOLVED: self.tr("Resolved on the spot"),
            _E.CANCELLED: self.tr("Cancel the event"),
            _E.RETURNED: self.tr("Return"),
        }
        return texts.get(workflow.EventStatus(target), workflow.label(target, self.ctx.lang))

    def _clear_buttons(self) -> None:
        for button in [*self.move_buttons.values(), *self.action_buttons.values()]:
            button.setParent(None)
            button.deleteLater()
        self.move_buttons, self.action_buttons = {}, {}

    def _fill_actions(self, d: EventDetail) -> None:
        self._clear_buttons()
        if not self.ctx.user.can_write:
            self.actions_box.setVisible(False)
            return
        for target in workflow.allowed_next("event", d.status):
            button = QPushButton(self.move_text(d.status, target))
            button.setObjectName(f"move_{target}")
            button.clicked.connect(lambda _c=False, t=target: self.start_move(t))
            self.moves_row.addWidget(button)
            self.move_buttons[target] = button
        for action in workflow.EventAction:
            if workflow.can_apply(action, d.status):
                text = (
                    self.tr("Extend deadline…")
                    if action == workflow.EventAction.EXTEND
                    else self.tr("Supervise…")
                )
                button = QPushButton(text)
                button.setObjectName(f"action_{action.value}")
                button.clicked.connect(lambda _c=False, a=action.value: self.start_action(a))
                self.extra_row.addWidget(button)
                self.action_buttons[action.value] = button
        self.actions_box.setVisible(bool(self.move_buttons or self.action_buttons))

    # -- acting ------------------------------------------------------------

    def _open(self, dialog: QDialog, select: str = "") -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(
            lambda: self.ctx.spawn(self.refresh(select or getattr(dialog, "saved_id", "")))
        )
        dialog.open()
        return dialog

    def report_event(self) -> ReportEventDialog | None:
        if self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = ReportEventDialog(self.ctx, self.catalog, self.grids, self)
        self._open(dialog)
        return dialog

    def start_move(self, target: str) -> EventStepDialog | None:
        if self.detail is None or self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = EventStepDialog(self.ctx, self.detail, self.catalog, to_status=target, parent=self)
        self._open(dialog, self.detail.id)
        return dialog

    def start_action(self, action: str) -> EventStepDialog | None:
        if self.detail is None or self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = EventStepDialog(self.ctx, self.detail, self.catalog, action=action, parent=self)
        self._open(dialog, self.detail.id)
        return dialog
