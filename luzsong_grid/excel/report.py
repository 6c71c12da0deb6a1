"""The report of a period and a scope (月报, 季报, 年报) as an Excel workbook.

Sheet 1, the summary: a title naming the scope and period, who made it and
when; one row per grid with its counts for the period and, beside the
headline counts, the previous period's; a subtotal row per community, a total
row per street, then the grand total. Totals (SUBTOTAL) and rates (IF/ratio)
are live formulas a supervisor can audit; the values a spreadsheet would
compute are stored with them for viewers that do not recalculate. When the
period holds no work at all the title row says so (a nil report, 零报告).

Sheet 2, charts: household visits per grid (per community or street when a
scope has too many grids for a readable chart), this period beside the
previous one, and disputes by type; their data are formulas pointing at the
summary.

Every grid's numbers are :func:`luzsong_grid.reports.stats.compute`'s for
that grid (through :func:`~luzsong_grid.reports.stats.compute_grids`, which
computes all grids at once and is tested to agree), so the workbook and
``luzsong-grid stats`` cannot disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from luzsong_grid.excel.common import (
    PERCENT,
    Cancel,
    Formats,
    Job,
    Progress,
    atomic_output,
    catalog_labels,
    default_font,
    language,
    pick,
    workbook_properties,
)
from luzsong_grid.reports import stats
from luzsong_grid.reports.period import Period
from luzsong_grid.reports.scope import DISTRICT_NAME_EN, Scope

HEADER_ROWS = (3, 4, 5)  # group, measure, this period / previous period
FIRST_ROW = 6
ID_COLUMNS = 4  # street, community, grid, grid code
MAX_CHART_BARS = 40
TITLE_COLUMNS = 23  # the title spans about the first printed page

GROUP_FILLS = {
    "visits": "#E2EFDA",
    "services": "#FFF2CC",
    "disputes": "#FCE4D6",
    "events": "#DDEBF7",
}
SUBTOTAL_FILLS = {"community": "#F2F2F2", "street": "#D9D9D9", "total": "#BDD7EE"}


@dataclass(frozen=True)
class Measure:
    """One column of the summary's numbers."""

    key: str  # unique
    group: str  # visits | services | disputes | events
    zh: str
    en: str
    previous: bool  # the previous period's value (else this period's)
    get: Callable[[dict[str, Any]], float] | None = None  # from a grid's stats
    rate: tuple[str, str] | None = None  # (numerator key, denominator key)
    sum_of: tuple[str, ...] = ()  # keys this column adds up (a row SUM)
    width: float = 7.5

    def header(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)


@dataclass(frozen=True)
class ReportResult:
    path: Path
    grids: int
    nil: bool  # nothing happened in the period (零报告)


GROUP_NAMES = {
    "visits": ("走访", "Visits"),
    "services": ("网格服务", "Grid services"),
    "disputes": ("矛盾纠纷", "Disputes"),
    "events": ("网格事件", "Events"),
}


def _pair(
    key: str,
    group: str,
    zh: str,
    en: str,
    get: Callable[[dict[str, Any]], float],
    width: float = 7.5,
) -> list[Measure]:
    """A measure for this period and, beside it, for the previous one."""
    return [
        Measure(key, group, zh, en, False, get=get, width=width),
        Measure(key + "@prev", group, zh, en, True, get=get, width=width),
    ]


def _rate_pair(key: str, group: str, zh: str, en: str, num: str, den: str) -> list[Measure]:
    return [
        Measure(key, group, zh, en, False, rate=(num, den), width=8.5),
        Measure(key + "@prev", group, zh, en, True, rate=(num + "@prev", den + "@prev"), width=8.5),
    ]


def _count_of(section: str, field: str, code: str) -> Callable[[dict[str, Any]], float]:
    """The count of ``code`` in a grid's ``stats[section][field]``."""
    return lambda r: float(r[section][field].get(code, 0))


