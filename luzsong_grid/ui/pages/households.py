"""The Households page (户籍人口): every household of the user's scope, search
as you type, filters, and one household's record beside the list.

Left: the search box and filters over a lazy table of households (grid and
address order; 115k rows at district scope scroll smoothly because rows are
fetched a block at a time in the background). While the search box holds
text, the table gives way to the hits (people and households); choosing a
hit opens its household. Right: the open household, with its members
(masked numbers, a Reveal action for roles allowed it, audited), visits,
disputes, services and events, and the buttons that change them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid import search as search_mod
from luzsong_grid.domain import workflow
from luzsong_grid.domain.validation import mask_phone, mask_resident_id
from luzsong_grid.domain.visits import DueState
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.models.households import HouseholdTableModel, Line, LinesModel
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.views import households as views
from luzsong_grid.views.households import GridInfo, HouseholdDetail, HouseholdDue, TagInfo

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 50
SETTINGS_COLUMNS = "households/columns"
SETTINGS_SPLITTER = "households/splitter"
# Up to this many grids (a community), due states are computed in a reader
# thread (well under 100 ms); a street or the district uses another process.
SMALL_SCOPE_GRIDS = 12


def _table(parent: QWidget, model: Any) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


class HouseholdsPage(Page):
    tables = frozenset(
        {
            "household",
            "person",
            "person_tag",
            "household_tag",
            "visit",
            "dispute",
            "dispute_party",
            "service_tally",
            "event",
        }
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tags: dict[str, TagInfo] = {}
        self.labels: dict[tuple[str, str], tuple[str, str]] = {}
        self.relations: list[tuple[str, str, str]] = []
        self.grids: list[GridInfo] = []
        self.grid_names: dict[str, str] = {}
        self.due: Mapping[str, HouseholdDue] = {}
        self._due_stale = True
        self._due_running = False
        self._loaded_catalogs = False
        self._search_generation = 0
        self._list_generation = 0
        self.detail: HouseholdDetail | None = None
        self.revealed: dict[tuple[str, str], str] = {}
        self.last_search_ms = 0.0  # the latest search, from the query to the hits shown
        self.dialog: Any = None  # the open dialog, if any (tests drive it)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        heading = QLabel(self.title(), self)
        heading.setObjectName("heading")
        outer.addWidget(heading)

        # Search and filters
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search: name, pinyin initials, ID or phone digits, address")
        )
        self.search.setMinimumWidth(300)
        self.grid_filter = QComboBox(self)
        self.grid_filter.setMinimumContentsLength(12)
        self.grid_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag_filter = QComboBox(self)
        self.tag_filter.setMinimumContentsLength(8)
        self.tag_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overdue_only = QCheckBox(self.tr("Overdue only"), self)
        self.add_household_button = QPushButton(self.tr("Add household"), self)
        self.import_button = QPushButton(self.tr("Import from Excel…"), self)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.grid_filter, 2)
        bar.addWidget(self.tag_filter, 1)
        bar.addWidget(self.overdue_only)
        bar.addWidget(self.add_household_button)
        bar.addWidget(self.import_button)
        outer.addLayout(bar)

        # Left: the list or the hits; right: the open household
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self.splitter)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel("", left)
        left_col.addWidget(self.count_label)
        self.stack = QStackedWidget(left)
        self.model = HouseholdTableModel(self._load_rows, ctx.spawn, self)
        self.table = _table(self.stack, self.model)
        self.hits_model = LinesModel(self._hit_headers(), self)
        self.hits = _table(self.stack, self.hits_model)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.hits)
        left_col.addWidget(self.stack, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_detail(self.splitter))
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        outer.addWidget(self.splitter, 1)

        header = self.table.horizontalHeader()
        widths = (200, 64, 64, 150, 140, 90)
        for col, width in enumerate(widths):
            header.resizeSection(col, width)
        state = QSettings().value(SETTINGS_COLUMNS)
        if isinstance(state, QByteArray | bytes):
            header.restoreState(QByteArray(state))
        header.sectionResized.connect(self._save_columns)
        split = QSettings().value(SETTINGS_SPLITTER)
        if isinstance(split, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(split))
        self.splitter.splitterMoved.connect(
            lambda *_: QSettings().setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        )

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(lambda: ctx.spawn(self.run_search()))
        self.search.textChanged.connect(self._search_edited)
        self.search.returnPressed.connect(self._open_first_hit)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(50)
        self.refresh_timer.timeout.connect(lambda: ctx.spawn(self.refresh()))
        self.grid_filter.currentIndexChanged.connect(self._filters_changed)
        self.tag_filter.currentIndexChanged.connect(self._filters_changed)
        self.overdue_only.toggled.connect(self._filters_changed)
        self.add_household_button.clicked.connect(self.add_household)
        self.table.selectionModel().currentRowChanged.connect(self._list_row_changed)
        self.hits.selectionModel().currentRowChanged.connect(self._hit_row_changed)
        self.hits.activated.connect(lambda index: self._hit_row_changed(index, QModelIndex()))
        self.add_household_button.setVisible(ctx.user.can_write)
        self.import_button.clicked.connect(self.import_roster)
        self.import_button.setVisible(ctx.user.can_write)

    # -- building -----------------------------------------------------------

    def title(self) -> str:
        return self.tr("Households")

    def icon_name(self) -> str:
        return "households"

    def _hit_headers(self) -> list[str]:
        return [
            self.tr("Found"),
            self.tr("Name"),
            self.tr("Address"),
            self.tr("ID number"),
            self.tr("Phone"),
            self.tr("Grid"),
        ]

    def _build_detail(self, parent: QWidget) -> QWidget:
        panel = QWidget(parent)
        col = QVBoxLayout(panel)
        col.setContentsMargins(8, 0, 0, 0)
        self.placeholder = QLabel(
            self.tr("Choose a household from the list, or search for a person or an address."),
            panel,
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.placeholder, 1)
        self.detail_box = QWidget(panel)
        box = QVBoxLayout(self.detail_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.address_label = QLabel("", self.detail_box)
        self.address_label.setObjectName("heading")
        self.address_label.setWordWrap(True)
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel("", self.detail_box)
        self.facts_label.setWordWrap(True)
        self.due_label = QLabel("", self.detail_box)
        box.addWidget(self.address_label)
        box.addWidget(self.facts_label)
        box.addWidget(self.due_label)

        buttons = QHBoxLayout()
        self.visit_button = QPushButton(self.tr("Log visit"), self.detail_box)
        self.edit_household_button = QPushButton(self.tr("Edit household"), self.detail_box)
        self.add_person_button = QPushButton(self.tr("Add person"), self.detail_box)
        self.edit_person_button = QPushButton(self.tr("Edit person"), self.detail_box)
        self.reveal_button = QPushButton(self.tr("Reveal"), self.detail_box)
        self.reveal_button.setToolTip(
            self.tr("Show a member's full ID or phone number (recorded in the audit log)")
        )
        reveal_menu = QMenu(self.reveal_button)
        self.reveal_id_action = reveal_menu.addAction(self.tr("Full ID number"))
        self.reveal_phone_action = reveal_menu.addAction(self.tr("Full phone number"))
        self.reveal_id_action.triggered.connect(lambda: self._reveal_selected("id_number"))
        self.reveal_phone_action.triggered.connect(lambda: self._reveal_selected("phone"))
        self.reveal_button.setMenu(reveal_menu)
        for button in (
            self.visit_button,
            self.edit_household_button,
            self.add_person_button,
            self.edit_person_button,
            self.reveal_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        writer = self.ctx.user.can_write
        for button in (
            self.visit_button,
            self.edit_household_button,
            self.add_person_button,
            self.edit_person_button,
        ):
            button.setVisible(writer)
        self.reveal_button.setVisible(self.ctx.user.can_reveal)
        self.visit_button.clicked.connect(self._log_visit_clicked)
        self.edit_household_button.clicked.connect(self.edit_household)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(lambda: self.edit_person())

        self.tabs = QTabWidget(self.detail_box)
        self.members_model = LinesModel(self._member_headers(), self)
        self.members = _table(self.tabs, self.members_model)
        self.members.doubleClicked.connect(lambda _index: self.edit_person())
        self.visits_model = LinesModel(
            [
                self.tr("When"),
                self.tr("Kind"),
                self.tr("Worker"),
                self.tr("Person"),
                self.tr("Findings"),
                self.tr("Action taken"),
            ],
            self,
        )
        self.disputes_model = LinesModel(
            [
                self.tr("Accepted"),
                self.tr("Case no."),
                self.tr("Type"),
                self.tr("Status"),
                self.tr("Parties"),
                self.tr("Summary"),
            ],
            self,
        )
        self.services_model = LinesModel(
            [
                self.tr("Date"),
                self.tr("Service"),
                self.tr("Count"),
                self.tr("Person"),
                self.tr("Worker"),
                self.tr("Note"),
            ],
            self,
        )
        self.events_model = LinesModel(
            [
                self.tr("Reported"),
                self.tr("Event no."),
                self.tr("Category"),
                self.tr("Status"),
                self.tr("Description"),
            ],
            self,
        )
        self.tabs.addTab(self.members, self.tr("Members"))
        self.history_views: list[QTableView] = []
        for model, name in (
            (self.visits_model, self.tr("Visit history")),
            (self.disputes_model, self.tr("Disputes")),
            (self.services_model, self.tr("Services")),
            (self.events_model, self.tr("Events")),
        ):
            view = _table(self.tabs, model)
            self.history_views.append(view)
            self.tabs.addTab(view, name)
        self.members.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        for view in self.history_views:
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.tabs, 1)
        col.addWidget(self.detail_box, 1)
        self.detail_box.setVisible(False)
        return panel

    def _member_headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Relation"),
            self.tr("Gender"),
            self.tr("Age"),
            self.tr("ID number"),
            self.tr("Phone"),
            self.tr("Tags"),
        ]

    # -- helpers --------------------------------------------------------------

    @property
    def scope_grids(self) -> tuple[str, ...] | None:
        return self.ctx.user.scope.grids

    def _label(self, kind: str, code: str) -> str:
        names = self.labels.get((kind, code))
        if names is None:
            return code
        return names[1] if self.ctx.lang == "en" else names[0]

    def _status(self, status: str) -> str:
        try:
            return workflow.label(status, self.ctx.lang)
        except KeyError:
            return status

    def _tag_names(self, codes: Any) -> list[str]:
        shown = views.visible_tags(codes, self.tags, self.ctx.user.sees_sensitive)
        return [self.tags[c].label(self.ctx.lang) for c in shown]

    def _save_columns(self, *_args: Any) -> None:
        QSettings().setValue(SETTINGS_COLUMNS, self.table.horizontalHeader().saveState())

    def _on_data_changed(self, table: str) -> None:
        if not self.tables or table in self.tables:
            if table in ("visit", "person_tag", "household_tag", "household", "person"):
                self._due_stale = True
            if self.isVisible():
                self.refresh_timer.start()  # several tables change at once: one refresh

    # -- loading ----------------------------------------------------------------

    async def _load_rows(self, ids: list[str]) -> list[views.HouseholdRow]:
        return await self.ctx.bg.read(views.household_rows, ids)

    async def _load_catalogs(self) -> None:
        grids = self.scope_grids

        def job(conn: Any) -> tuple[Any, ...]:
            return (
                views.tag_catalog(conn),
                views.catalog_labels(conn),
                views.relations(conn),
                views.grids_in_scope(conn, grids),
            )

        self.tags, self.labels, self.relations, self.grids = await self.ctx.bg.read(job)
        self.grid_names = {g.code: g.label(self.ctx.lang) for g in self.grids}
        one_grid = len(self.grids) == 1  # a worker's own grid: the column says nothing
        self.table.setColumnHidden(HouseholdTableModel.GRID, one_grid)
        self.grid_filter.setVisible(not one_grid)
        shown = views.visible_tags(self.tags, self.tags, self.ctx.user.sees_sensitive)
        self.model.set_tag_names({c: self.tags[c].label(self.ctx.lang) for c in shown})
        for combo in (self.grid_filter, self.tag_filter):
            combo.blockSignals(True)
        self.grid_filter.clear()
        self.grid_filter.addItem(
            self.tr("All my grids") if self.ctx.user.role == "worker" else self.tr("All grids"),
            "",
        )
        for grid in self.grids:
            self.grid_filter.addItem(grid.label(self.ctx.lang), grid.code)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), "")
        for code in shown:
            self.tag_filter.addItem(self.tags[code].label(self.ctx.lang), code)
        for combo in (self.grid_filter, self.tag_filter):
            combo.blockSignals(False)
        self._loaded_catalogs = True

    async def refresh(self) -> None:
        if not self._loaded_catalogs:
            await self._load_catalogs()
        await self.reload_list()
        if self.detail is not None:
            await self.open_household(self.detail.id, select=False)
        if self._due_stale:
            await self._reload_due()

    def _filter(self) -> views.HouseholdFilter:
        only = None
        if self.overdue_only.isChecked():
            if isinstance(self.due, views.DueMap):
                only = self.due.ids_in_state(DueState.OVERDUE)
            else:
                only = frozenset(h for h, d in self.due.items() if d.state is DueState.OVERDUE)
        return views.HouseholdFilter(
            scope=self.scope_grids,
            grid=self.grid_filter.currentData() or None,
            tag=self.tag_filter.currentData() or None,
            only=only,
        )

    async def reload_list(self) -> None:
        self._list_generation += 1
        generation = self._list_generation
        if self.overdue_only.isChecked() and self._due_stale and not self._due_running:
            await self._reload_due()
            return  # it reloaded the list
        ids = await self.ctx.bg.read(views.household_ids, self._filter())
        if generation != self._list_generation:
            return
        current = self.detail.id if self.detail else None
        self.model.set_ids(ids)
        self.count_label.setText(self.tr("%n household(s)", "", len(ids)))
        if current is not None:
            row = self.model.row_of(current)
            if row >= 0:
                self.table.selectionModel().blockSignals(True)
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.selectionModel().blockSignals(False)

    async def _reload_due(self) -> None:
        """Due states of the whole scope (seconds at district scope, in the
        background). One computation at a time; a change meanwhile runs it
        once more. Awaited directly, not as a task of its own."""
        if self._due_running:
            self._due_stale = True
            return
        self._due_running = True
        try:
            due = self.due
            while True:
                self._due_stale = False
                due = await self._compute_due()
                if not self._due_stale:
                    break
        finally:
            self._due_running = False
        self.due = due
        self.model.set_due(due)
        if self.detail is not None:
            self._show_due(self.detail.id)
        if self.overdue_only.isChecked():
            await self.reload_list()

    async def _compute_due(self) -> Mapping[str, HouseholdDue]:
        scope, today = self.ctx.user.scope, date.today()
        if scope.grids is not None and len(scope.grids) <= SMALL_SCOPE_GRIDS:
            return await self.ctx.bg.read(
                lambda conn: views.household_due(conn, scope=scope, as_of=today)
            )
        # Seconds of Python at district scope: in another process, away from the GIL.
        return await self.ctx.bg.work(views.household_due_apart, self.ctx.store.path, scope, today)

    def _filters_changed(self, *_args: Any) -> None:
        if self._loaded_catalogs:
            self.ctx.spawn(self.reload_list())

    # -- search -----------------------------------------------------------------

    def _search_edited(self, text: str) -> None:
        if not text.strip():
            self.search_timer.stop()
            self._search_generation += 1
            self.stack.setCurrentWidget(self.table)
            self.count_label.setText(self.tr("%n household(s)", "", self.model.rowCount()))
            return
        self.search_timer.start()

    async def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        self._search_generation += 1
        generation = self._search_generation
        started = time.perf_counter()
        grids = self.scope_grids
        hits = await self.ctx.bg.read(
            lambda conn: search_mod.search(conn, text, grids=grids, limit=SEARCH_LIMIT)
        )
        if generation != self._search_generation:
            return  # a newer query is on its way
        person, household = self.tr("Person"), self.tr("Household")
        lines = [
            Line(
                (
                    person if hit.kind == "person" else household,
                    hit.name,
                    hit.address,
                    mask_resident_id(hit.id_number) if hit.id_number else "",
                    mask_phone(hit.phone) if hit.phone else "",
                    self.grid_names.get(hit.grid_code, hit.grid_code),
                ),
                key=(hit.kind, hit.ref_id, hit.household_id),
            )
            for hit in hits
        ]
        self.hits_model.set_lines(lines)
        self.stack.setCurrentWidget(self.hits)
        if hits:
            self.count_label.setText(self.tr("%n match(es)", "", len(hits)))
        else:
            self.count_label.setText(self.tr("Nothing found for “%1”.").replace("%1", text))
        self.last_search_ms = (time.perf_counter() - started) * 1000

    def _hit_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        line = self.hits_model.line(current.row()) if current.isValid() else None
        if line is not None:
            kind, ref_id, household_id = line.key
            self.ctx.spawn(
                self.open_household(household_id, person_id=ref_id if kind == "person" else None)
            )

    def _open_first_hit(self) -> None:
        if self.stack.currentWidget() is self.hits and self.hits_model.rowCount() > 0:
            self.hits.setCurrentIndex(self.hits_model.index(0, 0))

    def _list_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hid = self.model.household_id(current.row()) if current.isValid() else None
        if hid is not None:
            self.ctx.spawn(self.open_household(hid, select=False))

    # -- one household ----------------------------------------------------------

    async def open_household(
        self, household_id: str, *, person_id: str | None = None, select: bool = True
    ) -> None:
        detail = await self.ctx.bg.read(views.household_detail, household_id)
        if detail is None:
            self.ctx.bridge.status.emit(self.tr("That household no longer exists."))
            return
        if self.scope_grids is not None and detail.grid_code not in self.scope_grids:
            self.ctx.bridge.status.emit(self.tr("That household is outside your area."))
            return
        if self.detail is None or self.detail.id != detail.id:
            self.revealed.clear()
        self.detail = detail
        self._show_detail(detail)
        if person_id is not None:
            row = self.members_model.row_of(person_id)
            if row >= 0:
                self.tabs.setCurrentWidget(self.members)
                self.members.selectRow(row)
        if select:
            row = self.model.row_of(household_id)
            if row >= 0 and self.stack.currentWidget() is self.table:
                self.table.scrollTo(self.model.index(row, 0))

    def _show_detail(self, detail: HouseholdDetail) -> None:
        en = self.ctx.lang == "en"
        self.placeholder.setVisible(False)
        self.detail_box.setVisible(True)
        self.address_label.setText(detail.address)
        facts = [self.grid_names.get(detail.grid_code) or detail.grid_name]
        if detail.household_no:
            facts.append(self.tr("Household no. %1").replace("%1", detail.household_no))
        if detail.phone_masked:
            facts.append(self.tr("Phone %1").replace("%1", detail.phone_masked))
        tags = self._tag_names(t.code for t in detail.tags)
        if tags:
            facts.append(self.tr("Household tags: %1").replace("%1", "、".join(tags)))
        if detail.note:
            facts.append(detail.note)
        self.facts_label.setText(" · ".join(facts))
        self._show_due(detail.id)
        today = date.today()
        gender = {"M": self.tr("male"), "F": self.tr("female")}
        lines = []
        for m in detail.members:
            age = m.age(today)
            status = ""
            if m.deceased:
                status = self.tr("deceased")
            elif m.moved_out:
                status = self.tr("moved out")
            name = f"{m.name}（{status}）" if status and not en else m.name
            if status and en:
                name = f"{m.name} ({status})"
            lines.append(
                Line(
                    (
                        name,
                        self._label("relation", m.relation) if m.relation else "",
                        gender.get(m.gender, ""),
                        str(age) if age is not None else "",
                        self.revealed.get((m.id, "id_number"), m.id_masked),
                        self.revealed.get((m.id, "phone"), m.phone_masked),
                        "、".join(self._tag_names(t.code for t in m.tags)),
                    ),
                    key=m.id,
                    color="muted" if status else None,
                )
            )
        self.members_model.set_lines(lines)
        self.visits_model.set_lines(
            [
                Line(
                    (
                        v.visited_at,
                        self._label("visit_kind", v.kind),
                        v.worker,
                        v.person,
                        v.findings,
                        v.action_taken,
                    ),
                    key=v.id,
                    color="muted" if v.voided else None,
                    tooltip=self.tr("Voided (corrected by a later record)") if v.voided else None,
                )
                for v in detail.visits
            ]
        )
        self.disputes_model.set_lines(
            [
                Line(
                    (
                        d.accepted_on.isoformat() if d.accepted_on else "",
                        d.case_no,
                        self._label("dispute_type", d.type_code),
                        self._status(d.status),
                        d.parties,
                        d.summary,
                    ),
                    key=d.id,
                )
                for d in detail.disputes
            ]
        )
        self.services_model.set_lines(
            [
                Line(
                    (
                        s.done_on.isoformat() if s.done_on else "",
                        self._label("service_type", s.type_code),
                        str(s.count),
                        s.person,
                        s.worker,
                        s.note,
                    ),
                    key=s.id,
                )
                for s in detail.services
            ]
        )
        self.events_model.set_lines(
            [
                Line(
                    (
                        e.reported_at,
                        e.event_no,
                        self._label("event_category", e.category_code),
                        self._status(e.status),
                        e.description,
                    ),
                    key=e.id,
                )
                for e in detail.events
            ]
        )
        counts = (
            len(detail.members),
            len(detail.visits),
            len(detail.disputes),
            len(detail.services),
            len(detail.events),
        )
        names = (
            self.tr("Members"),
            self.tr("Visit history"),
            self.tr("Disputes"),
            self.tr("Services"),
            self.tr("Events"),
        )
        for n, (name, count) in enumerate(zip(names, counts, strict=True)):
            self.tabs.setTabText(n, f"{name} ({count})")

    def _show_due(self, household_id: str) -> None:
        due = self.due.get(household_id)
        if due is None:
            self.due_label.setText("")
            return
        if due.state is DueState.OVERDUE:
            text = self.tr("Visit overdue since %1").replace("%1", due.due.isoformat())
            self.due_label.setObjectName("overdue")
        else:
            text = self.tr("Next visit due by %1").replace("%1", due.due.isoformat())
            self.due_label.setObjectName("")
        self.due_label.setText(text)
        self.due_label.style().unpolish(self.due_label)
        self.due_label.style().polish(self.due_label)

    def selected_person_id(self) -> str | None:
        index = self.members.currentIndex()
        line = self.members_model.line(index.row()) if index.isValid() else None
        if line is None and self.members_model.rowCount() == 1:
            line = self.members_model.line(0)
        return str(line.key) if line is not None else None

    # -- actions ------------------------------------------------------------------

    def _reveal_selected(self, field: str) -> None:
        person_id = self.selected_person_id()
        if person_id is None:
            self.ctx.bridge.status.emit(self.tr("Choose a member first."))
            return
        self.ctx.spawn(self.reveal(person_id, field))

    async def reveal(self, person_id: str, field: str) -> str | None:
        """Show one member's full ID or phone number (audited by the service)."""
        if not self.ctx.user.can_reveal or self.detail is None:
            return None
        value: str = await self.ctx.bg.write(
            lambda s: services.reveal(session=s, table="person", row_id=person_id, field=field),
            actor=self.ctx.actor,
        )
        self.revealed[(person_id, field)] = value or ""
        row = self.members_model.row_of(person_id)
        line = self.members_model.line(row)
        if line is not None and value:
            cells = list(line.cells)
            cells[4 if field == "id_number" else 5] = value
            self.members_model.replace_line(row, Line(tuple(cells), line.key, line.color))
        return value

    def _show_dialog(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    def add_household(self) -> None:
        from luzsong_grid.ui.dialogs.household import HouseholdDialog

        dialog = HouseholdDialog(
            self.ctx,
            grids=self.grids,
            tags=self.tags,
            default_grid=self.grid_filter.currentData() or None,
            parent=self,
        )
        dialog.saved.connect(lambda hid: self.ctx.spawn(self.open_household(hid)))
        self._show_dialog(dialog)

    def import_roster(self) -> None:
        from luzsong_grid.ui.dialogs.roster_import import RosterImportDialog

        dialog = RosterImportDialog(self.ctx, self)
        self._show_dialog(dialog)
        chosen = self.grid_filter.currentData() or ""
        self.ctx.spawn(dialog.load(chosen))

    def edit_household(self) -> None:
        from luzsong_grid.ui.dialogs.household import HouseholdDialog

        if self.detail is None:
            return
        dialog = HouseholdDialog(
            self.ctx, household=self.detail, grids=self.grids, tags=self.tags, parent=self
        )
        self._show_dialog(dialog)

    def add_person(self) -> None:
        from luzsong_grid.ui.dialogs.person import PersonDialog

        if self.detail is None:
            return
        dialog = PersonDialog(
            self.ctx, self.detail.id, tags=self.tags, relations=self.relations, parent=self
        )
        dialog.open_household.connect(lambda hid: self.ctx.spawn(self.open_household(hid)))
        self._show_dialog(dialog)

    def edit_person(self, person_id: str | None = None) -> None:
        from luzsong_grid.ui.dialogs.person import PersonDialog

        if self.detail is None or not self.ctx.user.can_write:
            return
        person = self.detail.member(person_id or self.selected_person_id() or "")
        if person is None:
            self.ctx.bridge.status.emit(self.tr("Choose a member first."))
            return
        dialog = PersonDialog(
            self.ctx,
            self.detail.id,
            person=person,
            tags=self.tags,
            relations=self.relations,
            parent=self,
        )
        dialog.open_household.connect(lambda hid: self.ctx.spawn(self.open_household(hid)))
        self._show_dialog(dialog)

    def _log_visit_clicked(self) -> None:
        if self.detail is not None:
            self.open_visit_dialog(self.detail.id, self.selected_person_id())

    def open_visit_dialog(self, household_id: str, person_id: str | None = None) -> None:
        """The visit dialog (another module), if it is there yet."""
        try:
            from luzsong_grid.ui.dialogs.visit import VisitDialog  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            self.ctx.bridge.status.emit(self.tr("Logging visits is not available yet."))
            return
        self._show_dialog(VisitDialog(self.ctx, household_id, person_id, self))
