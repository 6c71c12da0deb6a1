"""Dialogs of the Events page: report an event (上报) with the catalogue's
suggestions, move one along its workflow, extend its deadline (延期) or put
it under supervision (督办).

The report form suggests: category → its items → the item's department (or
the category's) and urgency, with the deadline that urgency sets shown as
the user changes it (red 2 h, yellow 24 h, blue 72 h). A photo is optional:
it is copied into the data folder's ``attachments/`` under a new UUID name
(off the UI thread) and the event stores that file name.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from luzsong_grid import search
from luzsong_grid.domain import workflow
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.ids import uuid7
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.dialogs.dispute import FormDialog, combo_code, fill_combo, select_code
from luzsong_grid.ui.models.events import urgency_label
from luzsong_grid.views.disputes import Choice
from luzsong_grid.views.events import EventCatalog, EventDetail

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")
PHOTO_MAX_BYTES = 20 * 1024 * 1024
THUMBNAIL = 240
MSG_NOT_A_PHOTO = QT_TRANSLATE_NOOP("core", "Choose a photo (JPG, PNG, BMP, GIF or WebP).")
MSG_PHOTO_TOO_BIG = QT_TRANSLATE_NOOP("core", "The photo is larger than 20 MB.")
MSG_PHOTO_UNREADABLE = QT_TRANSLATE_NOOP("core", "The photo cannot be read: {error}")


def attachments_dir(ctx: AppContext) -> Path:
    """The data folder's attachments (beside the database)."""
    return ctx.store.path.parent / "attachments"


def copy_photo(source: Path, folder: Path) -> str:
    """Copy ``source`` into ``folder`` under a new UUID name; returns that name.
    Blocking: run it with ``ctx.bg.work``."""
    suffix = source.suffix.lower()
    if suffix not in PHOTO_SUFFIXES:
        raise UserError(MSG_NOT_A_PHOTO)
    try:
        if source.stat().st_size > PHOTO_MAX_BYTES:
            raise UserError(MSG_PHOTO_TOO_BIG)
        folder.mkdir(parents=True, exist_ok=True)
        name = uuid7() + suffix
        shutil.copyfile(source, folder / name)
    except OSError as exc:
        raise UserError(MSG_PHOTO_UNREADABLE, error=exc.strerror or str(exc)) from exc
    return name


