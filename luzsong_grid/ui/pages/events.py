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

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
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
from luzsong_grid.ui.pages.ledger import FieldGrid, LedgerPage, make_table
from luzsong_grid.views import events as views
from luzsong_grid.views.disputes import Choice
from luzsong_grid.views.events import EventCatalog, EventDetail, EventRow

_E = workflow.EventStatus


class EventsPage(LedgerPage[EventCatalog, EventRow, EventDetail, Choice]):
    tables = frozenset({"event", "event_step"})

    row_type = EventRow
    splitter_sizes = (740, 440)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.urgency = QComboBox()
        self.urgency.addItem(self.tr("Any urgency"), "")
        for code in workflow.URGENCY_HOURS:
            self.urgency.addItem(urgency_label(code, self.ctx.lang), code)
        self.report_button = self.build_frame(
            action_text=self.tr("Report an event…"),
            action=self.report_event,
            search_hint=self.tr("Event no., place or description"),
            statuses=[
                (self.tr("Open"), "open"),
                (self.tr("Finished"), "closed"),
                (self.tr("All"), "all"),
            ],
            filters=[self.urgency],
            model=EventListModel(self.ctx.lang, self),
            grid_column=EventListModel.GRID_COLUMN,
            detail=self._build_detail(),
        )

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

    def read_catalog(self) -> Callable[[Any], tuple[EventCatalog, list[Choice]]]:
        lang, scope = self.ctx.lang, self.ctx.user.scope.grids
        return lambda conn: (
            views.event_catalog(conn, lang),
            views.grid_choices(conn, scope, lang),
        )

    def read_rows(self) -> Callable[[Any], list[EventRow]]:
        lang, scope = self.ctx.lang, self.ctx.user.scope.grids
        status = cast(views.StatusFilter, str(self.status.currentData()))
        urgency = str(self.urgency.currentData() or "")
        overdue, text = self.overdue.isChecked(), self.search.text()
        return lambda conn: views.list_events(
            conn,
            grids=scope,
            status=status,
            urgency=urgency,
            overdue_only=overdue,
            text=text,
            lang=lang,
        )

    def column_cap(self, column: int) -> int:
        return 180 if column == 6 else 130

    def read_detail(self, record_id: str) -> Callable[[Any], EventDetail | None]:
        lang = self.ctx.lang
        return lambda conn: views.event_detail(conn, record_id, lang=lang)

    def show_nothing(self) -> None:
        self.detail = None
        self.chip.setVisible(False)
        self.photo.setVisible(False)
        self.detail_title.setText(self.tr("Choose an event in the list."))
        for part in self.detail_parts:
            part.setVisible(False)
        self.actions_box.setVisible(False)

    async def detail_shown(self, detail: EventDetail, generation: int) -> None:
        if not detail.photo:
            return
        path = attachments_dir(self.ctx) / detail.photo
        image = await self.ctx.bg.work(load_thumbnail, path)
        if self.is_current(generation) and not image.isNull():
            self.photo.setPixmap(QPixmap.fromImage(image))
            self.photo.setToolTip(detail.photo)
            self.photo.setVisible(True)

    def fill(self, d: EventDetail) -> None:
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

    def report_event(self) -> ReportEventDialog | None:
        if self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = ReportEventDialog(self.ctx, self.catalog, self.grids, self)
        self.open_dialog(dialog)
        return dialog

    def start_move(self, target: str) -> EventStepDialog | None:
        if self.detail is None or self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = EventStepDialog(self.ctx, self.detail, self.catalog, to_status=target, parent=self)
        self.open_dialog(dialog, self.detail.id)
        return dialog

    def start_action(self, action: str) -> EventStepDialog | None:
        if self.detail is None or self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = EventStepDialog(self.ctx, self.detail, self.catalog, action=action, parent=self)
        self.open_dialog(dialog, self.detail.id)
        return dialog
