"""Reading roster workbooks: the file, its sheets, and where the header is.

Offices keep rosters in whatever shape their last template had, so this
module finds the data instead of expecting it in place:

* The file is recognised by its content, not its name: a zip is read as
  .xlsx (or .ods), an OLE compound file as .xls, unless it holds an
  ``EncryptedPackage`` stream (a workbook saved with a password). Anything
  else is "not an Excel file". A file that cannot be opened because another
  program holds it gives a message saying so; an owner file (``~$name``,
  ``.~lock.name#``) beside it gives a warning that unsaved changes are not
  in the file.
* Cells are read by python-calamine (Rust; .xlsx, .xls and .ods): 50,000
  rows in under half a second, where openpyxl's read-only mode needs ten
  times as long. Merged cells give their value to every row they span in
  their first column, so a household's address or category merged down its
  members' rows reaches each member.
* The header is the row among the first :data:`HEADER_SCAN` rows of a sheet
  whose cells name the most known fields (synonyms in :data:`SYNONYMS`,
  matched after dropping spaces, asterisks and bracketed remarks, then by
  keywords); it needs a name column and one more. Title rows above it are
  ignored. A second header row (sub-headers under merged group headings)
  and explanation rows under it ("必填", "格式：2020-01-01", an example row)
  are recognised and skipped; a sheet without a header is skipped with a
  note (an instructions sheet, say).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

__all__ = [
    "FIELDS",
    "Header",
    "RawSheet",
    "Workbook",
    "cell_text",
    "find_header",
    "header_field",
    "load_workbook",
]

# Roster fields a column can hold.
NAME = "name"
ID_NUMBER = "id_number"
PHONE = "phone"
ADDRESS = "address"
TAGS = "tags"
RELATION = "relation"
GRID = "grid"
HOUSEHOLD_NO = "household_no"
BIRTH_DATE = "birth_date"
GENDER = "gender"
ETHNICITY = "ethnicity"
NOTE = "note"
HEAD_NAME = "head_name"
HEAD_ID = "head_id"
SEQ = "seq"  # 序号: recognised so that it is not reported as unknown; not imported
ADDRESS_PART = "address_part"  # 小区, 楼栋, 单元, 房号…: the address when there is no 住址
FLAG = "flag"  # a column named after a category (低保户, 是否残疾): 是/√ gives the tag
FIELDS = (
    NAME,
    ID_NUMBER,
    PHONE,
    ADDRESS,
    TAGS,
    RELATION,
    GRID,
    HOUSEHOLD_NO,
    BIRTH_DATE,
    GENDER,
    ETHNICITY,
    NOTE,
    HEAD_NAME,
    HEAD_ID,
)
# Fields whose value may come from several columns, first non-empty wins
# (mobile before landline, current address before registered address); tag
# columns are all read.
MULTI = frozenset({PHONE, ADDRESS, TAGS, ADDRESS_PART, FLAG})

HEADER_SCAN = 30  # rows searched for the header
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_XLS_STREAM = "Workbook".encode("utf-16-le")
_XLS5_STREAM = "Book".encode("utf-16-le")
MAX_CELLS = 5_000_000  # a sheet this big is not a roster (and would exhaust memory)

MSG_NO_FILE = QT_TRANSLATE_NOOP("core", "There is no file {path}.")
MSG_NOT_A_FILE = QT_TRANSLATE_NOOP("core", "{path} is a folder, not an Excel file.")
MSG_FILE_LOCKED = QT_TRANSLATE_NOOP(
    "core",
    "The file {path} cannot be opened: another program (Excel or WPS?) is using it, or you "
    "may not read it. Close it there and try again. Nothing was imported.",
)
MSG_CANNOT_READ = QT_TRANSLATE_NOOP("core", "The file {path} cannot be read: {error}")
MSG_NOT_EXCEL = QT_TRANSLATE_NOOP(
    "core",
    "{path} is not an Excel file (.xlsx or .xls). If it is a CSV or a web page, open it in "
    "Excel or WPS and save it as .xlsx. Nothing was imported.",
)
MSG_DAMAGED = QT_TRANSLATE_NOOP(
    "core",
    "{path} looks like an Excel file but cannot be read (it may be damaged): {error}. "
    "Open it in Excel or WPS and save it again as .xlsx. Nothing was imported.",
)
MSG_PASSWORD = QT_TRANSLATE_NOOP(
    "core",
    "{path} is protected with a password. Open it in Excel or WPS, remove the password "
    "(File › Info › Protect Workbook) and save it, then import it again. Nothing was imported.",
)
MSG_OPEN_ELSEWHERE = QT_TRANSLATE_NOOP(
    "core",
    "The file seems to be open in another program: changes not yet saved there are not "
    "in this import.",
)
MSG_TOO_BIG = QT_TRANSLATE_NOOP(
    "core",
    "Sheet “{sheet}” is too large to be a roster ({rows} rows × {columns} columns used). "
    "Delete stray cells far below or right of the data and save again.",
)


@dataclass
class RawSheet:
    """One sheet's non-empty rows as (Excel row number, cell values)."""

    name: str
    rows: list[tuple[int, list[Any]]]
    width: int


