"""The desktop shell opens on a real database, off the UI thread, in both languages."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QApplication

from luzsong_grid import paths
from luzsong_grid.ui import app as shell


def _drive(coro: object, timeout: float = 20.0) -> None:
    """Run a coroutine on a qasync loop, the way the app does."""
    import qasync

    loop = qasync.QEventLoop(QApplication.instance())
    asyncio.set_event_loop(loop)
    try:
        task = loop.create_task(coro)  # type: ignore[arg-type]
        deadline = time.monotonic() + timeout
        while not task.done() and time.monotonic() < deadline:
            loop.run_until_complete(asyncio.sleep(0.02))
        assert task.done(), "the background load did not finish"
        task.result()
    finally:
        loop.close()
        asyncio.set_event_loop(None)


@pytest.mark.parametrize(
    ("lang", "expected_title", "expected_counts"),
    [
        ("zh_CN", "芦淞区网格员工作台", "288 个网格"),
        ("en", "Lusong Grid Worker's Desk", "288 grids"),
    ],
)
def test_shell_shows_the_district(
    qapp: QApplication,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    expected_title: str,
    expected_counts: str,
) -> None:
    monkeypatch.setattr(paths, "_data_dir_override", demo_db.parent)
    translators = shell.install_translators(qapp, lang)
    try:
        assert (len(translators) >= 1) == (lang != "en")
        window = shell.ShellWindow()
        assert window.windowTitle() == expected_title
        _drive(shell.load_counts(window))
        assert expected_counts in window.status.text()
        window.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_shell_reports_a_newer_database_calmly(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from luzsong_grid.store.db import open_store

    open_store(tmp_path / paths.DB_FILENAME).close()
    conn = sqlite3.connect(tmp_path / paths.DB_FILENAME)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    monkeypatch.setattr(paths, "_data_dir_override", tmp_path)
    window = shell.ShellWindow()
    _drive(shell.load_counts(window))
    assert "newer version" in window.status.text() or "较新版本" in window.status.text()
    window.close()
