"""The audit-log viewer (操作日志) for supervisors, community staff and admins:
who changed what, when, from which device."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from luzsong_grid.auth import UserContext
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.views.audit import AuditEntry, audit_entries, table_label

Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    def __init__(self, lang: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.rows: list[AuditEntry] = []
        self.headers = [
            self.tr("When"),
            self.tr("Who"),
            self.tr("Device"),
            self.tr("Record"),
            self.tr("Action"),
            self.tr("Changes"),
        ]
        self.actions = {
            "insert": self.tr("added"),
            "patch": self.tr("changed"),
            "delete": self.tr("deleted"),
            "transition": self.tr("moved on"),
            "reveal": self.tr("revealed a number"),
            "seed": self.tr("catalogues loaded"),
            "demo": self.tr("demo data made"),
        }

    def set_rows(self, rows: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return entry.at
        if column == 1:
            return entry.account
        if column == 2:
            return entry.device_id[-8:]
        if column == 3:
            kind = table_label(entry.table_name, self.lang)
            if entry.subject:
                return f"{kind} · {entry.subject}"
            return f"{kind} {entry.row_id[-8:]}" if entry.row_id else kind
        if column == 4:
            action = entry.action.removeprefix("remote_")
            label = self.actions.get(action, action)
            return label + (self.tr(" (synced)") if entry.action.startswith("remote_") else "")
        text = entry.summary
        return text if role == Qt.ItemDataRole.ToolTipRole or len(text) < 160 else text[:157] + "…"


class AuditPage(Page):
    tables = frozenset()

    @classmethod
    def visible_for(cls, user: UserContext) -> bool:
        return user.role in ("supervisor", "staff", "admin")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(self.title())
        heading.setObjectName("heading")
        layout.addWidget(heading)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by person, record or change…"))
        layout.addWidget(self.filter)
        self.model = AuditModel(ctx.lang, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout.addWidget(self.view, 1)
        self.note = QLabel(
            self.tr("Newest first. ID and phone numbers are stored masked in the log.")
        )
        layout.addWidget(self.note)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(lambda: self.ctx.spawn(self.refresh()))
        self.filter.textChanged.connect(lambda _text: self._debounce.start())

    def title(self) -> str:
        return self.tr("Audit log")

    def icon_name(self) -> str:
        return "audit"

    async def refresh(self) -> None:
        user = self.ctx.user
        grids = None if user.scope.grids is None else tuple(user.scope.grids)
        text, lang = self.filter.text().strip(), self.ctx.lang
        rows = await self.ctx.bg.read(
            lambda conn: audit_entries(conn, grids=grids, text=text, lang=lang)
        )
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
