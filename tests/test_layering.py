"""The core stays Qt-free: only luzsong_grid/ui may import PySide6 or qasync."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "luzsong_grid"
GUI_ONLY = ("PySide6", "qasync", "shiboken6")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_no_qt_outside_ui() -> None:
    leaks = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui":
            continue
        for line, module in _imports(path):
            if module.split(".")[0] in GUI_ONLY:
                leaks.append(f"{rel}:{line} imports {module}")
    assert not leaks, "Qt in the core:\n" + "\n".join(leaks)


def test_scan_sees_the_ui_imports() -> None:
    # Guard against a scan that silently finds nothing.
    ui_modules = {m for p in (PACKAGE / "ui").rglob("*.py") for _, m in _imports(p)}
    assert any(m.startswith("PySide6") for m in ui_modules)


def test_core_runs_without_qt_loaded() -> None:
    # Importing and using the core must not pull Qt in at run time either.
    code = (
        "import sys, tempfile, os\n"
        "import luzsong_grid.cli, luzsong_grid.store.services, luzsong_grid.reports.stats\n"
        "import luzsong_grid.search, luzsong_grid.demo\n"
        "from luzsong_grid.store.db import open_store\n"
        "open_store(os.path.join(tempfile.mkdtemp(), 'x.sqlite3')).close()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_sign_in_window_needs_no_database_libraries() -> None:
    # Start-up speed: the sign-in window shows before SQLAlchemy and SQLModel
    # (about half a second) load; they load off the UI thread meanwhile.
    code = (
        "import sys\n"
        "import luzsong_grid.ui.app, luzsong_grid.ui.signin, luzsong_grid.ui.firstrun\n"
        "import luzsong_grid.ui.models.settings, luzsong_grid.ui.tasks, luzsong_grid.auth\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'httpx')\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in heavy]\n"
        "assert not heavy, sorted(heavy)[:5]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