@dataclass
class Workbook:
    path: Path
    kind: str  # xlsx | xls | ods
    sheets: list[RawSheet]
    open_elsewhere: bool = False


# --------------------------------------------------------------------------
# The file
# --------------------------------------------------------------------------


def _owner_file_exists(path: Path) -> bool:
    """Excel and WPS leave ``~$name`` beside an open file, LibreOffice ``.~lock.name#``."""
    candidates = ["~$" + path.name, "~$" + path.name[2:], f".~lock.{path.name}#"]
    return any((path.parent / c).exists() for c in candidates)


def _read_bytes(path: Path) -> bytes:
    shown = str(path)
    if path.is_dir():
        raise UserError(MSG_NOT_A_FILE, path=shown)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(MSG_NO_FILE, path=shown) from None
    except PermissionError:
        raise UserError(MSG_FILE_LOCKED, path=shown) from None
    except OSError as exc:
        raise UserError(MSG_CANNOT_READ, path=shown, error=exc.strerror or str(exc)) from None


def _kind(data: bytes, shown: str) -> str:
    """xlsx, ods or xls, judged by the content; a UserError for anything else."""
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UserError(MSG_DAMAGED, path=shown, error=_short(exc)) from None
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if "content.xml" in names and b"opendocument.spreadsheet" in data[:300]:
            return "ods"
        raise UserError(MSG_NOT_EXCEL, path=shown)
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data:
            raise UserError(MSG_PASSWORD, path=shown)
        if _XLS_STREAM in data or _XLS5_STREAM in data:
            return "xls"
    raise UserError(MSG_NOT_EXCEL, path=shown)


def load_workbook(path: Path | str) -> Workbook:
    """Every visible worksheet of the file, or a UserError saying what the file is."""
    import python_calamine as calamine

    path = Path(path)
    shown = str(path)
    data = _read_bytes(path)
    kind = _kind(data, shown)
    sheets: list[RawSheet] = []
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            for meta in book.sheets_metadata:
                if meta.visible != calamine.SheetVisibleEnum.Visible:
                    continue
                if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheets.append(_read_sheet(book.get_sheet_by_name(meta.name)))
        finally:
            book.close()
    except calamine.PasswordError:
        raise UserError(MSG_PASSWORD, path=shown) from None
    except UserError:
        raise
    except Exception as exc:  # whatever the parser makes of a damaged file
        raise UserError(MSG_DAMAGED, path=shown, error=_short(exc)) from None
    return Workbook(path=path, kind=kind, sheets=sheets, open_elsewhere=_owner_file_exists(path))


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "…"


def _read_sheet(sheet: Any) -> RawSheet:
    if sheet.end is None or int(sheet.height) == 0 or int(sheet.width) == 0:
        return RawSheet(name=str(sheet.name), rows=[], width=0)
    # The cells from A1 (calamine's start/iter_rows disagree when the first
    # rows are empty, so the whole area is asked for and numbered from 1).
    height, width = int(sheet.end[0]) + 1, int(sheet.end[1]) + 1
    if height * width > MAX_CELLS:
        raise UserError(MSG_TOO_BIG, sheet=sheet.name, rows=height, columns=width)
    rows: list[tuple[int, list[Any]]] = []
    for index, cells in enumerate(sheet.to_python(skip_empty_area=False)):
        if cells.count("") < len(cells):  # calamine gives "" for an empty cell
            rows.append((index + 1, list(cells) + [""] * (width - len(cells))))
    _fill_merged(rows, sheet.merged_cell_ranges or [], width)
    return RawSheet(name=str(sheet.name), rows=rows, width=width)


