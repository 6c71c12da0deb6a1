"""Log a visit (登记走访), keyboard first.

From a found household: Enter opens the dialog with the focus on the kind
(routine preselected; arrow keys change it), the digit keys 1-7 tick what
the visit found, "+" asks for a follow-up a week later, Tab goes to the
notes, and Ctrl+Enter (or Enter on Save) saves: "Enter, 1, Ctrl+Enter" logs
a routine visit that found needs in three keystrokes.

The save runs :func:`luzsong_grid.store.services.log_visit` on the writer
thread (audited and outboxed by the store), announces ``data_changed("visit")``
and registers Undo (the visit is voided). A field the service refuses shows
its message next to that field and keeps everything typed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, FieldError, UserError
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.undo import undo_stack
from luzsong_grid.views.today import VisitForm, visit_form

FOLLOWUP_STEP_DAYS = 7
_PLUS_DAYS = re.compile(r"^\+\s*(\d{1,3})$")
MSG_BAD_DATE = QT_TRANSLATE_NOOP(
    "VisitDialog", "Type a date like 2026-12-04, or +7 for a week after the visit."
)


@dataclass(frozen=True)
class SavedVisit:
    visit_id: str
    job_ms: float  # time spent in the writer job (log_visit and its flush)


def _save_job(
    session: Session, data: services.VisitIn, followup_of: str | None
) -> tuple[str, float]:
    started = time.perf_counter()
    visit = services.log_visit(session=session, data=data)
    if followup_of:
        services.set_visit_followup_done(session=session, visit_id=followup_of)
    session.flush()
    return visit.id, (time.perf_counter() - started) * 1000


def _undo_job(session: Session, visit_id: str, followup_of: str | None) -> None:
    services.void_visit(session=session, visit_id=visit_id)
    if followup_of:
        services.set_visit_followup_done(session=session, visit_id=followup_of, done=False)


async def save_visit(
    ctx: AppContext, data: services.VisitIn, *, label: str, followup_of: str | None = None
) -> SavedVisit:
    """Log a visit in the background, tell the pages, and make it undoable
    (undo voids it and reopens the follow-up it closed). Raises FieldError."""
    visit_id, job_ms = await ctx.bg.write(
        lambda session: _save_job(session, data, followup_of), actor=ctx.actor
    )
    ctx.bridge.data_changed.emit("visit")

    async def reverse() -> None:
        await ctx.bg.write(
            lambda session: _undo_job(session, visit_id, followup_of), actor=ctx.actor
        )
        ctx.bridge.data_changed.emit("visit")

    undo_stack(ctx).push(label, reverse)
    return SavedVisit(visit_id, job_ms)


def parse_followup(text: str, visit_day: date) -> date | None:
    """'' → none; '+7' → a week after the visit; else an ISO date
    (2026-12-04, 2026/12/4, 20261204). Raises FieldError('followup_due')."""
    text = text.strip()
    if not text:
        return None
    plus = _PLUS_DAYS.match(text)
    if plus:
        return visit_day + timedelta(days=int(plus.group(1)))
    cleaned = text.replace("/", "-").replace(".", "-")
    if re.fullmatch(r"\d{8}", cleaned):
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    parts = cleaned.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    raise FieldError("followup_due", MSG_BAD_DATE)


class VisitDialog(QDialog):
    """Log a visit to a household (and, optionally, one of its members)."""

    saved = Signal(str)  # the new visit's id
    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        household_id: str,
        person_id: str | None = None,
        parent: QWidget | None = None,
        *,
        kind: str = "routine",
        followup_of: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.person_id = person_id
        self.initial_kind = kind
        self.followup_of = followup_of
        self.form: VisitForm | None = None
        self.last_save: SavedVisit | None = None
        self._saving = False
        self.setWindowTitle(self.tr("Log a visit"))
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Log a visit"))
        self.heading.setObjectName("heading")
        self.where = QLabel("")
        self.where.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}

        self.person = QComboBox()
        form.addRow(self.tr("Visited"), self._with_error("person", self.person))
        self.kind = QComboBox()
        form.addRow(self.tr("Kind"), self._with_error("kind", self.kind))

        self.findings_box = QWidget()
        grid = QGridLayout(self.findings_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        self.finding_checks: dict[str, QCheckBox] = {}
        self._findings_grid = grid
        form.addRow(self.tr("Findings"), self._with_error("findings", self.findings_box))

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("What you saw and heard"))
        self.notes.setFixedHeight(72)
        form.addRow(self.tr("Notes"), self._with_error("notes", self.notes))
        self.action_taken = QLineEdit()
        self.action_taken.setPlaceholderText(self.tr("What you did or arranged"))
        form.addRow(self.tr("Action taken"), self._with_error("action_taken", self.action_taken))

        self.followup = QLineEdit()
        self.followup.setPlaceholderText(self.tr("none — a date, or +7 for a week later"))
        self.plus_week = QToolButton()
        self.plus_week.setText(self.tr("+7 days"))
        self.plus_week.setToolTip(self.tr("Follow up a week after the visit (key +)"))
        self.plus_week.clicked.connect(self.set_followup_in_a_week)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.followup, 1)
        row.addWidget(self.plus_week)
        holder = QWidget()
        holder.setLayout(row)
        form.addRow(self.tr("Follow up by"), self._with_error("followup_due", holder))

        self.visited_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.visited_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.visited_at.setCalendarPopup(True)
        form.addRow(self.tr("Visited at"), self._with_error("visited_at", self.visited_at))
        self.companions = QLineEdit()
        self.companions.setPlaceholderText(self.tr("Who came along (optional)"))
        form.addRow(self.tr("Companions"), self._with_error("companions", self.companions))
        layout.addLayout(form)

        self.general_error = QLabel("")
        self.general_error.setObjectName("error")
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        layout.addWidget(self.general_error)

        self.keys_hint = QLabel(
            self.tr(
                "Keys: 1-7 tick findings · + follow up in a week · Tab next field · "
                "Ctrl+Enter save · Esc cancel"
            )
        )
        self.keys_hint.setStyleSheet("color: #5f6b7a;")
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.request_save)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self, self.request_save)
        self._digit_shortcuts: list[QShortcut] = []
        QShortcut(QKeySequence("+"), self, self.set_followup_in_a_week)
        self.setTabOrder(self.kind, self.notes)
        self.setTabOrder(self.notes, self.action_taken)
        self.setTabOrder(self.action_taken, self.followup)
        self.setTabOrder(self.followup, self.plus_week)
        self.setTabOrder(self.plus_week, self.visited_at)
        self.setTabOrder(self.visited_at, self.companions)
        self.setTabOrder(self.companions, self.person)
        self.setTabOrder(self.person, self.save_button)
        self.setTabOrder(self.save_button, self.cancel_button)
        self.kind.setFocus()
        if not ctx.user.can_write:
            self.general_error.setText(self.tr("Your role can read records but not change them."))
            self.general_error.setVisible(True)
        ctx.spawn(self.load())

    # -- building ----------------------------------------------------------

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel("")
        error.setObjectName("error")
        error.setWordWrap(True)
        error.setVisible(False)
        column.addWidget(error)
        self.errors[field] = error
        return box

    async def load(self) -> None:
        form = await self.ctx.bg.read(
            lambda conn: visit_form(conn, self.household_id, lang=self.ctx.lang)
        )
        self.apply_form(form)

    def apply_form(self, form: VisitForm) -> None:
        self.form = form
        head = form.head or "—"
        self.where.setText(
            self.tr("%1 · head of household: %2").replace("%1", form.address).replace("%2", head)
        )
        self.person.clear()
        self.person.addItem(self.tr("The whole household"), None)
        for pid, name in form.members:
            self.person.addItem(name, pid)
        if self.person_id:
            found = self.person.findData(self.person_id)
            if found >= 0:
                self.person.setCurrentIndex(found)
        self.kind.clear()
        for code, name in form.kinds:
            self.kind.addItem(name, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.initial_kind)))
        for check in self.finding_checks.values():
            check.setParent(None)
        self.finding_checks.clear()
        for shortcut in self._digit_shortcuts:
            shortcut.setParent(None)
        self._digit_shortcuts.clear()
        for n, (flag, name) in enumerate(form.findings):
            key = str(n + 1) if n < 9 else ""
            check = QCheckBox(f"{key} {name}".strip())
            check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._findings_grid.addWidget(check, n // 4, n % 4)
            self.finding_checks[flag] = check
            if key:
                shortcut = QShortcut(self)
                shortcut.setKeys([QKeySequence(key), QKeySequence(f"Num+{key}")])
                shortcut.activated.connect(check.toggle)
                self._digit_shortcuts.append(shortcut)
        self.save_button.setEnabled(self.ctx.user.can_write)
        self.loaded.emit()

    # -- input -------------------------------------------------------------

    def visit_day(self) -> date:
        return self._moment().date()

    def _moment(self) -> datetime:
        value = self.visited_at.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.replace(second=0, microsecond=0)

    def set_followup_in_a_week(self) -> None:
        if self.followup.hasFocus() or self.notes.hasFocus():
            return  # typing a "+" there stays text
        self.followup.setText((self.visit_day() + timedelta(days=FOLLOWUP_STEP_DAYS)).isoformat())

    def checked_findings(self) -> list[str]:
        return [flag for flag, check in self.finding_checks.items() if check.isChecked()]

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.setVisible(False)

    def show_error(self, exc: UserError) -> None:
        text = exc.localized(self.ctx.lang)
        field = getattr(exc, "field", "")
        field = {"household": "person", "done_on": "visited_at"}.get(field, field)
        label = self.errors.get(field, self.general_error)
        label.setText(text)
        label.setVisible(True)
        target = {
            "person": self.person,
            "kind": self.kind,
            "notes": self.notes,
            "action_taken": self.action_taken,
            "followup_due": self.followup,
            "visited_at": self.visited_at,
            "companions": self.companions,
        }.get(field)
        if target is not None:
            target.setFocus()

    def collect(self) -> services.VisitIn:
        """The typed visit; raises FieldError for a follow-up date it cannot read."""
        moment = self._moment()
        try:
            followup = parse_followup(self.followup.text(), moment.date())
        except FieldError as exc:
            raise FieldError(exc.field, self.tr(MSG_BAD_DATE)) from None
        return services.VisitIn(
            household_id=self.household_id,
            person_id=self.person.currentData(),
            visited_at=moment,
            kind=self.kind.currentData() or "routine",
            findings_flags=self.checked_findings(),
            notes=self.notes.toPlainText(),
            action_taken=self.action_taken.text(),
            companions=self.companions.text(),
            followup_due=followup,
        )

    # -- saving ------------------------------------------------------------

    def request_save(self) -> None:
        if self.save_button.isEnabled() and not self._saving:
            self.ctx.spawn(self.save())

    async def save(self) -> bool:
        """Save what was typed; on a refusal show why and keep it all."""
        if self._saving or self.form is None or not self.ctx.user.can_write:
            return False
        self.clear_errors()
        try:
            data = self.collect()
        except UserError as exc:
            self.show_error(exc)
            return False
        who = self.person.currentText() if data.person_id else (self.form.head or "")
        label = self.tr("visit to %1").replace("%1", f"{self.form.address} {who}".strip())
        self._saving = True
        self.save_button.setEnabled(False)
        try:
            self.last_save = await save_visit(
                self.ctx, data, label=label, followup_of=self.followup_of
            )
        except UserError as exc:
            self.show_error(exc)
            return False
        finally:
            self._saving = False
            self.save_button.setEnabled(True)
        self.ctx.bridge.status.emit(
            self.tr("Visit saved: %1 — Ctrl+Z undoes it").replace("%1", label)
        )
        self.saved.emit(self.last_save.visit_id)
        self.accept()
        return True