def _measures(
    service_types: dict[str, str], dispute_types: dict[str, str], sources: dict[str, str]
) -> list[Measure]:
    v, s, d, e = "visits", "services", "disputes", "events"
    out: list[Measure] = [
        *_pair("hv", v, "走访户次", "Household visits", lambda r: r["visits"]["household_visits"]),
        *_pair(
            "kp",
            v,
            "重点人群应访人数",
            "Key persons to visit",
            lambda r: r["visits"]["key_group"]["persons"],
        ),
        *_pair(
            "kc",
            v,
            "按期走访人数",
            "Visited as due",
            lambda r: r["visits"]["key_group"]["completed"],
        ),
        *_rate_pair("kr", v, "重点人群走访完成率", "Key-group completion", "kc", "kp"),
        *_pair("od", v, "逾期未访", "Overdue visits", lambda r: r["visits"]["overdue"]["total"]),
        Measure(
            "st",
            s,
            "服务总次数",
            "Services",
            False,
            sum_of=tuple(f"st:{code}" for code in service_types),
        ),
        Measure(
            "st@prev",
            s,
            "服务总次数",
            "Services",
            True,
            get=lambda r: r["services"]["total"],
        ),
    ]
    for code, label in service_types.items():
        out.append(
            Measure(
                f"st:{code}",
                s,
                label,
                label,
                False,
                get=_count_of("services", "by_type", code),
            )
        )
    out += [
        *_pair("da", d, "受理", "Accepted", lambda r: r["disputes"]["accepted"]),
        *_pair("dc", d, "办结", "Concluded", lambda r: r["disputes"]["concluded"]),
        *_pair("dr", d, "调解成功", "Resolved", lambda r: r["disputes"]["resolved"]),
        *_rate_pair("ds", d, "调解成功率", "Success rate", "dr", "dc"),
    ]
    for code, label in dispute_types.items():
        out.append(
            Measure(
                f"dt:{code}",
                d,
                label,
                label,
                False,
                get=_count_of("disputes", "by_type", code),
            )
        )
    for code, label in sources.items():
        out.append(
            Measure(
                f"dsrc:{code}",
                d,
                label,
                label,
                False,
                get=_count_of("disputes", "by_source", code),
            )
        )
    out += [
        *_pair("er", e, "上报", "Reported", lambda r: r["events"]["reported"]),
        *_pair("ec", e, "办结", "Closed", lambda r: r["events"]["closed"]),
        *_pair("et", e, "按时办结", "Closed on time", lambda r: r["events"]["closed_on_time"]),
        *_rate_pair("eo", e, "按时办结率", "On-time rate", "et", "ec"),
        *_pair("eod", e, "逾期", "Overdue", lambda r: r["events"]["overdue"]),
    ]
    return out


def _with_unknown(labels: dict[str, str], seen: set[str]) -> dict[str, str]:
    """Catalogue labels plus any code the data uses that the catalogue lacks."""
    return {**labels, **{code: code for code in sorted(seen - labels.keys())}}


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------


@dataclass
class _Row:
    kind: str  # grid | community | street | total
    cells: tuple[str, str, str, str]
    name: str = ""  # the grid's, community's, street's or scope's own name
    grid: str = ""  # grid code, for grid rows
    span: tuple[int, int] = (0, 0)  # first and last sheet row a subtotal covers
    level: int = 0  # outline level


def _layout(conn: sqlite3.Connection, scope: Scope, lang: str) -> tuple[list[_Row], int]:
    """The summary's rows in order, and how many grids there are."""
    name = "coalesce(nullif({0}.name_en, ''), {0}.name)" if lang == "en" else "{0}.name"
    where, params = scope.sql_filter("g.code")
    grids = conn.execute(
        f"SELECT s.code, {name.format('s')}, c.code, {name.format('c')}, g.code, "
        f"{name.format('g')} FROM grid g JOIN community c ON c.code = g.community_code "
        "JOIN street s ON s.code = c.street_code WHERE g.deleted = 0"
        + where
        + " ORDER BY s.code, c.code, g.code",
        params,
    ).fetchall()
    show_community = scope.kind in ("district", "street")
    show_street = scope.kind == "district"
    grid_level = int(show_community) + int(show_street)
    subtotal = pick(lang, " 小计", " subtotal")
    rows: list[_Row] = []
    r = FIRST_ROW
    street_start = community_start = r
    for n, (street, street_name, community, community_name, grid, grid_name) in enumerate(grids):
        rows.append(
            _Row(
                "grid",
                (street_name, community_name, grid_name, grid),
                grid_name,
                grid,
                level=grid_level,
            )
        )
        r += 1
        nxt = grids[n + 1] if n + 1 < len(grids) else None
        if show_community and (nxt is None or nxt[2] != community):
            rows.append(
                _Row(
                    "community",
                    (street_name, community_name + subtotal, "", ""),
                    community_name,
                    span=(community_start, r - 1),
                    level=grid_level - 1,
                )
            )
            r += 1
            community_start = r
        if show_street and (nxt is None or nxt[0] != street):
            rows.append(
                _Row(
                    "street",
                    (street_name + pick(lang, " 合计", " total"), "", "", ""),
                    street_name,
                    span=(street_start, r - 1),
                )
            )
            r += 1
            street_start = community_start = r
    scope_name = scope.name if lang != "en" else _scope_name_en(conn, scope)
    rows.append(
        _Row(
            "total",
            (scope_name + pick(lang, " 总计", " total"), "", "", ""),
            scope_name,
            span=(FIRST_ROW, max(r - 1, FIRST_ROW)),
        )
    )
    return rows, len(grids)


