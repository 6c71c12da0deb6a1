"""Helpers for the office-server tests: an office database with two
streets, three communities, four grids and one account per role; the app
in-process; the server as a real uvicorn subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from luzsong_grid.server import accounts
from luzsong_grid.sync.server import SyncServer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: F401 - re-exported

PASSWORD = "secret-pass-1"
STREET_1, STREET_2 = "430203002", "430203003"
COMM_A, COMM_B, COMM_C = "430203002001", "430203002002", "430203003001"
GRID_A1, GRID_A2, GRID_B1, GRID_C1 = (
    "430203002001001",
    "430203002001002",
    "430203002002001",
    "430203003001001",
)
# Usernames → (role, scope, grids)
USERS: dict[str, tuple[str, str, list[str]]] = {
    "worker": ("worker", "", [GRID_A1]),
    "worker_b": ("worker", "", [GRID_B1]),
    "staff": ("staff", COMM_A, []),
    "supervisor": ("supervisor", STREET_1, []),
    "district": ("supervisor", "", []),
    "admin": ("admin", "", []),
    "disabled": ("worker", "", [GRID_A1]),
}


def seed_office(server: SyncServer, *, disable: bool = True) -> dict[str, str]:
    """Territory and accounts written as office changes. Returns username → account id."""
    rows = [
        ("street", {"code": STREET_1, "name": "建设街道"}),
        ("street", {"code": STREET_2, "name": "庆云街道"}),
        ("community", {"code": COMM_A, "street_code": STREET_1, "name": "学堂冲社区"}),
        ("community", {"code": COMM_B, "street_code": STREET_1, "name": "公园社区"}),
        ("community", {"code": COMM_C, "street_code": STREET_2, "name": "庆云社区"}),
        ("grid", {"code": GRID_A1, "community_code": COMM_A, "name": "学堂冲第一网格"}),
        ("grid", {"code": GRID_A2, "community_code": COMM_A, "name": "学堂冲第二网格"}),
        ("grid", {"code": GRID_B1, "community_code": COMM_B, "name": "公园第一网格"}),
        ("grid", {"code": GRID_C1, "community_code": COMM_C, "name": "庆云第一网格"}),
    ]
    with server.transaction() as conn:
        for table, values in rows:
            accounts._write_row(conn, server, table, None, values)
    ids = {}
    for username, (role, scope, grids) in USERS.items():
        made = accounts.add_user(
            server, username=username, role=role, password=PASSWORD, scope_code=scope, grids=grids
        )
        ids[username] = made["id"]
    if disable:
        accounts.set_disabled(server, "disabled")
    return ids


def household_op(
    grid: str, *, op_id: str | None = None, address: str = "人民路1号"
) -> dict[str, Any]:
    """A pushed insert of a household in ``grid`` (JSON, as a laptop sends it)."""
    from luzsong_grid.hlc import HybridClock
    from luzsong_grid.ids import uuid7

    row_id = uuid7()
    now = "2026-11-27T10:00:00"
    return {
        "op_id": op_id or uuid7(),
        "table": "household",
        "row_id": row_id,
        "kind": "insert",
        "fields": {
            "id": row_id,
            "grid_code": grid,
            "household_no": "",
            "address": address,
            "head_person_id": None,
            "phone": "",
            "note": "",
            "deleted": False,
            "created_at": now,
            "updated_at": now,
        },
        "base_version": 0,
        "hlc": HybridClock("testdev").now(),
    }


@dataclass
class Uvicorn:
    """``luzsong-grid serve`` as a subprocess on 127.0.0.1."""

    db_url: str
    port: int
    data_dir: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        log = open(self.data_dir / f"serve-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "luzsong_grid",
                "--data-dir",
                str(self.data_dir),
                "serve",
                "--db",
                self.db_url,
                "--port",
                str(self.port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    "the server exited: "
                    + (self.data_dir / f"serve-{self.port}.log").read_text(errors="replace")[-2000:]
                )
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("the server did not start in time")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None


@contextmanager
def uvicorn_server(db_url: str, data_dir: Path) -> Iterator[Uvicorn]:
    from tests.pg import free_port

    server = Uvicorn(db_url=db_url, port=free_port(), data_dir=data_dir)
    server.start()
    try:
        yield server
    finally:
        server.kill()
