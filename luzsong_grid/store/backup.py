"""Backups of the local database, and restoring one safely.

Backups use SQLite's online backup API, so they are consistent while the app
keeps working. Each is written to a temporary file, checked with
``PRAGMA integrity_check`` and only then moved under its final name.

- Automatic: one a day (kept 7 days) and one a week (kept 4 weeks), in the
  data folder's ``backups/``; and one before every schema migration.
- Restore checks the file first (a SQLite database, intact, a schema this
  version knows) and never overwrites the live database until the copy that
  will replace it has been verified. The replaced database is kept.
- A laptop's database is encrypted (SQLCipher, see ``store/crypto.py``):
  its backups are encrypted with the same data key, so only this laptop's
  accounts can read them. An unencrypted database (an older version's) is
  encrypted in place by :func:`encrypt_in_place` on the first sign-in.
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
from luzsong_grid.store.db import (
    DB_ERRORS,
    _connect,
    is_plaintext,
    key_for,
    raw_key,
)

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
MSG_OTHER_KEY = QT_TRANSLATE_NOOP(
    "core",
    "The backup {path} is encrypted with another computer's key (or damaged); "
    "nothing was restored.",
)
MSG_ENCRYPT_FAILED = QT_TRANSLATE_NOOP(
    "core", "The database {path} could not be encrypted ({problem}); it was left as it was."
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema: str
    size: int


def _integrity(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA integrity_check").fetchone()
    return str(row[0]) if row else "no answer"


def copy_database(source: Path, target: Path, *, key: bytes | None = None) -> BackupInfo:
    """A verified copy of ``source`` at ``target`` (replaced atomically).

    With ``key`` the copy is encrypted with it: ``source`` is read with the
    same key (or, when it is unencrypted, exported into the encrypted copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        if key is not None and is_plaintext(source):
            _export_encrypted(source, temp, key)
            dst = _connect(temp, readonly=False, key=key)
            try:
                problem = _integrity(dst)
                schema = _schema(dst)
            finally:
                dst.close()
        else:
            src = _connect(source, readonly=True, key=key)
            try:
                dst = _connect(temp, readonly=False, key=key)
                try:
                    src.backup(dst, pages=4096)
                    dst.execute("PRAGMA journal_mode=DELETE")
                    problem = _integrity(dst)
                    schema = _schema(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        if problem != "ok":
            raise UserError(MSG_DAMAGED, path=str(source), problem=problem)
        os.replace(temp, target)
    except DB_ERRORS as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise UserError(MSG_BACKUP_FAILED, path=str(target), error=str(exc)) from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise UserError(
            MSG_BACKUP_FAILED, path=str(target), error=exc.strerror or str(exc)
        ) from exc
    except UserError:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return BackupInfo(target, schema, target.stat().st_size)


def _export_encrypted(source: Path, target: Path, key: bytes) -> dict[str, int]:
    """Write the unencrypted database ``source`` into a new database at
    ``target`` encrypted with ``key`` (SQLCipher's ``sqlcipher_export``).
    Returns the row count of each table, read in the same transaction."""
    from luzsong_grid.store.db import _cipher_module

    module = _cipher_module()
    conn = module.connect(str(source), check_same_thread=False)  # no key: plain SQLite
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA busy_timeout=5000")
        # Nothing else has the file open while it is encrypted (before the
        # store opens, or a backup), so counts and export see the same rows.
        counts = _table_counts(conn)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), raw_key(key)))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {version}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    return counts


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def encrypt_in_place(db_path: Path, key: bytes) -> Path:
    """Encrypt the unencrypted database at ``db_path`` with ``key``.

    The encrypted copy is written beside it and verified (intact, every
    table with the same number of rows) and a copy of it is kept in
    ``backups/pre-encryption``; only then does it replace the unencrypted
    file. Unencrypted backups in ``backups/`` are encrypted the same way.
    Returns the kept copy. On any failure the database is left as it was."""
    temp = db_path.with_name(db_path.name + ".encrypting")
    for leftover in (temp, Path(f"{temp}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    try:
        before = _export_encrypted(db_path, temp, key)
        check = _connect(temp, readonly=False, key=key)
        try:
            problem = _integrity(check)
            after = _table_counts(check)
        finally:
            check.close()
        if problem != "ok" or after != before:
            problem = problem if problem != "ok" else "rows differ"
            raise UserError(MSG_ENCRYPT_FAILED, path=str(db_path), problem=problem)
        kept = copy_database(
            temp,
            db_path.parent
            / "backups"
            / "pre-encryption"
            / f"{PREFIX}-{datetime.now():%Y%m%d-%H%M%S}-encrypted.sqlite3",
            key=key,
        )
        # The unencrypted file's WAL was read by the export; it goes with it.
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{db_path}{suffix}").unlink()
        os.replace(temp, db_path)
    except DB_ERRORS as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise UserError(MSG_ENCRYPT_FAILED, path=str(db_path), problem=str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    log.info("database encrypted (%d tables verified)", len(before))
    encrypt_old_backups(db_path.parent / "backups", key)
    return kept.path


def encrypt_old_backups(folder: Path, key: bytes) -> int:
    """Encrypt every unencrypted backup under ``folder``; returns how many."""
    done = 0
    if not folder.is_dir():
        return done
    for old in sorted(folder.rglob("*.sqlite3")):
        if not is_plaintext(old):
            continue
        try:
            copy_database(old, old, key=key)
            done += 1
        except UserError as exc:  # a damaged old backup stays as it was
            log.warning("backup %s not encrypted: %s", old.name, exc)
    return done


def _schema(conn: sqlite3.Connection) -> str:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except DB_ERRORS:
        return ""
    return str(row[0]) if row else ""


def backup(
    db_path: Path, target: Path | None = None, *, backup_dir: Path | None = None
) -> BackupInfo:
    """Back up now, to ``target`` or a time-stamped file in the backup folder
    (encrypted with the database's key when it has one)."""
    if target is None:
        folder = backup_dir or db_path.parent / "backups"
        target = folder / f"{PREFIX}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    return copy_database(db_path, target, key=key_for(db_path))


def backup_before_migration(db_path: Path, from_revision: str) -> BackupInfo:
    folder = db_path.parent / "backups" / "pre-migration"
    name = f"{PREFIX}-{datetime.now():%Y%m%d-%H%M%S}-schema-{from_revision}.sqlite3"
    return copy_database(db_path, folder / name, key=key_for(db_path))


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
    key = key_for(db_path)
    daily = folder / "daily" / f"{PREFIX}-{today:%Y-%m-%d}.sqlite3"
    if not daily.exists():
        written.append(copy_database(db_path, daily, key=key).path)
        _rotate(daily.parent, KEEP_DAILY)
    year, week, _ = today.isocalendar()
    weekly = folder / "weekly" / f"{PREFIX}-{year:04d}-W{week:02d}.sqlite3"
    if not weekly.exists():
        written.append(copy_database(db_path, weekly, key=key).path)
        _rotate(weekly.parent, KEEP_WEEKLY)
    return written


def check_backup(path: Path, key: bytes | None = None) -> str:
    """The schema revision of a backup that is safe to restore, or UserError.
    An encrypted backup is read with ``key`` (the live database's)."""
    from luzsong_grid.store.db import SCHEMA_HEAD, _known_revision

    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(MSG_NOT_A_BACKUP, path=str(path)) from exc
    plain = header == b"SQLite format 3\x00"
    if not plain and (key is None or len(header) < 16):
        raise UserError(MSG_NOT_A_BACKUP, path=str(path))
    try:
        conn = _connect(path, readonly=True, key=None if plain else key)
    except UserError as exc:  # the wrong key
        raise UserError(MSG_OTHER_KEY, path=str(path)) from exc
    try:
        problem = _integrity(conn)
        if problem != "ok":
            raise UserError(MSG_DAMAGED, path=str(path), problem=problem)
        schema = _schema(conn)
    except DB_ERRORS as exc:
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
    have closed the database. Returns where the replaced database was kept.

    When the live database is encrypted (its key registered), the restored
    one is too: an unencrypted backup is encrypted on the way in."""
    key = key_for(db_path)
    check_backup(backup_file, key)
    staged = db_path.with_name(db_path.name + ".restore")
    copy_database(backup_file, staged, key=key)
    check_backup(staged, key)  # the copy that will become live is verified too
    kept: Path | None = None
    if db_path.exists():
        kept = (
            db_path.parent / "backups" / f"{PREFIX}-replaced-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
        )
        copy_database(db_path, kept, key=key)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db_path) + suffix).unlink()
    os.replace(staged, db_path)
    log.info("restored %s from %s (previous kept at %s)", db_path, backup_file, kept)
    return kept
