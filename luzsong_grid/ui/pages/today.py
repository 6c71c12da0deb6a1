"""The Today page (今日): what a grid worker does today, keyboard first.

- Visits due: overdue ones first in each grid, then the ones due within a
  week, each part in walking order by address. Enter on a row logs a routine
  visit now (the row leaves the list); Shift+Enter or a double click opens the
  visit form for it.
- Follow-ups: visit follow-ups (Enter opens a follow-up visit that closes
  it), dispute follow-up visits (回访) and event deadlines (Enter opens their
  page).
- My open events: the events the user reported that are not finished.
- Service tallies: a button per service type with its key; pressing the key
  (1..9, 0) anywhere on the page counts one service for the user's grid
  (community staff pick the grid).

Every action says what it did in the status bar and can be undone with
Ctrl+Z (or the Undo button): see :mod:`luzsong_grid.ui.undo`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.dialogs.visit import VisitDialog, save_visit
from luzsong_grid.ui.models.today import DueModel, EventModel, FollowupModel, RowsModel
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.ui.undo import install_shortcut, undo_stack
from luzsong_grid.views.today import DueRow, TallyType, TodayView, load_today, tallied_today

OVERDUE_STYLE = "color: #b3261e; font-weight: 600;"
HINT_STYLE = "color: #5f6b7a;"


class RouteTable(QTableView):
    """A read-only table where Enter acts on the current row and Shift+Enter
    asks for more (the visit form)."""

    enter_pressed = Signal(int)
    shift_enter_pressed = Signal(int)

    def __init__(self, model: RowsModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(lambda index: self.shift_enter_pressed.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.currentIndex().row()
            if row >= 0:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.shift_enter_pressed.emit(row)
                else:
                    self.enter_pressed.emit(row)
            event.accept()
            return
        super().keyPressEvent(event)

    def select_row(self, row: int) -> None:
        model = self.model()
        if model.rowCount() == 0:
            return
        row = max(0, min(row, model.rowCount() - 1))
        self.setCurrentIndex(model.index(row, 0))
        self.selectRow(row)


class TallyButton(QPushButton):
    """A service type's button: its key, its name (elided to fit) and today's count."""

    def __init__(self, key: str, name: str) -> None:
        super().__init__()
        self.key, self.name, self.count = key, name, 0
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumWidth(60)

    def set_count(self, count: int) -> None:
        self.count = count
        self.setStyleSheet("font-weight: 600;" if count else "")
        self._relabel()

    def full_text(self) -> str:
        return f"{self.key}  {self.name}  · {self.count}".strip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relabel()

    def _relabel(self) -> None:
        metrics = self.fontMetrics()
        key = f"{self.key}  " if self.key else ""
        count = f"  · {self.count}"
        room = self.width() - 28 - metrics.horizontalAdvance(key + count)
        name = metrics.elidedText(self.name, Qt.TextElideMode.ElideRight, max(room, 20))
        self.setText(f"{key}{name}{count}")


class Section(QWidget):
    """A titled table that says so when it is empty."""

    def __init__(self, title: str, table: RouteTable, empty: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        self.title = QLabel(title)
        self.title.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.count = QLabel("")
        self.late = QLabel("")
        self.late.setStyleSheet(OVERDUE_STYLE)
        head.addWidget(self.title)
        head.addWidget(self.count)
        head.addWidget(self.late)
        head.addStretch(1)
        layout.addLayout(head)
        self.table = table
        self.empty = QLabel(empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(HINT_STYLE + " padding: 16px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

    def show_counts(self, total: int, late: int, late_text: str) -> None:
        self.count.setText(f"({total})")
        self.late.setText(late_text if late else "")
        self.stack.setCurrentIndex(0 if total else 1)


class TodayPage(Page):
    tables = frozenset(
        {"visit", "service_tally", "event", "dispute_followup", "household", "person"}
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view: TodayView | None = None
        self.undo = undo_stack(ctx)
        self._generation = 0
        self._tally_types: list[TallyType] = []
        self._tally_buttons: dict[str, TallyButton] = {}
        self._open_dialogs: list[VisitDialog] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        top = QHBoxLayout()
        self.heading = QLabel(self.title())
        self.heading.setObjectName("heading")
        self.date_label = QLabel("")
        self.date_label.setStyleSheet(HINT_STYLE)
        self.undo_button = QPushButton(self.tr("Undo (Ctrl+Z)"))
        self.undo_button.setEnabled(False)
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undo.trigger)
        self.undo.changed.connect(self._undo_changed)
        top.addWidget(self.heading)
        top.addWidget(self.date_label)
        top.addStretch(1)
        top.addWidget(self.undo_button)
        layout.addLayout(top)

        self.due_model = DueModel(self)
        self.due_table = RouteTable(self.due_model)
        self.due_table.enter_pressed.connect(self.mark_done)
        self.due_table.shift_enter_pressed.connect(self.open_visit_form)
        self.due_section = Section(
            self.tr("Visits due"), self.due_table, self.tr("No visits are due this week.")
        )
        self.due_hint = QLabel(
            self.tr("Enter: visited now (routine) · Shift+Enter: log the visit in detail")
        )
        self.due_hint.setStyleSheet(HINT_STYLE)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.due_section, 1)
        left_layout.addWidget(self.due_hint)

        self.followup_model = FollowupModel(self)
        self.followup_table = RouteTable(self.followup_model)
        self.followup_table.enter_pressed.connect(self.open_followup)
        self.followup_table.shift_enter_pressed.connect(self.open_followup)
        self.followup_section = Section(
            self.tr("Follow-ups"), self.followup_table, self.tr("No follow-ups due this week.")
        )
        self.event_model = EventModel(self)
        self.event_table = RouteTable(self.event_model)
        self.event_table.enter_pressed.connect(self.open_event)
        self.event_table.shift_enter_pressed.connect(self.open_event)
        self.event_section = Section(
            self.tr("My open events"),
            self.event_table,
            self.tr("None of the events you reported is waiting."),
        )
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.followup_section, 3)
        right_layout.addWidget(self.event_section, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        tally_head = QHBoxLayout()
        self.tally_title = QLabel(self.tr("Services today"))
        self.tally_title.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.tally_hint = QLabel(self.tr("press a number key to count one service"))
        self.tally_hint.setStyleSheet(HINT_STYLE)
        self.grid_choice = QComboBox()
        self.grid_choice.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.grid_choice.setToolTip(self.tr("The grid the services are counted for"))
        self.grid_label = QLabel("")
        tally_head.addWidget(self.tally_title)
        tally_head.addWidget(self.tally_hint)
        tally_head.addStretch(1)
        tally_head.addWidget(self.grid_label)
        tally_head.addWidget(self.grid_choice)
        layout.addLayout(tally_head)
        self.tally_grid = QGridLayout()
        self.tally_grid.setHorizontalSpacing(6)
        self.tally_grid.setVerticalSpacing(4)
        layout.addLayout(self.tally_grid)

        self._digit_shortcuts: list[QShortcut] = []
        for digit in "1234567890":
            shortcut = QShortcut(self)
            shortcut.setKeys([QKeySequence(digit), QKeySequence(f"Num+{digit}")])
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=digit: self.tally_key(d))
            self._digit_shortcuts.append(shortcut)

        if not ctx.user.can_write:
            self.due_hint.setText(self.tr("Read only: your role sees the lists but logs nothing."))

    # -- page --------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Today")

    def icon_name(self) -> str:
        return "today"

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self:
            install_shortcut(window, self.ctx)

    def _on_data_changed(self, table: str) -> None:
        if not self.isVisible() or table not in self.tables:
            return
        if table == "service_tally":
            self.ctx.spawn(self.refresh_tallies())
        else:
            self.ctx.spawn(self.refresh())

    async def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        view = await self.ctx.bg.read(
            lambda conn: load_today(
                conn, user=self.ctx.user, now=datetime.now(), lang=self.ctx.lang
            )
        )
        if generation != self._generation:
            return  # a later refresh is on its way
        self.apply(view)

    async def refresh_tallies(self) -> None:
        if self.view is None:
            await self.refresh()
            return
        counts = await self.ctx.bg.read(
            lambda conn: tallied_today(
                conn, account_id=self.ctx.user.account_id, as_of=datetime.now().date()
            )
        )
        self.view.tallied.clear()
        self.view.tallied.update(counts)
        self._update_tally_counts()

    def apply(self, view: TodayView) -> None:
        """Show a freshly read view, keeping the place in each list."""
        self.view = view
        locale = QLocale(self.ctx.lang)
        self.date_label.setText(
            locale.toString(
                QDate(view.as_of.year, view.as_of.month, view.as_of.day),
                QLocale.FormatType.LongFormat,
            )
        )
        self._set_rows(self.due_table, self.due_model, view.due)
        self._set_rows(self.followup_table, self.followup_model, view.followups)
        self._set_rows(self.event_table, self.event_model, view.my_events)
        many_grids = len({r.grid_code for r in view.due}) > 1
        self.due_table.setColumnHidden(DueModel.GRID, not many_grids)
        self.due_section.show_counts(
            len(view.due),
            view.overdue_count,
            self.tr("%n overdue", "", view.overdue_count),
        )
        late_followups = sum(1 for r in view.followups if r.overdue)
        self.followup_section.show_counts(
            len(view.followups), late_followups, self.tr("%n overdue", "", late_followups)
        )
        late_events = sum(1 for r in view.my_events if r.overdue)
        self.event_section.show_counts(
            len(view.my_events), late_events, self.tr("%n past the deadline", "", late_events)
        )
        self._fit_columns()
        self._build_tally_bar(view)
        if self.isVisible() and self.ctx.user.can_write and not self.focusWidget():
            self.due_table.setFocus()

    @staticmethod
    def _set_rows(table: RouteTable, model: RowsModel[Any], rows: Sequence[Any]) -> None:
        current = table.currentIndex().row()
        model.set_rows(rows)
        table.select_row(current if current >= 0 else 0)

    def _fit_columns(self) -> None:
        """Columns as wide as their contents (at most 260 px); the last fills the rest."""
        for table in (self.due_table, self.followup_table, self.event_table):
            header = table.horizontalHeader()
            for column in range(header.count() - 1):
                if not table.isColumnHidden(column):
                    table.resizeColumnToContents(column)
                    header.resizeSection(column, min(header.sectionSize(column), 260))

    # -- tallies -----------------------------------------------------------

    def _build_tally_bar(self, view: TodayView) -> None:
        codes = [(t.code, t.name, t.key) for t in view.tally_types]
        if codes != [(t.code, t.name, t.key) for t in self._tally_types]:
            for button in self._tally_buttons.values():
                button.setParent(None)
            self._tally_buttons.clear()
            self._tally_types = list(view.tally_types)
            for n, kind in enumerate(self._tally_types):
                button = TallyButton(kind.key, kind.name)
                button.setToolTip(self.tr("Count one “%1” service").replace("%1", kind.name))
                button.clicked.connect(lambda _checked=False, code=kind.code: self.tally(code))
                self.tally_grid.addWidget(button, n // 5, n % 5)
                self._tally_buttons[kind.code] = button
        current = self.grid_choice.currentData()
        if [self.grid_choice.itemData(i) for i in range(self.grid_choice.count())] != [
            g for g, _n in view.grids
        ]:
            self.grid_choice.clear()
            for code, name in view.grids:
                self.grid_choice.addItem(name, code)
            found = self.grid_choice.findData(current)
            self.grid_choice.setCurrentIndex(max(0, found))
        self.grid_choice.setVisible(len(view.grids) > 1)
        if len(view.grids) == 1:
            self.grid_label.setText(self.tr("for %1").replace("%1", view.grids[0][1]))
        elif not view.grids:
            self.grid_label.setText(self.tr("no grid of yours to count for"))
        else:
            self.grid_label.setText(self.tr("for grid"))
        enabled = self.ctx.user.can_write and bool(view.grids)
        for button in self._tally_buttons.values():
            button.setEnabled(enabled)
        self._update_tally_counts()

    def _update_tally_counts(self) -> None:
        tallied = self.view.tallied if self.view else {}
        for kind in self._tally_types:
            button = self._tally_buttons.get(kind.code)
            if button is None:
                continue
            button.set_count(tallied.get(kind.code, 0))

    def tally_grid_code(self) -> str | None:
        if self.view is None or not self.view.grids:
            return None
        if len(self.view.grids) == 1:
            return self.view.grids[0][0]
        code = self.grid_choice.currentData()
        return str(code) if code else None

    def tally_key(self, digit: str) -> None:
        kind = next((t for t in self._tally_types if t.key == digit), None)
        if kind is not None:
            self.tally(kind.code)

    def tally(self, type_code: str) -> None:
        self.ctx.spawn(self.add_tally(type_code))

    async def add_tally(self, type_code: str) -> str | None:
        """Count one service of ``type_code`` today for the chosen grid (undoable)."""
        kind = next((t for t in self._tally_types if t.code == type_code), None)
        grid = self.tally_grid_code()
        if kind is None or grid is None or not self.ctx.user.can_write:
            if not self.ctx.user.can_write:
                self.ctx.bridge.status.emit(self.tr("Read only: your role cannot count services."))
            return None
        row_id: str = await self.ctx.bg.write(
            lambda s: services.tally_service(session=s, grid_code=grid, type_code=type_code).id,
            actor=self.ctx.actor,
        )
        self.ctx.bridge.data_changed.emit("service_tally")
        label = self.tr("one “%1” service").replace("%1", kind.name)

        async def reverse() -> None:
            await self.ctx.bg.write(
                lambda s: services.void_service_tally(session=s, tally_id=row_id),
                actor=self.ctx.actor,
            )
            self.ctx.bridge.data_changed.emit("service_tally")

        self.undo.push(label, reverse)
        self.ctx.bridge.status.emit(self.tr("Counted %1 — Ctrl+Z undoes it").replace("%1", label))
        return row_id

    # -- visits ------------------------------------------------------------

    def _due_row(self, row: int) -> DueRow | None:
        return self.due_model.row_at(row)

    def mark_done(self, row: int) -> None:
        due = self._due_row(row)
        if due is not None:
            self.ctx.spawn(self.mark_visited(due))

    async def mark_visited(self, due: DueRow) -> str | None:
        """Log a routine visit now for a due row (undoable)."""
        if not self.ctx.user.can_write:
            self.ctx.bridge.status.emit(self.tr("Read only: your role cannot log visits."))
            return None
        who = due.name if due.person_id else self.tr("%1's household").replace("%1", due.name)
        label = self.tr("visit to %1").replace("%1", f"{due.address} {who}".strip())
        saved = await save_visit(
            self.ctx,
            services.VisitIn(
                household_id=due.household_id, person_id=due.person_id, kind="routine"
            ),
            label=label,
        )
        self.ctx.bridge.status.emit(
            self.tr("Visit logged: %1 — Ctrl+Z undoes it").replace("%1", label)
        )
        return saved.visit_id

    def open_visit_form(self, row: int) -> VisitDialog | None:
        due = self._due_row(row)
        if due is None:
            return None
        return self.open_dialog(due.household_id, due.person_id)

    def open_dialog(
        self,
        household_id: str,
        person_id: str | None,
        *,
        kind: str = "routine",
        followup_of: str | None = None,
    ) -> VisitDialog:
        dialog = VisitDialog(
            self.ctx, household_id, person_id, self, kind=kind, followup_of=followup_of
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open_dialogs.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        dialog.open()  # window-modal without a nested event loop (qasync-safe)
        return dialog

    def _dialog_closed(self, dialog: VisitDialog) -> None:
        if dialog in self._open_dialogs:
            self._open_dialogs.remove(dialog)
        self.due_table.setFocus()

    def open_followup(self, row: int) -> None:
        item = self.followup_model.row_at(row)
        if item is None:
            return
        if item.kind == "visit" and item.household_id:
            if self.ctx.user.can_write:
                self.open_dialog(
                    item.household_id, item.person_id, kind="followup", followup_of=item.ref_id
                )
        elif item.kind == "dispute":
            self._open_elsewhere("DisputesPage", item.record_id)
        else:
            self._open_elsewhere("EventsPage", item.record_id)

    def open_event(self, row: int) -> None:
        item = self.event_model.row_at(row)
        if item is not None:
            self._open_elsewhere("EventsPage", item.event_id)

    def _open_elsewhere(self, page_name: str, record_id: str) -> None:
        """Show a record on its own page (the page's ``show_record(id)`` if it has one)."""
        window: Any = self.window()
        go_to = getattr(window, "go_to", None)
        if go_to is None:
            return
        page = go_to(page_name)
        show = getattr(page, "show_record", None)
        if callable(show):
            show(record_id)

    def _undo_changed(self, label: str) -> None:
        self.undo_button.setEnabled(bool(label))
        self.undo_button.setToolTip(
            self.tr("Undo %1").replace("%1", label) if label else self.tr("Nothing to undo.")
        )
