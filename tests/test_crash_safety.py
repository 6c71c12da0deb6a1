"""Kill -9 during writes: the database stays intact and every write that was
acknowledged is there, with its outbox row."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys

from luzsong_grid.store.db import Store
from tests.conftest import Territory

WRITER = r"""
import sys
from luzsong_grid.store.db import Actor, open_store
from luzsong_grid.store import services

path, account, device, grid, start, stop = sys.argv[1:7]
store = open_store(path)
actor = Actor(account_id=account, device_id=store.device_id, role="worker")
for i in range(int(start), int(stop)):
    with store.session(actor=actor) as s:
        services.tally_service(session=s, grid_code=grid, type_code="elderly_allowance",
                               note=f"w{i}")
    print(f"ACK {i}", flush=True)
"""

TOTAL = 1000


def test_sigkill_at_random_points_loses_no_acknowledged_write(
    store: Store, territory: Territory
) -> None:
    codes = [
        r[0]
        for r in sqlite3.connect(store.path).execute(
            "SELECT code FROM catalog_item WHERE kind = 'service_type'"
        )
    ]
    assert "elderly_allowance" in codes
    path = store.path
    store.close()
    rng = random.Random(11)
    acked: set[int] = set()
    next_write = 0
    kills = 0
    while next_write < TOTAL:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(path),
                territory.w1.account_id,
                "dev",
                territory.grid_a1,
                str(next_write),
                str(TOTAL),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        budget = rng.randint(20, 250)
        for line in proc.stdout:
            number = int(line.split()[1])
            acked.add(number)
            next_write = number + 1
            budget -= 1
            if budget <= 0:
                # Let it get into the next transaction, then kill it mid-flight.
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                break
        proc.wait(timeout=60)
    assert kills >= 3
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = {r[0] for r in conn.execute("SELECT note FROM service_tally")}
        missing = sorted(i for i in acked if f"w{i}" not in notes)
        assert not missing, f"acknowledged writes lost: {missing[:10]}"
        tallies = conn.execute("SELECT count(*) FROM service_tally").fetchone()[0]
        ops = conn.execute(
            "SELECT count(*) FROM outbox WHERE table_name = 'service_tally'"
        ).fetchone()[0]
        assert tallies == ops  # no write without its outbox row, nor the reverse
        assert len(acked) == TOTAL
    finally:
        conn.close()
