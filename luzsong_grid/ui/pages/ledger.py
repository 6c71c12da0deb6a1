"""What the Disputes and Events pages share: a filterable list of records on
the left, one record's detail on the right, and dialogs that refresh the page
when they save.

``LedgerPage`` builds the frame (heading, the page's main action, the search
box, the status filter, the page's own filters, "overdue only", a count), keeps
the list and the detail in step (a newer refresh or selection always wins
over an older one still reading), and opens dialogs. A subclass says what to
read and how to show it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.models.disputes import OVERDUE, RecordTableModel
from luzsong_grid.ui.pages.base import Page


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
    """Label/value pairs, two pairs a row; a value may be shown in red. A key
    starting with ``*`` takes a whole row."""

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


class _Listed(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def overdue(self) -> bool: ...


class _Detailed(Protocol):
    @property
    def id(self) -> str: ...


Catalog = TypeVar("Catalog")
Row = TypeVar("Row", bound=_Listed)
Detail = TypeVar("Detail", bound=_Detailed)
Choice = TypeVar("Choice")


class LedgerPage(Page, Generic[Catalog, Row, Detail, Choice]):
    """A list of records and one record's detail. Subclasses implement the
    ``read_*`` hooks (which return functions of a read-only connection, run
    in the background) and ``fill``/``show_nothing``."""

    row_type: type[Any] = object
    splitter_sizes = (700, 480)
    widest_column = 180

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.catalog: Catalog | None = None
        self.grids: list[Choice] = []
        self.detail: Detail | None = None
        self.dialog: QDialog | None = None
        self._generation = 0
        self._detail_generation = 0
        self._selecting = False

    # -- building ----------------------------------------------------------

    def build_frame(
        self,
        *,
        action_text: str,
        action: Callable[[], object],
        search_hint: str,
        statuses: Sequence[tuple[str, str]],
        filters: Sequence[QComboBox],
        model: RecordTableModel,
        grid_column: int,
        detail: QWidget,
    ) -> QPushButton:
        """Lay the page out; returns the main action's button. The list's
        ``grid_column`` is hidden when the user sees only one grid."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 10)
        top = QHBoxLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        button = QPushButton(action_text)
        button.clicked.connect(lambda _checked=False: action())
        button.setVisible(self.ctx.user.can_write)
        top.addWidget(button)
        outer.addLayout(top)

        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(230)
        self.status = QComboBox()
        for text, code in statuses:
            self.status.addItem(text, code)
        self.overdue = QCheckBox(QCoreApplication.translate("LedgerPage", "Overdue only"))
        self.count = QLabel("")
        self.count.setStyleSheet("color: #5f6b7a;")
        for widget in (self.search, self.status, *filters, self.overdue):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.count)
        outer.addLayout(row)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.status, *filters):
            combo.currentIndexChanged.connect(self._reload)
        self.overdue.toggled.connect(self._reload)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = model
        self.grid_column = grid_column
        self.table = make_table(model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes(list(self.splitter_sizes))
        outer.addWidget(splitter, 1)
        return button

    # -- what a subclass says ------------------------------------------------

    def read_catalog(self) -> Callable[[Any], tuple[Catalog, list[Choice]]]:
        raise NotImplementedError

    def catalog_loaded(self, catalog: Catalog) -> None:
        """Fill filters that come from the catalogue (UI thread)."""

    def read_rows(self) -> Callable[[Any], list[Row]]:
        """The list query with the filters as they are now (UI thread)."""
        raise NotImplementedError

    def read_detail(self, record_id: str) -> Callable[[Any], Detail | None]:
        raise NotImplementedError

    def fill(self, detail: Detail) -> None:
        raise NotImplementedError

    async def detail_shown(self, detail: Detail, generation: int) -> None:
        """Load anything slow for the detail after it is shown."""

    def show_nothing(self) -> None:
        raise NotImplementedError

    # -- reading -----------------------------------------------------------

    def _reload(self) -> None:
        self.ctx.spawn(self.refresh())

    def selected_id(self) -> str:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if isinstance(row, self.row_type) else ""

    def is_current(self, generation: int) -> bool:
        return generation == self._detail_generation

    async def refresh(self, select: str = "") -> None:
        self._generation += 1
        generation = self._generation
        if self.catalog is None:
            catalog, grids = await self.ctx.bg.read(self.read_catalog())
            if self.catalog is None:
                self.catalog, self.grids = catalog, grids
                self.catalog_loaded(catalog)
                self.table.setColumnHidden(self.grid_column, len(grids) <= 1)
        keep = select or self.selected_id() or (self.detail.id if self.detail else "")
        rows = await self.ctx.bg.read(self.read_rows())
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self.fit_columns()
        n_overdue = sum(r.overdue for r in rows)
        count = QCoreApplication.translate("LedgerPage", "%1 shown").replace("%1", str(len(rows)))
        if n_overdue:
            count += " · " + QCoreApplication.translate("LedgerPage", "%1 overdue").replace(
                "%1", str(n_overdue)
            )
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

    def fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column), self.column_cap(column)))

    def column_cap(self, column: int) -> int:
        """The widest a list column may start."""
        del column
        return self.widest_column

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if self._selecting:
            return
        row = self.model.row_at(current.row())
        if isinstance(row, self.row_type) and (self.detail is None or self.detail.id != row.id):
            self.ctx.spawn(self.show_detail(row.id))

    async def show_detail(self, record_id: str) -> None:
        self._detail_generation += 1
        generation = self._detail_generation
        detail = await self.ctx.bg.read(self.read_detail(record_id))
        if generation != self._detail_generation:
            return
        if detail is None:
            self.show_nothing()
            return
        self.detail = detail
        self.fill(detail)
        await self.detail_shown(detail, generation)

    # -- acting ------------------------------------------------------------

    def open_dialog(self, dialog: QDialog, select: str = "") -> QDialog:
        """Show ``dialog``; when it saves, refresh and select ``select`` (or
        the record the dialog saved)."""
        self.dialog = dialog
        dialog.accepted.connect(
            lambda: self.ctx.spawn(self.refresh(select or getattr(dialog, "saved_id", "")))
        )
        dialog.open()
        return dialog
