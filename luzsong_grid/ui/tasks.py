"""The one background mechanism of the desktop client.

Every database, Excel and network job runs off the UI thread through
:class:`Background`: reads on a small pool of threads, each with its own
read-only SQLite connection; writes on ONE writer thread (SQLite has one
writer; a queue of one keeps transactions from fighting). Coroutines await
the results on the qasync loop, so widgets are only touched on the UI thread.
A job never touches a widget.

:class:`StallMonitor` measures how long the UI thread was unable to run its
event loop (goal: never over 100 ms).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from luzsong_grid.store.db import Actor, Store, connect_raw

if TYPE_CHECKING:
    from luzsong_grid.auth import UserContext

log = logging.getLogger("luzsong_grid.ui")
T = TypeVar("T")


class Background:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.path: Path = store.path
        self.reader = ThreadPoolExecutor(max_workers=2, thread_name_prefix="db-read")
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-write")
        self.other = ThreadPoolExecutor(max_workers=2, thread_name_prefix="work")
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_raw(self.path, readonly=True)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    async def read(self, job: Callable[..., T], *args: Any) -> T:
        """``job(conn, *args)`` on a reader thread with a read-only connection."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.reader, lambda: job(self._conn(), *args))

    async def write(self, job: Callable[..., T], *, actor: Actor) -> T:
        """``job(session)`` in one transaction on the writer thread."""

        def run() -> T:
            with self.store.session(actor=actor) as session:
                return job(session)

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer, run)

    async def work(self, job: Callable[..., T], *args: Any) -> T:
        """Other blocking work (Excel files, the network) off the UI thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.other, lambda: job(*args))

    async def sign_in(self, username: str, password: str) -> UserContext:
        """The idle lock's check: the password must unlock this database's key."""
        from luzsong_grid.auth import sign_in

        return await self.work(sign_in, self.path, username, password)

    def shutdown(self) -> None:
        for pool in (self.reader, self.writer, self.other):
            pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()


class PendingStore:
    """The store before anyone signed in: the database is encrypted, so it
    opens (and migrates) only once a password has unlocked its key. While the
    sign-in window waits for one, ``warming`` loads the modules opening needs."""

    def __init__(self, path: Path, warming: asyncio.Future[Any] | None = None) -> None:
        self.path = path
        self._warming = warming
        self.store: Store | None = None

    def _open(self, username: str, password: str) -> UserContext:
        from luzsong_grid.auth import MSG_BAD_LOGIN, account_context, unlock
        from luzsong_grid.i18n import UserError
        from luzsong_grid.store.db import key_for, open_store

        key = unlock(self.path, username, password)
        if self.store is None:
            self.store = open_store(self.path, key=key)  # encrypts an older, unencrypted one
        elif key is not None and key != key_for(self.path):
            raise UserError(MSG_BAD_LOGIN)
        return account_context(self.path, username)

    async def sign_in(self, username: str, password: str) -> UserContext:
        """Unlock, open the store, check the account, on a worker thread; a
        failure (a UserError) is raised here, where it can be shown."""
        if self._warming is not None:
            with contextlib.suppress(Exception):  # opening reports real problems
                await self._warming
            self._warming = None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._open, username, password)


def warm_up() -> None:
    """Import what opening the store needs (SQLAlchemy, SQLModel, the models,
    Argon2, the cipher), so that signing in does not wait for it."""
    import argon2.low_level  # noqa: F401
    import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import luzsong_grid.store.models
    import luzsong_grid.store.seed
    import luzsong_grid.store.tracking  # noqa: F401


class TaskKeeper:
    """Keeps references to running tasks (dropped ones get collected
    mid-flight) and hands their failures to one handler."""

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._on_error = on_error

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._on_error(exc)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()


class StallMonitor(QObject):
    """Ticks every ``interval_ms`` on the UI thread; a late tick is a stall."""

    stalled = Signal(float)

    def __init__(self, interval_ms: int = 20, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval = interval_ms / 1000
        self.max_stall_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        self.max_stall_ms = 0.0
        self._last = time.perf_counter()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = (now - self._last - self.interval) * 1000
        self._last = now
        if late > self.max_stall_ms:
            self.max_stall_ms = late
        if late > 100:
            log.warning("UI thread stalled for %.0f ms", late)
            self.stalled.emit(late)
