"""What every Excel export shares: the file written beside its final name
then moved into place, progress and cancelling, labels in the user's
language, masking in SQL, the cell formats.

Writing uses XlsxWriter: in its constant-memory mode it streams rows to a
temporary file and never holds a sheet in memory, and it is the fastest of
the Python writers (``bench/bench_export.py`` compares it with openpyxl's
write-only mode). Nothing here imports Qt: the desktop client calls these
functions from a worker thread with its own progress callback and cancel flag.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luzsong_grid.domain.validation import mask_phone, mask_resident_id
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, current_language

MSG_FOLDER_MISSING = QT_TRANSLATE_NOOP(
    "core", "The folder {folder} does not exist. Choose another place to save the file."
)
MSG_NOT_WRITABLE = QT_TRANSLATE_NOOP(
    "core", "Cannot save in {folder}: this folder is not writable. Choose another folder."
)
MSG_IS_FOLDER = QT_TRANSLATE_NOOP("core", "{path} is a folder. Give a file name ending in .xlsx.")
MSG_DISK_FULL = QT_TRANSLATE_NOOP(
    "core", "The disk is full, so {path} was not saved. Free some space and try again."
)
MSG_FILE_BUSY = QT_TRANSLATE_NOOP(
    "core",
    "{path} cannot be replaced: it may be open in Excel or WPS. Close it and try again.",
)
MSG_WRITE_FAILED = QT_TRANSLATE_NOOP("core", "{path} could not be saved: {error}")
MSG_CANCELLED = QT_TRANSLATE_NOOP("core", "The export was cancelled; no file was saved.")

#: ``progress(done, total)``: how far an export is (``total`` may grow).
Progress = Callable[[int, int], None]
#: ``cancel()`` → True once the user asked to stop (e.g. ``threading.Event().is_set``).
Cancel = Callable[[], bool]

# Excel's day 0 in the 1900 date system, as an SQLite julian day: a date's
# serial number is ``julianday(date) - EXCEL_EPOCH`` (valid after 1900-03-01).
EXCEL_EPOCH = 2415018.5


class ExportCancelled(UserError):
    """The user cancelled; the half-written file was removed."""

    def __init__(self) -> None:
        super().__init__(MSG_CANCELLED)


@dataclass
class Job:
    """Progress reports and the cancel check of one export."""

    progress: Progress | None = None
    cancel: Cancel | None = None

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ExportCancelled()

    def report(self, done: int, total: int) -> None:
        self.check()
        if self.progress is not None:
            self.progress(done, total)


# --------------------------------------------------------------------------
# Writing beside the final name, then moving into place
# --------------------------------------------------------------------------


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc`` (XlsxWriter wraps them in its own errors)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        inner = next((a for a in current.args if isinstance(a, OSError)), None)
        current = inner or current.__cause__ or current.__context__
    return None


def _friendly(exc: OSError, path: Path) -> UserError:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return UserError(MSG_DISK_FULL, path=str(path))
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(MSG_NOT_WRITABLE, folder=str(path.parent))
    if code == errno.ENOENT:
        return UserError(MSG_FOLDER_MISSING, folder=str(path.parent))
    return UserError(MSG_WRITE_FAILED, path=str(path), error=exc.strerror or str(exc))


class Output:
    """The temporary file an export writes, as the file object the writer's
    zip archive goes into. After :meth:`abort` the file is closed and further
    writes go nowhere: a writer that failed half-way (disk full) and is only
    collected later then neither keeps the file open nor fails again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("r+b")
        self._aborted = False
        self._position = 0  # where writes would be, once aborted

    def write(self, data: bytes) -> int:
        if self._aborted:
            self._position += len(data)
            return len(data)
        return self._file.write(data)

    def tell(self) -> int:
        return self._position if self._aborted else self._file.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if not self._aborted:
            return self._file.seek(offset, whence)
        self._position = offset if whence == os.SEEK_SET else self._position + offset
        return self._position

    def flush(self) -> None:
        if not self._aborted:
            self._file.flush()

    def close(self) -> None:
        """Left to :meth:`finish` and :meth:`abort` (the writer does not own the file)."""

    def finish(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def abort(self) -> None:
        if self._aborted:
            return
        with contextlib.suppress(OSError, ValueError):
            self._position = self._file.tell()
        self._aborted = True
        with contextlib.suppress(OSError):
            self._file.close()


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Output]:
    """The file to write an export to: a temporary file in ``path``'s folder,
    moved onto ``path`` in one step (``os.replace``) when the block succeeds,
    removed on any failure or cancel, so that a half-written file never sits
    under the final name and an older file there survives a failed export.
    Failures of the environment become a :class:`UserError`."""
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise UserError(MSG_IS_FOLDER, path=str(target))
    folder = target.parent
    if not folder.is_dir():
        raise UserError(MSG_FOLDER_MISSING, folder=str(folder))
    temp = folder / f".~{target.stem}.{secrets.token_hex(4)}.tmp"
    try:
        # Created here (not by mkstemp) so the final file gets the usual
        # permissions, not mkstemp's owner-only ones.
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        output = Output(temp)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise _friendly(exc, target) from exc
    try:
        yield output
        output.finish()
        try:
            os.replace(temp, target)
        except PermissionError as exc:
            if os.access(folder, os.W_OK):
                raise UserError(MSG_FILE_BUSY, path=str(target)) from exc
            raise
    except BaseException as exc:
        output.abort()
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, UserError):
            raise
        found = _os_error(exc)
        if found is not None:
            raise _friendly(found, target) from None
        raise


