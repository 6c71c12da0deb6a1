"""The Settings page (设置), in three tabs.

- Visit rules: how often each tagged group must be visited, and ordinary
  households; shared by every laptop (store rows, synced), so only
  community staff and administrators may change them.
- Catalogues: the names (Chinese and English) of dispute types, service
  types… and whether each is still in use; same rights.
- This computer: language, idle lock, the data folder. Preferences of this
  machine, kept with QSettings (declared in :mod:`luzsong_grid.settings`).

Edits to rules and catalogues wait, highlighted, until "Save changes"; a save
is one transaction, so a refused save changes nothing and keeps the edits,
with the reason beside the table and the row it is about in red.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid import paths
from luzsong_grid import settings as prefs
from luzsong_grid.i18n import FieldError, UserError
from luzsong_grid.store import services
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.models.settings import CatalogModel, RulesModel, read, stored, write
from luzsong_grid.ui.pages.base import Page
from luzsong_grid.ui.widgets.state import remember_columns
from luzsong_grid.views import settings as queries
from luzsong_grid.views.settings import CatalogRow, RuleRow, TagChoice

EDITOR_ROLES = frozenset({"staff", "admin"})


class SaveRefused(Exception):
    """A save refused because of one row: which, and why."""

    def __init__(self, about: Any, error: UserError) -> None:
        super().__init__(str(error))
        self.about = about
        self.error = error


class NumberDelegate(QStyledItemDelegate):
    """A spin box for the rule columns; "—" (no condition) below the range."""

    RANGES: ClassVar[dict[int, tuple[int, int, bool]]] = {
        RulesModel.INTERVAL: (1, services.INTERVAL_MAX_DAYS, False),
        RulesModel.MIN_RISK: (0, 5, True),
        RulesModel.MAX_RISK: (0, 5, True),
        RulesModel.AGE_MIN: (0, 150, True),
    }

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        low, high, optional = self.RANGES.get(index.column(), (0, 999, False))
        editor = QSpinBox(parent)
        editor.setRange(low - 1 if optional else low, high)
        if optional:
            editor.setSpecialValueText("—")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(editor.minimum() if value is None else int(value))

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        value: int | None = editor.value()
        if editor.specialValueText() and value == editor.minimum():
            value = None
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class SettingsPage(Page):
    tables = frozenset({"visit_rule", "catalog_item", "tag"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_edit = ctx.user.role in EDITOR_ROLES
        self.tags: list[TagChoice] = []
        self.loaded_household_days = 0
        self.rules_loaded = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        heading = QLabel(self.tr("Settings"))
        heading.setObjectName("heading")
        outer.addWidget(heading)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._rules_tab(), self.tr("Visit rules"))
        self.tabs.addTab(self._catalog_tab(), self.tr("Catalogues"))
        self.tabs.addTab(self._machine_tab(), self.tr("This computer"))

    def title(self) -> str:
        return self.tr("Settings")

    def icon_name(self) -> str:
        return "settings"

    # -- building ----------------------------------------------------------------

    def _read_only_note(self) -> QLabel:
        note = QLabel(
            self.tr("Only community staff and administrators can change these; you can read them.")
        )
        note.setWordWrap(True)
        note.setVisible(not self.can_edit)
        return note

    def _rules_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = QLabel(
            self.tr(
                "How often each group must be visited. A person with several tags is "
                "visited at the shortest interval that applies. The rules are shared by "
                "every computer of the district once synced."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._read_only_note())
        self.rules = RulesModel(self.ctx.lang, self)
        self.rules.editable = self.can_edit
        self.rules_view = QTableView()
        self.rules_view.setModel(self.rules)
        self.rules_view.setItemDelegate(NumberDelegate(self.rules_view))
        self.rules_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rules_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rules_view.verticalHeader().setVisible(False)
        self.rules_view.setWordWrap(False)
        self.rules_view.horizontalHeader().setStretchLastSection(True)
        self.rules_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for column, width in ((0, 250), (1, 130), (2, 120), (3, 120), (4, 90)):
            self.rules_view.setColumnWidth(column, width)
        remember_columns(self.rules_view, "settings/rules")
        layout.addWidget(self.rules_view, 1)

        household = QHBoxLayout()
        household.addWidget(QLabel(self.tr("Households without such a tag: visit every")))
        self.household_days = QSpinBox()
        self.household_days.setRange(1, services.INTERVAL_MAX_DAYS)
        self.household_days.setSuffix(self.tr(" days"))
        self.household_days.setEnabled(self.can_edit)
        self.household_days.valueChanged.connect(self._rules_edited)
        household.addWidget(self.household_days)
        household.addStretch(1)
        layout.addLayout(household)

        self.rules_error = QLabel("")
        self.rules_error.setObjectName("error")
        self.rules_error.setWordWrap(True)
        layout.addWidget(self.rules_error)

        buttons = QHBoxLayout()
        self.new_tag = QComboBox()
        self.new_tag.setMinimumContentsLength(14)
        self.new_tag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_rule = QPushButton(self.tr("Add rule"))
        self.add_rule.clicked.connect(self._add_rule)
        self.remove_rule = QPushButton(self.tr("Remove rule"))
        self.remove_rule.clicked.connect(self._remove_rule)
        self.save_rules = QPushButton(self.tr("Save changes"))
        self.save_rules.clicked.connect(lambda: self.ctx.spawn(self.save_rule_changes()))
        self.discard_rules = QPushButton(self.tr("Discard changes"))
        self.discard_rules.clicked.connect(self._discard_rules)
        for widget in (self.new_tag, self.add_rule, self.remove_rule):
            buttons.addWidget(widget)
            widget.setVisible(self.can_edit)
        buttons.addStretch(1)
        for button in (self.discard_rules, self.save_rules):
            buttons.addWidget(button)
            button.setVisible(self.can_edit)
        layout.addLayout(buttons)
        self.rules.dataChanged.connect(self._rules_edited)
        self.rules.rowsInserted.connect(self._rules_edited)
        self.rules.rowsRemoved.connect(self._rules_edited)
        self._rules_edited()
        return tab

    def _catalog_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self._read_only_note())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Catalogue:")))
        self.kind = QComboBox()
        names = {
            "dispute_type": self.tr("Dispute types"),
            "dispute_source": self.tr("Dispute sources"),
            "dispute_result": self.tr("Mediation results"),
            "dispute_method": self.tr("Mediation methods"),
            "party_role": self.tr("Roles of parties"),
            "service_type": self.tr("Service types"),
            "visit_kind": self.tr("Kinds of visit"),
            "visit_finding": self.tr("Visit findings"),
            "relation": self.tr("Relations to the head of household"),
        }
        for kind in queries.EDITABLE_CATALOGS:
            self.kind.addItem(names.get(kind, kind), kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.ctx.spawn(self.load_catalog()))
        row.addWidget(self.kind)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel(
            self.tr(
                "Codes never change: records refer to them. An entry no longer used is "
                "switched off, not deleted, so old records keep their meaning."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.catalog = CatalogModel(self)
        self.catalog.editable = self.can_edit
        self.catalog_view = QTableView()
        self.catalog_view.setModel(self.catalog)
        self.catalog_view.verticalHeader().setVisible(False)
        self.catalog_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.catalog_view.horizontalHeader().setStretchLastSection(True)
        for column, width in ((0, 180), (1, 200), (2, 260)):
            self.catalog_view.setColumnWidth(column, width)
        remember_columns(self.catalog_view, "settings/catalog")
        layout.addWidget(self.catalog_view, 1)
        self.catalog_error = QLabel("")
        self.catalog_error.setObjectName("error")
        self.catalog_error.setWordWrap(True)
        layout.addWidget(self.catalog_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.discard_catalog = QPushButton(self.tr("Discard changes"))
        self.discard_catalog.clicked.connect(lambda: self.ctx.spawn(self.load_catalog(force=True)))
        self.save_catalog = QPushButton(self.tr("Save changes"))
        self.save_catalog.clicked.connect(lambda: self.ctx.spawn(self.save_catalog_changes()))
        for button in (self.discard_catalog, self.save_catalog):
            button.setVisible(self.can_edit)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.catalog.dataChanged.connect(self._catalog_edited)
        self.catalog.modelReset.connect(self._catalog_edited)
        self._catalog_edited()
        return tab

    def _machine_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.language = QComboBox()
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        shown = read(prefs.LANGUAGE) if stored(prefs.LANGUAGE) else self.ctx.lang
        self.language.setCurrentIndex(max(0, self.language.findData(shown)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_note = QLabel("")
        self.language_note.setWordWrap(True)
        language_box = QVBoxLayout()
        language_box.addWidget(self.language)
        language_box.addWidget(self.language_note)
        form.addRow(self.tr("Language"), language_box)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(
            prefs.IDLE_LOCK_MINUTES.minimum or 1, prefs.IDLE_LOCK_MINUTES.maximum or 120
        )
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        self.idle_minutes.setValue(read(prefs.IDLE_LOCK_MINUTES))
        self.idle_minutes.valueChanged.connect(self._idle_chosen)
        idle_note = QLabel(
            self.tr("The window locks after this long without use; the password opens it again.")
        )
        idle_note.setWordWrap(True)
        idle_box = QVBoxLayout()
        idle_box.addWidget(self.idle_minutes)
        idle_box.addWidget(idle_note)
        form.addRow(self.tr("Lock after"), idle_box)

        self.folder = QLabel(str(self.ctx.store.path.parent))
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton(self.tr("Open folder"))
        self.open_folder.clicked.connect(self._open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder)
        form.addRow(self.tr("Data folder"), folder_row)
        self.db_size = QLabel("…")
        form.addRow(self.tr("Database size"), self.db_size)
        self.log_folder = QLabel(str(paths.log_dir()))
        self.log_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Log files"), self.log_folder)
        return tab

    # -- loading ----------------------------------------------------------------

    async def refresh(self) -> None:
        # One read for everything the page shows: one await, one resumption.
        sensitive, db_path = self.ctx.user.sees_sensitive, self.ctx.bg.path
        kind = str(self.kind.currentData())
        reload_catalog = not self.catalog.has_changes() or kind != self.catalog.kind

        def job(
            conn: Any,
        ) -> tuple[list[RuleRow], list[TagChoice], int, int, list[CatalogRow] | None]:
            return (
                queries.rule_rows(conn, sensitive=sensitive),
                queries.tag_choices(conn, sensitive=sensitive),
                queries.household_interval(conn),
                queries.database_size(db_path),
                queries.catalog_rows(conn, kind) if reload_catalog else None,
            )

        rules, tags, household_days, size, catalog = await self.ctx.bg.read(job)
        self.db_size.setText(QLocale(self.ctx.lang).formattedDataSize(size))
        if not self.rules_loaded or not (self.rules.has_changes() or self._household_changed()):
            self.rules_loaded = True
            self.tags = tags
            self.new_tag.clear()
            for tag in tags:
                self.new_tag.addItem(tag.label(self.ctx.lang), tag.code)
            self.rules.load(rules)
            self.loaded_household_days = household_days
            self.household_days.blockSignals(True)
            self.household_days.setValue(household_days)
            self.household_days.blockSignals(False)
            self._rules_edited()
        if catalog is not None and not self.catalog.has_changes():
            self.catalog.load(kind, catalog)
            self.catalog_error.setText("")

    async def load_catalog(self, force: bool = False) -> None:
        kind = str(self.kind.currentData())
        if self.catalog.has_changes() and not force and kind == self.catalog.kind:
            return
        rows = await self.ctx.bg.read(queries.catalog_rows, kind)
        self.catalog.load(kind, rows)
        self.catalog_error.setText("")

    # -- visit rules ----------------------------------------------------------

    def _household_changed(self) -> bool:
        return self.household_days.value() != self.loaded_household_days

    def _rules_edited(self, *_args: Any) -> None:
        dirty = self.rules.has_changes() or self._household_changed()
        self.save_rules.setEnabled(dirty)
        self.discard_rules.setEnabled(dirty)

    def _add_rule(self) -> None:
        code = self.new_tag.currentData()
        tag = next((t for t in self.tags if t.code == code), None)
        if tag is None:
            return
        row = self.rules.add_rule(tag)
        index = self.rules.index(row, RulesModel.INTERVAL)
        self.rules_view.scrollTo(index)
        self.rules_view.setCurrentIndex(index)

    def _remove_rule(self) -> None:
        index = self.rules_view.currentIndex()
        if index.isValid():
            self.rules.remove_rule(index.row())

    def _discard_rules(self) -> None:
        self.rules.load([])  # forget the edits, then read the saved rules again
        self.household_days.blockSignals(True)
        self.household_days.setValue(self.loaded_household_days)
        self.household_days.blockSignals(False)
        self.rules_error.setText("")
        self.ctx.spawn(self.refresh())

    async def save_rule_changes(self) -> bool:
        added, changed, removed = self.rules.pending()
        household_days = self.household_days.value() if self._household_changed() else None

        def job(session: Any) -> None:
            current: RuleRow | None = None
            try:
                for rule in removed:
                    current = rule
                    services.remove_visit_rule(session=session, rule_id=rule.id)
                for rule in changed:
                    current = rule
                    services.update_visit_rule(
                        session=session,
                        rule_id=rule.id,
                        interval_days=rule.interval_days,
                        min_risk=rule.min_risk,
                        max_risk=rule.max_risk,
                        age_min=rule.age_min,
                    )
                for rule in added:
                    current = rule
                    services.add_visit_rule(
                        session=session,
                        tag_code=rule.tag_code,
                        interval_days=rule.interval_days,
                        min_risk=rule.min_risk,
                        max_risk=rule.max_risk,
                        age_min=rule.age_min,
                    )
                if household_days is not None:
                    current = None
                    services.set_default_household_interval(session=session, days=household_days)
            except UserError as exc:
                raise SaveRefused(current, exc) from exc

        try:
            await self.ctx.bg.write(job, actor=self.ctx.actor)
        except SaveRefused as refused:
            rule = refused.about
            message = refused.error.localized(self.ctx.lang)
            if isinstance(rule, RuleRow):
                message = f"{rule.tag_label(self.ctx.lang)}: {message}"
            self.rules_error.setText(message)
            row = self.rules.mark_failed(rule)
            if row >= 0 and isinstance(refused.error, FieldError):
                column = {v: k for k, v in RulesModel.FIELDS.items()}.get(
                    refused.error.field, RulesModel.TAG
                )
                self.rules_view.setCurrentIndex(self.rules.index(row, column))
            return False
        self.rules_error.setText("")
        self.rules.load([])
        self.loaded_household_days = self.household_days.value()
        self.ctx.bridge.data_changed.emit("visit_rule")
        if household_days is not None:
            self.ctx.bridge.data_changed.emit("catalog_item")
        self.ctx.bridge.status.emit(self.tr("Visit rules saved."))
        await self.refresh()
        return True

    # -- catalogues -----------------------------------------------------------

    def _catalog_edited(self, *_args: Any) -> None:
        dirty = self.catalog.has_changes()
        self.save_catalog.setEnabled(dirty)
        self.discard_catalog.setEnabled(dirty)
        self.kind.setEnabled(not dirty)  # save or discard before switching

    async def save_catalog_changes(self) -> bool:
        kind, pending = self.catalog.kind, self.catalog.pending()

        def job(session: Any) -> None:
            current: CatalogRow | None = None
            try:
                for item in pending:
                    current = item
                    services.set_catalog_item(
                        session=session,
                        kind=kind,
                        code=item.code,
                        name=item.name,
                        name_en=item.name_en,
                        active=item.active,
                    )
            except UserError as exc:
                raise SaveRefused(current, exc) from exc

        try:
            await self.ctx.bg.write(job, actor=self.ctx.actor)
        except SaveRefused as refused:
            item = refused.about
            message = refused.error.localized(self.ctx.lang)
            if isinstance(item, CatalogRow):
                message = f"{item.code}: {message}"
                self.catalog.mark_failed(item.code)
            self.catalog_error.setText(message)
            return False
        self.ctx.bridge.data_changed.emit("catalog_item")
        self.ctx.bridge.status.emit(self.tr("Catalogue saved."))
        await self.load_catalog(force=True)
        return True

    # -- this computer ------------------------------------------------------

    def _language_chosen(self, _index: int) -> None:
        chosen = write(prefs.LANGUAGE, str(self.language.currentData()))
        if chosen == self.ctx.lang:
            self.language_note.setText("")
        else:
            self.language_note.setText(
                self.tr("The new language is used the next time the app starts.")
            )

    def _idle_chosen(self, minutes: int) -> None:
        minutes = write(prefs.IDLE_LOCK_MINUTES, minutes)
        idle = getattr(self.window(), "idle", None)
        timer = getattr(idle, "timer", None)
        if timer is not None:
            timer.setInterval(minutes * 60_000)
            timer.start()

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.store.path.parent)))
