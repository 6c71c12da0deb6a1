"""The office's HTTP API for real: the FastAPI app in-process (TestClient)
and ``luzsong-grid serve`` as a uvicorn subprocess on 127.0.0.1, with the
laptop's HttpTransport and SyncClient, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from luzsong_grid import cli, paths
from luzsong_grid.i18n import UserError
from luzsong_grid.server import accounts
from luzsong_grid.server.app import MAX_BODY, create_app
from luzsong_grid.store import services
from luzsong_grid.store.db import SCHEMA_HEAD, Actor, Store, open_database, open_store
from luzsong_grid.store.models import Household, Outbox
from luzsong_grid.sync import http as sync_http
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.client import SyncClient
from luzsong_grid.sync.http import HttpTransport
from luzsong_grid.sync.server import CALLERS, SyncServer, auth_changed
from tests.office import (
    GRID_A1,
    GRID_A2,
    GRID_B1,
    PASSWORD,
    TestClient,
    household_op,
    seed_office,
    uvicorn_server,
)
from tests.pg import PgCluster, pg_cluster  # noqa: F401 - fixture

KEY = "cd" * 32


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "office.sqlite3")
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database("http")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 9, 0, 0)
        self.mono = 1000.0

    def wall(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


class InProcess:
    def __init__(self, db_url: str, clock: Clock) -> None:
        self.clock = clock
        self.app = create_app(
            db_url, token_ttl=timedelta(hours=1), now=clock.wall, monotonic=clock.monotonic
        )
        self.server: SyncServer = self.app.state.sync_server
        self.ids = seed_office(self.server)
        self.client = TestClient(self.app)

    def login(self, username: str, device_id: str, password: str = PASSWORD) -> Any:
        return self.client.post(
            "/auth/login",
            json={"username": username, "password": password, "device_id": device_id},
        )

    def signed_in(self, username: str, device_id: str) -> dict[str, str]:
        r = self.login(username, device_id)
        assert r.status_code == 200, r.text
        headers = {"Authorization": f"Bearer {r.json()['token']}", "X-Luzsong-Schema": SCHEMA_HEAD}
        r = self.client.post(
            "/auth/devices", headers=headers, json={"device_id": device_id, "device_key": KEY}
        )
        assert r.status_code == 200, r.text
        return headers

    def transport(self, username: str, device_id: str, **kw: Any) -> HttpTransport:
        return HttpTransport(
            "http://testserver",
            device_id=device_id,
            schema_version=kw.pop("schema_version", SCHEMA_HEAD),
            username=username,
            client=self.client,
            sleep=lambda _s: None,
            **kw,
        )


@pytest.fixture
def office(db_url: str) -> Iterator[InProcess]:
    made = InProcess(db_url, Clock())
    yield made
    made.client.close()
    made.app.state.engine.dispose()


def _push(office: InProcess, headers: dict[str, str], device: str, ops: list[Any]) -> Any:
    return office.client.post(
        "/sync/push",
        headers=headers,
        json={"schema_version": SCHEMA_HEAD, "device_id": device, "ops": ops},
    )


# --------------------------------------------------------------------------
# In-process
# --------------------------------------------------------------------------


def test_login_device_registration_and_token_expiry(office: InProcess) -> None:
    r = office.login("worker", "lap1")
    assert r.status_code == 200
    body = r.json()
    assert body["role"] == "worker"
    assert body["device_registered"] is False
    bare = {"Authorization": f"Bearer {body['token']}"}
    r = office.client.get("/sync/pull", headers=bare)
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "device_unknown")
    r = office.client.post(
        "/auth/devices", headers=bare, json={"device_id": "lap1", "device_key": KEY}
    )
    assert r.status_code == 200
    assert office.client.get("/sync/pull", headers=bare).status_code == 200
    # The office keeps only the key's hash.
    with office.app.state.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT key_hash FROM sync_device WHERE id = 'lap1'").scalar()
    assert stored == accounts.sha256_hex(bytes.fromhex(KEY))

    office.clock.advance(3601)
    r = office.client.get("/sync/pull", headers=bare)
    assert (r.status_code, r.json()["detail"]["code"]) == (401, "token_expired")
    assert r.headers["WWW-Authenticate"] == "Bearer"

    # The transport renews an expired token with the device key (no password).
    transport = office.transport("worker", "lap1", device_key=KEY, token=body["token"])
    page = transport.pull(0, 100)
    assert page.changes
    assert transport.token != body["token"]
    # A wrong device key does not renew.
    wrong = office.transport("worker", "lap1", device_key="00" * 32)
    with pytest.raises(UserError) as caught:
        wrong.pull(0, 10)
    assert caught.value.message == sync_http.MSG_REMOTE_BAD_LOGIN


def test_failed_logins_are_rate_limited(office: InProcess) -> None:
    for _ in range(5):
        r = office.login("worker", "lap1", password="wrong-password")
        assert (r.status_code, r.json()["detail"]["code"]) == (401, "bad_login")
    r = office.login("worker", "lap1", password="wrong-password")
    assert (r.status_code, r.json()["detail"]["code"]) == (429, "too_many_attempts")
    assert int(r.headers["Retry-After"]) > 0
    # Even the right password waits: the limit is per user name and address …
    assert office.login("worker", "lap1").status_code == 429
    # … so another user signs in as usual.
    assert office.login("staff", "lap2").status_code == 200
    office.clock.advance(61)
    assert office.login("worker", "lap1").status_code == 200
    # An unknown user name answers like a wrong password.
    r = office.login("nobody", "lap1")
    assert (r.status_code, r.json()["detail"]["code"]) == (401, "bad_login")
    transport = office.transport("worker", "lap1", password="wrong-password")
    for _ in range(5):
        with pytest.raises(UserError):
            transport.login()
    with pytest.raises(UserError) as caught:
        transport.login()
    assert caught.value.message == sync_http.MSG_TOO_MANY


def test_disabled_account_and_revoked_device_are_refused_at_once(office: InProcess) -> None:
    headers = office.signed_in("worker", "lap1")
    assert office.client.get("/sync/checksum", headers=headers).status_code == 200
    transport = office.transport("worker", "lap1", device_key=KEY)
    transport.checksum()

    accounts.set_disabled(office.server, "worker")
    r = office.client.get("/sync/checksum", headers=headers)
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "account_disabled")
    with pytest.raises(UserError) as caught:
        transport.checksum()
    assert caught.value.message == sync_http.MSG_REMOTE_DISABLED
    r = office.login("worker", "lap1")
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "account_disabled")

    accounts.set_disabled(office.server, "worker", False)
    headers = office.signed_in("worker", "lap1")
    assert office.client.get("/sync/checksum", headers=headers).status_code == 200
    admin = office.signed_in("admin", "office-pc")
    assert office.client.delete("/auth/devices/lap1", headers=admin).status_code == 200
    r = office.client.get("/sync/pull", headers=headers)
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "device_revoked")
    with pytest.raises(UserError) as caught:
        office.transport("worker", "lap1", device_key=KEY).pull(0, 10)
    assert caught.value.message == sync_http.MSG_DEVICE_REVOKED
    r = office.login("worker", "lap1")
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "device_revoked")
    # The worker cannot simply register the revoked laptop again.
    r = office.client.post(
        "/auth/devices", headers=headers, json={"device_id": "lap1", "device_key": KEY}
    )
    assert r.status_code == 403


def test_a_grid_reassignment_counts_at_once_though_callers_are_cached(office: InProcess) -> None:
    headers = office.signed_in("worker", "lap1")
    r = _push(office, headers, "lap1", [household_op(GRID_B1)])
    assert r.json()["results"][0]["reason"] == p.REASON_OUT_OF_SCOPE
    accounts.assign_grids(office.server, "worker", [GRID_A1, GRID_B1])
    r = _push(office, headers, "lap1", [household_op(GRID_B1)])
    assert r.json()["results"][0]["status"] == "applied"
    accounts.assign_grids(office.server, "worker", [GRID_A1])
    r = _push(office, headers, "lap1", [household_op(GRID_B1)])
    assert r.json()["results"][0]["reason"] == p.REASON_OUT_OF_SCOPE
    # A token seen a moment ago is not looked up again …
    before = CALLERS.epoch
    assert office.client.get("/sync/checksum", headers=headers).status_code == 200
    assert CALLERS.epoch == before
    # … but another process's change is seen once the entry is older than the ttl.
    with office.server.transaction() as conn:
        conn.exec_driver_sql("UPDATE sync_device SET revoked = TRUE WHERE id = 'lap1'")
    ttl, CALLERS.ttl = CALLERS.ttl, 0.0
    try:
        r = office.client.get("/sync/checksum", headers=headers)
    finally:
        CALLERS.ttl = ttl
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "device_revoked")


def test_a_change_from_another_process_counts_at_once(office: InProcess) -> None:
    # ``luzsong-grid user disable`` runs in its own process: this one's cache
    # is not emptied, but the database's auth epoch moved with the change.
    headers = office.signed_in("worker", "lap1")
    assert office.client.get("/sync/checksum", headers=headers).status_code == 200
    before = CALLERS.epoch
    with office.server.engine.begin() as conn:  # not through this process's writer
        conn.exec_driver_sql("UPDATE account SET disabled = TRUE WHERE username = 'worker'")
        auth_changed(conn)
    assert CALLERS.epoch == before  # nothing told this process
    r = office.client.get("/sync/checksum", headers=headers)
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "account_disabled")


def test_malformed_and_oversized_payloads(office: InProcess) -> None:
    headers = office.signed_in("worker", "lap1")
    r = office.client.post(
        "/sync/push", headers={**headers, "Content-Type": "application/json"}, content=b"{nope"
    )
    assert r.status_code == 422
    assert r.json()["detail"]["code"] == "invalid"
    assert r.json()["detail"]["message"].startswith("Invalid request")
    op = household_op(GRID_A1)
    op["kind"] = "explode"
    r = _push(office, headers, "lap1", [op])
    assert r.status_code == 422
    assert "ops.0.kind" in r.json()["detail"]["message"]
    r = office.client.post(
        "/sync/push",
        headers=headers,
        json={"schema_version": SCHEMA_HEAD, "device_id": "lap1", "ops": "all of them"},
    )
    assert r.status_code == 422
    r = office.client.get("/sync/pull?cursor=-1", headers=headers)
    assert r.status_code == 422
    r = office.client.get("/sync/pull?limit=0", headers=headers)
    assert r.status_code == 422
    big = {"schema_version": SCHEMA_HEAD, "device_id": "lap1", "ops": [],
           "pad": "x" * MAX_BODY}  # fmt: skip
    r = office.client.post("/sync/push", headers=headers, json=big)
    assert (r.status_code, r.json()["detail"]["code"]) == (413, "too_large")
    r = _push(office, headers, "lap1", [household_op(GRID_A1) for _ in range(p.MAX_PUSH_OPS + 1)])
    assert (r.status_code, r.json()["detail"]["code"]) == (413, "too_many_ops")
    # A push naming another device than the token's.
    r = _push(office, headers, "someone-else", [household_op(GRID_A1)])
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "forbidden")
    # The OpenAPI document and its browser page are served.
    spec = office.client.get("/openapi.json").json()
    assert {"/sync/push", "/sync/pull", "/auth/login", "/health"} <= set(spec["paths"])
    assert office.client.get("/docs").status_code == 200


def test_schema_mismatch_is_409(office: InProcess) -> None:
    headers = office.signed_in("worker", "lap1")
    r = office.client.get("/sync/pull", headers={**headers, "X-Luzsong-Schema": "0099_future"})
    assert (r.status_code, r.json()["detail"]["code"]) == (409, "schema_mismatch")
    assert "0099_future" in r.json()["detail"]["message"]
    assert SCHEMA_HEAD in r.json()["detail"]["message"]
    r = office.client.post(
        "/sync/push",
        headers=headers,
        json={"schema_version": "0001_initial", "device_id": "lap1", "ops": []},
    )
    assert r.status_code == 409
    transport = office.transport("worker", "lap1", device_key=KEY, schema_version="0099_future")
    with pytest.raises(UserError) as caught:
        transport.checksum()
    assert caught.value.message == sync_http.MSG_SCHEMA_MISMATCH


def test_a_write_outside_scope_is_rejected_per_op(office: InProcess) -> None:
    headers = office.signed_in("worker", "lap1")
    ops = [household_op(GRID_A1), household_op(GRID_B1), household_op(GRID_A1)]
    r = _push(office, headers, "lap1", ops)
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected", "applied"]
    assert results[1]["reason"] == "out_of_scope"
    # Idempotent: the same ops again get the stored answers.
    again = _push(office, headers, "lap1", ops).json()["results"]
    assert [x["status"] for x in again] == ["applied", "rejected", "applied"]
    with office.app.state.engine.connect() as conn:
        grids = conn.execute(select(Household.grid_code)).scalars().all()  # type: ignore[call-overload]
    assert sorted(grids) == [GRID_A1, GRID_A1]


def _laptop(path: Path) -> Store:
    return open_store(path)


def _worker_actor(store: Store) -> Actor:
    with store.engine.connect() as conn:
        account_id = conn.exec_driver_sql(
            "SELECT id FROM account WHERE username = 'worker'"
        ).scalar()
    return Actor(account_id=str(account_id), device_id=store.device_id, role="worker")


def _add_households(store: Store, n: int, grid: str = GRID_A1) -> None:
    actor = _worker_actor(store)
    with store.session(actor=actor) as s:
        for i in range(n):
            services.create_household(
                session=s, data=services.HouseholdIn(grid_code=grid, address=f"建设路{i + 1}号")
            )


def _pending(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE state = 'pending'").scalar()
            or 0
        )


def test_laptop_syncs_through_http_transport(office: InProcess, tmp_path: Path) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        headers = office.signed_in("worker", store.device_id)
        del headers
        transport = office.transport("worker", store.device_id, device_key=KEY)
        client = SyncClient(store, transport)
        first = client.sync()
        assert first.pulled > 0
        assert first.checksum_ok
        _add_households(store, 3)
        report = client.sync()
        assert report.pushed == {"applied": 3}
        assert client.pending_count() == 0
        with office.app.state.engine.connect() as conn:
            count = conn.exec_driver_sql(
                f"SELECT count(*) FROM household WHERE grid_code = '{GRID_A1}'"
            ).scalar()
        assert count == 3
    finally:
        store.close()


def test_batches_overlap_in_order_and_shrink_when_refused(
    office: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        office.signed_in("worker", store.device_id)
        client = SyncClient(store, office.transport("worker", store.device_id, device_key=KEY))
        client.sync()
        _add_households(store, 23)
        # The office takes at most 4 ops per push: the laptop's first batch
        # is refused, it sends quarters, the next batch goes out while the
        # answers to the last are recorded.
        monkeypatch.setattr(p, "MAX_PUSH_OPS", 4)
        client.push_batch = 16
        sizes: list[int] = []
        real = office.server.push_many

        def counted(pushes: list[Any]) -> list[list[p.OpResult]]:
            sizes.extend(len(ops) for _principal, _device, ops, _schema in pushes)
            return real(pushes)

        monkeypatch.setattr(office.server, "push_many", counted)
        report = client.sync()
        assert report.pushed == {"applied": 23}
        assert client.pending_count() == 0
        assert sizes == [4, 4, 4, 4, 4, 3]
        with office.app.state.engine.connect() as conn:
            order = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT row_id FROM sync_change_log WHERE table_name = 'household' ORDER BY seq"
                ).all()
            ]
        with store.engine.connect() as conn:
            rows = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT row_id FROM outbox WHERE table_name = 'household' ORDER BY seq"
                ).all()
            ]
        assert len(rows) == 23
        assert order[-23:] == rows  # applied in the order typed
    finally:
        store.close()


# --------------------------------------------------------------------------
# A real uvicorn server
# --------------------------------------------------------------------------


def _cli(data_dir: Path, *args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(["--data-dir", str(data_dir), "--lang", "en", *args])


@pytest.fixture
def seeded_url(db_url: str) -> str:
    engine = open_database(db_url)
    try:
        seed_office(SyncServer(engine))
    finally:
        engine.dispose()
    return db_url


def test_cli_sync_with_a_real_server(
    seeded_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    laptop_dir = tmp_path / "laptop"
    with uvicorn_server(seeded_url, tmp_path) as server:
        # No laptop database yet: a clear message.
        assert _cli(laptop_dir, "sync", "--server", server.url, monkeypatch=monkeypatch) == 2
        open_store(laptop_dir / paths.DB_FILENAME).close()
        # First use: password, device registered, territory and accounts pulled.
        code = _cli(
            laptop_dir, "sync", "--server", server.url, "--user", "worker", "--password-stdin",
            stdin=PASSWORD + "\n", monkeypatch=monkeypatch,
        )  # fmt: skip
        out = capsys.readouterr()
        assert code == 0, out.err
        assert "received" in out.out
        store = open_store(laptop_dir / paths.DB_FILENAME)
        try:
            _add_households(store, 5)
        finally:
            store.close()
        # Later: no password, the remembered server and device key.
        assert _cli(laptop_dir, "sync", monkeypatch=monkeypatch) == 0
        assert "sent 5 (applied 5" in capsys.readouterr().out
        # A wrong password: exit 2, one line.
        code = _cli(
            laptop_dir, "sync", "--user", "worker", "--password-stdin",
            stdin="wrong-password\n", monkeypatch=monkeypatch,
        )  # fmt: skip
        err = capsys.readouterr().err
        assert code == 2
        assert len(err.strip().splitlines()) == 1
    engine = open_database(seeded_url)
    try:
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM household").scalar()
    finally:
        engine.dispose()
    assert count == 5


def test_server_vanishing_mid_sync_loses_nothing(
    seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luzsong_grid.sync.laptop import sync_with_office

    store = open_store(tmp_path / "laptop.sqlite3")
    try:
        with uvicorn_server(seeded_url, tmp_path) as server:
            sync_with_office(store, server_url=server.url, username="worker", password=PASSWORD)
            total = p.MAX_PUSH_OPS + 700
            _add_households(store, total)
            assert _pending(store) == total

            def progress(phase: str, done: int, _total: int | None) -> None:
                if phase == "push" and done == p.MAX_PUSH_OPS:
                    server.kill()  # the office vanishes after the first batch

            with pytest.raises(UserError) as caught:
                sync_with_office(store, retries=2, timeout=5, progress=progress)
            assert caught.value.message == sync_http.MSG_UNREACHABLE
            assert server.url in caught.value.localized("en")
            # Nothing lost: the first batch was answered; the rest waits, unless
            # its answer came back before the office died (the laptop sends
            # the next batch while it records the last one's answers).
            waiting = _pending(store)
            assert waiting in (700, 0)
            with store.engine.connect() as conn:
                states = dict(
                    conn.execute(
                        select(Outbox.state, Outbox.seq).order_by(Outbox.seq)  # type: ignore[call-overload]
                    ).all()
                )
            assert set(states) == ({"applied", "pending"} if waiting else {"applied"})
            # Back again: the rest goes out.
            server.start()
            done = sync_with_office(store)
            assert done.report.pushed == ({"applied": 700} if waiting else {})
            assert done.pending == 0
            assert done.report.checksum_ok, done.report
    finally:
        store.close()
    engine = open_database(seeded_url)
    try:
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM household").scalar()
            applied = conn.exec_driver_sql("SELECT count(*) FROM sync_applied_op").scalar()
    finally:
        engine.dispose()
    assert count == total
    assert applied == total


def test_a_busy_database_answers_503_and_the_client_retries(
    office: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    calls: list[int] = []

    def locked(*_args: Any, **_kw: Any) -> Any:
        calls.append(1)
        raise OperationalError("INSERT …", {}, Exception("database is locked"))

    headers = office.signed_in("worker", "lap1")
    monkeypatch.setattr(office.server, "push_many", locked)
    r = _push(office, headers, "lap1", [household_op(GRID_A1)])
    assert (r.status_code, r.json()["detail"]["code"]) == (503, "busy")
    assert r.headers["Retry-After"] == "1"
    transport = office.transport("worker", "lap1", device_key=KEY, retries=2)
    from luzsong_grid.sync import protocol as p

    req = p.PushRequest(schema_version=SCHEMA_HEAD, device_id="lap1", ops=[])
    calls.clear()
    with pytest.raises(UserError) as caught:
        transport.push(req)
    assert caught.value.message == sync_http.MSG_SERVER_TROUBLE
    assert len(calls) == 3  # the first try and two retries


# --------------------------------------------------------------------------
# The first pull page in the answer to a push (PushRequest.pull)
# --------------------------------------------------------------------------


def _push_pull(
    office: InProcess, headers: dict[str, str], device: str, ops: list[Any], pull: Any
) -> Any:
    return office.client.post(
        "/sync/push",
        headers=headers,
        json={"schema_version": SCHEMA_HEAD, "device_id": device, "ops": ops, "pull": pull},
    )


def _top_seq(office: InProcess) -> int:
    with office.app.state.engine.connect() as conn:
        return int(
            conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM sync_change_log").scalar() or 0
        )


def _pulled_to_end(office: InProcess, headers: dict[str, str]) -> int:
    """The caller's cursor after pulling everything there is."""
    r = office.client.get("/sync/pull", headers=headers, params={"limit": p.MAX_PULL_LIMIT})
    assert r.status_code == 200, r.text
    assert r.json()["more"] is False
    return int(r.json()["cursor"])


