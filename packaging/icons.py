"""Render the app icon (resources/icons/app.svg) to PNG sizes and a Windows
.ico, with Qt itself (no other tools). Run by packaging/build.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render() -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    out: list[Path] = []
    for size in (16, 32, 48, 64, 128, 256):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        png = ROOT / "packaging" / "linux" / f"luzsong-grid-{size}.png"
        image.save(str(png))
        out.append(png)
        if size == 256:
            ico = ROOT / "packaging" / "windows" / "luzsong-grid.ico"
            if image.save(str(ico), "ICO"):
                out.append(ico)
    del app
    return out


if __name__ == "__main__":
    for path in render():
        print(path)
