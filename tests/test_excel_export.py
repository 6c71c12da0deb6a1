"""Excel exports: the report and the ledgers (luzsong_grid.excel).

The report's numbers must be the statistics' numbers: the grouped statistics
are checked grid by grid against ``stats.compute``, and LibreOffice opens the
files, recalculates every formula and must arrive at what
``luzsong-grid stats --json`` says for the same period and scope. The ledgers
go through LibreOffice too; their structure (frozen header, filter, print
setup, real dates, masking) is read back with openpyxl.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from luzsong_grid.domain.validation import mask_phone, mask_resident_id
from luzsong_grid.excel import common
from luzsong_grid.excel.common import ExportCancelled, register_masks
from luzsong_grid.excel.ledgers import text_lines, write_ledger
from luzsong_grid.excel.report import FIRST_ROW, write_report
from luzsong_grid.i18n import UserError
from luzsong_grid.reports import period, scope, stats
from luzsong_grid.store.db import connect_raw
from tests.conftest import DEMO_TODAY

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
FULL_ID = re.compile(r"\b\d{17}[\dX]\b")
MASKED_ID = re.compile(r"^\d{6}\*{8}[\dX]{4}$")
OCTOBER = ("2026-10-01", "2026-10-31")


def _command() -> list[str]:
    script = shutil.which("luzsong-grid", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "luzsong_grid"]


def cli(data_dir: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("LUZSONG_GRID_LANG", None)
    options = ["--data-dir", str(data_dir)] + (["--lang", lang] if lang else [])
    return subprocess.run(
        [*_command(), *options, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def stats_json(data_dir: Path, *args: str) -> Any:
    done = cli(data_dir, "stats", "--json", "--today", DEMO_TODAY.isoformat(), *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def libreoffice_csv(files: list[Path], out: Path) -> None:
    """Every sheet of ``files`` as CSV (``NAME-SHEET.csv`` in ``out``), after
    LibreOffice recalculated every formula on loading (its own default for
    .xlsx files is to trust the stored results)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: bash scripts/setup.sh installs libreoffice-calc-nogui")
    profile = out / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
        '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
        "</oor:items>\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def number(text: str) -> float | None:
    """A cell of LibreOffice's CSV as a number (percentages as fractions)."""
    text = text.strip()
    if not text:
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def conn(demo_db: Path) -> sqlite3.Connection:
    return connect_raw(demo_db, readonly=True)


# ================================================================ statistics


@pytest.mark.parametrize("label", ["2026-10", "2026-11", "2026-Q3", "2026", None])
def test_grouped_statistics_equal_compute_grid_by_grid(
    conn: sqlite3.Connection, label: str | None
) -> None:
    span = period.parse(label, today=DEMO_TODAY)
    previous = span.previous()
    current, before = stats.compute_grids(
        conn, scope=scope.district(), periods=[span, previous], today=DEMO_TODAY
    )
    grids = conn.execute("SELECT code, name FROM grid WHERE deleted = 0 ORDER BY code").fetchall()
    assert list(current) == [code for code, _name in grids]
    for code, name in grids:
        alone = scope.Scope("grid", code, name, (code,))
        assert current[code] == stats.compute(conn, scope=alone, period=span, today=DEMO_TODAY), (
            code
        )
        assert before[code] == stats.compute(
            conn, scope=alone, period=previous, today=DEMO_TODAY
        ), code


def test_grouped_statistics_do_not_depend_on_the_scope(conn: sqlite3.Connection) -> None:
    span = period.parse("2026-10")
    (everywhere,) = stats.compute_grids(
        conn, scope=scope.district(), periods=[span], today=DEMO_TODAY
    )
    street = scope.resolve(conn, "street:建设")
    (here,) = stats.compute_grids(conn, scope=street, periods=[span], today=DEMO_TODAY)
    assert street.grids
    assert list(here) == list(street.grids)
    assert all(here[g] == everywhere[g] for g in here)
    nowhere = scope.Scope("community", "x", "x", ())
    assert stats.compute_grids(conn, scope=nowhere, periods=[span]) == [{}]


