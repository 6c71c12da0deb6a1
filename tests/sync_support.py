"""Helpers for the sync tests: an office store with its SyncServer, laptops
syncing through the in-process transport, scoped state to compare."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from luzsong_grid.hlc import HybridClock
from luzsong_grid.store.db import Actor, Store, open_store
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.client import InProcessTransport, SyncClient, TransportError
from luzsong_grid.sync.server import Principal, SyncServer
from luzsong_grid.sync.tables import tables
from tests.conftest import Territory, make_territory


class FlakyTransport(InProcessTransport):
    """The in-process transport with faults: ``drop_push_replies`` replies are
    lost after the office applied the push; ``fail_before`` calls fail before
    reaching the office; ``on_pull`` runs before each pull."""

    def __init__(self, server: SyncServer, account_id: str, device_id: str) -> None:
        super().__init__(server, account_id, device_id)
        self.drop_push_replies = 0
        self.fail_before = 0
        self.crash_after_push = False
        self.on_pull: Callable[[int], None] | None = None
        self.calls: list[str] = []

    def _maybe_fail(self) -> None:
        if self.fail_before > 0:
            self.fail_before -= 1
            raise TransportError("connection reset")

    def push(self, req: p.PushRequest) -> p.PushResponse:
        self.calls.append("push")
        self._maybe_fail()
        resp = super().push(req)
        if self.crash_after_push:
            self.crash_after_push = False
            raise TransportError("the laptop died", transient=False)
        if self.drop_push_replies > 0:
            self.drop_push_replies -= 1
            raise TransportError("reply lost")
        return resp

    def pull(self, cursor: int, limit: int, skip: Sequence[tuple[int, int]] = ()) -> p.PullPage:
        self.calls.append("pull")
        self._maybe_fail()
        if self.on_pull is not None:
            self.on_pull(cursor)
        return super().pull(cursor, limit, skip)

    def checksum(self) -> p.ScopeChecksum:
        self.calls.append("checksum")
        self._maybe_fail()
        return super().checksum()


@dataclass
class Laptop:
    path: Path
    store: Store
    actor: Actor
    transport: FlakyTransport
    client: SyncClient
    sleeps: list[float] = field(default_factory=list)

    def sync(self, **kw: Any) -> Any:
        return self.client.sync(**kw)


@dataclass
class Office:
    tmp: Path
    store: Store
    server: SyncServer
    terr: Territory
    laptops: list[Laptop] = field(default_factory=list)

    def laptop(
        self,
        name: str,
        who: Actor,
        *,
        wall: Callable[[], int] | None = None,
        path: Path | None = None,
        page_size: int = p.DEFAULT_PULL_LIMIT,
    ) -> Laptop:
        db = path or self.tmp / f"{name}.sqlite3"
        store = open_store(db)
        if wall is not None:
            store.clock = HybridClock(store.device_id, wall=wall)
        self.server.register_device(who.account_id, store.device_id, name=name)
        transport = FlakyTransport(self.server, who.account_id, store.device_id)
        sleeps: list[float] = []
        client = SyncClient(store, transport, sleep=sleeps.append, page_size=page_size)
        actor = Actor(account_id=who.account_id, device_id=store.device_id, role=who.role)
        lap = Laptop(db, store, actor, transport, client, sleeps)
        self.laptops.append(lap)
        return lap

    def reopen(self, lap: Laptop) -> Laptop:
        lap.store.close()
        store = open_store(lap.path)
        lap.store = store
        lap.client = SyncClient(store, lap.transport, sleep=lap.sleeps.append)
        return lap

    def office_actor(self) -> Actor:
        return Actor(account_id="", device_id=self.store.device_id, role="system")

    def close(self) -> None:
        for lap in self.laptops:
            lap.store.close()
        self.store.close()


def make_office(tmp: Path) -> Office:
    store = open_store(tmp / "office.sqlite3")
    server = SyncServer.for_store(store)
    terr = make_territory(store)
    return Office(tmp, store, server, terr)


def copy_database(source: Path, target: Path, *, new_device: str | None = None) -> None:
    """A consistent copy of a database file (online backup); optionally with a new device id."""
    if target.exists():
        target.unlink()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        if new_device:
            dst.execute("UPDATE sync_state SET value = ? WHERE key = 'device_id'", (new_device,))
            dst.commit()
    finally:
        dst.close()
        src.close()
    for suffix in ("-wal", "-shm"):
        stale = Path(str(target) + suffix)
        if stale.exists():
            stale.unlink()


def copy_file(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def scoped_state(conn: Any, grids: frozenset[str] | None) -> dict[str, set[tuple[Any, ...]]]:
    """Every synced row in ``grids`` (None: all) plus every reference row,
    as comparable tuples of column values, without local-only columns."""
    out: dict[str, set[tuple[Any, ...]]] = {}
    for name, info in tables().items():
        t = info.table
        query = select(*[t.c[c] for c in info.columns if c not in info.local_only])
        if info.scoped and grids is not None:
            query = query.where(t.c.grid_code.in_(sorted(grids)))
        out[name] = {tuple(r) for r in conn.execute(query)}
    return out


# One engine for every file, so its statement cache is shared between runs.
_target: list[Path] = []
_ENGINE = create_engine(
    "sqlite://", creator=lambda: sqlite3.connect(_target[-1]), poolclass=NullPool
)


def state_of(path: Path, grids: frozenset[str] | None) -> dict[str, set[tuple[Any, ...]]]:
    _target.append(path)
    try:
        with _ENGINE.connect() as conn:
            return scoped_state(conn, grids)
    finally:
        _target.pop()


def assert_same_scope(office: Office, lap: Laptop) -> None:
    principal: Principal = office.server.principal(lap.actor.account_id)
    want = state_of(office.store.path, principal.grids)
    got = state_of(lap.path, principal.grids)
    for name in want:
        assert got[name] == want[name], (
            f"{name}: laptop-only {sorted(got[name] - want[name])[:3]} "
            f"office-only {sorted(want[name] - got[name])[:3]}"
        )
    # Nothing of other grids stays on the laptop.
    everything = state_of(lap.path, None)
    for name in want:
        assert everything[name] == got[name], f"{name}: rows outside the scope remain"
