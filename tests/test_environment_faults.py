"""A full disk and a read-only folder give a clear message and lose nothing.

These mount small tmpfs file systems, which needs root (CI runs as root);
elsewhere they are skipped with the reason."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from luzsong_grid.i18n import UserError
from luzsong_grid.store import services
from luzsong_grid.store.db import Actor, open_store
from tests.conftest import make_territory


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a file system needs root"
)


def test_disk_full_says_so_and_keeps_what_was_saved(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "3m") as folder:
        store = open_store(folder / "grid.sqlite3")
        territory = make_territory(store)
        actor: Actor = territory.w1
        saved = 0
        with pytest.raises(UserError) as info:
            for n in range(10_000):
                with store.session(actor=actor) as s:
                    services.tally_service(
                        session=s,
                        grid_code=territory.grid_a1,
                        type_code="elderly_allowance",
                        done_on=date(2026, 11, 1),
                        note=f"{n}:" + "记" * 900,
                    )
                saved += 1
        assert "disk is full" in str(info.value)
        assert "磁盘已满" in info.value.localized("zh_CN")
        assert saved > 10
        store.close()
        conn = sqlite3.connect(folder / "grid.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM service_tally").fetchone()[0] == saved
        finally:
            conn.close()


def test_read_only_folder_says_so_and_changes_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "20m") as folder:
        path = folder / "grid.sqlite3"
        store = open_store(path)
        make_territory(store)
        store.close()
        before = path.read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(UserError) as info:
            opened = open_store(path)
            with opened.session() as s:
                services.create_street(session=s, code="430203009", name="测试街道")
        text = str(info.value)
        assert "read-only" in text or "cannot be opened" in text
        assert path.read_bytes() == before
