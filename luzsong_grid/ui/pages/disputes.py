"""The Disputes page (矛盾纠纷): the mediation ledger of the user's scope and
one dispute's record beside it.

Left: the ledger (filters: open / closed / all, type, overdue only; search by
a party's name or the case number); an overdue deadline is red. Right: every
ledger field, the parties (ID and phone masked; a worker or staff member may
reveal one, audited), the workflow history, a button for each status the
workflow allows next, and the follow-up visits (回访) with their due dates.
Supervisors read only: no buttons that change anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.domain import workflow
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.dialogs.dispute import (
    FollowupDialog,
    MoveDisputeDialog,
    NewDisputeDialog,
    ScheduleFollowupDialog,
)
from luzsong_grid.ui.models.disputes import (
    DisputeLedgerModel,
    DisputeStepModel,
    FollowupModel,
    PartyModel,
    day,
)
from luzsong_grid.ui.pages.ledger import FieldGrid, LedgerPage, make_table
from luzsong_grid.views import disputes as views
from luzsong_grid.views.disputes import DisputeCatalog, DisputeDetail, DisputeRow

_D = workflow.DisputeStatus


class DisputesPage(LedgerPage[DisputeCatalog, DisputeRow, DisputeDetail, views.Choice]):
    tables = frozenset({"dispute", "dispute_party", "dispute_step", "dispute_followup"})

    row_type = DisputeRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.type = QComboBox()
        self.type.addItem(self.tr("All types"), "")
        self.new_button = self.build_frame(
            action_text=self.tr("New dispute…"),
            action=self.new_dispute,
            search_hint=self.tr("Party's name or case no."),
            statuses=[
                (self.tr("Open"), "open"),
                (self.tr("Closed"), "closed"),
                (self.tr("All"), "all"),
            ],
            filters=[self.type],
            model=DisputeLedgerModel(self.ctx.lang, self),
            grid_column=DisputeLedgerModel.GRID_COLUMN,
            detail=self._build_detail(),
        )
        self.new_button.setObjectName("primary")

    def _build_detail(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 4, 0)
        self.detail_title = QLabel(self.tr("Choose a dispute in the ledger."))
        self.detail_title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.detail_title.setWordWrap(True)
        column.addWidget(self.detail_title)
        self.fields = FieldGrid(
            [
                ("status", self.tr("Status")),
                ("deadline", self.tr("Deadline")),
                ("type", self.tr("Type")),
                ("source", self.tr("Source")),
                ("found_on", self.tr("Found on")),
                ("accepted_on", self.tr("Accepted on")),
                ("grid", self.tr("Grid")),
                ("reported_by", self.tr("Registered by")),
                ("*place", self.tr("Place")),
                ("scale", self.tr("Scale")),
                ("people", self.tr("People involved")),
                ("amount", self.tr("Amount involved")),
                ("major", self.tr("Major")),
                ("*summary", self.tr("Summary")),
                ("*measures", self.tr("Measures taken")),
                ("*responsible", self.tr("Responsible")),
                ("result", self.tr("Result")),
                ("method", self.tr("Method")),
                ("resolved_on", self.tr("Concluded on")),
                ("agreement", self.tr("Agreement")),
                ("performance", self.tr("Performance deadline")),
            ]
        )
        column.addWidget(self.fields)

        self.actions_box = QGroupBox(self.tr("Next step"))
        self.actions_row = QHBoxLayout(self.actions_box)
        self.actions_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.actions_hint = QLabel("")
        self.actions_hint.setStyleSheet("color: #5f6b7a;")
        self.move_buttons: dict[str, QPushButton] = {}
        column.addWidget(self.actions_box)
        self.actions_box.setVisible(False)

        parties = QGroupBox(self.tr("Parties"))
        box = QVBoxLayout(parties)
        self.parties = PartyModel(self)
        self.party_table = make_table(self.parties, rows=2)
        box.addWidget(self.party_table)
        reveal_row = QHBoxLayout()
        self.reveal_id = QPushButton(self.tr("Show full ID number"))
        self.reveal_phone = QPushButton(self.tr("Show full phone"))
        self.reveal_id.clicked.connect(lambda: self.ctx.spawn(self.reveal("id_number")))
        self.reveal_phone.clicked.connect(lambda: self.ctx.spawn(self.reveal("phone")))
        reveal_row.addWidget(self.reveal_id)
        reveal_row.addWidget(self.reveal_phone)
        reveal_row.addStretch(1)
        box.addLayout(reveal_row)
        for button in (self.reveal_id, self.reveal_phone):
            button.setVisible(self.ctx.user.can_reveal)
            button.setToolTip(self.tr("Choose a party first. Each reveal is recorded."))
        column.addWidget(parties)

        history = QGroupBox(self.tr("History"))
        box = QVBoxLayout(history)
        self.steps = DisputeStepModel(self.ctx.lang, self)
        self.step_table = make_table(self.steps, rows=3)
        box.addWidget(self.step_table)
        column.addWidget(history)

        followups = QGroupBox(self.tr("Follow-up visits"))
        box = QVBoxLayout(followups)
        self.followups = FollowupModel(self)
        self.followup_table = make_table(self.followups, rows=2)
        box.addWidget(self.followup_table)
        row = QHBoxLayout()
        self.record_button = QPushButton(self.tr("Record follow-up…"))
        self.schedule_button = QPushButton(self.tr("Schedule follow-up…"))
        self.record_button.clicked.connect(self.record_followup)
        self.schedule_button.clicked.connect(self.schedule_followup)
        row.addWidget(self.record_button)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        box.addLayout(row)
        for button in (self.record_button, self.schedule_button):
            button.setVisible(self.ctx.user.can_write)
        column.addWidget(followups)
        column.addStretch(1)
        self.detail_parts = [self.fields, parties, history, followups]
        for part in self.detail_parts:
            part.setVisible(False)
        scroll.setWidget(panel)
        scroll.setMinimumWidth(440)
        return scroll

    def title(self) -> str:
        return self.tr("Disputes")

    def icon_name(self) -> str:
        return "disputes"

    # -- reading -----------------------------------------------------------

    def read_catalog(self) -> Callable[[Any], tuple[DisputeCatalog, list[views.Choice]]]:
        lang, scope = self.ctx.lang, self.ctx.user.scope.grids
        return lambda conn: (
            views.dispute_catalog(conn, lang),
            views.grid_choices(conn, scope, lang),
        )

    def catalog_loaded(self, catalog: DisputeCatalog) -> None:
        self.type.blockSignals(True)
        for choice in catalog.types:
            self.type.addItem(choice.name, choice.code)
        self.type.blockSignals(False)

    def read_rows(self) -> Callable[[Any], list[DisputeRow]]:
        lang, scope = self.ctx.lang, self.ctx.user.scope.grids
        status = cast(views.StatusFilter, str(self.status.currentData()))
        type_code = str(self.type.currentData() or "")
        overdue, text = self.overdue.isChecked(), self.search.text()
        return lambda conn: views.list_disputes(
            conn,
            grids=scope,
            status=status,
            type_code=type_code,
            overdue_only=overdue,
            text=text,
            lang=lang,
        )

    def read_detail(self, record_id: str) -> Callable[[Any], DisputeDetail | None]:
        lang = self.ctx.lang
        return lambda conn: views.dispute_detail(conn, record_id, lang=lang)

    def show_nothing(self) -> None:
        self.detail = None
        self.detail_title.setText(self.tr("Choose a dispute in the ledger."))
        for part in self.detail_parts:
            part.setVisible(False)
        self.actions_box.setVisible(False)

    def fill(self, d: DisputeDetail) -> None:
        lang = self.ctx.lang
        self.detail_title.setText(
            self.tr("%1 · %2").replace("%1", d.type_name).replace("%2", d.case_no)
        )
        f = self.fields
        f.set("status", workflow.label(d.status, lang))
        f.set(
            "deadline",
            day(d.deadline) + (" · " + self.tr("overdue") if d.overdue else ""),
            red=d.overdue,
        )
        f.set("type", d.type_name)
        f.set("source", d.source_name)
        f.set("found_on", day(d.found_on))
        f.set("accepted_on", day(d.accepted_on))
        f.set("grid", d.grid_name)
        f.set("reported_by", d.reported_by)
        f.set("place", d.place)
        f.set("scale", d.scale)
        f.set("people", str(d.people_involved))
        f.set("amount", self.tr("%1 yuan").replace("%1", f"{d.amount:,.2f}") if d.amount else "")
        f.set("major", self.tr("Yes") if d.major else self.tr("No"))
        f.set("summary", d.summary)
        f.set("measures", d.measures)
        f.set(
            "responsible",
            " · ".join(x for x in (d.responsible_department, d.responsible_person) if x),
        )
        f.set("result", d.result_name)
        f.set("method", d.method_name)
        f.set("resolved_on", day(d.resolved_on))
        if d.agreement:
            f.set("agreement", self.tr("Yes, no. %1").replace("%1", d.agreement_no))
        else:
            f.set("agreement", self.tr("No") if d.result else "")
        f.set("performance", day(d.performance_deadline))
        self.parties.set_rows(d.parties)
        self.steps.set_rows(d.steps)
        self.followups.set_rows(d.followups)
        for table in (self.party_table, self.step_table, self.followup_table):
            table.resizeColumnsToContents()
        for part in self.detail_parts:
            part.setVisible(True)
        self._fill_actions(d)
        pending = d.open_followup
        self.record_button.setEnabled(pending is not None)
        self.schedule_button.setEnabled(d.result == "success" and d.status != _D.CLOSED)
        if self.ctx.user.can_reveal:
            self.reveal_id.setEnabled(any(p.has_id_number for p in d.parties))
            self.reveal_phone.setEnabled(any(p.has_phone for p in d.parties))

    def move_text(self, current: str, target: str) -> str:
        texts = {
            _D.MEDIATING: self.tr("Mediate again")
            if current == _D.FAILED
            else self.tr("Start mediation"),
            _D.RESOLVED: self.tr("Mediated successfully…"),
            _D.FAILED: self.tr("Mediation failed…"),
            _D.REFERRED: self.tr("Refer…"),
            _D.CLOSED: self.tr("Close the case"),
        }
        return texts.get(workflow.DisputeStatus(target), workflow.label(target, self.ctx.lang))

    def _fill_actions(self, d: DisputeDetail) -> None:
        for button in self.move_buttons.values():
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self.move_buttons = {}
        self.actions_row.removeWidget(self.actions_hint)
        if not self.ctx.user.can_write:
            self.actions_box.setVisible(False)
            return
        allowed = workflow.allowed_next("dispute", d.status)
        for target in allowed:
            button = QPushButton(self.move_text(d.status, target))
            button.setObjectName(f"move_{target}")
            button.clicked.connect(lambda _c=False, t=target: self.start_move(t))
            self.actions_row.addWidget(button)
            self.move_buttons[target] = button
        closing = self.move_buttons.get(_D.CLOSED)
        if closing is not None and d.status == _D.RESOLVED and d.open_followup is not None:
            closing.setEnabled(False)
            closing.setToolTip(self.tr("Record the follow-up visit first."))
            self.actions_hint.setText(self.tr("Close after the follow-up visit."))
        else:
            self.actions_hint.setText("" if allowed else self.tr("This case is closed."))
        self.actions_row.addWidget(self.actions_hint, 1)
        self.actions_box.setVisible(True)

    # -- acting ------------------------------------------------------------

    def new_dispute(self) -> NewDisputeDialog | None:
        if self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = NewDisputeDialog(self.ctx, self.catalog, self.grids, self)
        self.open_dialog(dialog)
        return dialog

    def start_move(self, target: str) -> MoveDisputeDialog | None:
        if self.detail is None or self.catalog is None or not self.ctx.user.can_write:
            return None
        dialog = MoveDisputeDialog(self.ctx, self.detail, target, self.catalog, self)
        self.open_dialog(dialog, self.detail.id)
        return dialog

    def record_followup(self) -> FollowupDialog | None:
        if self.detail is None or not self.ctx.user.can_write:
            return None
        pending = self.detail.open_followup
        if pending is None:
            return None
        dialog = FollowupDialog(self.ctx, self.detail, pending, self)
        self.open_dialog(dialog, self.detail.id)
        return dialog

    def schedule_followup(self) -> ScheduleFollowupDialog | None:
        if self.detail is None or not self.ctx.user.can_write:
            return None
        dialog = ScheduleFollowupDialog(self.ctx, self.detail, self)
        self.open_dialog(dialog, self.detail.id)
        return dialog

    async def reveal(self, field: str) -> None:
        """Show one party's full ID or phone number (audited by the service)."""
        if not self.ctx.user.can_reveal or self.detail is None:
            return
        row = self.parties.row_at(self.party_table.currentIndex().row())
        if row is None and self.parties.rowCount() == 1:
            row = self.parties.row_at(0)
        if row is None:
            self.ctx.bridge.status.emit(self.tr("Choose a party first."))
            return
        party_id = row.id
        value = await self.ctx.bg.write(
            lambda s: services.reveal(
                session=s, table="dispute_party", row_id=party_id, field=field
            ),
            actor=self.ctx.actor,
        )
        self.parties.reveal(party_id, field, str(value))
