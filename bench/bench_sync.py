"""Sync over HTTP on loopback, end to end (run on demand; not a test).

    .venv/bin/python bench/bench_sync.py                  # SQLite and PostgreSQL
    .venv/bin/python bench/bench_sync.py --backend sqlite --ops 20000 --workers 100

For each backend, ``luzsong-grid serve`` runs as a real uvicorn subprocess
on 127.0.0.1 and:

1. first sync of N ops (default 100,000 household inserts in the outbox of
   one laptop): push + pull + checksum through SyncClient/HttpTransport;
   then a fresh laptop of the same worker pulls them all (target: ≥ 20k ops/s);
2. a sync with nothing to do (target: ≤ 100 ms);
3. W simulated workers (default 300, each with their own grid, token and
   device) syncing at once with async httpx clients: a push of 20 ops then
   pull to the end (target: p95 ≤ 1 s, no errors).

PostgreSQL runs in a throwaway cluster (tests/pg.py). Prints the figures;
exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from luzsong_grid.auth import hash_password
from luzsong_grid.hlc import HybridClock
from luzsong_grid.ids import uuid7
from luzsong_grid.server import accounts
from luzsong_grid.store.db import SCHEMA_HEAD, Store, open_database, open_store
from luzsong_grid.sync.client import SyncClient
from luzsong_grid.sync.http import HttpTransport
from luzsong_grid.sync.server import SyncServer
from tests.office import GRID_A1, PASSWORD, seed_office, uvicorn_server

KEY = "ab" * 32
failures: list[str] = []


def check(ok: bool, what: str) -> str:
    if not ok:
        failures.append(what)
    return "ok" if ok else "MISSED"


def fill_outbox(store: Store, account_id: str, n: int) -> None:
    """N household inserts as if typed on the laptop (rows + outbox ops), fast."""
    clock = HybridClock(store.device_id)
    now = "2026-11-27 10:00:00"
    raw = store.raw(readonly=False)
    try:
        raw.execute("BEGIN")
        rows, ops = [], []
        for i in range(n):
            row_id = uuid7()
            stamp = clock.now()
            fields = {
                "id": row_id, "grid_code": GRID_A1, "household_no": "", "address": f"建设路{i}号",
                "head_person_id": None, "phone": "", "note": "", "deleted": False,
                "created_at": now, "updated_at": now,
            }  # fmt: skip
            rows.append((row_id, stamp, GRID_A1, f"建设路{i}号", now, now))
            ops.append((uuid7(), row_id, json.dumps(fields, ensure_ascii=False), stamp, account_id,
                        store.device_id, now))  # fmt: skip
        raw.executemany(
            "INSERT INTO household (id, version, hlc, deleted, grid_code, household_no, address,"
            " phone, note, created_at, updated_at) VALUES (?, 1, ?, 0, ?, '', ?, '', '', ?, ?)",
            rows,
        )
        raw.executemany(
            "INSERT INTO outbox (op_id, table_name, row_id, kind, fields, base_version, hlc,"
            " account_id, device_id, created_at, state, result)"
            " VALUES (?, 'household', ?, 'insert', ?, 0, ?, ?, ?, ?, 'pending', '')",
            ops,
        )
        raw.execute("COMMIT")
    finally:
        raw.close()


def transport(url: str, store: Store) -> HttpTransport:
    return HttpTransport(
        url, device_id=store.device_id, schema_version=SCHEMA_HEAD, username="worker",
        password=PASSWORD,
    )  # fmt: skip


def bench_first_sync(url: str, work: Path, n: int) -> None:
    laptop = open_store(work / "laptop1.sqlite3")
    t = transport(url, laptop)
    t.login()
    t.register_device(KEY)
    client = SyncClient(laptop, t)
    client.sync()
    with laptop.engine.connect() as conn:
        account_id = conn.exec_driver_sql(
            "SELECT id FROM account WHERE username = 'worker'"
        ).scalar()
    fill_outbox(laptop, str(account_id), n)
    start = time.perf_counter()
    report = client.sync()
    took = time.perf_counter() - start
    rate = n / took
    print(f"  first sync, push {n} ops (+pull, checksum): {took:.2f} s = {rate:,.0f} ops/s  "
          f"{report.pushed} checksum_ok={report.checksum_ok}")  # fmt: skip
    check(report.pushed.get("applied") == n, "every op applied")

    fresh = open_store(work / "laptop2.sqlite3")
    t2 = transport(url, fresh)
    t2.login()
    t2.register_device("cd" * 32)
    start = time.perf_counter()
    report2 = SyncClient(fresh, t2).sync()
    took2 = time.perf_counter() - start
    rate2 = report2.pulled / took2
    print(f"  first sync of a fresh laptop, pull {report2.pulled} changes: {took2:.2f} s = "
          f"{rate2:,.0f} ops/s  [{check(rate2 >= 20_000, 'pull ≥ 20k ops/s')}]")  # fmt: skip
    print(f"  end to end push: [{check(rate >= 20_000, 'push ≥ 20k ops/s')}] (target ≥ 20k ops/s)")

    times = []
    for _ in range(5):
        start = time.perf_counter()
        client.sync()
        times.append(time.perf_counter() - start)
    quick = []
    for _ in range(5):
        start = time.perf_counter()
        client.sync(verify=False)
        quick.append(time.perf_counter() - start)
    best, best_quick = min(times), min(quick)
    print(f"  sync with nothing to do: {best * 1000:.0f} ms with checksum "
          f"[{check(best <= 0.1, 'no-op sync ≤ 100 ms')}], {best_quick * 1000:.0f} ms "
          f"without")  # fmt: skip
    for tr in (t, t2):
        tr.close()
    laptop.close()
    fresh.close()


def seed_workers(db_url: str, count: int) -> list[tuple[str, str]]:
    """``count`` workers, each with their own new grid and 20 households,
    a registered device and a token. Returns (token, device_id) pairs."""
    engine = open_database(db_url)
    server = SyncServer(engine)
    digest = hash_password(PASSWORD)
    out = []
    try:
        with server.transaction() as conn:
            for c in range(count // 100 + 1):
                comm = f"4302030050{c:02d}"
                if c == 0:
                    accounts._write_row(conn, server, "street",  None,
                                        {"code": "430203005", "name": "压测街道"})  # fmt: skip
                values = {"code": comm, "street_code": "430203005", "name": f"压测{c}"}
                accounts._write_row(conn, server, "community", None, values)
            for w in range(count):
                comm = f"4302030050{w // 100:02d}"
                grid = f"{comm}{w % 100 + 1:03d}"
                values = {"code": grid, "community_code": comm, "name": f"网格{w}"}
                accounts._write_row(conn, server, "grid", None, values)
                acc = accounts._write_row(conn, server, "account", None, {
                    "username": f"load{w}", "display_name": f"load{w}", "role": "worker",
                    "scope_code": "", "password_hash": digest, "disabled": False})  # fmt: skip
                accounts._write_row(conn, server, "account_grid", None,
                                    {"account_id": acc["id"], "grid_code": grid})  # fmt: skip
                for h in range(20):
                    accounts._write_row(conn, server, "household", None,
                                        {"grid_code": grid, "address": f"压测路{h}号"})  # fmt: skip
        for w in range(count):
            device = f"loaddev{w}"
            issued = accounts.login(engine, f"load{w}", PASSWORD, device)
            server.register_device(issued.account_id, device, key=bytes.fromhex(KEY))
            out.append((issued.token, device))
    finally:
        engine.dispose()
    return out


async def one_worker(client: Any, token: str, device: str, grid: str) -> float:
    headers = {"Authorization": f"Bearer {token}", "X-Luzsong-Schema": SCHEMA_HEAD}
    clock = HybridClock(device)
    start = time.perf_counter()
    ops = []
    for i in range(20):
        row_id = uuid7()
        ops.append({
            "op_id": uuid7(), "table": "household", "row_id": row_id, "kind": "insert",
            "fields": {"id": row_id, "grid_code": grid, "address": f"新户{i}号",
                       "household_no": "", "phone": "", "note": "", "deleted": False},
            "base_version": 0, "hlc": clock.now()})  # fmt: skip
    body = {"schema_version": SCHEMA_HEAD, "device_id": device, "ops": ops}
    r = await client.post("/sync/push", headers=headers, json=body)
    r.raise_for_status()
    statuses = {x["status"] for x in r.json()["results"]}
    if statuses != {"applied"}:
        raise RuntimeError(f"push answered {statuses}")
    cursor, more = 0, True
    while more:
        r = await client.get("/sync/pull", headers=headers,
                             params={"cursor": cursor, "limit": 1000})  # fmt: skip
        r.raise_for_status()
        page = r.json()
        cursor, more = page["cursor"], page["more"]
    return time.perf_counter() - start


async def crowd(url: str, creds: list[tuple[str, str]]) -> tuple[list[float], int, float]:
    import httpx

    limits = httpx.Limits(max_connections=len(creds), max_keepalive_connections=len(creds))
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        grids = [f"4302030050{w // 100:02d}{w % 100 + 1:03d}" for w in range(len(creds))]
        start = time.perf_counter()
        results = await asyncio.wait_for(
            asyncio.gather(
                *(
                    one_worker(client, tok, dev, g)
                    for (tok, dev), g in zip(creds, grids, strict=True)
                ),
                return_exceptions=True,
            ),
            timeout=300,
        )
        wall = time.perf_counter() - start
    times = [r for r in results if isinstance(r, float)]
    errors = [r for r in results if not isinstance(r, float)]
    for e in errors[:3]:
        print("   error:", repr(e))
    return times, len(errors), wall


def bench_backend(name: str, db_url: str, work: Path, ops: int, workers: int) -> None:
    print(f"\n== {name} ==")
    engine = open_database(db_url)
    seed_office(SyncServer(engine))
    engine.dispose()
    creds = seed_workers(db_url, workers)
    with uvicorn_server(db_url, work) as server:
        bench_first_sync(server.url, work, ops)
        times, errors, wall = asyncio.run(crowd(server.url, creds))
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1] if times else float("inf")
    print(f"  {workers} workers at once (push 20 + pull): wall {wall:.2f} s, "
          f"median {statistics.median(times) if times else 0:.3f} s, p95 {p95:.3f} s, "
          f"max {max(times) if times else 0:.3f} s, errors {errors}  "
          f"[{check(p95 <= 1.0 and not errors, f'{name}: {workers} workers')}]")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    if args.backend in ("sqlite", "both"):
        (work / "sqlite").mkdir()
        bench_backend("SQLite", str(work / "sqlite" / "office.sqlite3"), work / "sqlite",
                      args.ops, args.workers)  # fmt: skip
    if args.backend in ("postgresql", "both"):
        from tests.pg import start_cluster

        cluster = start_cluster()
        try:
            (work / "pg").mkdir()
            bench_backend("PostgreSQL", cluster.new_database("bench"), work / "pg", args.ops,
                          args.workers)  # fmt: skip
        finally:
            cluster.stop()
    print("\nmissed: " + "; ".join(failures) if failures else "\nall targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
