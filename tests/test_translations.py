"""Every visible string is translated, in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_unfinished_translations() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_core_messages_are_read_from_the_ts_files() -> None:
    from luzsong_grid.i18n import UserError
    from luzsong_grid.store.db import MSG_LOCKED

    error = UserError(MSG_LOCKED)
    assert error.localized("en") == MSG_LOCKED
    assert "占用" in error.localized("zh_CN")
