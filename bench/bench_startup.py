"""Start-up time: the app to its sign-in window vs a hello-world PySide6 window.

    .venv/bin/python bench/bench_startup.py [--db DIR_WITH_300K_DEMO] [--bundle] [--runs 7]

Both are started as fresh processes, offscreen, in the same run; the time is
from process start until the window is shown (hello world prints a marker;
the app writes "sign-in window shown" to its log). Prints the medians and the
ratio (target: app ≤ 3× hello world).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication(sys.argv)\n"
    "w = QLabel('hello'); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('shown', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def time_hello(env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", HELLO], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("shown"):
            break
    elapsed = time.perf_counter() - start
    proc.wait()
    return elapsed


def time_app(command: list[str], data_dir: Path, env: dict[str, str]) -> float:
    log = data_dir / "logs" / "luzsong-grid.log"
    before = log.read_text(encoding="utf-8").count("sign-in window shown") if log.exists() else 0
    start = time.perf_counter()
    proc = subprocess.Popen([*command, "--data-dir", str(data_dir)], env=env)
    try:
        while True:
            if (
                log.exists()
                and log.read_text(encoding="utf-8").count("sign-in window shown") > before
            ):
                return time.perf_counter() - start
            if proc.poll() is not None:
                raise SystemExit("the app exited before showing its sign-in window")
            time.sleep(0.005)
    finally:
        proc.kill()
        proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="data folder with a (300k) demo district")
    parser.add_argument("--bundle", action="store_true", help="time dist/luzsong-grid")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    data_dir = args.db
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp()) / "data"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "luzsong_grid",
                "--data-dir",
                str(data_dir),
                "demo",
                "--persons",
                "2000",
            ],
            check=True,
            capture_output=True,
        )
    command = (
        [str(ROOT / "dist" / "luzsong-grid" / "luzsong-grid")]
        if args.bundle
        else [sys.executable, "-m", "luzsong_grid"]
    )
    time_app(command, data_dir, env)  # warm the file cache once
    hello = [time_hello(env) for _ in range(args.runs)]
    app = [time_app(command, data_dir, env) for _ in range(args.runs)]
    h, a = statistics.median(hello), statistics.median(app)
    print(f"hello world window: median {h * 1000:.0f} ms")
    print(f"app to sign-in:     median {a * 1000:.0f} ms  ({' '.join(command)})")
    print(f"ratio: {a / h:.2f}x (target <= 3x)")
    return 0 if a <= 3 * h else 1


if __name__ == "__main__":
    sys.exit(main())
