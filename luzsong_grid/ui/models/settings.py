"""The models behind the Settings page.

- :func:`read` / :func:`write`: this machine's preferences (declared in
  :mod:`luzsong_grid.settings`) in QSettings.
- :class:`RulesModel`: the visit-frequency rules as an editable table whose
  edits wait (highlighted) until saved, so a refused save keeps them.
- :class:`CatalogModel`: one flat catalogue (names in both languages, in use
  or not), edited the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from luzsong_grid.settings import Setting
from luzsong_grid.views.settings import CatalogRow, RuleRow, TagChoice

T = TypeVar("T", str, int, bool)
Index = QModelIndex | QPersistentModelIndex
EDITED = QColor("#fff4ce")
FAILED = QColor("#f9dedc")
NONE_TEXT = "—"


def read(setting: Setting[T]) -> T:
    """This machine's value of ``setting`` (its default if unset or unusable)."""
    return setting.coerce(QSettings().value(setting.key))


def stored(setting: Setting[T]) -> bool:
    """Whether this machine has a value of its own for ``setting``."""
    return bool(QSettings().contains(setting.key))


def write(setting: Setting[T], value: T) -> T:
    """Store ``value`` (coerced: an unusable value stores the default)."""
    value = setting.coerce(value)
    QSettings().setValue(setting.key, value)
    return value


# --------------------------------------------------------------------------
# Visit rules
# --------------------------------------------------------------------------


@dataclass
class RuleEdit:
    """A rule as shown and edited; ``id`` is "" for a rule not yet saved."""

    row: RuleRow
    changed: bool = False

    @property
    def is_new(self) -> bool:
        return self.row.id == ""


