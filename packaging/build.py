"""Build the one-folder bundle: dist/luzsong-grid/ (one command).

    .venv/bin/python packaging/build.py

Builds the .qm translations first, then runs PyInstaller with
packaging/luzsong-grid.spec. On Windows, packaging/windows/installer.iss then
turns dist/luzsong-grid into an installer (see packaging/README.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--release"], check=True
    )
    subprocess.run([sys.executable, str(ROOT / "packaging" / "icons.py")], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(ROOT / "dist"),
            "--workpath",
            str(ROOT / "build"),
            str(ROOT / "packaging" / "luzsong-grid.spec"),
        ],
        check=True,
    )
    print(ROOT / "dist" / "luzsong-grid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
