"""Local search (luzsong_grid.search) and its keys (luzsong_grid.textkeys),
on a real migrated database filled with raw SQL."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luzsong_grid import search as search_mod
from luzsong_grid.search import (
    DELETE_DOC_SQL,
    DOC_COLUMNS,
    UPSERT_DOC_SQL,
    Hit,
    household_doc,
    person_doc,
    rebuild_index,
    search,
)
from luzsong_grid.store.db import connect_raw, open_store
from luzsong_grid.textkeys import address_grams, digits_key, name_grams, pinyin_keys

STREET = "430203002"
COMMUNITY = "430203002001"
GRID_A = "430203002001001"
GRID_B = "430203002001002"
NOW = "2026-11-27 10:00:00"
SYNC_COLS = "id, version, hlc, field_hlc, deleted, created_at, updated_at"

_ids = itertools.count(1)


def new_id() -> str:
    return f"00000000-0000-7000-8000-{next(_ids):012d}"


def _sync(row_id: str) -> tuple[object, ...]:
    return (row_id, 1, "0000000000000000-0000-test", None, 0, NOW, NOW)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with one street, one community and two grids."""
    path = tmp_path_factory.mktemp("search") / "template.sqlite3"
    open_store(path, seed_catalogs=False).close()
    conn = connect_raw(path)
    conn.execute(
        f"INSERT INTO street({SYNC_COLS}, code, name, name_en, kind, demo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '建设街道', '', 'street', 0)",
        (*_sync(new_id()), STREET),
    )
    conn.execute(
        f"INSERT INTO community({SYNC_COLS}, code, street_code, name, name_en, kind, demo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '学堂冲社区', '', 'community', 0)",
        (*_sync(new_id()), COMMUNITY, STREET),
    )
    for code, name in ((GRID_A, "第一网格"), (GRID_B, "第二网格")):
        conn.execute(
            f"INSERT INTO grid({SYNC_COLS}, code, community_code, name, name_en, demo) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0)",
            (*_sync(new_id()), code, COMMUNITY, name),
        )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