def test_masking_in_sql_equals_the_python_masking() -> None:
    db = sqlite3.connect(":memory:")
    register_masks(db)
    ids = [
        "",
        "11010519491231002X",
        "11010519491231002x",
        " 110105 19491231002X",
        "430203199001011234",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105491231002",
        "12",
        "1",
    ]
    phones = [
        "",
        "13812341234",
        "138 1234 1234",
        "+86 138-1234-1234",
        "073112345678",
        "0731-1234-5678",
        "12345678",
        "5",
        "1381234123x",
    ]
    for value in ids:
        sql = common.masked_id_sql("x")
        got = db.execute(f"SELECT {sql} FROM (SELECT ? AS x)", (value,)).fetchone()[0]
        assert got == (mask_resident_id(value) if value else ""), value
    for value in phones:
        sql = common.masked_phone_sql("x")
        got = db.execute(f"SELECT {sql} FROM (SELECT ? AS x)", (value,)).fetchone()[0]
        assert got == (mask_phone(value) if value else ""), value


def test_text_lines_estimate() -> None:
    assert text_lines("short", 20) == 1
    assert text_lines("一二三四五六七八九十", 10) == 2
    assert text_lines("a\nb\nc", 10) == 3
    assert text_lines("2026-01-06 张三 满意", 11) == 2  # 13 Latin + 4 Chinese = 21 units


# ================================================================ the report


def _totals(rows: list[list[str]], first: str) -> list[str]:
    return next(r for r in rows if r and r[0] == first)


def _report_columns(header_rows: list[list[str]]) -> dict[tuple[str, str], int]:
    """("group/measure", "本期"|"上期") → column, from the summary's 3 header rows."""
    groups, measures, periods_row = header_rows
    out: dict[tuple[str, str], int] = {}
    group = measure = ""
    for c in range(4, len(measures)):
        group = groups[c] or group
        measure = measures[c] or measure
        out[(f"{group}/{measure}", periods_row[c] or "本期")] = c
    return out


def _expected(figures: dict[str, Any]) -> dict[str, Any]:
    v, s, d, e = figures["visits"], figures["services"], figures["disputes"], figures["events"]
    return {
        "走访/走访户次": v["household_visits"],
        "走访/重点人群应访人数": v["key_group"]["persons"],
        "走访/按期走访人数": v["key_group"]["completed"],
        "走访/重点人群走访完成率": v["key_group"]["completion_rate"],
        "走访/逾期未访": v["overdue"]["total"],
        "网格服务/服务总次数": s["total"],
        "矛盾纠纷/受理": d["accepted"],
        "矛盾纠纷/办结": d["concluded"],
        "矛盾纠纷/调解成功": d["resolved"],
        "矛盾纠纷/调解成功率": d["success_rate"],
        "网格事件/上报": e["reported"],
        "网格事件/办结": e["closed"],
        "网格事件/按时办结": e["closed_on_time"],
        "网格事件/按时办结率": e["on_time_rate"],
        "网格事件/逾期": e["overdue"],
    }


def _check_row(
    row: list[str],
    columns: dict[tuple[str, str], int],
    figures: dict[str, Any],
    which: str,
    labels: dict[str, dict[str, str]] | None = None,
) -> None:
    for name, want in _expected(figures).items():
        got = number(row[columns[(name, which)]])
        if want is None or isinstance(want, float):
            assert got == pytest.approx(want, abs=5e-5), name
        else:
            assert got == want, (name, got, want)
    if labels is not None:
        groups = {"services": "网格服务", "disputes": "矛盾纠纷"}
        for key, names in labels.items():
            section, field = key.split(".")
            for code, label in names.items():
                want = figures[section][field].get(code, 0)
                got = number(row[columns[(f"{groups[section]}/{label}", "本期")]])
                assert got == want, (key, code)