def _fill_merged(rows: list[tuple[int, list[Any]]], ranges: Sequence[Any], width: int) -> None:
    """Give each merged range's value to every row it spans, in its first
    column (rows that are empty apart from the merge are left out)."""
    spans = [(r0 + 1, r1 + 1, c0) for (r0, c0), (r1, _c1) in ranges if r1 > r0 and 0 <= c0 < width]
    if not spans:
        return
    by_number = dict(rows)
    for first, last, column in spans:
        top = by_number.get(first)
        if top is None or top[column] in ("", None):
            continue
        value = top[column]
        for number in range(first + 1, last + 1):
            cells = by_number.get(number)  # rows with nothing else stay out
            if cells is not None and cells[column] in ("", None):
                cells[column] = value


# --------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as the text a person sees (numbers without a trailing .0)."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"  # the 15 significant digits Excel keeps and shows
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


# --------------------------------------------------------------------------
# The header
# --------------------------------------------------------------------------

# Exact synonyms after normalisation, with a priority (lower wins when two
# columns give the same field: mobile before landline, where one lives
# before where one is registered).
SYNONYMS: dict[str, tuple[str, int]] = {}


def _synonyms(target: str, prio: int, *names: str) -> None:
    for name in names:
        SYNONYMS[name] = (target, prio)


_synonyms(NAME, 0, "姓名", "名字", "居民姓名", "人员姓名", "成员姓名", "家庭成员姓名", "本人姓名")
_synonyms(NAME, 0, "name", "fullname")
_synonyms(HEAD_NAME, 0, "户主姓名", "户主", "户主名字", "户主名称", "nameofhead", "headname")
_synonyms(
    ID_NUMBER, 0, "身份证号", "公民身份号码", "身份证号码", "身份证", "证件号码", "身份证件号码"
)
_synonyms(ID_NUMBER, 0, "公民身份证号码", "居民身份证号码", "身份证件号", "证件号")
_synonyms(ID_NUMBER, 0, "idnumber", "idno", "id", "residentid", "residentidnumber")
_synonyms(HEAD_ID, 0, "户主身份证号", "户主身份证号码", "户主公民身份号码", "户主证件号码")
_synonyms(PHONE, 0, "联系电话", "手机号码", "电话", "手机", "手机号", "联系方式", "电话号码")
_synonyms(PHONE, 0, "联系手机", "本人电话", "本人联系电话", "phone", "mobile", "tel")
_synonyms(PHONE, 1, "固定电话", "座机", "固话", "家庭电话", "住宅电话", "landline")
_synonyms(ADDRESS, 0, "住址", "家庭住址", "地址", "现住址", "居住地址", "详细地址", "现居住地址")
_synonyms(ADDRESS, 0, "现居地址", "实际居住地址", "居住地", "家庭地址", "门牌地址", "address")
_synonyms(ADDRESS, 1, "户籍地址", "户籍地", "户籍所在地", "户口所在地", "户籍住址")
_synonyms(TAGS, 0, "人员类别", "类别", "标签", "人员类型", "人员标签", "特殊人群类别", "人群类别")
_synonyms(TAGS, 0, "人员属性", "重点人群", "特殊人群", "人群分类", "户类别", "家庭类别", "户类型")
_synonyms(TAGS, 0, "户籍类别", "救助类别", "tags", "category", "categories")
_synonyms(RELATION, 0, "与户主关系", "关系", "与户主的关系", "家庭关系", "与户主关系名称")
_synonyms(RELATION, 0, "relation", "relationtohead", "relationship")
_synonyms(GRID, 0, "所属网格", "网格", "网格名称", "网格编号", "网格编码", "所在网格", "grid")
_synonyms(GRID, 0, "gridcode", "网格代码")
_synonyms(HOUSEHOLD_NO, 0, "户号", "户编号", "户籍编号", "家庭编号", "householdno", "household")
_synonyms(BIRTH_DATE, 0, "出生日期", "出生年月", "出生年月日", "生日", "birthdate", "dateofbirth")
_synonyms(GENDER, 0, "性别", "gender", "sex")
_synonyms(ETHNICITY, 0, "民族", "ethnicity")
_synonyms(NOTE, 0, "备注", "说明", "note", "notes", "remark", "remarks")
_synonyms(SEQ, 0, "序号", "编号", "no", "序", "#")
_synonyms(
    ADDRESS_PART, 0, "小区", "小区名称", "小区名", "楼栋", "楼栋号", "栋", "栋号", "楼号", "幢"
)
_synonyms(ADDRESS_PART, 0, "单元", "单元号", "门牌号", "门牌", "门牌号码", "房号", "房间号", "室")
_synonyms(ADDRESS_PART, 0, "户室号", "村民小组", "组", "组别", "街路巷", "路街巷")
# The unit a number in an address-part column stands for (3 → 3栋).
PART_UNITS: tuple[tuple[str, str], ...] = (
    ("单元", "单元"),
    ("栋", "栋"),
    ("幢", "幢"),
    ("楼", "栋"),
    ("组", "组"),
    ("室", "室"),
    ("房", "室"),
    ("门牌", "号"),
)

