"""Roster import from Excel: realistic rosters, verdicts and reasons, dry run,
idempotence, error report, bad files, the command line, and a fuzz test."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from luzsong_grid.domain.validation import make_resident_id
from luzsong_grid.excel import roster
from luzsong_grid.excel.roster import RosterPlan, Verdict
from luzsong_grid.i18n import UserError
from luzsong_grid.store import bulk, services
from luzsong_grid.store.db import Actor, Store
from luzsong_grid.store.models import Household, Person
from tests.conftest import Territory, add_household, resident_id

Rows = Sequence[Sequence[Any]]

HEAD = resident_id(date(1950, 3, 2), 1, "M")
WIFE = resident_id(date(1952, 5, 6), 2, "F")
SON = resident_id(date(1980, 1, 1), 3, "M")
LOST = resident_id(date(1950, 10, 11), 4, "M")  # typed into a number cell by Excel
OLD = resident_id(date(1938, 7, 15), 5, "F")
GRANDSON = resident_id(date(2010, 2, 3), 6, "M")


def write_book(
    path: Path,
    sheets: dict[str, Rows],
    merges: dict[str, Sequence[str]] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for area in (merges or {}).get(name, ()):
            sheet.merge_cells(area)
    book.save(path)
    return path


def table_counts(store: Store) -> dict[str, int]:
    conn = store.raw()
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "household",
                "person",
                "person_tag",
                "household_tag",
                "outbox",
                "audit_log",
                "search_doc",
            )
        }
    finally:
        conn.close()


def db_bytes(store: Store) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        file = Path(str(store.path) + suffix)
        if file.exists():
            digest.update(file.read_bytes())
    return digest.hexdigest()


def reasons(plan: RosterPlan, lang: str = "en") -> dict[tuple[str, int], str]:
    return {(r.sheet, r.row): r.reason_text(lang) for r in plan.rows if r.reasons or r.notes}


def verdicts(plan: RosterPlan) -> dict[tuple[str, int], str]:
    return {(r.sheet, r.row): r.verdict.value for r in plan.rows}


# --------------------------------------------------------------------------
# A roster as offices keep them
# --------------------------------------------------------------------------

HEADER = ["序号", "姓名", "公民身份号码", "与户主关系", "手机号码", "家庭住址", "人员类别"]
HEADER += ["出生日期", "所属网格"]


def office_roster(tmp_path: Path, territory: Territory) -> Path:
    """Two sheets of the kind offices send, with every habit in the brief."""
    first = [
        ["学堂冲社区第一网格居民花名册（2026年）"],  # merged title
        ["填报单位：学堂冲社区", None, None, None, None, None, "填报日期：2026年11月"],
        HEADER,
        [
            "",
            "（必填）",
            "18位，文本格式",
            "户主、配偶、子、女…",
            "",
            "",
            "多个用、分隔",
            "格式：1950-03-02",
            "",
        ],
        # household 1: head, wife (ID with spaces), son (no ID, Excel date)
        [
            1,
            "张  三",
            HEAD,
            "户主",
            "13812345678",
            "学堂冲路1号",
            "低保户、残疾人",
            "1950.3.2",
            territory.grid_a1,
        ],
        [
            2,
            "李四",
            f"{WIFE[:6]} {WIFE[6:14]} {WIFE[14:]}",
            "妻",
            13912345678.0,
            "",
            "",
            "",
            territory.grid_a1,
        ],
        [3, "张小三", "", "长子", "", "", "", datetime(1980, 1, 1), territory.grid_a1],
        [],  # a blank row between households
        # household 2: the head's ID lost its digits to Excel; the member cannot be placed
        [4, "王五", float(LOST), "户主", "", "学堂冲路2号", "", "", territory.grid_a1],
        [5, "王小五", "", "子", "", "", "", "1990/03/02", territory.grid_a1],
        # household 3: full-width digits, dates as text in Chinese
        [
            6,
            "赵六",
            OLD.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            "本人",
            "0731-2888 1234",
            "学堂冲路3号",
            "独居老人；高龄老人",
            "1938年7月15日",
            "",
        ],
        [7, "赵小六", GRANDSON, "孙子", "", "", "留守儿童", "2010/02/03", ""],
        # problems
        [8, "张三", HEAD, "户主", "", "学堂冲路1号", "", "", territory.grid_a1],  # duplicate
        [9, "钱七", "", "户主", "1381234", "学堂冲路4号", "", "", territory.grid_a1],  # phone
        [10, "孙八", "", "户主", "", "学堂冲路5号", "低保户、会员", "", territory.grid_a1],
        [
            11,
            "周九",
            resident_id(date(1970, 1, 1), 7, "M"),
            "户主",
            "",
            "学堂冲路6号",
            "",
            "1971-01-01",
            territory.grid_a1,
        ],  # birth date differs from the ID's
        ["合计", "", "11人"],
        ["制表人：网格员一", None, None, None, "审核人：社区专干"],
    ]
    second = [
        ["公园社区第一网格"],
        ["名字", "身份证号码", "电话", "地址", "标签", "关系", "网格"],
        [
            "吴十",
            resident_id(date(1960, 6, 6), 8, "F"),
            "",
            "公园路8号",
            "空巢老人",
            "户主",
            "公园第一网格",
        ],
        ["郑十一", "", "", "公园路9号", "", "户主", "没有这个网格"],
        ["冯十二", "", "", "", "", "配偶", "公园第一网格"],
    ]
    notes = [["填表说明"], ["1. 身份证号请设置为文本格式。"], ["2. 人员类别可填多个。"]]
    return write_book(
        tmp_path / "花名册.xlsx",
        {"第一网格": first, "第二网格": second, "填表说明": notes},
        merges={"第一网格": ["A1:I1"]},
    )


def test_office_roster_verdicts_and_reasons(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)

    assert plan.kind == "xlsx"
    first, second, notes = plan.sheets
    assert first.header_rows == (3,)
    assert first.columns["id_number"] == "公民身份号码"
    assert second.header_rows == (2,)
    assert second.columns == {
        "name": "名字",
        "id_number": "身份证号码",
        "phone": "电话",
        "address": "地址",
        "tags": "标签",
        "relation": "关系",
        "grid": "网格",
    }
    assert notes.header_rows == ()
    assert [w.text("en") for w in plan.warnings] == [
        "Sheet “填表说明” was skipped: it has no header with a name column (姓名)."
    ]
    assert verdicts(plan) == {
        ("第一网格", 4): "skipped",  # the explanation row
        ("第一网格", 5): "new",
        ("第一网格", 6): "new",
        ("第一网格", 7): "new",
        ("第一网格", 9): "error",
        ("第一网格", 10): "error",
        ("第一网格", 11): "new",
        ("第一网格", 12): "new",
        ("第一网格", 13): "duplicate",
        ("第一网格", 14): "error",
        ("第一网格", 15): "error",
        ("第一网格", 16): "error",
        ("第一网格", 17): "skipped",  # 合计
        ("第一网格", 18): "skipped",  # 制表人
        ("第二网格", 3): "new",
        ("第二网格", 4): "error",
        ("第二网格", 5): "error",
    }
    assert plan.counts() == {
        "new": 6,
        "update": 0,
        "unchanged": 0,
        "duplicate": 1,
        "error": 7,
        "skipped": 3,
    }
    assert plan.households_new == 3
    # 残疾人, 独居老人, 高龄老人, 留守儿童, 空巢老人 on persons; 低保户 on household 1
    assert plan.person_tags_new == 5
    assert plan.household_tags_new == 1
    got = reasons(plan)
    assert got[("第一网格", 9)] == (
        "ID number: This ID number was stored by Excel as a number and has lost its last "
        "digits. Format the cell as Text and type the number again."
    )
    assert got[("第一网格", 10)] == (
        "The head of this household (row 9) was rejected, so this row cannot be placed."
    )
    assert got[("第一网格", 13)] == "The same ID number is already on row 5 of sheet “第一网格”."
    assert got[("第一网格", 14)] == "Phone: A mobile number has 11 digits; this one has 7."
    assert got[("第一网格", 15)].startswith("Categories: Unknown categories: 会员.")
    assert got[("第一网格", 16)] == (
        "Birth date: The birth date differs from the one in the ID number (1970-01-01)."
    )
    assert got[("第一网格", 17)] == "A totals row, not a person."
    assert (
        got[("第二网格", 4)] == "Grid: “没有这个网格” is neither the code nor the name of a grid."
    )
    # 冯十二 has no address and the head above was rejected
    assert got[("第二网格", 5)] == (
        "The head of this household (row 4) was rejected, so this row cannot be placed."
    )
    assert plan.rows[4].reason_text("zh_CN").startswith("身份证号：")


def test_office_roster_apply_then_again(store: Store, territory: Territory, tmp_path: Path) -> None:
    path = office_roster(tmp_path, territory)
    # the office (the command line's system actor): the second sheet's grid
    # is in another community, which community staff could not import into
    before = table_counts(store)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    assert table_counts(store) == before
    result = roster.apply(store, plan)
    assert result.persons_new == 6
    assert result.households_new == 3
    after = table_counts(store)
    assert after["person"] == before["person"] + 6
    assert after["household"] == before["household"] + 3
    assert after["person_tag"] == before["person_tag"] + 5
    assert after["household_tag"] == before["household_tag"] + 1
    written = 6 + 3 + 5 + 1
    assert after["outbox"] == before["outbox"] + written
    assert after["audit_log"] == before["audit_log"] + written
    assert after["search_doc"] == before["search_doc"] + 6 + 3

    with store.session(actor=territory.system) as s:
        zhang = s.exec(select(Person).where(Person.id_number == HEAD)).one()
        assert zhang.name == "张三"  # the padding spaces are gone
        assert zhang.relation == "head"
        household = s.get(Household, zhang.household_id)
        assert household is not None
        assert household.head_person_id == zhang.id
        assert household.address == "学堂冲路1号"
        members = s.exec(select(Person).where(Person.household_id == household.id)).all()
        assert sorted(p.name for p in members) == ["张三", "张小三", "李四"]
        son = next(p for p in members if p.name == "张小三")
        assert (son.id_number, son.birth_date, son.relation) == ("", date(1980, 1, 1), "son")
        wife = next(p for p in members if p.name == "李四")
        assert (wife.id_number, wife.phone, wife.gender) == (WIFE, "13912345678", "F")
        zhao = s.exec(select(Person).where(Person.id_number == OLD)).one()
        assert zhao.phone == "073128881234"
        assert zhao.grid_code == territory.grid_a1  # the default grid

    plan2 = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    assert plan2.counts()["new"] == 0
    assert plan2.counts()["update"] == 0
    assert plan2.counts()["unchanged"] == 6
    assert plan2.households_new == plan2.person_tags_new == plan2.household_tags_new == 0
    again = roster.apply(store, plan2)
    assert again.persons_new == again.persons_updated == again.households_new == 0
    assert table_counts(store) == after


def test_outbox_and_audit_of_imported_rows(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "s": [
                ["姓名", "身份证号", "联系电话", "住址", "人员类别"],
                ["张三", HEAD, "13812345678", "学堂冲路1号", "残疾人"],
            ]
        },
    )
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.grid == territory.grid_a1  # w1's only grid
    roster.apply(store, plan)
    conn = store.raw()
    try:
        rows = conn.execute(
            "SELECT o.table_name, o.kind, o.fields, o.account_id, a.action, a.changes "
            "FROM outbox o JOIN audit_log a ON a.row_id = o.row_id AND a.hlc = o.hlc "
            "ORDER BY o.seq"
        ).fetchall()
    finally:
        conn.close()
    tables = [r[0] for r in rows[-3:]]
    assert tables == ["household", "person", "person_tag"]
    person = rows[-2]
    fields = json.loads(person[2])
    assert fields["id_number"] == HEAD
    assert fields["phone"] == "13812345678"
    assert person[3] == territory.w1.account_id
    audit = json.loads(person[5])
    assert audit["id_number"] == HEAD[:6] + "********" + HEAD[-4:]
    assert audit["phone"] == "138****5678"
    assert person[4] == "insert"


# --------------------------------------------------------------------------
# The bulk path writes what the tracking hook writes
# --------------------------------------------------------------------------


def _last_ops(
    store: Store, table: str, count: int
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    conn = store.raw()
    try:
        rows = conn.execute(
            "SELECT o.kind, o.fields, a.changes, o.base_version FROM outbox o "
            "JOIN audit_log a ON a.row_id = o.row_id AND a.hlc = o.hlc "
            "WHERE o.table_name = ? ORDER BY o.seq DESC LIMIT ?",
            (table, count),
        ).fetchall()
    finally:
        conn.close()
    return [(k, json.loads(f), json.loads(c)) for k, f, c, _b in rows[::-1]]


def _strip(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v
        for k, v in values.items()
        if k not in ("id", "household_id", "created_at", "updated_at", "id_number", "name")
    }


def test_bulk_insert_and_patch_match_the_tracking_hook(store: Store, territory: Territory) -> None:
    household, _members = add_household(store, territory.w1, territory.grid_a1, "学堂冲路9号")
    with store.session(actor=territory.w1) as s:
        orm_person = services.create_person(
            session=s,
            household_id=household.id,
            data=services.PersonIn(name="甲", id_number=HEAD, phone="13812345678", relation="head"),
        )
    with store.session(actor=territory.w1) as s:
        bulk.insert_new(
            s,
            Person,
            [
                {
                    "household_id": household.id,
                    "grid_code": territory.grid_a1,
                    "name": "乙",
                    "id_number": WIFE,
                    "gender": "F",
                    "birth_date": date(1952, 5, 6),
                    "phone": "13812345678",
                    "relation": "head",
                }
            ],
        )
    (kind_a, fields_a, audit_a), (kind_b, fields_b, audit_b) = _last_ops(store, "person", 2)
    assert kind_a == kind_b == "insert"
    assert set(fields_a) == set(fields_b)
    assert _strip(fields_a) == {**_strip(fields_b), "gender": "M", "birth_date": "1950-03-02"}
    assert audit_a["phone"] == audit_b["phone"] == "138****5678"
    assert audit_b["id_number"] == WIFE[:6] + "********" + WIFE[-4:]
    assert set(audit_a) == set(audit_b)

    # a patch: ORM and bulk leave the same op
    with store.session(actor=territory.w1) as s:
        services.update_person(
            session=s, person_id=orm_person.id, patch=services.PersonPatch(phone="13900000000")
        )
    with store.session(actor=territory.w1) as s:
        row = s.exec(select(Person).where(Person.id_number == WIFE)).one()
        bulk.patch_rows(
            s,
            Person,
            [bulk.Patch(row.id, row.version, row.field_hlc, {"phone": (row.phone, "13900000000")})],
        )
    (kind_a, fields_a, audit_a), (kind_b, fields_b, audit_b) = _last_ops(store, "person", 2)
    assert kind_a == kind_b == "patch"
    assert fields_a == fields_b == {"phone": "13900000000"}
    assert audit_a == audit_b == {"phone": ["138****5678", "139****0000"]}
    with store.session(actor=territory.w1) as s:
        a = s.get(Person, orm_person.id)
        b = s.exec(select(Person).where(Person.id_number == WIFE)).one()
        assert a is not None
        assert (a.version, b.version) == (2, 2)
        assert set(json.loads(a.field_hlc or "{}")) == set(json.loads(b.field_hlc or "{}"))


# --------------------------------------------------------------------------
# Dry run, updates, the error report
# --------------------------------------------------------------------------


def test_preview_writes_nothing(store: Store, territory: Territory, tmp_path: Path) -> None:
    path = office_roster(tmp_path, territory)
    store.close()  # the checkpoint on close leaves a stable file to compare
    from luzsong_grid.store.db import open_store

    reopened = open_store(store.path)
    try:
        before_bytes, before = db_bytes(reopened), table_counts(reopened)
        plan = roster.preview(reopened, path, actor=territory.system, grid=territory.grid_a1)
        assert plan.changes == 6
        assert db_bytes(reopened) == before_bytes
        assert table_counts(reopened) == before
    finally:
        reopened.close()


def test_changed_phone_relation_and_new_tag_are_an_update(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    header = ["姓名", "身份证号", "与户主关系", "联系电话", "住址", "人员类别"]
    rows = [
        header,
        ["张三", HEAD, "户主", "13812345678", "学堂冲路1号", "低保户"],
        ["李四", WIFE, "配偶", "", "", ""],
    ]
    path = write_book(tmp_path / "a.xlsx", {"s": rows})
    roster.apply(store, roster.preview(store, path, actor=territory.w1))
    rows[1][3] = "13900001111"
    rows[1][5] = "低保户、残疾人"
    rows[2][2] = "其他"
    path = write_book(tmp_path / "b.xlsx", {"s": rows})
    outbox = table_counts(store)["outbox"]
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.counts()["update"] == 2
    assert [r.changes for r in plan.rows] == [("phone", "tag:disabled"), ("relation",)]
    result = roster.apply(store, plan)
    assert (result.persons_updated, result.person_tags_new) == (2, 1)
    assert table_counts(store)["outbox"] == outbox + 3  # two patches and a tag
    with store.session(actor=territory.w1) as s:
        zhang = s.exec(select(Person).where(Person.id_number == HEAD)).one()
        assert zhang.phone == "13900001111"
        assert zhang.version == 2
    # an empty cell never clears a value; the phone is found by search
    conn = store.raw()
    try:
        from luzsong_grid import search

        hits = search.search(conn, "13900001111")
        assert [h.name for h in hits] == ["张三"]
    finally:
        conn.close()


def test_id_number_of_someone_else_is_an_error(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    add_household(store, territory.w1, territory.grid_a1, "学堂冲路1号", [("张三", HEAD)])
    add_household(store, territory.w2, territory.grid_b1, "公园路1号", [("王五", WIFE)])
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "s": [
                ["姓名", "身份证号", "住址", "与户主关系"],
                ["张叁", HEAD, "学堂冲路1号", "户主"],
                ["王五", WIFE, "学堂冲路7号", "户主"],
            ]
        },
    )
    plan = roster.preview(store, path, actor=territory.w1)
    assert reasons(plan) == {
        ("s", 2): "ID number: This ID number is registered for 张三, not 张叁: check the ID "
        "number and the name.",
        ("s", 3): "ID number: This ID number is registered in grid 430203002002001, which is "
        "not one of your grids.",
    }
    assert plan.counts()["error"] == 2


def test_error_report_lists_every_rejected_row(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    report = tmp_path / "errors.xlsx"
    assert roster.write_error_report(plan, report, lang="en") == 8
    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["第一网格", "第二网格"]
    sheet = book["第一网格"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Row in the roster", "Import verdict", "Reason for rejection", *HEADER)
    assert [r[0] for r in rows[1:]] == [9, 10, 13, 14, 15, 16]
    assert rows[1][1] == "Rejected"
    assert rows[1][2].startswith("ID number: This ID number was stored by Excel as a number")
    assert rows[1][3:5] == ("4", "王五")
    assert rows[1][5].startswith(LOST[:12]) or rows[1][5].startswith("4.302031950101")
    assert rows[1][5].endswith("e+17")  # as Excel had it: the last digits are gone
    assert rows[3][1:3] == (
        "Duplicate in the file",
        "The same ID number is already on row 5 of sheet “第一网格”.",
    )
    assert [r[0] for r in list(book["第二网格"].iter_rows(values_only=True))[1:]] == [4, 5]

    zh = tmp_path / "错误.xlsx"
    roster.write_error_report(plan, zh, lang="zh_CN")
    rows = list(openpyxl.load_workbook(zh)["第一网格"].iter_rows(values_only=True))
    assert rows[0][:3] == ("原行号", "导入结果", "未导入原因")
    assert rows[1][2].startswith("身份证号：")


def test_corrected_error_report_imports(store: Store, territory: Territory, tmp_path: Path) -> None:
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    roster.apply(store, plan)
    report = tmp_path / "errors.xlsx"
    roster.write_error_report(plan, report)
    book = openpyxl.load_workbook(report)
    sheet = book["第一网格"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 9:
            row[5].value = LOST  # the ID typed again as text
    book.save(report)
    again = roster.preview(store, report, actor=territory.system, grid=territory.grid_a1)
    fixed = {(r.sheet, r.row): r.verdict.value for r in again.rows}
    assert fixed[("第一网格", 2)] == "new"  # 王五, now with his ID
    assert fixed[("第一网格", 3)] == "new"  # 王小五, under him
    assert fixed[("第一网格", 4)] == "unchanged"  # the duplicate of 张三 is registered now


def test_report_file_in_use(store: Store, territory: Territory, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)

    def locked(self: Any, filename: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(openpyxl.Workbook, "save", locked)
    with pytest.raises(UserError) as caught:
        roster.write_error_report(plan, tmp_path / "errors.xlsx")
    assert "another program" in caught.value.localized("en")


# --------------------------------------------------------------------------
# How rows find their household
# --------------------------------------------------------------------------


def _households(store: Store) -> dict[str, list[tuple[str, str]]]:
    """address → [(name, relation)] of every live household, head first."""
    conn = store.raw()
    try:
        rows = conn.execute(
            "SELECT h.address, p.name, p.relation, h.head_person_id = p.id FROM household h "
            "JOIN person p ON p.household_id = h.id WHERE h.deleted = 0 "
            "ORDER BY h.rowid, h.head_person_id = p.id DESC, p.rowid"
        ).fetchall()
    finally:
        conn.close()
    out: dict[str, list[tuple[str, str]]] = {}
    for address, name, relation, _head in rows:
        out.setdefault(address, []).append((name, relation))
    return out


def test_household_roster_every_row_is_a_head(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = write_book(
        tmp_path / "户.xlsx",
        {
            "低保户名册": [
                ["学堂冲社区低保户花名册"],
                ["序号", "户主姓名", "身份证号码", "联系电话", "家庭住址", "户类别", "备注"],
                [1, "张三", HEAD, "13812345678", "学堂冲路1号", "低保户", ""],
                [2, "赵六", OLD, "", "学堂冲路3号", "低保户、五保户", "独居"],
                [3, "无名氏", "", "", "学堂冲路5号", "", ""],
            ]
        },
    )
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.sheets[0].household_roster
    assert plan.counts()["new"] == 3
    roster.apply(store, plan)
    assert _households(store) == {
        "学堂冲路1号": [("张三", "head")],
        "学堂冲路3号": [("赵六", "head")],
        "学堂冲路5号": [("无名氏", "head")],
    }
    counts = table_counts(store)
    assert counts["household_tag"] == 2  # 低保户 twice
    assert counts["person_tag"] == 1  # 五保户/特困供养 on 赵六


def test_household_number_and_head_id_group_rows(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "户号": [
                ["户号", "姓名", "身份证号", "与户主关系", "住址"],
                ["H001", "张三", HEAD, "户主", "学堂冲路1号"],
                ["H002", "赵六", OLD, "户主", "学堂冲路3号"],
                ["H001", "李四", WIFE, "配偶", ""],  # after another household
            ],
            "户主身份证": [
                ["姓名", "身份证号", "户主身份证号", "住址"],
                ["张小三", SON, HEAD, ""],  # the head is on the other sheet
                ["孙子", GRANDSON, LOST, ""],  # the head comes later
                ["王五", LOST, LOST, "学堂冲路2号"],
            ],
        },
    )
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.counts()["new"] == 6, reasons(plan)
    roster.apply(store, plan)
    assert _households(store) == {
        "学堂冲路1号": [("张三", "head"), ("李四", "spouse"), ("张小三", "")],
        "学堂冲路3号": [("赵六", "head")],
        "学堂冲路2号": [("王五", "head"), ("孙子", "")],
    }
    with store.session(actor=territory.w1) as s:
        numbers = {h.household_no for h in s.exec(select(Household)).all()}
    assert numbers == {"H001", "H002", ""}


def test_members_join_by_address_and_heads_split_households(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    add_household(store, territory.w1, territory.grid_a1, "学堂冲路8号", [("老住户", OLD)])
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "s": [
                ["姓名", "身份证号", "与户主关系", "住址"],
                ["张三", HEAD, "户主", "学堂冲路1号"],
                ["李四", WIFE, "配偶", "学堂冲路 1 号"],  # the same address, spaced
                ["王五", LOST, "户主", "学堂冲路1号"],  # a second household at that address
                ["王小五", GRANDSON, "子", ""],
                ["新成员", SON, "子", "学堂冲路8号"],  # joins the registered household
                ["无户主", "", "女", "学堂冲路9号"],  # a new household without a head
            ]
        },
    )
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.counts()["new"] == 6
    assert plan.households_new == 3
    roster.apply(store, plan)
    got = _households(store)
    assert got["学堂冲路8号"] == [("老住户", "head"), ("新成员", "son")]
    assert got["学堂冲路9号"] == [("无户主", "daughter")]
    conn = store.raw()
    try:
        split = conn.execute(
            "SELECT count(*) FROM household WHERE address = '学堂冲路1号'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert split == 2


def test_rows_without_id_numbers(store: Store, territory: Territory, tmp_path: Path) -> None:
    rows = [
        ["姓名", "身份证号", "与户主关系", "住址", "出生日期", "性别"],
        ["张三", "", "户主", "学堂冲路1号", "1950-03-02", "男"],
        ["张小妹", "", "女", "", "2001.12.3", "女"],
        ["张小妹", "", "女", "学堂冲路1号", "2001年12月3日", "女"],  # the same person
        ["张小妹", "", "女", "学堂冲路1号", "2003-01-01", "女"],  # a namesake
        ["某某", "", "", "", "", ""],  # no address, no head above on this grid? yes: 张三
        ["错性别", "", "子", "", "", "公"],
        ["错日期", "", "子", "", "1950-13-01", ""],
    ]
    path = write_book(tmp_path / "r.xlsx", {"s": rows})
    plan = roster.preview(store, path, actor=territory.w1)
    assert verdicts(plan) == {
        ("s", 2): "new",
        ("s", 3): "new",
        ("s", 4): "duplicate",
        ("s", 5): "new",
        ("s", 6): "new",
        ("s", 7): "error",
        ("s", 8): "error",
    }
    got = reasons(plan)
    assert got[("s", 4)] == (
        "The same person (name, address and birth date) is already on row 3 of sheet “s”."
    )
    assert got[("s", 7)] == "Gender: “公” is not a gender (男 or 女)."
    assert got[("s", 8)].startswith("Birth date: “1950-13-01” is not a date")
    roster.apply(store, plan)
    again = roster.preview(store, path, actor=territory.w1)
    assert again.counts()["unchanged"] == 4
    assert again.counts()["new"] == 0


def test_grid_column_code_name_default_and_scope(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "s": [
                ["姓名", "身份证号", "住址", "所属网格", "与户主关系"],
                ["甲", HEAD, "学堂冲路1号", territory.grid_a1, "户主"],
                ["乙", WIFE, "学堂冲路2号", "学堂冲第二网格", "户主"],
                ["丙", OLD, "公园路1号", "公园社区公园第一网格", "户主"],
                ["丁", SON, "学堂冲路3号", "", "户主"],
                ["戊", GRANDSON, "学堂冲路4号", 430203002001002, "户主"],
            ]
        },
    )
    # staff: no default grid (two grids in 学堂冲社区); another community's grid is refused
    plan = roster.preview(store, path, actor=territory.staff1)
    assert plan.grid is None
    assert verdicts(plan) == {
        ("s", 2): "new",
        ("s", 3): "new",
        ("s", 4): "error",
        ("s", 5): "error",
        ("s", 6): "new",
    }
    assert reasons(plan)[("s", 4)] == (
        "Grid: Grid 430203002002001 is outside 学堂冲社区, the area of your account: "
        "you may import only into its grids."
    )
    assert reasons(plan)[("s", 5)] == (
        "Grid: No grid: fill in 所属网格, or choose the grid for the whole file."
    )
    plan = roster.preview(store, path, actor=territory.staff1, grid="学堂冲第二网格")
    assert plan.grid == territory.grid_a2
    assert plan.counts()["new"] == 4
    # an administrator: every grid
    with store.session(actor=territory.system) as s:
        admin = services.create_account(
            session=s, username="boss", display_name="管理员", role="admin", scope_code=""
        )
    boss = Actor(account_id=admin.id, device_id=store.device_id, role="admin")
    plan = roster.preview(store, path, actor=boss, grid="学堂冲第二网格")
    assert plan.counts()["new"] == 5
    # a worker: only the worker's grid; that grid is the default
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.grid == territory.grid_a1
    assert [r.verdict.value for r in plan.rows] == ["new", "error", "error", "new", "error"]
    assert reasons(plan)[("s", 3)] == (
        "Grid: Grid 430203002001002 is not one of your grids; you cannot change its records."
    )
    with pytest.raises(UserError) as caught:
        roster.preview(store, path, actor=territory.w1, grid=territory.grid_b1)
    assert "not one of your grids" in caught.value.localized("en")
    with pytest.raises(UserError) as caught:
        roster.preview(store, path, actor=territory.w1, grid="火星网格")
    assert caught.value.localized("en") == "“火星网格” is neither the code nor the name of a grid."


def test_staff_import_only_into_their_community(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "s": [
                ["姓名", "身份证号", "住址", "所属网格", "与户主关系"],
                ["甲", HEAD, "学堂冲路1号", "学堂冲第一网格", "户主"],
                ["乙", WIFE, "公园路2号", "公园第一网格", "户主"],
                ["丙", OLD, "公园路3号", territory.grid_b1, "户主"],
            ]
        },
    )
    plan = roster.preview(store, path, actor=territory.staff1)
    assert [r.verdict.value for r in plan.rows] == ["new", "error", "error"]
    zh = reasons(plan, "zh_CN")[("s", 3)]
    assert "430203002002001" in zh, zh
    assert "学堂冲社区" in zh, zh
    assert "outside 学堂冲社区" in reasons(plan)[("s", 4)]
    # the rows of another community are not written
    before = table_counts(store)
    result = roster.apply(store, plan)
    assert result.persons_new == 1
    assert table_counts(store)["person"] == before["person"] + 1
    with store.session(actor=territory.system) as s:
        grids = set(s.exec(select(Person.grid_code)).all())
    assert grids == {territory.grid_a1}
    # a default grid outside the community is refused for the whole file
    with pytest.raises(UserError) as caught:
        roster.preview(store, path, actor=territory.staff1, grid=territory.grid_b1)
    assert "outside 学堂冲社区" in caught.value.localized("en")
    # a person already registered in another community cannot be updated from here
    add_household(store, territory.system, territory.grid_b1, "公园路9号", [("丁", SON)])
    path2 = write_book(
        tmp_path / "r2.xlsx",
        {"s": [["姓名", "身份证号", "住址", "联系电话"], ["丁", SON, "", "13812345678"]]},
    )
    plan = roster.preview(store, path2, actor=territory.staff1, grid=territory.grid_a1)
    assert [r.verdict.value for r in plan.rows] == ["error"]
    assert "430203002002001" in reasons(plan)[("s", 2)]


def test_supervisors_cannot_import(store: Store, territory: Territory, tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "r.xlsx",
        {"s": [["姓名", "身份证号", "住址", "与户主关系"], ["甲", HEAD, "学堂冲路1号", "户主"]]},
    )
    for grid in (None, territory.grid_a1):
        with pytest.raises(UserError) as caught:
            roster.preview(store, path, actor=territory.sup, grid=grid)
        assert caught.value.localized("en").startswith("Supervisors read and export records")
        assert "督导" in caught.value.localized("zh_CN")
    # a plan made by someone else cannot be applied as a supervisor either
    plan = roster.preview(store, path, actor=territory.staff1, grid=territory.grid_a1)
    plan.actor = territory.sup
    before = table_counts(store)
    with pytest.raises(UserError):
        roster.apply(store, plan)
    assert table_counts(store) == before


def test_merged_cells_and_a_two_row_header(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    rows = [
        ["学堂冲社区人口信息表"],
        ["序号", "户主信息", None, "家庭成员", None, None, "居住地址", "联系方式", None],
        [None, "户主姓名", "户主身份证号", "姓名", "身份证号", "与户主关系", None, "手机", "固话"],
        [1, "张三", HEAD, "张三", HEAD, "户主", "学堂冲路1号", "", "28881234"],
        [2, None, None, "李四", WIFE, "妻子", None, "13912345678", ""],
        [3, None, None, "张小三", SON, "儿子", None, "", ""],
        [4, "赵六", OLD, "赵六", OLD, "户主", "学堂冲路3号", "", ""],
    ]
    merges = ["A1:I1", "B2:C2", "D2:F2", "H2:I2", "A2:A3", "G2:G3", "B4:B6", "C4:C6", "G4:G6"]
    path = write_book(tmp_path / "r.xlsx", {"s": rows}, merges={"s": merges})
    plan = roster.preview(store, path, actor=territory.w1)
    info = plan.sheets[0]
    assert info.header_rows == (3,)  # the group headings above are a title
    assert info.columns["address"] == "居住地址"
    assert info.columns["phone"] == "手机"
    assert info.columns["head_id"] == "户主身份证号"
    assert plan.counts()["new"] == 4, reasons(plan)
    roster.apply(store, plan)
    assert _households(store) == {
        "学堂冲路1号": [("张三", "head"), ("李四", "spouse"), ("张小三", "son")],
        "学堂冲路3号": [("赵六", "head")],
    }
    with store.session(actor=territory.w1) as s:
        zhang = s.exec(select(Person).where(Person.id_number == HEAD)).one()
        assert zhang.phone == "073128881234"  # the landline, as the mobile is empty


def test_header_rows_repeated_and_example_rows(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    header = ["姓名", "身份证号", "住址", "与户主关系"]
    rows = [
        header,
        ["示例", "430203195001011234", "某某路1号", "户主"],
        ["张三", HEAD, "学堂冲路1号", "户主"],
        header,  # printed again on the next page
        ["赵六", OLD, "学堂冲路3号", "户主"],
        ["第二部分：新迁入"],  # a heading in the first column
        ["说明：以上数据截至2026年10月"],
    ]
    path = write_book(tmp_path / "r.xlsx", {"s": rows})
    plan = roster.preview(store, path, actor=territory.w1)
    assert verdicts(plan) == {
        ("s", 2): "skipped",
        ("s", 3): "new",
        ("s", 5): "new",
        ("s", 6): "skipped",
        ("s", 7): "skipped",
    }


# --------------------------------------------------------------------------
# Files that cannot be imported
# --------------------------------------------------------------------------


def _simple(tmp_path: Path, name: str = "r.xlsx") -> Path:
    return write_book(
        tmp_path / name,
        {"s": [["姓名", "身份证号", "住址", "与户主关系"], ["张三", HEAD, "学堂冲路1号", "户主"]]},
    )


def _refused(store: Store, territory: Territory, path: Path) -> str:
    before = table_counts(store)
    with pytest.raises(UserError) as caught:
        roster.preview(store, path, actor=territory.w1)
    assert table_counts(store) == before
    return caught.value.localized("en")


def test_not_an_excel_file(store: Store, territory: Territory, tmp_path: Path) -> None:
    csv = tmp_path / "roster.xlsx"
    csv.write_text("姓名,身份证号\n张三,430203195001011234\n", encoding="utf-8")
    assert _refused(store, territory, csv).endswith(
        "is not an Excel file (.xlsx or .xls). If it is a CSV or a web page, open it in Excel "
        "or WPS and save it as .xlsx. Nothing was imported."
    )
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "is not an Excel file" in _refused(store, territory, empty)
    import zipfile

    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "is not an Excel file" in _refused(store, territory, docx)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_simple(tmp_path).read_bytes()[:3000])
    assert "cannot be read (it may be damaged)" in _refused(store, territory, broken)
    assert _refused(store, territory, tmp_path / "missing.xlsx").startswith("There is no file")
    assert "is a folder" in _refused(store, territory, tmp_path)


def test_password_protected_file(store: Store, territory: Territory, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _simple(tmp_path)
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    message = _refused(store, territory, locked)
    assert message.endswith(
        "is protected with a password. Open it in Excel or WPS, remove the password "
        "(File › Info › Protect Workbook) and save it, then import it again. Nothing was imported."
    )


def test_file_open_in_another_program(
    store: Store, territory: Territory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _simple(tmp_path)
    (tmp_path / ("~$" + path.name)).write_bytes(b"owner")
    plan = roster.preview(store, path, actor=territory.w1)
    assert [w.text("en") for w in plan.warnings] == [
        "The file seems to be open in another program: changes not yet saved there are not "
        "in this import."
    ]
    real = Path.read_bytes

    def locked(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "The process cannot access the file")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    message = _refused(store, territory, path)
    assert message.startswith(f"The file {path} cannot be opened: another program")
    assert "locked" not in message


def test_no_recognisable_header(store: Store, territory: Territory, tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "r.xlsx",
        {
            "统计": [["项目", "数量"], ["户数", 120], ["人数", 350]],
            "空表": [],
        },
    )
    message = _refused(store, territory, path)
    assert message.startswith(f"No sheet of {path} has a header this app recognises")


def test_old_xls_files_are_read(store: Store, territory: Territory, tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("花名册")
    rows = [
        ["学堂冲社区花名册"],
        ["姓名", "身份证号", "与户主关系", "住址", "出生日期"],
        ["张三", HEAD, "户主", "学堂冲路1号", date(1950, 3, 2)],
        ["李四", float(WIFE), "配偶", "", ""],
    ]
    dated = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(r, c, value, dated)
            else:
                sheet.write(r, c, value)
    path = tmp_path / "old.xls"
    book.save(str(path))
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.kind == "xls"
    assert verdicts(plan) == {("花名册", 3): "new", ("花名册", 4): "error"}
    assert "stored by Excel as a number" in reasons(plan)[("花名册", 4)]


# --------------------------------------------------------------------------
# Apply: one transaction, cancel, progress, stale previews
# --------------------------------------------------------------------------


def test_cancel_writes_nothing_and_progress_is_reported(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = office_roster(tmp_path, territory)
    seen: list[tuple[str, int, int]] = []
    plan = roster.preview(
        store,
        path,
        actor=territory.system,
        grid=territory.grid_a1,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert {stage for stage, _d, _t in seen} == {"read", "check"}
    before = table_counts(store)
    calls = 0

    def cancel_midway() -> bool:
        nonlocal calls
        calls += 1
        return calls > 4  # after the persons are written, before the commit

    with pytest.raises(roster.ImportCancelled):
        roster.apply(store, plan, cancel=cancel_midway)
    assert table_counts(store) == before
    assert not plan.applied
    stages: list[tuple[str, int, int]] = []
    roster.apply(store, plan, progress=lambda *a: stages.append(a))
    assert stages[-1] == ("write", 7, 7)
    with pytest.raises(UserError) as caught:
        roster.apply(store, plan)
    assert caught.value.localized("en") == "This preview has already been imported."


def test_cancel_during_preview(store: Store, territory: Territory, tmp_path: Path) -> None:
    path = office_roster(tmp_path, territory)
    with pytest.raises(roster.ImportCancelled) as caught:
        roster.preview(store, path, actor=territory.w1, cancel=lambda: True)
    assert caught.value.localized("zh_CN") == "导入已取消，未写入任何数据。"


def test_a_failure_inside_apply_leaves_nothing(
    store: Store, territory: Territory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    before = table_counts(store)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(bulk, "start_search_docs", broken)
    with pytest.raises(sqlite3.OperationalError):
        roster.apply(store, plan)
    assert table_counts(store) == before


def test_a_failure_while_the_search_index_is_fed_leaves_nothing(
    store: Store, territory: Territory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FTS indexes are fed in a helper thread while the rows are made
    ready: its error reaches the caller and the import is rolled back, the
    search triggers included."""
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    before = table_counts(store)
    triggers = _rows_of(store, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
    monkeypatch.setattr(bulk, "BULK_SEARCH_MIN", 1)  # the small roster takes the bulk path
    real = bulk._fts_feeds

    def failing(conn: sqlite3.Connection) -> list[str]:
        feeds = real(conn)
        return [feeds[0], feeds[1].replace("FROM search_doc", "FROM no_such_table")]

    monkeypatch.setattr(bulk, "_fts_feeds", failing)
    from luzsong_grid.store.db import OPERATIONAL_ERRORS

    with pytest.raises(OPERATIONAL_ERRORS, match="no_such_table"):
        roster.apply(store, plan)
    assert table_counts(store) == before
    assert _rows_of(store, "SELECT name FROM sqlite_master WHERE type = 'trigger'") == triggers
    assert not [t for t in __import__("threading").enumerate() if t.name == "search-feed"]

    # Without the failure the same plan imports, and its people are found.
    monkeypatch.setattr(bulk, "_fts_feeds", real)
    result = roster.apply(store, plan)
    assert result.persons_new > 0
    number = next(p["id_number"] for p in plan.ops.persons if p["id_number"])
    found = _rows_of(
        store,
        "SELECT d.ref_id FROM search_tri JOIN search_doc d ON d.rowid = search_tri.rowid "
        "WHERE search_tri MATCH ?",
        f'"{number[6:14]}"',
    )
    person = next(p["id"] for p in plan.ops.persons if p["id_number"] == number)
    assert (person,) in found


def _rows_of(store: Store, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = store.raw()
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_records_saved_after_the_preview(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    path = office_roster(tmp_path, territory)
    plan = roster.preview(store, path, actor=territory.system, grid=territory.grid_a1)
    # an unrelated change: the rows are checked again and the preview still holds
    add_household(store, territory.w1, territory.grid_a1, "别处路1号", [("别人", SON)])
    roster.apply(store, plan)
    assert table_counts(store)["person"] == 7

    rows = [["姓名", "身份证号", "住址", "与户主关系"], ["钱七", LOST, "学堂冲路7号", "户主"]]
    plan = roster.preview(store, write_book(tmp_path / "b.xlsx", {"s": rows}), actor=territory.w1)
    assert plan.changes == 1
    # meanwhile someone registers 钱七: the preview no longer holds
    add_household(store, territory.w1, territory.grid_a1, "学堂冲路7号", [("钱七", LOST)])
    before = table_counts(store)
    with pytest.raises(UserError) as caught:
        roster.apply(store, plan)
    assert caught.value.localized("en").startswith("Records were saved since the preview")
    assert table_counts(store) == before


def test_imported_people_are_found_by_search(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    from luzsong_grid import search

    header = ["姓名", "身份证号", "与户主关系", "住址", "联系电话"]
    rows: list[list[Any]] = [header]
    for n in range(600):  # enough for the one-pass index path
        born = date(1940 + n % 60, 1 + n % 12, 1 + n % 28)
        rows.append(
            [
                f"居民{chr(19968 + n)}",
                resident_id(born, n % 100, "MF"[n % 2]),
                "户主",
                f"学堂冲路{n}号",
                f"139{n:08d}",
            ]
        )
    rows.append(["欧阳娜娜", resident_id(date(1990, 1, 1), 1, "F"), "户主", "沿河路8号", ""])
    path = write_book(tmp_path / "r.xlsx", {"s": rows})
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.counts()["new"] == 601
    roster.apply(store, plan)
    conn = store.raw(readonly=False)
    try:
        assert [h.name for h in search.search(conn, "欧阳娜娜")] == ["欧阳娜娜"]
        assert [h.name for h in search.search(conn, "oynn")][:1] == ["欧阳娜娜"]
        assert [h.name for h in search.search(conn, "13900000599")] == [f"居民{chr(0x4E00 + 599)}"]
        assert [h.kind for h in search.search(conn, "沿河路8号")] == ["household"]
        for table in ("search_tri", "search_short"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        triggers = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc'"
        ).fetchone()[0]
        assert triggers == 3
    finally:
        conn.close()


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


def _cli(data_dir: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "luzsong_grid", "--data-dir", str(data_dir), "--lang", lang, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    from luzsong_grid import paths
    from luzsong_grid.store.db import open_store
    from tests.conftest import make_territory

    folder = tmp_path / "data"
    opened = open_store(folder / paths.DB_FILENAME)
    try:
        make_territory(opened)
    finally:
        opened.close()
    return folder


def test_cli_dry_run_report_then_import(data_dir: Path, tmp_path: Path) -> None:
    path = office_roster(tmp_path, _territory_codes())
    report = tmp_path / "errors.xlsx"
    done = _cli(data_dir, "import", "households", str(path), "--grid", "学堂冲第一网格",
                "--dry-run", "--report", str(report))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        f"{path}: 17 rows: 6 new, 0 updated, 0 already registered, 1 duplicates, 7 errors, "
        "3 skipped; 3 new households."
    )
    assert lines[1].startswith("Sheet “第一网格”, row 9 (Rejected): ID number: This ID number")
    assert lines[-2] == f"Rejected rows and their reasons: {report}"
    assert lines[-1] == "Dry run: nothing was written."
    assert done.stderr.startswith("Sheet “填表说明” was skipped")
    assert [r[0] for r in openpyxl.load_workbook(report)["第一网格"].iter_rows(values_only=True)][
        1:
    ] == [9, 10, 13, 14, 15, 16]

    done = _cli(data_dir, "import", "households", str(path), "--grid", "430203002001001")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "Imported: 6 new persons, 0 persons updated, 3 new households, 6 categories added."
    )
    done = _cli(data_dir, "import", "households", str(path), "--grid", "430203002001001",
                "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["counts"]["new"] == 0
    assert out["counts"]["unchanged"] == 6
    assert out["written"] is None
    row9 = next(r for r in out["rows"] if r["row"] == 9 and r["sheet"] == "第一网格")
    assert row9["verdict"] == "error"


def _territory_codes() -> Territory:
    """The territory fixture's grid codes, for files made before the fixture runs."""
    return Territory(
        street="430203002",
        community_a="430203002001",
        community_b="430203002002",
        grid_a1="430203002001001",
        grid_a2="430203002001002",
        grid_b1="430203002002001",
        system=Actor.system("x"),
        w1=Actor.system("x"),
        w2=Actor.system("x"),
        staff1=Actor.system("x"),
        sup=Actor.system("x"),
    )


def test_cli_exit_codes_and_messages(data_dir: Path, tmp_path: Path) -> None:
    rejected = write_book(
        tmp_path / "bad.xlsx",
        {"s": [["姓名", "身份证号", "住址"], ["张三", float(HEAD), "学堂冲路1号"]]},
    )
    done = _cli(data_dir, "import", "households", str(rejected), "--grid", "430203002001001")
    assert done.returncode == 1
    assert done.stderr.strip() == "Nothing could be imported."
    assert "Traceback" not in done.stdout + done.stderr

    text = tmp_path / "roster.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    done = _cli(data_dir, "import", "households", str(text), lang="zh_CN")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        f"{text} 不是 Excel 文件（.xlsx 或 .xls）。如果是 CSV 或网页文件，请用 Excel 或 WPS "
        "打开后另存为 .xlsx。未导入任何数据。"
    )
    done = _cli(data_dir, "import", "households", str(rejected), "--grid", "没有")
    assert done.returncode == 2
    assert done.stderr.strip() == "“没有” is neither the code nor the name of a grid."


# --------------------------------------------------------------------------
# Fuzz: random workbooks, broken cells, wrong types
# --------------------------------------------------------------------------

FUZZ_IDS = [
    HEAD,
    WIFE,
    SON,
    OLD,
    GRANDSON,
    LOST,
    make_resident_id("110105", date(1949, 12, 31), 0, "F"),
]
FUZZ_HEADERS = [
    "姓名",
    "户主姓名",
    "身份证号",
    "公民身份号码",
    "联系电话",
    "家庭住址",
    "人员类别",
    "与户主关系",
    "所属网格",
    "户号",
    "出生日期",
    "性别",
    "户主身份证号",
    "备注",
    "序号",
    "其他信息",
]
WORDS = [
    "",
    " ",
    "户主",
    "本人",
    "配偶",
    "长子",
    "侄子",
    "朋友",
    "低保户",
    "残疾人、独居老人",
    "五保户/特困供养",
    "会员",
    "无",
    "合计",
    "示例",
    "学堂冲路1号",
    "学堂冲路 1 号",
    "公园路9号",
    "430203002001001",
    "学堂冲第一网格",
    "公园第一网格",
    "1950.3.2",
    "1950年3月2日",
    "1950/03/02",
    "2099-01-01",
    "1950.13.40",
    "男",
    "女",
    "138 1234 5678",
    "13812345678/13912345678",
    "12345",
    "张三",
    "李  四",
    "王5",
    "=1+1",
    "#N/A",
    "（必填）",
]
CELLS = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.sampled_from(FUZZ_IDS),
    st.sampled_from(FUZZ_IDS).map(float),
    st.sampled_from(FUZZ_IDS).map(lambda n: f"{n[:6]} {n[6:]}"),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=12),
)


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    sheets: dict[str, list[list[Any]]] = {}
    for n in range(draw(st.integers(1, 2))):
        width = draw(st.integers(2, 8))
        rows: list[list[Any]] = []
        for _ in range(draw(st.integers(0, 2))):  # titles and notes above the header
            rows.append([draw(CELLS)] + [None] * (width - 1))
        if draw(st.booleans()) or n == 0:
            names = draw(
                st.lists(st.sampled_from(FUZZ_HEADERS), min_size=width - 1, max_size=width - 1)
            )
            rows.append([draw(st.sampled_from(["姓名", "户主姓名"])), *names])
        for _ in range(draw(st.integers(0, 12))):
            rows.append([draw(CELLS) for _ in range(width)])
        sheets[f"表{n + 1}"] = rows
    return sheets


EXCEL_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"}


def _data_rows(path: Path, plan: RosterPlan) -> set[tuple[str, int]]:
    """Rows under each header found with something in a column the header maps."""
    book = openpyxl.load_workbook(path, data_only=True)
    out: set[tuple[str, int]] = set()
    for info in plan.sheets:
        if not info.header_rows:
            continue
        mapped = [c for cols in info.positions.values() for c in cols]
        for number, row in enumerate(book[info.name].iter_rows(values_only=True), 1):
            if number <= max(info.header_rows):
                continue
            # Cells holding an Excel error (#N/A …) read as empty.
            texts = [str(v).strip() if v is not None and v not in EXCEL_ERRORS else "" for v in row]
            if any(c < len(texts) and texts[c] for c in mapped):
                out.add((info.name, number))
    return out


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sheets=workbooks(), stop_at=st.integers(0, 9), worker=st.booleans())
def test_fuzz_random_workbooks(
    store: Store,
    territory: Territory,
    tmp_path_factory: pytest.TempPathFactory,
    sheets: dict[str, list[list[Any]]],
    stop_at: int,
    worker: bool,
) -> None:
    path = write_book(tmp_path_factory.mktemp("fuzz") / "r.xlsx", sheets)
    actor = territory.w1 if worker else territory.staff1
    try:
        plan = roster.preview(store, path, actor=actor, grid=territory.grid_a1)
    except UserError as exc:
        message = exc.localized("en")
        assert message, "a UserError says what is wrong"
        return
    seen = {(r.sheet, r.row) for r in plan.rows}
    assert _data_rows(path, plan) <= seen
    for row in plan.rows:
        assert row.verdict in Verdict
        if row.verdict in roster.REJECTED or row.verdict == Verdict.SKIPPED:
            assert row.reasons, row
            assert row.reason_text("en")
            assert row.reason_text("zh_CN")
        else:
            assert row.data is not None
    before = table_counts(store)
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > stop_at

    try:
        result = roster.apply(store, plan, cancel=cancel if stop_at < 9 else None)
    except roster.ImportCancelled:
        assert table_counts(store) == before
        return
    after = table_counts(store)
    assert (
        after["person"]
        == before["person"] + plan.counts()["new"]
        == (before["person"] + result.persons_new)
    )
    assert after["household"] == before["household"] + plan.households_new
    again = roster.preview(store, path, actor=actor, grid=territory.grid_a1)
    assert again.counts()["new"] == 0, reasons(again)
    assert again.changes == 0, [(r.row, r.changes) for r in again.rows if r.changes]