def _skip_param(seqs: list[int]) -> str:
    return ",".join(f"{low}-{high}" for low, high in p.seq_ranges(seqs))


def _patch_op(row_id: str, device: str, **fields: Any) -> dict[str, Any]:
    from luzsong_grid.hlc import HybridClock
    from luzsong_grid.ids import uuid7

    return {
        "op_id": uuid7(),
        "table": "household",
        "row_id": row_id,
        "kind": "patch",
        "fields": fields,
        "base_version": 1,
        "hlc": HybridClock(device).now(),
    }


def test_push_answers_the_first_pull_page_without_its_own_echoes(office: InProcess) -> None:
    a = office.signed_in("worker", "lapA")
    b = office.signed_in("staff", "lapB")
    cursor = _pulled_to_end(office, a)
    # Staff's changes after the worker's cursor: three in the worker's grid,
    # one in another grid of the community (not the worker's).
    theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(3)]
    r = _push(office, b, "lapB", [*theirs, household_op(GRID_A2, address="第二网格1号")])
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * 4
    their_seqs = [int(x["seq"]) for x in r.json()["results"][:3]]

    # The worker: two inserts (echoes), a patch of staff's row (no insert:
    # pulled), an insert stamped an hour ahead (logged with the office's
    # stamp, not as sent: pulled) and a write outside its scope (no entry).
    mine = [household_op(GRID_A1, address=f"人民路{i + 1}号") for i in range(2)]
    patch = _patch_op(theirs[0]["row_id"], "lapA", phone="13800000000")
    ahead = household_op(GRID_A1, address="未来路1号")
    ahead["hlc"] = f"{int(time.time() * 1000) + 3_600_000:013d}-00000-lapA"
    ops = [mine[0], patch, mine[1], ahead, household_op(GRID_B1)]
    r = _push_pull(office, a, "lapA", ops, {"cursor": cursor, "limit": 100})
    assert r.status_code == 200, r.text
    body = r.json()
    results = body["results"]
    assert [x["op_id"] for x in results] == [op["op_id"] for op in ops]
    assert [x["status"] for x in results] == ["applied"] * 4 + ["rejected"]
    assert results[3]["future_stamp"] is True
    echo_seqs = [int(results[0]["seq"]), int(results[2]["seq"])]
    patch_seq, ahead_seq = int(results[1]["seq"]), int(results[3]["seq"])

    page = p.PullPage.model_validate(body["pull"])
    assert page.resync is False
    assert [c.seq for c in page.changes] == [*their_seqs, patch_seq, ahead_seq]
    assert [c.row_id for c in page.changes] == [
        *(op["row_id"] for op in theirs),
        theirs[0]["row_id"],
        ahead["row_id"],
    ]
    assert [c.row["address"] for c in page.changes[:3]] == [
        op["fields"]["address"] for op in theirs
    ]
    assert page.changes[3].row["phone"] == "13800000000"
    assert not {op["row_id"] for op in mine} & {c.row_id for c in page.changes}
    assert page.more is False
    assert page.cursor == _top_seq(office) == ahead_seq
    # The page is the one GET /sync/pull gives, the echoes left out.
    r = office.client.get(
        "/sync/pull",
        headers=a,
        params={"cursor": cursor, "limit": 100, "skip": _skip_param(echo_seqs)},
    )
    assert r.status_code == 200
    assert r.json()["changes"] == body["pull"]["changes"]
    assert {k: r.json()[k] for k in ("cursor", "more", "scope_key", "office_id", "resync")} == {
        k: body["pull"][k] for k in ("cursor", "more", "scope_key", "office_id", "resync")
    }


