"""Shared fixtures: a fresh store, a small territory with accounts, the demo district.

Helpers that are plain functions (``add_household``, ``resident_id``) are
imported with ``from tests.conftest import ...``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from luzsong_grid import paths
from luzsong_grid.domain.validation import make_resident_id
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor, Store, open_store
from luzsong_grid.store.models import Household, Person

# Widgets render offscreen in tests, with or without a display; QSettings
# (window geometry, preferences) go to a throwaway folder, never the home.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="luzsong-test-config-")

AREA_CODE = "430203"
DEMO_TODAY = date(2026, 11, 27)
DEMO_PERSONS = 2000
DEMO_SEED = 7


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never let a test touch the user's real data folder, nor leave its
    language (the CLI's --lang and the app's start set it) to the next test."""
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path_factory.mktemp("home")))
    monkeypatch.setattr(paths, "_data_dir_override", None)
    monkeypatch.delenv("LUZSONG_GRID_LANG", raising=False)


def resident_id(birth: date, seq: int = 1, gender: str = "M") -> str:
    """A valid resident ID number registered in Lusong District."""
    return make_resident_id(AREA_CODE, birth, seq, gender)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh unencrypted store (as the office server opens its SQLite
    database; most tests use it). See ``keyed_store`` for a laptop's.

    ``LUZSONG_GRID_TEST_ENCRYPTED=1`` makes it encrypted, to run the store
    code's tests over SQLCipher (tests that read the file with the stdlib's
    sqlite3 then fail, as they should)."""
    key = None
    if os.environ.get("LUZSONG_GRID_TEST_ENCRYPTED") == "1":
        from luzsong_grid.store.crypto import new_key

        key = new_key()
    opened = open_store(tmp_path / "grid.sqlite3", key=key)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def keyed_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store encrypted with a random data key (SQLCipher), as the
    desktop app and the command line open a laptop's database."""
    from luzsong_grid.store.crypto import new_key
    from luzsong_grid.store.db import forget_key

    path = tmp_path / "keyed.sqlite3"
    opened = open_store(path, key=new_key())
    try:
        yield opened
    finally:
        opened.close()
        forget_key(path)


@dataclass(frozen=True)
class Territory:
    """What the ``territory`` fixture created: codes and the accounts' actors."""

    street: str
    community_a: str  # 学堂冲社区
    community_b: str  # 公园社区
    grid_a1: str
    grid_a2: str
    grid_b1: str
    system: Actor
    w1: Actor  # worker on grid_a1
    w2: Actor  # worker on grid_b1
    staff1: Actor  # staff of community_a
    sup: Actor  # district supervisor

    @property
    def grids(self) -> tuple[str, str, str]:
        return (self.grid_a1, self.grid_a2, self.grid_b1)


@pytest.fixture
def territory(store: Store) -> Territory:
    """1 street (建设街道), 2 communities, 3 grids and 4 accounts (see
    :func:`make_territory`)."""
    return make_territory(store)


def make_territory(store: Store) -> Territory:
    """1 street (建设街道), 2 communities, 3 grids and accounts w1 (worker,
    first grid), w2 (worker, 公园社区's grid), staff1 (学堂冲社区) and sup
    (district supervisor), made through the service functions as the system
    actor. A plain function too, for module-scoped fixtures."""
    street, comm_a, comm_b = "430203002", "430203002001", "430203002002"
    grid_a1, grid_a2, grid_b1 = "430203002001001", "430203002001002", "430203002002001"
    system = Actor.system(store.device_id)
    with store.session(actor=system) as s:
        services.create_street(session=s, code=street, name="建设街道")
        services.create_community(session=s, code=comm_a, street_code=street, name="学堂冲社区")
        services.create_community(session=s, code=comm_b, street_code=street, name="公园社区")
        services.create_grid(session=s, code=grid_a1, community_code=comm_a, name="学堂冲第一网格")
        services.create_grid(session=s, code=grid_a2, community_code=comm_a, name="学堂冲第二网格")
        services.create_grid(session=s, code=grid_b1, community_code=comm_b, name="公园第一网格")
        specs = [
            ("w1", "网格员一", "worker", "", [grid_a1]),
            ("w2", "网格员二", "worker", "", [grid_b1]),
            ("staff1", "社区专干", "staff", comm_a, []),
            ("sup", "区督导", "supervisor", "", []),
        ]
        actors: dict[str, Actor] = {}
        for username, display, role, scope_code, grids in specs:
            account = services.create_account(
                session=s,
                username=username,
                display_name=display,
                role=role,
                scope_code=scope_code,
                grids=grids,
            )
            actors[username] = Actor(
                account_id=account.id, device_id=store.device_id, role=account.role
            )
    return Territory(
        street=street,
        community_a=comm_a,
        community_b=comm_b,
        grid_a1=grid_a1,
        grid_a2=grid_a2,
        grid_b1=grid_b1,
        system=system,
        **actors,
    )


