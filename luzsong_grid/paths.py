"""Every path the app uses comes from here; tests point it at tmp_path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "luzsong-grid"
ENV_HOME = "LUZSONG_GRID_HOME"
DB_FILENAME = "luzsong-grid.sqlite3"

_data_dir_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` as the data folder for this process (``--data-dir``)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def data_dir() -> Path:
    """The data folder: --data-dir, else $LUZSONG_GRID_HOME, else the platform's."""
    if _data_dir_override is not None:
        return _data_dir_override
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def database_path() -> Path:
    return data_dir() / DB_FILENAME


def log_dir() -> Path:
    return data_dir() / "logs"


def backup_dir() -> Path:
    return data_dir() / "backups"


def _bundle_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def translations_dir() -> Path:
    return _bundle_root() / "translations"
