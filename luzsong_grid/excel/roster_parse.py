"""One roster row's cells → checked values, or the reasons they are wrong.

Pure functions over the cells and a :class:`Catalog` snapshot (tags,
relations); no database. The rules, as offices write rosters:

* Names lose inner spaces between Chinese characters (张  三 → 张三, the
  habit of padding two-character names); a name with digits is rejected (it
  is usually a shifted column).
* ID numbers go through :func:`~luzsong_grid.domain.validation.parse_resident_id`
  (spaces, full-width digits and a lower-case x are fine). A number cell with
  more than 15 significant digits has lost its last digits to Excel, whatever
  its check character says, and is rejected with the message that says so.
* Phones go through ``validate_phone``; a cell with several numbers
  (``138…/0731…``) keeps the first and notes the rest.
* Dates: Excel dates, or text 1950-03-02, 1950.3.2, 1950年3月2日, 1950/03/02,
  19500302; a year and month (1950.3, 1950年3月) or a year is checked
  against the ID number only. Excel serial numbers are read as dates. With
  an ID number, a birth date or gender that disagrees with it is an error.
* Categories (人员类别): names of the tag catalogue, their parts (五保户/特困供养
  → 五保户, 特困供养), common synonyms (:data:`TAG_SYNONYMS`) and the same
  words without 户/人员/对象/家庭/患者; several per cell, separated by
  、,;， / | or spaces; remarks in brackets are dropped (残疾人（二级）).
  无, 否, 一般, 普通, 其他, - and / mean none. Tags that apply to households go
  to the household, the others to the person. An unknown word rejects the
  row (it would be lost otherwise).
* Relations: catalogue names and common variants (:data:`RELATION_SYNONYMS`:
  本人 → 户主, 妻 → 配偶, 长子 → 子, 侄子 → 其他 …); anything else rejects the row.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from luzsong_grid.domain.validation import parse_resident_id, validate_phone
from luzsong_grid.excel import roster_read as rr
from luzsong_grid.excel.roster_read import Header, cell_text
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, translate
from luzsong_grid.store.services import (
    MSG_BIRTH_MISMATCH,
    MSG_FUTURE,
    MSG_GENDER_MISMATCH,
    MSG_REQUIRED,
    MSG_TOO_LONG,
)
from luzsong_grid.textkeys import normalize

__all__ = ["Catalog", "Reason", "RowData", "parse_row"]

# Labels of the roster fields in messages and reports.
FIELD_LABELS: dict[str, str] = {
    rr.NAME: QT_TRANSLATE_NOOP("core", "Name"),
    rr.ID_NUMBER: QT_TRANSLATE_NOOP("core", "ID number"),
    rr.PHONE: QT_TRANSLATE_NOOP("core", "Phone"),
    rr.ADDRESS: QT_TRANSLATE_NOOP("core", "Address"),
    rr.TAGS: QT_TRANSLATE_NOOP("core", "Categories"),
    rr.RELATION: QT_TRANSLATE_NOOP("core", "Relation to the head"),
    rr.GRID: QT_TRANSLATE_NOOP("core", "Grid"),
    rr.HOUSEHOLD_NO: QT_TRANSLATE_NOOP("core", "Household no."),
    rr.BIRTH_DATE: QT_TRANSLATE_NOOP("core", "Birth date"),
    rr.GENDER: QT_TRANSLATE_NOOP("core", "Gender"),
    rr.ETHNICITY: QT_TRANSLATE_NOOP("core", "Ethnicity"),
    rr.NOTE: QT_TRANSLATE_NOOP("core", "Note"),
    rr.HEAD_NAME: QT_TRANSLATE_NOOP("core", "Head's name"),
    rr.HEAD_ID: QT_TRANSLATE_NOOP("core", "Head's ID number"),
}

MSG_NAME_DIGITS = QT_TRANSLATE_NOOP(
    "core", "“{text}” contains digits, so it is not a name (is a column shifted?)."
)
MSG_BAD_DATE = QT_TRANSLATE_NOOP(
    "core", "“{text}” is not a date (write 1950-03-02, 1950.3.2, 1950年3月2日 or 1950/03/02)."
)
MSG_BAD_GENDER = QT_TRANSLATE_NOOP("core", "“{text}” is not a gender (男 or 女).")
MSG_UNKNOWN_TAGS = QT_TRANSLATE_NOOP(
    "core",
    "Unknown categories: {names}. Use the names of the tag list (低保户, 残疾人, 独居老人 …), "
    "separated by 、",
)
MSG_UNKNOWN_RELATION = QT_TRANSLATE_NOOP(
    "core",
    "“{text}” is not a relation to the head of household (户主, 配偶, 子, 女, 父亲, 母亲, "
    "孙子, 孙女, 儿媳, 女婿, 兄弟姐妹, 其他).",
)
MSG_MORE_PHONES = QT_TRANSLATE_NOOP(
    "core", "Only the first phone number was taken; the others ({others}) were left out."
)
MSG_SKIP_TOTALS = QT_TRANSLATE_NOOP("core", "A totals row, not a person.")
MSG_SKIP_NOTE = QT_TRANSLATE_NOOP("core", "A note or signature line, not a person.")
MSG_SKIP_EXAMPLE = QT_TRANSLATE_NOOP("core", "An example row of the template, not a person.")
MSG_SKIP_EXPLANATION = QT_TRANSLATE_NOOP("core", "A row explaining the columns, not a person.")
MSG_SKIP_HEADING = QT_TRANSLATE_NOOP(
    "core", "Only one cell is filled in: taken for a heading, not a person."
)

NAME_LIMIT = 60
HEADING_MIN = 12  # a lone cell longer than this in the name column is a heading
ADDRESS_LIMIT = 200
HOUSEHOLD_NO_LIMIT = 40
ETHNICITY_LIMIT = 20
NOTE_LIMIT = 2000


@dataclass(frozen=True)
class Reason:
    """Why a row was rejected or skipped, or a note about it, in any language."""

    message: str  # English source text, marked for translation
    params: tuple[tuple[str, Any], ...] = ()
    field: str = ""  # a roster field (its label is put in front), or ""

    @classmethod
    def of(cls, message: str, field: str = "", **params: Any) -> Reason:
        return cls(message, tuple(params.items()), field)

    @classmethod
    def from_error(cls, exc: UserError, field: str = "") -> Reason:
        return cls(exc.message, tuple(exc.params.items()), field)

    def text(self, lang: str | None = None) -> str:
        body = translate("core", self.message, lang)
        body = body.format(**dict(self.params)) if self.params else body
        if not self.field:
            return body
        label = translate("core", FIELD_LABELS.get(self.field, self.field), lang)
        return f"{label}: {body}" if (lang or _lang()) == "en" else f"{label}：{body}"


def _lang() -> str:
    from luzsong_grid.i18n import current_language

    return current_language()


# --------------------------------------------------------------------------
# Catalogue snapshot: tag and relation names → codes
# --------------------------------------------------------------------------

TAG_SYNONYMS: dict[str, tuple[str, ...]] = {
    "five_guarantee": (
        "五保",
        "特困",
        "特困人员",
        "特困供养人员",
        "分散供养特困人员",
        "集中供养特困人员",
        "特困户",
    ),
    "low_income": ("低保", "城市低保", "农村低保", "最低生活保障", "低保对象", "低保家庭"),
    "poverty_monitoring": ("脱贫", "脱贫户", "监测户", "防返贫监测对象", "监测对象"),
    "disabled": ("残疾", "残疾人员", "持证残疾人", "残障人士"),
    "hardship_family": ("困难户", "困难群众", "低收入家庭"),
    "empty_nest_elderly": ("空巢", "空巢老年人"),
    "living_alone_elderly": ("独居", "独居老年人"),
    "oldest_old": ("高龄", "80岁以上老人", "八十岁以上老人", "高龄老年人"),
    "left_behind_child": ("留守", "农村留守儿童"),
    "child_in_distress": ("困境",),
    "special_family_planning": ("失独", "失独家庭", "计生特殊家庭", "计划生育特殊家庭"),
    "prone_to_wander": ("易走失", "易走失老人", "走失高风险"),
    "community_correction": ("社区矫正对象", "矫正对象", "社区服刑人员"),
    "released_prisoner": ("刑满释放人员", "刑释人员", "刑释解教人员", "安置帮教对象"),
    "drug_user": ("吸毒", "社区戒毒", "社区康复人员", "涉毒人员"),
    "key_petitioner": ("重点上访人员", "上访", "信访重点人员", "重点信访人员"),
    "severe_mental_disorder": ("精神障碍", "严重精神障碍患者", "精神病", "精神病人"),
    "veteran_entitled": ("退役军人", "优抚对象", "军属", "烈属", "复员军人"),
    "party_member_household": ("党员", "党员家庭"),
    "floating_population": ("外来人口", "流动人员", "外来务工人员"),
}
NONE_WORDS = frozenset(
    {"无", "没有", "否", "一般", "普通", "一般人员", "普通人员", "一般居民", "普通居民", "正常"}
    | {"其他", "其它", "-", "/", "—", "--", "0", "none", "n/a", "na", "暂无", "空"}
)
RELATION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "head": ("户主", "本人", "户主本人", "本人户主", "自己", "本户"),
    "spouse": ("配偶", "妻", "妻子", "夫", "丈夫", "之妻", "之夫", "老婆", "老公", "爱人", "夫妻"),
    "son": ("子", "儿子", "长子", "次子", "三子", "四子", "五子", "独生子", "养子", "继子", "之子"),
    "daughter": ("女", "女儿", "长女", "次女", "三女", "四女", "五女", "独生女", "养女", "继女"),
    "father": ("父亲", "父", "爸爸", "继父", "养父"),
    "mother": ("母亲", "母", "妈妈", "继母", "养母"),
    "grandson": ("孙子", "孙", "长孙", "次孙", "外孙", "外孙子"),
    "granddaughter": ("孙女", "外孙女", "长孙女", "次孙女"),
    "daughter_in_law": ("儿媳", "儿媳妇", "媳妇", "之媳", "长媳", "次媳"),
    "son_in_law": ("女婿", "之婿"),
    "sibling": ("兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "兄弟", "姐妹"),
    "other": (
        "其他",
        "其它",
        "祖父",
        "祖母",
        "外祖父",
        "外祖母",
        "公公",
        "婆婆",
        "岳父",
        "岳母",
        "侄子",
        "侄女",
        "外甥",
        "外甥女",
        "叔叔",
        "伯父",
        "姑姑",
        "舅舅",
        "姨",
        "孙媳",
        "孙媳妇",
        "曾孙",
        "曾孙子",
        "曾外孙",
        "重孙",
        "重孙女",
        "子女",
        "外甥女婿",
        "曾孙女",
        "保姆",
        "其他亲属",
        "非亲属",
        "亲属",
        "租户",
        "借住",
    ),
}
_TAG_SUFFIXES = ("人员", "对象", "家庭", "患者", "户", "人")
_TAG_SPLIT = re.compile(r"[、,，;；|｜\s]+")
_BRACKETED = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]?")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _tag_key(text: str) -> str:
    key = _key(_BRACKETED.sub("", text))
    for suffix in _TAG_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


@dataclass
class Catalog:
    """Tags and relations as they are in this database (offices edit them)."""

    tags: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (code, applies_to)
    relations: dict[str, str] = field(default_factory=dict)  # key → code
    _relation_cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    _tag_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Catalog:
        catalog = cls()
        tags = conn.execute(
            "SELECT code, name, name_en, applies_to FROM tag WHERE deleted = 0 ORDER BY sort"
        ).fetchall()
        for code, name, name_en, applies_to in tags:
            names = [code, name, name_en or "", *str(name).split("/")]
            names += TAG_SYNONYMS.get(code, ())
            for text in names:
                for key in (_key(text), _tag_key(text)):
                    if key and key not in NONE_WORDS:
                        catalog.tags.setdefault(key, (str(code), str(applies_to)))
        relations = conn.execute(
            "SELECT code, name, name_en FROM catalog_item "
            "WHERE kind = 'relation' AND deleted = 0 AND active = 1 ORDER BY sort"
        ).fetchall()
        codes = {str(code) for code, _n, _e in relations}
        for code, name, name_en in relations:
            for text in (code, name, name_en or ""):
                if text:
                    catalog.relations.setdefault(_key(text), str(code))
        for code, words in RELATION_SYNONYMS.items():
            if code in codes:
                for word in words:
                    catalog.relations.setdefault(_key(word), code)
        return catalog

    def tag(self, text: str) -> tuple[str, str] | None:
        return self.tags.get(_key(text)) or self.tags.get(_tag_key(text))

    def relation(self, text: str) -> str | None:
        try:
            return self._relation_cache[text]
        except KeyError:
            key = _key(_BRACKETED.sub("", text))
            code = self.relations.get(key)
            for prefix in ("户主之", "户主的", "户主", "之"):  # 户主之子 → 子
                if code is None and key.startswith(prefix) and len(key) > len(prefix):
                    code = self.relations.get(key[len(prefix) :])
            self._relation_cache[text] = code
            return code

    def split_tags(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(person tags, household tags, unknown words) of a category cell."""
        found = self._tag_cache.get(text)
        if found is None:
            found = self._tag_cache[text] = self._split_tags(text)
        return found

    def _split_tags(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        words: list[str] = []
        if self.tag(text) is not None:
            words = [text]
        else:
            for part in _TAG_SPLIT.split(_BRACKETED.sub("", text)):
                if not part:
                    continue
                if self.tag(part) is None and "/" in part:
                    words.extend(p for p in part.split("/") if p)
                else:
                    words.append(part)
        person: list[str] = []
        household: list[str] = []
        unknown: list[str] = []
        for word in words:
            if _key(word) in NONE_WORDS:
                continue
            found = self.tag(word)
            if found is None:
                unknown.append(word)
                continue
            code, applies_to = found
            target = household if applies_to == "household" else person
            if code not in target:
                target.append(code)
        return tuple(person), tuple(household), tuple(unknown)


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------


@dataclass
class RowData:
    """A row's values once checked."""

    name: str = ""
    id_number: str = ""
    gender: str = ""
    birth_date: date | None = None
    phone: str = ""
    address: str = ""
    address_key: str = ""
    relation: str = ""  # catalogue code, or "" when not given
    is_head: bool = False
    person_tags: tuple[str, ...] = ()
    household_tags: tuple[str, ...] = ()
    grid: str = ""  # as written: a grid code or name
    household_no: str = ""
    ethnicity: str = ""
    note: str = ""
    head_name: str = ""
    head_id: str = ""
    deceased: bool = False  # 张三（已故）
    moved_out: bool = False  # 张三（已迁出）


@dataclass
class Parsed:
    """What a row is: data (its values, and its errors if any), skipped or blank."""

    kind: str  # data | skipped | blank
    data: RowData | None = None
    errors: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)


