"""Item models of the Today page: visits due, follow-ups, my open events.

They hold the plain rows of :mod:`luzsong_grid.views.today` (read on a
background thread) and only format them; a refresh swaps all rows at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from luzsong_grid.domain import workflow
from luzsong_grid.views.today import DueRow, EventRow, FollowupRow

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#b3261e")
SOON = QColor("#8a5a00")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def day_text(day: date | None) -> str:
    return day.isoformat() if day else QCoreApplication.translate("TodayModels", "never")


def moment_text(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def days_text(days: int) -> str:
    """How late (days > 0) or how soon (days <= 0) something is due."""
    if days > 0:
        return QCoreApplication.translate("TodayModels", "%n day(s) overdue", "", days)
    if days == 0:
        return QCoreApplication.translate("TodayModels", "due today")
    return QCoreApplication.translate("TodayModels", "due in %n day(s)", "", -days)


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def headers(self) -> list[str]:
        raise NotImplementedError

    def text(self, row: R, column: int) -> str:
        raise NotImplementedError

    def late(self, row: R) -> bool:
        return False

    def red_columns(self) -> frozenset[int]:
        return frozenset()

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            names = self.headers()
            return names[section] if 0 <= section < len(names) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(self.headers()):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, index.column())
        red = self.late(row) and index.column() in self.red_columns()
        if role == Qt.ItemDataRole.ForegroundRole and red:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.FontRole and red:
            return _bold()
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DueModel(RowsModel[DueRow]):
    """Visits due: grid, address, who, why, last visit, state."""

    GRID, ADDRESS, WHO, STATE, LAST, WHY = range(6)

    def headers(self) -> list[str]:
        return [
            self.tr("Grid"),
            self.tr("Address"),
            self.tr("Who"),
            self.tr("Due"),
            self.tr("Last visit"),
            self.tr("Why"),
        ]

    def text(self, row: DueRow, column: int) -> str:
        if column == self.GRID:
            return row.grid_name
        if column == self.ADDRESS:
            return row.address
        if column == self.WHO:
            if row.person_id is None:
                return self.tr("%1's household").replace("%1", row.name or "—")
            return row.name
        if column == self.WHY:
            every = self.tr("every %n day(s)", "", row.interval_days)
            reason = row.reason or (
                self.tr("Ordinary household") if row.person_id is None else self.tr("Tagged person")
            )
            return f"{reason} · {every}"
        if column == self.LAST:
            return day_text(row.last_visit)
        return days_text(row.days)

    def late(self, row: DueRow) -> bool:
        return row.overdue

    def red_columns(self) -> frozenset[int]:
        return frozenset({self.ADDRESS, self.WHO, self.STATE})

    def find(self, key: tuple[str, str | None]) -> int:
        """The row of (household, person), or -1."""
        return next((n for n, r in enumerate(self._rows) if r.key == key), -1)


class FollowupModel(RowsModel[FollowupRow]):
    """Follow-ups: what, who or which case, details, due, state."""

    DUE, STATE, KIND, TITLE, DETAIL = range(5)

    def headers(self) -> list[str]:
        return [
            self.tr("Due"),
            self.tr("State"),
            self.tr("Follow-up"),
            self.tr("Who / case"),
            self.tr("Details"),
        ]

    def text(self, row: FollowupRow, column: int) -> str:
        if column == self.KIND:
            return {
                "visit": self.tr("Visit follow-up"),
                "dispute": self.tr("Dispute follow-up visit"),
                "event": self.tr("Event deadline"),
            }.get(row.kind, row.kind)
        if column == self.TITLE:
            return row.title
        if column == self.DUE:
            return moment_text(row.due_at) if row.timed else row.due_at.date().isoformat()
        if column == self.STATE:
            return self.tr("Overdue") if row.overdue else self.tr("Due soon")
        return row.detail

    def late(self, row: FollowupRow) -> bool:
        return row.overdue

    def red_columns(self) -> frozenset[int]:
        return frozenset({self.TITLE, self.DUE, self.STATE})


class EventModel(RowsModel[EventRow]):
    """My open events: number, category, status, deadline, summary."""

    NUMBER, STATUS, DEADLINE, CATEGORY, SUMMARY = range(5)

    def headers(self) -> list[str]:
        return [
            self.tr("Event no."),
            self.tr("Status"),
            self.tr("Deadline"),
            self.tr("Category"),
            self.tr("Summary"),
        ]

    def text(self, row: EventRow, column: int) -> str:
        if column == self.NUMBER:
            return row.event_no
        if column == self.CATEGORY:
            return row.category
        if column == self.STATUS:
            return QCoreApplication.translate("core", workflow.LABELS.get(row.status, row.status))
        if column == self.DEADLINE:
            return moment_text(row.deadline)
        return row.summary

    def late(self, row: EventRow) -> bool:
        return row.overdue

    def red_columns(self) -> frozenset[int]:
        return frozenset({self.NUMBER, self.DEADLINE})
