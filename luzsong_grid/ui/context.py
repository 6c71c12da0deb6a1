"""What every page of the desktop client shares: the store, the signed-in
user, the background runner and the one place errors are shown."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from luzsong_grid.auth import UserContext
from luzsong_grid.i18n import UserError
from luzsong_grid.store.db import Actor, Store
from luzsong_grid.ui.tasks import Background, StallMonitor, TaskKeeper

log = logging.getLogger("luzsong_grid.ui")


class Bridge(QObject):
    """Messages from non-UI code to whatever shows them."""

    user_error = Signal(str)  # a message the user can act on
    crashed = Signal(str)  # an unexpected failure (already logged)
    data_changed = Signal(str)  # a table name: pages showing it refresh
    status = Signal(str)  # a short status-bar note


@dataclass
class AppContext:
    store: Store
    user: UserContext
    bg: Background
    bridge: Bridge
    stall: StallMonitor
    lang: str = "zh_CN"
    tasks: TaskKeeper = field(init=False)

    def __post_init__(self) -> None:
        self.tasks = TaskKeeper(self._failed)

    @property
    def actor(self) -> Actor:
        return Actor(
            account_id=self.user.account_id, device_id=self.store.device_id, role=self.user.role
        )

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        self.tasks.spawn(coro)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.bridge.user_error.emit(exc.localized(self.lang))
            return
        log.error("background task failed", exc_info=exc)
        self.bridge.crashed.emit(f"{type(exc).__name__}: {exc}")