# --------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------


def language(lang: str | None) -> str:
    """ "en" or "zh_CN" (the default)."""
    return "en" if (lang or current_language()) == "en" else "zh_CN"


def pick(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def catalog_labels(conn: sqlite3.Connection, kind: str, lang: str) -> dict[str, str]:
    """code → label of a ``catalog_item`` catalogue, in catalogue order."""
    column = "coalesce(nullif(name_en, ''), name)" if lang == "en" else "name"
    return {
        str(code): str(label)
        for code, label in conn.execute(
            f"SELECT code, {column} FROM catalog_item WHERE kind = ? AND deleted = 0 "
            "ORDER BY sort, code",
            (kind,),
        )
    }


def table_labels(conn: sqlite3.Connection, table: str, lang: str) -> dict[str, str]:
    """code → label of a catalogue table (department, event_category, event_item)."""
    column = "coalesce(nullif(name_en, ''), name)" if lang == "en" else "name"
    return {
        str(code): str(label)
        for code, label in conn.execute(
            f"SELECT code, {column} FROM {table} WHERE deleted = 0 ORDER BY sort, code"
        )
    }


# --------------------------------------------------------------------------
# Masking inside SQL (DOMAIN.md §9, §10)
# --------------------------------------------------------------------------

MASK_ID_FUNCTION = "lg_mask_id"
MASK_PHONE_FUNCTION = "lg_mask_phone"


def _mask_id(value: Any) -> str:
    return mask_resident_id(str(value)) if value else ""


def _mask_phone(value: Any) -> str:
    return mask_phone(str(value)) if value else ""


def register_masks(conn: sqlite3.Connection) -> None:
    """The masking functions, for the rare numbers the SQL below cannot mask."""
    conn.create_function(MASK_ID_FUNCTION, 1, _mask_id, deterministic=True)
    conn.create_function(MASK_PHONE_FUNCTION, 1, _mask_phone, deterministic=True)


def masked_id_sql(column: str) -> str:
    """SQL masking a resident ID like :func:`mask_resident_id`: in SQL for the
    usual 18 clean characters, in Python (registered by :func:`register_masks`)
    for anything else."""
    return (
        f"CASE WHEN coalesce({column}, '') = '' THEN '' "
        f"WHEN length({column}) = 18 AND {column} NOT GLOB '*[^0-9X]*' "
        f"THEN substr({column}, 1, 6) || '********' || substr({column}, 15, 4) "
        f"ELSE {MASK_ID_FUNCTION}({column}) END"
    )


def masked_phone_sql(column: str) -> str:
    """SQL masking a phone number like :func:`mask_phone` (see :func:`masked_id_sql`)."""
    return (
        f"CASE WHEN coalesce({column}, '') = '' THEN '' "
        f"WHEN length({column}) = 11 AND {column} GLOB '1*' AND {column} NOT GLOB '*[^0-9]*' "
        f"THEN substr({column}, 1, 3) || '****' || substr({column}, 8, 4) "
        f"WHEN length({column}) = 12 AND {column} GLOB '0731*' "
        f"AND {column} NOT GLOB '*[^0-9]*' "
        f"THEN substr({column}, 1, 4) || '****' || substr({column}, 9, 4) "
        f"ELSE {MASK_PHONE_FUNCTION}({column}) END"
    )


def excel_serial_sql(column: str) -> str:
    """SQL turning a stored date or date-time into an Excel serial number, so
    no Python date object is made per cell."""
    return f"julianday({column}) - {EXCEL_EPOCH}"


# --------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------

# Chinese office sheets: 宋体 for the body, 黑体 for titles (WPS and
# LibreOffice map them to the CJK fonts they have).
FONTS = {"zh_CN": ("宋体", "黑体"), "en": ("Calibri", "Calibri")}
TITLE_COLOR = "#1F3864"
HEADER_FILL = "#DDEBF7"
BORDER_COLOR = "#A6A6A6"
DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"
PERCENT = "0.0%"


def default_font(lang: str) -> dict[str, Any]:
    """The workbook's Normal style (cells written without a format use it)."""
    return {"font_name": FONTS[language(lang)][0], "font_size": 10, "valign": "vcenter"}


class Formats:
    """The workbook's cell formats, made once (XlsxWriter wants one object per style)."""

    def __init__(self, workbook: Any, lang: str) -> None:
        self._workbook = workbook
        self._body, self._title = FONTS[language(lang)]
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._workbook.add_format(
                {"font_name": self._body, "font_size": 10, "valign": "vcenter", **props}
            )
        return found

    @property
    def title(self) -> Any:
        return self.get(
            bold=True, font_size=16, align="center", font_color=TITLE_COLOR, font_name=self._title
        )

    @property
    def note(self) -> Any:
        return self.get(font_size=9, font_color="#595959")

    def header(self, **extra: Any) -> Any:
        props: dict[str, Any] = {
            "bold": True,
            "align": "center",
            "text_wrap": True,
            "bg_color": HEADER_FILL,
            "border": 1,
            "border_color": BORDER_COLOR,
        }
        return self.get(**{**props, **extra})


def workbook_properties(title: str, made_by: str, lang: str) -> dict[str, str]:
    return {
        "title": title,
        "author": made_by,
        "company": pick(lang, "芦淞区网格化服务管理", "Lusong District grid management"),
        "comments": "luzsong-grid",
    }
