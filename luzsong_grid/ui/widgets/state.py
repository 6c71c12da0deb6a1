"""UI state kept between runs: column widths (window geometry is MainWindow's).

UI state is not a preference: it lives under QSettings keys starting with
``ui/`` (:data:`luzsong_grid.settings.UI_STATE_PREFIX`), apart from the
declared settings.

    remember_columns(self.table, "households/members")

restores the widths saved under that key as soon as the view has columns
(now, or when its model arrives or is reset) and saves them whenever the
user resizes a column.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

from luzsong_grid.settings import UI_STATE_PREFIX

SAVE_DELAY_MS = 400


def columns_key(key: str) -> str:
    return f"{UI_STATE_PREFIX}columns/{key}"


def saved_widths(key: str) -> list[int]:
    raw = QSettings().value(columns_key(key))
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    widths: list[int] = []
    for item in items:
        try:
            widths.append(int(item))
        except (TypeError, ValueError):
            return []
    return widths


class ColumnMemory(QObject):
    """Restores and saves the column widths of one view (its child object)."""

    def __init__(self, view: QTableView | QTreeView, key: str) -> None:
        super().__init__(view)
        self.key = key
        self.header: QHeaderView = (
            view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        )
        self._restoring = False
        self._restored = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.header.sectionResized.connect(self._resized)
        self.header.sectionCountChanged.connect(self._count_changed)
        self.restore()

    def restore(self) -> None:
        count = self.header.count()
        if count == 0:
            return
        widths = saved_widths(self.key)
        self._restoring = True
        try:
            last = count - 1 if self.header.stretchLastSection() else count
            for index, width in enumerate(widths[:last]):
                if width > 0:
                    self.header.resizeSection(index, width)
        finally:
            self._restoring = False
        self._restored = True

    def save(self) -> None:
        widths = [self.header.sectionSize(i) for i in range(self.header.count())]
        if widths:
            QSettings().setValue(columns_key(self.key), widths)

    def _resized(self, _index: int, _old: int, _new: int) -> None:
        if not self._restoring and self._restored:
            self._timer.start()

    def _count_changed(self, _old: int, new: int) -> None:
        if new > 0:
            self.restore()


def remember_columns(view: QAbstractItemView, key: str) -> ColumnMemory:
    """Keep ``view``'s column widths under ``ui/columns/<key>``."""
    if not isinstance(view, QTableView | QTreeView):
        raise TypeError("remember_columns needs a QTableView or a QTreeView")
    return ColumnMemory(view, key)
