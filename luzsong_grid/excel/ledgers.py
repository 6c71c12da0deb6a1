"""Ledgers (台账): visits, disputes, services and events, one record a row.

Rows come from one SQL query each, read with a plain cursor and written as
they come: names, labels, masked numbers and Excel date serials are all made
in SQL, so Python only hands values to the writer, and memory stays flat
however many rows there are. Each sheet has a title, a frozen header row with
an autofilter, widths that fit the content, real dates, a totals row that
follows the filter, and A4 landscape printing with the header on every page.

ID and phone numbers are masked (430203********1234, 138****1234) unless the
caller passes ``unmasked=True``; who may ask is decided in
:mod:`luzsong_grid.excel.access`.
"""

from __future__ import annotations

import contextlib
import math
import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from luzsong_grid.domain import workflow
from luzsong_grid.domain.visits import VISIT_FLAGS
from luzsong_grid.excel.common import (
    DATE,
    DATE_TIME,
    Cancel,
    Formats,
    Job,
    Progress,
    atomic_output,
    catalog_labels,
    default_font,
    excel_serial_sql,
    language,
    masked_id_sql,
    masked_phone_sql,
    pick,
    register_masks,
    table_labels,
    workbook_properties,
)
from luzsong_grid.reports.scope import Scope
from luzsong_grid.reports.stats import CLOSED_EVENT

LEDGERS = ("visits", "disputes", "services", "events")
PROGRESS_EVERY = 2000  # rows between progress reports and cancel checks
FIRST_DATA_ROW = 3  # 0: title, 1: notes, 2: header
LINE_HEIGHT = 13.0  # points per line of 10-point text
MAX_LINES = 30
TITLE_COLUMNS = 17  # the title spans about the first printed page

SATISFACTION = {
    "satisfied": ("满意", "Satisfied"),
    "basically": ("基本满意", "Fairly satisfied"),
    "unsatisfied": ("不满意", "Unsatisfied"),
}


@dataclass(frozen=True)
class Column:
    zh: str
    en: str
    width: float
    kind: str = "text"  # text | wrap | center | int | money | date | datetime
    total: str = ""  # "" | "sum" | "count": what the totals row shows

    def header(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)


SEQ = Column("序号", "No.", 6, "int", "count")


@dataclass
class Sheet:
    """One sheet of a ledger: its columns and the query whose rows fill them
    (a row holds the values of ``columns`` after the sequence number)."""

    zh: str
    en: str
    columns: list[Column] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    sql_from: str = ""
    where_params: list[Any] = field(default_factory=list)
    estimate_sql: str = ""

    def add(self, column: Column, sql: str, *params: Any) -> None:
        self.columns.append(column)
        self.select.append(sql)
        self.params.extend(params)

    def add_pair(self, column: Column, pair: tuple[str, list[Any]]) -> None:
        self.add(column, pair[0], *pair[1])

    def sql(self) -> tuple[str, list[Any]]:
        return (
            f"SELECT {', '.join(self.select)} {self.sql_from}",
            [*self.params, *self.where_params],
        )


@dataclass(frozen=True)
class LedgerResult:
    path: Path
    rows: int  # records on the main sheet


