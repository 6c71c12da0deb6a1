"""The installable bundle: built with the one command, started to its sign-in window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "luzsong-grid" / "luzsong-grid"

pytest.importorskip("PyInstaller")


@pytest.fixture(scope="module")
def bundle() -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")],
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert BUNDLE.exists()
    return BUNDLE


def test_version_comes_from_pyproject(bundle: Path) -> None:
    import luzsong_grid

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert luzsong_grid.__version__ == version
    done = subprocess.run([str(bundle), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"luzsong-grid {version}"


def test_built_app_starts_to_sign_in_with_its_data(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [str(bundle), "--data-dir", str(data), "demo", "--persons", "500"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # The demo database is encrypted: the bundled SQLCipher opens it with a
    # demo account's password, and only with one.
    unlocked = subprocess.run(
        [str(bundle), "--data-dir", str(data), "--lang", "en", "search", "张", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "LUZSONG_GRID_USER": "worker", "LUZSONG_GRID_PASSWORD": "demo1234"},
    )
    assert unlocked.returncode == 0, unlocked.stderr
    assert "张" in unlocked.stdout
    locked = subprocess.run(
        [str(bundle), "--data-dir", str(data), "--lang", "en", "search", "张"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "LUZSONG_GRID_USER": "worker", "LUZSONG_GRID_PASSWORD": "wrong-one"},
    )
    assert locked.returncode == 2
    assert "张" not in locked.stdout
    proc = subprocess.Popen([str(bundle), "--data-dir", str(data)], env=env)
    log = data / "logs" / "luzsong-grid.log"
    try:
        deadline = time.monotonic() + 60
        shown = False
        while time.monotonic() < deadline and proc.poll() is None:
            if log.exists() and "sign-in window shown" in log.read_text(encoding="utf-8"):
                shown = True
                break
            time.sleep(0.2)
        assert shown, "the bundled app did not reach its sign-in window"
        text = log.read_text(encoding="utf-8")
        assert "translation" not in text or "not found" not in text  # ours and Qt's loaded
    finally:
        proc.kill()
        proc.wait(timeout=10)