def _scope_name_en(conn: sqlite3.Connection, scope: Scope) -> str:
    if scope.kind == "district":
        return DISTRICT_NAME_EN
    row = conn.execute(
        f"SELECT coalesce(nullif(name_en, ''), name) FROM {scope.kind} WHERE code = ?",
        (scope.code,),
    ).fetchone()
    return str(row[0]) if row else scope.name


# --------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------

_QUARTERS_ZH = ("一", "二", "三", "四")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def period_title(period: Period, lang: str) -> str:
    """2026年10月 / October 2026, 2026年第三季度 / Q3 2026, 2026年度 / 2026."""
    y, m = period.start.year, period.start.month
    if period.kind == "month":
        return pick(lang, f"{y}年{m}月", f"{_MONTHS_EN[m - 1]} {y}")
    if period.kind == "quarter":
        q = (m - 1) // 3 + 1
        return pick(lang, f"{y}年第{_QUARTERS_ZH[q - 1]}季度", f"Q{q} {y}")
    if period.kind == "year":
        return pick(lang, f"{y}年度", f"{y}")
    return pick(lang, f"{period.start}至{period.end}", f"{period.start} to {period.end}")


def report_title(scope_name: str, period: Period, lang: str) -> str:
    kinds = {"month": "月报", "quarter": "季报", "year": "年报"}
    if lang == "en":
        return f"{scope_name}: grid work report, {period_title(period, lang)}"
    return f"{scope_name}{period_title(period, lang)}网格工作{kinds.get(period.kind, '报表')}"