def add_household(
    store: Store,
    actor: Actor,
    grid: str,
    address: str,
    members: Sequence[tuple[str, str]] = (),
) -> tuple[Household, list[Person]]:
    """A household with its members (name, ID number or ""); the first member
    is the head. Returns the household and the persons in order."""
    with store.session(actor=actor) as s:
        household = services.create_household(
            session=s, data=services.HouseholdIn(grid_code=grid, address=address)
        )
        persons = [
            services.create_person(
                session=s,
                household_id=household.id,
                data=services.PersonIn(
                    name=name, id_number=id_number, relation="head" if n == 0 else ""
                ),
            )
            for n, (name, id_number) in enumerate(members)
        ]
    return household, persons


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo district (2,000 persons, seed 7, a year of work up to
    2026-11-27), generated once per test session. Returns the database file,
    named as the app names it, so its folder works as ``--data-dir``.

    Tests must treat it as read-only: it is shared.
    """
    from luzsong_grid import demo

    path = tmp_path_factory.mktemp("demo") / paths.DB_FILENAME
    demo.generate(
        path, seed=DEMO_SEED, persons=DEMO_PERSONS, today=DEMO_TODAY, progress=lambda _text: None
    )
    return path


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo district that a test may change."""
    import sqlite3

    target = tmp_path / "copy" / paths.DB_FILENAME
    target.parent.mkdir()
    source = sqlite3.connect(demo_db)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


# --------------------------------------------------------------------------
# Desktop client: a real qasync loop and a signed-in context
# --------------------------------------------------------------------------


@pytest.fixture
def aloop(qapp: Any) -> Iterator[Any]:
    """The qasync event loop the app runs on, current for the test."""
    import asyncio

    import qasync

    qapp.setQuitOnLastWindowClosed(False)  # as the app does: dialogs come and go
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()
        asyncio.set_event_loop(None)


async def _quiet(target: Any, timeout: float) -> Any:
    """Await ``target``, then the tasks it (or a page) spawned meanwhile."""
    import asyncio

    result = await asyncio.wait_for(target, timeout)
    me = asyncio.current_task()
    for _ in range(50):
        pending = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
        if not pending:
            break
        await asyncio.wait(pending, timeout=timeout)
    return result


def drive(loop: Any, coro: Any, timeout: float = 30.0) -> Any:
    """Run ``coro`` on the qasync loop, and the tasks spawned while it ran,
    in ONE run of the loop (qtbot waits cannot run inside a qasync
    coroutine; and qasync processes Qt events once more after each run with
    no running loop set, so many short runs can fail a task stepped then)."""
    return loop.run_until_complete(_quiet(coro, timeout))


def settle(loop: Any, seconds: float = 0.3) -> None:
    """Let spawned background tasks finish (at most ``seconds`` more)."""
    import asyncio

    loop.run_until_complete(_quiet(asyncio.sleep(0), max(seconds, 5.0)))


_QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester", "aloop", "make_ctx"})


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As the app does: no automatic cyclic garbage collection during a test,
    which could start on a worker thread (a server's, a store's) and destroy
    a Qt object there; collect on this thread instead, around the tests that
    make Qt objects (a full collection costs ~80 ms, so not around the rest:
    a Qt test's last collection leaves no Qt garbage behind)."""
    import gc

    qt = bool(_QT_FIXTURES & set(request.fixturenames))
    if qt:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        if qt:
            gc.collect()


@pytest.fixture
def make_ctx(demo_copy: Path, aloop: Any) -> Iterator[Any]:
    """``make_ctx(username, lang="zh_CN")``: an AppContext signed in as a demo
    account on a private copy of the demo district."""
    from luzsong_grid.auth import sign_in
    from luzsong_grid.demo import DEMO_PASSWORD
    from luzsong_grid.store.db import open_store
    from luzsong_grid.ui.context import AppContext, Bridge
    from luzsong_grid.ui.tasks import Background, StallMonitor

    made: list[AppContext] = []

    def make(username: str = "worker", lang: str = "zh_CN") -> AppContext:
        store = open_store(demo_copy)
        ctx = AppContext(
            store=store,
            user=sign_in(demo_copy, username, DEMO_PASSWORD),
            bg=Background(store),
            bridge=Bridge(),
            stall=StallMonitor(),
            lang=lang,
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.cancel_all()
        ctx.bg.shutdown()
        ctx.store.close()