class District:
    """A connection to a copy of the template, with helpers that write a row
    and its search document like the app does."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def household(
        self, address: str, grid: str = GRID_A, household_no: str = "", phone: str = ""
    ) -> str:
        hid = new_id()
        self.conn.execute(
            f"INSERT INTO household({SYNC_COLS}, grid_code, household_no, address, "
            "head_person_id, phone, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, '')",
            (*_sync(hid), grid, household_no, address, phone),
        )
        self.conn.execute(
            UPSERT_DOC_SQL,
            household_doc(
                household_id=hid, grid_code=grid, address=address, household_no=household_no
            ),
        )
        return hid

    def person(
        self,
        name: str,
        household_id: str,
        *,
        id_number: str = "",
        phone: str = "",
        grid: str = GRID_A,
        head: bool = False,
        moved_out: bool = False,
    ) -> str:
        pid = new_id()
        self.conn.execute(
            f"INSERT INTO person({SYNC_COLS}, household_id, grid_code, name, id_number, gender, "
            "birth_date, phone, relation, ethnicity, moved_out, deceased, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', NULL, ?, '', '', ?, 0, '')",
            (*_sync(pid), household_id, grid, name, id_number, phone, int(moved_out)),
        )
        if head:
            self.conn.execute(
                "UPDATE household SET head_person_id = ? WHERE id = ?", (pid, household_id)
            )
        self.conn.execute(
            UPSERT_DOC_SQL,
            person_doc(
                person_id=pid,
                household_id=household_id,
                grid_code=grid,
                name=name,
                id_number=id_number,
                phone=phone,
            ),
        )
        return pid

    def rename(self, person_id: str, name: str) -> None:
        row = self.conn.execute(
            "SELECT household_id, grid_code, id_number, phone FROM person WHERE id = ?",
            (person_id,),
        ).fetchone()
        self.conn.execute("UPDATE person SET name = ? WHERE id = ?", (name, person_id))
        self.conn.execute(
            UPSERT_DOC_SQL,
            person_doc(
                person_id=person_id,
                household_id=row[0],
                grid_code=row[1],
                name=name,
                id_number=row[2],
                phone=row[3],
            ),
        )


@pytest.fixture
def district(template_db: Path, tmp_path: Path) -> Iterator[District]:
    path = tmp_path / "grid.sqlite3"
    shutil.copy(template_db, path)
    conn = connect_raw(path)
    try:
        yield District(conn)
    finally:
        conn.close()


ZHANG_ID = "430203198805061234"
ZHANG_PHONE = "13912345678"
LI_ID = "43020319750101002X"


@pytest.fixture
def town(district: District) -> District:
    """A handful of households and people in grid A, one family in grid B."""
    d = district
    h1 = d.household("建设街道学堂冲社区桂花路12号3栋201", household_no="HH0001")
    d.person("张三丰", h1, id_number=ZHANG_ID, phone=ZHANG_PHONE, head=True)
    d.person("张三", h1, id_number="430203201001010011")
    h2 = d.household("建设街道学堂冲社区人民南路5号")
    d.person("张伟", h2, id_number="430203199001010031", phone="13700001111", head=True)
    d.person("张伟明", h2)
    d.person("李张伟", h2, id_number=LI_ID, phone="15000002222")
    d.person("王伟", h2, moved_out=True)
    h3 = d.household("建设街道学堂冲社区桂花路8号", grid=GRID_B)
    d.person("张伟", h3, grid=GRID_B, phone="18800003333", head=True)
    d.person("曾国强", h3, grid=GRID_B)
    d.conn.commit()
    return d


def names(hits: list[Hit]) -> list[str]:
    return [h.name for h in hits if h.kind == "person"]


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三丰", ("zhangsanfeng", "zsf")),
        ("曾国藩", ("zengguofan", "zgf")),
        ("单田芳", ("shantianfang", "stf")),
        ("解缙", ("xiejin", "xj")),
        ("仇英", ("qiuying", "qy")),
        ("朴槿惠", ("piaojinhui", "pjh")),
        ("区志强", ("ouzhiqiang", "ozq")),
        ("查良镛", ("zhaliangyong", "zly")),
        ("乐嘉", ("yuejia", "yj")),
        ("盖聂", ("genie", "gn")),
        ("缪斯", ("miaosi", "ms")),
        ("覃明", ("qinming", "qm")),
        ("长孙无忌", ("zhangsunwuji", "zswj")),
        ("尉迟恭", ("yuchigong", "ycg")),
        ("吕布", ("lvbu", "lb")),
        ("张A", ("zhanga", "za")),
        ("", ("", "")),
    ],
)
def test_pinyin_keys(name: str, expected: tuple[str, str]) -> None:
    assert pinyin_keys(name) == expected


def test_pinyin_keys_are_fast() -> None:
    import time

    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
    pinyin_keys("张")  # load pypinyin
    batch = ["".join(alphabet[(i * 7 + k * 13) % 2000] for k in range(3)) for i in range(30000)]
    start = time.perf_counter()
    for name in batch:
        pinyin_keys(name)
    assert time.perf_counter() - start < 1.0  # 300k names: well under 3 s


def test_grams_and_digits() -> None:
    assert name_grams("张三丰") == ["张", "张三", "三", "三丰", "丰"]
    assert name_grams("买买提·艾力")[:4] == ["买", "买买", "买", "买提"]
    assert address_grams("桂花路12号") == ["桂花", "花路", "路1", "12", "2号"]
    assert address_grams("路") == []
    assert digits_key("43020319900101001X", "138-0013-8000") == "43020319900101001x 13800138000"
    assert digits_key("", "13800138000") == "13800138000"
    assert digits_key("", "") == ""


def test_doc_shapes() -> None:
    assert len(DOC_COLUMNS) == 10
    assert DOC_COLUMNS[:2] == ("kind", "ref_id")
    doc = person_doc(
        person_id="p1",
        household_id="h1",
        grid_code=GRID_A,
        name="张 三",
        id_number="1234X",
        phone="139",
    )
    assert len(doc) == len(DOC_COLUMNS)
    row = dict(zip(DOC_COLUMNS, doc, strict=True))
    assert row["kind"] == "p"
    assert row["name"] == "张三"
    assert (row["pinyin"], row["initials"], row["digits"]) == ("zhangsan", "zs", "1234x 139")
    assert row["grams"].split()[:3] == ["张", "张三", "三"]
    hdoc = dict(
        zip(
            DOC_COLUMNS,
            household_doc(
                household_id="h1", grid_code=GRID_A, address="桂花路 8号", household_no="A-01"
            ),
            strict=True,
        )
    )
    assert (hdoc["kind"], hdoc["ref_id"], hdoc["household_id"]) == ("h", "h1", "h1")
    assert (hdoc["address"], hdoc["digits"]) == ("桂花路8号", "a01")
    assert "桂花" in hdoc["grams"].split()
    assert "UPDATE SET" in UPSERT_DOC_SQL
    assert DELETE_DOC_SQL == "DELETE FROM search_doc WHERE ref_id = ?"


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------


def test_two_character_name(town: District) -> None:
    hits = search(town.conn, "张伟")
    assert names(hits)[:2] == ["张伟", "张伟"]  # exact, both grids
    assert names(hits)[2] == "张伟明"  # then names starting with it
    assert set(names(hits)) == {"张伟", "张伟明", "李张伟"}
    assert all(h.matched == "name" for h in hits)
    zhang = next(h for h in hits if h.grid_code == GRID_A and h.name == "张伟")
    assert zhang.address == "建设街道学堂冲社区人民南路5号"  # the household's
    assert zhang.id_number == "430203199001010031"
    assert zhang.phone == "13700001111"


def test_one_character_surname(town: District) -> None:
    found = names(search(town.conn, "张"))
    assert set(found) == {"张三丰", "张三", "张伟", "张伟明", "李张伟"}
    assert found[-1] == "李张伟"  # 张 not first: after the names that start with it
    assert names(search(town.conn, "曾")) == ["曾国强"]


def test_three_character_name_and_its_parts(town: District) -> None:
    assert names(search(town.conn, "张三丰")) == ["张三丰"]
    assert names(search(town.conn, "三丰")) == ["张三丰"]
    assert names(search(town.conn, "丰")) == ["张三丰"]


def test_pinyin_and_initials(town: District) -> None:
    full = search(town.conn, "zhangsanfeng")
    assert names(full) == ["张三丰"]
    assert full[0].matched == "pinyin"
    assert names(search(town.conn, "ZhangSan")) == ["张三", "张三丰"]  # exact first
    by_initials = search(town.conn, "zsf")
    assert names(by_initials) == ["张三丰"]
    assert by_initials[0].matched == "initials"
    short = search(town.conn, "zs")
    assert names(short) == ["张三", "张三丰"]
    assert all(h.matched == "initials" for h in short)
    assert set(names(search(town.conn, "z"))) == {"张三丰", "张三", "张伟", "张伟明", "曾国强"}
    assert names(search(town.conn, "zg")) == ["曾国强"]  # 曾 read as a surname
    assert set(names(search(town.conn, "zh"))) >= {"张三", "张伟"}  # pinyin prefix


def test_digit_fragments(town: District) -> None:
    for fragment in (ZHANG_ID[6:10], ZHANG_ID[8:14]):  # 4 and 6 from the middle
        hits = search(town.conn, fragment)
        assert "张三丰" in names(hits)
        assert next(h for h in hits if h.name == "张三丰").matched == "id_number"
    for fragment in (ZHANG_PHONE[2:6], ZHANG_PHONE[4:10]):  # not in the ID
        hits = search(town.conn, fragment)
        assert names(hits) == ["张三丰"]
        assert hits[0].matched == "phone"
    assert names(search(town.conn, ZHANG_ID)) == ["张三丰"]
    assert search(town.conn, ZHANG_PHONE[3:6]) == []  # 3 digits: not enough
    assert search(town.conn, "139-1234-5678")[0].matched == "phone"


def test_id_ending_in_x(town: District) -> None:
    for text in ("1002x", "1002X", LI_ID.lower(), "０１００２ｘ"):
        hits = search(town.conn, text)
        assert names(hits) == ["李张伟"], text
        assert hits[0].matched == "id_number"


def test_address_fragments(town: District) -> None:
    two = search(town.conn, "桂花")
    assert {h.kind for h in two} == {"household"}
    assert {h.address for h in two} == {
        "建设街道学堂冲社区桂花路12号3栋201",
        "建设街道学堂冲社区桂花路8号",
    }
    assert all(h.matched == "address" for h in two)
    five = search(town.conn, "桂花路12")
    assert [h.address for h in five] == ["建设街道学堂冲社区桂花路12号3栋201"]
    assert five[0].name == "张三丰"  # a household shows its head
    assert five[0].ref_id == five[0].household_id
    assert [h.address for h in search(town.conn, "3栋")] == ["建设街道学堂冲社区桂花路12号3栋201"]
    assert [h.kind for h in search(town.conn, "hh0001")] == ["household"]  # household number


@pytest.mark.parametrize("path", ["scan", "fts"])
def test_grid_scope(town: District, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if path == "fts":  # as for a large scope: FTS match, filtered by grid
        monkeypatch.setattr(search_mod, "SCAN_SCOPE_MAX", 0)
    in_a = search(town.conn, "张伟", grids=[GRID_A])
    assert {h.grid_code for h in in_a} == {GRID_A}
    assert names(in_a) == ["张伟", "张伟明", "李张伟"]
    assert names(search(town.conn, "zgq", grids=[GRID_A])) == []
    assert names(search(town.conn, "zgq", grids=[GRID_B])) == ["曾国强"]
    assert [h.address for h in search(town.conn, "桂花", grids={GRID_B})] == [
        "建设街道学堂冲社区桂花路8号"
    ]
    assert search(town.conn, "张伟", grids=[]) == []
    assert len(search(town.conn, "张伟", grids=[GRID_A, GRID_B])) == 4


QUERIES = [
    "张伟",
    "张",
    "伟",
    "张三丰",
    "三丰",
    "zhangsan",
    "zsf",
    "zs",
    "z",
    "zh",
    "wei",
    "1234",
    "123456",
    "1002x",
    "桂花",
    "桂花路12",
    "3栋",
    "建设街道",
    "曾",
    "hh0001",
]


def test_scan_and_fts_agree(town: District, monkeypatch: pytest.MonkeyPatch) -> None:
    for grids in ([GRID_A], [GRID_B], [GRID_A, GRID_B]):
        scanned = {q: search(town.conn, q, grids=grids) for q in QUERIES}
        monkeypatch.setattr(search_mod, "SCAN_SCOPE_MAX", 0)
        for q in QUERIES:
            assert search(town.conn, q, grids=grids) == scanned[q], (q, grids)
        monkeypatch.undo()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "AND",
        "(",
        ")",
        '张"',
        '"张伟',
        "zh*",
        "张*",
        "NEAR(张 伟)",
        "^张",
        "{name}:张",
        "name:张",
        "a OR b",
        "NOT 张",
        "'; DROP TABLE person; --",
        "%",
        "_",
        "\\",
        "-",
        "+",
        " ",
        "",
        "\x00",
        "张 伟",
        "😀",
        "ｚｓｆ",
    ],
)
def test_fts_syntax_in_queries_is_text(town: District, text: str) -> None:
    assert isinstance(search(town.conn, text), list)
    assert isinstance(search(town.conn, text, grids=[GRID_A]), list)


@pytest.mark.parametrize("text", ['张"', "张*", "^张", "(张)", "张 伟", '"张伟', "*zsf*"])
def test_punctuation_is_ignored(town: District, text: str) -> None:
    plain = "".join(ch for ch in text if ch.isalnum())
    assert search(town.conn, text) == search(town.conn, plain) != []


def test_rename_is_found_by_new_name_only(town: District) -> None:
    pid = next(h.ref_id for h in search(town.conn, "张三丰"))
    town.rename(pid, "赵四海")
    town.conn.commit()
    assert search(town.conn, "张三丰") == []
    assert search(town.conn, "zsf") == []
    assert [h.ref_id for h in search(town.conn, "赵四海")] == [pid]
    assert [h.ref_id for h in search(town.conn, "zsh")] == [pid]
    assert [h.ref_id for h in search(town.conn, "四海")] == [pid]
    assert [h.ref_id for h in search(town.conn, ZHANG_PHONE[2:9])] == [pid]  # digits kept


def test_deleted_doc_disappears(town: District) -> None:
    pid = search(town.conn, "张三丰")[0].ref_id
    town.conn.execute(DELETE_DOC_SQL, (pid,))
    town.conn.commit()
    assert search(town.conn, "张三丰") == []
    assert search(town.conn, ZHANG_PHONE[3:9]) == []
    assert "张三丰" not in names(search(town.conn, "张"))


def test_deleted_row_is_not_returned_even_if_indexed(town: District) -> None:
    town.conn.execute("UPDATE person SET deleted = 1 WHERE name = '张三'")
    town.conn.commit()
    assert names(search(town.conn, "zs")) == ["张三丰"]


def test_limit(town: District) -> None:
    assert len(search(town.conn, "张", limit=2)) == 2
    assert search(town.conn, "张", limit=0) == []


def test_few_statements_per_query(town: District) -> None:
    statements: list[str] = []
    town.conn.set_trace_callback(statements.append)
    try:
        for q in QUERIES:
            for grids in (None, [GRID_A]):
                statements.clear()
                search(town.conn, q, grids=grids)
                ours = [s for s in statements if not s.startswith("--")]  # not FTS5's own
                assert 1 <= len(ours) <= 3, (q, ours)
    finally:
        town.conn.set_trace_callback(None)


def test_rebuild_index_reproduces_results(town: District) -> None:
    before = {q: search(town.conn, q) for q in QUERIES}
    scoped = {q: search(town.conn, q, grids=[GRID_B]) for q in QUERIES}
    docs = town.conn.execute("SELECT * FROM search_doc ORDER BY ref_id").fetchall()
    assert rebuild_index(town.conn) == 11  # 8 people, 3 households
    assert not town.conn.in_transaction
    assert {q: search(town.conn, q) for q in QUERIES} == before
    assert {q: search(town.conn, q, grids=[GRID_B]) for q in QUERIES} == scoped
    rebuilt = town.conn.execute("SELECT * FROM search_doc ORDER BY ref_id").fetchall()
    assert [r[1:] for r in rebuilt] == [r[1:] for r in docs]  # same documents
    triggers = town.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc'"
    ).fetchone()[0]
    assert triggers == 3
    for check in ("search_tri", "search_short"):
        town.conn.execute(f"INSERT INTO {check}({check}, rank) VALUES ('integrity-check', 1)")
    # The triggers work again afterwards.
    h = town.household("芦淞路1号")
    town.person("欧阳修", h)
    town.conn.commit()
    assert names(search(town.conn, "欧阳")) == ["欧阳修"]
    assert names(search(town.conn, "oyx")) == ["欧阳修"]


def test_rebuild_index_skips_deleted_keeps_moved_out(town: District) -> None:
    town.conn.execute("UPDATE person SET deleted = 1 WHERE name = '张三'")
    town.conn.commit()
    rebuild_index(town.conn)
    assert "张三" not in names(search(town.conn, "张三"))
    assert names(search(town.conn, "王伟")) == ["王伟"]  # moved out: still findable


def test_rebuild_index_inside_a_transaction(town: District) -> None:
    town.conn.execute("BEGIN")
    town.conn.execute("UPDATE person SET name = '张三峰' WHERE name = '张三丰'")
    rebuild_index(town.conn)
    assert town.conn.in_transaction  # the caller's transaction is still open
    assert names(search(town.conn, "张三峰")) == ["张三峰"]
    town.conn.rollback()
    assert names(search(town.conn, "张三丰")) == ["张三丰"]


ALPHABET = "张王李赵刘陈曾单解乐查区仇伟芳娜秀英敏静丽强磊军洋勇艳杰三丰国一乙〇"


def test_generated_names_are_found_by_name_and_initials(district: District) -> None:
    hid = district.household("芦淞区建设街道某路1号")
    district.conn.commit()

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=st.text(ALPHABET, min_size=1, max_size=4))
    def check(name: str) -> None:
        pid = district.person(name, hid)
        district.conn.commit()
        hits = search(district.conn, name, limit=1000)
        assert pid in [h.ref_id for h in hits]
        exact = [h for h in hits if h.name == name]
        assert hits[: len(exact)] == exact  # exact matches come first
        initials = pinyin_keys(name)[1]
        assert pid in [h.ref_id for h in search(district.conn, initials, limit=1000)]
        assert pid in [h.ref_id for h in search(district.conn, name, grids=[GRID_A])]

    check()


def test_character_readings_are_pypinyins_default_readings() -> None:
    """The readings come from pypinyin's character table without loading the
    package's phrase dictionary: they must be what ``lazy_pinyin`` gives,
    tone marks dropped and ü written v (吕 lv, 女 nv)."""
    import random

    from pypinyin import Style, lazy_pinyin

    from luzsong_grid import textkeys

    rng = random.Random(11)
    chars = [chr(c) for c in rng.sample(range(0x4E00, 0xA000), 3000)]
    chars += [chr(c) for c in rng.sample(range(0x3400, 0x4DC0), 500)]
    chars += [chr(c) for c in rng.sample(range(0x20000, 0x2A6E0), 500)]
    chars += list("吕女律旅绿略虐曾单〇豈")
    for ch in chars:
        expected = "".join(lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")).lower()
        expected = "".join(c for c in expected if "a" <= c <= "z")
        assert textkeys._reading(ch) == expected, ch
    assert pinyin_keys("吕女士") == ("lvnvshi", "lns")
