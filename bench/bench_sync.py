"""Sync over HTTP on loopback, end to end (run on demand; not a test).

    .venv/bin/python bench/bench_sync.py                  # SQLite and PostgreSQL
    .venv/bin/python bench/bench_sync.py --backend sqlite --ops 20000 --workers 100
    .venv/bin/python bench/bench_sync.py --ops 0 --cold   # the crowd only, also cold

For each backend, ``luzsong-grid serve`` runs as a real uvicorn subprocess
on 127.0.0.1 and:

1. first sync of N ops (default 100,000 household inserts in the outbox of
   one laptop): push + pull + checksum through SyncClient/HttpTransport,
   end to end, each time against a fresh office; the median of
   ``--first-runs`` (default 3) is checked (target: ≥ 20k ops/s, for the
   default SQLite office; PostgreSQL's is a figure); then,
   after the last run, the time the office's search
   index takes to catch up (in the background), and a fresh laptop of the
   same worker pulling everything (figure only);
2. a sync with nothing to do, median of 11 (target: ≤ 100 ms), and the
   same with the scope checksum forced;
3. W simulated workers (default 300, each with their own grid, token and
   device, who synced before) syncing at once with async httpx clients: a
   push of 20 ops that asks for the first pull page in its answer, as the
   laptop's last push does, then pull on to the end (target: p95 ≤ 1 s, no
   errors).
   ``--cold``: also 300 new laptops whose first pull brings every
   reference row (accounts, grids, catalogues) at once (figure only).

PostgreSQL runs in a throwaway cluster (tests/pg.py). Prints the figures
with wall and CPU time and the load average; exit status 1 when a target
is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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


def bench_first_sync(url: str, work: Path, n: int, server_pid: int, *, only: bool = False) -> float:
    """The first sync of ``n`` ops (and, unless ``only``, what follows it:
    a fresh laptop's pull, syncs with nothing to do). Returns ops/s."""
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
    rate = 0.0
    if n:
        fill_outbox(laptop, str(account_id), n)
        start, cpu = time.perf_counter(), time.process_time()
        server_cpu = proc_cpu(server_pid)
        report = client.sync()
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        server_cpu = proc_cpu(server_pid) - server_cpu
        rate = n / took
        print(f"  first sync of {n} ops, end to end (push, pull, checksum): {took:.2f} s wall "
              f"(CPU: laptop {cpu:.2f} s, office {server_cpu:.2f} s) = {rate:,.0f} ops/s "
              f"{report.pushed} checksum_ok={report.checksum_ok}")  # fmt: skip
        check(report.pushed.get("applied") == n, "every op applied")
        check(bool(report.checksum_ok), "checksum after the first sync")
        if only:
            t.close()
            laptop.close()
            return rate
        start = time.perf_counter()
        while t.health().get("search_backlog", 0) > 0:
            time.sleep(0.1)
        print(f"  office search index caught up {time.perf_counter() - start:.2f} s later")

        fresh = open_store(work / "laptop2.sqlite3")
        t2 = transport(url, fresh)
        t2.login()
        t2.register_device("cd" * 32)
        start, cpu = time.perf_counter(), time.process_time()
        report2 = SyncClient(fresh, t2).sync()
        took2, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"  first sync of a fresh laptop, pull {report2.pulled} changes: {took2:.2f} s "
              f"(laptop CPU {cpu:.2f} s) = {report2.pulled / took2:,.0f} changes/s")  # fmt: skip
        t2.close()
        fresh.close()

    def median_ms(verify: bool | None = None) -> float:
        times = []
        for _ in range(11):
            start = time.perf_counter()
            client.sync(verify=verify)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    noop = median_ms()
    forced = median_ms(verify=True)
    print(f"  sync with nothing to do: median {noop:.0f} ms "
          f"[{check(noop <= 100, 'no-op sync ≤ 100 ms')}]; with the scope checksum "
          f"forced ({n:,} households more in scope): median {forced:.0f} ms")  # fmt: skip
    t.close()
    laptop.close()
    return rate


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


async def one_worker(client: Any, token: str, device: str, grid: str, cursor: int) -> float:
    """One laptop's sync as SyncClient makes it: push 20 new households,
    asking for the first pull page from ``cursor`` in the same answer, then
    pull on while more follow, leaving out the echoes of its own inserts."""
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
    body = {"schema_version": SCHEMA_HEAD, "device_id": device, "ops": ops,
            "pull": {"cursor": cursor, "limit": 2000}}  # fmt: skip
    r = await client.post("/sync/push", headers=headers, json=body)
    r.raise_for_status()
    answer = r.json()
    results = answer["results"]
    statuses = {x["status"] for x in results}
    if statuses != {"applied"}:
        raise RuntimeError(f"push answered {statuses}")
    page = answer.get("pull")
    if page is None:
        raise RuntimeError("the office answered the push without the pull page")
    seqs = sorted(x["seq"] for x in results)
    skip = f"{seqs[0]}-{seqs[-1]}" if seqs[-1] - seqs[0] == len(seqs) - 1 else ""
    while page["more"]:
        params = {"cursor": page["cursor"], "limit": 2000, "skip": skip}
        r = await client.get("/sync/pull", headers=headers, params=params)
        r.raise_for_status()
        page = r.json()
    return time.perf_counter() - start