class RulesModel(QAbstractTableModel):
    TAG, INTERVAL, MIN_RISK, MAX_RISK, AGE_MIN, NOTE = range(6)
    FIELDS: ClassVar[dict[int, str]] = {
        INTERVAL: "interval_days",
        MIN_RISK: "min_risk",
        MAX_RISK: "max_risk",
        AGE_MIN: "age_min",
    }

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.editable = False
        self.rules: list[RuleEdit] = []
        self.removed: list[RuleRow] = []
        self.failed_row = -1

    # -- loading and pending changes ---------------------------------------

    def load(self, rows: list[RuleRow]) -> None:
        self.beginResetModel()
        self.rules = [RuleEdit(r) for r in rows]
        self.removed = []
        self.failed_row = -1
        self.endResetModel()

    def has_changes(self) -> bool:
        return bool(self.removed) or any(r.changed or r.is_new for r in self.rules)

    def pending(self) -> tuple[list[RuleRow], list[RuleRow], list[RuleRow]]:
        """(new rules, changed rules, removed rules) waiting to be saved."""
        added = [r.row for r in self.rules if r.is_new]
        changed = [r.row for r in self.rules if r.changed and not r.is_new]
        return added, changed, list(self.removed)

    def add_rule(self, tag: TagChoice, interval_days: int = 30) -> int:
        row = len(self.rules)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rules.append(
            RuleEdit(
                RuleRow(
                    "",
                    tag.code,
                    tag.name,
                    tag.name_en,
                    tag.has_risk,
                    interval_days,
                    None,
                    None,
                    None,
                    "",
                    "",
                ),
                changed=True,
            )
        )
        self.endInsertRows()
        return row

    def remove_rule(self, row: int) -> None:
        if not 0 <= row < len(self.rules):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        edit = self.rules.pop(row)
        if not edit.is_new:
            self.removed.append(edit.row)
        self.endRemoveRows()
        self.failed_row = -1

    def mark_failed(self, rule: RuleRow | None) -> int:
        """Highlight the row of ``rule`` (the one a refused save was about)."""
        old = self.failed_row
        self.failed_row = next(
            (n for n, r in enumerate(self.rules) if rule is not None and r.row is rule), -1
        )
        for row in {old, self.failed_row} - {-1}:
            self._row_changed(row)
        return self.failed_row

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.rules):
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- the model ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            QCoreApplication.translate("SettingsModels", "Tag"),
            QCoreApplication.translate("SettingsModels", "Visit every (days)"),
            QCoreApplication.translate("SettingsModels", "Risk level from"),
            QCoreApplication.translate("SettingsModels", "Risk level up to"),
            QCoreApplication.translate("SettingsModels", "Age from"),
            QCoreApplication.translate("SettingsModels", "Note"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def _value(self, rule: RuleRow, column: int) -> int | None:
        value: int | None = getattr(rule, self.FIELDS[column])
        return value

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rules):
            return None
        edit = self.rules[index.row()]
        rule, column = edit.row, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.TAG:
                return rule.tag_label(self.lang)
            if column == self.NOTE:
                return rule.note_label(self.lang)
            value = self._value(rule, column)
            return NONE_TEXT if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole and column in self.FIELDS:
            return self._value(rule, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.FIELDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.row() == self.failed_row:
                return QBrush(FAILED)
            if edit.changed or edit.is_new:
                return QBrush(EDITED)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = index.column()
        rule = self.rules[index.row()].row
        risk_column = column in (self.MIN_RISK, self.MAX_RISK)
        if self.editable and column in self.FIELDS and (rule.has_risk or not risk_column):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return False
        column = index.column()
        if column == self.INTERVAL and value is None:
            return False
        edit = self.rules[index.row()]
        field = self.FIELDS[column]
        if getattr(edit.row, field) == value:
            return True
        changes: dict[str, Any] = {field: value}
        edit.row = replace(edit.row, **changes)
        edit.changed = True
        self._row_changed(index.row())
        return True


# --------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------


@dataclass
class CatalogEdit:
    row: CatalogRow
    changed: bool = False


class CatalogModel(QAbstractTableModel):
    CODE, NAME, NAME_EN, ACTIVE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.editable = False
        self.items: list[CatalogEdit] = []
        self.failed_row = -1

    def load(self, kind: str, rows: list[CatalogRow]) -> None:
        self.beginResetModel()
        self.kind = kind
        self.items = [CatalogEdit(r) for r in rows]
        self.failed_row = -1
        self.endResetModel()

    def has_changes(self) -> bool:
        return any(i.changed for i in self.items)

    def pending(self) -> list[CatalogRow]:
        return [i.row for i in self.items if i.changed]

    def mark_failed(self, code: str | None) -> int:
        old = self.failed_row
        self.failed_row = next((n for n, i in enumerate(self.items) if i.row.code == code), -1)
        for row in {old, self.failed_row} - {-1}:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.ACTIVE))
        return self.failed_row

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            QCoreApplication.translate("SettingsModels", "Code"),
            QCoreApplication.translate("SettingsModels", "Chinese name"),
            QCoreApplication.translate("SettingsModels", "English name"),
            QCoreApplication.translate("SettingsModels", "In use"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        edit = self.items[index.row()]
        item, column = edit.row, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.CODE:
                return item.code
            if column == self.NAME:
                return item.name
            if column == self.NAME_EN:
                return item.name_en
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ACTIVE:
            return Qt.CheckState.Checked if item.active else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.row() == self.failed_row:
                return QBrush(FAILED)
            if edit.changed:
                return QBrush(EDITED)
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QBrush(QColor("#8a8f96"))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in (self.NAME, self.NAME_EN):
            flags |= Qt.ItemFlag.ItemIsEditable
        if index.column() == self.ACTIVE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
            if not self.editable:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.editable:
            return False
        edit = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ACTIVE:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
            new = replace(edit.row, active=checked)
        elif role == Qt.ItemDataRole.EditRole and column in (self.NAME, self.NAME_EN):
            if not isinstance(value, str):
                return False
            field = "name" if column == self.NAME else "name_en"
            changes: dict[str, Any] = {field: value}
            new = replace(edit.row, **changes)
        else:
            return False
        if new != edit.row:
            edit.row = new
            edit.changed = True
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.ACTIVE))
        return True