def test_report_recalculated_by_libreoffice_equals_stats(
    demo_db: Path, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    data_dir = demo_db.parent
    # Formulas stored without results: only a recalculating reader shows numbers.
    district = tmp_path / "district.xlsx"
    result = write_report(
        conn,
        district,
        scope=scope.district(),
        period=period.parse("2026-10"),
        made_by="测试员",
        today=DEMO_TODAY,
        cached_results=False,
    )
    assert result.grids == 288
    assert not result.nil
    community = tmp_path / "community.xlsx"
    done = cli(
        data_dir,
        "export",
        "report",
        "--period",
        "2026-Q3",
        "--scope",
        "community:学堂冲",
        "--today",
        DEMO_TODAY.isoformat(),
        "-o",
        str(community),
    )
    assert done.returncode == 0, done.stderr
    assert str(community) in done.stdout
    libreoffice_csv([district, community], tmp_path)

    rows = read_csv(tmp_path / "district-汇总.csv")
    assert rows[0][0] == "芦淞区2026年10月网格工作月报"
    assert "制表人：测试员" in rows[1][0]
    assert "制表日期：2026-11-27" in rows[1][0]
    columns = _report_columns(rows[3:6])
    labels = {
        "services.by_type": _labels(conn, "service_type"),
        "disputes.by_type": _labels(conn, "dispute_type"),
        "disputes.by_source": _labels(conn, "dispute_source"),
    }
    october = stats_json(data_dir, "--period", "2026-10")
    september = stats_json(data_dir, "--period", "2026-09")
    total = _totals(rows, "芦淞区 总计")
    _check_row(total, columns, october, "本期", labels)
    _check_row(total, columns, september, "上期")

    # A street's and a community's subtotal rows, and every grid row.
    for text, label in (
        ("street:建设街道", "建设街道 合计"),
        ("community:学堂冲", "学堂冲社区 小计"),
    ):
        place = scope.resolve(conn, text)
        figures = stats.compute(conn, scope=place, period=period.parse("2026-10"), today=DEMO_TODAY)
        row = next(r for r in rows if label in r[:2])
        _check_row(row, columns, figures, "本期")
    grid_rows = [r for r in rows[FIRST_ROW:] if len(r) > 3 and re.fullmatch(r"\d{15}", r[3])]
    assert len(grid_rows) == 288
    (by_grid,) = stats.compute_grids(
        conn, scope=scope.district(), periods=[period.parse("2026-10")], today=DEMO_TODAY
    )
    for row in grid_rows[::7]:
        _check_row(row, columns, by_grid[row[3]], "本期")

    # The chart sheet's disputes by type come from the summary too.
    charts = read_csv(tmp_path / "district-图表.csv")
    types = {r[5]: r[6] for r in charts[4:] if len(r) > 6 and r[5]}
    for code, label in labels["disputes.by_type"].items():
        assert number(types[label]) == october["disputes"]["by_type"].get(code, 0)

    # The command line's quarterly report for one community.
    rows = read_csv(tmp_path / "community-汇总.csv")
    assert rows[0][0] == "学堂冲社区2026年第三季度网格工作季报"
    columns = _report_columns(rows[3:6])
    quarter = stats_json(data_dir, "--period", "2026-Q3", "--scope", "community:学堂冲")
    previous = stats_json(data_dir, "--period", "2026-Q2", "--scope", "community:学堂冲")
    total = _totals(rows, "学堂冲社区 总计")
    _check_row(total, columns, quarter, "本期", labels)
    _check_row(total, columns, previous, "上期")


def _labels(conn: sqlite3.Connection, kind: str) -> dict[str, str]:
    return dict(
        conn.execute(
            "SELECT code, name FROM catalog_item WHERE kind = ? AND deleted = 0 ORDER BY sort",
            (kind,),
        )
    )


def test_report_structure(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_report(
        conn,
        path,
        scope=scope.resolve(conn, "street:建设"),
        period=period.parse("2026-10"),
        made_by="张三",
        today=DEMO_TODAY,
    )
    book = openpyxl.load_workbook(path)
    summary, charts = book.worksheets
    assert (summary.title, charts.title) == ("汇总", "图表")
    assert summary.freeze_panes == "E7"
    assert summary.page_setup.orientation == "landscape"
    assert summary.page_setup.paperSize == 9
    assert summary.print_title_rows == "$4:$6"
    total = next(
        r for r in range(7, summary.max_row + 1) if summary.cell(r, 1).value == "建设街道 总计"
    )
    assert str(summary.cell(total, 5).value).startswith("=SUBTOTAL(9,E7:")
    assert str(summary.cell(total, 11).value).startswith("=IF(")
    assert len(charts._charts) == 2
    # The stored results are what a spreadsheet computes.
    values = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    street = stats.compute(
        conn,
        scope=scope.resolve(conn, "street:建设"),
        period=period.parse("2026-10"),
        today=DEMO_TODAY,
    )
    assert values.cell(total, 5).value == street["visits"]["household_visits"]
    assert values.cell(total, 11).value == pytest.approx(
        street["visits"]["key_group"]["completion_rate"], abs=5e-5
    )


def test_nil_report(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "nil.xlsx"
    result = write_report(
        conn, path, scope=scope.district(), period=period.parse("2020-01"), today=DEMO_TODAY
    )
    assert result.nil
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    assert "零报告" in str(sheet["A3"].value)
    total = next(r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 1).value == "芦淞区 总计")
    assert sheet.cell(total, 5).value == 0


def test_report_in_english(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    write_report(
        conn,
        path,
        scope=scope.resolve(conn, "community:学堂冲"),
        period=period.parse("2026-Q3"),
        lang="en",
        today=DEMO_TODAY,
    )
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.title == "Summary"
    assert "grid work report, Q3 2026" in str(sheet["A1"].value)
    assert sheet["E5"].value == "Household visits"


def test_default_period_is_the_last_complete_month(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "default.xlsx"
    done = cli(demo_db.parent, "export", "report", "--today", "2026-11-27", "-o", str(path))
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value == "芦淞区2026年10月网格工作月报"


# ================================================================ the ledgers


def test_ledgers_in_libreoffice_match_stats(
    demo_db: Path, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    data_dir = demo_db.parent
    files = []
    for kind in ("visits", "disputes", "services", "events"):
        path = tmp_path / f"{kind}.xlsx"
        done = cli(
            data_dir,
            "export",
            "ledger",
            kind,
            "--from",
            OCTOBER[0],
            "--to",
            OCTOBER[1],
            "-o",
            str(path),
        )
        assert done.returncode == 0, done.stderr
        files.append(path)
    libreoffice_csv(files, tmp_path)
    october = stats_json(data_dir, "--period", "2026-10")

    def sheet(name: str) -> tuple[list[str], list[list[str]], list[str]]:
        rows = read_csv(tmp_path / name)
        header, body = rows[2], rows[3:]
        total = next(r for r in body if r[0] == "合计")
        return header, [r for r in body if r[0].isdigit()], total

    header, body, total = sheet("visits-走访台账.csv")
    assert header[:3] == ["序号", "走访时间", "街道（镇）"]
    assert len(body) == october["visits"]["household_visits"]
    assert number(total[1]) == october["visits"]["household_visits"]  # SUBTOTAL, recalculated
    first = conn.execute(
        "SELECT min(visited_at) FROM visit WHERE deleted = 0 AND voided = 0 "
        "AND visited_at BETWEEN '2026-10-01' AND '2026-10-31 23:59:59.999999'"
    ).fetchone()[0]
    shown = min(datetime.fromisoformat(r[1]) for r in body)
    assert shown.strftime("%F %R") == first[:16]  # shown to the minute
    ids = [r[header.index("身份证号")] for r in body if r[header.index("身份证号")]]
    assert ids
    assert all(MASKED_ID.match(i) for i in ids)
    assert not any(FULL_ID.search(",".join(r)) for r in body)

    header, body, total = sheet("disputes-矛盾纠纷台账.csv")
    assert "当事人" in header
    assert "回访情况" in header
    assert len(body) == october["disputes"]["accepted"]
    assert number(total[1]) == october["disputes"]["accepted"]
    amount = header.index("涉及金额（元）")
    assert number(total[amount]) == pytest.approx(october["disputes"]["amount"])
    _h, parties, _t = sheet("disputes-当事人.csv")
    assert (
        len(parties)
        == conn.execute(
            "SELECT count(*) FROM dispute_party p JOIN dispute d ON d.id = p.dispute_id "
            "WHERE p.deleted = 0 AND d.deleted = 0 AND d.accepted_on BETWEEN ? AND ?",
            OCTOBER,
        ).fetchone()[0]
    )
    assert not any(FULL_ID.search(",".join(r)) for r in parties)
    _h, followups, _t = sheet("disputes-回访记录.csv")
    assert followups

    header, body, total = sheet("services-网格服务台账.csv")
    count = header.index("次数")
    assert sum(number(r[count]) or 0 for r in body) == october["services"]["total"]
    assert number(total[count]) == october["services"]["total"]

    header, body, total = sheet("events-网格事件台账.csv")
    assert len(body) == october["events"]["reported"]
    on_time = header.index("按时办结")
    closed_in_range = sum(1 for r in body if r[on_time] in ("是", "否"))
    assert closed_in_range >= 1


def test_ledger_structure(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "v.xlsx"
    seen: list[tuple[int, int]] = []
    result = write_ledger(
        conn,
        path,
        "visits",
        scope=scope.resolve(conn, "community:学堂冲"),
        start=date(2026, 9, 1),
        end=date(2026, 10, 31),
        made_by="张三",
        today=DEMO_TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.rows > 0
    assert seen[0][0] == 0
    assert seen[-1] == (result.rows, result.rows)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    last = 3 + result.rows
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:Q{last}"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.column_dimensions["F"].width > 20  # the address
    visited = sheet["B4"].value
    assert isinstance(visited, datetime)
    assert date(2026, 9, 1) <= visited.date() <= date(2026, 10, 31)
    assert sheet["B4"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(last + 1, 1).value == "合计"
    assert sheet.cell(last + 1, 2).value == f"=SUBTOTAL(103,B4:B{last})"
    assert "身份证号、联系电话已脱敏" in str(sheet["A2"].value)


def test_empty_ledger_and_english(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    result = write_ledger(
        conn,
        path,
        "events",
        scope=scope.district(),
        start=date(2020, 1, 1),
        end=date(2020, 1, 31),
        lang="en",
    )
    assert result.rows == 0
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.title == "Events"
    assert sheet["A3"].value == "No."
    assert sheet["B3"].value == "Event no."
    assert sheet["A4"].value == "(no records in this period)"


# ================================================================ privacy


def test_full_numbers_only_for_admin_and_own_community_staff(demo_db: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(demo_db, data_dir / demo_db.name)  # an audit row is written
    out = tmp_path / "full.xlsx"
    base = [
        "export",
        "ledger",
        "disputes",
        "--from",
        "2025-12-01",
        "--to",
        OCTOBER[1],
        "-o",
        str(out),
    ]

    refused = [
        ([], "--as"),
        (["--as", "supervisor"], "supervisor"),
        (["--as", "district"], "district"),
        (["--as", "worker"], "worker"),
        (["--as", "staff"], "学堂冲社区"),  # their community only
        (["--as", "nobody"], "nobody"),
    ]
    for extra, mentioned in refused:
        done = cli(data_dir, *base, "--unmasked", *extra)
        assert done.returncode == 2, (extra, done.stderr)
        assert mentioned in done.stderr
        assert "Traceback" not in done.stderr
        assert not out.exists()

    done = cli(data_dir, *base, "--unmasked", "--as", "staff", "--scope", "community:学堂冲")
    assert done.returncode == 0, done.stderr
    parties = openpyxl.load_workbook(out).worksheets[1]
    numbers = [c.value for c in parties["F"][3:] if c.value]
    assert numbers
    assert any(FULL_ID.fullmatch(str(n)) for n in numbers)
    assert "请妥善保管" in str(parties["A2"].value)

    done = cli(data_dir, *base, "--unmasked", "--as", "admin")
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(data_dir / demo_db.name)
    audits = db.execute(
        "SELECT a.username, l.changes FROM audit_log l JOIN account a ON a.id = l.account_id "
        "WHERE l.action = 'export_unmasked' ORDER BY l.seq"
    ).fetchall()
    assert [u for u, _c in audits] == ["staff", "admin"]
    assert json.loads(audits[0][1])["scope"].startswith("community:")


# ================================================================ bad input


def _ledger(conn: sqlite3.Connection, path: Path, **options: Any) -> Any:
    return write_ledger(
        conn,
        path,
        "services",
        scope=scope.district(),
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        **options,
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


def test_missing_folder_and_folder_as_file(conn: sqlite3.Connection, tmp_path: Path) -> None:
    with pytest.raises(UserError) as missing:
        _ledger(conn, tmp_path / "nowhere" / "x.xlsx")
    assert missing.value.message == common.MSG_FOLDER_MISSING
    assert "不存在" in missing.value.localized("zh_CN")
    with pytest.raises(UserError) as folder:
        _ledger(conn, tmp_path)
    assert folder.value.message == common.MSG_IS_FOLDER


def test_command_line_mistakes(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    for args, message in (
        (
            ["ledger", "visits", "--from", "2026-10-02", "--to", "2026-10-01", "-o", str(out)],
            "晚于",
        ),
        (
            [
                "ledger",
                "visits",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-31",
                "-o",
                str(tmp_path / "x.xls"),
            ],
            ".xlsx",
        ),
        (["report", "--period", "2026-13", "-o", str(out)], "2026-13"),
        (["report", "--scope", "street:火星", "-o", str(out)], "火星"),
        (["report", "-o", str(tmp_path / "no" / "x.xlsx")], "不存在"),
    ):
        done = cli(demo_db.parent, "export", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_folder_not_writable(
    conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    if os.geteuid() != 0:
        locked.chmod(0o500)
    else:  # root writes anywhere: make creating the file fail as it would
        real_open = os.open

        def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
            if Path(path).parent == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(common.os, "open", refuse)
    try:
        with pytest.raises(UserError) as error:
            _ledger(conn, locked / "x.xlsx")
    finally:
        locked.chmod(0o700)
    assert error.value.message == common.MSG_NOT_WRITABLE
    assert "不可写入" in error.value.localized("zh_CN")
    assert list(locked.iterdir()) == []


def test_disk_full_keeps_the_old_file(
    conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlsxwriter

    target = tmp_path / "services.xlsx"
    target.write_bytes(b"last month's file")
    real_close = xlsxwriter.Workbook.close

    def full(self: Any) -> None:
        real_close(self)
        raise xlsxwriter.exceptions.FileCreateError(OSError(errno.ENOSPC, "No space left"))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full)
    with pytest.raises(UserError) as error:
        _ledger(conn, target)
    assert error.value.message == common.MSG_DISK_FULL
    assert "磁盘已满" in error.value.localized("zh_CN")
    assert target.read_bytes() == b"last month's file"
    assert _leftovers(tmp_path) == []


def test_a_really_full_disk(conn: sqlite3.Connection, tmp_path: Path) -> None:
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(tiny)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        with pytest.raises(UserError) as error:
            _ledger(conn, tiny / "services.xlsx")
        assert error.value.message == common.MSG_DISK_FULL
        assert list(tiny.iterdir()) == []
    finally:
        if subprocess.run(["umount", str(tiny)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(tiny)], check=False)


def test_cancel_leaves_nothing(conn: sqlite3.Connection, tmp_path: Path) -> None:
    target = tmp_path / "visits.xlsx"
    target.write_bytes(b"old")
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ExportCancelled):
        write_ledger(
            conn,
            target,
            "visits",
            scope=scope.district(),
            start=date(2026, 1, 1),
            end=date(2026, 11, 27),
            cancel=cancel,
        )
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []
    with pytest.raises(ExportCancelled):
        write_report(
            conn,
            tmp_path / "r.xlsx",
            scope=scope.district(),
            period=period.parse("2026-10"),
            cancel=lambda: True,
        )
    assert not (tmp_path / "r.xlsx").exists()
    assert _leftovers(tmp_path) == []


def test_progress_and_cancel_type() -> None:
    calls: list[tuple[int, int]] = []
    job = common.Job(lambda d, t: calls.append((d, t)), lambda: False)
    job.report(1, 2)
    assert calls == [(1, 2)]
    assert isinstance(ExportCancelled(), UserError)


def test_dates_are_excel_serials() -> None:
    db = sqlite3.connect(":memory:")
    for text, expected in (
        ("2026-10-16", date(2026, 10, 16)),
        ("2026-10-16 12:00:00.000000", date(2026, 10, 16)),
    ):
        serial = db.execute(f"SELECT {common.excel_serial_sql('?')}", (text,)).fetchone()[0]
        assert date(1899, 12, 30) + timedelta(days=int(serial)) == expected


# ================================================================ the fast row writer


def test_fast_rows_equal_the_writers_own(
    conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luzsong_grid.excel import ledgers

    options: dict[str, Any] = {
        "scope": scope.resolve(conn, "street:建设"),
        "start": date(2025, 12, 1),
        "end": date(2026, 11, 27),
        "today": DEMO_TODAY,
    }
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    write_ledger(conn, fast, "disputes", **options)
    monkeypatch.setattr(ledgers._RowSink, "attach", classmethod(lambda *_a: None))
    write_ledger(conn, slow, "disputes", **options)
    for a, b in zip(
        openpyxl.load_workbook(fast).worksheets,
        openpyxl.load_workbook(slow).worksheets,
        strict=True,
    ):
        assert a.max_row == b.max_row > 5
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for x, y in zip(row_a, row_b, strict=True):
                assert (x.value, x.number_format, x.alignment.wrap_text) == (
                    y.value,
                    y.number_format,
                    y.alignment.wrap_text,
                ), x.coordinate
        heights = [a.row_dimensions[r].height for r in range(4, a.max_row)]
        assert heights == [b.row_dimensions[r].height for r in range(4, b.max_row)]


def test_fast_rows_escape_like_the_writer(tmp_path: Path) -> None:
    import xlsxwriter

    from luzsong_grid.excel.ledgers import _RowSink

    texts = [
        "a & b",
        "<tag>",
        " leading",
        "trailing ",
        "tab\there",
        "bell\x07",
        "_x0041_",
        "多\n行",
    ]
    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    for path in (fast, plain):
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_string(0, 0, "head")
        if path == fast:
            sink = _RowSink.attach(sheet, 1, [True, False, True])
            assert sink is not None
            for r, text in enumerate(texts, 1):
                sink.row(r, r, (text, 1.5 * r), 0.0)
            sink.close(len(texts), 2)
        else:
            for r, text in enumerate(texts, 1):
                sheet.write_number(r, 0, r)
                sheet.write_string(r, 1, text)
                sheet.write_number(r, 2, 1.5 * r)
        sheet.write_string(len(texts) + 1, 0, "after")
        book.close()
    a, b = (openpyxl.load_workbook(p).worksheets[0] for p in (fast, plain))
    assert [[c.value for c in row] for row in a.iter_rows()] == [
        [c.value for c in row] for row in b.iter_rows()
    ]
    assert a.cell(2, 2).value == "a & b"
    assert a.cell(len(texts) + 2, 1).value == "after"