def test_push_pull_page_with_a_small_limit_says_more_and_pull_gives_the_rest(
    office: InProcess,
) -> None:
    a = office.signed_in("worker", "lapA")
    b = office.signed_in("staff", "lapB")
    cursor = _pulled_to_end(office, a)
    theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(5)]
    r = _push(office, b, "lapB", theirs)
    seqs = [int(x["seq"]) for x in r.json()["results"]]
    # ``skip`` asked for leaves out staff's second row too.
    mine = [household_op(GRID_A1, address=f"人民路{i + 1}号") for i in range(2)]
    pull = {"cursor": cursor, "limit": 2, "skip": [[seqs[1], seqs[1]]]}
    r = _push_pull(office, a, "lapA", mine, pull)
    assert r.status_code == 200, r.text
    echoes = [int(x["seq"]) for x in r.json()["results"]]
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"]
    page = p.PullPage.model_validate(r.json()["pull"])
    assert [c.seq for c in page.changes] == [seqs[0], seqs[2]]
    assert page.more is True
    assert page.cursor == seqs[2]
    # The rest from that cursor, as the laptop asks for it (its echoes left out).
    r = office.client.get(
        "/sync/pull",
        headers=a,
        params={"cursor": page.cursor, "limit": 2, "skip": _skip_param(echoes)},
    )
    rest = p.PullPage.model_validate(r.json())
    assert [c.seq for c in rest.changes] == seqs[3:]
    assert rest.more is False
    assert rest.cursor == _top_seq(office) == max(echoes)
    # Together: every change of staff's but the one skipped, none of the worker's.
    got = [c.row_id for c in [*page.changes, *rest.changes]]
    assert got == [op["row_id"] for n, op in enumerate(theirs) if n != 1]


