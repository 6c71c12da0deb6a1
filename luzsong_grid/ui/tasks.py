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
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from luzsong_grid.store.db import Actor, Store, connect_raw

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

    def shutdown(self) -> None:
        for pool in (self.reader, self.writer, self.other):
            pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()


class PendingStore:
    """Work that must wait for the store to be open (the sign-in window shows
    while the database opens and migrates on another thread)."""

    def __init__(self, opening: asyncio.Future[Store]) -> None:
        self._opening = opening
        self.store: Store | None = None

    @property
    def path(self) -> Path:
        from luzsong_grid import paths

        return self.store.path if self.store is not None else paths.database_path()

    async def work(self, job: Callable[..., T], *args: Any) -> T:
        """``job(*args)`` on a worker thread once the store is open; a
        failure to open (a UserError) is raised here, where it can be shown."""
        if self.store is None:
            self.store = await self._opening
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: job(*args))


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
