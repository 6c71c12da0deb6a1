"""The rows of a roster import preview: each row of the file with its
verdict (new, updated, already registered, duplicate in the file, rejected,
skipped) and its reasons, filtered by verdict. ID numbers are masked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from luzsong_grid.domain.validation import mask_resident_id
from luzsong_grid.excel import roster_read as rr
from luzsong_grid.excel.roster import REJECTED, VERDICT_LABELS, RosterPlan, RosterRow, Verdict
from luzsong_grid.excel.roster_read import cell_text
from luzsong_grid.i18n import translate

ALL = "all"
REJECTED_ONLY = "rejected"
VERDICT_COLORS = {
    Verdict.NEW: "#1b6e3a",
    Verdict.UPDATE: "#1f4e8c",
    Verdict.UNCHANGED: "#4a5563",
    Verdict.DUPLICATE: "#a35200",
    Verdict.ERROR: "#b3261e",
    Verdict.SKIPPED: "#6b7785",
}
REJECTED_BACKGROUND = "#fbe3e1"

Index = QModelIndex | QPersistentModelIndex


class RosterPreviewModel(QAbstractTableModel):
    SHEET, ROW, VERDICT, NAME, ID_NUMBER, REASON = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = "zh_CN"
        self.rows: list[RosterRow] = []
        self.shown: list[int] = []  # indexes into rows
        self.filter = ALL
        self._positions: dict[str, dict[str, list[int]]] = {}
        self._headers = [
            self.tr("Sheet"),
            self.tr("Row"),
            self.tr("Verdict"),
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Reason or note"),
        ]

    # -- contents ---------------------------------------------------------------

    def set_plan(self, plan: RosterPlan | None, lang: str) -> None:
        self.beginResetModel()
        self.lang = lang
        self.rows = list(plan.rows) if plan is not None else []
        self._positions = {s.name: s.positions for s in plan.sheets} if plan is not None else {}
        self._refilter()
        self.endResetModel()

    def set_filter(self, which: str) -> None:
        """``all``, ``rejected`` (errors and duplicates) or a verdict's value."""
        self.beginResetModel()
        self.filter = which
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        if self.filter == ALL:
            self.shown = list(range(len(self.rows)))
        elif self.filter == REJECTED_ONLY:
            self.shown = [n for n, r in enumerate(self.rows) if r.verdict in REJECTED]
        else:
            self.shown = [n for n, r in enumerate(self.rows) if r.verdict.value == self.filter]

    def row_at(self, row: int) -> RosterRow:
        return self.rows[self.shown[row]]

    def _cell(self, item: RosterRow, field: str) -> str:
        columns = self._positions.get(item.sheet, {}).get(field, [])
        if not columns or columns[0] >= len(item.cells):
            return ""
        return cell_text(item.cells[columns[0]])

    def name_of(self, item: RosterRow) -> str:
        if item.data is not None and item.data.name:
            return item.data.name
        return self._cell(item, rr.NAME)

    def id_of(self, item: RosterRow) -> str:
        number = item.data.id_number if item.data is not None else self._cell(item, rr.ID_NUMBER)
        return mask_resident_id(number) if number else ""

    # -- Qt -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

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
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        item = self.row_at(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.SHEET:
                return item.sheet
            if column == self.ROW:
                return item.row
            if column == self.VERDICT:
                return translate("core", VERDICT_LABELS[item.verdict.value], self.lang)
            if column == self.NAME:
                return self.name_of(item)
            if column == self.ID_NUMBER:
                return self.id_of(item)
            if column == self.REASON:
                return item.reason_text(self.lang)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VERDICT:
            return QColor(VERDICT_COLORS[item.verdict])
        if role == Qt.ItemDataRole.BackgroundRole and item.verdict in REJECTED:
            return QColor(REJECTED_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