# Keywords, tried in order when no synonym matches. Headers about someone
# else (guardian, emergency contact, employer) never give a person's field.
_ABOUT_OTHERS = ("监护", "紧急", "联系人", "亲属", "家属", "子女", "单位", "代理", "帮扶", "网格员")
_KEYWORDS: tuple[tuple[tuple[str, ...], tuple[str, ...], str, int], ...] = (
    # (all of, any of, field, priority)
    (("户主",), ("身份证", "证件", "身份号码"), HEAD_ID, 0),
    ((), ("身份证", "证件号", "身份号码"), ID_NUMBER, 0),
    (("户主",), ("姓名", "名字", "名称"), HEAD_NAME, 0),
    ((), ("与户主", "关系"), RELATION, 0),
    ((), ("户号", "户编号"), HOUSEHOLD_NO, 0),
    ((), ("网格",), GRID, 0),
    ((), ("出生", "生日"), BIRTH_DATE, 0),
    ((), ("性别",), GENDER, 0),
    ((), ("民族",), ETHNICITY, 0),
    ((), ("固定电话", "座机", "固话"), PHONE, 1),
    ((), ("电话", "手机", "联系方式"), PHONE, 0),
    ((), ("户籍地", "户口"), ADDRESS, 1),
    ((), ("住址", "地址", "住所", "居住地"), ADDRESS, 0),
    ((), ("类别", "标签", "类型", "人群", "属性"), TAGS, 0),
    ((), ("姓名", "名字"), NAME, 0),
    ((), ("备注",), NOTE, 0),
)
_BRACKETS = re.compile(r"[（(\[【〔［][^）)\]】〕］]*[）)\]】〕］]?")
_HEADER_JUNK = re.compile(r"[\s*＊★☆※:：.。·、_\-—]+")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _BRACKETS.sub("", text)
    return _HEADER_JUNK.sub("", text).lower()


def header_field(text: str) -> tuple[str, int] | None:
    """The roster field a header cell names, with its priority, or None."""
    key = _header_key(text)
    if not key or len(key) > 20:
        return None
    found = SYNONYMS.get(key)
    if found is not None:
        return found
    if any(word in key for word in _ABOUT_OTHERS):
        return None
    for all_of, any_of, target, prio in _KEYWORDS:
        if all(w in key for w in all_of) and any(w in key for w in any_of):
            return target, prio
    return None


@dataclass
class Header:
    """Where a sheet's header is and which column holds which field."""

    rows: tuple[int, ...]  # Excel row numbers of the header (1 or 2 rows)
    labels: list[str]  # each column's header text ("" if none)
    columns: dict[str, list[int]] = field(default_factory=dict)  # field → columns, best first
    ignored: list[str] = field(default_factory=list)  # header texts not imported
    household_roster: bool = False  # one row a household: the name is the head's
    flag_words: dict[int, str] = field(default_factory=dict)  # FLAG column → its category
    part_units: dict[int, str] = field(default_factory=dict)  # ADDRESS_PART column → unit
    first: dict[str, int] = field(default_factory=dict)  # field → its best column

    def column(self, name: str) -> int | None:
        return self.first.get(name)