def _is_nil(results: dict[str, dict[str, Any]]) -> bool:
    """Nothing happened: no visit, service, dispute or event in the period."""
    return not any(
        r["visits"]["household_visits"]
        or r["services"]["total"]
        or r["disputes"]["accepted"]
        or r["disputes"]["concluded"]
        or r["events"]["reported"]
        or r["events"]["closed"]
        for r in results.values()
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_report(
    conn: sqlite3.Connection,
    path: Path | str,
    *,
    scope: Scope,
    period: Period,
    made_by: str = "",
    lang: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    cached_results: bool = True,
) -> ReportResult:
    """Write the report of ``scope`` for ``period`` to ``path``.

    ``cached_results=False`` stores formulas without their values, so that
    only a spreadsheet that recalculates shows numbers (the tests use it to
    prove LibreOffice computes the same totals).
    """
    import xlsxwriter

    lang = language(lang)
    today = today or date.today()
    job = Job(progress, cancel)
    job.report(0, 3)
    previous = period.previous()
    current, before = stats.compute_grids(
        conn, scope=scope, periods=[period, previous], today=today
    )
    job.report(1, 3)
    seen_services = {c for r in [*current.values()] for c in r["services"]["by_type"]}
    seen_types = {c for r in current.values() for c in r["disputes"]["by_type"]}
    seen_sources = {c for r in current.values() for c in r["disputes"]["by_source"]}
    measures = _measures(
        _with_unknown(catalog_labels(conn, "service_type", lang), seen_services),
        _with_unknown(catalog_labels(conn, "dispute_type", lang), seen_types),
        _with_unknown(catalog_labels(conn, "dispute_source", lang), seen_sources),
    )
    rows, n_grids = _layout(conn, scope, lang)
    scope_name = scope.name if lang != "en" else _scope_name_en(conn, scope)
    title = report_title(scope_name, period, lang)
    nil = _is_nil(current)

    with atomic_output(path) as output:
        workbook = xlsxwriter.Workbook(
            output,
            {
                "default_format_properties": default_font(lang),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        try:
            workbook.set_properties(workbook_properties(title, made_by, lang))
            formats = Formats(workbook, lang)
            summary_name = pick(lang, "汇总", "Summary")
            sheet = workbook.add_worksheet(summary_name)
            _plain_formulas(sheet)
            columns = {m.key: ID_COLUMNS + n for n, m in enumerate(measures)}
            values = _Values(measures, columns, rows, current, before)
            _write_summary(
                sheet,
                formats,
                lang=lang,
                title=title,
                subtitle=_subtitle(lang, period, previous, today, made_by),
                nil=nil,
                measures=measures,
                columns=columns,
                rows=rows,
                values=values,
                cached=cached_results,
            )
            job.report(2, 3)
            _write_charts(
                workbook,
                formats,
                lang=lang,
                title=title,
                summary=summary_name,
                measures=measures,
                columns=columns,
                rows=rows,
                values=values,
                scope=scope,
                cached=cached_results,
            )
            workbook.worksheets()[0].activate()
            job.check()
        finally:
            workbook.close()
    job.report(3, 3)
    return ReportResult(Path(path), n_grids, nil)


def _subtitle(lang: str, period: Period, previous: Period, today: date, made_by: str) -> str:
    as_of = min(period.end, today)
    parts = [
        pick(
            lang,
            f"统计时段：{period.start} 至 {period.end}",
            f"Period: {period.start} to {period.end}",
        ),
        pick(
            lang,
            f"上期：{period_title(previous, lang)}（{previous.start} 至 {previous.end}）",
            f"previous period: {period_title(previous, lang)}",
        ),
        pick(lang, f"逾期数截至：{as_of}", f"overdue counted on {as_of}"),
        pick(lang, f"制表人：{made_by}", f"made by {made_by}") if made_by else "",
        pick(lang, f"制表日期：{today}", f"made on {today}"),
    ]
    return pick(lang, "　　", "; ").join(p for p in parts if p)


class _Values:
    """Every number of the summary, as a spreadsheet would compute it (the
    cached results stored beside the formulas, and the charts' data)."""

    def __init__(
        self,
        measures: list[Measure],
        columns: dict[str, int],
        rows: list[_Row],
        current: dict[str, dict[str, Any]],
        before: dict[str, dict[str, Any]],
    ) -> None:
        self.by_cell: dict[tuple[int, int], float | str] = {}
        fetched = [m for m in measures if m.get is not None]
        added = [m for m in measures if m.sum_of]
        for r, row in enumerate(rows, FIRST_ROW):
            if row.kind == "grid":
                for m in fetched:
                    source = before if m.previous else current
                    self.by_cell[(r, columns[m.key])] = m.get(source[row.grid])  # type: ignore[misc]
                for m in added:
                    self.by_cell[(r, columns[m.key])] = sum(
                        float(self.by_cell[(r, columns[k])]) for k in m.sum_of
                    )
            else:
                grid_rows = [
                    i
                    for i in range(row.span[0], row.span[1] + 1)
                    if rows[i - FIRST_ROW].kind == "grid"
                ]
                for m in (*fetched, *added):
                    c = columns[m.key]
                    self.by_cell[(r, c)] = sum(float(self.by_cell[(i, c)]) for i in grid_rows)
            for m in measures:
                if m.rate is not None:
                    num = float(self.by_cell[(r, columns[m.rate[0]])])
                    den = float(self.by_cell[(r, columns[m.rate[1]])])
                    self.by_cell[(r, columns[m.key])] = num / den if den else ""

    def get(self, row: int, column: int) -> float | str:
        return self.by_cell[(row, column)]


def _plain_formulas(ws: Any) -> None:
    """The summary's thousands of formulas use no Excel 365 functions: spare
    XlsxWriter the thirty regular-expression passes per formula that look for
    them (a third of the time the report takes to write)."""

    def prepare(formula: str, expand_future_functions: bool = False) -> str:
        del expand_future_functions
        return formula[1:] if formula.startswith("=") else formula

    if hasattr(ws, "_prepare_formula"):
        ws._prepare_formula = prepare


def _cell(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return str(xl_rowcol_to_cell(row, col))


def _write_summary(
    ws: Any,
    formats: Formats,
    *,
    lang: str,
    title: str,
    subtitle: str,
    nil: bool,
    measures: list[Measure],
    columns: dict[str, int],
    rows: list[_Row],
    values: _Values,
    cached: bool,
) -> None:
    last_col = ID_COLUMNS + len(measures) - 1
    last_row = FIRST_ROW + len(rows) - 1

    # Title, subtitle and the nil-report line.
    first_page = min(last_col, TITLE_COLUMNS)
    ws.set_row(0, 32)
    ws.merge_range(0, 0, 0, first_page, title, formats.title)
    ws.merge_range(1, 0, 1, first_page, subtitle, formats.note)
    if nil:
        ws.merge_range(
            2,
            0,
            2,
            first_page,
            pick(
                lang,
                "本期无走访、服务、纠纷和事件记录（零报告）",
                "Nothing was recorded in this period (nil report).",
            ),
            formats.get(bold=True, font_color="#C00000"),
        )
    else:
        ws.set_row(2, 6)

    # Headers: the four place columns span the three header rows.
    group_row, measure_row, period_row = HEADER_ROWS
    ws.set_row(group_row, 20)
    ws.set_row(measure_row, 54)
    ws.set_row(period_row, 18)
    id_headers = [
        (pick(lang, "街道（镇）", "Street / town"), 11),
        (pick(lang, "社区（村）", "Community / village"), 14),
        (pick(lang, "网格", "Grid"), 16),
        (pick(lang, "网格编码", "Grid code"), 16),
    ]
    for c, (text, width) in enumerate(id_headers):
        ws.merge_range(group_row, c, period_row, c, text, formats.header())
        ws.set_column(c, c, width)
    groups: dict[str, list[int]] = {}
    for m in measures:
        groups.setdefault(m.group, []).append(columns[m.key])
    for group, cols in groups.items():
        fill = GROUP_FILLS[group]
        text = pick(lang, *GROUP_NAMES[group])
        if len(cols) > 1:
            ws.merge_range(
                group_row, cols[0], group_row, cols[-1], text, formats.header(bg_color=fill)
            )
        else:
            ws.write_string(group_row, cols[0], text, formats.header(bg_color=fill))
    this, prev = pick(lang, "本期", "This"), pick(lang, "上期", "Previous")
    n = 0
    while n < len(measures):
        m = measures[n]
        c = columns[m.key]
        fill = GROUP_FILLS[m.group]
        paired = n + 1 < len(measures) and measures[n + 1].key == m.key + "@prev"
        if paired:
            ws.merge_range(
                measure_row, c, measure_row, c + 1, m.header(lang), formats.header(bg_color=fill)
            )
            ws.write_string(period_row, c, this, formats.header(bg_color=fill))
            ws.write_string(
                period_row, c + 1, prev, formats.header(bg_color=fill, font_color="#595959")
            )
            n += 2
        else:
            label = m.header(lang)
            if m.previous:
                label = f"{label}（{prev}）" if lang != "en" else f"{label} ({prev.lower()})"
            ws.merge_range(measure_row, c, period_row, c, label, formats.header(bg_color=fill))
            n += 1
    for m in measures:
        ws.set_column(columns[m.key], columns[m.key], m.width)

    # Body.
    for r, row in enumerate(rows, FIRST_ROW):
        style = _row_style(formats, row.kind)
        if row.kind == "grid":
            for c, text in enumerate(row.cells):
                ws.write_string(r, c, text, style["text"])
        elif row.kind == "community":
            ws.write_string(r, 0, row.cells[0], style["text"])
            ws.merge_range(r, 1, r, ID_COLUMNS - 1, row.cells[1], style["text"])
        else:
            ws.merge_range(r, 0, r, ID_COLUMNS - 1, row.cells[0], style["text"])
        for m in measures:
            c = columns[m.key]
            value = values.get(r, c)
            fmt = style["prev" if m.previous else "number"]
            if m.rate is not None:
                num, den = _cell(r, columns[m.rate[0]]), _cell(r, columns[m.rate[1]])
                ws.write_formula(
                    r,
                    c,
                    f'=IF({den}=0,"",{num}/{den})',
                    style["prev_pct" if m.previous else "pct"],
                    value if cached else None,
                )
            elif row.kind == "grid" and m.get is None:
                first, last = columns[m.sum_of[0]], columns[m.sum_of[-1]]
                ws.write_formula(
                    r,
                    c,
                    f"=SUM({_cell(r, first)}:{_cell(r, last)})",
                    fmt,
                    value if cached else None,
                )
            elif row.kind == "grid":
                ws.write_number(r, c, value, fmt)
            else:
                top, bottom = _cell(row.span[0], c), _cell(row.span[1], c)
                ws.write_formula(
                    r, c, f"=SUBTOTAL(9,{top}:{bottom})", fmt, value if cached else None
                )
        options = {"level": row.level} if row.level else {}
        ws.set_row(r, 18 if row.kind != "grid" else None, None, options)

    # Notes under the table.
    notes = pick(
        lang,
        "说明：1. 重点人群走访完成率 = 按期走访人数 ÷ 重点人群应访人数"
        "（走访间隔不超过一个月的人群）；"
        "2. 调解成功率 = 调解成功 ÷ 办结；按时办结率 = 按时办结 ÷ 办结；"
        "3. 逾期数为统计时段末（或制表日）仍逾期的数量；4. 小计、合计和比率均为公式，可直接核对。",
        "Notes: 1. key-group completion = persons visited as due ÷ key persons to visit "
        "(persons due at least monthly); 2. success rate = resolved ÷ concluded, on-time rate "
        "= closed on time ÷ closed; 3. overdue counts are taken at the end of the period (or "
        "today); 4. subtotals, totals and rates are formulas.",
    )
    ws.merge_range(
        last_row + 2,
        0,
        last_row + 2,
        first_page,
        notes,
        formats.get(font_size=9, text_wrap=True, valign="top"),
    )
    ws.set_row(last_row + 2, 30)

    ws.freeze_panes(FIRST_ROW, ID_COLUMNS)
    ws.outline_settings(True, False, True, False)  # summary rows below the detail
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.3, right=0.3, top=0.6, bottom=0.5)
    ws.repeat_rows(group_row, period_row)
    ws.repeat_columns(0, ID_COLUMNS - 1)
    ws.fit_to_pages(3, 0)
    ws.set_footer(pick(lang, "&C&8第 &P 页，共 &N 页", "&C&8Page &P of &N"), {"margin": 0.25})
    ws.print_area(0, 0, last_row + 2, last_col)


def _row_style(formats: Formats, kind: str) -> dict[str, Any]:
    base: dict[str, Any] = {"border": 1, "border_color": "#BFBFBF"}
    if kind != "grid":
        base.update(bold=True, bg_color=SUBTOTAL_FILLS[kind])
    return {
        "text": formats.get(**base),
        "number": formats.get(num_format="0", align="center", **base),
        "prev": formats.get(num_format="0", align="center", font_color="#7F7F7F", **base),
        "pct": formats.get(num_format=PERCENT, align="center", **base),
        "prev_pct": formats.get(num_format=PERCENT, align="center", font_color="#7F7F7F", **base),
    }


def _chart_units(rows: list[_Row]) -> list[tuple[int, str]]:
    """(summary row, name) of the units charted: grids, or communities, or
    streets, whichever is the finest level with at most MAX_CHART_BARS."""
    for kind in ("grid", "community", "street"):
        units = [(r, row.name) for r, row in enumerate(rows, FIRST_ROW) if row.kind == kind]
        if units and len(units) <= MAX_CHART_BARS:
            return units
    return [(FIRST_ROW + len(rows) - 1, rows[-1].name)]


def _write_charts(
    workbook: Any,
    formats: Formats,
    *,
    lang: str,
    title: str,
    summary: str,
    measures: list[Measure],
    columns: dict[str, int],
    rows: list[_Row],
    values: _Values,
    scope: Scope,
    cached: bool,
) -> None:
    ws = workbook.add_worksheet(pick(lang, "图表", "Charts"))
    ref = f"'{summary}'!"
    total_row = FIRST_ROW + len(rows) - 1
    head = formats.header()
    ws.merge_range(0, 0, 0, 9, title, formats.title)
    ws.set_row(0, 32)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 3, 10)
    ws.set_column(4, 4, 3)
    ws.set_column(5, 5, 16)
    ws.set_column(6, 7, 10)

    # Household visits per unit, this period and the previous one.
    units = _chart_units(rows)
    kind = rows[units[0][0] - FIRST_ROW].kind
    unit_word = {
        "grid": ("网格", "grid"),
        "community": ("社区", "community"),
        "street": ("街道", "street"),
    }
    ws.write_string(
        2,
        0,
        pick(lang, f"各{unit_word[kind][0]}走访户次", f"Household visits per {unit_word[kind][1]}"),
        formats.get(bold=True, font_size=11),
    )
    ws.write_row(
        3,
        0,
        [
            pick(lang, unit_word[kind][0], unit_word[kind][1].capitalize()),
            pick(lang, "本期", "This period"),
            pick(lang, "上期", "Previous"),
        ],
        head,
    )
    hv, hv_prev = columns["hv"], columns["hv@prev"]
    for n, (r, name) in enumerate(units):
        row = 4 + n
        ws.write_string(row, 0, name)
        ws.write_formula(
            row, 1, f"={ref}{_cell(r, hv)}", None, values.get(r, hv) if cached else None
        )
        ws.write_formula(
            row, 2, f"={ref}{_cell(r, hv_prev)}", None, values.get(r, hv_prev) if cached else None
        )
    last = 4 + len(units) - 1
    sheet = pick(lang, "图表", "Charts")
    visits = workbook.add_chart({"type": "bar"})
    for col, color in ((1, "#4472C4"), (2, "#A5A5A5")):
        visits.add_series(
            {
                "name": [sheet, 3, col],
                "categories": [sheet, 4, 0, last, 0],
                "values": [sheet, 4, col, last, col],
                "fill": {"color": color},
                "gap": 60,
            }
        )
    visits.set_title(
        {
            "name": pick(
                lang,
                f"各{unit_word[kind][0]}走访户次",
                f"Household visits per {unit_word[kind][1]}",
            ),
            "name_font": {"size": 12},
        }
    )
    visits.set_y_axis({"reverse": True})
    visits.set_legend({"position": "top"})
    height = max(320, 40 + 22 * len(units))
    visits.set_size({"width": 620, "height": height})
    ws.insert_chart(2, 9, visits)

    # Disputes by type (count and share).
    types = [m for m in measures if m.key.startswith("dt:")]
    start = 2
    ws.write_string(
        start,
        5,
        pick(lang, "矛盾纠纷类型分布", "Disputes by type"),
        formats.get(bold=True, font_size=11),
    )
    ws.write_row(
        start + 1,
        5,
        [pick(lang, "类型", "Type"), pick(lang, "件数", "Count"), pick(lang, "占比", "Share")],
        head,
    )
    total_cell = f"{ref}{_cell(total_row, columns['da'])}"
    accepted = values.get(total_row, columns["da"])
    for n, m in enumerate(types):
        row = start + 2 + n
        c = columns[m.key]
        count = values.get(total_row, c)
        ws.write_string(row, 5, m.header(lang))
        ws.write_formula(row, 6, f"={ref}{_cell(total_row, c)}", None, count if cached else None)
        share = float(count) / float(accepted) if accepted else ""
        ws.write_formula(
            row,
            7,
            f'=IF({total_cell}=0,"",{_cell(row, 6)}/{total_cell})',
            formats.get(num_format=PERCENT),
            share if cached else None,
        )
    last_type = start + 2 + len(types) - 1
    disputes = workbook.add_chart({"type": "bar"})
    disputes.add_series(
        {
            "name": pick(lang, "件数", "Count"),
            "categories": [sheet, start + 2, 5, last_type, 5],
            "values": [sheet, start + 2, 6, last_type, 6],
            "fill": {"color": "#ED7D31"},
            "gap": 50,
            "data_labels": {"value": True},
        }
    )
    disputes.set_title(
        {
            "name": pick(lang, "矛盾纠纷类型分布（本期受理）", "Disputes accepted, by type"),
            "name_font": {"size": 12},
        }
    )
    disputes.set_y_axis({"reverse": True})
    disputes.set_legend({"none": True})
    disputes.set_size({"width": 620, "height": 420})
    ws.insert_chart(2 + max(16, height // 20 + 2), 9, disputes)
    del scope
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