def test_bulk_stamps_count_up_and_move_the_clock() -> None:
    from luzsong_grid.hlc import MAX_COUNTER, HybridClock

    clock = HybridClock("dev", wall=lambda: 1_000)
    stamps = bulk._stamps(clock, MAX_COUNTER + 10)  # across a full counter
    assert len(set(stamps)) == len(stamps) == MAX_COUNTER + 10
    assert stamps == sorted(stamps)
    assert stamps[0] == "0000000001000-00000-dev"
    assert stamps[-1] == "0000000001001-00008-dev"
    assert clock.now() > stamps[-1]
    assert bulk._stamps(clock, 0) == []


def test_bulk_ids_are_uuid7_in_order() -> None:
    import uuid

    ids = bulk.new_ids(5000)
    assert len(set(ids)) == 5000
    assert ids == sorted(ids)
    for value in (ids[0], ids[4097], ids[-1]):
        parsed = uuid.UUID(value)
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122


def test_category_columns_address_parts_and_empty_marks(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    rows = [
        ["特殊人群台账"],
        [
            "姓名",
            "身份证号",
            "与户主关系",
            "小区",
            "楼栋",
            "单元",
            "房号",
            "手机",
            "是否低保",
            "残疾人",
            "独居老人",
            "是否会员",
        ],
        ["张三", f"'{HEAD}", "户主", "学堂冲小区", 3, 2, 301, "无", "是", "二级", "", "是"],
        ["张小三", "暂无", "子", "", "", "", "", "/", "是", "否", "×", ""],
        ["赵六", OLD, "户主", "学堂冲小区", "5栋", "1单元", "102室", "", "", "", "√", ""],
    ]
    path = write_book(tmp_path / "r.xlsx", {"s": rows})
    plan = roster.preview(store, path, actor=territory.w1)
    info = plan.sheets[0]
    assert info.positions["address_part"] == [3, 4, 5, 6]
    assert info.positions["flag"] == [8, 9, 10]
    assert "是否会员" in info.ignored  # not a category of this database
    assert plan.counts()["new"] == 3, reasons(plan)
    roster.apply(store, plan)
    assert _households(store) == {
        "学堂冲小区3栋2单元301室": [("张三", "head"), ("张小三", "son")],
        "学堂冲小区5栋1单元102室": [("赵六", "head")],
    }
    conn = store.raw()
    try:
        person_tags = conn.execute(
            "SELECT p.name, t.tag_code FROM person_tag t JOIN person p ON p.id = t.person_id "
            "ORDER BY p.name, t.tag_code"
        ).fetchall()
        household_tags = conn.execute("SELECT tag_code FROM household_tag").fetchall()
    finally:
        conn.close()
    assert person_tags == [("张三", "disabled"), ("赵六", "living_alone_elderly")]
    assert household_tags == [("low_income",)]


def test_a_category_column_of_another_kind_is_left_out(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    rows = [
        ["学堂冲社区城市低保花名册"],
        ["序号", "街道", "社区", "户主姓名", "身份证号码", "保障人数", "家庭住址", "类别"],
        [1, "建设街道", "学堂冲社区", "张三", HEAD, 2, "学堂冲路1号", "A类"],
        [2, "建设街道", "学堂冲社区", "赵六", OLD, 1, "学堂冲路3号", "B类"],
        [3, "建设街道", "学堂冲社区", "王五", LOST, 1, "学堂冲路2号", "低保户"],
        ["合计", "", "", "", "", 4, "", ""],
    ]
    path = write_book(tmp_path / "低保.xlsx", {"低保": rows})
    plan = roster.preview(store, path, actor=territory.w1)
    assert [w.text("en") for w in plan.warnings] == [
        "Column “类别” of sheet “低保” was not imported: most of its values (A类、B类) are not "
        "categories of the tag list."
    ]
    assert "类别" in plan.sheets[0].ignored
    assert plan.counts()["new"] == 3
    assert plan.household_tags_new == plan.person_tags_new == 0


def test_remarks_in_names_and_relation_variants(
    store: Store, territory: Territory, tmp_path: Path
) -> None:
    rows = [
        ["姓名", "身份证号", "与户主关系", "住址", "备注"],
        ["张三（户主）", HEAD, "户主", "学堂冲路1号", ""],
        ["李四(已故)", WIFE, "户主之妻", "", "2025年去世"],
        ["张小三【已迁出】", SON, "户主之子", "", ""],
        ["孙媳", GRANDSON, "孙媳妇", "", ""],
    ]
    path = write_book(tmp_path / "r.xlsx", {"s": rows})
    plan = roster.preview(store, path, actor=territory.w1)
    assert plan.counts()["new"] == 4, reasons(plan)
    roster.apply(store, plan)
    with store.session(actor=territory.w1) as s:
        people = {p.name: p for p in s.exec(select(Person)).all()}
    assert sorted(people) == ["孙媳", "张三", "张小三", "李四"]
    assert (people["李四"].deceased, people["李四"].relation) == (True, "spouse")
    assert people["李四"].note == "已故；2025年去世"
    assert (people["张小三"].moved_out, people["张小三"].relation) == (True, "son")
    assert people["张三"].note == "户主"
    assert people["孙媳"].relation == "other"


def test_a_large_import_is_checkpointed_after_its_commit_not_during_it(
    store: Store, territory: Territory
) -> None:
    import threading

    rows = [
        {"grid_code": territory.grid_a1, "address": f"学堂冲路{n}号", "household_no": ""}
        for n in range(3000)
    ]
    seen: dict[str, int] = {}
    size = Path(store.path).stat().st_size
    with store.session(actor=territory.w1) as s:
        conn = bulk.raw_connection(s)
        (before,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
        bulk.checkpoint_in_background(s)
        seen["during"] = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        bulk.insert_new(s, Household, rows)
    # No checkpoint on the committing connection; the background thread
    # copies the WAL into the database file, and the setting is back.
    assert seen["during"] == 0
    for thread in threading.enumerate():
        if thread.name == "wal-checkpoint":
            thread.join(timeout=30)
    assert Path(store.path).stat().st_size > size + 1000 * 4096
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == before

    # A rolled-back transaction gets the setting back too, and starts no thread.
    with pytest.raises(RuntimeError), store.session(actor=territory.w1) as s:
        conn = bulk.raw_connection(s)
        bulk.checkpoint_in_background(s)
        bulk.insert_new(s, Household, rows[:10])
        raise RuntimeError("stop")
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == before
    assert not [t for t in threading.enumerate() if t.name == "wal-checkpoint"]
    assert _rows_of(store, "SELECT count(*) FROM household WHERE address = '学堂冲路0号'") == [(1,)]