def _row_fields(
    cells: Sequence[Any], is_tag: Callable[[str], bool] | None = None
) -> dict[int, tuple[str, int]]:
    out: dict[int, tuple[str, int]] = {}
    for col, value in enumerate(cells):
        if isinstance(value, str) and value.strip():
            found = header_field(value)
            if found is None and is_tag is not None:
                word = flag_word(value)
                if word and is_tag(word):
                    found = (FLAG, 0)
            if found is not None:
                out[col] = found
    return out


def flag_word(text: str) -> str:
    """The category a header names, without 是否 (是否低保户 → 低保户)."""
    key = _header_key(text)
    return key[2:] if key.startswith("是否") else key


def _score(found: dict[int, tuple[str, int]]) -> int:
    return len({f for f, _p in found.values() if f != SEQ})


def _has_core(names: set[str]) -> bool:
    return bool(names & {NAME, HEAD_NAME}) and bool(names & _CORE)


_CORE = frozenset({ID_NUMBER, ADDRESS, PHONE, RELATION, HEAD_ID, HOUSEHOLD_NO, TAGS, BIRTH_DATE})
_CORE |= {ADDRESS_PART, FLAG}


def find_header(sheet: RawSheet, is_tag: Callable[[str], bool] | None = None) -> Header | None:
    """The sheet's header, or None when no row in the first rows looks like one.
    ``is_tag`` tells whether a header text names a category (a flag column)."""
    scan = sheet.rows[:HEADER_SCAN]
    best: tuple[int, int] | None = None  # (score, index into scan)
    found_by_index: dict[int, dict[int, tuple[str, int]]] = {}
    for index, (_number, cells) in enumerate(scan):
        found = _row_fields(cells, is_tag)
        found_by_index[index] = found
        names = {f for f, _p in found.values()}
        if not _has_core(names):
            continue
        score = _score(found)
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        return None
    index = best[1]
    number, cells = scan[index]
    merged: dict[int, tuple[str, int]] = dict(found_by_index[index])
    labels = [cell_text(c) for c in cells] + [""] * (sheet.width - len(cells))
    rows = [number]
    # A two-row header: sub-headers under merged group headings (or headings
    # above, when the best row is the lower one) fill the columns left empty.
    for other in (index + 1, index - 1):
        if not 0 <= other < len(scan) or abs(scan[other][0] - number) != 1:
            continue
        extra = found_by_index[other]
        taken = {f for f, _p in merged.values()}
        added = {
            col: fp
            for col, fp in extra.items()
            if col not in merged and (fp[0] not in taken or fp[0] in MULTI)
        }
        other_cells = scan[other][1]
        if other > index:
            # The row below is a header row if all its non-empty cells are headers.
            texts = [col for col, v in enumerate(other_cells) if cell_text(v)]
            if not added or any(col not in extra for col in texts):
                continue
        elif not added:
            continue
        merged.update(added)
        for col in added:
            labels[col] = cell_text(other_cells[col])
        rows.append(scan[other][0])
    header = Header(rows=tuple(sorted(rows)), labels=labels)
    ordered = sorted(merged.items(), key=lambda item: (item[1][1], item[0]))
    for col, (name, _prio) in ordered:
        if name == SEQ:
            continue
        have = header.columns.setdefault(name, [])
        if have and name not in MULTI:
            header.ignored.append(labels[col])
            continue
        have.append(col)
    for col, label in enumerate(labels):
        if label and col not in merged:
            header.ignored.append(label)
    if NAME not in header.columns and HEAD_NAME in header.columns:
        # "户主姓名" without a person's name column: a household roster.
        header.columns[NAME] = header.columns.pop(HEAD_NAME)
        header.household_roster = RELATION not in header.columns and HEAD_ID not in header.columns
    header.first = {name: cols[0] for name, cols in header.columns.items() if cols}
    for col in header.columns.get(FLAG, []):
        header.flag_words[col] = flag_word(labels[col])
    for col in header.columns.get(ADDRESS_PART, []):
        label = _header_key(labels[col])
        header.part_units[col] = next((unit for word, unit in PART_UNITS if word in label), "")
    return header
