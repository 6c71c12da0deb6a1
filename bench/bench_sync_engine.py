"""Sync engine throughput, in process (no HTTP): a laptop pushes N ops
(households and persons), a second laptop's first sync pulls them all, then
a sync with nothing to do. Run: .venv/bin/python bench/bench_sync_engine.py [N]"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from luzsong_grid.store.db import Actor, open_store
from luzsong_grid.store.models import Household, Person
from luzsong_grid.sync.client import InProcessTransport, SyncClient
from luzsong_grid.sync.server import SyncServer
from tests.conftest import make_territory


def main(n_ops: int = 100_000) -> None:
    tmp = Path(tempfile.mkdtemp())
    office = open_store(tmp / "office.sqlite3")
    server = SyncServer.for_store(office)
    terr = make_territory(office)
    a = open_store(tmp / "a.sqlite3")
    ca = SyncClient(a, InProcessTransport(server, terr.w1.account_id, a.device_id))
    ca.sync()
    actor = Actor(terr.w1.account_id, a.device_id, "worker")
    t0 = time.perf_counter()
    made = 0
    while made < n_ops:
        with a.session(actor=actor) as s:
            for _ in range(min(1000, (n_ops - made) // 5 or 1)):
                h = Household(grid_code=terr.grid_a1, address=f"学堂冲路{made}号")
                s.add(h)
                for k in range(4):
                    s.add(
                        Person(
                            household_id=h.id,
                            grid_code=terr.grid_a1,
                            name=f"张{k}",
                            id_number="",
                        )
                    )
                made += 5
    print(f"made {made} ops locally in {time.perf_counter() - t0:.1f}s")

    t0, c0 = time.perf_counter(), time.process_time()
    report = ca.sync()
    push_s = time.perf_counter() - t0
    print(f"  (cpu {time.process_time() - c0:.1f}s)")
    rate = made / push_s
    print(f"push+pull back of {made} ops: {push_s:.1f}s = {rate:.0f} ops/s  {report.pushed}")

    b = open_store(tmp / "b.sqlite3")
    cb = SyncClient(b, InProcessTransport(server, terr.w1.account_id, b.device_id))
    t0, c0 = time.perf_counter(), time.process_time()
    report = cb.sync()
    pull_s = time.perf_counter() - t0
    print(f"  (cpu {time.process_time() - c0:.1f}s)")
    print(
        f"first sync of a second laptop: {report.pulled} changes in {pull_s:.1f}s "
        f"= {report.pulled / pull_s:.0f} changes/s, checksum ok: {report.checksum_ok}"
    )
    for verify in (None, True):
        t0, c0 = time.perf_counter(), time.process_time()
        report = cb.sync(verify=verify)
        print(
            f"no-op sync (verify={verify}): {(time.perf_counter() - t0) * 1000:.0f} ms wall, "
            f"{(time.process_time() - c0) * 1000:.0f} ms cpu (checksum {report.checksum_ok})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
