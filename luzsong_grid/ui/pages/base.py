"""What a page of the main window is."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from luzsong_grid.auth import UserContext
from luzsong_grid.ui.context import AppContext


class Page(QWidget):
    """A page: built once, refreshed (asynchronously) whenever it is shown or
    the data it shows changed. Subclasses set ``tables`` to the table names
    whose changes should refresh them."""

    tables: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.bridge.data_changed.connect(self._on_data_changed)

    @classmethod
    def visible_for(cls, user: UserContext) -> bool:
        """Whether the signed-in user sees this page at all."""
        del user
        return True

    def title(self) -> str:
        raise NotImplementedError

    def icon_name(self) -> str:
        return ""

    async def refresh(self) -> None:
        """Reload what the page shows (reads via ctx.bg.read)."""

    def _on_data_changed(self, table: str) -> None:
        if self.isVisible() and (not self.tables or table in self.tables):
            self.ctx.spawn(self.refresh())