_FOOTER = re.compile(
    r"^(合\s*计|总\s*计|小\s*计|共\s*计|总数|总人数|总户数|统计|共\s*\d|以下空白|本页)"
    r"|^(制表|填表|审核|审批|负责人|填报|签字|签名|签章|盖章|注|说明|备注|联系人|联系电话|日期|单位|报送)"
    r"\s*(人|单位|时间|日期)?\s*[:：]"
)
_TOTALS = re.compile(r"^(合\s*计|总\s*计|小\s*计|共\s*计|总数|总人数|总户数|统计|共\s*\d)")
_EXAMPLES = frozenset({"示例", "例", "样例", "填写示例", "例子", "举例", "范例", "样本"})
_EXPLAIN = re.compile(r"必填|选填|填写|格式|说明|例如|示例|请|可填|多个|分隔|下拉|选择|位数|\d+位")
_LONG_DIGITS = re.compile(r"\d{7,}")
_NON_DIGITS = re.compile(r"\D+")
_NAME_REMARK = re.compile(r"(.+?)\s*[(【\[](.+?)[)】\]]\s*")
DECEASED_WORDS = ("已故", "死亡", "去世", "过世", "病故", "已殁")
MOVED_OUT_WORDS = ("迁出", "外迁", "已迁", "空挂", "搬走", "已搬")
_CJK_SPACES = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_PHONE_SPLIT = re.compile(r"[/、,，;；|｜]+|\s{2,}")
_YMD = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?")
_YMD_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YM = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?")
_Y = re.compile(r"(\d{4})\s*年?")
EXCEL_EPOCH = date(1899, 12, 30)