async def crowd(
    url: str, creds: list[tuple[str, str]], cursor: int
) -> tuple[list[float], int, float]:
    import httpx

    # One client (one connection) per laptop, made before the clock starts;
    # a shared pool of 300 connections costs the load generator more CPU.
    clients = [httpx.AsyncClient(base_url=url, timeout=60, verify=False) for _ in creds]
    try:
        grids = [f"4302030050{w // 100:02d}{w % 100 + 1:03d}" for w in range(len(creds))]
        start, cpu = time.perf_counter(), time.process_time()
        results = await asyncio.wait_for(
            asyncio.gather(
                *(
                    one_worker(client, tok, dev, g, cursor)
                    for client, (tok, dev), g in zip(clients, creds, grids, strict=True)
                ),
                return_exceptions=True,
            ),
            timeout=300,
        )
        wall = time.perf_counter() - start
        print(f"   (clients' CPU while they synced: {time.process_time() - cpu:.2f} s)")
    finally:
        for client in clients:
            await client.aclose()
    times = [r for r in results if isinstance(r, float)]
    errors = [r for r in results if not isinstance(r, float)]
    for e in errors[:3]:
        print("   error:", repr(e))
    return times, len(errors), wall


def top_seq(db_url: str) -> int:
    engine = open_database(db_url, seed_catalogs=False)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT max(seq) FROM sync_change_log").scalar() or 0)
    finally:
        engine.dispose()


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_crowd(name: str, server: Any, creds: list[tuple[str, str]], cursor: int, what: str) -> None:
    cpu, server_cpu = time.process_time(), proc_cpu(server.proc.pid)
    times, errors, wall = asyncio.run(crowd(server.url, creds, cursor))
    cpu, server_cpu = time.process_time() - cpu, proc_cpu(server.proc.pid) - server_cpu
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1] if times else float("inf")
    target = (
        ""
        if cursor == 0
        else (f"  [{check(p95 <= 1.0 and not errors, f'{name}: {len(creds)} workers p95 ≤ 1 s')}]")
    )
    print(f"  {len(creds)} workers at once ({what}): wall {wall:.2f} s, "
          f"median {statistics.median(times) if times else 0:.3f} s, p95 {p95:.3f} s, "
          f"max {max(times) if times else 0:.3f} s, errors {errors}, "
          f"CPU: server {server_cpu:.2f} s, clients {cpu:.2f} s{target}")  # fmt: skip


def seeded(db_url: str) -> str:
    engine = open_database(db_url)
    seed_office(SyncServer(engine))
    engine.dispose()
    return db_url


def bench_backend(
    name: str,
    new_db: Callable[[], str],
    work: Path,
    ops: int,
    workers: int,
    *,
    cold: bool,
    first_runs: int,
) -> None:
    print(f"\n== {name} ==  (load average before: {os.getloadavg()[0]:.2f})")
    rates = []
    for run in range(1, first_runs if ops else 1):  # each on a fresh office
        run_dir = work / f"first-{run}"
        run_dir.mkdir()
        with uvicorn_server(seeded(new_db()), run_dir) as server:
            assert server.proc is not None
            rates.append(bench_first_sync(server.url, run_dir, ops, server.proc.pid, only=True))
    db_url = seeded(new_db())
    creds = seed_workers(db_url, workers)
    with uvicorn_server(db_url, work) as server:
        assert server.proc is not None
        rates.append(bench_first_sync(server.url, work, ops, server.proc.pid))
        if ops:
            # The target is the default office's (SQLite); PostgreSQL's is a figure.
            rate = statistics.median(rates)
            verdict = (
                check(rate >= 20_000, "first sync ≥ 20k ops/s (median)")
                if name == "SQLite"
                else "figure only"
            )
            print(f"  first sync, median of {len(rates)} runs: {rate:,.0f} ops/s [{verdict}]")
        # The workers synced before: they pull what came since.
        run_crowd(name, server, creds, top_seq(db_url), "push 20 + pull since last sync")
        if cold:
            run_crowd(name, server, creds, 0, "cold: push 20 + pull everything")
    print(f"  (load average after: {os.getloadavg()[0]:.2f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=300)
    parser.add_argument("--cold", action="store_true", help="also the crowd's first syncs")
    parser.add_argument(
        "--first-runs", type=int, default=3, help="first syncs to take the median of"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    if args.backend in ("sqlite", "both"):
        (work / "sqlite").mkdir()
        names = iter(range(1, 1000))
        bench_backend("SQLite", lambda: str(work / "sqlite" / f"office{next(names)}.sqlite3"),
                      work / "sqlite", args.ops, args.workers, cold=args.cold,
                      first_runs=args.first_runs)  # fmt: skip
    if args.backend in ("postgresql", "both"):
        from tests.pg import start_cluster

        cluster = start_cluster()
        try:
            (work / "pg").mkdir()
            bench_backend("PostgreSQL", lambda: cluster.new_database("bench"), work / "pg",
                          args.ops, args.workers, cold=args.cold,
                          first_runs=args.first_runs)  # fmt: skip
        finally:
            cluster.stop()
    print("\nmissed: " + "; ".join(failures) if failures else "\nall targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
