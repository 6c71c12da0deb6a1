"""Backups: online, verified, rotated, before migrations; restore checks first."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from luzsong_grid import paths
from luzsong_grid.i18n import UserError
from luzsong_grid.store import backup
from luzsong_grid.store.db import Store, open_store
from tests.conftest import Territory, add_household


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_the_store_is_open_is_complete(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    add_household(store, territory.w1, territory.grid_a1, "桂花路1号", [("张伟", "")])
    info = backup.backup(store.path, tmp_path / "b" / "copy.sqlite3")
    assert info.schema
    assert _count(info.path, "person") == 1
    assert not list(info.path.parent.glob("*.part"))


def test_auto_backup_daily_and_weekly_with_rotation(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    start = date(2026, 11, 1)
    for n in range(30):
        backup.auto_backup(store.path, today=start + timedelta(days=n), backup_dir=folder)
    daily = sorted(p.name for p in (folder / "daily").iterdir())
    weekly = sorted(p.name for p in (folder / "weekly").iterdir())
    assert len(daily) == backup.KEEP_DAILY
    assert daily[-1] == "luzsong-grid-2026-11-30.sqlite3"
    assert len(weekly) == backup.KEEP_WEEKLY
    assert backup.auto_backup(store.path, today=date(2026, 11, 30), backup_dir=folder) == []


def test_restore_replaces_only_after_checking(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    add_household(store, territory.w1, territory.grid_a1, "桂花路2号", [("李娜", "")])
    saved = backup.backup(store.path, tmp_path / "saved.sqlite3").path
    add_household(store, territory.w1, territory.grid_a1, "桂花路3号", [("王芳", "")])
    live = store.path
    store.close()
    kept = backup.restore(saved, live)
    assert _count(live, "person") == 1
    assert kept is not None
    assert _count(kept, "person") == 2  # what was replaced is kept
    reopened = open_store(live)
    reopened.close()


@pytest.mark.parametrize("kind", ["text", "damaged", "newer"])
def test_a_bad_backup_is_refused_and_the_live_database_untouched(
    store: Store, territory: Territory, tmp_path: Path, kind: str
) -> None:
    add_household(store, territory.w1, territory.grid_a1, "桂花路4号", [("赵六", "")])
    bad = tmp_path / "bad.sqlite3"
    if kind == "text":
        bad.write_text("not a database")
    else:
        backup.backup(store.path, bad)
        if kind == "newer":
            conn = sqlite3.connect(bad)
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
            conn.commit()
            conn.close()
        else:
            data = bytearray(bad.read_bytes())
            for offset in range(4096 * 3, len(data), 997):  # scribble over pages
                data[offset] = 0xFF
            bad.write_bytes(bytes(data))
    live = store.path
    store.close()
    before = live.read_bytes()
    with pytest.raises(UserError):
        backup.restore(bad, live)
    assert live.read_bytes() == before


def test_cli_backup_then_restore_into_a_fresh_data_folder(demo_db: Path, tmp_path: Path) -> None:
    exe = [sys.executable, "-m", "luzsong_grid"]
    target = tmp_path / "usb" / "backup.sqlite3"
    done = subprocess.run(
        [*exe, "--data-dir", str(demo_db.parent), "backup", str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "verified" in done.stdout or "已校验" in done.stdout
    fresh = tmp_path / "fresh"
    done = subprocess.run(
        [*exe, "--data-dir", str(fresh), "restore", str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert _count(fresh / paths.DB_FILENAME, "person") == _count(demo_db, "person")
    bad = subprocess.run(
        [*exe, "--data-dir", str(fresh), "restore", str(tmp_path / "missing.sqlite3")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr + bad.stdout


def test_a_migration_is_preceded_by_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luzsong_grid.store import db as store_db

    path = tmp_path / "old.sqlite3"
    open_store(path).close()
    # Pretend the file is one schema behind: the app must back it up before upgrading.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'base_for_test'")
    conn.commit()
    conn.close()
    engine = store_db.make_engine(path)
    copies: list[str] = []
    original = backup.backup_before_migration

    def spy(db_path: Path, rev: str) -> backup.BackupInfo:
        copies.append(rev)
        return original(db_path, rev)

    monkeypatch.setattr(backup, "backup_before_migration", spy)
    try:
        with pytest.raises(Exception):  # noqa: B017,PT011 - the fake revision cannot upgrade
            store_db._migrate(engine, "base_for_test", path)
    finally:
        engine.dispose()
    assert copies == ["base_for_test"]
    assert list((tmp_path / "backups" / "pre-migration").glob("*schema-base_for_test.sqlite3"))


def test_an_unencrypted_backup_is_restored_encrypted(keyed_store: Store, tmp_path: Path) -> None:
    """An older version's (unencrypted) backup restored into a laptop whose
    database is encrypted comes in encrypted with its key."""
    from luzsong_grid.store.db import connect_raw, is_encrypted, key_for
    from tests.conftest import make_territory

    old = open_store(tmp_path / "old.sqlite3")
    try:
        terr = make_territory(old)
        add_household(old, terr.w1, terr.grid_a1, "旧备份路1号", [("司马懿", "")])
        plain = backup.backup(old.path, tmp_path / "old-backup.sqlite3").path
    finally:
        old.close()
    assert "司马懿".encode() in plain.read_bytes()  # the old kind: readable by anyone
    live = keyed_store.path
    keyed_store.close()
    backup.restore(plain, live)
    assert is_encrypted(live)
    assert "司马懿".encode() not in live.read_bytes()
    assert key_for(live) is not None
    conn = connect_raw(live, readonly=True)
    try:
        assert conn.execute("SELECT name FROM person").fetchone()[0] == "司马懿"
    finally:
        conn.close()
