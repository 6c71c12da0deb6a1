"""Add or edit a household: grid, address, household number, phone, note,
and its household tags (低保户, 党员户...). Errors appear beside the field;
a failed save keeps what was typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from luzsong_grid.i18n import FieldError, UserError
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.views.households import GridInfo, HouseholdDetail, TagInfo, visible_tags


class HouseholdDialog(QDialog):
    """``household=None`` adds a household; otherwise edits it."""

    saved = Signal(str)  # the household's id

    def __init__(
        self,
        ctx: AppContext,
        *,
        household: HouseholdDetail | None = None,
        grids: list[GridInfo],
        tags: dict[str, TagInfo],
        default_grid: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household = household
        self.saving = False
        self.setWindowTitle(self.tr("Edit household") if household else self.tr("Add household"))
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.errors: dict[str, QLabel] = {}

        def add(field: str, label: str, widget: QWidget) -> None:
            box = QWidget(self)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(widget)
            error = QLabel("", box)
            error.setObjectName("error")
            error.setWordWrap(True)
            error.setVisible(False)
            col.addWidget(error)
            self.errors[field] = error
            form.addRow(label, box)

        self.grid = QComboBox(self)
        for info in grids:
            self.grid.addItem(info.label(ctx.lang), info.code)
        add("grid_code", self.tr("Grid"), self.grid)
        self.address = QLineEdit(self)
        self.address.setMaxLength(200)
        self.address.setPlaceholderText(self.tr("e.g. 馨园花园13栋3单元202室"))
        add("address", self.tr("Address"), self.address)
        self.household_no = QLineEdit(self)
        self.household_no.setMaxLength(40)
        add("household_no", self.tr("Household no."), self.household_no)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(
            self.tr("Leave empty to keep %1").replace("%1", household.phone_masked)
            if household and household.phone_masked
            else self.tr("Mobile, or a 0731 landline")
        )
        add("phone", self.tr("Phone"), self.phone)
        self.note = QLineEdit(self)
        add("note", self.tr("Note"), self.note)

        box = QGroupBox(self.tr("Household tags"), self)
        tag_grid = QGridLayout(box)
        self.tag_boxes: dict[str, QCheckBox] = {}
        codes = visible_tags(
            [c for c, t in tags.items() if t.for_household], tags, ctx.user.sees_sensitive
        )
        for n, code in enumerate(codes):
            check = QCheckBox(tags[code].label(ctx.lang), box)
            self.tag_boxes[code] = check
            tag_grid.addWidget(check, n // 3, n % 3)
        self.errors["tag_code"] = QLabel("", box)
        self.errors["tag_code"].setObjectName("error")
        tag_grid.addWidget(self.errors["tag_code"], tag_grid.rowCount(), 0, 1, 3)

        self.general_error = QLabel("", self)
        self.general_error.setObjectName("error")
        self.general_error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.save_button.clicked.connect(lambda: ctx.spawn(self.save()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        if household is not None:
            index = self.grid.findData(household.grid_code)
            if index < 0:
                self.grid.addItem(household.grid_name, household.grid_code)
                index = self.grid.count() - 1
            self.grid.setCurrentIndex(index)
            self.address.setText(household.address)
            self.household_no.setText(household.household_no)
            self.note.setText(household.note)
            for tag in household.tags:
                if tag.code in self.tag_boxes:
                    self.tag_boxes[tag.code].setChecked(True)
        elif default_grid:
            self.grid.setCurrentIndex(max(0, self.grid.findData(default_grid)))

    def _show_error(self, field: str, text: str) -> None:
        label = self.errors.get(field, self.general_error)
        label.setText(text)
        label.setVisible(True)

    def error_text(self, field: str) -> str:
        label = self.errors.get(field, self.general_error)
        return label.text()

    async def save(self) -> str | None:
        if self.saving:
            return None
        for label in (*self.errors.values(), self.general_error):
            label.setText("")
            label.setVisible(False)
        values: dict[str, Any] = {
            "grid_code": self.grid.currentData() or "",
            "address": self.address.text().strip(),
            "household_no": self.household_no.text().strip(),
            "note": self.note.text().strip(),
        }
        if self.phone.text().strip():
            values["phone"] = self.phone.text().strip()
        if not values["address"]:
            self._show_error("address", self.tr("Enter the address."))
            return None
        household = self.household
        current = {t.code: t.id for t in household.tags} if household else {}
        add = [c for c, b in self.tag_boxes.items() if b.isChecked() and c not in current]
        remove = [
            current[c] for c, b in self.tag_boxes.items() if not b.isChecked() and c in current
        ]

        def job(session: Session) -> str:
            if household is None:
                row = services.create_household(
                    session=session, data=services.HouseholdIn(**values)
                )
            else:
                changed = {
                    k: v
                    for k, v in values.items()
                    if k == "phone" or v != getattr(household, k, None)
                }
                row = services.update_household(
                    session=session,
                    household_id=household.id,
                    patch=services.HouseholdPatch(**changed),
                )
            for code in add:
                services.add_household_tag(session=session, household_id=row.id, tag_code=code)
            for tag_id in remove:
                services.remove_household_tag(session=session, tag_id=tag_id)
            return row.id

        self.saving = True
        self.save_button.setEnabled(False)
        try:
            household_id = await self.ctx.bg.write(job, actor=self.ctx.actor)
        except FieldError as exc:
            self._show_error(exc.field, exc.localized(self.ctx.lang))
            return None
        except UserError as exc:
            self._show_error("", exc.localized(self.ctx.lang))
            return None
        finally:
            self.saving = False
            self.save_button.setEnabled(True)
        for table in ("household", "household_tag", "person"):
            self.ctx.bridge.data_changed.emit(table)
        self.saved.emit(household_id)
        self.accept()
        return household_id
