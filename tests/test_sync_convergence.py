"""Randomised convergence: three laptops and the office, random edits through
the service functions, lost replies, crashes after the office committed a
push, torn pulls, restarts and skewed clocks; then everyone syncs until
quiet, and every laptop must hold exactly the office's rows of its scope,
with every op answered once and none lost."""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from luzsong_grid.hlc import HybridClock
from luzsong_grid.i18n import UserError
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor, open_store
from luzsong_grid.store.models import Household, Person
from luzsong_grid.sync.client import InProcessTransport, SyncClient, TransportError
from luzsong_grid.sync.server import SyncServer
from tests.conftest import make_territory
from tests.sync_support import FlakyTransport, Laptop, Office, assert_same_scope, copy_database

RUNS = 200
STEPS = 14


@dataclass(frozen=True)
class Templates:
    office: Path
    laptops: dict[str, Path]  # username → a laptop that has done its first sync
    accounts: dict[str, tuple[str, str]]  # username → (account id, role)
    grids: dict[str, str]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """Migrated, seeded databases made once (laptops after their first
    sync); each run copies them."""
    folder = tmp_path_factory.mktemp("templates")
    office = open_store(folder / "office.sqlite3")
    server = SyncServer.for_store(office)
    terr = make_territory(office)
    accounts = {
        "w1": (terr.w1.account_id, "worker"),
        "staff1": (terr.staff1.account_id, "staff"),
    }
    laptops = {}
    for username, (account_id, _role) in accounts.items():
        path = folder / f"{username}.sqlite3"
        laptop = open_store(path)
        SyncClient(laptop, InProcessTransport(server, account_id, laptop.device_id)).sync()
        laptop.close()
        laptops[username] = path
    office.close()
    grids = {"a1": terr.grid_a1, "a2": terr.grid_a2}
    return Templates(folder / "office.sqlite3", laptops, accounts, grids)


