"""The Qt binding the app runs on survives a long session.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to None on every
void Qt call; a few thousand calls abort the process ("none_dealloc"). The
app pins < 6.12; this test fails if a broken binding is installed."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = (
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication([])\n"
    "label = QLabel()\n"
    "for i in range(50_000):\n"
    "    label.setText(str(i))\n"
    "    label.setVisible(i % 2 == 0)\n"
    "print('ok')\n"
)


def test_fifty_thousand_widget_calls_do_not_abort() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "ok"
