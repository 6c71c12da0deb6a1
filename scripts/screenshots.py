"""Screenshots of the app for docs/, taken on a real (virtual) screen.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py DATA_DIR

DATA_DIR holds a demo district (luzsong-grid --data-dir DATA_DIR demo).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from luzsong_grid import paths
    from luzsong_grid.ui import app as shell

    paths.set_data_dir(sys.argv[1])
    qapp = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    for lang in ("zh_CN", "en"):
        translators = shell.install_translators(qapp, lang)
        shell.apply_font(qapp)
        window = shell.ShellWindow()
        window.show()
        loop.run_until_complete(shell.load_counts(window))
        loop.run_until_complete(asyncio.sleep(0.3))
        out = ROOT / "docs" / f"shell-{lang}.png"
        window.grab().save(str(out))
        print(out)
        window.close()
        for translator in translators:
            qapp.removeTranslator(translator)
    return 0


if __name__ == "__main__":
    sys.exit(main())
