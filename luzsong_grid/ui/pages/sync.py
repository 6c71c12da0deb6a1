"""The Sync page (同步): sync with the community office, see what waits, and
review what a person must decide.

- Sync now pushes this laptop's changes and pulls the office's, on a worker
  thread (one reused HTTP client, retries with backoff), with progress and a
  Cancel button; the window never waits for the network.
- Auto-sync: every few minutes, when the office server has been set up and
  answers, a quiet sync runs by itself.
- "My changes that need attention": local changes the office answered with
  a conflict or refused, with the reason.
- On the office's own computer (office mode), staff and admins see the
  review queue and decide each entry: keep the office's version or apply
  the laptop's change.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from luzsong_grid.i18n import UserError
from luzsong_grid.ui.context import AppContext
from luzsong_grid.ui.pages.base import Page

AUTO_SYNC_MINUTES = 5
STATE_LAST_SYNC = "last_sync_at"


def _local_state(conn: Any) -> dict[str, Any]:
    state = dict(conn.execute("SELECT key, value FROM sync_state"))
    pending = conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
    attention = conn.execute(
        "SELECT created_at, table_name, row_id, kind, state, result FROM outbox "
        "WHERE state IN ('conflict', 'rejected') ORDER BY seq DESC LIMIT 200"
    ).fetchall()
    try:
        queue = conn.execute(
            "SELECT id, table_name, row_id, reason, created_at FROM sync_conflict "
            "WHERE status = 'open' ORDER BY created_at LIMIT 200"
        ).fetchall()
    except Exception:  # a laptop's database may not hold the office tables' rows
        queue = []
    return {"state": state, "pending": pending, "attention": attention, "queue": queue}


class SyncPage(Page):
    tables = frozenset({"outbox"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._cancel = threading.Event()
        self._running = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        heading = QLabel(self.title())
        heading.setObjectName("heading")
        layout.addWidget(heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.server = QLineEdit()
        self.server.setMinimumWidth(420)
        self.server.setPlaceholderText("https://office:8765")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Only needed the first time"))
        self.password.setMinimumWidth(420)
        self.last = QLabel("—")
        self.pending = QLabel("—")
        form.addRow(self.tr("Office server"), self.server)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Last sync"), self.last)
        form.addRow(self.tr("Waiting to be sent"), self.pending)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("primary")
        self.sync_button.clicked.connect(lambda: self.ctx.spawn(self.sync_now()))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._cancel.set)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        self.progress.setMaximumWidth(320)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("My changes that need attention")))
        self.attention = QTableWidget(0, 4)
        self.attention.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Record"), self.tr("Answer"), self.tr("Reason")]
        )
        self.attention.horizontalHeader().setStretchLastSection(True)
        self.attention.verticalHeader().setVisible(False)
        layout.addWidget(self.attention, 1)
        self.queue_label = QLabel(self.tr("Office review queue"))
        self.queue = QTableWidget(0, 4)
        self.queue.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Record"), self.tr("Reason"), ""]
        )
        self.queue.horizontalHeader().setStretchLastSection(True)
        self.queue.verticalHeader().setVisible(False)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.queue, 1)
        self.queue_label.setVisible(False)
        self.queue.setVisible(False)
        self.auto = QTimer(self)
        self.auto.setInterval(AUTO_SYNC_MINUTES * 60_000)
        self.auto.timeout.connect(lambda: self.ctx.spawn(self.sync_now(quiet=True)))
        self.auto.start()

    def title(self) -> str:
        return self.tr("Sync")

    def icon_name(self) -> str:
        return "sync"

    async def refresh(self) -> None:
        info = await self.ctx.bg.read(_local_state)
        state = info["state"]
        if not self.server.hasFocus():
            self.server.setText(state.get("sync_server_url", ""))
        self.password.setVisible(not state.get("device_key"))
        self.last.setText(state.get(STATE_LAST_SYNC, "") or self.tr("never"))
        self.pending.setText(self.tr("%n change(s)", "", int(info["pending"])))
        answers = {"conflict": self.tr("conflict"), "rejected": self.tr("refused")}
        self.attention.setRowCount(len(info["attention"]))
        for row, (at, table, row_id, _kind, status, result) in enumerate(info["attention"]):
            reason = _reason(result)
            for col, text in enumerate(
                (str(at)[:16], f"{table} {row_id[-8:]}", answers.get(status, status), reason)
            ):
                self.attention.setItem(row, col, QTableWidgetItem(text))
        office = bool(info["queue"]) and self.ctx.user.role in ("staff", "admin")
        self.queue_label.setVisible(office)
        self.queue.setVisible(office)
        if office:
            self._fill_queue(info["queue"])

    def _fill_queue(self, rows: list[Any]) -> None:
        self.queue.setRowCount(len(rows))
        for row, (conflict_id, table, row_id, reason, created) in enumerate(rows):
            self.queue.setItem(row, 0, QTableWidgetItem(str(created)[:16]))
            self.queue.setItem(row, 1, QTableWidgetItem(f"{table} {row_id[-8:]}"))
            self.queue.setItem(row, 2, QTableWidgetItem(str(reason)))
            cell = QWidget()
            box = QHBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            keep = QPushButton(self.tr("Keep the office's version"))
            apply = QPushButton(self.tr("Apply the laptop's change"))
            keep.clicked.connect(
                lambda _c=False, i=conflict_id: self.ctx.spawn(self.resolve(i, "keep_server"))
            )
            apply.clicked.connect(
                lambda _c=False, i=conflict_id: self.ctx.spawn(self.resolve(i, "apply_op"))
            )
            box.addWidget(keep)
            box.addWidget(apply)
            self.queue.setCellWidget(row, 3, cell)

    async def resolve(self, conflict_id: str, resolution: str) -> None:
        store = self.ctx.store
        account = self.ctx.user.account_id

        def job() -> None:
            from luzsong_grid.sync.server import SyncServer

            SyncServer(store.engine).resolve_conflict(
                conflict_id,
                resolution,  # type: ignore[arg-type]
                account_id=account,
            )

        await self.ctx.bg.work(job)
        self.ctx.bridge.status.emit(self.tr("Decided."))
        await self.refresh()

    async def sync_now(self, *, quiet: bool = False) -> None:
        if self._running:
            return
        url = self.server.text().strip() or None
        password = self.password.text() or None
        if quiet and (not url or self.password.isVisible()):
            return  # auto-sync only once the laptop is registered
        self._running = True
        self._cancel.clear()
        self.sync_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.message.setText(self.tr("Syncing…"))
        store, username, cancel = self.ctx.store, self.ctx.user.username, self._cancel

        def job() -> Any:
            from luzsong_grid.sync.laptop import set_state, sync_with_office

            result = sync_with_office(
                store,
                server_url=url,
                username=username,
                password=password,
                cancel=cancel.is_set,
            )
            set_state(store, {STATE_LAST_SYNC: datetime.now().strftime("%Y-%m-%d %H:%M")})
            return result

        try:
            result = await self.ctx.bg.work(job)
        except UserError as exc:
            self.message.setText(exc.localized(self.ctx.lang))
            if not quiet:
                self.ctx.bridge.status.emit(exc.localized(self.ctx.lang))
            return
        finally:
            self._running = False
            self.sync_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
            self.progress.setVisible(False)
        report = result.report
        self.password.clear()
        sent = sum(report.pushed.values())
        self.message.setText(
            self.tr("Sent %1, received %2. Conflicts: %3, refused: %4.")
            .replace("%1", str(sent))
            .replace("%2", str(report.pulled))
            .replace("%3", str(report.conflicts))
            .replace("%4", str(report.rejected))
            if not report.cancelled
            else self.tr("Cancelled. Nothing is lost; the rest goes at the next sync.")
        )
        for table in ("outbox", "household", "person", "visit", "dispute", "event"):
            self.ctx.bridge.data_changed.emit(table)
        await self.refresh()


def _reason(result: str) -> str:
    try:
        data = json.loads(result) if result else {}
    except ValueError:
        return result
    if isinstance(data, dict):
        return str(data.get("message") or data.get("reason") or data.get("code") or "")
    return str(data)