def _text(texts: Sequence[str], columns: list[int] | None) -> str:
    """The first non-empty cell of the columns given for a field."""
    if not columns:
        return ""
    for col in columns:
        if col < len(texts) and texts[col]:
            return texts[col]
    return ""


def _classify(texts: list[str], header: Header, mapped: list[int]) -> Parsed | None:
    """Blank, repeated-header, totals, note and example rows; None for data."""
    size = len(texts)
    filled = [col for col in mapped if col < size and texts[col]]
    if not filled:
        return Parsed("blank")
    labels = header.labels
    first_col, first = next((col, text) for col, text in enumerate(texts) if text)
    repeated = first_col < len(labels) and first == labels[first_col]
    if repeated and [t for t in texts if t] == [t for t in labels if t]:
        return Parsed("blank")  # the header again (printed on every page)
    id_col = header.first.get(rr.ID_NUMBER)
    name_col = header.first.get(rr.NAME)
    name = texts[name_col] if name_col is not None and name_col < size else ""
    totals = _TOTALS.match(first) or (name and _TOTALS.match(name))
    if totals or _FOOTER.match(first):
        id_text = texts[id_col] if id_col is not None and id_col < size else ""
        if len(_NON_DIGITS.sub("", id_text)) < 15:  # a row with an ID number is a person
            return Parsed(
                "skipped", notes=[Reason.of(MSG_SKIP_TOTALS if totals else MSG_SKIP_NOTE)]
            )
    for text in texts:
        if text and len(text) <= 6 and text.rstrip(":：").strip() in _EXAMPLES:
            return Parsed("skipped", notes=[Reason.of(MSG_SKIP_EXAMPLE)])
    if len(filled) == 1:
        only = texts[filled[0]]
        in_name = filled[0] in (name_col, id_col)
        if not in_name or len(only) > HEADING_MIN or any(c in only for c in ":：（(【"):
            return Parsed("skipped", notes=[Reason.of(MSG_SKIP_HEADING)])
    return None


