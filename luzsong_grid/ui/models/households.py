"""Item models of the Households page.

:class:`HouseholdTableModel` shows every household of a scope (115k at
district scope) without holding them: it knows the ordered ids and fetches
the row values a block at a time, in the background, when the view first
asks for a row of that block; a bounded cache keeps the blocks around the
ones in view. :class:`LinesModel` is a plain read-only table of ready-made
lines for the smaller tables (members, visits, search hits...).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from luzsong_grid.domain.visits import DueState
from luzsong_grid.views.households import HouseholdDue, HouseholdRow

OVERDUE_COLOR = QColor("#b3261e")
DUE_SOON_COLOR = QColor("#8a5a00")
MUTED_COLOR = QColor("#777777")

Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[list[str]], Awaitable[list[HouseholdRow]]]
Spawner = Callable[[Coroutine[Any, Any, Any]], None]


class HouseholdTableModel(QAbstractTableModel):
    """Households, one a row, fetched lazily in blocks of :attr:`BLOCK` rows."""

    BLOCK = 100
    MAX_BLOCKS = 40  # cached blocks (4,000 rows): several screens either side

    ADDRESS, HEAD, MEMBERS, GRID, TAGS, LAST_VISIT, DUE = range(7)
    COLUMNS = 7

    def __init__(self, loader: Loader, spawn: Spawner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._spawn = spawn
        self._ids: list[str] = []
        self._blocks: OrderedDict[int, dict[str, HouseholdRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._due: Mapping[str, HouseholdDue] = {}
        self._tag_names: Mapping[str, str] = {}
        self.block_loads = 0  # how many blocks were fetched (for tests and benchmarks)

    # -- contents ---------------------------------------------------------

    def set_ids(self, ids: Sequence[str]) -> None:
        """Show these households. The same list again keeps the view where it
        is and only refetches the rows (after an edit, say)."""
        new = list(ids)
        self._generation += 1
        self._pending.clear()
        if new == self._ids:
            self._blocks.clear()
            if new:
                self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, self.COLUMNS - 1))
            return
        self.beginResetModel()
        self._ids = new
        self._blocks.clear()
        self.endResetModel()

    def set_due(self, due: Mapping[str, HouseholdDue]) -> None:
        self._due = due
        # Only rows of cached blocks can be on screen; the others read the
        # new states when they are fetched and painted.
        for block in sorted(self._blocks):
            first = block * self.BLOCK
            last = min(first + self.BLOCK, len(self._ids)) - 1
            if first <= last:
                self.dataChanged.emit(self.index(first, self.DUE), self.index(last, self.DUE))

    def set_tag_names(self, names: Mapping[str, str]) -> None:
        """code → label of the tags this user may see (others are not shown)."""
        self._tag_names = names

    def household_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, household_id: str) -> int:
        try:
            return self._ids.index(household_id)
        except ValueError:
            return -1

    def cached_row(self, row: int) -> HouseholdRow | None:
        hid = self.household_id(row)
        if hid is None:
            return None
        block = self._blocks.get(row // self.BLOCK)
        return block.get(hid) if block is not None else None

    def ids(self) -> list[str]:
        return list(self._ids)

    # -- lazy loading -----------------------------------------------------

    def _request(self, block: int) -> None:
        if block in self._pending or block in self._blocks:
            return
        self._pending.add(block)
        self._spawn(self._load(block, self._generation))

    async def _load(self, block: int, generation: int) -> None:
        start = block * self.BLOCK
        ids = self._ids[start : start + self.BLOCK]
        try:
            rows = await self._loader(ids)
        finally:
            if generation == self._generation:
                self._pending.discard(block)
        if generation != self._generation or not ids:
            return
        self._blocks[block] = {r.id: r for r in rows}
        self.block_loads += 1
        while len(self._blocks) > self.MAX_BLOCKS:
            far = max(self._blocks, key=lambda b: abs(b - block))
            del self._blocks[far]
        end = min(start + self.BLOCK, len(self._ids)) - 1
        self.dataChanged.emit(self.index(start, 0), self.index(end, self.COLUMNS - 1))

    async def load_rows(self, first: int, last: int) -> None:
        """Fetch the blocks holding rows ``first``..``last`` now (tests, prefetch)."""
        for block in range(max(0, first) // self.BLOCK, max(0, last) // self.BLOCK + 1):
            if block * self.BLOCK < len(self._ids) and block not in self._blocks:
                self._pending.add(block)
                await self._load(block, self._generation)

    # -- Qt model interface -----------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("Address"),
                self.tr("Head"),
                self.tr("Members"),
                self.tr("Grid"),
                self.tr("Tags"),
                self.tr("Last visit"),
                self.tr("Visit due"),
            )[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= col < self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        if col == self.DUE:
            return self._due_data(self._ids[row], role)
        block = row // self.BLOCK
        item = self._blocks.get(block, {}).get(self._ids[row])
        if item is None:
            if block not in self._blocks:
                self._request(block)
            if role == Qt.ItemDataRole.DisplayRole and col == self.ADDRESS:
                return "…"
            return None
        self._blocks.move_to_end(block)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.MEMBERS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.ADDRESS and item.household_no:
                return self.tr("Household no. %1").replace("%1", item.household_no)
            if col == self.TAGS:
                return self._tags_text(item) or None
            return None
        if col == self.ADDRESS:
            return item.address
        if col == self.HEAD:
            return item.head_name
        if col == self.MEMBERS:
            return str(item.members)
        if col == self.GRID:
            return item.grid_name
        if col == self.TAGS:
            return self._tags_text(item)
        if col == self.LAST_VISIT:
            return item.last_visit.isoformat() if item.last_visit else self.tr("never")
        return None

    def _tags_text(self, item: HouseholdRow) -> str:
        return "、".join(self._tag_names[c] for c in item.tags if c in self._tag_names)

    def _due_data(self, household_id: str, role: int) -> Any:
        due = self._due.get(household_id)
        if due is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if due.state is DueState.OVERDUE:
                return OVERDUE_COLOR
            return DUE_SOON_COLOR if due.state is DueState.DUE_SOON else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Next visit due on %1").replace("%1", due.due.isoformat())
        if role == Qt.ItemDataRole.DisplayRole:
            if due.state is DueState.OVERDUE:
                return self.tr("Overdue since %1").replace("%1", due.due.isoformat())
            if due.state is DueState.DUE_SOON:
                return self.tr("Due %1").replace("%1", due.due.isoformat())
            return due.due.isoformat()
        return None


@dataclass(frozen=True)
class Line:
    """One row of a :class:`LinesModel`: its cells, a key (an id) and how it looks."""

    cells: tuple[str, ...]
    key: Any = None
    color: str | None = None  # "overdue" | "muted" | None
    tooltip: str | None = None


class LinesModel(QAbstractTableModel):
    """A read-only table of ready-made lines."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._lines: list[Line] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def set_lines(self, lines: Sequence[Line]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def replace_line(self, row: int, line: Line) -> None:
        if 0 <= row < len(self._lines):
            self._lines[row] = line
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))

    def line(self, row: int) -> Line | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def lines(self) -> list[Line]:
        return list(self._lines)

    def row_of(self, key: Any) -> int:
        return next((n for n, line in enumerate(self._lines) if line.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._lines) and 0 <= col < len(self._headers)):
            return None
        line = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.cells[col] if col < len(line.cells) else ""
        if role == Qt.ItemDataRole.UserRole:
            return line.key
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.tooltip
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.color == "overdue":
                return OVERDUE_COLOR
            if line.color == "muted":
                return MUTED_COLOR
        return None
