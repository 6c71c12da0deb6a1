"""The Settings page (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.pages.base import Page


class SettingsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.title()))

    def title(self) -> str:
        return self.tr("Settings")

    def icon_name(self) -> str:
        return "settings"