def is_explanation(cells: Sequence[Any], header: Header) -> bool:
    """A row under the header that explains the columns (必填, 18位, 格式…):
    some cell explains, none holds a long number, and the name cell is empty
    or explains too."""
    texts = [cell_text(c) for c in cells]
    filled = [t for t in texts if t]
    if not filled or any(_LONG_DIGITS.search(t) for t in filled):
        return False
    name_col = header.column(rr.NAME)
    name = texts[name_col] if name_col is not None and name_col < len(texts) else ""
    if name and not (_EXPLAIN.search(name) or name[0] in "（(【[<《"):
        return False
    return any(_EXPLAIN.search(t) for t in filled)


def _name(text: str, errors: list[Reason], field: str) -> str:
    name = unicodedata.normalize("NFKC", text)
    if " " in name or "\u3000" in name or "\t" in name:
        name = _SPACES.sub(" ", _CJK_SPACES.sub("", name)).strip()
    if not name:
        errors.append(Reason.of(MSG_REQUIRED, field))
    elif len(name) > NAME_LIMIT:
        errors.append(Reason.of(MSG_TOO_LONG, field, limit=NAME_LIMIT))
    elif _DIGIT.search(name):
        errors.append(Reason.of(MSG_NAME_DIGITS, field, text=name))
    return name


