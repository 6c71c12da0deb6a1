"""Add or edit a person of a household, with inline validation.

As the ID number is typed, its checksum is checked and the birth date and
gender it encodes are shown at once (and fill those fields); a number
already registered for someone else is flagged before saving, with a button
that opens that person's household. Errors from the service functions are
shown beside the field they name; a failed save keeps what was typed.

The dialog never shows a full stored ID or phone number: when editing, the
fields start empty with the masked value as a hint, and empty means "keep".
"""

from __future__ import annotations

import json
from datetime import date
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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from luzsong_grid.domain.validation import age_on, parse_resident_id
from luzsong_grid.i18n import FieldError, UserError
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.views.households import (
    Member,
    TagInfo,
    household_of_person,
    id_number_owner,
    visible_tags,
)

RISK_TAG = "severe_mental_disorder"
ID_LENGTH = 18


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel("", parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class PersonDialog(QDialog):
    """``person=None`` adds a member to ``household_id``; otherwise edits it."""

    saved = Signal(str)  # the person's id
    open_household = Signal(str)  # the household of an already registered person

    def __init__(
        self,
        ctx: AppContext,
        household_id: str,
        *,
        person: Member | None = None,
        tags: dict[str, TagInfo],
        relations: list[tuple[str, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.person = person
        self.tags = tags
        self.duplicate_household: str | None = None
        self.saving = False
        self.setWindowTitle(self.tr("Edit person") if person else self.tr("Add person"))
        self.setMinimumWidth(560)
        en = ctx.lang == "en"

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, QLabel] = {}

        def add(field: str, label: str, widget: QWidget, extra: QWidget | None = None) -> None:
            box = QWidget(self)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(widget)
            if extra is not None:
                col.addWidget(extra)
            self.errors[field] = _error_label(box)
            col.addWidget(self.errors[field])
            form.addRow(label, box)

        self.name = QLineEdit(self)
        self.name.setMaxLength(60)
        add("name", self.tr("Name"), self.name)

        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(24)
        self.id_number.setPlaceholderText(
            self.tr("18 characters; leave empty to keep %1").replace("%1", person.id_masked)
            if person and person.has_id
            else self.tr("18 characters")
        )
        self.derived = QLabel("", self)
        self.derived.setObjectName("derived")
        dup_row = QWidget(self)
        dup_layout = QHBoxLayout(dup_row)
        dup_layout.setContentsMargins(0, 0, 0, 0)
        self.duplicate = QLabel("", dup_row)
        self.duplicate.setObjectName("error")
        self.duplicate.setWordWrap(True)
        self.open_existing = QPushButton(self.tr("Open the existing person"), dup_row)
        self.open_existing.clicked.connect(self._open_existing)
        dup_layout.addWidget(self.duplicate, 1)
        dup_layout.addWidget(self.open_existing)
        dup_row.setVisible(False)
        self.duplicate_row = dup_row
        id_box = QWidget(self)
        id_col = QVBoxLayout(id_box)
        id_col.setContentsMargins(0, 0, 0, 0)
        id_col.setSpacing(2)
        id_col.addWidget(self.id_number)
        id_col.addWidget(self.derived)
        id_col.addWidget(dup_row)
        add("id_number", self.tr("ID number"), id_box)

        self.gender = QComboBox(self)
        self.gender.addItem(self.tr("not known"), "")
        self.gender.addItem(self.tr("male"), "M")
        self.gender.addItem(self.tr("female"), "F")
        add("gender", self.tr("Gender"), self.gender)

        self.birth_date = QLineEdit(self)
        self.birth_date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        add("birth_date", self.tr("Birth date"), self.birth_date)

        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(
            self.tr("Leave empty to keep %1").replace("%1", person.phone_masked)
            if person and person.has_phone
            else self.tr("Mobile, or a 0731 landline")
        )
        add("phone", self.tr("Phone"), self.phone)

        self.relation = QComboBox(self)
        self.relation.addItem("", "")
        for code, name, name_en in relations:
            self.relation.addItem(name_en if en else name, code)
        add("relation", self.tr("Relation to the head"), self.relation)

        self.ethnicity = QLineEdit(self)
        self.ethnicity.setMaxLength(20)
        add("ethnicity", self.tr("Ethnic group"), self.ethnicity)

        self.note = QLineEdit(self)
        add("note", self.tr("Note"), self.note)

        # Tags: the ones for persons that this role may see.
        box = QGroupBox(self.tr("Tags"), self)
        grid = QGridLayout(box)
        self.tag_boxes: dict[str, QCheckBox] = {}
        person_codes = [c for c, t in tags.items() if t.for_person]
        shown = visible_tags(person_codes, tags, ctx.user.sees_sensitive)
        for n, code in enumerate(shown):
            check = QCheckBox(tags[code].label(ctx.lang), box)
            self.tag_boxes[code] = check
            grid.addWidget(check, n // 3, n % 3)
        self.risk = QSpinBox(box)
        self.risk.setRange(0, 5)
        self.risk.setEnabled(False)
        if RISK_TAG in self.tag_boxes:
            row = len(shown) // 3 + 1
            grid.addWidget(QLabel(self.tr("Risk level (0-5)"), box), row, 0)
            grid.addWidget(self.risk, row, 1)
            self.tag_boxes[RISK_TAG].toggled.connect(self.risk.setEnabled)
        self.errors["tag_code"] = _error_label(box)
        self.errors["risk_level"] = self.errors["tag_code"]
        grid.addWidget(self.errors["tag_code"], grid.rowCount(), 0, 1, 3)

        self.general_error = _error_label(self)
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

        self._fill()
        self.id_number.textChanged.connect(self._id_changed)

    # -- filling and live checks ----------------------------------------------

    def _fill(self) -> None:
        person = self.person
        if person is None:
            return
        self.name.setText(person.name)
        self.gender.setCurrentIndex(max(0, self.gender.findData(person.gender)))
        if person.birth_date:
            self.birth_date.setText(person.birth_date.isoformat())
        self.relation.setCurrentIndex(max(0, self.relation.findData(person.relation)))
        self.ethnicity.setText(person.ethnicity)
        self.note.setText(person.note)
        for tag in person.tags:
            check = self.tag_boxes.get(tag.code)
            if check is not None:
                check.setChecked(True)
            if tag.code == RISK_TAG:
                level = json.loads(tag.attrs or "{}").get("risk_level")
                if isinstance(level, int):
                    self.risk.setValue(level)

    def _id_changed(self, text: str) -> None:
        self._clear_error("id_number")
        self.duplicate_row.setVisible(False)
        self.duplicate_household = None
        cleaned = "".join(text.split())
        self.gender.setEnabled(True)
        self.birth_date.setEnabled(True)
        if not cleaned:
            self.derived.setText("")
            return
        if len(cleaned) < ID_LENGTH and cleaned[:17].isdigit():
            self.derived.setText(self.tr("%1 of 18 characters").replace("%1", str(len(cleaned))))
            return
        try:
            rid = parse_resident_id(cleaned)
        except UserError as exc:
            self.derived.setText("")
            self._show_error("id_number", exc.localized(self.ctx.lang))
            return
        gender = self.tr("male") if rid.gender == "M" else self.tr("female")
        age = age_on(rid.birth_date, date.today())
        self.derived.setText(
            self.tr("Born %1 · %2 · %3 years old")
            .replace("%1", rid.birth_date.isoformat())
            .replace("%2", gender)
            .replace("%3", str(age))
        )
        self.gender.setCurrentIndex(self.gender.findData(rid.gender))
        self.birth_date.setText(rid.birth_date.isoformat())
        self.gender.setEnabled(False)
        self.birth_date.setEnabled(False)
        self.ctx.spawn(self._check_duplicate(rid.number))

    async def _check_duplicate(self, number: str) -> None:
        exclude = self.person.id if self.person else None
        owner = await self.ctx.bg.read(lambda conn: id_number_owner(conn, number, exclude=exclude))
        if owner is None or "".join(self.id_number.text().split()).upper() != number:
            return
        self._show_duplicate(owner[1], owner[2])

    def _show_duplicate(self, name: str, household_id: str | None) -> None:
        self.duplicate.setText(self.tr("Already registered for %1.").replace("%1", name))
        self.duplicate_household = household_id
        self.open_existing.setVisible(household_id is not None)
        self.duplicate_row.setVisible(True)

    def _open_existing(self) -> None:
        if self.duplicate_household:
            self.open_household.emit(self.duplicate_household)
            self.reject()

    def _show_error(self, field: str, text: str) -> None:
        label = self.errors.get(field, self.general_error)
        label.setText(text)
        label.setVisible(True)

    def _clear_error(self, field: str) -> None:
        label = self.errors.get(field)
        if label is not None:
            label.setVisible(False)
            label.setText("")

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.setVisible(False)
            label.setText("")

    def error_text(self, field: str) -> str:
        label = self.errors.get(field, self.general_error)
        return label.text() if label.isVisible() or label.text() else ""

    # -- saving ------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": self.name.text().strip(),
            "gender": self.gender.currentData() or "",
            "relation": self.relation.currentData() or "",
            "ethnicity": self.ethnicity.text().strip(),
            "note": self.note.text().strip(),
        }
        id_text = "".join(self.id_number.text().split())
        if id_text:
            values["id_number"] = id_text
        phone = self.phone.text().strip()
        if phone:
            values["phone"] = phone
        birth = self.birth_date.text().strip()
        if birth:
            try:
                values["birth_date"] = date.fromisoformat(birth)
            except ValueError:
                raise FieldError("birth_date", "bad date") from None
        elif self.person is None or not self.person.birth_date:
            values["birth_date"] = None
        if values.get("id_number"):  # the ID decides; the service checks again
            values.pop("gender", None)
            values.pop("birth_date", None)
        return values

    def _tag_changes(
        self,
    ) -> tuple[list[tuple[str, dict[str, Any]]], list[str], list[tuple[str, dict[str, Any]]]]:
        """(tags to add with attrs, tag rows to remove, tag rows whose attrs change)."""
        current = {t.code: t for t in self.person.tags} if self.person else {}
        add: list[tuple[str, dict[str, Any]]] = []
        remove: list[str] = []
        update: list[tuple[str, dict[str, Any]]] = []
        for code, check in self.tag_boxes.items():
            had = current.get(code)
            attrs: dict[str, Any] = json.loads(had.attrs or "{}") if had else {}
            if code == RISK_TAG:
                attrs["risk_level"] = self.risk.value()
            if check.isChecked() and had is None:
                add.append((code, attrs if code == RISK_TAG else {}))
            elif not check.isChecked() and had is not None:
                remove.append(had.id)
            elif had is not None and code == RISK_TAG and attrs != json.loads(had.attrs or "{}"):
                update.append((had.id, attrs))
        return add, remove, update

    async def save(self) -> str | None:
        """Validate and save in one transaction; returns the person's id, or
        ``None`` (with the errors shown) if nothing was saved."""
        if self.saving:
            return None
        self._clear_errors()
        try:
            values = self._values()
        except FieldError:
            self._show_error("birth_date", self.tr("Write the date as YYYY-MM-DD."))
            return None
        if not values["name"]:
            self._show_error("name", self.tr("Enter the name."))
            return None
        if values.get("id_number"):
            try:
                parse_resident_id(values["id_number"])
            except UserError as exc:
                self._show_error("id_number", exc.localized(self.ctx.lang))
                return None
        add, remove, update = self._tag_changes()
        household_id, person = self.household_id, self.person

        def job(session: Session) -> str:
            if person is None:
                data = services.PersonIn(**values)
                row = services.create_person(session=session, household_id=household_id, data=data)
            else:
                changed = {k: v for k, v in values.items() if _differs(person, k, v)}
                row = services.update_person(
                    session=session, person_id=person.id, patch=services.PersonPatch(**changed)
                )
            for code, attrs in add:
                services.add_person_tag(
                    session=session, person_id=row.id, tag_code=code, attrs=attrs
                )
            for tag_id in remove:
                services.remove_person_tag(session=session, tag_id=tag_id)
            for tag_id, attrs in update:
                services.update_person_tag(session=session, tag_id=tag_id, attrs=attrs)
            return row.id

        self.saving = True
        self.save_button.setEnabled(False)
        try:
            person_id = await self.ctx.bg.write(job, actor=self.ctx.actor)
        except services.DuplicateIdError as exc:
            self._show_error("id_number", exc.localized(self.ctx.lang))
            owner = await self.ctx.bg.read(household_of_person, exc.existing_id)
            self._show_duplicate(str(exc.params.get("name", "")), owner)
            return None
        except FieldError as exc:
            self._show_error(exc.field, exc.localized(self.ctx.lang))
            return None
        except UserError as exc:
            self._show_error("", exc.localized(self.ctx.lang))
            return None
        finally:
            self.saving = False
            self.save_button.setEnabled(True)
        for table in ("person", "person_tag", "household"):
            self.ctx.bridge.data_changed.emit(table)
        self.saved.emit(person_id)
        self.accept()
        return person_id


def _differs(person: Member, key: str, value: Any) -> bool:
    if key in ("id_number", "phone"):
        return bool(value)  # typed: a new number
    current = getattr(person, key, None)
    return bool(current != value and (current or value))
