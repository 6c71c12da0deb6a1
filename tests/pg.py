"""A throwaway PostgreSQL 15 cluster for tests (session-scoped).

PostgreSQL refuses to run as root, so when the tests run as root the
cluster belongs to the ``postgres`` user (``runuser -u postgres -- ...``);
otherwise it belongs to whoever runs the tests. It lives in a fresh temp
folder, listens on 127.0.0.1 at a free port (and a private Unix socket),
and is stopped and removed at the end of the session. Each xdist worker has
its own cluster; a watchdog removes it even when the test run is killed.

Use it with ``from tests.pg import pg_cluster, pg_url  # noqa: F401`` in a
test module (or ask for ``pg_cluster`` to make more databases).
Tests skip with a clear reason only when the PostgreSQL binaries are absent
(``bash scripts/setup.sh`` installs ``postgresql-15``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_BIN_DIRS = [
    os.environ.get("LUZSONG_PG_BIN", ""),
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/17/bin",
]


def pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, None when PostgreSQL is absent."""
    for folder in PG_BIN_DIRS:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    bin: Path
    root: Path
    port: int
    as_postgres: bool
    user: str
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def sockdir(self) -> Path:
        return self.root / "sock"

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=True, cwd=self.root
        )

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, prefix: str = "test") -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{next(self._names)}"
        self.run("createdb", "-h", str(self.sockdir), "-p", str(self.port), "-U", self.user, name)
        return self.url(name)

    def start(self) -> None:
        self.run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        opts = (
            f"-p {self.port} -k {self.sockdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=400 -c shared_buffers=64MB"
        )
        self.run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-o",
            opts,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            self.run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> PgCluster:
    """Start a throwaway cluster (the caller stops it). Raises RuntimeError
    when the binaries are missing."""
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries not found")
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="luzsong-pg-"))
    (root / "sock").mkdir()
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "sock", "postgres", "postgres")
        root.chmod(0o755)
    cluster = PgCluster(
        bin=binaries, root=root, port=free_port(), as_postgres=as_postgres, user="luzsong"
    )
    try:
        cluster.start()
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        cluster.stop()
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{detail}") from exc
    except BaseException:
        cluster.stop()
        raise
    _watchdog(cluster)
    return cluster


def _watchdog(cluster: PgCluster) -> None:
    """Stop and remove the cluster when this process dies without tearing
    it down (a test run killed by a timeout), so no postgres is left behind."""
    stop = [str(cluster.bin / "pg_ctl"), "-D", str(cluster.datadir), "-m", "immediate", "stop"]
    if cluster.as_postgres:
        stop = ["runuser", "-u", "postgres", "--", *stop]
    script = (
        f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
        f"[ -d {shlex.quote(str(cluster.datadir))} ] && {shlex.join(stop)}; "
        f"rm -rf {shlex.quote(str(cluster.root))}"
    )
    subprocess.Popen(
        ["sh", "-c", script],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A running throwaway PostgreSQL cluster for this test session."""
    if pg_bin() is None:
        pytest.skip(
            "PostgreSQL binaries (initdb, pg_ctl) not found: "
            "install postgresql-15 (bash scripts/setup.sh --dev does)"
        )
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PgCluster) -> str:
    """A ``postgresql+psycopg://`` URL of an empty database, for the session."""
    return pg_cluster.new_database("luzsong")