def test_push_pull_page_for_a_cursor_ahead_of_the_log_asks_for_a_resync(
    office: InProcess,
) -> None:
    a = office.signed_in("worker", "lapA")
    op = household_op(GRID_A1)
    r = _push_pull(office, a, "lapA", [op], {"cursor": _top_seq(office) + 1000, "limit": 10})
    assert r.status_code == 200, r.text
    # The push counts all the same; the page says: re-sync.
    assert r.json()["results"][0]["status"] == "applied"
    page = p.PullPage.model_validate(r.json()["pull"])
    assert page.resync is True
    assert page.changes == []


def test_push_pull_request_out_of_range_is_422_and_applies_nothing(office: InProcess) -> None:
    a = office.signed_in("worker", "lapA")
    cursor = _pulled_to_end(office, a)
    too_many = [[n * 10, n * 10 + 1] for n in range(p.MAX_SKIP_RANGES + 1)]
    bad = [
        {"cursor": cursor, "limit": 0},
        {"cursor": cursor, "limit": p.MAX_PULL_LIMIT + 1},
        {"cursor": cursor, "limit": 10, "skip": too_many},
        {"cursor": -1, "limit": 10},
        {"limit": 10},
        {"cursor": cursor, "skip": [[1, 2, 3]]},
    ]
    for pull in bad:
        r = _push_pull(office, a, "lapA", [household_op(GRID_A1)], pull)
        assert r.status_code == 422, (pull, r.text)
        assert r.json()["detail"]["code"] == "invalid"
        assert "pull" in r.json()["detail"]["message"], r.text
    assert _top_seq(office) == cursor  # nothing was applied
    with office.app.state.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM household").scalar() == 0
    # The limits themselves are fine.
    most = [[n * 10, n * 10 + 1] for n in range(p.MAX_SKIP_RANGES)]
    for pull in (
        {"cursor": cursor, "limit": 1},
        {"cursor": cursor, "limit": p.MAX_PULL_LIMIT, "skip": most},
    ):
        r = _push_pull(office, a, "lapA", [household_op(GRID_A1)], pull)
        assert r.status_code == 200, r.text
        assert r.json()["pull"]["resync"] is False


