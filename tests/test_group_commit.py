"""Group commit at the office: pushes of several laptops that arrive together
share one transaction (SyncServer.push_many, and the HTTP server's push
queue), each answered as it would be alone."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from luzsong_grid.store.db import SCHEMA_HEAD
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.client import _op_of
from luzsong_grid.sync.server import SyncServer
from tests.conftest import add_household
from tests.office import GRID_A1, GRID_B1, household_op, seed_office, uvicorn_server
from tests.sync_support import Office, make_office


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    made = make_office(tmp_path)
    try:
        yield made
    finally:
        made.close()


def _ops(grid: str, n: int) -> list[p.Op]:
    return [p.Op.model_validate(household_op(grid, address=f"合并路{k}号")) for k in range(n)]


def _log(office: Office) -> list[tuple[int, str]]:
    conn = sqlite3.connect(office.store.path)
    try:
        return conn.execute(
            "SELECT seq, row_id FROM sync_change_log WHERE table_name = 'household' ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()


def test_pushes_in_one_group_are_answered_as_alone_in_order(office: Office) -> None:
    server, terr = office.server, office.terr
    w1, w2 = server.principal(terr.w1.account_id), server.principal(terr.w2.account_id)
    first, second = _ops(terr.grid_a1, 3), _ops(terr.grid_b1, 2)
    foreign = _ops(terr.grid_b1, 1)  # w1 writing into w2's grid
    before = _log(office)
    answers = server.push_many(
        [
            (w1, "lap-w1", first + foreign, SCHEMA_HEAD),
            (w2, "lap-w2", second, SCHEMA_HEAD),
            (w1, "lap-w1", first, SCHEMA_HEAD),  # a retry of the first, in the same group
            (w1, "lap-w1", [], SCHEMA_HEAD),
        ]
    )
    assert [len(a) for a in answers] == [4, 2, 3, 0]
    assert [r.status for r in answers[0]] == ["applied"] * 3 + ["rejected"]
    assert answers[0][3].reason == p.REASON_OUT_OF_SCOPE
    assert [r.status for r in answers[1]] == ["applied"] * 2
    # The retry gets the same answers, the same change-log entries: nothing doubled.
    assert [(r.status, r.seq) for r in answers[2]] == [(r.status, r.seq) for r in answers[0][:3]]
    new = _log(office)[len(before) :]
    assert [row for _seq, row in new] == [op.row_id for op in first + second]
    assert [seq for seq, _row in new] == [r.seq for r in answers[0][:3] + answers[1]]
    conn = sqlite3.connect(office.store.path)
    try:
        ids = [op.op_id for op in first + second + foreign]
        marks = ",".join("?" * len(ids))
        recorded = conn.execute(
            f"SELECT count(*) FROM sync_applied_op WHERE op_id IN ({marks})", ids
        ).fetchone()[0]
    finally:
        conn.close()
    assert recorded == len(ids)  # one answer stored per op, the retry's not again


def test_a_push_the_database_refuses_fails_alone_not_its_group(office: Office) -> None:
    server, terr = office.server, office.terr
    lap = office.laptop("a", terr.w1)
    lap.sync()
    # A household with its members typed on the laptop; only the members are
    # sent: the office refuses them (no such household), not the others.
    add_household(lap.store, lap.actor, terr.grid_a1, "断链路1号", (("赵六", ""),))
    with lap.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM outbox ORDER BY seq").mappings().all()
    members = [_op_of(r) for r in rows if r["table_name"] == "person"]
    assert members
    w1, w2 = server.principal(terr.w1.account_id), server.principal(terr.w2.account_id)
    good = _ops(terr.grid_b1, 2)
    answers = server.push_many(
        [(w1, lap.store.device_id, members, SCHEMA_HEAD), (w2, "lap-w2", good, SCHEMA_HEAD)]
    )
    assert {r.status for r in answers[0]} == {"rejected"}
    assert {r.reason for r in answers[0]} == {p.REASON_INTEGRITY}
    assert [r.status for r in answers[1]] == ["applied", "applied"]
    assert [row for _seq, row in _log(office)[-2:]] == [op.row_id for op in good]


def test_a_newer_schema_in_a_group_is_rejected_alone(office: Office) -> None:
    server, terr = office.server, office.terr
    w1, w2 = server.principal(terr.w1.account_id), server.principal(terr.w2.account_id)
    answers = server.push_many(
        [
            (w1, "lap-w1", _ops(terr.grid_a1, 1), "9999_future"),
            (w2, "lap-w2", _ops(terr.grid_b1, 1), SCHEMA_HEAD),
        ]
    )
    assert (answers[0][0].status, answers[0][0].reason) == ("rejected", p.REASON_SCHEMA)
    assert answers[1][0].status == "applied"


def test_many_laptops_pushing_at_once_over_http(tmp_path: Path) -> None:
    """A real uvicorn office; 24 laptops of two workers push at once (their
    pushes queue and go in groups), each asking for its first pull page."""
    import httpx

    from luzsong_grid.server import accounts
    from luzsong_grid.store.db import open_database

    db = str(tmp_path / "office.sqlite3")
    engine = open_database(db)
    seed_office(SyncServer(engine))
    from tests.office import PASSWORD

    logins = []
    for n in range(24):
        user, grid = ("worker", GRID_A1) if n % 2 == 0 else ("worker_b", GRID_B1)
        issued = accounts.login(engine, user, PASSWORD, f"lap{n}")
        SyncServer(engine).register_device(issued.account_id, f"lap{n}", key=b"k" * 32)
        logins.append((issued.token, f"lap{n}", grid))
    with engine.connect() as conn:
        cursor = int(conn.exec_driver_sql("SELECT max(seq) FROM sync_change_log").scalar() or 0)
    engine.dispose()

    async def one(client: httpx.AsyncClient, token: str, device: str, grid: str) -> Any:
        ops = [household_op(grid, address=f"{device}路{k}号") for k in range(5)]
        r = await client.post(
            "/sync/push",
            headers={"Authorization": f"Bearer {token}", "X-Luzsong-Schema": SCHEMA_HEAD},
            json={
                "schema_version": SCHEMA_HEAD,
                "device_id": device,
                "ops": ops,
                "pull": {"cursor": cursor, "limit": 5000},
            },
        )
        assert r.status_code == 200, r.text
        return ops, r.json()

    async def crowd(url: str) -> list[Any]:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            return await asyncio.gather(*(one(client, *login) for login in logins))

    with uvicorn_server(db, tmp_path) as server:
        done = asyncio.run(crowd(server.url))
    seqs: list[int] = []
    for (_token, device, grid), (ops, answer) in zip(logins, done, strict=True):
        assert [r["op_id"] for r in answer["results"]] == [op["op_id"] for op in ops]
        assert {r["status"] for r in answer["results"]} == {"applied"}
        seqs += [r["seq"] for r in answer["results"]]
        page = answer["pull"]
        pulled = {c["row_id"] for c in page["changes"]}
        # Its own inserts are left out; what it pulls is in its grid (or a
        # reference row): the other worker's households never.
        assert not pulled & {op["row_id"] for op in ops}, device
        assert all(c["grid_code"] in (grid, None) for c in page["changes"]), device
    assert len(seqs) == len(set(seqs)) == 24 * 5  # each op logged once
    conn = sqlite3.connect(db)
    try:
        count = conn.execute(
            "SELECT count(*) FROM household WHERE address LIKE 'lap%路%号'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert count == 24 * 5


def test_callers_of_a_group_checked_at_once_keep_their_own_refusals(tmp_path: Path) -> None:
    """look_up_callers (one query for a group's unknown tokens) caches only
    callers that may push; the others still get their own refusal."""
    from luzsong_grid.server import accounts
    from luzsong_grid.server.accounts import AuthError
    from luzsong_grid.store.db import open_database
    from luzsong_grid.sync.server import CALLERS, auth_epoch
    from tests.office import PASSWORD

    engine = open_database(str(tmp_path / "office.sqlite3"))
    server = SyncServer(engine)
    seed_office(server, disable=False)
    try:
        tokens = {}
        for user, device in (("worker", "g1"), ("worker_b", "g2"), ("disabled", "g3")):
            issued = accounts.login(engine, user, PASSWORD, device)
            server.register_device(issued.account_id, device, key=b"k" * 32)
            tokens[user] = issued.token
        unregistered = accounts.login(engine, "staff", PASSWORD, "g4").token
        accounts.set_disabled(server, "disabled")
        CALLERS.forget()
        with engine.connect() as conn:
            epoch = auth_epoch(conn)
            accounts.look_up_callers(
                engine, conn, [*tokens.values(), unregistered, "no-such-token"], epoch
            )
            found = {
                user: accounts.authenticate(engine, token, known_epoch=epoch, conn=conn)
                for user, token in tokens.items()
                if user != "disabled"
            }
            assert found["worker"].principal.grids == frozenset({GRID_A1})
            assert found["worker_b"].principal.grids == frozenset({GRID_B1})
            refusals = {}
            for name, token in (
                ("disabled", tokens["disabled"]),
                ("unregistered", unregistered),
                ("unknown", "no-such-token"),
            ):
                with pytest.raises(AuthError) as caught:
                    accounts.authenticate(engine, token, known_epoch=epoch, conn=conn)
                refusals[name] = (caught.value.status, caught.value.code)
        assert refusals == {
            "disabled": (403, "account_disabled"),
            "unregistered": (403, "device_unknown"),
            "unknown": (401, "unauthenticated"),
        }
    finally:
        engine.dispose()


def test_the_office_copies_its_write_ahead_log_back_from_a_thread(tmp_path: Path) -> None:
    """WalCheckpointer: while it runs, commits do not checkpoint (the
    engine's connections have automatic checkpoints off) and the thread
    copies every committed frame back into the database file."""
    import time

    from sqlalchemy import text

    from luzsong_grid.store.db import WalCheckpointer, open_database

    path = tmp_path / "office.sqlite3"
    engine = open_database(str(path))
    checkpointer = WalCheckpointer(engine, every=0.05)
    try:
        checkpointer.start()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE filler (x TEXT)"))
            conn.execute(text("INSERT INTO filler VALUES (:x)"), [{"x": "户" * 500}] * 3000)
        done = checkpointer.checkpoints
        deadline = time.monotonic() + 10
        while checkpointer.checkpoints < done + 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        side = sqlite3.connect(path)
        try:
            busy, frames, copied = side.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            assert (busy, frames) != (0, -1)
            assert copied == frames  # nothing left to copy: the thread did it
            assert side.execute("SELECT count(*) FROM filler").fetchone()[0] == 3000
        finally:
            side.close()
        checkpointer.stop()
        with engine.connect() as conn:  # after stop: SQLite's own checkpoints again
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    finally:
        checkpointer.stop()
        engine.dispose()