def load_thumbnail(path: Path, size: int = THUMBNAIL) -> QImage:
    """A scaled image (QImage is safe off the UI thread; QPixmap is not)."""
    image = QImage(str(path))
    if image.isNull():
        return image
    return image.scaled(
        size,
        size,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def qdatetime(value: datetime) -> QDateTime:
    return QDateTime.fromString(value.strftime("%Y-%m-%d %H:%M:%S"), "yyyy-MM-dd HH:mm:ss")


def pydatetime(value: QDateTime) -> datetime:
    return datetime.strptime(value.toString("yyyy-MM-dd HH:mm:ss"), "%Y-%m-%d %H:%M:%S")


class ReportEventDialog(FormDialog):
    """Report an event (上报)."""

    def __init__(
        self,
        ctx: AppContext,
        catalog: EventCatalog,
        grids: list[Choice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.catalog = catalog
        self.photo_source: Path | None = None
        self.setWindowTitle(self.tr("Report an event"))
        self.width_hint = 720
        self.grid = QComboBox()
        fill_combo(self.grid, grids)
        self.grid.setEnabled(len(grids) > 1)
        self.add_field(self.tr("Grid"), self.grid, "grid_code")
        self.category = QComboBox()
        for category in catalog.categories:
            self.category.addItem(category.name, category.code)
        self.add_field(self.tr("Category"), self.category, "category_code")
        self.item = QComboBox()
        self.add_field(self.tr("Item"), self.item, "item_code")
        self.department = QComboBox()
        fill_combo(self.department, catalog.departments)
        self.suggested = QLabel("")
        self.suggested.setStyleSheet("color: #5f6b7a;")
        department = QWidget()
        row = QHBoxLayout(department)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.department, 1)
        row.addWidget(self.suggested)
        self.add_field(self.tr("Department"), department, "department_code")
        self.urgency = QComboBox()
        for code in workflow.URGENCY_HOURS:
            self.urgency.addItem(urgency_label(code, ctx.lang), code)
        self.deadline = QLabel("")
        urgency = QWidget()
        row = QHBoxLayout(urgency)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.urgency)
        row.addWidget(self.deadline, 1)
        self.add_field(self.tr("Urgency"), urgency, "urgency")
        self.place = QLineEdit()
        self.add_field(self.tr("Place"), self.place, "place")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            self.tr("What is the problem, since when, who is affected")
        )
        self.description.setFixedHeight(90)
        self.add_field(self.tr("Description"), self.description, "description")
        household = QWidget()
        column = QVBoxLayout(household)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.household_query = QLineEdit()
        self.household_query.setPlaceholderText(self.tr("Address or resident's name (optional)"))
        self.household_find = QPushButton(self.tr("Find"))
        row.addWidget(self.household_query, 1)
        row.addWidget(self.household_find)
        column.addLayout(row)
        self.household = QComboBox()
        self.household.addItem(self.tr("(no household)"), "")
        column.addWidget(self.household)
        self.household_find.clicked.connect(lambda: self.ctx.spawn(self.find_household()))
        self.household_query.returnPressed.connect(lambda: self.ctx.spawn(self.find_household()))
        self.add_field(self.tr("Household"), household, "household", "household_id")
        photo = QWidget()
        row = QHBoxLayout(photo)
        row.setContentsMargins(0, 0, 0, 0)
        self.photo_button = QPushButton(self.tr("Choose a photo…"))
        self.photo_clear = QPushButton(self.tr("Remove"))
        self.photo_label = QLabel(self.tr("(no photo)"))
        row.addWidget(self.photo_button)
        row.addWidget(self.photo_clear)
        row.addWidget(self.photo_label, 1)
        self.photo_button.clicked.connect(self.pick_photo)
        self.photo_clear.clicked.connect(lambda: self.set_photo(None))
        self.add_field(self.tr("Photo"), photo, "photo")
        self.finish_layout()
        self.category.currentIndexChanged.connect(self._category_changed)
        self.item.currentIndexChanged.connect(self._item_changed)
        self.urgency.currentIndexChanged.connect(self._show_deadline)
        self._category_changed()

    # -- suggestions -------------------------------------------------------

    def _category_changed(self) -> None:
        code = combo_code(self.category)
        self.item.blockSignals(True)
        self.item.clear()
        self.item.addItem(self.tr("(not in the list)"), "")
        for item in self.catalog.items_of(code):
            self.item.addItem(item.name, item.code)
        self.item.blockSignals(False)
        self._item_changed()

    def _item_changed(self) -> None:
        department, urgency = self.catalog.suggest(
            combo_code(self.category), combo_code(self.item) or None
        )
        select_code(self.department, department)
        select_code(self.urgency, urgency)
        self.suggested.setText(
            self.tr("suggested: %1").replace("%1", self.catalog.department_name(department))
            if department
            else ""
        )
        self._show_deadline()

    def _show_deadline(self) -> None:
        urgency = combo_code(self.urgency)
        if urgency not in workflow.URGENCY_HOURS:
            self.deadline.clear()
            return
        due = workflow.urgency_deadline(urgency, datetime.now().replace(second=0, microsecond=0))
        self.deadline.setText(
            self.tr("to be handled by %1 (within %2 hours)")
            .replace("%1", due.strftime("%Y-%m-%d %H:%M"))
            .replace("%2", str(workflow.URGENCY_HOURS[urgency]))
        )
        self.deadline.setStyleSheet("color: #b3261e;" if urgency == "red" else "")

    # -- household and photo -----------------------------------------------

    async def find_household(self) -> None:
        text = self.household_query.text().strip()
        if not text:
            return
        grid = combo_code(self.grid)
        hits = await self.ctx.bg.read(
            lambda conn: search.search(conn, text, grids=[grid] if grid else None, limit=30)
        )
        self.household.clear()
        self.household.addItem(self.tr("(no household)"), "")
        seen: set[str] = set()
        for hit in hits:
            if hit.household_id in seen:
                continue
            seen.add(hit.household_id)
            text_shown = hit.address if hit.kind == "household" else f"{hit.address}（{hit.name}）"
            self.household.addItem(text_shown, hit.household_id)
        if len(seen) >= 1:
            self.household.setCurrentIndex(1)
        else:
            self.show_error("household", self.tr("No household found in this grid."))

    def pick_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a photo"),
            "",
            self.tr("Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)"),
        )
        if path:
            self.set_photo(Path(path))

    def set_photo(self, path: Path | None) -> None:
        self.photo_source = path
        self.photo_label.setText(path.name if path else self.tr("(no photo)"))

    # -- saving ------------------------------------------------------------

    async def submit(self) -> bool:
        if not self.description.toPlainText().strip():
            self.show_error("description", self.tr("Describe the event."))
            return False
        photo = ""
        if self.photo_source is not None:
            try:
                photo = await self.ctx.bg.work(
                    copy_photo, self.photo_source, attachments_dir(self.ctx)
                )
            except UserError as exc:
                self.show_error("photo", exc.localized(self.ctx.lang))
                return False
        data = services.EventIn(
            grid_code=combo_code(self.grid),
            category_code=combo_code(self.category),
            item_code=combo_code(self.item) or None,
            department_code=combo_code(self.department) or None,
            urgency=combo_code(self.urgency) or None,
            place=self.place.text(),
            description=self.description.toPlainText(),
            household_id=combo_code(self.household) or None,
            photo=photo,
        )
        event = await self.write(lambda s: services.report_event(session=s, data=data).id)
        if event is None:
            if photo:  # nothing refers to the copy: do not leave it behind
                target = attachments_dir(self.ctx) / photo
                await self.ctx.bg.work(lambda: target.unlink(missing_ok=True))
            return False
        self.saved_id = str(event)
        self.ctx.bridge.data_changed.emit("event")
        self.accept()
        return True