@dataclass
class _Context:
    conn: sqlite3.Connection
    lang: str
    masked: bool
    scope: Scope
    grids: tuple[str, ...]
    start: date
    end: date

    def text(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def label(self, column: str, labels: dict[str, str]) -> tuple[str, list[str]]:
        """SQL giving the label of the code in ``column`` (the code itself if unknown)."""
        if not labels:
            return f"coalesce({column}, '')", []
        whens = " ".join("WHEN ? THEN ?" for _ in labels)
        params = [v for pair in labels.items() for v in pair]
        return f"CASE {column} {whens} ELSE coalesce({column}, '') END", params

    def name(self, alias: str) -> str:
        return (
            f"coalesce(nullif({alias}.name_en, ''), {alias}.name)"
            if self.lang == "en"
            else (f"{alias}.name")
        )

    def id_number(self, column: str) -> str:
        return masked_id_sql(column) if self.masked else f"coalesce({column}, '')"

    def phone(self, column: str) -> str:
        return masked_phone_sql(column) if self.masked else f"coalesce({column}, '')"

    def yes_no(self, column: str) -> tuple[str, list[str]]:
        return (
            f"CASE WHEN {column} THEN ? ELSE ? END",
            [self.text("是", "Yes"), self.text("否", "No")],
        )

    def in_grids(self, column: str) -> tuple[str, list[str]]:
        if not self.grids:
            return " AND 0", []
        return f" AND {column} IN ({','.join('?' * len(self.grids))})", list(self.grids)

    def territory(self, sheet: Sheet, grid_column: str) -> str:
        """Adds street, community and grid columns; returns the joins they need."""
        sheet.add(Column("街道（镇）", "Street / town", 11), self.name("s"))
        sheet.add(Column("社区（村）", "Community / village", 12), self.name("c"))
        sheet.add(Column("网格", "Grid", 14), self.name("g"))
        return (
            f" JOIN grid g ON g.code = {grid_column}"
            " JOIN community c ON c.code = g.community_code"
            " JOIN street s ON s.code = c.street_code"
        )


def _day_bounds(ctx: _Context) -> tuple[str, str]:
    return ctx.start.isoformat(), f"{ctx.end.isoformat()} 23:59:59.999999"


# --------------------------------------------------------------------------
# The four ledgers
# --------------------------------------------------------------------------


def _visits(ctx: _Context) -> list[Sheet]:
    sheet = Sheet("走访台账", "Visits")
    sheet.add(
        Column("走访时间", "Visited at", 16, "datetime", "count"),
        excel_serial_sql("v.visited_at"),
    )
    joins = ctx.territory(sheet, "v.grid_code")
    sheet.add(Column("住户地址", "Address", 30), "coalesce(h.address, '')")
    sheet.add(
        Column("走访对象", "Person visited", 10),
        "CASE WHEN v.person_id IS NULL THEN ? ELSE coalesce(p.name, '') END",
        ctx.text("全户", "Whole household"),
    )
    sheet.add(Column("身份证号", "ID number", 20), ctx.id_number("p.id_number"))
    sheet.add(
        Column("联系电话", "Phone", 14),
        ctx.phone("coalesce(nullif(p.phone, ''), h.phone)"),
    )
    kind_sql, kind_params = ctx.label("v.kind", catalog_labels(ctx.conn, "visit_kind", ctx.lang))
    sheet.add(Column("走访类型", "Kind", 12), kind_sql, *kind_params)
    sheet.add(Column("网格员", "Grid worker", 10), "coalesce(a.display_name, '')")
    sheet.add(Column("陪同人员", "Companions", 10), "v.companions")
    findings = catalog_labels(ctx.conn, "visit_finding", ctx.lang)
    sep, text_sep = ctx.text("、", ", "), ctx.text("；", "; ")
    flags = " || ".join(f"CASE WHEN v.found_{f} THEN ? ELSE '' END" for f in VISIT_FLAGS)
    flag_params = [findings.get(f, f) + sep for f in VISIT_FLAGS]
    flags_sql = f"rtrim({flags}, ?)"
    sheet.add(
        Column("发现情况", "Findings", 28, "wrap"),
        f"CASE WHEN v.findings = '' THEN {flags_sql} "
        f"WHEN {flags_sql} = '' THEN v.findings "
        f"ELSE {flags_sql} || ? || v.findings END",
        *flag_params,
        sep,
        *flag_params,
        sep,
        *flag_params,
        sep,
        text_sep,
    )
    sheet.add(Column("处置情况", "Action taken", 28, "wrap"), "v.action_taken")
    sheet.add(Column("跟进期限", "Follow up by", 11, "date"), excel_serial_sql("v.followup_due"))
    done_sql, done_params = ctx.yes_no("v.followup_done")
    sheet.add(
        Column("已跟进", "Followed up", 7, "center"),
        f"CASE WHEN v.followup_due IS NULL THEN '' ELSE {done_sql} END",
        *done_params,
    )
    sheet.add(Column("备注", "Notes", 20, "wrap"), "v.notes")
    where, grids = ctx.in_grids("v.grid_code")
    condition = "WHERE v.deleted = 0 AND v.voided = 0" + where + " AND v.visited_at BETWEEN ? AND ?"
    # "visit v CROSS JOIN": the visits drive the query through their
    # (grid, visited_at) index, so rows come out in order without a sort.
    sheet.sql_from = (
        "FROM visit v CROSS JOIN household h ON h.id = v.household_id"
        + joins
        + " LEFT JOIN person p ON p.id = v.person_id"
        " LEFT JOIN account a ON a.id = v.worker_id "
        + condition
        + " ORDER BY v.grid_code, v.visited_at, v.id"
    )
    sheet.where_params = [*grids, *_day_bounds(ctx)]
    # The estimate counts on the index alone (voided visits included).
    sheet.estimate_sql = (
        "SELECT count(*) FROM visit v WHERE 1" + where + " AND v.visited_at BETWEEN ? AND ?"
    )
    return [sheet]


def _party_role(ctx: _Context, column: str) -> tuple[str, list[str]]:
    return ctx.label(column, catalog_labels(ctx.conn, "party_role", ctx.lang))


def _disputes(ctx: _Context) -> list[Sheet]:
    main = Sheet("矛盾纠纷台账", "Disputes")
    main.add(Column("案件编号", "Case no.", 29, "text", "count"), "d.case_no")
    joins = ctx.territory(main, "d.grid_code")
    main.add(Column("发现日期", "Found on", 11, "date"), excel_serial_sql("d.found_on"))
    main.add(Column("受理日期", "Accepted on", 11, "date"), excel_serial_sql("d.accepted_on"))
    main.add(Column("办理期限", "Deadline", 11, "date"), excel_serial_sql("d.deadline"))
    type_sql, type_params = ctx.label(
        "d.type_code", catalog_labels(ctx.conn, "dispute_type", ctx.lang)
    )
    main.add(Column("纠纷类型", "Type", 12), type_sql, *type_params)
    source_sql, source_params = ctx.label(
        "d.source_code", catalog_labels(ctx.conn, "dispute_source", ctx.lang)
    )
    main.add(Column("纠纷来源", "Source", 10), source_sql, *source_params)
    main.add(Column("规模", "Scale", 6, "center"), "d.scale")
    main.add(Column("涉及人数", "People", 6, "int", "sum"), "d.people_involved")
    main.add(Column("涉及金额（元）", "Amount (yuan)", 12, "money", "sum"), "d.amount")
    role_sql, role_params = _party_role(ctx, "dp.role")
    party_rows = (
        "FROM dispute_party dp WHERE dp.dispute_id = d.id AND dp.deleted = 0 "
        "ORDER BY dp.created_at, dp.id"
    )
    main.add(
        Column("当事人", "Parties", 18, "wrap"),
        "coalesce((SELECT group_concat(x, char(10)) FROM (SELECT dp.name || "
        f"CASE WHEN dp.role = '' THEN '' ELSE ? || {role_sql} || ? END AS x {party_rows})), '')",
        ctx.text("（", " ("),
        *role_params,
        ctx.text("）", ")"),
    )
    main.add(
        Column("身份证号", "ID numbers", 20, "wrap"),
        "rtrim(coalesce((SELECT group_concat(x, char(10)) FROM "
        f"(SELECT {ctx.id_number('dp.id_number')} AS x {party_rows})), ''), char(10))",
    )
    main.add(
        Column("联系电话", "Phones", 14, "wrap"),
        "rtrim(coalesce((SELECT group_concat(x, char(10)) FROM "
        f"(SELECT {ctx.phone('dp.phone')} AS x {party_rows})), ''), char(10))",
    )
    main.add(Column("纠纷地点", "Place", 22, "wrap"), "d.place")
    main.add(Column("纠纷概要", "Summary", 32, "wrap"), "d.summary")
    major_sql, major_params = ctx.yes_no("d.major")
    main.add(Column("重大纠纷", "Major", 6, "center"), major_sql, *major_params)
    main.add(Column("调处措施", "Measures", 26, "wrap"), "d.measures")
    main.add(Column("责任单位", "Responsible body", 18, "wrap"), "d.responsible_department")
    main.add(Column("责任人", "Responsible person", 8), "d.responsible_person")
    statuses = {s.value: workflow.label(s.value, ctx.lang) for s in workflow.DisputeStatus}
    main.add_pair(Column("状态", "Status", 10), ctx.label("d.status", statuses))
    result_sql, result_params = ctx.label(
        "d.result", catalog_labels(ctx.conn, "dispute_result", ctx.lang)
    )
    main.add(Column("调解结果", "Result", 8, "center"), result_sql, *result_params)
    method_sql, method_params = ctx.label(
        "d.method", catalog_labels(ctx.conn, "dispute_method", ctx.lang)
    )
    main.add(Column("调解方式", "Method", 10), method_sql, *method_params)
    main.add(Column("办结日期", "Resolved on", 11, "date"), excel_serial_sql("d.resolved_on"))
    agreement_sql, agreement_params = ctx.yes_no("d.agreement")
    main.add(Column("达成协议", "Agreement", 6, "center"), agreement_sql, *agreement_params)
    main.add(Column("协议编号", "Agreement no.", 20), "d.agreement_no")
    main.add(
        Column("履行期限", "Perform by", 11, "date"), excel_serial_sql("d.performance_deadline")
    )
    prevented_sql, prevented_params = ctx.yes_no("d.escalation_prevented")
    main.add(
        Column("防止激化", "Escalation prevented", 6, "center"),
        prevented_sql,
        *prevented_params,
    )
    sat = ctx.label("f.satisfaction", {k: pick(ctx.lang, *v) for k, v in SATISFACTION.items()})
    main.add(
        Column("回访次数", "Follow-ups", 6, "int", "sum"),
        "(SELECT count(*) FROM dispute_followup f WHERE f.dispute_id = d.id "
        "AND f.deleted = 0 AND f.done_on IS NOT NULL)",
    )
    main.add(
        Column("回访情况", "Follow-up visits", 30, "wrap"),
        "coalesce((SELECT group_concat(x, char(10)) FROM (SELECT f.done_on || ' ' || "
        f"coalesce(fa.display_name, '') || ' ' || {sat[0]} || "
        "CASE WHEN f.remaining_risk = '' THEN '' ELSE ? || f.remaining_risk END || "
        "CASE WHEN f.note = '' THEN '' ELSE ? || f.note END AS x "
        "FROM dispute_followup f LEFT JOIN account fa ON fa.id = f.by_account "
        "WHERE f.dispute_id = d.id AND f.deleted = 0 AND f.done_on IS NOT NULL "
        "ORDER BY f.done_on, f.id)), '')",
        *sat[1],
        ctx.text("；遗留风险：", "; remaining risk: "),
        ctx.text("；", "; "),
    )
    main.add(Column("登记人", "Registered by", 8), "coalesce(a.display_name, '')")
    where, grids = ctx.in_grids("d.grid_code")
    condition = "WHERE d.deleted = 0" + where + " AND d.accepted_on BETWEEN ? AND ?"
    span = [*grids, ctx.start.isoformat(), ctx.end.isoformat()]
    main.sql_from = (
        "FROM dispute d"
        + joins
        + " LEFT JOIN account a ON a.id = d.reported_by "
        + condition
        + " ORDER BY d.grid_code, d.accepted_on, d.case_no, d.id"
    )
    main.where_params = span
    main.estimate_sql = "SELECT count(*) FROM dispute d " + condition

    parties = Sheet("当事人", "Parties")
    parties.add(Column("案件编号", "Case no.", 29, "text", "count"), "d.case_no")
    parties.add(Column("网格", "Grid", 14), ctx.name("g"))
    parties.add(Column("姓名", "Name", 10), "dp.name")
    parties.add_pair(Column("角色", "Role", 10), _party_role(ctx, "dp.role"))
    parties.add(Column("身份证号", "ID number", 20), ctx.id_number("dp.id_number"))
    parties.add(Column("联系电话", "Phone", 14), ctx.phone("dp.phone"))
    parties.sql_from = (
        "FROM dispute d JOIN grid g ON g.code = d.grid_code "
        "JOIN dispute_party dp ON dp.dispute_id = d.id AND dp.deleted = 0 "
        + condition
        + " ORDER BY d.grid_code, d.accepted_on, d.case_no, d.id, dp.created_at, dp.id"
    )
    parties.where_params = span
    parties.estimate_sql = (
        "SELECT count(*) FROM dispute d JOIN dispute_party dp ON dp.dispute_id = d.id "
        "AND dp.deleted = 0 " + condition
    )

    followups = Sheet("回访记录", "Follow-ups")
    followups.add(Column("案件编号", "Case no.", 29, "text", "count"), "d.case_no")
    followups.add(Column("网格", "Grid", 14), ctx.name("g"))
    followups.add(Column("应回访日期", "Due on", 11, "date"), excel_serial_sql("f.due_on"))
    followups.add(Column("回访日期", "Done on", 11, "date"), excel_serial_sql("f.done_on"))
    followups.add(Column("回访人", "By", 10), "coalesce(fa.display_name, '')")
    performed_sql, performed_params = ctx.yes_no("f.performed")
    followups.add(
        Column("协议已履行", "Agreement performed", 8, "center"),
        f"CASE WHEN f.done_on IS NULL THEN '' ELSE {performed_sql} END",
        *performed_params,
    )
    followups.add_pair(Column("满意度", "Satisfaction", 10), sat)
    followups.add(Column("遗留风险", "Remaining risk", 20, "wrap"), "f.remaining_risk")
    followups.add(Column("备注", "Notes", 30, "wrap"), "f.note")
    followups.sql_from = (
        "FROM dispute d JOIN grid g ON g.code = d.grid_code "
        "JOIN dispute_followup f ON f.dispute_id = d.id AND f.deleted = 0 "
        "LEFT JOIN account fa ON fa.id = f.by_account "
        + condition
        + " ORDER BY d.grid_code, d.accepted_on, d.case_no, d.id, f.due_on, f.id"
    )
    followups.where_params = span
    followups.estimate_sql = (
        "SELECT count(*) FROM dispute d JOIN dispute_followup f ON f.dispute_id = d.id "
        "AND f.deleted = 0 " + condition
    )
    return [main, parties, followups]


def _services(ctx: _Context) -> list[Sheet]:
    sheet = Sheet("网格服务台账", "Services")
    sheet.add(Column("服务日期", "Date", 11, "date", "count"), excel_serial_sql("t.done_on"))
    joins = ctx.territory(sheet, "t.grid_code")
    type_sql, type_params = ctx.label(
        "t.type_code", catalog_labels(ctx.conn, "service_type", ctx.lang)
    )
    sheet.add(Column("服务类型", "Service", 16), type_sql, *type_params)
    sheet.add(Column("次数", "Count", 6, "int", "sum"), "t.count")
    sheet.add(Column("服务对象", "Resident", 10), "coalesce(p.name, '')")
    sheet.add(Column("住户地址", "Address", 30), "coalesce(h.address, '')")
    sheet.add(Column("网格员", "Grid worker", 10), "coalesce(a.display_name, '')")
    sheet.add(Column("备注", "Notes", 30, "wrap"), "t.note")
    where, grids = ctx.in_grids("t.grid_code")
    condition = "WHERE t.deleted = 0" + where + " AND t.done_on BETWEEN ? AND ?"
    sheet.sql_from = (
        "FROM service_tally t" + joins + " LEFT JOIN person p ON p.id = t.person_id"
        " LEFT JOIN household h ON h.id = coalesce(t.household_id, p.household_id)"
        " LEFT JOIN account a ON a.id = t.worker_id "
        + condition
        + " ORDER BY t.grid_code, t.done_on, t.id"
    )
    sheet.where_params = [*grids, ctx.start.isoformat(), ctx.end.isoformat()]
    sheet.estimate_sql = "SELECT count(*) FROM service_tally t " + condition
    return [sheet]


def _events(ctx: _Context) -> list[Sheet]:
    sheet = Sheet("网格事件台账", "Events")
    sheet.add(Column("事件编号", "Event no.", 29, "text", "count"), "e.event_no")
    sheet.add(Column("上报时间", "Reported at", 16, "datetime"), excel_serial_sql("e.reported_at"))
    joins = ctx.territory(sheet, "e.grid_code")
    sheet.add_pair(
        Column("事件类别", "Category", 14),
        ctx.label("e.category_code", table_labels(ctx.conn, "event_category", ctx.lang)),
    )
    sheet.add_pair(
        Column("事项", "Item", 22, "wrap"),
        ctx.label("e.item_code", table_labels(ctx.conn, "event_item", ctx.lang)),
    )
    sheet.add_pair(
        Column("责任部门", "Department", 14),
        ctx.label("e.department_code", table_labels(ctx.conn, "department", ctx.lang)),
    )
    sheet.add_pair(
        Column("紧急程度", "Urgency", 7, "center"),
        ctx.label("e.urgency", catalog_labels(ctx.conn, "urgency", ctx.lang)),
    )
    sheet.add(Column("办理时限", "Deadline", 16, "datetime"), excel_serial_sql("e.deadline_at"))
    sheet.add(Column("延期至", "Extended to", 16, "datetime"), excel_serial_sql("e.extended_to"))
    sheet.add(Column("事发地点", "Place", 22, "wrap"), "e.place")
    sheet.add(Column("事件描述", "Description", 36, "wrap"), "e.description")
    statuses = {s.value: workflow.label(s.value, ctx.lang) for s in workflow.EventStatus}
    sheet.add_pair(Column("状态", "Status", 10), ctx.label("e.status", statuses))
    sheet.add(Column("办结时间", "Closed at", 16, "datetime"), excel_serial_sql("e.closed_at"))
    closed_marks = ",".join("?" * len(CLOSED_EVENT))
    yes, no = ctx.text("是", "Yes"), ctx.text("否", "No")
    sheet.add(
        Column("按时办结", "On time", 7, "center"),
        f"CASE WHEN e.status NOT IN ({closed_marks}) OR e.closed_at IS NULL THEN '' "
        "WHEN e.closed_at <= coalesce(e.extended_to, e.deadline_at) THEN ? ELSE ? END",
        *CLOSED_EVENT,
        yes,
        no,
    )
    supervised_sql, supervised_params = ctx.yes_no("e.supervised")
    sheet.add(Column("督办", "Supervised", 6, "center"), supervised_sql, *supervised_params)
    sheet.add(Column("上报人", "Reported by", 10), "coalesce(a.display_name, '')")
    where, grids = ctx.in_grids("e.grid_code")
    condition = "WHERE e.deleted = 0" + where + " AND e.reported_at BETWEEN ? AND ?"
    sheet.sql_from = (
        "FROM event e"
        + joins
        + " LEFT JOIN account a ON a.id = e.reported_by "
        + condition
        + " ORDER BY e.grid_code, e.reported_at, e.id"
    )
    sheet.where_params = [*grids, *_day_bounds(ctx)]
    sheet.estimate_sql = "SELECT count(*) FROM event e " + condition
    return [sheet]


_BUILDERS: dict[str, Callable[[_Context], list[Sheet]]] = {
    "visits": _visits,
    "disputes": _disputes,
    "services": _services,
    "events": _events,
}

TITLES = {
    "visits": ("走访台账", "Visit ledger"),
    "disputes": ("矛盾纠纷排查化解台账", "Dispute mediation ledger"),
    "services": ("网格服务台账", "Grid service ledger"),
    "events": ("网格事件台账", "Grid event ledger"),
}


def sheets(
    conn: sqlite3.Connection,
    kind: str,
    *,
    scope: Scope,
    start: date,
    end: date,
    unmasked: bool = False,
    lang: str | None = None,
) -> list[Sheet]:
    """The sheets of ledger ``kind`` with their queries (for the export and
    for the benchmark, which writes the same rows with a bare writer)."""
    grids = scope.grids
    if grids is None:
        grids = tuple(r[0] for r in conn.execute("SELECT code FROM grid WHERE deleted = 0"))
    ctx = _Context(conn, language(lang), not unmasked, scope, tuple(sorted(grids)), start, end)
    return _BUILDERS[kind](ctx)


def rows(conn: sqlite3.Connection, sheet: Sheet) -> Iterable[tuple[Any, ...]]:
    """The rows of ``sheet``, straight from an SQLite cursor."""
    register_masks(conn)
    sql, params = sheet.sql()
    return conn.execute(sql, params)


_DONE = object()


def rows_ahead(
    conn: sqlite3.Connection, sheet: Sheet, batch: int = 512, depth: int = 8
) -> Generator[tuple[Any, ...], None, None]:
    """:func:`rows`, read by a helper thread a few batches ahead of the
    writer: SQLite runs while Python formats the cells (it lets go of the
    interpreter while it works), and at most ``depth`` batches wait in
    memory. Stopping early (a cancel, an error) stops the reader too."""
    ready: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: Any) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        cursor: Any = None
        try:
            cursor = rows(conn, sheet)
            while chunk := cursor.fetchmany(batch):
                if not offer(chunk):
                    return
            offer(_DONE)
        except BaseException as exc:  # handed to the writer, which raises it
            offer(exc)
        finally:
            if cursor is not None:
                cursor.close()

    reader = threading.Thread(target=read, name="ledger-rows", daemon=True)
    reader.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item
    finally:
        stop.set()
        if reader.is_alive():
            conn.interrupt()
        reader.join()


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_ledger(
    conn: sqlite3.Connection,
    path: Path | str,
    kind: str,
    *,
    scope: Scope,
    start: date,
    end: date,
    made_by: str = "",
    unmasked: bool = False,
    lang: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> LedgerResult:
    """Write ledger ``kind`` (visits, disputes, services, events) of
    ``scope`` from ``start`` to ``end`` (inclusive) to ``path``."""
    import xlsxwriter

    if kind not in _BUILDERS:
        raise ValueError(f"unknown ledger {kind!r}")
    lang = language(lang)
    job = Job(progress, cancel)
    register_masks(conn)
    parts = sheets(conn, kind, scope=scope, start=start, end=end, unmasked=unmasked, lang=lang)
    estimates = [
        conn.execute(s.estimate_sql, s.where_params).fetchone()[0] if s.estimate_sql else 0
        for s in parts
    ]
    total = sum(estimates)
    job.report(0, total)
    zh_title, en_title = TITLES[kind]
    title = f"{scope.name if lang != 'en' else _scope_name_en(conn, scope)}" + pick(
        lang, zh_title, f" — {en_title}"
    )
    made_on = (today or date.today()).isoformat()
    main_rows = 0
    with atomic_output(path) as output:
        workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "default_format_properties": default_font(lang),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        try:
            workbook.set_properties(workbook_properties(title, made_by, lang))
            formats = Formats(workbook, lang)
            done = 0
            for n, sheet in enumerate(parts):
                notes = _notes(lang, start, end, made_by, made_on, masked=not unmasked)
                written = _write_sheet(
                    workbook,
                    formats,
                    sheet,
                    conn,
                    lang=lang,
                    title=title if n == 0 else f"{title} · {pick(lang, sheet.zh, sheet.en)}",
                    notes=notes,
                    job=job,
                    done=done,
                    total=total,
                )
                done += written
                total = max(total, done + sum(estimates[n + 1 :]))
                if n == 0:
                    main_rows = written
            job.check()
        finally:
            workbook.close()
    job.report(done, done)
    return LedgerResult(Path(path), main_rows)


def _scope_name_en(conn: sqlite3.Connection, scope: Scope) -> str:
    from luzsong_grid.reports.scope import DISTRICT_NAME_EN

    if scope.kind == "district":
        return DISTRICT_NAME_EN
    row = conn.execute(
        f"SELECT coalesce(nullif(name_en, ''), name) FROM {scope.kind} WHERE code = ?",
        (scope.code,),
    ).fetchone()
    return str(row[0]) if row else scope.name


def _notes(lang: str, start: date, end: date, made_by: str, made_on: str, *, masked: bool) -> str:
    privacy = (
        pick(lang, "身份证号、联系电话已脱敏", "ID and phone numbers are masked")
        if masked
        else pick(
            lang,
            "本表含完整身份证号和联系电话，请妥善保管，用后及时删除",
            "This file holds full ID and phone numbers: keep it safe and delete it after use",
        )
    )
    parts = [
        pick(lang, f"时段：{start} 至 {end}", f"From {start} to {end}"),
        pick(lang, f"制表人：{made_by}", f"Made by {made_by}") if made_by else "",
        pick(lang, f"制表日期：{made_on}", f"made on {made_on}"),
        privacy,
    ]
    return pick(lang, "　　", "; ").join(p for p in parts if p)


def text_lines(text: str, room: float) -> int:
    """Roughly how many lines ``text`` takes in a column ``room`` characters
    wide (a Chinese character is as wide as two Latin ones)."""
    count = 0
    for part in text.split("\n"):
        # A Chinese character is 3 bytes in UTF-8, a Latin one 1: 2 units and 1.
        units = len(part) if part.isascii() else (len(part.encode()) + len(part)) / 2
        count += max(1, math.ceil(units / max(room, 1.0)))
    return count


def _column_format(formats: Formats, column: Column) -> Any:
    kind = column.kind
    if kind == "date":
        return formats.get(num_format=DATE, align="center")
    if kind == "datetime":
        return formats.get(num_format=DATE_TIME, align="center")
    if kind == "money":
        return formats.get(num_format="#,##0.00")
    if kind == "int":
        return formats.get(num_format="0", align="center")
    if kind == "center":
        return formats.get(align="center")
    if kind == "wrap":
        return formats.get(text_wrap=True)
    return None  # the Normal style (vertically centred, like the others)


NUMERIC = ("int", "money", "date", "datetime")
_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")


def _xml_text(text: str) -> str:
    """``text`` escaped for an inline string, as XlsxWriter (and Excel) escape it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


def _xf(cell_format: Any) -> int | None:
    return None if cell_format is None else int(cell_format._get_xf_index())


class _RowSink:
    """Data rows written straight into XlsxWriter's constant-memory row file,
    as the XML XlsxWriter itself would write for them: the same cells and
    styles, without building a cell object per value. The ledger's rows are
    most of the file, so this is most of the time saved (see
    bench/bench_export.py); the title, header and totals rows around them go
    through XlsxWriter's own methods.

    It relies on XlsxWriter's constant-memory internals; when they are not as
    expected (another XlsxWriter version), :meth:`attach` returns None and the
    rows go through the public methods instead.
    """

    def __init__(
        self, ws: Any, styles: list[int | None], numeric: list[bool], first_row: int
    ) -> None:
        from xlsxwriter.utility import xl_col_to_name

        self._ws = ws
        self._first = first_row
        self._out = ws.row_data_fh
        self._buffer: list[str] = []
        self._numeric = numeric
        # Per column: the start of a cell element and its style attribute.
        self._cells = [
            (f'<c r="{xl_col_to_name(c)}', f' s="{style}"' if style else "")
            for c, style in enumerate(styles)
        ]

    @classmethod
    def attach(cls, ws: Any, first_row: int, numeric: list[bool]) -> _RowSink | None:
        needed = ("row_data_fh", "previous_row", "_write_single_row", "_check_dimensions")
        if not getattr(ws, "constant_memory", False) or not all(hasattr(ws, a) for a in needed):
            return None
        ws._write_single_row(first_row)  # the rows above (title, header) as usual
        if ws.row_data_fh is None or ws.previous_row != first_row:
            return None
        info = ws.col_info
        styles = [_xf(info[c].column_format) if c in info else None for c in range(len(numeric))]
        return cls(ws, styles, numeric, first_row)

    def row(self, r: int, n: int, values: tuple[Any, ...], height: float) -> None:
        number = r + 1
        cells = self._cells
        out = [
            f'<row r="{number}" ht="{height:g}" customHeight="1">'
            if height
            else f'<row r="{number}">',
            f'{cells[0][0]}{number}"{cells[0][1]}><v>{n}</v></c>',
        ]
        numeric = self._numeric
        for c, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            head, style = cells[c]
            if numeric[c] or value.__class__ is not str:
                out.append(f'{head}{number}"{style}><v>{value!r}</v></c>')
            else:
                if _XML_SPECIAL.search(value):
                    value = _xml_text(value)
                space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                out.append(
                    f'{head}{number}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'
                )
        out.append("</row>")
        self._buffer.append("".join(out))
        if len(self._buffer) >= 512:
            self._out.write("".join(self._buffer))
            self._buffer.clear()

    def close(self, last_row: int, last_col: int) -> None:
        """Flush, and tell XlsxWriter how far the sheet now reaches."""
        self._out.write("".join(self._buffer))
        self._buffer.clear()
        self._ws._check_dimensions(last_row, last_col)
        # The next row written the usual way must not flush an already written one.
        self._ws.previous_row = max(last_row, self._first)


def _write_row_slowly(
    ws: Any, r: int, n: int, values: tuple[Any, ...], numeric: list[bool], height: float
) -> None:
    """One data row through XlsxWriter's public methods (the fallback)."""
    ws.write_number(r, 0, n)
    for c, value in enumerate(values, 1):
        if value is None or value == "":
            continue
        if numeric[c] or value.__class__ is not str:
            ws.write_number(r, c, value)
        else:
            ws.write_string(r, c, value)
    if height:
        ws.set_row(r, height)


def _write_sheet(
    workbook: Any,
    formats: Formats,
    sheet: Sheet,
    conn: sqlite3.Connection,
    *,
    lang: str,
    title: str,
    notes: str,
    job: Job,
    done: int,
    total: int,
) -> int:
    columns = [SEQ, *sheet.columns]
    last_col = len(columns) - 1
    ws = workbook.add_worksheet(pick(lang, sheet.zh, sheet.en))
    for c, column in enumerate(columns):
        ws.set_column(c, c, column.width, _column_format(formats, column))
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, min(last_col, TITLE_COLUMNS), title, formats.title)
    ws.merge_range(1, 0, 1, min(last_col, TITLE_COLUMNS), notes, formats.note)
    header_row = FIRST_DATA_ROW - 1
    ws.set_row(header_row, 30)
    for c, column in enumerate(columns):
        ws.write_string(header_row, c, column.header(lang), formats.header())

    sums = {c: 0.0 for c, column in enumerate(sheet.columns) if column.total == "sum"}
    # Spreadsheets do not grow a row for wrapped text on their own
    # (LibreOffice never, Excel not always): long texts set the row's height.
    wrapped = [
        (c, column.width - 1.0) for c, column in enumerate(sheet.columns) if column.kind == "wrap"
    ]
    numeric = [column.kind in NUMERIC for column in columns]
    sink = _RowSink.attach(ws, FIRST_DATA_ROW, numeric)
    r = FIRST_DATA_ROW - 1
    n = 0
    with contextlib.closing(rows_ahead(conn, sheet)) as stream:
        for n, row in enumerate(stream, 1):
            r += 1
            height = 0.0
            if wrapped:
                lines = 1
                for c, room in wrapped:
                    text = row[c]
                    if text and (len(text) > room / 2 or "\n" in text):
                        lines = max(lines, text_lines(text, room))
                if lines > 1:
                    # In whole pixels (¾ point), as spreadsheets store heights.
                    height = round((LINE_HEIGHT * min(lines, MAX_LINES) + 3) / 0.75) * 0.75
            if sink is not None:
                sink.row(r, n, row, height)
            else:
                _write_row_slowly(ws, r, n, row, numeric, height)
            if sums:
                for c in sums:
                    sums[c] += row[c] or 0
            if not n % PROGRESS_EVERY:
                job.report(done + n, max(total, done + n))
    if sink is not None:
        sink.close(r, last_col)

    last_row = max(r, FIRST_DATA_ROW)
    if n == 0:
        ws.merge_range(
            FIRST_DATA_ROW,
            0,
            FIRST_DATA_ROW,
            last_col,
            pick(lang, "（本时段无记录）", "(no records in this period)"),
            formats.get(align="center", font_color="#595959"),
        )
    _totals_row(ws, formats, columns, sums, lang, last_row, n)
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    ws.autofilter(header_row, 0, last_row, last_col)
    _print_setup(ws, lang, title, header_row, last_col)
    return n