def _id_number(
    value: Any, errors: list[Reason], field: str, today: date | None = None
) -> tuple[str, date | None, str]:
    """(number, birth date, gender) from an ID cell; ("", None, "") when empty."""
    if isinstance(value, bool):
        value = cell_text(value)
    if isinstance(value, str):
        value = _blank_mark(value)
    if isinstance(value, int | float):
        digits = cell_text(value)
        if isinstance(value, float) and not value.is_integer():
            text = digits
        elif len(digits.lstrip("-")) > 15:
            # Excel keeps 15 significant digits: the rest are gone, whatever
            # the check character says.
            text = f"{float(value):.14E}"
        else:
            text = digits
    else:
        text = cell_text(value)
    if not text:
        return "", None, ""
    try:
        rid = parse_resident_id(text, today=today)
    except UserError as exc:
        errors.append(Reason.from_error(exc, field))
        return "", None, ""
    return rid.number, rid.birth_date, rid.gender


def _phone(text: str, errors: list[Reason], notes: list[Reason]) -> str:
    text = _blank_mark(text)
    if not text:
        return ""
    try:
        return validate_phone(text)
    except UserError as exc:
        parts = [p for p in _PHONE_SPLIT.split(text) if p.strip()]
        if len(parts) > 1:
            try:
                phone = validate_phone(parts[0])
            except UserError:
                pass
            else:
                notes.append(Reason.of(MSG_MORE_PHONES, rr.PHONE, others="、".join(parts[1:])))
                return phone
        errors.append(Reason.from_error(exc, rr.PHONE))
        return ""


