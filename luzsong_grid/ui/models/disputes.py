"""Item models of the Disputes page: the ledger, and a dispute's parties,
workflow history and follow-up visits. Each holds plain row values read by
:mod:`luzsong_grid.views.disputes`; :class:`RecordTableModel` is the small
table model they share (the Events page uses it too)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from luzsong_grid.domain import workflow
from luzsong_grid.views.disputes import DisputeRow, FollowupRow, PartyRow, StepRow

OVERDUE = "#b3261e"
MUTED = "#5f6b7a"
ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


@dataclass(frozen=True)
class Column:
    """One column: its header and how a row shows in it."""

    header: str
    text: Callable[[Any], str]
    color: Callable[[Any], str | None] | None = None  # text colour
    background: Callable[[Any], str | None] | None = None
    bold: Callable[[Any], bool] | None = None
    tooltip: Callable[[Any], str] | None = None


class RecordTableModel(QAbstractTableModel):
    """A read-only table of row values (dataclasses with an ``id``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.columns: list[Column] = self.make_columns()

    def make_columns(self) -> list[Column]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if getattr(r, "id", None) == row_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            color = column.background(row)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.FontRole and column.bold is not None and column.bold(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else column.text(row)
        if role == ID_ROLE:
            return getattr(row, "id", None)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _red_if(flag: Callable[[Any], bool]) -> Callable[[Any], str | None]:
    return lambda row: OVERDUE if flag(row) else None


class DisputeLedgerModel(RecordTableModel):
    GRID_COLUMN = 7

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        self.lang = lang
        super().__init__(parent)

    def make_columns(self) -> list[Column]:
        def deadline(row: DisputeRow) -> str:
            return day(row.deadline) + (" " + self.tr("overdue") if row.overdue else "")

        return [
            Column(self.tr("Accepted"), lambda r: day(r.accepted_on)),
            Column(self.tr("Parties"), lambda r: r.parties),
            Column(self.tr("Type"), lambda r: r.type_name),
            Column(self.tr("Status"), lambda r: workflow.label(r.status, self.lang)),
            Column(
                self.tr("Deadline"),
                deadline,
                color=_red_if(lambda r: r.overdue),
                bold=lambda r: r.overdue,
            ),
            Column(self.tr("Result"), lambda r: r.result_name),
            Column(self.tr("Source"), lambda r: r.source_name),
            Column(self.tr("Grid"), lambda r: r.grid_name),
            Column(self.tr("Case no."), lambda r: r.case_no),
        ]


class PartyModel(RecordTableModel):
    """The parties of one dispute; ID and phone masked unless revealed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.revealed: dict[tuple[str, str], str] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.revealed = {}
        super().set_rows(rows)

    def reveal(self, party_id: str, field: str, value: str) -> None:
        self.revealed[(party_id, field)] = value
        row = self.row_of(party_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _shown(self, row: PartyRow, field: str) -> str:
        masked = row.id_number if field == "id_number" else row.phone
        return self.revealed.get((row.id, field), masked)

    def make_columns(self) -> list[Column]:
        return [
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Role"), lambda r: r.role_name),
            Column(self.tr("ID number"), lambda r: self._shown(r, "id_number")),
            Column(self.tr("Phone"), lambda r: self._shown(r, "phone")),
        ]


class DisputeStepModel(RecordTableModel):
    """The workflow history of one dispute, oldest first."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        self.lang = lang
        super().__init__(parent)

    def _move(self, row: StepRow) -> str:
        to = workflow.label(row.to_status, self.lang)
        if not row.from_status:
            return to
        return f"{workflow.label(row.from_status, self.lang)} → {to}"

    def make_columns(self) -> list[Column]:
        return [
            Column(self.tr("When"), lambda r: moment(r.at)),
            Column(self.tr("By"), lambda r: r.by),
            Column(self.tr("Change"), self._move),
            Column(self.tr("Note"), lambda r: r.note),
        ]


class FollowupModel(RecordTableModel):
    """The follow-up visits (回访) of one dispute; an overdue one in red."""

    def satisfaction(self, code: str) -> str:
        return {
            "satisfied": self.tr("Satisfied"),
            "basically": self.tr("Basically satisfied"),
            "unsatisfied": self.tr("Not satisfied"),
        }.get(code, code)

    def make_columns(self) -> list[Column]:
        def done(row: FollowupRow) -> str:
            if row.done_on is None:
                return self.tr("overdue") if row.overdue else self.tr("to do")
            return day(row.done_on)

        def performed(row: FollowupRow) -> str:
            if row.done_on is None:
                return ""
            return self.tr("Performed") if row.performed else self.tr("Not performed")

        return [
            Column(
                self.tr("Due"),
                lambda r: day(r.due_on),
                color=_red_if(lambda r: r.overdue),
                bold=lambda r: r.overdue,
            ),
            Column(self.tr("Done"), done, color=_red_if(lambda r: r.overdue)),
            Column(self.tr("By"), lambda r: r.by),
            Column(self.tr("Agreement"), performed),
            Column(self.tr("Satisfaction"), lambda r: self.satisfaction(r.satisfaction)),
            Column(self.tr("Remaining risk"), lambda r: r.remaining_risk),
            Column(self.tr("Note"), lambda r: r.note),
        ]
