"""The sync engine's office side on PostgreSQL: the same push/pull/checksum
as on SQLite, change-log appends serialised (no seq skipped by a reader
while pushes commit concurrently), identical pushes at once answered once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from luzsong_grid.hlc import HybridClock
from luzsong_grid.store.db import Actor, Store, open_database, open_store
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.client import InProcessTransport, SyncClient
from luzsong_grid.sync.server import SyncServer
from tests.conftest import Territory, add_household, make_territory
from tests.pg import PgCluster, pg_cluster  # noqa: F401 - fixture
from tests.sync_support import scoped_state, state_of


@pytest.fixture
def pg_office(pg_cluster: PgCluster, tmp_path: Path) -> Iterator[tuple[SyncServer, Territory]]:  # noqa: F811
    engine = open_database(pg_cluster.new_database("sync"))
    store = Store(
        path=tmp_path / "pg", engine=engine, device_id="office", clock=HybridClock("office")
    )
    server = SyncServer.for_store(store)
    terr = make_territory(store)
    try:
        yield server, terr
    finally:
        engine.dispose()


def _laptop(server: SyncServer, tmp: Path, name: str, account_id: str) -> tuple[Store, SyncClient]:
    store = open_store(tmp / f"{name}.sqlite3")
    return store, SyncClient(store, InProcessTransport(server, account_id, store.device_id))


def _ops(store: Store) -> list[p.Op]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM outbox ORDER BY seq").mappings().all()
    return [
        p.Op(
            op_id=r["op_id"],
            table=r["table_name"],
            row_id=r["row_id"],
            kind=r["kind"],
            fields=json.loads(r["fields"]),
            base_version=r["base_version"],
            hlc=r["hlc"],
            account_id=r["account_id"],
            device_id=r["device_id"],
        )
        for r in rows
    ]


def test_laptops_sync_through_a_postgresql_office(
    pg_office: tuple[SyncServer, Territory], tmp_path: Path
) -> None:
    server, terr = pg_office
    a, ca = _laptop(server, tmp_path, "a", terr.w1.account_id)
    b, cb = _laptop(server, tmp_path, "b", terr.w1.account_id)
    try:
        ca.sync()
        w1 = Actor(terr.w1.account_id, a.device_id, "worker")
        household, persons = add_household(a, w1, terr.grid_a1, "学堂冲路1号", [("张伟", "")])
        assert ca.sync().pushed == {"applied": 3}
        report = cb.sync()
        assert report.checksum_ok is True
        principal = server.principal(terr.w1.account_id)
        with server.engine.connect() as conn:
            office_rows = scoped_state(conn, principal.grids)
        for path in (a.path, b.path):
            assert state_of(path, principal.grids) == office_rows
        # Same-field edits: the later stamp wins; identity clash goes to review.
        with a.session(actor=w1) as s:
            s.get(type(persons[0]), persons[0].id).name = "张玮"  # type: ignore[union-attr]
        wb = Actor(terr.w1.account_id, b.device_id, "worker")
        with b.session(actor=wb) as s:
            s.get(type(persons[0]), persons[0].id).name = "章伟"  # type: ignore[union-attr]
        ca.sync()
        assert cb.sync().conflicts == 1
        [entry] = server.conflicts()
        server.resolve_conflict(entry["id"], "apply_op", account_id="")
        ca.sync()
        cb.sync()
        with server.engine.connect() as conn:
            office_rows = scoped_state(conn, principal.grids)
        for path in (a.path, b.path):
            assert state_of(path, principal.grids) == office_rows
        assert server.purge_tombstones(horizon=10**9) == 0
        del household
    finally:
        a.close()
        b.close()


def test_concurrent_pushes_never_let_a_reader_skip_a_seq(
    pg_office: tuple[SyncServer, Territory], tmp_path: Path
) -> None:
    server, terr = pg_office
    laptops = []
    for n in range(4):
        store, client = _laptop(server, tmp_path, f"l{n}", terr.w1.account_id)
        client.sync()
        actor = Actor(terr.w1.account_id, store.device_id, "worker")
        for k in range(10):
            add_household(store, actor, terr.grid_a1, f"并发路{n}-{k}号")
        laptops.append((store, client))
    principal = server.principal(terr.w1.account_id)
    with server.engine.connect() as conn:
        start = int(conn.execute(text("SELECT max(seq) FROM sync_change_log")).scalar_one())
    seen: list[int] = []
    done = threading.Event()

    def reader() -> None:
        cursor = start
        while True:
            finished = done.is_set()
            page = server.pull(principal, cursor, 3)
            seen.extend(c.seq for c in page.changes)
            cursor = page.cursor
            if finished and not page.more:
                return

    def writer(store: Store) -> None:
        ops = _ops(store)
        for op in ops:  # one op per transaction: many interleaved commits
            server.push(principal, store.device_id, [op])

    threads = [threading.Thread(target=writer, args=(s,)) for s, _ in laptops]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    with server.engine.connect() as conn:
        every = [
            int(s)
            for s in conn.execute(
                text("SELECT seq FROM sync_change_log WHERE seq > :s ORDER BY seq"), {"s": start}
            ).scalars()
        ]
    assert len(every) == 40
    assert seen == every  # in order, none skipped, none twice
    for store, _ in laptops:
        store.close()


def test_identical_pushes_at_once_are_answered_once(
    pg_office: tuple[SyncServer, Territory], tmp_path: Path
) -> None:
    server, terr = pg_office
    store, client = _laptop(server, tmp_path, "a", terr.w1.account_id)
    client.sync()
    actor = Actor(terr.w1.account_id, store.device_id, "worker")
    add_household(store, actor, terr.grid_a1, "同时路1号", [("张伟", ""), ("王芳", "")])
    ops = _ops(store)
    principal = server.principal(terr.w1.account_id)
    answers: list[Any] = []
    barrier = threading.Barrier(3)

    def push() -> None:
        barrier.wait()
        answers.append(server.push(principal, store.device_id, ops))

    threads = [threading.Thread(target=push) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers[0] == answers[1] == answers[2]
    assert [r.status for r in answers[0]] == ["applied"] * len(ops)
    with server.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar_one() == 2
        assert conn.execute(text("SELECT count(*) FROM sync_applied_op")).scalar_one() == len(ops)
    store.close()


def test_a_big_push_goes_in_by_copy_and_a_second_laptop_gets_it_all(
    pg_office: tuple[SyncServer, Territory], tmp_path: Path
) -> None:
    """A push of hundreds of rows is written with COPY (server.COPY_FROM):
    rows, change-log entries (with their seqs in order) and answers."""
    from luzsong_grid.sync import server as office

    server, terr = pg_office
    a, ca = _laptop(server, tmp_path, "a", terr.w1.account_id)
    b, cb = _laptop(server, tmp_path, "b", terr.w1.account_id)
    try:
        ca.sync()
        w1 = Actor(terr.w1.account_id, a.device_id, "worker")
        n = office.COPY_FROM + 50
        for k in range(n):
            add_household(a, w1, terr.grid_a1, f"复制路{k}号", [])
        report = ca.sync()
        assert report.pushed == {"applied": n}
        assert report.checksum_ok is True
        with server.engine.connect() as conn:
            logged = conn.execute(
                text(
                    "SELECT seq, row_id FROM sync_change_log WHERE table_name = 'household'"
                    " ORDER BY seq"
                )
            ).all()
            answered = conn.execute(
                text("SELECT count(*) FROM sync_applied_op WHERE device_id = :d"),
                {"d": a.device_id},
            ).scalar()
        with a.engine.connect() as conn:
            typed = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT row_id FROM outbox WHERE table_name = 'household' ORDER BY seq"
                )
            ]
            results = [
                json.loads(r[0])["seq"]
                for r in conn.exec_driver_sql(
                    "SELECT result FROM outbox WHERE table_name = 'household' ORDER BY seq"
                )
            ]
        assert [row for _seq, row in logged[-n:]] == typed  # in the order typed
        assert results == [seq for seq, _row in logged[-n:]]  # each answer names its entry
        assert answered == n
        report = cb.sync()
        assert report.checksum_ok is True
        assert state_of(b.path, frozenset({terr.grid_a1})) == state_of(
            a.path, frozenset({terr.grid_a1})
        )
    finally:
        a.close()
        b.close()