def _date_parts(value: Any) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date cell, month/day None when not given;
    None when the value is not a date at all."""
    if isinstance(value, datetime):
        return value.year, value.month, value.day
    if isinstance(value, date):
        return value.year, value.month, value.day
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if 1800 <= value <= 2200:
            if float(value).is_integer():
                return int(value), None, None
            year = int(value)
            return year, round((value - year) * 100), None  # 1950.03 typed as a number
        if 19_000_000 <= value <= 22_001_231 and float(value).is_integer():
            return _date_parts(str(int(value)))
        if 1 <= value < 80_000:  # an Excel serial number in a cell not formatted as a date
            day = EXCEL_EPOCH + timedelta(days=int(value))
            return day.year, day.month, day.day
        return None
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    for pattern, size in ((_YMD, 3), (_YMD_COMPACT, 3), (_YM, 2), (_Y, 1)):
        match = pattern.fullmatch(text)
        if match:
            numbers = [int(g) for g in match.groups()]
            return (
                numbers[0],
                numbers[1] if size > 1 else None,
                numbers[2] if size > 2 else None,
            )
    return None


def _birth(value: Any, from_id: date | None, errors: list[Reason], today: date) -> date | None:
    if isinstance(value, str):
        value = _blank_mark(value)
    if value in ("", None):
        return from_id
    text = cell_text(value)
    parts = _date_parts(value)
    if parts is None:
        errors.append(Reason.of(MSG_BAD_DATE, rr.BIRTH_DATE, text=text))
        return from_id
    year, month, day = parts
    try:
        full = date(year, month, day) if month and day else None
        if month and not 1 <= month <= 12:
            raise ValueError(month)
    except ValueError:
        errors.append(Reason.of(MSG_BAD_DATE, rr.BIRTH_DATE, text=text))
        return from_id
    if from_id is not None:
        given = (year, month or from_id.month, day or from_id.day)
        if given != (from_id.year, from_id.month, from_id.day):
            errors.append(Reason.of(MSG_BIRTH_MISMATCH, rr.BIRTH_DATE, derived=from_id.isoformat()))
        return from_id
    if full is not None and full > today:
        errors.append(Reason.of(MSG_FUTURE, rr.BIRTH_DATE))
        return None
    if full is not None and full.year < 1880:
        errors.append(Reason.of(MSG_BAD_DATE, rr.BIRTH_DATE, text=text))
        return None
    return full


# What offices write in a cell that has nothing to say (a child without an ID
# card, a person without a phone).
EMPTY_MARKS = frozenset(
    {"无", "暂无", "没有", "未办", "未办理", "不详", "未知", "空", "/", "-", "--", "—", "——", "\\"}
)
_QUOTES = "'‘’`\"“”"


def _blank_mark(text: str) -> str:
    """``text`` without surrounding quotes, or "" when it only says "none"."""
    text = text.strip().strip(_QUOTES).strip()
    return "" if text in EMPTY_MARKS else text


_GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F", "男性": "M"}
_GENDERS |= {"女性": "F", "1": "M", "2": "F"}


def _gender(text: str, from_id: str, errors: list[Reason]) -> str:
    if not text:
        return from_id
    gender = _GENDERS.get(_key(text))
    if gender is None:
        errors.append(Reason.of(MSG_BAD_GENDER, rr.GENDER, text=text))
        return from_id
    if from_id and gender != from_id:
        errors.append(Reason.of(MSG_GENDER_MISMATCH, rr.GENDER))
    return from_id or gender


def _limited(text: str, limit: int, field: str, errors: list[Reason]) -> str:
    if len(text) > limit:
        errors.append(Reason.of(MSG_TOO_LONG, field, limit=limit))
    return text


# A flag column (低保户, 是否残疾) holds 是, √, 1 or a remark for yes; these mean no.
NO_MARKS = frozenset(
    {"否", "无", "没有", "不是", "×", "✗", "✘", "x", "0", "n", "no", "false", "-", "/"}
)


def _address_from_parts(texts: Sequence[str], header: Header) -> str:
    """小区, 楼栋, 单元, 房号… joined (3 in a 楼栋 column → 3栋)."""
    parts = []
    for col in header.columns.get(rr.ADDRESS_PART, []):
        text = texts[col] if col < len(texts) else ""
        if text:
            unit = header.part_units.get(col, "")
            parts.append(text + unit if unit and text.isdigit() else text)
    return "".join(parts)


def address_key(address: str) -> str:
    """The form addresses are compared in: letters and digits only, NFKC, lower case."""
    return normalize(address)


def parse_row(
    cells: Sequence[Any],
    header: Header,
    catalog: Catalog,
    *,
    mapped: list[int],
    today: date,
) -> Parsed:
    """Check one row's cells (``mapped``: the columns the header maps)."""
    texts = [c.strip() if type(c) is str else cell_text(c) for c in cells]
    classified = _classify(texts, header, mapped)
    if classified is not None:
        return classified
    errors: list[Reason] = []
    notes: list[Reason] = []
    cols = header.columns
    size = len(cells)
    data = RowData()
    name_text = unicodedata.normalize("NFKC", _text(texts, cols.get(rr.NAME)))
    remark = ""
    found = _NAME_REMARK.fullmatch(name_text)
    if found:  # 张三（已故）: the name, and a remark kept as a note
        name_text, remark = found.group(1), found.group(2).strip()
        data.deceased = any(word in remark for word in DECEASED_WORDS)
        data.moved_out = any(word in remark for word in MOVED_OUT_WORDS)
    data.name = _name(name_text, errors, rr.NAME)
    first = header.first
    id_col = first.get(rr.ID_NUMBER)
    id_value = cells[id_col] if id_col is not None and id_col < size else ""
    data.id_number, from_id, gender = _id_number(id_value, errors, rr.ID_NUMBER, today)
    birth_col = first.get(rr.BIRTH_DATE)
    birth_value = cells[birth_col] if birth_col is not None and birth_col < size else ""
    data.birth_date = _birth(birth_value, from_id, errors, today)
    data.gender = _gender(_text(texts, cols.get(rr.GENDER)), gender, errors)
    data.phone = _phone(_text(texts, cols.get(rr.PHONE)), errors, notes)
    address = _text(texts, cols.get(rr.ADDRESS))
    if not address and rr.ADDRESS_PART in cols:
        address = _address_from_parts(texts, header)
    if address:
        address = _SPACES.sub(" ", unicodedata.normalize("NFKC", address))
        data.address = _limited(address, ADDRESS_LIMIT, rr.ADDRESS, errors)
        data.address_key = address_key(data.address)
    relation_text = _text(texts, cols.get(rr.RELATION))
    if relation_text:
        code = catalog.relation(relation_text)
        if code is None:
            errors.append(Reason.of(MSG_UNKNOWN_RELATION, rr.RELATION, text=relation_text))
        else:
            data.relation = code
    elif header.household_roster:
        data.relation = "head"
    data.is_head = data.relation == "head"
    tag_columns = cols.get(rr.TAGS)
    if tag_columns:
        person_tags: tuple[str, ...] = ()
        household_tags: tuple[str, ...] = ()
        for col in tag_columns:
            text = texts[col] if col < size else ""
            if not text:
                continue
            p, h, unknown = catalog.split_tags(text)
            if unknown:
                errors.append(Reason.of(MSG_UNKNOWN_TAGS, rr.TAGS, names="、".join(unknown)))
            person_tags += tuple(t for t in p if t not in person_tags)
            household_tags += tuple(t for t in h if t not in household_tags)
        data.person_tags, data.household_tags = person_tags, household_tags
    for col, word in header.flag_words.items():
        mark = texts[col] if col < size else ""
        if mark and _key(mark) not in NO_MARKS:
            p, h, _unknown = catalog.split_tags(word)
            data.person_tags += tuple(t for t in p if t not in data.person_tags)
            data.household_tags += tuple(t for t in h if t not in data.household_tags)
    data.grid = _text(texts, cols.get(rr.GRID))
    if rr.HOUSEHOLD_NO in cols:
        data.household_no = _limited(
            _text(texts, cols[rr.HOUSEHOLD_NO]), HOUSEHOLD_NO_LIMIT, rr.HOUSEHOLD_NO, errors
        )
    if rr.ETHNICITY in cols:
        data.ethnicity = _limited(
            _text(texts, cols[rr.ETHNICITY]), ETHNICITY_LIMIT, rr.ETHNICITY, errors
        )
    if rr.NOTE in cols or remark:
        note = "；".join(t for t in (remark, _text(texts, cols.get(rr.NOTE))) if t)
        data.note = _limited(note, NOTE_LIMIT, rr.NOTE, errors)
    if rr.HEAD_NAME in cols:
        data.head_name = _CJK_SPACES.sub("", _text(texts, cols[rr.HEAD_NAME]))
    head_col = first.get(rr.HEAD_ID)
    if head_col is not None and head_col < size:
        data.head_id, _b, _g = _id_number(cells[head_col], errors, rr.HEAD_ID, today)
        if data.head_id and data.head_id == data.id_number:
            data.is_head = True
            if not data.relation:
                data.relation = "head"
    return Parsed("data", data=data, errors=errors, notes=notes)