def _totals_row(
    ws: Any,
    formats: Formats,
    columns: Sequence[Column],
    sums: dict[int, float],
    lang: str,
    last_row: int,
    count: int,
) -> None:
    """A row under the data whose SUBTOTALs follow the autofilter: the
    number of records shown and the sums of the count and amount columns."""
    row = last_row + 1
    first, last = FIRST_DATA_ROW + 1, last_row + 1  # 1-based, for A1 ranges
    total_format = formats.get(bold=True, top=1, bg_color="#F2F2F2")
    ws.write_string(row, 0, pick(lang, "合计", "Total"), total_format)
    for c, column in enumerate(columns[1:], 1):
        letter = _column_letter(c)
        if column.total == "count":
            records = formats.get(
                bold=True,
                top=1,
                bg_color="#F2F2F2",
                num_format=pick(lang, '0"条"', '0" records"'),
                align="left",
            )
            ws.write_formula(
                row, c, f"=SUBTOTAL(103,{letter}{first}:{letter}{last})", records, count
            )
        elif column.total == "sum":
            number = formats.get(
                bold=True,
                top=1,
                bg_color="#F2F2F2",
                num_format="#,##0.00" if column.kind == "money" else "0",
                align="center" if column.kind == "int" else "right",
            )
            value = sums.get(c - 1, 0.0)
            ws.write_formula(
                row,
                c,
                f"=SUBTOTAL(109,{letter}{first}:{letter}{last})",
                number,
                round(value, 2) if column.kind == "money" else int(value),
            )
        else:
            ws.write_blank(row, c, None, total_format)


def _column_letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return str(xl_col_to_name(index))


def _print_setup(ws: Any, lang: str, title: str, header_row: int, last_col: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    ws.repeat_rows(header_row)
    ws.fit_to_pages(1 if last_col <= 20 else 2, 0)
    ws.hide_gridlines(0)  # show and print the gridlines
    ws.center_horizontally()
    safe = title.replace("&", "&&")
    ws.set_header(f"&L&8{safe}", {"margin": 0.3})
    ws.set_footer(pick(lang, "&C&8第 &P 页，共 &N 页", "&C&8Page &P of &N"), {"margin": 0.3})