class EventStepDialog(FormDialog):
    """Move an event to ``to_status``, or apply an ``action`` (extend, supervise)."""

    def __init__(
        self,
        ctx: AppContext,
        detail: EventDetail,
        catalog: EventCatalog,
        *,
        to_status: str = "",
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.detail = detail
        self.to_status = to_status
        self.action = action
        what = workflow.label(action or to_status, ctx.lang)
        self.setWindowTitle(what)
        self.width_hint = 520
        heading = QLabel(self.tr("Event %1: %2").replace("%1", detail.event_no).replace("%2", what))
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.department: QComboBox | None = None
        self.until: QDateTimeEdit | None = None
        if to_status == workflow.EventStatus.DISPATCHED:
            self.department = QComboBox()
            fill_combo(self.department, catalog.departments)
            select_code(self.department, detail.department_code)
            self.add_field(self.tr("Dispatch to"), self.department, "department_code")
        if action == workflow.EventAction.EXTEND:
            base = detail.deadline
            self.until = QDateTimeEdit(
                qdatetime(base + timedelta(hours=workflow.URGENCY_HOURS.get(detail.urgency, 24)))
            )
            self.until.setCalendarPopup(True)
            self.until.setDisplayFormat("yyyy-MM-dd HH:mm")
            self.add_field(self.tr("New deadline"), self.until, "until")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.add_field(self.tr("Note"), self.note, "note")
        self.finish_layout()

    async def submit(self) -> bool:
        note = self.note.toPlainText()
        until = pydatetime(self.until.dateTime()) if self.until is not None else None
        department = combo_code(self.department) if self.department is not None else ""
        event_id, action, to_status = self.detail.id, self.action, self.to_status

        def job(session: Session) -> str:
            if action:
                step = services.event_action(
                    session=session, event_id=event_id, action=action, until=until, note=note
                )
            else:
                step = services.move_event(
                    session=session,
                    event_id=event_id,
                    to_status=to_status,
                    note=note,
                    department_code=department or None,
                )
            return step.id

        return await self.commit(job, "event")


def thumbnail_pixmap(image: QImage) -> QPixmap:
    return QPixmap.fromImage(image)