class Run:
    def __init__(self, tmp: Path, tpl: Templates, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tpl = tpl
        copy_database(tpl.office, tmp / "office.sqlite3")
        store = open_store(tmp / "office.sqlite3")
        self.office = Office(tmp, store, SyncServer.for_store(store), terr=None)  # type: ignore[arg-type]
        self.skews: dict[str, int] = {}
        self.laptops: list[Laptop] = []
        for n, who in enumerate(("w1", "w1", "staff1")):
            path = tmp / f"laptop{n}.sqlite3"
            device = f"dev{seed}x{n}"
            copy_database(tpl.laptops[who], path, new_device=device)
            account_id, role = tpl.accounts[who]
            # One laptop has a wrong clock: up to two hours either way.
            self.skews[device] = self.rng.randint(-7200, 7200) * 1000 if n == 1 else 0
            store = open_store(path, seed_catalogs=False)
            self._skew(store)
            self.office.server.register_device(account_id, device)
            transport = FlakyTransport(self.office.server, account_id, device)
            lap = Laptop(
                path,
                store,
                Actor(account_id=account_id, device_id=device, role=role),
                transport,
                SyncClient(store, transport, sleep=lambda _s: None, page_size=7),
            )
            self.laptops.append(lap)

    def _skew(self, store: Any) -> None:
        skew = self.skews[store.device_id]
        if skew:
            store.clock = HybridClock(
                store.device_id,
                last=store.clock.now(),
                wall=lambda: int(time.time() * 1000) + skew,
            )

    def close(self) -> None:
        for lap in self.laptops:
            lap.store.close()
        self.office.store.close()

    # -- actions ------------------------------------------------------------

    def grids_of(self, lap: Laptop) -> list[str]:
        if lap.actor.role == "worker":
            return [self.tpl.grids["a1"]]
        return [self.tpl.grids["a1"], self.tpl.grids["a2"]]

    def edit(self, lap: Laptop) -> None:
        rng = self.rng
        with lap.store.session(write=False) as s:
            households = s.exec(select(Household.id).where(Household.deleted == False)).all()  # noqa: E712
            persons = s.exec(select(Person.id).where(Person.deleted == False)).all()  # noqa: E712
        action = rng.choice(
            ["household", "household", "person", "note", "note", "name", "phone", "delete", "visit"]
        )
        try:
            with lap.store.session(actor=lap.actor) as s:
                if action == "household" or not households:
                    services.create_household(
                        session=s,
                        data=services.HouseholdIn(
                            grid_code=rng.choice(self.grids_of(lap)),
                            address=f"路{rng.randint(1, 999)}号",
                        ),
                    )
                elif action == "person":
                    services.create_person(
                        session=s,
                        household_id=rng.choice(households),
                        data=services.PersonIn(name=rng.choice(["张伟", "王芳", "李娜", "刘洋"])),
                    )
                elif action == "note":
                    services.update_household(
                        session=s,
                        household_id=rng.choice(households),
                        patch=services.HouseholdPatch(note=f"备注{rng.randint(1, 99)}"),
                    )
                elif action == "name" and persons:
                    services.update_person(
                        session=s,
                        person_id=rng.choice(persons),
                        patch=services.PersonPatch(name=rng.choice(["赵敏", "周杰", "吴磊"])),
                    )
                elif action == "phone" and persons:
                    services.update_person(
                        session=s,
                        person_id=rng.choice(persons),
                        patch=services.PersonPatch(phone=f"139{rng.randint(0, 99_999_999):08d}"),
                    )
                elif action == "delete" and persons:
                    services.delete_person(session=s, person_id=rng.choice(persons))
                elif action == "visit":
                    services.log_visit(
                        session=s,
                        data=services.VisitIn(
                            household_id=rng.choice(households),
                            visited_at=datetime.now() - timedelta(hours=rng.randint(1, 48)),
                        ),
                    )
        except UserError:
            pass  # e.g. a row a pull has just removed

    def office_edit(self) -> None:
        office = self.office
        with office.store.session(write=False) as s:
            households = s.exec(select(Household.id).where(Household.deleted == False)).all()  # noqa: E712
        if not households:
            return
        actor = Actor(account_id="", device_id=office.store.device_id, role="system")
        with office.store.session(actor=actor) as s:
            services.update_household(
                session=s,
                household_id=self.rng.choice(households),
                patch=services.HouseholdPatch(phone=f"138{self.rng.randint(0, 99_999_999):08d}"),
            )

    def sync(self, lap: Laptop, *, faults: bool) -> None:
        rng = self.rng
        fault = rng.choice(["none", "none", "lost", "crash", "torn", "flaky"]) if faults else "none"
        t = lap.transport
        if fault == "lost":
            t.drop_push_replies = 1
        elif fault == "crash":
            t.crash_after_push = True
        elif fault == "flaky":
            t.fail_before = rng.randint(1, 3)
        elif fault == "torn":

            def tear(_cursor: int) -> None:
                t.on_pull = None
                raise TransportError("cable pulled", transient=False)

            t.on_pull = tear if rng.random() < 0.5 else None
        try:
            lap.sync()
        except TransportError:
            pass
        finally:
            t.drop_push_replies = t.fail_before = 0
            t.crash_after_push = False
            t.on_pull = None

    def restart(self, lap: Laptop) -> None:
        lap.store.close()
        lap.store = open_store(lap.path, seed_catalogs=False)
        self._skew(lap.store)
        lap.client = SyncClient(lap.store, lap.transport, sleep=lambda _s: None, page_size=7)

    # -- checks ---------------------------------------------------------------

    def check(self) -> None:
        for lap in self.laptops:
            assert lap.client.pending_count() == 0
            assert_same_scope(self.office, lap)
        office = sqlite3.connect(self.office.store.path)
        try:
            answers = dict(office.execute("SELECT op_id, status FROM sync_applied_op").fetchall())
            logged = dict(
                office.execute(
                    "SELECT device_id, count(*) FROM sync_change_log GROUP BY device_id"
                ).fetchall()
            )
        finally:
            office.close()
        for lap in self.laptops:
            conn = sqlite3.connect(lap.path)
            try:
                ops = conn.execute("SELECT op_id, state, kind FROM outbox").fetchall()
            finally:
                conn.close()
            for op_id, state, _kind in ops:
                assert answers.get(op_id) == state, (
                    f"op {op_id}: laptop {state}, office {answers.get(op_id)}"
                )
            written = sum(1 for _, state, _ in ops if state in ("applied", "merged"))
            inserted = sum(1 for _, state, kind in ops if state == "applied" and kind == "insert")
            # Each op wrote at most once; every applied insert wrote.
            assert inserted <= logged.get(lap.store.device_id, 0) <= written


def _run(tmp: Path, tpl: Templates, seed: int) -> None:
    run = Run(tmp, tpl, seed)
    try:
        for lap in run.laptops:
            run.sync(lap, faults=False)
        for _ in range(STEPS):
            roll = run.rng.random()
            lap = run.rng.choice(run.laptops)
            if roll < 0.5:
                run.edit(lap)
            elif roll < 0.8:
                run.sync(lap, faults=True)
            elif roll < 0.9:
                run.office_edit()
            else:
                run.restart(lap)
        for _ in range(3):  # everyone syncs until quiet
            for lap in run.laptops:
                run.sync(lap, faults=False)
        run.check()
    finally:
        run.close()


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS))
def test_random_edits_and_faults_converge(tmp_path: Path, templates: Templates, seed: int) -> None:
    _run(tmp_path, templates, seed)
