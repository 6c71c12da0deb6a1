"""Backups of the local database, and restoring one safely.

Backups use SQLite's online backup API, so they are consistent while the app
keeps working. Each is written to a temporary file, checked with
``PRAGMA integrity_check`` and only then moved under its final name.

- Automatic: one a day (kept 7 days) and one a week (kept 4 weeks), in the
  data folder's ``backups/``; and one before every schema migration.
- Restore checks the file first (a SQLite database, intact, a schema this
  version knows) and never overwrites the live database until the copy that
  will replace it has been verified. The replaced database is kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

log = logging.getLogger("luzsong_grid.store")

KEEP_DAILY = 7
KEEP_WEEKLY = 4
PREFIX = "luzsong-grid"

MSG_NOT_A_BACKUP = QT_TRANSLATE_NOOP(
    "core", "{path} is not a luzsong-grid database, so it cannot be restored."
)
MSG_DAMAGED = QT_TRANSLATE_NOOP(
    "core", "The backup {path} is damaged ({problem}); nothing was restored."
)
MSG_BACKUP_NEWER = QT_TRANSLATE_NOOP(
    "core",
    "The backup {path} was made by a newer version of luzsong-grid (schema {found}); "
    "nothing was restored.",
)
MSG_BACKUP_FAILED = QT_TRANSLATE_NOOP("core", "The backup could not be written to {path}: {error}")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema: str
    size: int


def _integrity(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA integrity_check").fetchone()
    return str(row[0]) if row else "no answer"


def copy_database(source: Path, target: Path) -> BackupInfo:
    """A verified copy of ``source`` at ``target`` (replaced atomically)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst, pages=4096)
            dst.execute("PRAGMA journal_mode=DELETE")
            problem = _integrity(dst)
            schema = _schema(dst)
        finally:
            dst.close()
            src.close()
        if problem != "ok":
            raise UserError(MSG_DAMAGED, path=str(source), problem=problem)
        os.replace(temp, target)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise UserError(MSG_BACKUP_FAILED, path=str(target), error=str(exc)) from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise UserError(
            MSG_BACKUP_FAILED, path=str(target), error=exc.strerror or str(exc)
        ) from exc
    return BackupInfo(target, schema, target.stat().st_size)


def _schema(conn: sqlite3.Connection) -> str:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return ""
    return str(row[0]) if row else ""


def backup(
    db_path: Path, target: Path | None = None, *, backup_dir: Path | None = None
) -> BackupInfo:
    """Back up now, to ``target`` or a time-stamped file in the backup folder."""
    if target is None:
        folder = backup_dir or db_path.parent / "backups"
        target = folder / f"{PREFIX}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    return copy_database(db_path, target)


def backup_before_migration(db_path: Path, from_revision: str) -> BackupInfo:
    folder = db_path.parent / "backups" / "pre-migration"
    name = f"{PREFIX}-{datetime.now():%Y%m%d-%H%M%S}-schema-{from_revision}.sqlite3"
    return copy_database(db_path, folder / name)


def _rotate(folder: Path, keep: int) -> None:
    files = sorted(folder.glob(f"{PREFIX}-*.sqlite3"))
    for old in files[:-keep] if keep else files:
        with contextlib.suppress(OSError):
            old.unlink()


def auto_backup(
    db_path: Path, *, today: date | None = None, backup_dir: Path | None = None
) -> list[Path]:
    """Take today's daily and this week's weekly backup if missing; rotate.
    Returns the files written (none when both exist already)."""
    today = today or date.today()
    folder = backup_dir or db_path.parent / "backups"
    written: list[Path] = []
    daily = folder / "daily" / f"{PREFIX}-{today:%Y-%m-%d}.sqlite3"
    if not daily.exists():
        written.append(copy_database(db_path, daily).path)
        _rotate(daily.parent, KEEP_DAILY)
    year, week, _ = today.isocalendar()
    weekly = folder / "weekly" / f"{PREFIX}-{year:04d}-W{week:02d}.sqlite3"
    if not weekly.exists():
        written.append(copy_database(db_path, weekly).path)
        _rotate(weekly.parent, KEEP_WEEKLY)
    return written


def check_backup(path: Path) -> str:
    """The schema revision of a backup that is safe to restore, or UserError."""
    from luzsong_grid.store.db import SCHEMA_HEAD, _known_revision

    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(MSG_NOT_A_BACKUP, path=str(path)) from exc
    if header != b"SQLite format 3\x00":
        raise UserError(MSG_NOT_A_BACKUP, path=str(path))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problem = _integrity(conn)
        if problem != "ok":
            raise UserError(MSG_DAMAGED, path=str(path), problem=problem)
        schema = _schema(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(MSG_DAMAGED, path=str(path), problem=str(exc)) from exc
    finally:
        conn.close()
    if not schema:
        raise UserError(MSG_NOT_A_BACKUP, path=str(path))
    if schema != SCHEMA_HEAD and not _known_revision(schema):
        raise UserError(MSG_BACKUP_NEWER, path=str(path), found=schema)
    return schema


def restore(backup_file: Path, db_path: Path) -> Path | None:
    """Replace the database at ``db_path`` with ``backup_file``. The app must
    have closed the database. Returns where the replaced database was kept."""
    check_backup(backup_file)
    staged = db_path.with_name(db_path.name + ".restore")
    copy_database(backup_file, staged)
    check_backup(staged)  # the copy that will become live is verified too
    kept: Path | None = None
    if db_path.exists():
        kept = (
            db_path.parent / "backups" / f"{PREFIX}-replaced-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
        )
        copy_database(db_path, kept)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db_path) + suffix).unlink()
    os.replace(staged, db_path)
    log.info("restored %s from %s (previous kept at %s)", db_path, backup_file, kept)
    return kept