def test_push_without_pull_answers_no_page(office: InProcess) -> None:
    a = office.signed_in("worker", "lapA")
    b = office.signed_in("staff", "lapB")
    _push(office, b, "lapB", [household_op(GRID_A1)])
    for pull in (False, None):
        body: dict[str, Any] = {
            "schema_version": SCHEMA_HEAD,
            "device_id": "lapA",
            "ops": [household_op(GRID_A1)],
        }
        if pull is None:
            body["pull"] = None
        r = office.client.post("/sync/push", headers=a, json=body)
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["status"] == "applied"
        assert r.json().get("pull") is None
        assert p.PushResponse.model_validate_json(r.content).pull is None


class _Recorder:
    """Every request the TestClient sends (an httpx request event hook)."""

    def __init__(self, office: InProcess) -> None:
        self.client = office.client
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []

    def __enter__(self) -> _Recorder:
        self.hooks = self.client.event_hooks
        self.client.event_hooks = {**self.hooks, "request": [*self.hooks["request"], self._note]}
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.event_hooks = self.hooks

    def _note(self, request: Any) -> None:
        self.requests.append(
            (request.method, request.url.path, dict(request.url.params), request.read())
        )

    def pulls(self) -> list[dict[str, str]]:
        return [
            params for m, path, params, _ in self.requests if (m, path) == ("GET", "/sync/pull")
        ]

    def pushes(self) -> list[dict[str, Any]]:
        return [
            json.loads(body)
            for m, path, _, body in self.requests
            if (m, path) == ("POST", "/sync/push")
        ]


def _local_households(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT id, grid_code FROM household").all())


def _synced_laptop(office: InProcess, store: Store) -> SyncClient:
    office.signed_in("worker", store.device_id)
    client = SyncClient(store, office.transport("worker", store.device_id, device_key=KEY))
    first = client.sync()
    assert first.checksum_ok
    return client


def test_laptop_sync_takes_the_first_page_from_its_last_push(
    office: InProcess, tmp_path: Path
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        client = _synced_laptop(office, store)
        before = client.cursor
        b = office.signed_in("staff", "lapB")
        theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(3)]
        assert _push(office, b, "lapB", theirs).status_code == 200
        _add_households(store, 3)
        with _Recorder(office) as seen:
            report = client.sync()
        assert report.pushed == {"applied": 3}
        assert client.pending_count() == 0
        # One push, which asked for the page; no GET /sync/pull at all.
        pushes = seen.pushes()
        assert len(pushes) == 1
        assert pushes[0]["pull"]["cursor"] == before
        assert pushes[0]["pull"]["limit"] == min(client.page_size, p.MAX_PULL_LIMIT)
        assert seen.pulls() == []
        # Staff's rows came with it, the laptop's own were not sent back.
        assert report.pulled == 3
        local = _local_households(store)
        assert {op["row_id"] for op in theirs} <= set(local)
        assert len(local) == 6
        assert client.cursor == _top_seq(office)
        assert report.checksum_ok is True
        assert client.verify() is True
        assert report.full_resync is False
    finally:
        store.close()


def test_laptop_sync_pulls_the_pages_after_the_pushed_one(
    office: InProcess, tmp_path: Path
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        client = _synced_laptop(office, store)
        before = client.cursor
        b = office.signed_in("staff", "lapB")
        theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(5)]
        assert _push(office, b, "lapB", theirs).status_code == 200
        _add_households(store, 3)
        client.push_batch, client.page_size = 2, 2
        with _Recorder(office) as seen:
            report = client.sync()
        assert report.pushed == {"applied": 3}
        # Two batches (2 + 1): only the last, short one asks for the page.
        pushes = seen.pushes()
        assert [len(x["ops"]) for x in pushes] == [2, 1]
        assert "pull" not in pushes[0]
        assert pushes[1]["pull"]["cursor"] == before
        assert pushes[1]["pull"]["limit"] == 2
        # Staff's five changes: two came with the push, three in two pulls
        # from the pushed page's cursor on, the laptop's echoes left out.
        pulls = seen.pulls()
        assert len(pulls) == 2
        assert int(pulls[0]["cursor"]) > before
        with store.engine.connect() as conn:
            notes = conn.exec_driver_sql("SELECT result FROM outbox").scalars().all()
        mine = [int(json.loads(note)["seq"]) for note in notes]
        assert len(mine) == 3
        assert pulls[-1]["skip"] == _skip_param(mine)
        assert report.pulled == 5
        local = _local_households(store)
        assert {op["row_id"] for op in theirs} <= set(local)
        assert len(local) == 8
        assert client.cursor == _top_seq(office)
        assert report.checksum_ok is True
        assert client.verify() is True
    finally:
        store.close()


def test_a_full_resync_after_checksum_drift_sees_every_row(
    office: InProcess, tmp_path: Path
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        client = _synced_laptop(office, store)
        b = office.signed_in("staff", "lapB")
        lost = household_op(GRID_A1, address="丢失路1号")
        assert _push(office, b, "lapB", [lost]).status_code == 200
        client.sync()
        assert lost["row_id"] in _local_households(store)
        # The row vanishes from the laptop behind the engine's back.
        conn = sqlite3.connect(store.path)
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("DELETE FROM household WHERE id = ?", (lost["row_id"],))
            conn.commit()
        finally:
            conn.close()
        theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(2)]
        assert _push(office, b, "lapB", theirs).status_code == 200
        _add_households(store, 2)
        with _Recorder(office) as seen:
            report = client.sync(verify=True)
        assert report.full_resync
        assert report.resync_reason == "checksum"
        assert report.checksum_ok is True
        assert report.pushed == {"applied": 2}
        # The sync's own push asked for a page; the re-sync's replay did not,
        # and it pulled from the start, leaving nothing out.
        pushes = seen.pushes()
        assert "pull" in pushes[0]
        assert all("pull" not in x for x in pushes[1:])
        assert len(pushes) >= 2
        resync_pulls = [x for x in seen.pulls() if x["cursor"] == "0"]
        assert len(resync_pulls) == 1
        assert all("skip" not in x for x in seen.pulls())
        local = _local_households(store)
        assert lost["row_id"] in local
        assert {op["row_id"] for op in theirs} <= set(local)
        assert len(local) == 5
        assert client.cursor == _top_seq(office)
        assert client.verify() is True
    finally:
        store.close()


def test_a_scope_change_seen_on_the_pushed_page_resyncs_every_row(
    office: InProcess, tmp_path: Path
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        client = _synced_laptop(office, store)
        wb = office.signed_in("worker_b", "lapB")
        b1 = [household_op(GRID_B1, address=f"公园路{i + 1}号") for i in range(3)]
        assert _push(office, wb, "lapB", b1).status_code == 200
        accounts.assign_grids(office.server, "worker", [GRID_A1, GRID_B1])
        _add_households(store, 2)
        with _Recorder(office) as seen:
            report = client.sync()
        assert report.full_resync
        assert report.resync_reason == "scope"
        assert report.checksum_ok is True
        assert report.pushed == {"applied": 2}
        pushes = seen.pushes()
        assert "pull" in pushes[0]
        assert all("pull" not in x for x in pushes[1:])
        # The re-sync pulled from the start without skips.
        assert seen.pulls()
        assert seen.pulls()[0]["cursor"] == "0"
        assert all("skip" not in x for x in seen.pulls())
        local = _local_households(store)
        assert {op["row_id"] for op in b1} <= set(local)
        assert sorted(local.values()) == sorted([GRID_A1] * 2 + [GRID_B1] * 3)
        assert client.cursor == _top_seq(office)
        assert client.verify() is True
    finally:
        store.close()


def test_a_resumed_full_resync_asks_for_no_page_and_pulls_its_own_inserts(
    office: InProcess, tmp_path: Path
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        client = _synced_laptop(office, store)
        b = office.signed_in("staff", "lapB")
        theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(2)]
        assert _push(office, b, "lapB", theirs).status_code == 200
        _add_households(store, 2)
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_state(key, value) VALUES ('sync_resync', 'x')"
            )
        with _Recorder(office) as seen:
            report = client.sync()
        assert report.full_resync
        assert report.pushed == {"applied": 2}
        assert all("pull" not in x for x in seen.pushes())
        assert seen.pulls()[0]["cursor"] == "0"
        assert all("skip" not in x for x in seen.pulls())
        local = _local_households(store)
        assert {op["row_id"] for op in theirs} <= set(local)
        assert len(local) == 4
        assert report.checksum_ok is True
        assert client.cursor == _top_seq(office)
    finally:
        store.close()


def test_laptop_sync_whose_last_batch_is_full_pulls_as_before(
    office: InProcess, tmp_path: Path
) -> None:
    store = _laptop(tmp_path / "laptop.sqlite3")
    try:
        client = _synced_laptop(office, store)
        before = client.cursor
        b = office.signed_in("staff", "lapB")
        theirs = [household_op(GRID_A1, address=f"学堂路{i + 1}号") for i in range(2)]
        assert _push(office, b, "lapB", theirs).status_code == 200
        _add_households(store, 3)
        client.push_batch = 3
        with _Recorder(office) as seen:
            report = client.sync()
        # A full batch may not be the last: no page asked for, one GET pull.
        assert report.pushed == {"applied": 3}
        assert [("pull" in x, len(x["ops"])) for x in seen.pushes()] == [(False, 3)]
        pulls = seen.pulls()
        assert len(pulls) == 1
        assert pulls[0]["cursor"] == str(before)
        assert report.pulled == 2
        assert {op["row_id"] for op in theirs} <= set(_local_households(store))
        assert client.cursor == _top_seq(office)
        assert report.checksum_ok is True
    finally:
        store.close()
